# Copyright 2026 KAM Module Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import fields, models


class KamScoreHistory(models.Model):
    _name = "kam.score.history"
    _description = "Key Account Score History"
    _order = "date desc, partner_id"
    _rec_name = "partner_id"
    # One row per account per day, written in bulk by the scoring engine.
    _log_access = False

    partner_id = fields.Many2one(
        "res.partner", string="Account", required=True, ondelete="cascade"
    )
    date = fields.Date(required=True)
    score = fields.Float(aggregator="avg")
    tier_id = fields.Many2one("kam.tier", ondelete="set null")
    attractiveness = fields.Float(digits=(5, 2), aggregator="avg")
    relationship_strength = fields.Float(digits=(5, 2), aggregator="avg")
    # Not stored: a foreign key checked on every row written each night
    # would cost more than the join it saves to the few who read history.
    company_id = fields.Many2one(related="partner_id.company_id")

    _sql_constraints = [
        (
            "partner_date_uniq",
            "unique(partner_id, date)",
            "An account has one score per day.",
        ),
    ]
