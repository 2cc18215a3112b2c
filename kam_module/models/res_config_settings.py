# Copyright 2026 KAM Module Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import models
from odoo.exceptions import AccessError


# It extends Odoo's settings, which OCA keeps in models/: not a wizard of ours.
class ResConfigSettings(models.TransientModel):  # pylint: disable=no-wizard-in-models
    _name = "res.config.settings"
    _inherit = ["res.config.settings", "kam.settings"]

    def set_values(self):
        # Odoo checks the administrator in execute() only: called over RPC on
        # no record, set_values() would reset every setting, the KAM ones
        # included, for any user.
        if not self.env.is_admin():
            raise AccessError(
                self.env._("Only administrators can change the settings.")
            )
        stale_days = self._kam_get("kam_stale_contact_days")
        result = super().set_values()
        self._kam_follow_stale_days(stale_days)
        return result
