# Copyright 2026 KAM Module Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError


class KamTier(models.Model):
    _name = "kam.tier"
    _inherit = ["kam.field.guard"]
    _description = "Key Account Tier"
    _order = "company_id, min_score desc, sequence, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    min_score = fields.Float(
        string="Minimum Score",
        required=True,
        help="A scored account gets the tier with the highest minimum score "
        "that its score reaches.",
    )
    review_interval_months = fields.Integer(
        string="Review Interval (months)",
        default=3,
        help="How often a key account of this tier is reviewed.",
    )
    color = fields.Integer()
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company",
        required=True,
        default=lambda self: self.env.company,
        index=True,
    )

    _sql_constraints = [
        (
            "min_score_company_uniq",
            "unique(company_id, min_score)",
            "Two tiers of the same company cannot have the same minimum score.",
        ),
    ]

    @api.constrains("min_score", "review_interval_months")
    def _check_min_score(self):
        for tier in self:
            if not 0 <= tier.min_score <= 100:
                raise ValidationError(
                    self.env._(
                        "Tier %(tier)s: the minimum score must be between 0 and 100.",
                        tier=tier.name,
                    )
                )
            if tier.review_interval_months < 0:
                raise ValidationError(
                    self.env._(
                        "Tier %(tier)s: the review interval cannot be negative.",
                        tier=tier.name,
                    )
                )

    @api.ondelete(at_uninstall=False)
    def _unlink_except_in_use(self):
        used = (
            self.env["kam.score.history"]
            .sudo()
            .search([("tier_id", "in", self.ids)], limit=1)
            .tier_id
            or self.env["res.partner"]
            .sudo()
            .with_context(active_test=False)
            .search([("kam_tier_id", "in", self.ids)], limit=1)
            .kam_tier_id
            or self.env["kam.review"]
            .sudo()
            .search([("tier_at_review_id", "in", self.ids)], limit=1)
            .tier_at_review_id
        )
        if used:
            raise UserError(
                self.env._(
                    "Tier %(tier)s is in use by accounts, their score history or "
                    "reviews: archive it instead of deleting it.",
                    tier=used.name,
                )
            )

    @api.model
    def _thresholds(self, company):
        """(minimum score, tier id) of the company's active tiers, highest
        first."""
        tiers = self.sudo().search([("company_id", "=", company.id)])
        return sorted(
            zip(tiers.mapped("min_score"), tiers.ids, strict=True), reverse=True
        )
