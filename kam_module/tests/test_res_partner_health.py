# Copyright 2026 KAM Module Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from datetime import date

from freezegun import freeze_time

from odoo.tests import tagged

from .common import KamCommon, KamReviewCommon


@tagged("post_install", "-at_install")
class TestResPartnerHealth(KamCommon):
    def test_health_follows_state_manager_and_overdue_activities(self):
        self.assertFalse(self.customer.kam_health)
        account = self._key_account("Delta Ports", self.manager)
        self.assertEqual(account.kam_health, "amber", "no approved plan")
        self._approved_plan(account, self.manager)
        self.assertEqual(account.kam_health, "green")
        account.with_user(self.head).write({"kam_user_id": False})
        self.assertEqual(account.kam_health, "red")
        account.with_user(self.head).write({"kam_user_id": self.manager.id})
        activity = account.activity_schedule(
            "mail.mail_activity_data_todo",
            date_deadline=date(2026, 1, 10),
            user_id=self.manager.id,
        )
        self.assertEqual(account.kam_health, "amber")
        activity.action_done()
        self.assertEqual(account.kam_health, "green")

    def test_cron_lowers_health_when_activities_become_overdue(self):
        with freeze_time("2026-03-01"):
            account = self._key_account("Delta Ports", self.manager)
            self._approved_plan(account, self.manager)
            account.activity_schedule(
                "mail.mail_activity_data_todo",
                date_deadline=date(2026, 3, 5),
                user_id=self.manager.id,
            )
            self.assertEqual(account.kam_health, "green")
        with freeze_time("2026-03-10"):
            self.env["res.partner"]._cron_kam_update_health(auto_commit=False)
            self.assertEqual(account.kam_health, "amber")

    def test_cron_works_in_chunks_and_reports_its_progress(self):
        with freeze_time("2026-03-01"):
            accounts = self._key_account("Delta Ports", self.manager)
            accounts |= self._key_account("Echo Freight", self.manager)
            for account in accounts:
                self._approved_plan(account, self.manager)
                account.activity_schedule(
                    "mail.mail_activity_data_todo",
                    date_deadline=date(2026, 3, 5),
                    user_id=self.manager.id,
                )
            self.assertEqual(set(accounts.mapped("kam_health")), {"green"})
        cron = self.env.ref("kam_module.ir_cron_kam_update_health")
        progress = self.env["ir.cron.progress"].create({"cron_id": cron.id})
        keys = self.env["res.partner"].search_count([("kam_state", "=", "key")])
        self.patch(type(self.env["res.partner"]), "_kam_health_chunk", 1)
        with freeze_time("2026-03-10"):
            self.env["res.partner"].with_context(
                ir_cron_progress_id=progress.id
            )._cron_kam_update_health(auto_commit=False)
            self.assertEqual(set(accounts.mapped("kam_health")), {"amber"})
        self.assertEqual((progress.done, progress.remaining), (keys, 0))

    def test_plan_health_lowers_the_account(self):
        account = self._key_account("Delta Ports", self.manager)
        plan = self._approved_plan(account, self.manager)
        self.assertEqual(account.kam_health, "green")
        plan.sudo().profile = False
        self.assertEqual(account.kam_health, "amber", "incomplete plan")
        with freeze_time(date(2099, 6, 1)):
            plan.invalidate_recordset(["health"])
            self.env["res.partner"]._cron_kam_update_health(auto_commit=False)
            self.assertEqual(account.kam_health, "red", "stale and incomplete")

    def test_filters_find_key_accounts(self):
        account = self._key_account("Delta Ports", self.manager)
        self.customer.with_user(self.manager).action_kam_nominate()
        Partner = self.env["res.partner"].with_user(self.manager)
        self.assertIn(account, Partner.search([("is_key_account", "=", True)]))
        self.assertNotIn(self.customer, Partner.search([("is_key_account", "=", True)]))
        self.assertIn(self.customer, Partner.search([("kam_state", "=", "candidate")]))
        mine = Partner.search(
            [("is_key_account", "=", True), ("kam_user_id", "=", self.manager.id)]
        )
        self.assertEqual(mine, account)


@tagged("post_install", "-at_install")
@freeze_time("2026-03-02")
class TestResPartnerHealthRule(KamReviewCommon):
    """Each finding of the rule of the README, with its reason."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.delta = cls._key_account("Delta Ports", cls.manager)
        cls.delta_plan = cls._approved_plan(cls.delta, cls.manager)

    def _assert_health(self, health, reason=None):
        self.assertEqual(self.delta.kam_health, health)
        if reason:
            self.assertIn(reason, self.delta.kam_health_reasons)
        else:
            self.assertFalse(self.delta.kam_health_reasons)

    def test_latest_review_judges(self):
        self._assert_health("green")
        self._hold(self._review(self.delta, date="2026-02-02"), "red")
        self._assert_health("red", "judged it critical")
        self._hold(self._review(self.delta, date="2026-02-16"), "amber")
        self._assert_health("amber", "judged it at risk")
        self._hold(self._review(self.delta, date="2026-03-02"), "green")
        self._assert_health("green")

    def test_overdue_reviews_lower_then_criticize(self):
        self._review(self.delta, date="2026-02-20")
        self._assert_health("amber", "1 review(s) overdue, the oldest by 10 days")
        with freeze_time("2026-04-01"):
            self.env["res.partner"]._cron_kam_update_health(auto_commit=False)
            self._assert_health("red", "the oldest by 40 days")

    def test_overdue_plan_actions_lower(self):
        self._action(self.delta_plan, self.manager, deadline="2026-02-01")
        self._assert_health("amber", "1 plan action(s) overdue")
        self.delta_plan.action_ids.filtered("is_overdue").with_user(self.manager).write(
            {"state": "done"}
        )
        self._assert_health("green")

    def test_plan_and_coverage_findings(self):
        self.delta_plan.sudo().profile = False
        self._assert_health("amber", "The approved plan is stale or incomplete")
        self.delta.kam_stakeholder_ids.sudo().unlink()
        self._assert_health("amber", "2 coverage gap(s)")
        self.delta.with_user(self.head).write({"kam_user_id": False})
        self._assert_health("red", "No Key Account Manager")
        self.assertIn("2 coverage gap(s)", self.delta.kam_health_reasons)

    def test_change_of_health_is_tracked(self):
        self.env.cr.flush()
        self._hold(self._review(self.delta), "red")
        self.env.cr.flush()
        self.delta.invalidate_recordset(["message_ids"])
        values = self.delta.message_ids.sudo().tracking_value_ids.filtered(
            lambda v: v.field_id.name == "kam_health"
        )
        self.assertEqual(
            (values[:1].old_value_char, values[:1].new_value_char),
            ("Healthy", "Critical"),
        )
