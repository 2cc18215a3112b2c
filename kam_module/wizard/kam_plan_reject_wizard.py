# Copyright 2026 KAM Module Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models


class KamPlanRejectWizard(models.TransientModel):
    _name = "kam.plan.reject.wizard"
    _inherit = ["kam.reason.wizard"]
    _description = "Reject Account Plan"

    plan_id = fields.Many2one("kam.plan", required=True, ondelete="cascade")

    @api.constrains("plan_id")
    def _check_plan_id(self):
        # The plan's name shows in the wizard: only for a plan its creator
        # reads.
        self.plan_id.check_access("read")

    def _kam_reason_subject(self):
        return self.env._("the plan is rejected")

    def _kam_apply(self, reason):
        self.plan_id._kam_reject(reason)
