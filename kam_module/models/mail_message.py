# Copyright 2026 KAM Module Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, models


class MailMessage(models.Model):
    _inherit = "mail.message"

    @api.model_create_multi
    def create(self, vals_list):
        messages = super().create(vals_list)
        # A stakeholder's last contact follows the exchanges with them.
        exchanged = messages.filtered(
            lambda m: m.message_type in ("email", "comment") or m.mail_activity_type_id
        )
        people = exchanged.author_id | exchanged.partner_ids
        done = exchanged.filtered(lambda m: m.model == "res.partner")
        people |= self.env["res.partner"].browse(done.mapped("res_id"))
        if people:
            Stakeholder = self.env["kam.stakeholder"].sudo()
            Stakeholder.search(
                [("contact_id", "in", people.ids)]
            )._kam_refresh_contacts()
        return messages
