# Copyright 2026 KAM Module Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models


class KamAccountRevenue(models.AbstractModel):
    """The account's revenue against its target, from its approved plan:
    stored on the account, so that lists sort, filter and sum by them. For
    those who read every account's plans, like the health reasons."""

    _name = "kam.account.revenue"
    _description = "Key Account Revenue against Target"

    kam_currency_id = fields.Many2one(
        "res.currency",
        string="Account Currency",
        compute="_compute_kam_currency_id",
        groups="kam_module.group_kam_manager",
    )
    kam_revenue = fields.Monetary(
        string="Revenue (12 months)",
        currency_field="kam_currency_id",
        compute="_compute_kam_revenue",
        store=True,
        groups="kam_module.group_kam_manager",
        help="Our revenue of the last 12 months with the account, as its "
        "approved plan measured it (every night and by Measure).",
    )
    kam_revenue_target = fields.Monetary(
        string="Revenue Target",
        currency_field="kam_currency_id",
        compute="_compute_kam_revenue",
        store=True,
        groups="kam_module.group_kam_manager",
        help="The 12 months' revenue target of the account's approved plan.",
    )
    kam_revenue_gap = fields.Monetary(
        string="Revenue Gap",
        currency_field="kam_currency_id",
        compute="_compute_kam_revenue",
        store=True,
        groups="kam_module.group_kam_manager",
        help="Revenue minus target: below zero, the account is short of its "
        "plan's target.",
    )

    @api.depends("company_id")
    def _compute_kam_currency_id(self):
        for partner in self:
            partner.kam_currency_id = partner._kam_company().currency_id

    @api.depends(
        "kam_plan_ids.state", "kam_plan_ids.our_revenue", "kam_plan_ids.revenue_target"
    )
    def _compute_kam_revenue(self):
        for partner in self:
            plan = partner.sudo().kam_plan_ids.filtered(
                lambda p: p.state == "approved"
            )[:1]
            partner.kam_revenue = plan.our_revenue
            partner.kam_revenue_target = plan.revenue_target
            partner.kam_revenue_gap = plan.our_revenue - plan.revenue_target
