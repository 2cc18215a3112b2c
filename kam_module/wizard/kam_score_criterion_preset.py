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
        """Ready-made computed criteria, for the models that are installed:
        the ready-made sources, over the last 12 months."""
        criteria = {
            "sale_revenue": (self.env._("Sales revenue (12 months)"), "value"),
            "sale_order_count": (
                self.env._("Confirmed orders (12 months)"),
                "relationship",
            ),
            "invoice_revenue": (self.env._("Invoiced revenue (12 months)"), "value"),
        }
        sources = self.env["kam.data.source"]._kam_ready_made()
        return {
            key: {"name": name, "dimension": dimension, "source": sources[key][1]}
            for key, (name, dimension) in criteria.items()
            if key in sources
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
        criterion = self.env["kam.score.criterion"].create(
            {
                "name": preset["name"],
                "dimension": preset["dimension"],
                "weight": self.weight,
                "source": "computed",
                **self.env["kam.data.source"]._kam_source_vals(preset["source"]),
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
