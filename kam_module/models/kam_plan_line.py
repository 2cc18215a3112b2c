# Copyright 2026 KAM Module Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models
from odoo.exceptions import UserError


class KamPlanLine(models.AbstractModel):
    """A line of an account plan: written by who may write the plan, locked
    with the plan's content, and a change of it freshens the plan."""

    _name = "kam.plan.line"
    _inherit = ["kam.field.guard", "kam.account.policy"]
    _description = "Account Plan Line"
    _kam_access_area = "plan"
    _order = "plan_id, sequence, id"
    # What may change while the plan is locked (its execution).
    _kam_unlocked_fields = frozenset()

    plan_id = fields.Many2one("kam.plan", required=True, index=True, ondelete="cascade")
    partner_id = fields.Many2one(
        related="plan_id.partner_id", string="Account", store=True, index=True
    )
    company_id = fields.Many2one(related="plan_id.company_id", store=True, index=True)
    sequence = fields.Integer(default=10)

    @api.model_create_multi
    def create(self, vals_list):
        lines = super().create(vals_list)
        if not self.env.su:
            lines._kam_check_plan(set().union(*vals_list))
        lines.plan_id._kam_touch()
        return lines

    def write(self, vals):
        plans = self.plan_id
        result = super().write(vals)
        if self._kam_freshens(vals):
            (plans | self.plan_id)._kam_touch()
        return result

    def _kam_freshens(self, vals):
        """Whether writing ``vals`` is work on the plan, which freshens it."""
        return True

    def _kam_check_write(self, vals):
        result = super()._kam_check_write(vals)
        if "plan_id" in vals and any(
            line.plan_id.id != vals["plan_id"] for line in self
        ):
            raise UserError(
                self.env._(
                    "%s: a line stays on its plan; add it to the other plan instead.",
                    self._description,
                )
            )
        self._kam_check_plan(vals)
        return result

    def unlink(self):
        if not self.env.su:
            self._kam_check_plan({"id"})
        plans = self.plan_id
        result = super().unlink()
        plans._kam_touch()
        return result

    def _kam_check_plan(self, names):
        """The plan's own rules: who may write it, and its lock, which lets
        progress (``_kam_unlocked_fields``) through on approved plans only."""
        plans = self.plan_id
        plans._kam_check_editor()
        approved = plans.filtered(lambda p: p.state == "approved")
        approved._kam_check_unlocked(set(names) - self._kam_unlocked_fields)
        (plans - approved)._kam_check_unlocked(set(names))
