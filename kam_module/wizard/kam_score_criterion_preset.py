# Copyright 2026 KAM Module Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models
from odoo.exceptions import UserError


class KamScoreCriterionPreset(models.TransientModel):
    _name = "kam.score.criterion.preset"
    _description = "Add a Ready-made Scoring Criterion"

    preset = fields.Selection(selection="_selection_preset")
    weight = fields.Float(default=1.0, required=True)
    available = fields.Boolean(compute="_compute_available")

    def _compute_available(self):
        self.available = bool(self._presets())

    @api.model
    def _presets(self):
        """Ready-made computed criteria, for the models that are installed."""
        presets = {
            "sale_revenue": {
                "name": self.env._("Sales revenue (12 months)"),
                "model": "sale.order",
                "partner_field": "partner_id",
                "measure": "amount_untaxed",
                "aggregate": "sum",
                "domain": "[('state', '=', 'sale')]",
                "date_field": "date_order",
                "dimension": "value",
            },
            "sale_order_count": {
                "name": self.env._("Confirmed orders (12 months)"),
                "model": "sale.order",
                "partner_field": "partner_id",
                "measure": False,
                "aggregate": "count",
                "domain": "[('state', '=', 'sale')]",
                "date_field": "date_order",
                "dimension": "relationship",
            },
            "invoice_revenue": {
                "name": self.env._("Invoiced revenue (12 months)"),
                "model": "account.move",
                "partner_field": "partner_id",
                "measure": "amount_untaxed_signed",
                "aggregate": "sum",
                "domain": "[('move_type', '=', 'out_invoice'), "
                "('state', '=', 'posted')]",
                "date_field": "invoice_date",
                "dimension": "value",
            },
        }
        return {
            key: preset
            for key, preset in presets.items()
            if preset["model"] in self.env
        }

    @api.model
    def _selection_preset(self):
        return [(key, preset["name"]) for key, preset in self._presets().items()]

    def action_confirm(self):
        self.ensure_one()
        if not self.preset:
            raise UserError(
                self.env._(
                    "Ready-made criteria need the Sales or Invoicing app: install "
                    "one of them first."
                )
            )
        preset = self._presets()[self.preset]
        model = self.env["ir.model"]._get(preset["model"])

        def field(name):
            return name and self.env["ir.model.fields"]._get(preset["model"], name).id

        criterion = self.env["kam.score.criterion"].create(
            {
                "name": preset["name"],
                "dimension": preset["dimension"],
                "weight": self.weight,
                "source": "computed",
                "model_id": model.id,
                "partner_field_id": field(preset["partner_field"]),
                "measure_field_id": field(preset["measure"]),
                "aggregate": preset["aggregate"],
                "domain": preset["domain"],
                "date_field_id": field(preset["date_field"]),
                "period_months": 12,
                "normalization": "percentile",
            }
        )
        return {
            "type": "ir.actions.act_window",
            "res_model": "kam.score.criterion",
            "res_id": criterion.id,
            "view_mode": "form",
            "target": "current",
        }
