# Copyright 2026 KAM Module Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import SUPERUSER_ID, api, models
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
    _description = "Four-Eyes Approval"

    # Written by the actions only.
    _kam_workflow_fields = frozenset({"state"})
    # States whose content is locked, and what may still change in them.
    _kam_locked_states = ()
    _kam_unlocked_fields = frozenset()
    # The people behind a document, who never approve it.
    _kam_author_fields = ()
    _kam_approver_group = "kam_module.group_kam_head"

    @api.model_create_multi
    def create(self, vals_list):
        records = super().create(vals_list)
        if not self.env.su:
            records._kam_check_created()
        return records

    def _kam_check_created(self):
        """A new document starts in the first state, its workflow fields
        empty, whatever filled them: the call, a context default."""
        initial = self._fields["state"].selection[0][0]
        for record in self.sudo():
            filled = [
                name
                for name in self._kam_workflow_fields
                if not self._fields[name].default and record[name]
            ]
            if record.state != initial or filled:
                raise AccessError(
                    self.env._(
                        "%(document)s: %(fields)s change only through its buttons.",
                        document=self._description,
                        fields=", ".join(sorted(filled) or ["state"]),
                    )
                )

    def write(self, vals):
        if not self.env.su:
            self._kam_check_write(vals)
        return super().write(vals)

    def _kam_check_write(self, vals):
        workflow = self._kam_workflow_fields & vals.keys()
        if workflow:
            raise AccessError(
                self.env._(
                    "%(document)s: %(fields)s change only through its buttons.",
                    document=self._description,
                    fields=", ".join(sorted(workflow)),
                )
            )
        # The chatter, followers and activities stay open.
        content = {
            name
            for name in set(vals) - self._kam_unlocked_fields
            if not name.startswith(("message_", "activity_"))
        }
        self._kam_check_unlocked(content)

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

    def _kam_transition(self, from_states, action_name):
        """The state guard of every action: read access and the source
        state."""
        self.check_access("read")
        state = dict(self._fields["state"]._description_selection(self.env))
        for record in self:
            if record.state not in from_states:
                raise UserError(
                    self.env._(
                        "Cannot %(action)s %(document)s: it is %(state)s, expected "
                        "%(expected)s.",
                        action=action_name,
                        document=record.display_name,
                        state=state[record.state].lower(),
                        expected=" or ".join(state[s].lower() for s in from_states),
                    )
                )

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
