# Copyright 2026 KAM Module Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models
from odoo.exceptions import ValidationError

# What an opportunity may point at, when the app is installed.
RECORD_MODELS = ("crm.lead", "sale.order", "project.project")
# Above any deal: a typo or a forged figure, which would swamp the pipeline.
MAX_ESTIMATED_VALUE = 1e12


class KamPlanOpportunity(models.Model):
    _name = "kam.plan.opportunity"
    _inherit = ["kam.plan.line"]
    _description = "Account Plan Opportunity"

    name = fields.Char(string="Opportunity", required=True)
    estimated_value = fields.Monetary(currency_field="currency_id")
    currency_id = fields.Many2one(related="company_id.currency_id")
    probability = fields.Float(string="Probability (%)", digits=(5, 1), default=50)
    expected_date = fields.Date()
    status = fields.Selection(
        [("open", "Open"), ("won", "Won"), ("lost", "Lost")],
        default="open",
        required=True,
    )
    division_id = fields.Many2one(
        "res.partner",
        help="The part of the account it is for: the account itself, a child "
        "company or a delivery address.",
    )
    category_ref = fields.Reference(
        selection="_selection_category_ref",
        string="Product Category",
        help="What it would sell, when Sales is installed: set from the whitespace.",
    )
    record_ref = fields.Reference(
        selection="_selection_record_ref",
        string="Record",
        help="The lead, quotation or project it is tracked in, when the app is "
        "installed.",
    )

    def _selection_record_ref(self):
        models = self.env["ir.model"].sudo().search([("model", "in", RECORD_MODELS)])
        return [(model.model, model.name) for model in models]

    def _selection_category_ref(self):
        models = (
            self.env["ir.model"].sudo().search([("model", "=", "product.category")])
        )
        return [(model.model, model.name) for model in models]

    @api.constrains("division_id", "plan_id")
    def _check_division(self):
        opportunities = self.filtered("division_id")
        families = opportunities.partner_id._kam_families()
        for opportunity in opportunities:
            account = opportunity.partner_id
            if opportunity.division_id.id not in families[account.id]:
                raise ValidationError(
                    self.env._(
                        "Opportunity %(name)s: %(division)s is not a division of "
                        "%(account)s.",
                        name=opportunity.name,
                        division=opportunity.division_id.display_name,
                        account=account.display_name,
                    )
                )

    @api.constrains("estimated_value")
    def _check_estimated_value(self):
        maximum = f"{MAX_ESTIMATED_VALUE:,.0f}"
        for opportunity in self:
            if not 0 <= opportunity.estimated_value <= MAX_ESTIMATED_VALUE:
                raise ValidationError(
                    self.env._(
                        "Opportunity %(name)s, Estimated Value: %(value)s is not "
                        "an amount, from 0 to %(max)s.",
                        name=opportunity.name,
                        value=opportunity.estimated_value,
                        max=maximum,
                    )
                )

    @api.constrains("probability")
    def _check_probability(self):
        for opportunity in self:
            if not 0 <= opportunity.probability <= 100:
                raise ValidationError(
                    self.env._(
                        "Opportunity %s: the probability is a percentage, from 0 "
                        "to 100.",
                        opportunity.name,
                    )
                )
