# Copyright 2026 KAM Module Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models
from odoo.exceptions import ValidationError


class KamReviewType(models.Model):
    """A meeting of the operating rhythm: weekly check-in, quarterly business
    review, strategy review."""

    _name = "kam.review.type"
    _inherit = ["kam.field.guard"]
    _description = "Key Account Review Type"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    interval_months = fields.Integer(
        string="Interval (months)",
        help="How many months apart the review is held. The cadence schedules "
        "the type whose interval is the tier's; 0 is never scheduled "
        "automatically.",
    )
    sequence = fields.Integer(default=10)
    description = fields.Text(translate=True, help="What the review is for.")
    active = fields.Boolean(default=True)

    @api.constrains("interval_months")
    def _check_interval_months(self):
        for review_type in self:
            if not 0 <= review_type.interval_months <= 60:
                raise ValidationError(
                    self.env._(
                        "Review type %(type)s: the interval must be between 0 and "
                        "60 months.",
                        type=review_type.name,
                    )
                )

    @api.model
    def _kam_automatic(self):
        """The types the cadence schedules."""
        return self.sudo().search([("interval_months", ">", 0)])

    def _kam_for_interval(self, months):
        """Among these types, the one of a tier's cadence: the type of that
        interval, or the nearest one."""
        return min(
            self,
            key=lambda t: (abs(t.interval_months - months), t.sequence, t.id),
            default=self.browse(),
        )
