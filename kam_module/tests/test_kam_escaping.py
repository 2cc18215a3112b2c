# Copyright 2026 KAM Module Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo.tests import tagged

from .common import KamReviewCommon

EVIL = '<a href="https://evil.example">x</a><img src="https://evil.example/i.png">'


@tagged("post_install", "-at_install")
class TestKamEscaping(KamReviewCommon):
    """Names and reasons that users type reach the Heads' to-dos and the
    chatter as text: a link or an image in them is shown, never rendered."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.manager.name = f"Mallory {EVIL}"
        cls.head.name = f"Hedda {EVIL}"
        cls.account.name = f"Owned {EVIL}"
        cls.plan.name = f"Plan {EVIL}"
        cls.review.name = f"Review {EVIL}"

    def assertEscaped(self, html, typed=True):
        html = str(html or "")
        self.assertNotIn('<a href="https://evil', html)
        self.assertNotIn("<img", html)
        if typed:
            self.assertIn("&lt;a href=", html)

    def _todos(self, record, xmlid):
        activities = record.activity_ids.filtered(
            lambda a: a.activity_type_id == self.env.ref(xmlid)
        )
        self.assertTrue(activities, f"{xmlid} on {record.display_name}")
        return activities

    def _assert_chatter_escaped(self, record):
        messages = self.env["mail.message"].search(
            [("model", "=", record._name), ("res_id", "=", record.id)]
        )
        for message in messages:
            self.assertEscaped(message.body, typed=False)
        self.assertTrue(
            any("&lt;a href=" in str(message.body) for message in messages),
            f"the typed text is in the chatter of {record._name}",
        )

    def test_every_activity_type_escapes_user_text(self):
        """Each activity type of the module, through the action that
        schedules it: its notes show the names as text."""
        seen = set()

        def check(record, xmlid, typed=True):
            for activity in self._todos(record, xmlid):
                self.assertEscaped(activity.note, typed)
            seen.add(xmlid.split(".")[1])

        prospect = self.env["res.partner"].create(
            {"name": f"Prospect {EVIL}", "is_company": True}
        )
        prospect.with_user(self.manager).action_kam_nominate()
        check(prospect, "kam_module.mail_activity_kam_nomination")

        self.plan.with_user(self.manager).action_submit()
        check(self.plan, "kam_module.mail_activity_kam_plan_approval")
        self._reject(self.plan, f"Rejected: {EVIL}", self.head)

        # The organizer's to-do has no note: the review is its summary.
        check(self.review, "kam_module.mail_activity_kam_review", typed=False)
        self._hold(self.review)
        check(self.review, "kam_module.mail_activity_kam_review_sign_off")
        self.review.with_user(self.head).action_sign_off()

        self._revoke(self.account, f"Revoked: {EVIL}", self.head)

        module_types = self.env["ir.model.data"].search(
            [("module", "=", "kam_module"), ("model", "=", "mail.activity.type")]
        )
        self.assertEqual(seen, set(module_types.mapped("name")))
        for record in (prospect, self.plan, self.review, self.account):
            self._assert_chatter_escaped(record)

    def test_criterion_failure_escapes_the_error(self):
        """The database's message may quote what a KAM administrator typed."""
        criterion = self.env["kam.score.criterion"].search(
            [("company_id", "=", self.company.id)], limit=1
        )
        criterion._report_failure(ValueError(f"column {EVIL} does not exist"))
        activities = criterion.activity_ids.filtered(
            lambda a: (
                a.activity_type_id == self.env.ref("mail.mail_activity_data_warning")
            )
        )
        self.assertIn(self.admin, activities.user_id)
        for activity in activities:
            self.assertEscaped(activity.note)

    def test_handover_escapes_the_names(self):
        wizard = (
            self.env["kam.handover.wizard"]
            .with_user(self.head)
            .create({"from_user_id": self.manager.id, "to_user_id": self.manager_2.id})
        )
        wizard.action_confirm()
        self.assertEqual(self.account.kam_user_id, self.manager_2)
        self._assert_chatter_escaped(self.account)
