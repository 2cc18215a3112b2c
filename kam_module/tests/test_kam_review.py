# Copyright 2026 KAM Module Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import KamReviewCommon

MUTED = ("odoo.addons.base.models.ir_model", "odoo.addons.base.models.ir_rule")


@tagged("post_install", "-at_install")
@freeze_time("2026-03-02")
class TestKamReview(KamReviewCommon):
    """A review records what the team saw and decided, snapshots the account
    when held, and is signed off by a Head of KAM who did not organize it."""

    def test_done_snapshots_the_account(self):
        tier = self.env["kam.tier"].search([("review_interval_months", "=", 6)])[:1]
        self.account.sudo().write({"kam_score": 72.5, "kam_tier_id": tier.id})
        self._hold(self.review, "amber")
        self.assertRecordValues(
            self.review,
            [
                {
                    "state": "done",
                    "score_at_review": 72.5,
                    "tier_at_review_id": tier.id,
                    "gap_count_at_review": 2,
                    "health": "amber",
                }
            ],
        )
        self.assertIn("No Decision Maker", self.review.gaps_at_review)
        self.assertIn("Single-Threaded", self.review.gaps_at_review)
        # The snapshot stays what the account was at that date.
        self.account.sudo().write({"kam_score": 40.0, "kam_tier_id": False})
        self.assertEqual(self.review.score_at_review, 72.5)
        self.assertEqual(self.review.tier_at_review_id, tier)

    def test_done_needs_the_teams_judgement(self):
        with self.assertRaisesRegex(UserError, "set the account's health"):
            self.review.with_user(self.manager).action_done()
        self.assertEqual(self.review.state, "planned")

    def test_held_early_takes_todays_date(self):
        review = self._review(self.account, date="2026-04-15")
        self._hold(review)
        self.assertEqual(str(review.date), "2026-03-02")

    def test_to_do_for_organizer_and_sign_off_for_heads(self):
        activity = self.review.activity_ids
        self.assertEqual(len(activity), 1)
        self.assertEqual(activity.user_id, self.manager)
        self.assertEqual(str(activity.date_deadline), "2026-03-02")
        self.review.with_user(self.manager).write({"date": "2026-03-09"})
        self.assertEqual(str(self.review.activity_ids.date_deadline), "2026-03-09")
        self._hold(self.review)
        sign_off = self.review.activity_ids
        self.assertEqual(
            sign_off.activity_type_id,
            self.env.ref("kam_module.mail_activity_kam_review_sign_off"),
        )
        self.assertIn(self.head, sign_off.user_id)
        self.assertNotIn(self.manager, sign_off.user_id)
        self.review.with_user(self.head).action_sign_off()
        self.assertFalse(self.review.activity_ids)

    def test_sign_off_by_a_head_never_by_the_organizer(self):
        with self.assertRaisesRegex(UserError, "expected done"):
            self.review.with_user(self.head).action_sign_off()
        self._hold(self.review)
        with mute_logger(*MUTED), self.assertRaises(AccessError):
            self.review.with_user(self.manager).action_sign_off()
        self.assertFalse(self.review.kam_may_decide)
        own = self._review(self.account, user=self.head)
        self._hold(own, user=self.head)
        self.assertEqual(own.user_id, self.head)
        self.assertFalse(own.with_user(self.head).kam_may_decide)
        with self.assertRaisesRegex(UserError, "Four eyes"):
            own.with_user(self.head).action_sign_off()
        with self.assertRaisesRegex(UserError, "keeps its organizer and date"):
            own.with_user(self.head).write({"user_id": self.manager.id})
        # Naming someone else organizer does not help who held the review.
        handed = self._review(self.account, user=self.head)
        handed.with_user(self.head).write({"user_id": self.member.id})
        self._hold(handed, user=self.head)
        self.assertEqual(handed.done_by_id, self.head)
        with self.assertRaisesRegex(UserError, "being its Recorder"):
            handed.with_user(self.head).action_sign_off()
        self.assertTrue(self.review.with_user(self.head).kam_may_decide)
        self.review.with_user(self.head).action_sign_off()
        self.assertEqual(self.review.signed_off_by_id, self.head)
        self.assertTrue(self.review.signed_off_date)
        with self.assertRaisesRegex(UserError, "signed off by"):
            self.review.with_user(self.head).action_sign_off()
        self.assertIn("signed off by", self.review.message_ids[0].body)

    def test_signed_off_and_cancelled_reviews_are_locked(self):
        self._hold(self.review)
        self.review.with_user(self.manager).write({"summary": "<p>Done.</p>"})
        self.review.with_user(self.head).action_sign_off()
        with self.assertRaisesRegex(UserError, "is signed off"):
            self.review.with_user(self.manager).write({"summary": "<p>Changed</p>"})
        with self.assertRaisesRegex(UserError, "is signed off"):
            self.review.with_user(self.manager).write(
                {"action_ids": [Command.create({"name": "Late idea"})]}
            )
        cancelled = self._review(self.account)
        cancelled.with_user(self.manager).action_cancel()
        self.assertEqual(cancelled.state, "cancelled")
        self.assertFalse(cancelled.activity_ids)
        with self.assertRaisesRegex(UserError, "is cancelled"):
            cancelled.with_user(self.manager).write({"health": "red"})
        with self.assertRaisesRegex(UserError, "expected planned"):
            cancelled.with_user(self.manager).action_done()

    def test_new_actions_land_in_the_approved_plan(self):
        approved = self._approved_plan(self.other_account, self.manager_2)
        review = self._review(self.other_account)
        self.assertEqual(review.plan_id, approved)
        review.with_user(self.manager_2).write(
            {
                "decisions": "<p>Open the Milan corridor.</p>",
                "action_ids": [
                    Command.create(
                        {
                            "name": "Milan proposal",
                            "user_id": self.manager_2.id,
                            "deadline": "2026-04-01",
                        }
                    )
                ],
            }
        )
        action = review.action_ids
        self.assertEqual(action.plan_id, approved)
        self.assertEqual(approved.state, "approved")
        self.assertIn(action, approved.action_ids)
        # The rest of the approved plan stays locked.
        with self.assertRaisesRegex(UserError, "is approved"):
            approved.with_user(self.manager_2).write({"name": "Changed"})

    def test_new_actions_land_in_a_draft_without_approved_plan(self):
        review = self._review(self.account)
        self.assertFalse(review.plan_id)
        review.with_user(self.manager).write(
            {"action_ids": [Command.create({"name": "Call the buyer"})]}
        )
        self.assertEqual(review.action_ids.plan_id, self.plan)
        self.assertEqual(review.plan_id, self.plan)
        account = self._key_account("Planless Freight", self.manager)
        planless = self._review(account)
        planless.with_user(self.manager).write(
            {"action_ids": [Command.create({"name": "Draft a plan"})]}
        )
        plan = planless.action_ids.plan_id
        self.assertEqual((plan.partner_id, plan.state), (account, "draft"))

    def test_bad_inputs(self):
        other_plan = self._plan(self.other_account)
        with self.assertRaisesRegex(ValidationError, "plan of another account"):
            self.review.with_user(self.manager).write({"plan_id": other_plan.id})
        with self.assertRaisesRegex(ValidationError, "between 0 and 60 months"):
            self.quarterly.with_user(self.admin).write({"interval_months": -3})
        with self.assertRaisesRegex(ValidationError, "is a contact of"):
            self._review(self.customer, user=self.head).copy(
                {"partner_id": self.contact.id}
            )
        with mute_logger(*MUTED):
            with self.assertRaisesRegex(AccessError, "change only through"):
                self._review(self.account, state="done")
            with self.assertRaisesRegex(AccessError, "change only through"):
                self.Review.with_user(self.manager).with_context(
                    default_signed_off_by_id=self.head.id
                ).create(
                    {"partner_id": self.account.id, "review_type_id": self.weekly.id}
                )
            with self.assertRaisesRegex(AccessError, "change only through"):
                self.review.with_user(self.manager).write({"state": "done"})
            with self.assertRaisesRegex(AccessError, "change only through"):
                self.review.with_user(self.manager).write({"is_automatic": True})
        with self.assertRaisesRegex(ValidationError, "Organizer of .* not a KAM user"):
            self._review(self.account, user_id=self.rep.id)
        submitted = self._plan(self.account)
        submitted.with_user(self.manager).action_submit()
        with self.assertRaisesRegex(ValidationError, "neither approved nor a draft"):
            self.review.with_user(self.manager).write({"plan_id": submitted.id})
        with self.assertRaisesRegex(UserError, "is submitted"):
            self.env["kam.plan.action"].with_user(self.manager).create(
                {
                    "name": "Sneaked in",
                    "review_id": self.review.id,
                    "plan_id": submitted.id,
                }
            )
        review = self.env["kam.review"].browse(self.review.id)
        with self.assertRaisesRegex(ValidationError, "another account"):
            self.env["kam.plan.action"].with_user(self.manager).create(
                {
                    "name": "Wrong account",
                    "review_id": review.id,
                    "plan_id": other_plan.id,
                }
            )
        self._hold(self.review)
        with self.assertRaisesRegex(UserError, "Cancel it instead"):
            self.review.with_user(self.manager).unlink()

    def test_state_changes_are_tracked(self):
        self.env.cr.flush()
        self._hold(self.review)
        self.env.cr.flush()
        self.review.invalidate_recordset(["message_ids"])
        values = self.review.message_ids.sudo().tracking_value_ids.filtered(
            lambda v: v.field_id.name in ("state", "health")
        )
        self.assertEqual(sorted(values.mapped("new_value_char")), ["Done", "Healthy"])

    def test_meeting_from_calendar_opens_the_review(self):
        action = self.review.with_user(self.manager).action_schedule_meeting()
        event = (
            self.env["calendar.event"]
            .with_user(self.manager)
            .with_context(**action["context"])
            .create(
                {
                    "name": "QBR",
                    "start": "2026-03-02 09:00:00",
                    "stop": "2026-03-02 10:00:00",
                }
            )
        )
        self.assertEqual(
            (event.res_model, event.res_id), ("kam.review", self.review.id)
        )
        opened = event.action_open_calendar_event()
        self.assertEqual(
            (opened["res_model"], opened["res_id"]), ("kam.review", self.review.id)
        )
        self.assertEqual(self.review.meeting_count, 1)
        self.assertTrue(self.review.has_calendar)
