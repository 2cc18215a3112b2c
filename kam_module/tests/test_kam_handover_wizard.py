# Copyright 2026 KAM Module Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from datetime import timedelta

from odoo import fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, tagged
from odoo.tools import mute_logger
from odoo.tools.safe_eval import safe_eval

from .common import KamTeamCommon


@tagged("post_install", "-at_install")
class TestKamHandoverWizard(KamTeamCommon):
    """A leaving manager's accounts change hands in one step."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.second_account = cls._key_account("Second Freight", cls.manager)
        # The receiver already helps on the first account; the giver helps on
        # the receiver's own account.
        cls.receiver_seat = cls._seat(
            cls.account, cls.manager_2, "extended", allocation=30
        )
        cls._manager_seat(cls.account).allocation = 40
        cls.giver_help = cls._seat(cls.other_account, cls.manager, "extended")

    def _hand_over(self, user=None, **vals):
        wizard = (
            self.env["kam.handover.wizard"]
            .with_user(user or self.head)
            .create(
                {
                    "from_user_id": self.manager.id,
                    "to_user_id": self.manager_2.id,
                    **vals,
                }
            )
        )
        return wizard.action_confirm()

    def _seats(self, user):
        return self.Seat.with_context(active_test=False).search(
            [
                ("user_id", "=", user.id),
                (
                    "partner_id",
                    "in",
                    (self.account | self.second_account | self.other_account).ids,
                ),
            ]
        )

    def test_default_is_every_account_of_the_giver(self):
        wizard = (
            self.env["kam.handover.wizard"]
            .with_user(self.head)
            .create({"from_user_id": self.manager.id, "to_user_id": self.manager_2.id})
        )
        self.assertEqual(
            wizard.partner_ids, self.account | self.second_account | self.other_account
        )

    def test_handover_moves_ownership_and_seats(self):
        self._hand_over()
        accounts = self.account | self.second_account
        self.assertEqual(accounts.kam_user_id, self.manager_2)
        self.assertFalse(self._seats(self.manager), "the giver keeps nothing")
        seats = self._seats(self.manager_2)
        self.assertEqual(len(seats), 3, "one seat per account, no duplicate")
        merged = seats.filtered(lambda s: s.partner_id == self.account)
        self.assertEqual(merged, self.receiver_seat)
        self.assertEqual(merged.membership, "core")
        self.assertTrue(merged.role_id.is_kam)
        self.assertEqual(merged.allocation, 70)
        self.assertTrue(all(seats.mapped("is_current")))
        # Their own account's help seat merged into the manager's seat.
        own = seats.filtered(lambda s: s.partner_id == self.other_account)
        self.assertTrue(own.role_id.is_kam)
        for account in accounts | self.other_account:
            message = account.message_ids[0]
            self.assertIn("handed over to kam_manager_2", message.body)
            self.assertIn("team seat", message.body)
        self.assertIn("account ownership", self.account.message_ids[0].body)
        self.assertNotIn("account ownership", self.other_account.message_ids[0].body)

    def test_handover_from_a_user_who_left(self):
        self.manager.active = False
        self._hand_over()
        self.assertEqual(self.account.kam_user_id, self.manager_2)
        self.assertFalse(self._seats(self.manager))

    def test_allocation_merged_up_to_100(self):
        self.receiver_seat.allocation = 80
        self._hand_over(partner_ids=[(6, 0, self.account.ids)])
        self.assertEqual(self.receiver_seat.allocation, 100)
        # Only the chosen account moved.
        self.assertEqual(self.second_account.kam_user_id, self.manager)

    def _assert_refused(self, message, **vals):
        before = self._seats(self.manager) | self._seats(self.manager_2)
        owners = (self.account | self.second_account).mapped("kam_user_id")
        with self.assertRaisesRegex(UserError, message):
            self._hand_over(**vals)
        self.assertEqual(
            self._seats(self.manager) | self._seats(self.manager_2), before
        )
        self.assertEqual(
            (self.account | self.second_account).mapped("kam_user_id"), owners
        )

    def test_handover_to_oneself(self):
        self._assert_refused(
            "cannot hand accounts over to themself", to_user_id=self.manager.id
        )

    def test_handover_to_a_user_without_the_group(self):
        self._assert_refused(
            "is not in the Key Account Manager group", to_user_id=self.member.id
        )

    def test_handover_to_a_user_of_another_company(self):
        company_2 = self.env["res.company"].create({"name": "KAM Handover Co"})
        stranger = self._kam_user(
            "kam_far_manager", "kam_module.group_kam_manager", company_2
        )
        self._assert_refused("is not a user of", to_user_id=stranger.id)

    def test_handover_of_an_account_the_giver_is_not_on(self):
        stranger = self._key_account("Stranger Freight", self.head)
        self._assert_refused(
            "neither manages nor is on the team of Stranger Freight",
            partner_ids=[(6, 0, stranger.ids)],
        )

    @mute_logger("odoo.addons.base.models.ir_model")
    def test_only_the_head_hands_over(self):
        with self.assertRaises(AccessError):
            self._hand_over(user=self.manager)
        self.assertEqual(self.account.kam_user_id, self.manager)

    def test_the_receiver_is_warned_of_the_allocation_after(self):
        Seat = self.Seat.sudo()
        wizard = (
            self.env["kam.handover.wizard"]
            .with_user(self.head)
            .create({"from_user_id": self.manager.id, "to_user_id": self.manager_2.id})
        )
        expected = wizard.allocation_after
        before = Seat._allocation_totals(self.manager_2)[self.manager_2, self.company]
        self.assertGreater(expected, before)
        wizard.action_confirm()
        self.assertEqual(
            Seat._allocation_totals(self.manager_2)[self.manager_2, self.company],
            expected,
        )

    def test_the_form_warns_of_an_over_allocated_receiver(self):
        self.receiver_seat.allocation = 95
        self._manager_seat(self.second_account).allocation = 50
        form = Form(
            self.env["kam.handover.wizard"].with_user(self.head),
            view="kam_module.kam_handover_wizard_view_form",
        )
        form.from_user_id = self.manager
        self.assertEqual(form.allocation_after, 0, "no receiver yet")
        form.to_user_id = self.manager_2
        self.assertGreater(form.allocation_after, 100)
        wizard = form.save()
        wizard.action_confirm()
        self.assertEqual(
            self.Seat.sudo()._allocation_totals(self.manager_2)[
                self.manager_2, self.company
            ],
            wizard.allocation_after,
            "handed over all the same",
        )

    def test_the_giver_is_not_offered_as_receiver(self):
        Wizard = self.env["kam.handover.wizard"].with_user(self.head)
        domain = Wizard._fields["to_user_id"]._description_domain(Wizard.env)
        offered = self.env["res.users"].search(
            safe_eval(domain, {"from_user_id": self.manager.id})
        )
        self.assertIn(self.manager_2, offered)
        self.assertNotIn(self.manager, offered)

    def test_the_chatter_counts_every_planned_review_handed_over(self):
        Review = self.env["kam.review"]
        self.second_account.kam_tier_id = self.env["kam.tier"].create(
            {"name": "Monthly", "min_score": 97, "review_interval_months": 1}
        )
        automatic = Review.search(
            [("partner_id", "=", self.second_account.id), ("state", "=", "planned")]
        )
        self.assertEqual(automatic.user_id, self.manager, "the cadence's review")
        manual = Review.create(
            {
                "name": "Customs workshop",
                "review_type_id": self.env.ref(
                    "kam_module.kam_review_type_quarterly"
                ).id,
                "partner_id": self.second_account.id,
                "date": fields.Date.today() + timedelta(days=10),
                "user_id": self.manager.id,
            }
        )
        self._hand_over()
        self.assertEqual((automatic | manual).user_id, self.manager_2)
        self.assertIn("2 planned reviews", self.second_account.message_ids[0].body)
