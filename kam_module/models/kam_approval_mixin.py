# Copyright 2026 KAM Module Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import SUPERUSER_ID, Command, api, fields, models
from odoo.exceptions import AccessError, UserError


class KamApprovalMixin(models.AbstractModel):
    """A document that changes state only through its actions, is approved
    by someone other than the people behind it (four eyes), and whose content
    is locked once submitted.

    Models set the class attributes below and call ``_kam_transition`` and
    ``_kam_check_four_eyes`` from their actions, which then write the
    workflow fields as superuser.
    """

    _name = "kam.approval.mixin"
    _inherit = ["kam.field.guard", "kam.heads.todo"]
    _description = "Four-Eyes Approval"

    # Written by the actions only (with every readonly field of the document).
    _kam_workflow_fields = frozenset({"state"})
    # States whose content is locked, and what may still change in them.
    _kam_locked_states = ()
    _kam_unlocked_fields = frozenset()
    # The people behind a document, who never approve it.
    _kam_author_fields = ()
    _kam_approver_group = "kam_module.group_kam_head"
    # Who may run each action, by the account policy (``_kam_may``):
    # "manage", the account's manager or a Head of KAM; "edit", also its
    # current core members whose level in the model's area is edit.
    # Deciding (approve, reject, sign off) is the four-eyes check's.
    _kam_action_rights = {}

    kam_involved_user_ids = fields.Many2many(
        "res.users",
        string="People Behind It",
        readonly=True,
        copy=False,
        help="Who submitted it and who managed its account from then until the "
        "decision: none of them decides it.",
    )
    kam_may_decide = fields.Boolean(
        string="Awaiting My Decision",
        compute="_compute_kam_may_decide",
        search="_search_kam_may_decide",
        help="It waits for a decision the current user may take: a Head of KAM "
        "of its company who is none of the people behind it.",
    )

    @api.depends_context("uid")
    def _compute_kam_may_decide(self):
        deciding = self.filtered_domain(self._kam_decision_domain())
        for record in self:
            record.kam_may_decide = record in deciding

    def _search_kam_may_decide(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise UserError(self.env._("Search it with = True or = False."))
        domain = self._kam_decision_domain()
        return domain if (operator == "=") == value else ["!", *domain]

    @api.model
    def _kam_pending_domain(self):
        """The documents waiting for a decision."""
        return [("state", "=", "submitted")]

    @api.model
    def _kam_decision_domain(self):
        """What the current user may decide: pending documents of their
        companies (their own, not the context's) of which they are none of
        the people behind."""
        user = self.env.user
        if not user.has_group(self._kam_approver_group):
            return [(0, "=", 1)]
        return [
            *self._kam_pending_domain(),
            ("company_id", "in", user._get_company_ids()),
            ("kam_involved_user_ids", "not in", user.ids),
            *[(name, "!=", user.id) for name in self._kam_author_fields],
        ]

    def _kam_behind(self):
        """The people behind this document, who never decide it."""
        self.ensure_one()
        users = self.kam_involved_user_ids
        for name in self._kam_author_fields:
            users |= self[name]
        return users

    def _kam_ask_heads(self, note, passed_over=None):
        """The Heads behind a document get no to-do: they may not decide."""
        return super()._kam_ask_heads(
            note, passed_over or (lambda record: record._kam_behind())
        )

    def _kam_involve(self, users):
        """Record ``users`` among the people behind these documents."""
        self.sudo().write(
            {"kam_involved_user_ids": [Command.link(user.id) for user in users]}
        )

    @api.model
    def _kam_involve_managers(self, accounts):
        """A new manager of an account is behind its pending documents: four
        eyes hold over a change of manager and back."""
        for name in self.env.registry.descendants([self._name], "_inherit"):
            Model = self.env[name].sudo()
            if Model._abstract:
                continue
            pending = Model.search(
                [("partner_id", "in", accounts.ids), *Model._kam_pending_domain()]
            )
            for manager, documents in pending.grouped("kam_user_id").items():
                documents._kam_involve(manager)

    def _kam_check_action(self, action):
        """Refuse ``action`` (a method name of ``_kam_action_rights``) to who
        may not run it."""
        if self.env.su:
            return
        right = self._kam_action_rights[action]
        refused = self - self._kam_may(right)
        if refused:
            # Outside the translated call: its extraction cannot read f-strings.
            area = (
                self.env["kam.team.member"]
                ._fields[f"{self._kam_access_area}_access"]
                ._description_string(self.env)
            )
            who = {
                "manage": self.env._(
                    "the account's Key Account Manager or a Head of KAM"
                ),
                "edit": self.env._(
                    "the account's core members who edit its %s, its Key Account "
                    "Manager or a Head of KAM",
                    area.lower(),
                ),
            }[right]
            raise AccessError(
                self.env._(
                    "%(document)s: only %(who)s may do this.",
                    document=refused[0].display_name,
                    who=who,
                )
            )

    def _kam_check_write(self, vals):
        result = super()._kam_check_write(vals)
        # The chatter, followers and activities stay open; the lines' own
        # rules judge the one2many commands (an approved plan takes progress).
        self._kam_check_unlocked(
            {
                name
                for name in set(vals) - self._kam_unlocked_fields
                if not name.startswith(("message_", "activity_"))
                and self._fields[name].type != "one2many"
            }
        )
        return result

    def _kam_guard_hint(self, names):
        return self.env._(
            "The status and approvals of %s change only through its buttons.",
            self._description,
        )

    def _kam_check_unlocked(self, content):
        """Refuse changes of ``content`` while a document is locked."""
        if not content:
            return
        for record in self:
            reason = record._kam_lock_reason()
            if reason:
                raise UserError(
                    self.env._(
                        "%(document)s is %(state)s: its content is locked. %(hint)s",
                        document=record.display_name,
                        state=reason,
                        hint=record._kam_unlock_hint(),
                    )
                )

    def _kam_lock_reason(self):
        """Why the document's content is locked (its state), or None."""
        if self.state not in self._kam_locked_states:
            return None
        state = dict(self._fields["state"]._description_selection(self.env))
        return state[self.state].lower()

    def _kam_unlock_hint(self):
        return self.env._("Revise it or reset it to draft to change it.")

    def _kam_transition(self, from_states, action_name, action=None):
        """The guard of every action: read access, who may run ``action``
        (a key of ``_kam_action_rights``) and the source state."""
        self.check_access("read")
        if action:
            self._kam_check_action(action)
        self._kam_check_source_state("state", from_states, action_name)

    def _kam_check_four_eyes(self, action_name):
        """The approver's group (a superuser passes), and never one of the
        people behind the document, whatever their groups: segregation of
        duties holds for every real user."""
        user = self.env.user
        if not self.env.su and not user.has_group(self._kam_approver_group):
            raise AccessError(
                self.env._(
                    "Only a %(group)s can %(action)s %(document)s.",
                    group=self.env.ref(self._kam_approver_group).name,
                    action=action_name,
                    document=self._description,
                )
            )
        if user.id == SUPERUSER_ID:
            return
        for record in self:
            for name in self._kam_author_fields:
                if record[name] == user:
                    raise UserError(
                        self.env._(
                            "Four eyes: %(user)s cannot %(action)s %(document)s, "
                            "being its %(role)s.",
                            user=user.name,
                            action=action_name,
                            document=record.display_name,
                            role=record._fields[name].string,
                        )
                    )
            if user in record.kam_involved_user_ids:
                raise UserError(
                    self.env._(
                        "Four eyes: %(user)s cannot %(action)s %(document)s, having "
                        "submitted it or managed its account while it waited for "
                        "a decision.",
                        user=user.name,
                        action=action_name,
                        document=record.display_name,
                    )
                )
