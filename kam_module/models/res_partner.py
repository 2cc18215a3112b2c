# Copyright 2026 KAM Module Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

KAM_STATES = [
    ("none", "Not a key account"),
    ("candidate", "Candidate"),
    ("key", "Key account"),
    ("former", "Former key account"),
]
RELATIONSHIP_STAGES = [
    ("exploratory", "Exploratory"),
    ("basic", "Basic"),
    ("cooperative", "Cooperative"),
    ("interdependent", "Interdependent"),
    ("integrated", "Integrated"),
    ("disintegrating", "Disintegrating"),
]
HEALTH = [("green", "Healthy"), ("amber", "At risk"), ("red", "Critical")]

# Designating accounts and assigning their managers is the Head of KAM's call;
# the relationship stage is the judgement of the account's own manager.
HEAD_FIELDS = frozenset({"kam_state", "kam_user_id", "kam_tier_id"})
OWNER_FIELDS = frozenset({"kam_relationship_stage"})


class ResPartner(models.Model):
    _inherit = "res.partner"

    kam_state = fields.Selection(
        KAM_STATES,
        string="Key Account Status",
        default="none",
        required=True,
        copy=False,
        index=True,
        tracking=True,
        groups="base.group_user",
    )
    is_key_account = fields.Boolean(
        compute="_compute_is_key_account",
        store=True,
        groups="base.group_user",
    )
    kam_user_id = fields.Many2one(
        "res.users",
        string="Key Account Manager",
        copy=False,
        index="btree_not_null",
        tracking=True,
        domain=lambda self: self._domain_kam_user_id(),
        groups="base.group_user",
    )
    kam_tier_id = fields.Many2one(
        "kam.tier",
        string="Tier",
        copy=False,
        tracking=True,
        groups="base.group_user",
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
    kam_health = fields.Selection(
        HEALTH,
        string="Health",
        compute="_compute_kam_health",
        store=True,
        groups="base.group_user",
        help="Critical: no Key Account Manager. At risk: overdue activities "
        "on the account.",
    )
    kam_is_head = fields.Boolean(
        compute="_compute_kam_user_rights", groups="base.group_user"
    )
    kam_can_edit_stage = fields.Boolean(
        compute="_compute_kam_user_rights", groups="base.group_user"
    )

    def _domain_kam_user_id(self):
        group = self.env.ref("kam_module.group_kam_manager", raise_if_not_found=False)
        return [("share", "=", False), ("groups_id", "in", group.ids)]

    @api.depends("kam_state")
    def _compute_is_key_account(self):
        for partner in self:
            partner.is_key_account = partner.kam_state == "key"

    @api.depends("kam_state", "kam_user_id", "activity_ids.date_deadline")
    def _compute_kam_health(self):
        today = fields.Date.context_today(self)
        for partner in self:
            if partner.kam_state != "key":
                partner.kam_health = False
            elif not partner.kam_user_id:
                partner.kam_health = "red"
            elif any(d < today for d in partner.activity_ids.mapped("date_deadline")):
                partner.kam_health = "amber"
            else:
                partner.kam_health = "green"

    @api.depends("kam_user_id")
    @api.depends_context("uid")
    def _compute_kam_user_rights(self):
        user = self.env.user
        is_head = user.has_group("kam_module.group_kam_head")
        is_manager = user.has_group("kam_module.group_kam_manager")
        for partner in self:
            partner.kam_is_head = is_head
            partner.kam_can_edit_stage = is_head or (
                is_manager and partner.kam_user_id == user
            )

    @api.constrains("kam_state", "parent_id", "is_company")
    def _check_kam_commercial_entity(self):
        for partner in self:
            if partner.kam_state != "none" and partner.commercial_partner_id != partner:
                raise ValidationError(
                    self.env._(
                        "%(contact)s is a contact of %(company)s: key-account "
                        "status lives on the commercial entity %(company)s.",
                        contact=partner.display_name,
                        company=partner.commercial_partner_id.display_name,
                    )
                )

    @api.constrains("kam_user_id")
    def _check_kam_user_id(self):
        managers = self.env.ref("kam_module.group_kam_manager").users
        for partner in self:
            if partner.kam_user_id and partner.kam_user_id not in managers:
                raise ValidationError(
                    self.env._(
                        "Key Account Manager of %(partner)s: %(user)s is not in "
                        "the Key Account Manager group.",
                        partner=partner.display_name,
                        user=partner.kam_user_id.name,
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._kam_check_field_access({key: val for key, val in vals.items() if val})
        return super().create(vals_list)

    def write(self, vals):
        self._kam_check_field_access(vals)
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_kam_account(self):
        accounts = self.filtered(lambda p: p.kam_state not in ("none", False))
        if accounts:
            raise UserError(
                self.env._(
                    "%(partners)s cannot be deleted: they have a key-account "
                    "history. Archive them instead.",
                    partners=", ".join(accounts.mapped("display_name")),
                )
            )

    def _kam_check_field_access(self, vals):
        """Refuse KAM field changes from users outside the spec's groups.

        Field ``groups`` cannot express this: every internal user must read
        these fields, only some may write them, RPC included.
        """
        touched = (HEAD_FIELDS | OWNER_FIELDS) & vals.keys()
        if not touched or self.env.su:
            return
        user = self.env.user
        if user.has_group("kam_module.group_kam_head"):
            return
        if touched & HEAD_FIELDS:
            raise AccessError(
                self.env._(
                    "Only the Head of KAM can change the key-account status, "
                    "tier or Key Account Manager of a partner."
                )
            )
        if not user.has_group("kam_module.group_kam_manager") or any(
            partner.kam_user_id != user for partner in self
        ):
            raise AccessError(
                self.env._(
                    "Only the account's Key Account Manager or the Head of KAM "
                    "can change its relationship stage."
                )
            )

    def _kam_check_transition(self, group_xmlid, from_states, action_name):
        """Check the user's group, read access and the source state."""
        if not self.env.user.has_group(group_xmlid):
            group = self.env.ref(group_xmlid)
            raise AccessError(
                self.env._(
                    "Only a %(group)s can %(action)s a key account.",
                    group=group.name,
                    action=action_name,
                )
            )
        self.check_access("read")
        contacts = self.filtered(lambda p: p.commercial_partner_id != p)
        if contacts:
            raise UserError(
                self.env._(
                    "Cannot %(action)s %(contact)s: key-account status lives on "
                    "the commercial entity %(company)s, not on its contacts.",
                    action=action_name,
                    contact=contacts[0].display_name,
                    company=contacts[0].commercial_partner_id.display_name,
                )
            )
        wrong = self.filtered(lambda p: p.kam_state not in from_states)
        if wrong:
            states = dict(self._fields["kam_state"]._description_selection(self.env))
            raise UserError(
                self.env._(
                    "Cannot %(action)s %(partner)s: its status is %(state)s, "
                    "expected %(expected)s.",
                    action=action_name,
                    partner=wrong[0].display_name,
                    state=states[wrong[0].kam_state],
                    expected=" or ".join(states[s] for s in from_states),
                )
            )

    def _kam_heads(self):
        """Active Heads of KAM of the partners' companies."""
        heads = self.env.ref("kam_module.group_kam_head").users.filtered(
            lambda u: u.active and not u.share and u != self.env.user
        )
        companies = self.company_id
        if companies:
            heads = heads.filtered(lambda u: companies <= u.company_ids)
        return heads

    def action_kam_nominate(self):
        """Propose accounts as key-account candidates (Key Account Manager)."""
        self._kam_check_transition(
            "kam_module.group_kam_manager", ("none", "former"), self.env._("nominate")
        )
        unowned = self.filtered(lambda p: not p.kam_user_id)
        # Group and state were checked above: the status itself is a Head of
        # KAM field, so the transition is written as superuser.
        (self - unowned).sudo().write({"kam_state": "candidate"})
        unowned.sudo().write({"kam_state": "candidate", "kam_user_id": self.env.uid})
        heads = self._kam_heads()
        for partner in self:
            for head in heads:
                partner.activity_schedule(
                    "kam_module.mail_activity_kam_nomination",
                    user_id=head.id,
                    note=self.env._(
                        "%(user)s nominates this account as a key account.",
                        user=self.env.user.name,
                    ),
                )
        return True

    def action_kam_designate(self):
        """Make candidates key accounts (Head of KAM)."""
        self._kam_check_transition(
            "kam_module.group_kam_head", ("candidate",), self.env._("designate")
        )
        unowned = self.filtered(lambda p: not p.kam_user_id)
        if unowned:
            raise UserError(
                self.env._(
                    "Cannot designate %(partner)s: assign its Key Account Manager "
                    "first.",
                    partner=unowned[0].display_name,
                )
            )
        self.write({"kam_state": "key"})
        for partner in self:
            partner.message_subscribe(partner_ids=partner.kam_user_id.partner_id.ids)
        self.activity_feedback(
            ["kam_module.mail_activity_kam_nomination"],
            feedback=self.env._("Designated as key account."),
        )
        return True

    def action_kam_decline(self):
        """Turn a candidate down (Head of KAM)."""
        self._kam_check_transition(
            "kam_module.group_kam_head", ("candidate",), self.env._("decline")
        )
        self.write({"kam_state": "none"})
        self.activity_feedback(
            ["kam_module.mail_activity_kam_nomination"],
            feedback=self.env._("Nomination declined."),
        )
        return True

    def action_kam_revoke(self):
        """Open the wizard that revokes key accounts with a reason (Head of KAM)."""
        self._kam_check_transition(
            "kam_module.group_kam_head", ("key",), self.env._("revoke")
        )
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Revoke Key Account"),
            "res_model": "kam.revoke.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_partner_ids": self.ids},
        }

    def _kam_revoke(self, reason):
        """Key accounts become former ones; the reason is kept in the chatter."""
        self._kam_check_transition(
            "kam_module.group_kam_head", ("key",), self.env._("revoke")
        )
        self.write({"kam_state": "former"})
        for partner in self:
            partner.message_post(
                body=self.env._("Key-account status revoked. Reason: %s", reason),
                subtype_xmlid="mail.mt_note",
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

    @api.model
    def _cron_kam_update_health(self):
        """Health depends on today's date through overdue activities."""
        accounts = self.search([("kam_state", "=", "key")])
        self.env.add_to_compute(self._fields["kam_health"], accounts)
        accounts.flush_recordset(["kam_health"])
