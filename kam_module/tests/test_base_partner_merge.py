# Copyright 2026 KAM Module Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import KamScoringCommon


@tagged("post_install", "-at_install")
class TestBasePartnerMerge(KamScoringCommon):
    """Merging duplicate partners with Odoo's wizard keeps one key-account
    history: the furthest status, every judgement, one score a day."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.value = cls._manual_criterion(name="Value")
        cls.fit = cls._manual_criterion(name="Fit")
        for user in (cls.manager, cls.head, cls.rep):
            user.company_ids += cls.scoring_company
        cls.key = cls._account(
            "Epsilon Ports",
            email="info@epsilon.example.com",
            kam_state="key",
            kam_user_id=cls.manager.id,
        )
        cls.duplicate = cls._account(
            "Epsilon Ports AG", email="info@epsilon.example.com"
        )

    def _judge(self, account, criterion, value):
        self._line(account, criterion).manual_value = value

    def _merge(self, user, destination):
        wizard = (
            self.env["base.partner.merge.automatic.wizard"]
            .with_user(user)
            .with_context(allowed_company_ids=self.scoring_company.ids)
            .create(
                {
                    "partner_ids": [Command.set((self.key | self.duplicate).ids)],
                    "dst_partner_id": destination.id,
                }
            )
        )
        wizard.action_merge()

    def test_merge_keeps_one_history_and_every_judgement(self):
        with freeze_time("2026-03-02"):
            self._score(self.key | self.duplicate)
            self._judge(self.key, self.value, 80)
            self._judge(self.duplicate, self.value, 20)
        with freeze_time("2026-03-03"):
            self._judge(self.duplicate, self.fit, 60)
        with freeze_time("2026-03-04"):
            self._judge(self.key, self.fit, 50)
        # The duplicate survives; the key account is merged into it.
        self._merge(self.head, self.duplicate)
        self.assertFalse(self.key.exists())
        self.assertRecordValues(
            self.duplicate,
            [{"kam_state": "key", "kam_user_id": self.manager.id}],
        )
        lines = self.duplicate.kam_score_line_ids
        self.assertEqual(
            sorted((line.criterion_id.name, line.manual_value) for line in lines),
            [("Fit", 60), ("Value", 20)],
        )
        # One row a day: the surviving partner's where both had one, the
        # merged one's where only it had one, and today's after the merge.
        history = self.env["kam.score.history"].search(
            [("partner_id", "=", self.duplicate.id), ("date", "<", "2026-03-05")],
            order="date",
        )
        self.assertEqual(
            [(str(row.date), row.score) for row in history],
            [("2026-03-02", 10), ("2026-03-03", 40), ("2026-03-04", 65)],
        )
        self.assertFalse(
            self.env["kam.score.history"].search([("partner_id", "=", self.key.id)])
        )
        self.assertEqual(self.duplicate.kam_score, 40)

    def test_a_judgement_fills_a_missing_one(self):
        self._score(self.key | self.duplicate)
        self._judge(self.duplicate, self.fit, 30)
        self._merge(self.head, self.key)
        self.assertFalse(self.duplicate.exists())
        self.assertEqual(self._line(self.key, self.fit).manual_value, 30)
        self.assertEqual(self.key.kam_state, "key")

    def test_merging_key_accounts_is_the_head_of_kam_s_call(self):
        with self.assertRaisesRegex(UserError, "the Head of KAM.s call"):
            self._merge(self.rep, self.duplicate)
        self.assertTrue(self.key.exists())
        self.assertEqual(self.key.kam_state, "key")

    def test_a_declined_candidate_is_merged_by_the_head_of_kam_only(self):
        self.key.sudo().write({"kam_state": "none", "kam_user_id": False})
        self.duplicate.with_user(self.manager).action_kam_nominate()
        self.duplicate.with_user(self.head).action_kam_decline()
        with self.assertRaisesRegex(UserError, "the Head of KAM's call"):
            self._merge(self.rep, self.key)
        self._merge(self.head, self.key)
        self.assertEqual(self.key.kam_nominated_by_id, self.manager)

    def test_merge_keeps_one_seat_per_person(self):
        role = self.env.ref("kam_module.kam_team_role_finance")
        self.member.company_ids += self.scoring_company
        self.manager_2.company_ids += self.scoring_company
        Seat = self.env["kam.team.member"]
        for account, allocation in ((self.key, 30), (self.duplicate, 50)):
            Seat.create(
                {
                    "partner_id": account.id,
                    "user_id": self.member.id,
                    "role_id": role.id,
                    "allocation": allocation,
                }
            )
        Seat.create(
            {
                "partner_id": self.duplicate.id,
                "user_id": self.manager_2.id,
                "role_id": role.id,
            }
        )
        # The duplicate survives and takes the key account's status and manager.
        self._merge(self.head, self.duplicate)
        seats = self.duplicate.kam_team_member_ids
        self.assertEqual(seats.user_id, self.manager | self.member | self.manager_2)
        member_seat = seats.filtered(lambda s: s.user_id == self.member)
        self.assertEqual(member_seat.allocation, 80)
        manager_seat = seats.filtered(lambda s: s.user_id == self.manager)
        self.assertTrue(manager_seat.role_id.is_kam)
        self.assertFalse(
            Seat.with_context(active_test=False).search(
                [("partner_id", "=", self.key.id)]
            )
        )

    def test_merge_keeps_one_planned_automatic_review(self):
        self.duplicate.sudo().write(
            {"kam_state": "key", "kam_user_id": self.manager.id}
        )
        Review = self.env["kam.review"]
        Review._kam_schedule(self.key | self.duplicate)
        reviews = Review.search([("partner_id", "in", (self.key | self.duplicate).ids)])
        self.assertEqual(len(reviews), 2)
        self._merge(self.head, self.duplicate)
        self.assertEqual(reviews.partner_id, self.duplicate)
        self.assertEqual(sorted(reviews.mapped("state")), ["cancelled", "planned"])

    def test_merge_keeps_every_plan_and_one_card_per_contact(self):
        for user in (self.member, self.manager_2):
            user.company_ids += self.scoring_company
        Plan = self.env["kam.plan"]
        plans = Plan.create(
            [
                {"name": f"Plan {p.name}", "partner_id": p.id}
                for p in (self.key, self.duplicate)
            ]
        )
        plans.sudo().write({"state": "approved"})
        contact = self.env["res.partner"].create(
            {"name": "Zoe Epsilon", "parent_id": self.key.id}
        )
        self.env["kam.stakeholder"].create(
            {
                "partner_id": self.key.id,
                "contact_id": contact.id,
                "buying_role": "champion",
            }
        )
        self._merge(self.head, self.duplicate)
        self.assertEqual(plans.exists(), plans, "no plan is lost")
        self.assertEqual(plans.partner_id, self.duplicate)
        self.assertEqual(sorted(plans.mapped("state")), ["approved", "closed"])
        self.assertEqual(plans.company_id, self.scoring_company)
        card = self.duplicate.kam_stakeholder_ids
        self.assertEqual(card.contact_id, contact)
        self.assertEqual(contact.commercial_partner_id, self.duplicate)

    def test_merging_two_mapped_contacts_keeps_one_card(self):
        Partner = self.env["res.partner"]
        zoe, zoe_again = Partner.create(
            [
                {
                    "name": "Zoe",
                    "parent_id": self.key.id,
                    "email": "zoe@epsilon.example.com",
                },
                {
                    "name": "Zoe E.",
                    "parent_id": self.key.id,
                    "email": "zoe@epsilon.example.com",
                },
            ]
        )
        Stakeholder = self.env["kam.stakeholder"]
        kept, merged = Stakeholder.create(
            [
                {
                    "partner_id": self.key.id,
                    "contact_id": zoe.id,
                    "buying_role": "champion",
                },
                {
                    "partner_id": self.key.id,
                    "contact_id": zoe_again.id,
                    "buying_role": "user",
                },
            ]
        )
        wizard = (
            self.env["base.partner.merge.automatic.wizard"]
            .with_user(self.head)
            .with_context(allowed_company_ids=self.scoring_company.ids)
            .create(
                {
                    "partner_ids": [Command.set((zoe | zoe_again).ids)],
                    "dst_partner_id": zoe.id,
                }
            )
        )
        wizard.action_merge()
        self.assertEqual(self.key.kam_stakeholder_ids, kept)
        self.assertFalse(merged.exists())
        self.assertEqual(kept.buying_role, "champion")
