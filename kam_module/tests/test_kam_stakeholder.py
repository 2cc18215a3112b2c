# Copyright 2026 KAM Module Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from psycopg2 import IntegrityError

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import KamTeamCommon

MUTED = ("odoo.addons.base.models.ir_model", "odoo.addons.base.models.ir_rule")


@tagged("post_install", "-at_install")
class TestKamStakeholder(KamTeamCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Partner = cls.env["res.partner"]
        cls.ceo, cls.buyer = Partner.create(
            [
                {"name": "Vera Ceo", "parent_id": cls.account.id, "function": "CEO"},
                {"name": "Bruno Buyer", "parent_id": cls.account.id},
            ]
        )
        cls.foreign_contact = Partner.create(
            {"name": "Olga Other", "parent_id": cls.other_account.id}
        )
        cls.Stakeholder = cls.env["kam.stakeholder"]
        cls.ceo_map = cls.Stakeholder.create(
            {
                "partner_id": cls.account.id,
                "contact_id": cls.ceo.id,
                "buying_role": "decision_maker",
                "influence": "high",
            }
        )
        cls.buyer_map = cls.Stakeholder.create(
            {
                "partner_id": cls.account.id,
                "contact_id": cls.buyer.id,
                "reports_to_id": cls.ceo_map.id,
                "owner_id": cls.manager.id,
            }
        )

    def _refused(self, exception, message, call):
        count = self.Stakeholder.search_count([])
        with self.assertRaisesRegex(exception, message), self.env.cr.savepoint():
            call()
        self.assertEqual(self.Stakeholder.search_count([]), count)

    def test_only_the_accounts_own_contacts(self):
        company_2 = self.env["res.company"].create({"name": "KAM Contact Co"})
        stray = self.env["res.partner"].create(
            {"name": "Stray", "parent_id": self.account.id, "company_id": company_2.id}
        )
        for contact, message in (
            (self.foreign_contact, "not a contact of Owned Freight"),
            (self.account, "not a contact of Owned Freight"),
            (stray, "a contact of KAM Contact Co"),
        ):
            with self.subTest(contact=contact.name):
                self._refused(
                    ValidationError,
                    message,
                    lambda c=contact: self.Stakeholder.create(
                        {"partner_id": self.account.id, "contact_id": c.id}
                    ),
                )

    @mute_logger("odoo.sql_db")
    def test_the_same_contact_twice(self):
        with self.assertRaises(IntegrityError), self.env.cr.savepoint():
            self.Stakeholder.create(
                {"partner_id": self.account.id, "contact_id": self.ceo.id}
            )

    def test_a_reporting_cycle(self):
        self._refused(
            ValidationError,
            "would report to themself",
            lambda: self.ceo_map.write({"reports_to_id": self.buyer_map.id}),
        )
        self.assertFalse(self.ceo_map.reports_to_id)

    def test_desired_strength_outside_the_scale(self):
        with self.assertRaises(ValueError), self.env.cr.savepoint():
            self.buyer_map.write({"desired_strength": "unbreakable"})
            self.buyer_map.flush_recordset()
        self.buyer_map.invalidate_recordset()
        self.assertEqual(self.buyer_map.desired_strength, "good")

    def test_gap_between_strengths(self):
        self.buyer_map.write(
            {"relationship_strength": "weak", "desired_strength": "strong"}
        )
        self.assertEqual(self.buyer_map.strength_gap, 2)

    def test_archived_contact_is_kept_and_flagged(self):
        self.buyer.action_archive()
        self.assertTrue(self.buyer_map.exists())
        self.assertFalse(self.buyer_map.contact_active)
        with self.assertRaisesRegex(UserError, "stakeholder card. Archive them"):
            self.buyer.unlink()

    @mute_logger(*MUTED)
    def test_access_follows_the_team(self):
        outsider = self._kam_user("kam_map_outsider", "kam_module.group_kam_user")
        company_2 = self.env["res.company"].create({"name": "KAM Map Co"})
        head_2 = self._kam_user(
            "kam_map_head_2", "kam_module.group_kam_head", company_2
        )
        maps = self.ceo_map | self.buyer_map
        for user, reads in (
            (self.member, maps),
            (self.extended, maps),
            (self.manager, maps),
            (self.head, maps),
            (outsider, self.Stakeholder),
            (head_2, self.Stakeholder),
        ):
            with self.subTest(user=user.login):
                found = self.Stakeholder.with_user(user).search(
                    [("id", "in", maps.ids)]
                )
                self.assertEqual(found, reads)
        self.buyer_map.with_user(self.member).attitude = "supporter"
        for user in (self.extended, outsider):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                self.buyer_map.with_user(user).attitude = "opponent"
        with self.assertRaises(AccessError):
            self.Stakeholder.with_user(self.rep).search([])
        self.assertEqual(self.buyer_map.attitude, "supporter")

    def test_handover_moves_ownership(self):
        wizard = (
            self.env["kam.handover.wizard"]
            .with_user(self.head)
            .create({"from_user_id": self.manager.id, "to_user_id": self.manager_2.id})
        )
        wizard.action_confirm()
        self.assertEqual(self.buyer_map.owner_id, self.manager_2)
        self.assertIn("1 stakeholder relationships", self.account.message_ids[0].body)
