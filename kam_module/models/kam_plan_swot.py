# Copyright 2026 KAM Module Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import fields, models


class KamPlanSwot(models.Model):
    _name = "kam.plan.swot"
    _inherit = ["kam.plan.line"]
    _description = "Account Plan SWOT Item"
    _order = "plan_id, kind, sequence, id"

    kind = fields.Selection(
        [
            ("strength", "Strength"),
            ("weakness", "Weakness"),
            ("opportunity", "Opportunity"),
            ("threat", "Threat"),
        ],
        required=True,
        default="strength",
    )
    name = fields.Char(string="Item", required=True)
    impact = fields.Selection(
        [("low", "Low"), ("medium", "Medium"), ("high", "High")], default="medium"
    )
