# Copyright 2026 KAM Module Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models
from odoo.tools import SQL

from ..scoring_math import pg_array
from .kam_data_source import pg_dates


class KamPlanObjectiveHistory(models.Model):
    """A measured objective's past value, one point per day it changed: the
    value it held from that day until it changed again. The current value
    and the day it took it are the objective's (``value_date``)."""

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
    def _kam_store(self, points):
        """Store ``points`` ((objective id, plan id, date, value)) in one
        statement."""
        if not points:
            return
        ids, plans, dates, values = zip(*points, strict=True)
        self.env.cr.execute(
            SQL(
                """
                INSERT INTO kam_plan_objective_history
                       (objective_id, plan_id, date, value)
                SELECT * FROM unnest(%s::int[], %s::int[], %s::date[], %s::float8[])
           ON CONFLICT (objective_id, date) DO UPDATE SET value = EXCLUDED.value
                """,
                pg_array(ids),
                pg_array(plans),
                pg_dates(dates),
                pg_array(values),
            )
        )
        self.invalidate_model()
