# Copyright 2026 KAM Module Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from collections import defaultdict
from itertools import repeat

from odoo import api, models

from ..scoring_math import linear_score, percentile_scores


class KamScoreFormula(models.AbstractModel):
    """The spec's scoring formula, on columns of values: each criterion
    normalized to 0-100, then the accounts' weighted score, attractiveness,
    relationship strength, quadrant and tier."""

    _name = "kam.score.formula"
    _description = "Key Account Scoring Formula"

    @api.model
    def _normalize(self, criterion, values, others=None):
        """Scores 0 to 100 of a column of values, None where missing."""
        if criterion.source == "manual":
            return list(values)
        if criterion.normalization == "percentile":
            return percentile_scores(values, criterion.higher_is_better, others)
        return [
            linear_score(
                value,
                criterion.min_value,
                criterion.max_value,
                criterion.higher_is_better,
            )
            for value in values
        ]

    @api.model
    def _weigh(self, criteria, ids, scores):
        """Columns of the accounts that have a value for at least one
        criterion: id, score, attractiveness, relationship, quadrant, tier.
        A missing value counts as 0."""
        relationship = criteria.filtered(lambda c: c.dimension == "relationship")
        attractive_weights = (criteria - relationship).mapped("weight")
        strength_weights = relationship.mapped("weight")
        total = sum(attractive_weights) + sum(strength_weights)
        tiers = self.env["kam.tier"]._thresholds(criteria.company_id)
        accounts = defaultdict(list, total_weight=total)
        attractive_total = sum(attractive_weights) or 1
        strength_total = sum(strength_weights) or 1
        for partner_id, attractive_values, strength_values in zip(
            ids,
            self._rows([scores[c.id] for c in criteria - relationship]),
            self._rows([scores[c.id] for c in relationship]),
            strict=False,
        ):
            if all(v is None for v in attractive_values + strength_values):
                continue
            attractive = sum(
                w * (v or 0.0)
                for w, v in zip(attractive_weights, attractive_values, strict=True)
            )
            strong = sum(
                w * (v or 0.0)
                for w, v in zip(strength_weights, strength_values, strict=True)
            )
            score = round((attractive + strong) / total, 2)
            attractiveness = attractive / attractive_total
            strength = strong / strength_total
            accounts["id"].append(partner_id)
            accounts["score"].append(score)
            accounts["attractiveness"].append(attractiveness)
            accounts["relationship"].append(strength)
            accounts["quadrant"].append(self._quadrant(attractiveness, strength))
            accounts["tier"].append(
                next((tier for minimum, tier in tiers if minimum <= score), None)
            )
        return accounts

    @api.model
    def _rows(self, columns):
        """The values of each account across the columns; empty tuples when
        there is no column."""
        return zip(*columns, strict=True) if columns else repeat(())

    @api.model
    def _quadrant(self, attractiveness, strength):
        if attractiveness >= 50:
            return "strategic" if strength >= 50 else "development"
        return "maintenance" if strength >= 50 else "streamline"
