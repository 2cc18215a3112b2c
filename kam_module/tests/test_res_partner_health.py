# Copyright 2026 KAM Module Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from datetime import date

from freezegun import freeze_time

from odoo.tests import tagged

from .common import KamCommon


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
            self.env["res.partner"]._cron_kam_update_health()
            self.assertEqual(account.kam_health, "amber")

    def test_plan_health_lowers_the_account(self):
        account = self._key_account("Delta Ports", self.manager)
        plan = self._approved_plan(account, self.manager)
        self.assertEqual(account.kam_health, "green")
        plan.sudo().profile = False
        self.assertEqual(account.kam_health, "amber", "incomplete plan")
        with freeze_time(date(2099, 6, 1)):
            plan.invalidate_recordset(["health"])
            self.env["res.partner"]._cron_kam_update_health()
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
