# Copyright 2026 KAM Module Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models


class KamPlanSubmitWizard(models.TransientModel):
    """Asks before an incomplete plan goes to the Heads of KAM, showing what
    it lacks."""

    _name = "kam.plan.submit.wizard"
    _description = "Submit an Incomplete Account Plan"

    plan_id = fields.Many2one("kam.plan", required=True, ondelete="cascade")
    gaps = fields.Text(related="plan_id.health_reasons", string="What It Lacks")

    @api.constrains("plan_id")
    def _check_plan_id(self):
        # The related gaps and the plan's name are read as superuser: only
        # for a plan its creator reads.
        self.plan_id.check_access("read")

    def action_confirm(self):
        self.ensure_one()
        self.plan_id.with_context(kam_submit_incomplete=True).action_submit()
        return {"type": "ir.actions.act_window_close"}
