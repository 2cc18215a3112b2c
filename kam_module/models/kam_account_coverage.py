# Copyright 2026 KAM Module Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from datetime import timedelta

from odoo import api, fields, models

GAPS = (
    "kam_gap_no_decision_maker",
    "kam_gap_single_threaded",
    "kam_gap_unowned_decision_maker",
    "kam_gap_stale_contact",
)


class KamAccountCoverage(models.AbstractModel):
    """Who of the customer the account's map covers, and its gaps: stored on
    the account, so that lists filter by them."""

    _name = "kam.account.coverage"
    _description = "Key Account Coverage"

    kam_stakeholder_ids = fields.One2many(
        "kam.stakeholder",
        "partner_id",
        string="Stakeholders",
        groups="kam_module.group_kam_user",
    )
    kam_gap_no_decision_maker = fields.Boolean(
        string="No Decision Maker",
        compute="_compute_kam_gaps",
        store=True,
        groups="kam_module.group_kam_user",
        help="No decision maker is mapped among the stakeholders.",
    )
    kam_gap_single_threaded = fields.Boolean(
        string="Single-Threaded",
        compute="_compute_kam_gaps",
        store=True,
        groups="kam_module.group_kam_user",
        help="Fewer than two stakeholders with a good or strong relationship.",
    )
    kam_gap_unowned_decision_maker = fields.Boolean(
        string="Unowned Decision Maker",
        compute="_compute_kam_gaps",
        store=True,
        groups="kam_module.group_kam_user",
        help="A decision maker has no relationship owner on our side.",
    )
    kam_gap_stale_contact = fields.Boolean(
        string="Stale Contact",
        compute="_compute_kam_gaps",
        store=True,
        groups="kam_module.group_kam_user",
        help="A stakeholder was not contacted for longer than the stale-contact "
        "threshold of the settings.",
    )
    kam_gap_count = fields.Integer(
        string="Coverage Gaps",
        compute="_compute_kam_gaps",
        store=True,
        groups="kam_module.group_kam_user",
    )

    @api.depends(
        "kam_state",
        "kam_stakeholder_ids.buying_role",
        "kam_stakeholder_ids.owner_id",
        "kam_stakeholder_ids.relationship_strength",
        "kam_stakeholder_ids.last_contact_date",
        "kam_stakeholder_ids.contact_active",
    )
    def _compute_kam_gaps(self):
        threshold = self._kam_stale_before()
        for partner in self:
            mapped = partner.sudo().kam_stakeholder_ids.filtered("contact_active")
            if partner.kam_state not in ("candidate", "key"):
                gaps = dict.fromkeys(GAPS, False)
            else:
                deciders = mapped.filtered(lambda s: s.buying_role == "decision_maker")
                strong = mapped.filtered(
                    lambda s: s.relationship_strength in ("good", "strong")
                )
                gaps = {
                    "kam_gap_no_decision_maker": not deciders,
                    "kam_gap_single_threaded": len(strong) < 2,
                    "kam_gap_unowned_decision_maker": any(
                        not s.owner_id for s in deciders
                    ),
                    "kam_gap_stale_contact": any(
                        s._kam_contact_since() < threshold for s in mapped
                    ),
                }
            partner.update(dict(gaps, kam_gap_count=sum(gaps.values())))

    def _kam_stale_before(self):
        days = self.env["kam.settings"]._kam_get("kam_stale_contact_days")
        return fields.Date.context_today(self) - timedelta(days=days)

    @api.model
    def _kam_refresh_gaps(self):
        """Staleness moves with the days and the setting: recompute the gaps
        of every candidate and key account."""
        self.search([("kam_state", "in", ("candidate", "key"))])._kam_refresh_gaps_of()

    def _kam_refresh_gaps_of(self):
        self.env.add_to_compute(self._fields["kam_gap_stale_contact"], self)
        self.flush_recordset([*GAPS, "kam_gap_count"])

    def _kam_gap_labels(self):
        """The account's coverage gaps, by name."""
        self.ensure_one()
        return [
            self._fields[name]._description_string(self.env)
            for name in GAPS
            if self[name]
        ]
