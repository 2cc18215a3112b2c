# Copyright 2026 KAM Module Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo.tools.sql import column_exists


def migrate(cr, version):
    """A measured objective's history now holds its past values only: its
    latest point becomes the day its current value was taken, and the time
    it was last measured becomes its plan's."""
    cr.execute(
        """
        UPDATE kam_plan_objective o SET value_date = h.date
          FROM (SELECT objective_id, MAX(date) AS date
                  FROM kam_plan_objective_history GROUP BY objective_id) AS h
         WHERE o.id = h.objective_id
        """
    )
    cr.execute(
        """
        DELETE FROM kam_plan_objective_history h
         USING kam_plan_objective o
         WHERE o.id = h.objective_id AND h.date = o.value_date
        """
    )
    # Stored on the objectives from 18.0.1.5.0 only.
    if not column_exists(cr, "kam_plan_objective", "measured_on"):
        return
    cr.execute(
        """
        UPDATE kam_plan p SET measured_on = o.measured_on
          FROM (SELECT plan_id, MAX(measured_on) AS measured_on
                  FROM kam_plan_objective GROUP BY plan_id) AS o
         WHERE p.id = o.plan_id AND o.measured_on IS NOT NULL
        """
    )
