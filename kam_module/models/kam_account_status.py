# Copyright 2026 KAM Module Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

KAM_STATES = [
    ("none", "Not a key account"),
    ("candidate", "Candidate"),
    ("key", "Key account"),
    ("former", "Former key account"),
]
# Designating accounts and assigning their managers is the Head of KAM's call;
# the relationship stage is the judgement of the account's own manager.
HEAD_FIELDS = frozenset({"kam_user_id", "kam_tier_id", "kam_tier_manual"})
OWNER_FIELDS = frozenset({"kam_relationship_stage"})
ROLE_FIELDS = HEAD_FIELDS | OWNER_FIELDS


class KamAccountStatus(models.AbstractModel):
    """The key-account workflow of a commercial partner: a Key Account
    Manager nominates, the Head of KAM designates, declines or revokes.

    The status is written here only, as superuser once the user's group,
    access and the source status are checked: the partner refuses it from
    anyone else.
    """

    _name = "kam.account.status"
    _inherit = ["mail.thread", "kam.field.guard", "kam.heads.todo"]
    _description = "Key-Account Status Workflow"
    # Computed and engine fields of the partner's KAM part are derived by the
    # guard; the status is the one its workflow changes.
    _kam_workflow_fields = frozenset({"kam_state"})
    _kam_heads_activity = "kam_module.mail_activity_kam_nomination"

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
    # The nomination's trace is for the KAM users: everyone else reads the
    # status, tier, manager and health only.
    kam_nominated_by_id = fields.Many2one(
        "res.users",
        string="Nominated By",
        copy=False,
        readonly=True,
        groups="kam_module.group_kam_user",
    )
    # What a nomination replaced, restored when it is declined.
    kam_prior_state = fields.Selection(
        KAM_STATES,
        string="Status Before Nomination",
        copy=False,
        readonly=True,
        groups="kam_module.group_kam_user",
    )
    kam_prior_user_id = fields.Many2one(
        "res.users",
        string="Manager Before Nomination",
        copy=False,
        readonly=True,
        groups="kam_module.group_kam_user",
    )

    def _domain_kam_user_id(self):
        group = self.env.ref("kam_module.group_kam_manager", raise_if_not_found=False)
        return [("share", "=", False), ("groups_id", "in", group.ids)]

    @api.depends("kam_state")
    def _compute_is_key_account(self):
        for partner in self:
            partner.is_key_account = partner.kam_state == "key"

    def _kam_guard_hint(self, names):
        if "kam_state" in names:
            return self.env._(
                "The key-account status changes only through the workflow: "
                "nominate, designate, decline or revoke."
            )
        return super()._kam_guard_hint(names)

    def _kam_check_access(self, names):
        """Refuse the KAM field values that the spec's roles may not set.

        Field ``groups`` cannot express this: every internal user must read
        these fields, only some may write them. What nobody writes, the
        field guard refuses.
        """
        names = set(names) & ROLE_FIELDS
        if not names:
            return
        self._kam_check_company()
        user = self.env.user
        if user.has_group("kam_module.group_kam_head"):
            return
        if names & HEAD_FIELDS:
            raise AccessError(
                self.env._(
                    "Only the Head of KAM can change the tier or the Key Account "
                    "Manager of a partner."
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
        """Check the user's group (a superuser passes), read access and the
        source status."""
        if not self.env.su and not self.env.user.has_group(group_xmlid):
            raise AccessError(
                self.env._(
                    "Only a %(group)s can %(action)s a key account.",
                    group=self.env.ref(group_xmlid).name,
                    action=action_name,
                )
            )
        self.check_access("read")
        self._kam_check_company()
        for partner in self:
            if partner.commercial_partner_id != partner:
                partner._kam_refuse(
                    action_name,
                    self.env._(
                        "key-account status lives on the commercial entity %s, "
                        "not on its contacts.",
                        partner.commercial_partner_id.display_name,
                    ),
                )
        self._kam_check_source_state("kam_state", from_states, action_name)

    def _kam_company(self):
        """The company whose KAM the partner is in: its own, or the main
        company for a partner shared by all companies."""
        return self.env["kam.score.engine"]._scoring_company(self.company_id)

    def _kam_check_company(self):
        """A shared partner's key-account status, scores and manager belong
        to the main company: users of other companies see them, like
        everyone, but do not change them."""
        if self.env.su:
            return
        foreign = self.filtered(
            lambda p: p._kam_company() not in self.env.user.company_ids
        )
        if foreign:
            raise AccessError(
                self.env._(
                    "%(partner)s is shared by all companies: its key-account "
                    "status belongs to %(company)s.",
                    partner=foreign[0].display_name,
                    company=foreign[0]._kam_company().sudo().name,
                )
            )

    def _kam_refuse(self, action_name, reason):
        raise UserError(
            self.env._(
                "Cannot %(action)s %(partner)s: %(reason)s",
                action=action_name,
                partner=self.display_name,
                reason=reason,
            )
        )

    def _kam_heads_account(self):
        return self

    def _kam_heads(self):
        """Active Heads of KAM of the partners' companies."""
        heads = self.env.ref("kam_module.group_kam_head").users.filtered(
            lambda u: u.active and not u.share and u != self.env.user
        )
        companies = self.env["res.company"].union(*(p._kam_company() for p in self))
        return heads.filtered(lambda u: companies <= u.company_ids)

    def action_kam_nominate(self):
        """Propose accounts as key-account candidates (Key Account Manager).

        An account without a manager gets the nominator as its manager.
        """
        self._kam_check_transition(
            "kam_module.group_kam_manager", ("none", "former"), self.env._("nominate")
        )
        self._kam_check_not_a_company()
        user = self.env.user
        for partner in self:
            partner.sudo().write(
                {
                    "kam_state": "candidate",
                    "kam_nominated_by_id": user.id,
                    "kam_prior_state": partner.kam_state,
                    "kam_prior_user_id": partner.kam_user_id.id,
                    "kam_user_id": (partner.kam_user_id or user).id,
                }
            )
        self._kam_ask_heads(
            lambda partner: self.env._(
                "%(user)s nominates this account as a key account.", user=user.name
            )
        )
        return True

    def _kam_check_not_a_company(self):
        """Our own companies are not customers."""
        company = (
            self.env["res.company"]
            .sudo()
            .search([("partner_id", "in", self.ids)], limit=1)
        )
        if company:
            raise UserError(
                self.env._(
                    "Cannot nominate %(partner)s: it is the company %(company)s "
                    "itself; key accounts are customers.",
                    partner=company.partner_id.display_name,
                    company=company.name,
                )
            )

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
        self.sudo().write({"kam_state": "key"})
        for partner in self:
            partner.message_subscribe(partner_ids=partner.kam_user_id.partner_id.ids)
        self._kam_close_asks(self.env._("Designated as key account."))
        return True

    def action_kam_decline(self):
        """Turn a candidate down (Head of KAM): the status and the manager
        return to what they were before the nomination."""
        self._kam_check_transition(
            "kam_module.group_kam_head", ("candidate",), self.env._("decline")
        )
        for partner in self:
            partner.sudo().write(
                {
                    "kam_state": partner.kam_prior_state or "none",
                    "kam_user_id": partner.kam_prior_user_id.id,
                }
            )
        self._kam_close_asks(self.env._("Nomination declined."))
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
        self.sudo().write({"kam_state": "former"})
        for partner in self:
            partner.message_post(
                body=self.env._("Key-account status revoked. Reason: %s", reason),
                subtype_xmlid="mail.mt_note",
            )

    @api.model
    def _kam_status_rank(self, state):
        """How far along the workflow a status is, to keep the furthest one
        when partners are merged."""
        return ["none", "former", "candidate", "key"].index(state)
