# Copyright 2026 KAM Module Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models
from odoo.tools import SQL

from ..scoring_math import pg_array


class KamPlanObjectiveHistory(models.Model):
    """A measured objective's value, one point per day it changed."""

    _name = "kam.plan.objective.history"
    _inherit = ["kam.field.guard"]
    _description = "Measured Objective History"
    _order = "objective_id, date"
    _rec_name = "objective_id"
    # Written in bulk by the measure.
    _log_access = False

    objective_id = fields.Many2one(
        "kam.plan.objective", required=True, readonly=True, ondelete="cascade"
    )
    plan_id = fields.Many2one(related="objective_id.plan_id", store=True, index=True)
    partner_id = fields.Many2one(related="objective_id.partner_id")
    company_id = fields.Many2one(related="objective_id.company_id")
    date = fields.Date(required=True, readonly=True)
    value = fields.Float(readonly=True, aggregator="max")

    _sql_constraints = [
        (
            "objective_date_uniq",
            "unique(objective_id, date)",
            "A measured objective has one value per day.",
        ),
    ]

    @api.model
    def _store_today(self, values):
        """Today's point of each objective of ``values`` ({objective id:
        value}), in one statement."""
        if not values:
            return
        ids = list(values)
        self.env.cr.execute(
            SQL(
                """
                INSERT INTO kam_plan_objective_history
                       (objective_id, plan_id, date, value)
                SELECT v.id, o.plan_id, %(today)s, v.value
                  FROM unnest(%(ids)s::int[], %(values)s::float8[]) AS v(id, value)
                  JOIN kam_plan_objective o ON o.id = v.id
           ON CONFLICT (objective_id, date) DO UPDATE SET value = EXCLUDED.value
                """,
                today=fields.Date.today(),
                ids=pg_array(ids),
                values=pg_array([values[i] for i in ids]),
            )
        )
        self.invalidate_model()
