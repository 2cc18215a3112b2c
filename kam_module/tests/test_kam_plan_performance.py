# Copyright 2026 KAM Module Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import Command
from odoo.tests import tagged, warmup

from .common import KamPlanCommon

LINE = {"name": {}, "sequence": {}}
FORM_FIELDS = {
    "display_name": {},
    "state": {},
    "partner_id": {"fields": {"display_name": {}}},
    "kam_user_id": {"fields": {"display_name": {}}},
    "kam_membership": {},
    "objective_progress": {},
    "action_count": {},
    "action_done_count": {},
    "action_overdue_count": {},
    "pipeline_weighted": {},
    "days_left": {},
    "health": {},
    "health_reasons": {},
    "profile": {},
    "swot_ids": {"fields": LINE | {"kind": {}, "impact": {}}},
    "competitor_ids": {"fields": LINE | {"share_of_wallet": {}}},
    "opportunity_ids": {"fields": LINE | {"estimated_value": {}, "probability": {}}},
    "objective_ids": {"fields": LINE | {"kpi": {}, "progress": {}}},
    "action_ids": {
        "fields": LINE
        | {
            "objective_id": {"fields": {"display_name": {}}},
            "user_id": {"fields": {"display_name": {}}},
            "deadline": {},
            "state": {},
            "is_overdue": {},
        }
    },
}
# The plan form: the rules' user, the account and the plan (3), the ids of
# each kind of line (5), the membership (1), the record-rule check of the
# lines on their account's team (6), the lines' fields (4), the objectives'
# actions for completeness (1), the owners' names (1), the plan's period for
# the measured objectives' straight line (1).
FORM_QUERIES = 22
LIST_FIELDS = {
    "display_name": {},
    "partner_id": {"fields": {"display_name": {}}},
    "kam_user_id": {"fields": {"display_name": {}}},
    "state": {},
    "date_end": {},
}
# To Approve: the rules' company and user (2), the plans (1), the accounts
# and managers with their names (2), the count (1).
TO_APPROVE_QUERIES = 6
ACTION_FIELDS = {
    "name": {},
    "partner_id": {"fields": {"display_name": {}}},
    "plan_id": {"fields": {"display_name": {}}},
    "user_id": {"fields": {"display_name": {}}},
    "deadline": {},
    "state": {},
    "is_overdue": {},
}
# My Actions: the rules' user (1), the actions (1), the record-rule check of
# the actions on their accounts' teams (4), the plans, accounts and owners
# with their names (3), the count (1).
MY_ACTIONS_QUERIES = 10


@tagged("post_install", "-at_install")
class TestKamPlanPerformance(KamPlanCommon):
    """A plan of 50 lines costs what a plan of 5 costs to open; To Approve and
    My Actions cost the same for 10 or 200 plans."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.plans = {}
        for size in (1, 10):
            plan = cls._plan(cls.account)
            plan.write(
                {
                    name: [Command.create({"name": f"{name} {i}"}) for i in range(size)]
                    for name in ("swot_ids", "competitor_ids", "opportunity_ids")
                }
            )
            objectives = cls.env["kam.plan.objective"].create(
                [
                    {
                        "plan_id": plan.id,
                        "name": f"Objective {i}",
                        "kpi": "KPI",
                        "target_value": 1,
                    }
                    for i in range(size - 1)
                ]
            )
            cls.env["kam.plan.action"].create(
                [
                    {
                        "plan_id": plan.id,
                        "name": f"Action {i}",
                        "objective_id": (plan.objective_ids | objectives)[i % size].id,
                        "user_id": cls.member.id,
                        "deadline": "2027-01-01",
                    }
                    for i in range(size)
                ]
            )
            cls.plans[size * 5] = plan
        cls.env["kam.plan"].search([("state", "=", "submitted")]).sudo().state = "draft"
        accounts = cls.env["res.partner"].create(
            [
                {
                    "name": f"Plan perf {i}",
                    "is_company": True,
                    "kam_user_id": cls.manager.id,
                }
                for i in range(200)
            ]
        )
        cls.submitted = cls.Plan.create(
            [{"name": f"Perf {a.name}", "partner_id": a.id} for a in accounts]
        )
        cls.submitted.with_user(cls.manager).action_submit()
        cls.env["kam.plan.action"].create(
            [
                {"plan_id": p.id, "name": "Call", "user_id": cls.member.id}
                for p in cls.submitted
            ]
        )
        for account in accounts:
            cls._seat(account, cls.member)

    @warmup
    def test_plan_form_costs_the_same_for_5_and_50_lines(self):
        for size, plan in self.plans.items():
            self.env.invalidate_all()
            with self.subTest(size=size), self.assertQueryCount(FORM_QUERIES):
                values = plan.with_user(self.manager).web_read(FORM_FIELDS)[0]
            lines = sum(
                len(values[name])
                for name in (
                    "swot_ids",
                    "competitor_ids",
                    "opportunity_ids",
                    "objective_ids",
                    "action_ids",
                )
            )
            self.assertEqual(lines, size)

    @warmup
    def test_to_approve_costs_the_same_for_10_and_200_plans(self):
        Plan = self.Plan.with_user(self.head)
        domain = [("state", "=", "submitted")]
        for limit in (10, 200):
            self.env.invalidate_all()
            with self.subTest(limit=limit), self.assertQueryCount(TO_APPROVE_QUERIES):
                result = Plan.web_search_read(domain, LIST_FIELDS, limit=limit)
            self.assertEqual(len(result["records"]), limit)

    @warmup
    def test_my_actions_cost_the_same_for_10_and_200_plans(self):
        Action = self.env["kam.plan.action"].with_user(self.member)
        domain = [("user_id", "=", self.member.id), ("plan_id.state", "=", "submitted")]
        for limit in (10, 200):
            self.env.invalidate_all()
            with self.subTest(limit=limit), self.assertQueryCount(MY_ACTIONS_QUERIES):
                result = Action.web_search_read(domain, ACTION_FIELDS, limit=limit)
            self.assertEqual(len(result["records"]), limit)
