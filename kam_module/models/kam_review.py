# Copyright 2026 KAM Module Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from collections import defaultdict

from dateutil.relativedelta import relativedelta

from odoo import Command, api, fields, models
from odoo.exceptions import UserError, ValidationError

from .kam_account_health import HEALTH
from .kam_review_cadence import REVIEW_ACTIVITY

REVIEW_STATES = [("planned", "Planned"), ("done", "Done"), ("cancelled", "Cancelled")]


class KamReview(models.Model):
    """A meeting of the operating rhythm about one account: what the team
    saw, decided and will do, signed off by someone other than its
    organizer."""

    _name = "kam.review"
    _inherit = [
        "mail.thread",
        "mail.activity.mixin",
        "kam.account.mixin",
        "kam.approval.mixin",
        "kam.review.cadence",
    ]
    _description = "Key Account Review"
    _kam_access_area = "review"
    _check_company_auto = True
    _order = "date desc, id desc"
    # Computed proposals that the organizer may change.
    _kam_user_fields = frozenset({"name", "plan_id"})
    # Who ran the review never signs it off.
    _kam_author_fields = ("user_id", "done_by_id")
    # Core members whose level allows it record reviews and mark them held.
    _kam_action_rights = {"action_done": "edit", "action_cancel": "manage"}
    _kam_heads_activity = "kam_module.mail_activity_kam_review_sign_off"
    # A new manager takes the automatic review at once: the handover counts
    # the giver's reviews before.
    _kam_hand_over_first = True

    name = fields.Char(
        compute="_compute_name",
        store=True,
        readonly=False,
        precompute=True,
        required=True,
    )
    review_type_id = fields.Many2one(
        "kam.review.type", string="Type", required=True, index=True, tracking=True
    )
    date = fields.Date(
        required=True, default=fields.Date.context_today, index=True, tracking=True
    )
    state = fields.Selection(
        REVIEW_STATES,
        default="planned",
        required=True,
        copy=False,
        tracking=True,
        index=True,
    )
    user_id = fields.Many2one(
        "res.users",
        string="Organizer",
        required=True,
        index=True,
        tracking=True,
        default=lambda self: self.env.user,
        domain=lambda self: self.env["kam.team.member"]._domain_user_id(),
    )
    plan_id = fields.Many2one(
        "kam.plan",
        compute="_compute_plan_id",
        store=True,
        readonly=False,
        precompute=True,
        index=True,
        domain="[('partner_id', '=', partner_id), "
        "('state', 'in', ('draft', 'approved'))]",
        help="The plan the review's new actions go to: the account's approved "
        "plan, or a draft one when there is none.",
    )
    attendee_ids = fields.Many2many(
        "res.partner",
        string="Attendees",
        check_company=True,
        help="Who took part, from both sides.",
    )
    health = fields.Selection(
        HEALTH, tracking=True, help="The team's judgement of the account's health."
    )
    summary = fields.Html()
    decisions = fields.Html()
    action_ids = fields.One2many(
        "kam.plan.action", "review_id", string="New Actions", copy=False
    )
    is_automatic = fields.Boolean(
        string="Scheduled by the Cadence",
        readonly=True,
        copy=False,
        help="Scheduled by the cadence at the interval of the account's tier.",
    )
    cadence_months = fields.Integer(readonly=True, copy=False)
    cadence_from = fields.Date(readonly=True, copy=False)
    # The account's score, which team members read through their seat's
    # score level only (its history): the managers', as on the account.
    score_at_review = fields.Float(
        digits=(5, 2),
        readonly=True,
        copy=False,
        aggregator="avg",
        groups="kam_module.group_kam_manager",
    )
    tier_at_review_id = fields.Many2one(
        "kam.tier", string="Tier at Review", readonly=True, copy=False
    )
    gap_count_at_review = fields.Integer(
        string="Coverage Gaps at Review", readonly=True, copy=False
    )
    gaps_at_review = fields.Text(
        string="Coverage Gaps", readonly=True, copy=False, aggregator=None
    )
    done_by_id = fields.Many2one(
        "res.users",
        string="Recorder",
        readonly=True,
        copy=False,
        help="Who marked the review as held.",
    )
    signed_off_by_id = fields.Many2one(
        "res.users", readonly=True, copy=False, tracking=True
    )
    signed_off_date = fields.Datetime(readonly=True, copy=False)
    is_overdue = fields.Boolean(
        compute="_compute_is_overdue", search="_search_is_overdue"
    )
    meeting_count = fields.Integer(compute="_compute_meeting_count")
    has_calendar = fields.Boolean(compute="_compute_meeting_count")

    @api.depends("review_type_id")
    def _compute_name(self):
        for review in self:
            review.name = review.name or review.review_type_id.name

    @api.depends("partner_id")
    def _compute_plan_id(self):
        approved = self.env["kam.plan"].search(
            [("partner_id", "in", self.partner_id.ids), ("state", "=", "approved")]
        )
        plans = {plan.partner_id: plan for plan in approved}
        for review in self:
            if review.plan_id.partner_id != review.partner_id:
                review.plan_id = plans.get(review.partner_id)

    @api.depends("partner_id", "name")
    def _compute_display_name(self):
        for review in self:
            review.display_name = " - ".join(
                filter(None, [review.partner_id.name, review.name])
            )

    @api.depends("state", "date")
    @api.depends_context("tz")
    def _compute_is_overdue(self):
        today = fields.Date.context_today(self)
        for review in self:
            review.is_overdue = review.state == "planned" and review.date < today

    def _search_is_overdue(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise UserError(self.env._("Unsupported search on Overdue."))
        domain = [
            ("state", "=", "planned"),
            ("date", "<", fields.Date.context_today(self)),
        ]
        return domain if (operator == "=") == value else ["!", *domain]

    def _compute_meeting_count(self):
        counts = {}
        if "calendar.event" in self.env:
            counts = dict(
                self.env["calendar.event"]._read_group(
                    [("res_model", "=", self._name), ("res_id", "in", self.ids)],
                    ["res_id"],
                    ["__count"],
                )
            )
        for review in self:
            review.meeting_count = counts.get(review.id, 0)
            review.has_calendar = "calendar.event" in self.env

    @api.constrains("plan_id", "partner_id")
    def _check_plan_id(self):
        for review in self:
            plan = review.plan_id
            if plan and plan.partner_id != review.partner_id:
                raise ValidationError(
                    self.env._(
                        "Review %(review)s: plan %(plan)s is a plan of another "
                        "account.",
                        review=review.display_name,
                        plan=plan.display_name,
                    )
                )
            if plan and plan.state not in ("draft", "approved"):
                raise ValidationError(
                    self.env._(
                        "Review %(review)s: plan %(plan)s is neither approved nor "
                        "a draft; its actions cannot change.",
                        review=review.display_name,
                        plan=plan.display_name,
                    )
                )

    @api.constrains("user_id", "partner_id")
    def _check_user_id(self):
        for review in self:
            role = self.env._("Organizer of %s", review.display_name)
            review._kam_check_user(review.user_id, role)
            # The manager always reads the reviews; the system and who
            # organizes their own review are checked by the record rules.
            if review.user_id in (review.kam_user_id, self.env.user) or self.env.su:
                continue
            account = review.partner_id
            levels = account._kam_access(review.user_id)[account]
            if levels.get(review.user_id, ((), {}))[1].get("review", "none") == "none":
                raise ValidationError(
                    self.env._(
                        "%(role)s: %(user)s does not read the account's reviews "
                        "(their seat's level).",
                        role=role,
                        user=review.user_id.name,
                    )
                )

    @api.constrains("attendee_ids", "partner_id")
    def _check_attendee_ids(self):
        """Besides the partners of another company (check_company), no
        colleague who works for other companies only."""
        for review in self:
            strangers = review.attendee_ids.sudo().filtered(
                lambda p, company=review.company_id: (
                    p.user_ids
                    and all(
                        not user.share and company not in user.company_ids
                        for user in p.user_ids
                    )
                )
            )
            if strangers:
                raise ValidationError(
                    self.env._(
                        "Attendees of %(review)s: %(attendee)s is a user of another "
                        "company than %(company)s.",
                        review=review.display_name,
                        attendee=strangers[0].name,
                        company=review.company_id.name,
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        reviews = super().create(vals_list)
        reviews._kam_sync_activities()
        return reviews

    def write(self, vals):
        held = self.filtered(lambda r: r.state != "planned")
        if held and {"user_id", "date"} & vals.keys():
            # Else the organizer of a held review could hand it to someone
            # else and sign it off, or move it and the cadence by years.
            raise UserError(
                self.env._(
                    "%s: a held or cancelled review keeps its organizer and date.",
                    held[0].display_name,
                )
            )
        result = super().write(vals)
        if {"date", "user_id", "state"} & vals.keys():
            self._kam_sync_activities()
        return result

    @api.ondelete(at_uninstall=False)
    def _unlink_except_history(self):
        kept = self.filtered(lambda r: r.state != "planned" or r.is_automatic)
        if kept:
            raise UserError(
                self.env._(
                    "%s cannot be deleted: held and scheduled reviews are kept. "
                    "Cancel it instead.",
                    kept[0].display_name,
                )
            )

    @api.model
    def _kam_pending_domain(self):
        return [("state", "=", "done"), ("signed_off_date", "=", False)]

    def _kam_lock_reason(self):
        if self.signed_off_date:
            return self.env._("signed off")
        return self.state == "cancelled" and self.env._("cancelled") or None

    def _kam_unlock_hint(self):
        return self.env._("Plan a new review instead.")

    def _kam_sync_activities(self):
        """Each planned review has one to-do for its organizer on its date;
        the others have none."""
        activity_type = self.env.ref(REVIEW_ACTIVITY)
        Activity = self.env["mail.activity"].sudo()
        existing = Activity.search(
            [
                ("res_model", "=", self._name),
                ("res_id", "in", self.ids),
                ("activity_type_id", "=", activity_type.id),
            ]
        )
        by_review = {activity.res_id: activity for activity in existing}
        planned = self.filtered(lambda r: r.state == "planned")
        planned_ids = set(planned.ids)
        Activity.browse(
            [a.id for res_id, a in by_review.items() if res_id not in planned_ids]
        ).unlink()
        moves = defaultdict(Activity.browse)
        missing = []
        for review in planned:
            activity = by_review.get(review.id)
            if not activity:
                missing.append(review)
            elif (activity.date_deadline, activity.user_id) != (
                review.date,
                review.user_id,
            ):
                moves[review.date, review.user_id.id] |= activity
        for (deadline, user_id), activities in moves.items():
            activities.write({"date_deadline": deadline, "user_id": user_id})
        model_id = self.env["ir.model"]._get_id(self._name)
        Activity.with_context(mail_activity_quick_update=True).create(
            [
                {
                    "res_model_id": model_id,
                    "res_id": review.id,
                    "activity_type_id": activity_type.id,
                    "user_id": review.user_id.id,
                    "date_deadline": review.date,
                    "summary": review.display_name,
                }
                for review in missing
            ]
        )

    def action_done(self):
        """The review was held: snapshot the account as it stands, ask the
        Head of KAM to sign it off, and schedule the next one."""
        self._kam_transition(("planned",), self.env._("mark done"), "action_done")
        unjudged = self.filtered(lambda r: not r.health)
        if unjudged:
            raise UserError(
                self.env._(
                    "%s: set the account's health, as the team judges it, before "
                    "marking the review done.",
                    unjudged[0].display_name,
                )
            )
        self.sudo().activity_feedback(
            [REVIEW_ACTIVITY], feedback=self.env._("Review held.")
        )
        today = fields.Date.context_today(self)
        for review in self:
            account = review.partner_id.sudo()
            gaps = account._kam_gap_labels()
            review.sudo().write(
                {
                    "state": "done",
                    "done_by_id": self.env.uid,
                    "kam_involved_user_ids": [
                        Command.set(
                            (review.user_id | self.env.user | review.kam_user_id).ids
                        )
                    ],
                    "date": min(review.date, today),
                    "score_at_review": account.kam_score,
                    "tier_at_review_id": account.kam_tier_id.id,
                    "gap_count_at_review": len(gaps),
                    "gaps_at_review": "\n".join(gaps),
                }
            )
        self._kam_ask_heads(
            lambda review: self.env._(
                "%(user)s held %(review)s: sign it off.",
                user=review.user_id.name,
                review=review.display_name,
            )
        )
        self.browse()._kam_schedule(self.partner_id)
        return True

    def action_cancel(self):
        self._kam_transition(("planned",), self.env._("cancel"), "action_cancel")
        self.sudo().write({"state": "cancelled"})
        return True

    def action_sign_off(self):
        """The Head of KAM confirms the review; never its organizer."""
        self._kam_transition(("done",), self.env._("sign off"))
        self._kam_check_four_eyes(self.env._("sign off"))
        signed = self.filtered("signed_off_date")
        if signed:
            raise UserError(
                self.env._(
                    "%(review)s was signed off by %(user)s already.",
                    review=signed[0].display_name,
                    user=signed[0].signed_off_by_id.name,
                )
            )
        self.sudo().write(
            {"signed_off_by_id": self.env.uid, "signed_off_date": fields.Datetime.now()}
        )
        self._kam_close_asks(self.env._("Signed off."))
        for review in self:
            review.message_post(
                body=self.env._("Review signed off by %s.", self.env.user.name),
                subtype_xmlid="mail.mt_note",
            )
        return True

    def action_schedule_meeting(self):
        """A Calendar meeting about the review, which links back to it."""
        self.ensure_one()
        if "calendar.event" not in self.env:
            raise UserError(self.env._("Install Calendar to schedule meetings."))
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "calendar.action_calendar_event"
        )
        action["context"] = {
            "default_res_model": self._name,
            "default_res_id": self.id,
            "default_name": self.display_name,
            "default_partner_ids": (self.attendee_ids | self.user_id.partner_id).ids,
            "default_start": fields.Datetime.to_string(
                fields.Datetime.to_datetime(self.date) + relativedelta(hours=9)
            ),
            "initial_date": fields.Date.to_string(self.date),
        }
        action["domain"] = [("res_model", "=", self._name), ("res_id", "=", self.id)]
        return action

    def _kam_action_plan(self):
        """Where the review's new actions go: its plan if still open, else
        the account's approved plan, else a draft, new if need be."""
        self.ensure_one()
        if self.plan_id.state in ("draft", "approved"):
            return self.plan_id
        plans = self.partner_id.kam_plan_ids
        plan = (
            plans.filtered(lambda p: p.state == "approved")[:1]
            or plans.filtered(lambda p: p.state == "draft")[:1]
        )
        if not plan:
            plan = self.env["kam.plan"].create(
                {
                    "partner_id": self.partner_id.id,
                    "name": self.env._("Actions of the reviews"),
                }
            )
        self.plan_id = plan
        return plan

    @api.model
    def _kam_hand_over(self, accounts, from_user, to_user):
        """The giver's planned reviews of the accounts go to the receiver."""
        reviews = self.sudo().search(
            [
                ("partner_id", "in", accounts.ids),
                ("user_id", "=", from_user.id),
                ("state", "=", "planned"),
            ]
        )
        reviews.write({"user_id": to_user.id})
        return {
            account: [self.env._("%s planned reviews", len(account_reviews))]
            for account, account_reviews in reviews.grouped("partner_id").items()
        }
