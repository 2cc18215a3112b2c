# Copyright 2026 KAM Module Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models
from odoo.exceptions import UserError

MEMBERSHIPS = [("core", "Core"), ("extended", "Extended")]


class KamTeamRole(models.Model):
    """What a member does on a key account team."""

    _name = "kam.team.role"
    _inherit = ["kam.field.guard"]
    _description = "Key Account Team Role"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    default_membership = fields.Selection(
        MEMBERSHIPS,
        required=True,
        default="extended",
        help="Core members run the account with its Key Account Manager; "
        "extended members help now and then.",
    )
    is_kam = fields.Boolean(
        string="Key Account Manager Role",
        help="The seat of the account's Key Account Manager. It is given and "
        "taken with the account's manager, never chosen by hand.",
    )
    description = fields.Text(translate=True)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company", index=True, help="Empty: the role is offered to every company."
    )

    @api.model
    def _kam_role(self):
        role = self.sudo().search([("is_kam", "=", True)], limit=1)
        if not role:
            raise UserError(
                self.env._(
                    "No team role is the Key Account Manager role: an "
                    "administrator must restore one in Key Accounts > "
                    "Configuration > Team Roles."
                )
            )
        return role

    @api.ondelete(at_uninstall=False)
    def _unlink_except_in_use(self):
        used = self.env["kam.team.member"].sudo().with_context(active_test=False)
        used = used.search([("role_id", "in", self.ids)]).role_id
        if used:
            raise UserError(
                self.env._(
                    "Team roles %s are held by team members: archive them instead.",
                    ", ".join(used.mapped("name")),
                )
            )
