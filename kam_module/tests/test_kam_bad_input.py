# Copyright 2026 KAM Module Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import re

from odoo import Command
from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged

from .common import KamReviewCommon


@tagged("post_install", "-at_install")
class TestKamBadInput(KamReviewCommon):
    """Values no one means, refused with the field and the rule."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.other_company = cls.env["res.company"].create({"name": "KAM Other Co"})
        cls.outsider = cls._kam_user(
            "kam_outsider", "kam_module.group_kam_user", company=cls.other_company
        )

    def test_opportunity_value_is_an_amount(self):
        Opportunity = self.env["kam.plan.opportunity"].with_user(self.manager)
        for value in (-1e15, -0.01, 1e12 + 1, 1e300, float("inf"), float("nan")):
            with (
                self.subTest(value=value),
                self.assertRaisesRegex(
                    ValidationError,
                    r"Opportunity New site, Estimated Value: .* is not an amount, "
                    r"from 0 to 1,000,000,000,000\.",
                ),
                self.env.cr.savepoint(),
            ):
                Opportunity.create(
                    {
                        "plan_id": self.plan.id,
                        "name": "New site",
                        "estimated_value": value,
                    }
                )
        opportunity = Opportunity.create(
            {"plan_id": self.plan.id, "name": "New site", "estimated_value": 0}
        )
        opportunity.estimated_value = 1e12
        self.assertEqual(opportunity.estimated_value, 1e12)
        with self.assertRaisesRegex(ValidationError, r"Estimated Value: -1\d{15}"):
            opportunity.estimated_value = -1e15

    def test_opportunity_probability_is_a_percentage(self):
        Opportunity = self.env["kam.plan.opportunity"].with_user(self.manager)
        for probability in (-1, 100.5, 1e300):
            with (
                self.subTest(probability=probability),
                self.assertRaisesRegex(
                    ValidationError,
                    "Opportunity New site: the probability is a percentage, "
                    "from 0 to 100.",
                ),
                self.env.cr.savepoint(),
            ):
                Opportunity.create(
                    {
                        "plan_id": self.plan.id,
                        "name": "New site",
                        "probability": probability,
                    }
                )

    def test_action_owner_is_a_kam_user_of_the_company(self):
        Action = self.env["kam.plan.action"].with_user(self.manager)
        for user, reason in (
            (self.rep, "not a KAM user: give them the Team Member group first"),
            (self.portal, "not a KAM user"),
            (self.outsider, f"not a user of {self.company.name}"),
        ):
            message = re.escape(f"Owner of action Call: {user.name} is {reason}")
            with (
                self.subTest(user=user.login),
                self.assertRaisesRegex(ValidationError, message),
                self.env.cr.savepoint(),
            ):
                Action.create(
                    {"plan_id": self.plan.id, "name": "Call", "user_id": user.id}
                )
            action = self._action(self.plan, self.member, name="Call")
            with (
                self.subTest(user=user.login, call="write"),
                self.assertRaisesRegex(ValidationError, message),
                self.env.cr.savepoint(),
            ):
                action.with_user(self.manager).user_id = user
        action = Action.create(
            {"plan_id": self.plan.id, "name": "Call", "user_id": self.member.id}
        )
        self.assertEqual(action.user_id, self.member)
        action.user_id = False
        self.assertFalse(action.user_id)

    def test_a_company_is_not_its_own_key_account(self):
        own = self.company.partner_id
        with self.assertRaisesRegex(
            UserError,
            f"Cannot nominate {own.name}: it is the company {self.company.name} "
            "itself; key accounts are customers.",
        ):
            own.with_user(self.manager).action_kam_nominate()
        self.assertEqual(own.kam_state, "none")
        self.customer.with_user(self.manager).action_kam_nominate()
        self.assertEqual(self.customer.kam_state, "candidate")

    def test_attendees_are_of_the_review_company(self):
        foreign = self.env["res.partner"].create(
            {"name": "Otto Foreign", "company_id": self.other_company.id}
        )
        shared = self.env["res.partner"].create({"name": "Sam Shared"})
        review = self.review.with_user(self.manager)
        with (
            self.assertRaisesRegex(
                UserError,
                r"Incompatible companies on records:\n.*"
                r"“Attendees” \(attendee_ids: 'Otto Foreign'\) belongs to another "
                r"company",
            ),
            self.env.cr.savepoint(),
        ):
            review.attendee_ids = [Command.link(foreign.id)]
        # A colleague of another company only: their partner is shared.
        with (
            self.assertRaisesRegex(
                ValidationError,
                f"Attendees of {re.escape(review.display_name)}: "
                f"{re.escape(self.outsider.name)} is a user of another company than "
                f"{self.company.name}.",
            ),
            self.env.cr.savepoint(),
        ):
            review.attendee_ids = [Command.link(self.outsider.partner_id.id)]
        with self.assertRaisesRegex(ValidationError, "is a user of another company"):
            self.Review.with_user(self.manager).create(
                {
                    "partner_id": self.account.id,
                    "review_type_id": self.quarterly.id,
                    "attendee_ids": [Command.set(self.outsider.partner_id.ids)],
                }
            )
        # Shared partners, the account's people, colleagues and the customer's
        # portal users attend.
        attendees = shared | self.contact | self.member.partner_id
        attendees |= self.portal.partner_id
        review.attendee_ids = [Command.set(attendees.ids)]
        self.assertEqual(review.attendee_ids, attendees)
