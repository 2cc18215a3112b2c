# Copyright 2026 KAM Module Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import fields, models
from odoo.exceptions import UserError


class KamRevokeWizard(models.TransientModel):
    _name = "kam.revoke.wizard"
    _inherit = ["kam.reason.wizard"]
    _description = "Revoke Key Account"

    partner_ids = fields.Many2many(
        "res.partner",
        string="Key Accounts",
        required=True,
        domain=[("kam_state", "=", "key")],
    )

    def _kam_reason_subject(self):
        return self.env._("the key-account status is revoked")

    def _kam_apply(self, reason):
        if not self.partner_ids:
            raise UserError(self.env._("Key Accounts: choose the accounts to revoke."))
        self.partner_ids._kam_revoke(reason)
