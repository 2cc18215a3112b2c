# Copyright 2026 KAM Module Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import fields, models
from odoo.exceptions import UserError


class KamRevokeWizard(models.TransientModel):
    _name = "kam.revoke.wizard"
    _description = "Revoke Key Account"

    partner_ids = fields.Many2many(
        "res.partner",
        string="Key Accounts",
        required=True,
        domain=[("kam_state", "=", "key")],
    )
    reason = fields.Text(
        required=True,
        help="Why the account is no longer a key account; posted in its chatter.",
    )

    def action_confirm(self):
        self.ensure_one()
        if not self.partner_ids:
            raise UserError(self.env._("Key Accounts: choose the accounts to revoke."))
        if not (self.reason or "").strip():
            raise UserError(
                self.env._("Reason: say why the key-account status is revoked.")
            )
        self.partner_ids._kam_revoke(self.reason.strip())
        return {"type": "ir.actions.act_window_close"}
