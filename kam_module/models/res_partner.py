# Copyright 2026 KAM Module Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import SQL

from ..scoring_math import pg_array
from .kam_account_status import ROLE_FIELDS
from .kam_score_line import JUDGED

RELATIONSHIP_STAGES = [
    ("exploratory", "Exploratory"),
    ("basic", "Basic"),
    ("cooperative", "Cooperative"),
    ("interdependent", "Interdependent"),
    ("integrated", "Integrated"),
    ("disintegrating", "Disintegrating"),
]


class ResPartner(models.Model):
    _name = "res.partner"
    _inherit = [
        "res.partner",
        "kam.account.status",
        "kam.account.team",
        "kam.account.coverage",
        "kam.account.health",
        "kam.account.score",
        "kam.account.revenue",
        "kam.account.access",
    ]

    # Related fields copy the tracking of their source: the account tracks it.
    kam_account_state = fields.Selection(
        related="commercial_partner_id.kam_state",
        string="Account Status",
        tracking=False,
        groups="base.group_user",
    )
    kam_account_user_id = fields.Many2one(
        related="commercial_partner_id.kam_user_id",
        string="Account Manager",
        tracking=False,
        groups="base.group_user",
    )

    kam_plan_ids = fields.One2many(
        "kam.plan",
        "partner_id",
        string="Account Plans",
        groups="kam_module.group_kam_user",
    )
    kam_plan_count = fields.Integer(
        string="Plans",
        compute="_compute_kam_plan_count",
        groups="kam_module.group_kam_user",
    )
    kam_relationship_stage = fields.Selection(
        RELATIONSHIP_STAGES,
        string="Relationship Stage",
        copy=False,
        tracking=True,
        groups="base.group_user",
        help="Stage of the relationship in the McDonald-Rogers relational "
        "development model.",
    )
    kam_review_ids = fields.One2many(
        "kam.review",
        "partner_id",
        string="Reviews",
        groups="kam_module.group_kam_user",
    )
    kam_is_head = fields.Boolean(
        string="I Am a Head of KAM",
        compute="_compute_kam_user_rights",
        groups="base.group_user",
    )
    kam_can_manage = fields.Boolean(
        string="I Run It",
        compute="_compute_kam_user_rights",
        groups="base.group_user",
        help="The current user runs the account: its Key Account Manager or a "
        "Head of KAM. They set its relationship stage, judgements and team.",
    )

    def _kam_families(self):
        """{account id: ids of the account, its contacts and its child
        companies, archived ones included}: whose records count for it. One
        query, which descends from the accounts."""
        self.flush_model(["parent_id"])
        self.env.cr.execute(
            SQL(
                """
                WITH RECURSIVE family(account, member) AS (
                    SELECT id, id FROM res_partner WHERE id = ANY(%s::int[])
                     UNION
                    SELECT family.account, child.id
                      FROM family
                      JOIN res_partner child ON child.parent_id = family.member
                )
                SELECT account, member FROM family ORDER BY member
                """,
                pg_array(self.ids),
            )
        )
        families = {account.id: [] for account in self}
        for account, member in self.env.cr.fetchall():
            families[account].append(member)
        return families

    def _compute_kam_plan_count(self):
        counts = dict(
            self.env["kam.plan"]._read_group(
                [("partner_id", "in", self.ids)], ["partner_id"], ["__count"]
            )
        )
        for partner in self:
            partner.kam_plan_count = counts.get(partner, 0)

    @api.depends("kam_user_id")
    @api.depends_context("uid")
    def _compute_kam_user_rights(self):
        user = self.env.user
        is_head = user.has_group("kam_module.group_kam_head")
        is_manager = user.has_group("kam_module.group_kam_manager")
        for partner in self:
            partner.kam_is_head = is_head
            partner.kam_can_manage = is_head or (
                is_manager and partner.kam_user_id == user
            )

    @api.constrains(
        "kam_state",
        "kam_user_id",
        "kam_tier_id",
        "kam_relationship_stage",
        "parent_id",
        "is_company",
    )
    def _check_kam_commercial_entity(self):
        for partner in self:
            if partner.commercial_partner_id != partner and (
                partner.kam_state != "none"
                or partner.kam_user_id
                or partner.kam_tier_id
                or partner.kam_relationship_stage
            ):
                raise ValidationError(
                    self.env._(
                        "%(contact)s is a contact of %(company)s: key-account "
                        "status lives on the commercial entity %(company)s.",
                        contact=partner.display_name,
                        company=partner.commercial_partner_id.display_name,
                    )
                )

    @api.constrains("kam_user_id", "kam_tier_id", "company_id")
    def _check_kam_manager_and_tier(self):
        """The manager and the tier belong to the account's KAM company."""
        managers = self.env.ref("kam_module.group_kam_manager").users
        for partner in self:
            company = partner._kam_company()
            tier = partner.kam_tier_id
            if tier and tier.company_id != company:
                raise ValidationError(
                    self.env._(
                        "Tier of %(partner)s: %(tier)s is a tier of %(company)s.",
                        partner=partner.display_name,
                        tier=tier.name,
                        company=tier.company_id.name,
                    )
                )
            user = partner.kam_user_id
            if not user:
                continue
            if user not in managers:
                reason = self.env._("not in the Key Account Manager group")
            elif company not in user.company_ids:
                reason = self.env._("not a user of %s", company.name)
            else:
                continue
            raise ValidationError(
                self.env._(
                    "Key Account Manager of %(partner)s: %(user)s is %(reason)s.",
                    partner=partner.display_name,
                    user=user.name,
                    reason=reason,
                )
            )

    @api.model_create_multi
    def create(self, vals_list):
        partners = super().create(vals_list)
        if not self.env.su:
            # The values as created, whatever set them: the call, a context
            # default, a user's saved default.
            for partner in partners.sudo():
                partner.with_env(self.env)._kam_check_access(
                    {name for name in ROLE_FIELDS if partner[name]}
                )
        if self.env.context.get("kam_nominate"):
            # Created in the Key Accounts app: a new account is a candidate.
            partners.filtered(
                lambda p: p.commercial_partner_id == p
            ).action_kam_nominate()
        return partners

    def write(self, vals):
        if not self.env.su:
            self._kam_check_access(self._kam_changed(vals, ROLE_FIELDS))
            if "kam_score_line_ids" in vals:
                self._kam_check_scored()
        if "kam_tier_id" in vals and "kam_tier_manual" not in vals:
            vals = dict(vals, kam_tier_manual=bool(vals["kam_tier_id"]))
        result = super().write(vals)
        if {"kam_state", "kam_tier_id", "kam_user_id"} & vals.keys():
            # Designation, revocation, a new tier or manager: the cadence
            # follows now rather than at night.
            self.env["kam.review"]._kam_schedule(
                self.filtered(lambda p: p.commercial_partner_id == p)
            )
        return result

    @api.ondelete(at_uninstall=False)
    def _unlink_except_kam_account(self):
        accounts = self._kam_with_history()
        if accounts:
            raise UserError(
                self.env._(
                    "%(partners)s cannot be deleted: they have a key-account "
                    "history, judgements, a team, plans or a stakeholder card. Archive "
                    "them instead.",
                    partners=", ".join(accounts.mapped("display_name")),
                )
            )

    @api.model
    def _kam_columns(self):
        """The partner's KAM columns: every stored field of this module."""
        return [
            name
            for name, field in self._fields.items()
            if "kam_module" in (field._modules or ())
            and field.store
            and field.column_type
        ]

    def _kam_with_history(self):
        """The partners that are or were candidates or key accounts, hold
        judgements or account records (team, plans): what must never be
        lost."""
        Line = self.env["kam.score.line"].sudo()
        kept = Line.search([("partner_id", "in", self.ids)] + JUDGED).partner_id
        for model in self.env["kam.account.mixin"]._kam_models():
            records = model.sudo().with_context(active_test=False)
            kept |= records.search([("partner_id", "in", self.ids)]).partner_id
        Stakeholder = self.env["kam.stakeholder"].sudo()
        kept |= Stakeholder.search([("contact_id", "in", self.ids)]).contact_id
        return self.sudo().filtered(
            lambda p: p.kam_state != "none" or p.kam_nominated_by_id or p in kept
        )

    def _kam_check_scored(self):
        contacts = self.filtered(lambda p: p.commercial_partner_id != p)
        if contacts:
            raise UserError(
                self.env._(
                    "%(contact)s is a contact of %(company)s: contacts are never "
                    "scored, their company is.",
                    contact=contacts[0].display_name,
                    company=contacts[0].commercial_partner_id.display_name,
                )
            )

    def action_kam_open(self):
        """Show the account in the Key Accounts app."""
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "kam_module.res_partner_action_kam"
        )
        form = self.env.ref("kam_module.res_partner_view_form_kam")
        action.update(res_id=self.id, view_mode="form", views=[(form.id, "form")])
        return action

    def action_kam_open_stakeholders(self):
        return self._kam_records_action(
            "kam_module.kam_stakeholder_action", self.env._("Stakeholders: %s")
        )

    def action_kam_open_power_map(self):
        self.ensure_one()
        action = self.env["ir.actions.actions"]._for_xml_id(
            "kam_module.kam_stakeholder_power_map_action"
        )
        action["name"] = self.env._("Power Map: %s", self.display_name)
        action["context"] = {"active_id": self.id}
        return action

    def action_kam_open_whitespace(self):
        self.ensure_one()
        return {
            "type": "ir.actions.client",
            "tag": "kam_whitespace",
            "name": self.env._("Whitespace: %s", self.display_name),
            "params": {"account_id": self.id},
            # what the web client keeps in the URL, for a reload
            "context": {"active_id": self.id},
        }

    def action_kam_open_reviews(self):
        return self._kam_records_action(
            "kam_module.kam_review_action", self.env._("Reviews: %s")
        )

    def action_kam_open_plans(self):
        return self._kam_records_action(
            "kam_module.kam_plan_action", self.env._("Plans: %s")
        )

    def action_kam_open_score_trend(self):
        return self._kam_records_action(
            "kam_module.kam_score_history_action", self.env._("Score Trend: %s")
        )
