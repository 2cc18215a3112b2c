# Copyright 2026 KAM Module Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models

HEALTH = [("green", "Healthy"), ("amber", "At risk"), ("red", "Critical")]
# The cadence of an account without a tier, or of a tier without one.
DEFAULT_REVIEW_MONTHS = 3
# A review overdue for longer makes the account critical.
REVIEW_GRACE_DAYS = 30


class KamAccountHealth(models.AbstractModel):
    """The health of a key account, with its reasons, and the date of its
    next review: stored on the account, so that lists filter by them."""

    _name = "kam.account.health"
    _inherit = ["mail.thread"]
    _description = "Key Account Health"
    # Accounts per transaction of the nightly health job.
    _kam_health_chunk = 1000

    # Stored for the lists of those who read every account; the team reads
    # its accounts' through kam_my_next_review_date.
    kam_next_review_date = fields.Date(
        string="Next Review",
        compute="_compute_kam_next_review_date",
        store=True,
        groups="kam_module.group_kam_manager",
        help="The date of the account's next planned review.",
    )
    kam_my_next_review_date = fields.Date(
        string="Next Review (My Accounts)",
        compute="_compute_kam_my_health",
        groups="kam_module.group_kam_user",
        help="The date of the account's next planned review, for those who "
        "read its reviews.",
    )
    kam_health = fields.Selection(
        HEALTH,
        string="Health",
        compute="_compute_kam_health",
        store=True,
        tracking=True,
        groups="base.group_user",
        help="Critical: no Key Account Manager, the latest review judged it "
        "critical, a review overdue by more than 30 days, an approved plan both "
        "stale and incomplete, or three coverage gaps or more. At risk: the "
        "latest review judged it at risk, an overdue review, overdue plan "
        "actions, no approved plan or a stale or incomplete one, a coverage gap, "
        "or overdue activities on the account. Healthy otherwise.",
    )
    # What the reviews and plans say: for the KAM users, not for everyone who
    # sees the health.
    kam_health_reasons = fields.Text(
        string="Health Reasons",
        compute="_compute_kam_health",
        store=True,
        groups="kam_module.group_kam_manager",
    )
    kam_my_health_reasons = fields.Text(
        string="Health Reasons (My Accounts)",
        compute="_compute_kam_my_health",
        groups="kam_module.group_kam_user",
        help="Why this health, for those who read the account's plans and reviews.",
    )

    @api.depends("kam_review_ids.state", "kam_review_ids.date")
    def _compute_kam_next_review_date(self):
        planned = dict(
            self.env["kam.review"]
            .sudo()
            ._read_group(
                [("partner_id", "in", self._origin.ids), ("state", "=", "planned")],
                ["partner_id"],
                ["date:min"],
            )
        )
        for partner in self:
            partner.kam_next_review_date = planned.get(partner._origin)

    @api.depends(
        "kam_next_review_date",
        "kam_health_reasons",
        "kam_my_plan_access",
        "kam_my_review_access",
    )
    @api.depends_context("uid")
    def _compute_kam_my_health(self):
        """The stored values, for Key Account Managers and Heads; for the
        members of the account's team, the next review to those who read its
        reviews and the reasons, drawn from plans and reviews, to those who
        read both; nothing for the others."""
        everywhere = self.env.user.has_group("kam_module.group_kam_manager")
        for partner in self:
            stored = partner.sudo()
            reviews = everywhere or partner.kam_my_review_access != "none"
            plans = everywhere or partner.kam_my_plan_access != "none"
            partner.kam_my_next_review_date = reviews and stored.kam_next_review_date
            partner.kam_my_health_reasons = (
                reviews and plans and stored.kam_health_reasons
            )

    @api.depends(
        "kam_state",
        "kam_user_id",
        "activity_ids.date_deadline",
        "kam_plan_ids.state",
        "kam_plan_ids.health",
        "kam_plan_ids.action_ids.state",
        "kam_plan_ids.action_ids.deadline",
        "kam_review_ids.state",
        "kam_review_ids.date",
        "kam_review_ids.health",
        "kam_gap_count",
    )
    def _compute_kam_health(self):
        """The rule of the README, with its reasons: the worst finding of the
        manager, the latest review, overdue reviews and plan actions, the
        approved plan, coverage gaps and overdue activities."""
        keys = self.filtered(lambda p: p.kam_state == "key")
        (self - keys).update({"kam_health": False, "kam_health_reasons": False})
        facts = keys._kam_health_facts()
        for partner in keys:
            findings = partner._kam_health_findings(facts)
            partner.kam_health = (
                "red" if findings["red"] else "amber" if findings["amber"] else "green"
            )
            partner.kam_health_reasons = "\n".join(findings["red"] + findings["amber"])

    def _kam_health_facts(self):
        """What health reads beyond the partner, for all of ``self`` in a
        few queries: {fact: {partner id: value}}."""
        today = fields.Date.context_today(self)
        ids = self._origin.ids
        Review = self.env["kam.review"].sudo()
        latest = {}
        for review in Review.search_fetch(
            [("partner_id", "in", ids), ("state", "=", "done")],
            ["partner_id", "health", "name", "date"],
            order="date desc, id desc",
        ):
            latest.setdefault(review.partner_id.id, review)
        overdue = Review._read_group(
            [("partner_id", "in", ids), ("is_overdue", "=", True)],
            ["partner_id"],
            ["date:min", "__count"],
        )
        actions = (
            self.env["kam.plan.action"]
            .sudo()
            ._read_group(
                [
                    ("partner_id", "in", ids),
                    ("plan_id.state", "=", "approved"),
                    ("deadline", "<", today),
                    ("state", "in", ("todo", "in_progress")),
                ],
                ["partner_id"],
                ["__count"],
            )
        )
        return {
            "latest_review": latest,
            "overdue_reviews": {p.id: (d, n) for p, d, n in overdue},
            "overdue_actions": {p.id: n for p, n in actions},
            "today": today,
        }

    def _kam_health_findings(self, facts):
        """{'red': [reasons], 'amber': [reasons]} of one account."""
        origin = self._origin.id
        today = facts["today"]
        red, amber = [], []
        if not self.kam_user_id:
            red.append(self.env._("No Key Account Manager."))
        review = facts["latest_review"].get(origin)
        if review and review.health in ("red", "amber"):
            (red if review.health == "red" else amber).append(
                self.env._(
                    "The latest review, %(review)s of %(date)s, judged it %(health)s.",
                    review=review.name,
                    date=review.date,
                    health=dict(HEALTH)[review.health].lower(),
                )
            )
        if origin in facts["overdue_reviews"]:
            since, count = facts["overdue_reviews"][origin]
            days = (today - since).days
            (red if days > REVIEW_GRACE_DAYS else amber).append(
                self.env._(
                    "%(count)s review(s) overdue, the oldest by %(days)s days.",
                    count=count,
                    days=days,
                )
            )
        if origin in facts["overdue_actions"]:
            amber.append(
                self.env._(
                    "%s plan action(s) overdue.", facts["overdue_actions"][origin]
                )
            )
        plan = self.kam_plan_ids.filtered(lambda p: p.state == "approved")[:1]
        if not plan:
            amber.append(self.env._("No approved plan."))
        elif plan.health != "green":
            (red if plan.health == "red" else amber).append(
                self.env._(
                    "The approved plan is %s.",
                    self.env._("stale and incomplete")
                    if plan.health == "red"
                    else self.env._("stale or incomplete"),
                )
            )
        if self.kam_gap_count:
            (red if self.kam_gap_count >= 3 else amber).append(
                self.env._("%s coverage gap(s).", self.kam_gap_count)
            )
        if any(d < today for d in self.activity_ids.mapped("date_deadline")):
            amber.append(self.env._("Overdue activities."))
        return {"red": red, "amber": amber}

    def _kam_review_interval(self):
        """Months between the account's formal reviews: its tier's cadence
        (the default one for no account yet, as on a new plan)."""
        return self.kam_tier_id.review_interval_months or DEFAULT_REVIEW_MONTHS

    @api.model
    def _cron_kam_update_health(self, auto_commit=True):
        """Health depends on today's date through overdue reviews, plan
        actions and activities: recompute every key account, in chunks, each
        committed in its own transaction."""
        field = self._fields["kam_health"]
        self.env["ir.cron"]._kam_run_in_chunks(
            self.search([("kam_state", "=", "key")], order="id"),
            self._kam_health_chunk,
            lambda accounts: self.env.add_to_compute(field, accounts),
            auto_commit,
        )
