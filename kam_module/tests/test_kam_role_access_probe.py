# Copyright 2026 KAM Module Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo.exceptions import AccessError, ValidationError
from odoo.tests import tagged
from odoo.tools import mute_logger

from odoo.addons.mail.tools.discuss import Store

from .common import KamReviewCommon

MUTED = ("odoo.addons.base.models.ir_model", "odoo.addons.base.models.ir_rule")


@tagged("post_install", "-at_install")
class TestKamRoleAccessProbe(KamReviewCommon):
    """What an area's data shows through other doors than its own records:
    a wizard, another area's snapshot, the account's chatter. A seat whose
    level in an area is none sees none of it there either."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # As the demo's Finance: plans and stakeholders, reviews read, no score.
        cls.finance = cls.env["kam.team.role"].create(
            {"name": "Probe finance", "score_access": "none"}
        )
        cls.core_seat.role_id = cls.finance
        cls.Wizard = cls.env["kam.plan.submit.wizard"]

    def _gaps_in_wizard(self, user):
        wizard = self.Wizard.with_user(user).create({"plan_id": self.plan.id})
        return wizard.read(["gaps", "plan_id"])[0]

    def test_submit_wizard_shows_no_plan_one_may_not_read(self):
        self.core_seat.plan_access = "none"
        # A member whose seat reads no plan, a manager of another account.
        for user in (self.member, self.manager_2):
            with self.subTest(user=user.login), mute_logger(*MUTED):
                with self.assertRaises(AccessError):
                    self._gaps_in_wizard(user)
        # Who may submit the plan is shown what it lacks, as before.
        self.core_seat.plan_access = "edit"
        self.assertIn("Profile is empty.", self._gaps_in_wizard(self.member)["gaps"])

    def test_reject_wizard_shows_no_plan_one_may_not_read(self):
        company = self.env["res.company"].create({"name": "Probe Co"})
        head = self._kam_user("kam_probe_head", "kam_module.group_kam_head", company)
        Reject = self.env["kam.plan.reject.wizard"].with_user(head)
        with mute_logger(*MUTED), self.assertRaises(AccessError):
            Reject.create({"plan_id": self.plan.id, "reason": "No"})

    def test_an_organizer_reads_the_accounts_reviews(self):
        self.core_seat.review_access = "none"
        review = self.review.with_user(self.manager)
        with self.assertRaisesRegex(ValidationError, "does not read the account's"):
            review.user_id = self.member
        self.core_seat.review_access = "read"
        review.user_id = self.member
        self.assertEqual(self.review.user_id, self.member)

    def test_review_snapshot_shows_the_score_to_managers_only(self):
        """The score when a review was held is the account's score, which a
        member reads through their seat's score level only (its history),
        never on a review."""
        self.review.sudo().write({"state": "done", "score_at_review": 61.5})
        review = self.review.with_user(self.member)
        self.assertEqual(self.core_seat.review_access, "read")
        self.assertEqual(review.read(["name"])[0]["name"], self.review.name)
        Review = self.Review.with_user(self.member)
        domain = [("partner_id", "=", self.account.id)]
        with mute_logger(*MUTED):
            for call in (
                lambda: review.read(["score_at_review"]),
                lambda: Review._read_group(domain, [], ["score_at_review:max"]),
                lambda: Review.search(domain + [("score_at_review", ">", 60)]),
            ):
                with self.subTest(call=call), self.assertRaises(AccessError):
                    call()
        for user in (self.manager, self.head):
            with self.subTest(user=user.login):
                self.assertEqual(self.review.with_user(user).score_at_review, 61.5)

    def _shown_trackings(self, user):
        messages = (
            self.env["mail.message"]
            .with_user(user)
            .search([("model", "=", "res.partner"), ("res_id", "=", self.account.id)])
        )
        result = Store(messages, for_current_user=True).get_result()
        return {
            (value["fieldName"], value["newValue"]["value"])
            for message in result["mail.message"]
            for value in message["trackingValues"]
        }

    def test_judgements_in_the_chatter_are_the_score_readers(self):
        criterion = self.env["kam.score.criterion"].create(
            {
                "name": "Probe judgement",
                "source": "manual",
                "company_id": self.company.id,
            }
        )
        self._score(self.account)
        line = self.env["kam.score.line"].search(
            [("partner_id", "=", self.account.id), ("criterion_id", "=", criterion.id)]
        )
        line.with_user(self.manager).manual_value = 80
        judgement = ("manual_value", 80.0)
        for user in (self.manager, self.head):
            with self.subTest(user=user.login):
                self.assertIn(judgement, self._shown_trackings(user))
        # A manager of another account, reading no score line of this one:
        # off the team, then on it in a seat without the scores.
        Line = self.env["kam.score.line"].with_user(self.manager_2)
        self.assertFalse(Line.search([("partner_id", "=", self.account.id)]))
        self.assertNotIn(judgement, self._shown_trackings(self.manager_2))
        seat = self._seat(self.account, self.manager_2, "extended")
        seat.role_id = self.finance
        self.assertEqual(seat.score_access, "none")
        self.assertNotIn(judgement, self._shown_trackings(self.manager_2))
