# Copyright 2026 KAM Module Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import fields, models, tools
from odoo.tools import SQL


class KamTeamCapacity(models.Model):
    """Each person's time given to key-account teams today: their current
    seats summed over the accounts of each company, which sees its own."""

    _name = "kam.team.capacity"
    _inherit = ["kam.field.guard"]
    _description = "Key Account Team Capacity"
    _auto = False
    _order = "allocation desc, user_id"
    _rec_name = "user_id"

    user_id = fields.Many2one("res.users", string="Person", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    allocation = fields.Float(
        string="Total Allocation", digits=(5, 1), readonly=True, aggregator="avg"
    )
    seat_count = fields.Integer(string="Accounts", readonly=True)
    core_count = fields.Integer(string="Core Seats", readonly=True)
    is_over_allocated = fields.Boolean(string="Over-Allocated", readonly=True)

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        # CURRENT_DATE: the view is exact every day, like the seats' access.
        self.env.cr.execute(
            SQL(
                """
                CREATE VIEW %s AS
                SELECT MIN(seat.id) AS id,
                       seat.user_id,
                       seat.company_id,
                       SUM(seat.allocation) AS allocation,
                       COUNT(*) AS seat_count,
                       COUNT(*) FILTER (WHERE seat.membership = 'core') AS core_count,
                       SUM(seat.allocation) > 100 AS is_over_allocated
                  FROM kam_team_member seat
                 WHERE seat.active
                   AND seat.date_start <= CURRENT_DATE
                   AND (seat.date_end IS NULL OR seat.date_end >= CURRENT_DATE)
                 GROUP BY seat.user_id, seat.company_id
                """,
                SQL.identifier(self._table),
            )
        )

    def action_open_seats(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "kam_module.kam_team_member_action"
        )
        action["domain"] = [
            ("user_id", "=", self.user_id.id),
            ("company_id", "=", self.company_id.id),
        ]
        action["context"] = {"search_default_current": 1}
        action["name"] = self.env._("Seats: %s", self.user_id.name)
        return action
