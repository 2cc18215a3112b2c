# Copyright 2026 KAM Module Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import KamPlanCommon

MUTED = ("odoo.addons.base.models.ir_model", "odoo.addons.base.models.ir_rule")


@tagged("post_install", "-at_install")
class TestKamPlanAccess(KamPlanCommon):
    """Plans follow the account's team: core members edit drafts, extended
    members read, an action's owner updates it, the Head of KAM reads all of
    their companies', nobody else reads them."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.outsider = cls._kam_user("kam_plan_outsider", "kam_module.group_kam_user")
        cls._seat(cls.other_account, cls.outsider)
        cls.other_plan = cls._plan(cls.other_account)
        company_2 = cls.env["res.company"].create({"name": "KAM Plan Co"})
        cls.head_2 = cls._kam_user(
            "kam_plan_head_2", "kam_module.group_kam_head", company_2
        )
        cls.Objective = cls.env["kam.plan.objective"]

    def _reads(self, user):
        return self.Plan.with_user(user).search(
            [("id", "in", (self.plan | self.other_plan).ids)]
        )

    def test_who_reads_which_plan(self):
        for user, plans in (
            (self.member, self.plan),
            (self.extended, self.plan),
            (self.manager, self.plan),
            (self.outsider, self.other_plan),
            (self.head, self.plan | self.other_plan),
            (self.head_2, self.Plan),
        ):
            with self.subTest(user=user.login):
                self.assertEqual(self._reads(user), plans)
                lines = self.Objective.with_user(user).search(
                    [("plan_id", "in", (self.plan | self.other_plan).ids)]
                )
                self.assertEqual(lines.plan_id, plans)

    @mute_logger(*MUTED)
    def test_sales_rep_reads_no_plan(self):
        with self.assertRaises(AccessError):
            self.Plan.with_user(self.rep).search([])
        with self.assertRaises(AccessError):
            self.account.with_user(self.rep).read(["kam_plan_ids"])

    @mute_logger(*MUTED)
    def test_core_members_edit_drafts_extended_members_read(self):
        self.plan.with_user(self.member).write({"profile": "<p>Logistics leader</p>"})
        self.plan.objective_ids.with_user(self.member).kpi = "Revenue"
        plan = self.Plan.with_user(self.manager).create(
            {"name": "Core draft", "partner_id": self.account.id}
        )
        self.assertEqual(plan.kam_user_id, self.manager)
        for call in (
            # Plans are created by the account's manager (the New button
            # shows for them only); core members edit their drafts.
            lambda: self.Plan.with_user(self.member).create(
                {"name": "Core draft", "partner_id": self.account.id}
            ),
            lambda: self.plan.with_user(self.extended).write({"name": "Mine"}),
            lambda: self.plan.objective_ids.with_user(self.extended).write(
                {"kpi": "x"}
            ),
            lambda: self.Plan.with_user(self.extended).create(
                {"name": "Extended draft", "partner_id": self.account.id}
            ),
            lambda: self.plan.with_user(self.extended).action_submit(),
            lambda: self.other_plan.with_user(self.member).write({"name": "Theirs"}),
            lambda: self.Plan.with_user(self.member).create(
                {"name": "Elsewhere", "partner_id": self.other_account.id}
            ),
        ):
            with self.assertRaises(AccessError):
                call()
        self.assertEqual(self.plan.name, f"{self.account.name} plan")

    @mute_logger(*MUTED)
    def test_assignee_updates_their_action_whatever_their_membership(self):
        action = self._action(self.plan, self.extended)
        elsewhere = self._action(self.other_plan, self.member)
        action.with_user(self.extended).state = "in_progress"
        elsewhere.with_user(self.member).state = "done"
        self.assertEqual((action | elsewhere).mapped("state"), ["in_progress", "done"])
        with self.assertRaises(AccessError):
            elsewhere.with_user(self.member).deadline = "2027-05-01"
        with self.assertRaises(AccessError):
            action.with_user(self.outsider).state = "done"

    @mute_logger(*MUTED)
    def test_another_company_reads_and_writes_nothing(self):
        with self.assertRaises(AccessError):
            self.plan.with_user(self.head_2).read(["name"])
        with self.assertRaises(AccessError):
            self.Plan.with_user(self.head_2).create(
                {"name": "Foreign", "partner_id": self.account.id}
            )

    @mute_logger(*MUTED)
    def test_plans_and_lines_stay_where_they_are(self):
        objective = self.plan.objective_ids
        for call, message in (
            (
                lambda: self.plan.with_user(self.member).write(
                    {"partner_id": self.other_account.id}
                ),
                "it stays on its account",
            ),
            (
                lambda: objective.with_user(self.member).write(
                    {"plan_id": self.other_plan.id}
                ),
                "a line stays on its plan",
            ),
            (
                lambda: self.plan.with_user(self.member).write({"reference": "FAKE"}),
                "change only through its buttons",
            ),
        ):
            with self.assertRaisesRegex((UserError, AccessError), message):
                call()
        self.assertEqual(self.plan.partner_id, self.account)
        self.assertEqual(objective.plan_id, self.plan)
        # Plans are the manager's to create, with the sequence's reference.
        for user, vals in (
            (self.member, {}),
            (self.manager, {"reference": "FAKE"}),
        ):
            with (
                self.subTest(user=user.login),
                self.assertRaises(AccessError),
                self.env.cr.savepoint(),
            ):
                self.Plan.with_user(user).create(
                    {"name": "Spoofed", "partner_id": self.account.id, **vals}
                )
        plan = self.Plan.with_user(self.manager).create(
            {"name": "Spoofed", "partner_id": self.account.id}
        )
        self.assertTrue(plan.reference.startswith("PLAN/"))

    @mute_logger(*MUTED)
    def test_plan_lines_through_the_plan_and_the_reject_wizard(self):
        for call in (
            lambda: self.plan.with_user(self.extended).write(
                {"swot_ids": [Command.create({"name": "Added by an extended member"})]}
            ),
            lambda: self.plan.with_user(self.extended).write(
                {"objective_ids": [Command.unlink(self.plan.objective_ids.id)]}
            ),
        ):
            with self.assertRaises(AccessError):
                call()
        self.assertFalse(self.plan.swot_ids)
        self.assertTrue(self.plan.objective_ids)
        self.plan.with_user(self.manager).action_submit()
        with self.assertRaises(AccessError):
            self.env["kam.plan.reject.wizard"].with_user(self.manager).create(
                {"plan_id": self.plan.id, "reason": "Mine."}
            )
        self.assertEqual(self.plan.state, "submitted")

    def test_ended_seat_closes_the_plans(self):
        self.core_seat.active = False
        self.assertFalse(self._reads(self.member))
