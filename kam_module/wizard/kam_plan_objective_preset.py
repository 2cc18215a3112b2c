# Copyright 2026 KAM Module Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models
from odoo.exceptions import UserError


class KamPlanObjectivePreset(models.TransientModel):
    """Add a measured objective to a plan in one click, from the ready-made
    sources of the installed apps."""

    _name = "kam.plan.objective.preset"
    _description = "Add a Ready-made Measured Objective"

    plan_id = fields.Many2one("kam.plan", required=True, ondelete="cascade")
    preset = fields.Selection(selection="_selection_preset", string="Measure")
    kind = fields.Selection(
        [("strategic", "Strategic"), ("operational", "Operational")],
        required=True,
        default="strategic",
    )
    baseline = fields.Float(help="Where the measure stands at the plan's start.")
    target_value = fields.Float(string="Target", required=True)
    available = fields.Boolean(compute="_compute_available")

    @api.depends("plan_id")
    def _compute_available(self):
        self.available = bool(self._selection_preset())

    @api.model
    def _selection_preset(self):
        ready = self.env["kam.data.source"]._kam_ready_made()
        return [(key, label) for key, (label, _source) in ready.items()]

    @api.constrains("plan_id")
    def _check_plan_id(self):
        # Only for a plan its creator reads; writing it is the plan's check.
        self.plan_id.check_access("read")

    def action_confirm(self):
        self.ensure_one()
        if not self.preset:
            raise UserError(
                self.env._("Choose a ready-made measure.")
                if self.available
                else self.env._(
                    "Ready-made measures need the Sales, Invoicing or CRM app: "
                    "install one of them first."
                )
            )
        label, source = self.env["kam.data.source"]._kam_ready_made()[self.preset]
        objective = self.env["kam.plan.objective"].create(
            {
                "plan_id": self.plan_id.id,
                "name": label,
                "kpi": label,
                "kind": self.kind,
                "baseline": self.baseline,
                "target_value": self.target_value,
                "source": "computed",
                **self.env["kam.data.source"]._kam_source_vals(source),
            }
        )
        objective.action_measure()
        return {"type": "ir.actions.act_window_close"}
