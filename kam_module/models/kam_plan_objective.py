# Copyright 2026 KAM Module Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models
from odoo.exceptions import ValidationError


class KamPlanObjective(models.Model):
    """A strategic or operational goal of the plan, measured by a KPI from a
    baseline to a target."""

    _name = "kam.plan.objective"
    _inherit = ["kam.plan.line"]
    _description = "Account Plan Objective"
    # The team reports progress on an approved plan.
    _kam_unlocked_fields = frozenset({"current_value"})

    name = fields.Char(string="Objective", required=True)
    kind = fields.Selection(
        [("strategic", "Strategic"), ("operational", "Operational")],
        required=True,
        default="operational",
    )
    kpi = fields.Char(string="KPI", help="What measures it, e.g. annual revenue.")
    baseline = fields.Float()
    target_value = fields.Float(string="Target")
    current_value = fields.Float(string="Current")
    unit = fields.Char()
    deadline = fields.Date()
    progress = fields.Float(
        compute="_compute_progress",
        store=True,
        help="Share of the way from the baseline to the target, 0 to 100.",
    )
    action_ids = fields.One2many("kam.plan.action", "objective_id", string="Actions")

    @api.depends("baseline", "target_value", "current_value")
    def _compute_progress(self):
        for objective in self:
            span = objective.target_value - objective.baseline
            done = (objective.current_value - objective.baseline) / span if span else 0
            objective.progress = min(max(done * 100, 0), 100)

    @api.constrains("baseline", "target_value", "kpi")
    def _check_target(self):
        for objective in self:
            if objective.kpi and objective.target_value == objective.baseline:
                raise ValidationError(
                    self.env._(
                        "Objective %s: the target equals the baseline, so there is "
                        "no way to progress. Set a target that differs.",
                        objective.name,
                    )
                )

    def _kam_gaps(self):
        """What a complete objective still lacks."""
        missing = []
        if not self.kpi:
            missing.append(self.env._("no KPI"))
        if self.target_value == self.baseline:
            missing.append(self.env._("no target"))
        if not self.action_ids.filtered(lambda a: a.user_id and a.deadline):
            missing.append(self.env._("no action with an owner and a deadline"))
        return missing
