# Copyright 2026 KAM Module Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models
from odoo.tools import SQL

from ..scoring_math import pg_array


class KamScoreHistory(models.Model):
    _name = "kam.score.history"
    _inherit = ["kam.field.guard"]
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
    tier_id = fields.Many2one("kam.tier", ondelete="restrict")
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

    @api.model
    def _store_today(self, accounts):
        """Today's row of each scored account, in one statement. ``accounts``
        holds the engine's columns: id, score, tier, attractiveness,
        relationship."""
        self.env.cr.execute(
            SQL(
                """
                INSERT INTO kam_score_history (partner_id, date, score, tier_id,
                    attractiveness, relationship_strength)
                SELECT v.id, %(today)s, v.score,
                    CASE WHEN p.kam_tier_manual THEN p.kam_tier_id ELSE v.tier END,
                    v.attractiveness, v.strength
                  FROM unnest(%(ids)s::int[], %(score)s::float8[], %(tier)s::int[],
                              %(attractiveness)s::float8[], %(strength)s::float8[])
                       AS v(id, score, tier, attractiveness, strength)
                  JOIN res_partner p ON p.id = v.id
           ON CONFLICT (partner_id, date) DO UPDATE
                   SET score = EXCLUDED.score, tier_id = EXCLUDED.tier_id,
                       attractiveness = EXCLUDED.attractiveness,
                       relationship_strength = EXCLUDED.relationship_strength
                """,
                today=fields.Date.context_today(self),
                ids=pg_array(accounts["id"]),
                score=pg_array(accounts["score"]),
                tier=pg_array(accounts["tier"]),
                attractiveness=pg_array(accounts["attractiveness"]),
                strength=pg_array(accounts["relationship"]),
            )
        )
