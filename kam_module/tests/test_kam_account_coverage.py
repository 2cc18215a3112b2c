# Copyright 2026 KAM Module Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from datetime import timedelta

from freezegun import freeze_time

from odoo import fields
from odoo.tests import tagged

from .common import KamTeamCommon


@tagged("post_install", "-at_install")
class TestKamAccountCoverage(KamTeamCommon):
    """Each coverage gap on its own, their count, and their effect on the
    account's health; the relationship intelligence they read."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.plan = cls._approved_plan(cls.account, cls.manager)
        cls.covered = cls.account.kam_stakeholder_ids
        cls.decider = cls.covered.filtered(lambda s: s.buying_role == "decision_maker")

    def _gaps(self):
        return {
            name: self.account[name]
            for name in (
                "kam_gap_no_decision_maker",
                "kam_gap_single_threaded",
                "kam_gap_unowned_decision_maker",
                "kam_gap_stale_contact",
            )
            if self.account[name]
        }

    def test_a_covered_account_has_no_gap(self):
        self.assertFalse(self._gaps())
        self.assertEqual(self.account.kam_gap_count, 0)
        self.assertEqual(self.account.kam_health, "green")

    def test_each_gap_on_its_own(self):
        for change, gap in (
            (
                lambda: self.decider.write({"buying_role": "influencer"}),
                "kam_gap_no_decision_maker",
            ),
            (
                lambda: self.decider.write({"relationship_strength": "weak"}),
                "kam_gap_single_threaded",
            ),
            (
                lambda: self.decider.write({"owner_id": False}),
                "kam_gap_unowned_decision_maker",
            ),
            (
                lambda: self.decider.sudo().write(
                    {"last_contact_date": fields.Date.today() - timedelta(days=91)}
                ),
                "kam_gap_stale_contact",
            ),
        ):
            with self.subTest(gap=gap), self.env.cr.savepoint() as savepoint:
                change()
                self.assertEqual(list(self._gaps()), [gap])
                self.assertEqual(self.account.kam_gap_count, 1)
                self.assertEqual(self.account.kam_health, "amber")
                savepoint.rollback()
                self.env.invalidate_all()

    def test_three_gaps_make_the_account_critical(self):
        self.decider.write({"buying_role": "user", "relationship_strength": "none"})
        self.decider.sudo().last_contact_date = fields.Date.today() - timedelta(days=91)
        self.assertEqual(self.account.kam_gap_count, 3)
        self.assertEqual(self.account.kam_health, "red")

    def test_an_archived_contact_leaves_the_map_uncovered(self):
        self.decider.contact_id.action_archive()
        self.assertTrue(self.account.kam_gap_no_decision_maker)

    def test_the_stale_threshold_follows_the_setting_and_the_days(self):
        self.decider.sudo().last_contact_date = fields.Date.today() - timedelta(days=40)
        self.assertFalse(self.account.kam_gap_stale_contact)
        self.env["ir.config_parameter"].set_param("kam_module.stale_contact_days", 30)
        self.env["res.partner"]._kam_refresh_gaps()
        self.assertTrue(self.account.kam_gap_stale_contact)

    def test_a_newly_mapped_person_has_the_threshold_as_grace(self):
        contact = self.env["res.partner"].create(
            {"name": "New Decider", "parent_id": self.account.id}
        )
        mapped = self.env["kam.stakeholder"].create(
            {
                "partner_id": self.account.id,
                "contact_id": contact.id,
                "buying_role": "decision_maker",
            }
        )
        self.assertFalse(mapped.last_contact_date)
        self.assertFalse(self.account.kam_gap_stale_contact, "mapped a minute ago")
        for days, stale in ((89, False), (91, True)):
            with freeze_time(fields.Datetime.now() + timedelta(days=days)):
                self.decider.sudo().last_contact_date = fields.Date.today()
                self.env["res.partner"]._kam_refresh_gaps()
                self.assertEqual(self.account.kam_gap_stale_contact, stale, days)

    def test_accounts_outside_kam_have_no_gap(self):
        self.assertFalse(self.customer.kam_gap_count)

    def test_last_contact_from_an_email_and_a_done_activity(self):
        contact = self.decider.contact_id
        self.decider.sudo().last_contact_date = False
        self.account.with_user(self.manager).message_post(
            body="Proposal attached.",
            partner_ids=contact.ids,
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
        )
        self.assertEqual(self.decider.last_contact_date, fields.Date.today())
        self.decider.sudo().last_contact_date = False
        activity = contact.activity_schedule(
            "mail.mail_activity_data_call", user_id=self.manager.id
        )
        activity.action_feedback(feedback="Called about the renewal.")
        self.assertEqual(self.decider.last_contact_date, fields.Date.today())

    def test_last_contact_and_who_knows_them_from_a_meeting(self):
        self.assertIn(
            "calendar.event",
            self.env,
            "tools/test.sh installs Calendar in the test database for this test",
        )
        contact = self.decider.contact_id
        self.decider.sudo().last_contact_date = False
        self.decider.owner_id = False
        start = fields.Datetime.now() - timedelta(days=2)
        self.env["calendar.event"].create(
            {
                "name": "Quarterly business review",
                "start": start,
                "stop": start + timedelta(hours=1),
                "partner_ids": [(6, 0, (contact | self.manager_2.partner_id).ids)],
            }
        )
        self.env["kam.stakeholder"]._cron_refresh_contacts()
        self.assertEqual(self.decider.last_contact_date, start.date())
        self.assertEqual(self.decider.suggested_owner_id, self.manager_2)

    def test_who_knows_them_from_a_logged_meeting(self):
        contact = self.decider.contact_id
        activity = contact.activity_schedule(
            "mail.mail_activity_data_meeting", user_id=self.manager_2.id
        )
        activity.with_user(self.manager_2).action_feedback(feedback="Met in Basel.")
        self.decider.invalidate_recordset(["known_by_ids"])
        self.assertIn(self.manager_2, self.decider.known_by_ids)
        self.assertEqual(self.decider.last_contact_date, fields.Date.today())

    def test_who_knows_them(self):
        contact = self.decider.contact_id
        self.decider.owner_id = False
        for user, count in ((self.manager, 2), (self.manager_2, 1)):
            for _i in range(count):
                self.account.with_user(user).message_post(
                    body="Hello", partner_ids=contact.ids, message_type="comment"
                )
        self.decider.invalidate_recordset(["known_by_ids", "suggested_owner_id"])
        self.assertEqual(
            self.decider.known_by_ids.mapped("login"), ["kam_manager", "kam_manager_2"]
        )
        self.assertIn(f"{self.manager.name} (2)", self.decider.known_by_summary)
        self.assertEqual(self.decider.suggested_owner_id, self.manager)
        self.decider.action_take_suggested_owner()
        self.assertEqual(self.decider.owner_id, self.manager)
