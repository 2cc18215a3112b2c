# Copyright 2026 KAM Module Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, models


class KamConfigSettings(models.TransientModel):
    """The KAM settings page. Odoo's settings page needs Settings rights; a
    KAM Administrator changes the KAM system parameters here, and only
    those."""

    _name = "kam.config.settings"
    _inherit = ["kam.settings"]
    _description = "Key Account Management Settings"

    @api.model
    def default_get(self, fields_list):
        values = super().default_get(fields_list)
        for name in self._kam_parameters().keys() & set(fields_list):
            values[name] = self._kam_get(name)
        return values

    def execute(self):
        """Save the settings; called by the settings page's Save button."""
        self.ensure_one()
        self.check_access("write")
        params = self.env["ir.config_parameter"].sudo()
        stale_days = self._kam_get("kam_stale_contact_days")
        for name, field in self._kam_parameters().items():
            params.set_param(field.config_parameter, self[name] or False)
        self._kam_follow_stale_days(stale_days)
        return {"type": "ir.actions.client", "tag": "reload"}
