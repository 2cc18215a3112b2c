# Copyright 2026 KAM Module Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

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
HEALTH = [("green", "Healthy"), ("amber", "At risk"), ("red", "Critical")]
# The cadence of an account without a tier, or of a tier without one.
DEFAULT_REVIEW_MONTHS = 3
# A review overdue for longer makes the account critical.
REVIEW_GRACE_DAYS = 30
QUADRANTS = [
    ("strategic", "Strategic: invest"),
    ("development", "Development: build the relationship"),
    ("maintenance", "Maintenance: serve efficiently"),
    ("streamline", "Streamline: reduce the cost to serve"),
]


class ResPartner(models.Model):
    _name = "res.partner"
    _inherit = [
        "res.partner",
        "kam.account.status",
        "kam.account.team",
        "kam.account.coverage",
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

    kam_tier_id = fields.Many2one(
        "kam.tier",
        string="Tier",
        copy=False,
        tracking=True,
        groups="base.group_user",
    )
    kam_tier_manual = fields.Boolean(
        string="Tier Set by Hand",
        copy=False,
        tracking=True,
        groups="base.group_user",
        help="Keep the tier chosen by the Head of KAM instead of the one of the score.",
    )
    kam_score = fields.Float(
        string="Score",
        readonly=True,
        copy=False,
        digits=(5, 2),
        aggregator="avg",
        groups="kam_module.group_kam_manager",
        help="Weighted average of the normalized criterion scores, 0 to 100.",
    )
    kam_rank = fields.Integer(
        string="Rank",
        readonly=True,
        copy=False,
        aggregator=None,
        groups="kam_module.group_kam_manager",
        help="1 is the best score among the scored accounts of the company.",
    )
    kam_attractiveness = fields.Float(
        string="Attractiveness",
        readonly=True,
        copy=False,
        digits=(5, 2),
        aggregator="avg",
        groups="kam_module.group_kam_manager",
        help="Weighted score of the value, growth and fit criteria.",
    )
    kam_relationship_strength = fields.Float(
        string="Relationship Strength",
        readonly=True,
        copy=False,
        digits=(5, 2),
        aggregator="avg",
        groups="kam_module.group_kam_manager",
        help="Weighted score of the relationship criteria.",
    )
    kam_portfolio_quadrant = fields.Selection(
        QUADRANTS,
        string="Portfolio Quadrant",
        readonly=True,
        copy=False,
        groups="kam_module.group_kam_manager",
        help="Attractiveness against relationship strength, each split at 50. "
        "Empty while the account is not scored.",
    )
    kam_ranks_pending = fields.Boolean(
        compute="_compute_kam_ranks_pending", groups="kam_module.group_kam_manager"
    )
    kam_score_line_ids = fields.One2many(
        "kam.score.line",
        "partner_id",
        string="Score Breakdown",
        domain=[("criterion_id.active", "=", True)],
        groups="kam_module.group_kam_user",
    )
    kam_score_history_ids = fields.One2many(
        "kam.score.history",
        "partner_id",
        string="Score History",
        groups="kam_module.group_kam_user",
    )
    kam_plan_ids = fields.One2many(
        "kam.plan",
        "partner_id",
        string="Account Plans",
        groups="kam_module.group_kam_user",
    )
    kam_plan_count = fields.Integer(
        compute="_compute_kam_plan_count", groups="kam_module.group_kam_user"
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
    kam_next_review_date = fields.Date(
        string="Next Review",
        compute="_compute_kam_next_review_date",
        store=True,
        groups="kam_module.group_kam_user",
        help="The date of the account's next planned review.",
    )
    kam_health = fields.Selection(
        HEALTH,
        string="Health",
        compute="_compute_kam_health",
        store=True,
        tracking=True,
        groups="base.group_user",
        help="Critical: no Key Account Manager, the latest review judged it "
        "critical, a review overdue by more than 30 days, an approved plan both "
        "stale and incomplete, or three coverage gaps or more. At risk: the "
        "latest review judged it at risk, an overdue review, overdue plan "
        "actions, no approved plan or a stale or incomplete one, a coverage gap, "
        "or overdue activities on the account. Healthy otherwise.",
    )
    # What the reviews and plans say: for the KAM users, not for everyone who
    # sees the health.
    kam_health_reasons = fields.Text(
        string="Health Reasons",
        compute="_compute_kam_health",
        store=True,
        groups="kam_module.group_kam_user",
    )
    kam_is_head = fields.Boolean(
        compute="_compute_kam_user_rights", groups="base.group_user"
    )
    kam_can_manage = fields.Boolean(
        compute="_compute_kam_user_rights",
        groups="base.group_user",
        help="The current user runs the account: its Key Account Manager or a "
        "Head of KAM. They set its relationship stage, judgements and team.",
    )

    @api.depends("kam_review_ids.state", "kam_review_ids.date")
    def _compute_kam_next_review_date(self):
        planned = dict(
            self.env["kam.review"]
            .sudo()
            ._read_group(
                [("partner_id", "in", self._origin.ids), ("state", "=", "planned")],
                ["partner_id"],
                ["date:min"],
            )
        )
        for partner in self:
            partner.kam_next_review_date = planned.get(partner._origin)

    @api.depends(
        "kam_state",
        "kam_user_id",
        "activity_ids.date_deadline",
        "kam_plan_ids.state",
        "kam_plan_ids.health",
        "kam_plan_ids.action_ids.state",
        "kam_plan_ids.action_ids.deadline",
        "kam_review_ids.state",
        "kam_review_ids.date",
        "kam_review_ids.health",
        "kam_gap_count",
    )
    def _compute_kam_health(self):
        """The rule of the README, with its reasons: the worst finding of the
        manager, the latest review, overdue reviews and plan actions, the
        approved plan, coverage gaps and overdue activities."""
        keys = self.filtered(lambda p: p.kam_state == "key")
        (self - keys).update({"kam_health": False, "kam_health_reasons": False})
        facts = keys._kam_health_facts()
        for partner in keys:
            findings = partner._kam_health_findings(facts)
            partner.kam_health = (
                "red" if findings["red"] else "amber" if findings["amber"] else "green"
            )
            partner.kam_health_reasons = "\n".join(findings["red"] + findings["amber"])

    def _kam_health_facts(self):
        """What health reads beyond the partner, for all of ``self`` in a
        few queries: {fact: {partner id: value}}."""
        today = fields.Date.context_today(self)
        ids = self._origin.ids
        Review = self.env["kam.review"].sudo()
        latest = {}
        for review in Review.search_fetch(
            [("partner_id", "in", ids), ("state", "=", "done")],
            ["partner_id", "health", "name", "date"],
            order="date desc, id desc",
        ):
            latest.setdefault(review.partner_id.id, review)
        overdue = Review._read_group(
            [("partner_id", "in", ids), ("is_overdue", "=", True)],
            ["partner_id"],
            ["date:min", "__count"],
        )
        actions = (
            self.env["kam.plan.action"]
            .sudo()
            ._read_group(
                [
                    ("partner_id", "in", ids),
                    ("plan_id.state", "=", "approved"),
                    ("deadline", "<", today),
                    ("state", "in", ("todo", "in_progress")),
                ],
                ["partner_id"],
                ["__count"],
            )
        )
        return {
            "latest_review": latest,
            "overdue_reviews": {p.id: (d, n) for p, d, n in overdue},
            "overdue_actions": {p.id: n for p, n in actions},
            "today": today,
        }

    def _kam_health_findings(self, facts):
        """{'red': [reasons], 'amber': [reasons]} of one account."""
        origin = self._origin.id
        today = facts["today"]
        red, amber = [], []
        if not self.kam_user_id:
            red.append(self.env._("No Key Account Manager."))
        review = facts["latest_review"].get(origin)
        if review and review.health in ("red", "amber"):
            (red if review.health == "red" else amber).append(
                self.env._(
                    "The latest review, %(review)s of %(date)s, judged it %(health)s.",
                    review=review.name,
                    date=review.date,
                    health=dict(HEALTH)[review.health].lower(),
                )
            )
        if origin in facts["overdue_reviews"]:
            since, count = facts["overdue_reviews"][origin]
            days = (today - since).days
            (red if days > REVIEW_GRACE_DAYS else amber).append(
                self.env._(
                    "%(count)s review(s) overdue, the oldest by %(days)s days.",
                    count=count,
                    days=days,
                )
            )
        if origin in facts["overdue_actions"]:
            amber.append(
                self.env._(
                    "%s plan action(s) overdue.", facts["overdue_actions"][origin]
                )
            )
        plan = self.kam_plan_ids.filtered(lambda p: p.state == "approved")[:1]
        if not plan:
            amber.append(self.env._("No approved plan."))
        elif plan.health != "green":
            (red if plan.health == "red" else amber).append(
                self.env._(
                    "The approved plan is %s.",
                    self.env._("stale and incomplete")
                    if plan.health == "red"
                    else self.env._("stale or incomplete"),
                )
            )
        if self.kam_gap_count:
            (red if self.kam_gap_count >= 3 else amber).append(
                self.env._("%s coverage gap(s).", self.kam_gap_count)
            )
        if any(d < today for d in self.activity_ids.mapped("date_deadline")):
            amber.append(self.env._("Overdue activities."))
        return {"red": red, "amber": amber}

    def _compute_kam_plan_count(self):
        counts = dict(
            self.env["kam.plan"]._read_group(
                [("partner_id", "in", self.ids)], ["partner_id"], ["__count"]
            )
        )
        for partner in self:
            partner.kam_plan_count = counts.get(partner, 0)

    def _compute_kam_ranks_pending(self):
        self.kam_ranks_pending = self.env["kam.score.engine"]._ranks_pending()

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

    def action_kam_open_reviews(self):
        return self._kam_records_action(
            "kam_module.kam_review_action", self.env._("Reviews: %s")
        )

    def _kam_review_interval(self):
        """Months between the account's formal reviews: its tier's cadence
        (the default one for no account yet, as on a new plan)."""
        return self.kam_tier_id.review_interval_months or DEFAULT_REVIEW_MONTHS

    def action_kam_open_plans(self):
        return self._kam_records_action(
            "kam_module.kam_plan_action", self.env._("Plans: %s")
        )

    def action_kam_open_score_trend(self):
        return self._kam_records_action(
            "kam_module.kam_score_history_action", self.env._("Score Trend: %s")
        )

    def action_kam_rescore(self):
        """Rescore the selected accounts now (Key Account Manager)."""
        if not self.env.su and not self.env.user.has_group(
            "kam_module.group_kam_manager"
        ):
            raise AccessError(
                self.env._("Only a Key Account Manager can rescore accounts.")
            )
        self.check_access("write")
        self._kam_check_company()
        accounts = self.filtered(lambda p: p.commercial_partner_id == p)
        # Access was checked above; scores must not depend on who rescores.
        out_of_scope = self.env["kam.score.engine"]._rescore_accounts(accounts)
        return self._kam_rescored_notification(accounts - out_of_scope, out_of_scope)

    def _kam_rescored_notification(self, scored, out_of_scope):
        lines = []
        if len(scored) > 1:
            lines.append(self.env._("%s accounts rescored.", len(scored)))
        if len(scored) == 1 and not scored.kam_portfolio_quadrant:
            lines.append(
                self.env._(
                    "%s is not scored yet: no criterion has a value for it. "
                    "Enter the judgements on its Score tab.",
                    scored.name,
                )
            )
        if len(scored) == 1 and scored.kam_portfolio_quadrant:
            lines.append(
                self.env._(
                    "%(account)s: score %(score).2f, tier %(tier)s.",
                    account=scored.name,
                    score=scored.kam_score,
                    tier=scored.kam_tier_id.name or self.env._("none"),
                )
            )
        if out_of_scope:
            names = ", ".join(out_of_scope.mapped("display_name"))
            lines.append(
                self.env._("Not in the scoring scope of the settings: %s.", names)
            )
        if scored.filtered("kam_portfolio_quadrant"):
            lines.append(self.env._("Ranks are being updated in the background."))
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "title": self.env._("Rescored"),
                "message": " ".join(lines),
                "type": "warning" if out_of_scope else "success",
                "next": {"type": "ir.actions.client", "tag": "soft_reload"},
            },
        }

    @api.model
    def _cron_kam_update_health(self):
        """Health depends on today's date through overdue activities."""
        accounts = self.search([("kam_state", "=", "key")])
        self.env.add_to_compute(self._fields["kam_health"], accounts)
        accounts.flush_recordset(["kam_health"])
