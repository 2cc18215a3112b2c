# Copyright 2026 KAM Module Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models
from odoo.exceptions import ValidationError


class KamPlanCompetitor(models.Model):
    _name = "kam.plan.competitor"
    _inherit = ["kam.plan.line"]
    _description = "Account Plan Competitor"

    name = fields.Char(string="Competitor", required=True)
    share_of_wallet = fields.Float(
        string="Share of Wallet (%)",
        digits=(5, 1),
        help="Their share of the customer's spend in our categories.",
    )
    strengths = fields.Text()
    weaknesses = fields.Text()
    threat_level = fields.Selection(
        [("low", "Low"), ("medium", "Medium"), ("high", "High")], default="medium"
    )

    @api.constrains("share_of_wallet")
    def _check_share_of_wallet(self):
        for competitor in self:
            if not 0 <= competitor.share_of_wallet <= 100:
                raise ValidationError(
                    self.env._(
                        "Competitor %s: the share of wallet is a percentage, from 0 "
                        "to 100.",
                        competitor.name,
                    )
                )
        self.plan_id._check_wallet()
