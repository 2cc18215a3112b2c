# Copyright 2026 KAM Module Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import fields, models
from odoo.exceptions import AccessError

QUADRANTS = [
    ("strategic", "Strategic: invest"),
    ("development", "Development: build the relationship"),
    ("maintenance", "Maintenance: serve efficiently"),
    ("streamline", "Streamline: reduce the cost to serve"),
]


class KamAccountScore(models.AbstractModel):
    """What the scoring engine wrote on a key account: its score, rank,
    portfolio quadrant and tier, with the judgements behind them, and the
    rescoring on demand."""

    _name = "kam.account.score"
    _inherit = ["mail.thread"]
    _description = "Key Account Score"

    kam_tier_id = fields.Many2one(
        "kam.tier",
        string="Tier",
        copy=False,
        tracking=True,
        groups="base.group_user",
    )
    kam_tier_manual = fields.Boolean(
        string="Tier Set by Hand",
        copy=False,
        tracking=True,
        groups="base.group_user",
        help="Keep the tier chosen by the Head of KAM instead of the one of the score.",
    )
    kam_score = fields.Float(
        string="Score",
        readonly=True,
        copy=False,
        digits=(5, 2),
        aggregator="avg",
        groups="kam_module.group_kam_manager",
        help="Weighted average of the normalized criterion scores, 0 to 100.",
    )
    kam_rank = fields.Integer(
        string="Rank",
        readonly=True,
        copy=False,
        aggregator=None,
        groups="kam_module.group_kam_manager",
        help="1 is the best score among the scored accounts of the company.",
    )
    kam_attractiveness = fields.Float(
        string="Attractiveness",
        readonly=True,
        copy=False,
        digits=(5, 2),
        aggregator="avg",
        groups="kam_module.group_kam_manager",
        help="Weighted score of the value, growth and fit criteria.",
    )
    kam_relationship_strength = fields.Float(
        string="Relationship Strength",
        readonly=True,
        copy=False,
        digits=(5, 2),
        aggregator="avg",
        groups="kam_module.group_kam_manager",
        help="Weighted score of the relationship criteria.",
    )
    kam_portfolio_quadrant = fields.Selection(
        QUADRANTS,
        string="Portfolio Quadrant",
        readonly=True,
        copy=False,
        groups="kam_module.group_kam_manager",
        help="Attractiveness against relationship strength, each split at 50. "
        "Empty while the account is not scored.",
    )
    kam_ranks_pending = fields.Boolean(
        string="Ranks Being Updated",
        compute="_compute_kam_ranks_pending",
        groups="kam_module.group_kam_manager",
    )
    kam_score_line_ids = fields.One2many(
        "kam.score.line",
        "partner_id",
        string="Score Breakdown",
        domain=[("criterion_id.active", "=", True)],
        groups="kam_module.group_kam_user",
    )

    def _track_filter_for_display(self, tracking_values):
        """The judgements logged in the chatter are the score breakdown's:
        shown to who reads the account's scores, as its score lines."""
        values = super()._track_filter_for_display(tracking_values)
        judgements = values.filtered(
            lambda value: value.field_id.model == "kam.score.line"
        )
        if not judgements or self.env.su or self.kam_my_score_access == "read":
            return values
        return values - judgements

    def _compute_kam_ranks_pending(self):
        self.kam_ranks_pending = self.env["kam.score.engine"]._ranks_pending()

    def action_kam_rescore(self):
        """Rescore the selected accounts now (Key Account Manager)."""
        if not self.env.su and not self.env.user.has_group(
            "kam_module.group_kam_manager"
        ):
            raise AccessError(
                self.env._("Only a Key Account Manager can rescore accounts.")
            )
        self.check_access("write")
        self._kam_check_company()
        accounts = self.filtered(lambda p: p.commercial_partner_id == p)
        # Access was checked above; scores must not depend on who rescores.
        out_of_scope = self.env["kam.score.engine"]._rescore_accounts(accounts)
        return self._kam_rescored_notification(accounts - out_of_scope, out_of_scope)

    def _kam_rescored_notification(self, scored, out_of_scope):
        lines = []
        if len(scored) > 1:
            lines.append(self.env._("%s accounts rescored.", len(scored)))
        if len(scored) == 1 and not scored.kam_portfolio_quadrant:
            lines.append(
                self.env._(
                    "%s is not scored yet: no criterion has a value for it. "
                    "Enter the judgements on its Score tab.",
                    scored.name,
                )
            )
        if len(scored) == 1 and scored.kam_portfolio_quadrant:
            lines.append(
                self.env._(
                    "%(account)s: score %(score).2f, tier %(tier)s.",
                    account=scored.name,
                    score=scored.kam_score,
                    tier=scored.kam_tier_id.name or self.env._("none"),
                )
            )
        if out_of_scope:
            names = ", ".join(out_of_scope.mapped("display_name"))
            lines.append(
                self.env._("Not in the scoring scope of the settings: %s.", names)
            )
        if scored.filtered("kam_portfolio_quadrant"):
            lines.append(self.env._("Ranks are being updated in the background."))
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "title": self.env._("Rescored"),
                "message": " ".join(lines),
                "type": "warning" if out_of_scope else "success",
                "next": {"type": "ir.actions.client", "tag": "soft_reload"},
            },
        }
