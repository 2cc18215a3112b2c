# Copyright 2026 KAM Module Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import fields, models
from odoo.exceptions import UserError


class KamReasonWizard(models.AbstractModel):
    """A decision that needs a reason, kept in the chatter: revoking a key
    account, rejecting a plan. Wizards inherit it and apply the decision in
    ``_kam_apply``."""

    _name = "kam.reason.wizard"
    _description = "Decision with a Reason"

    reason = fields.Text(required=True, help="Posted in the chatter.")

    def action_confirm(self):
        self.ensure_one()
        reason = (self.reason or "").strip()
        if not reason:
            raise UserError(
                self.env._("Reason: say why %s.", self._kam_reason_subject())
            )
        self._kam_apply(reason)
        return {"type": "ir.actions.act_window_close"}

    def _kam_reason_subject(self):
        """What the reason explains: "why ..."."""
        raise NotImplementedError

    def _kam_apply(self, reason):
        raise NotImplementedError
