# Copyright 2026 KAM Module Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from datetime import timedelta

from dateutil.relativedelta import relativedelta

from odoo import Command, fields
from odoo.exceptions import ValidationError
from odoo.tests import tagged

from .common import KamPlanCommon


@tagged("post_install", "-at_install")
class TestKamPlan(KamPlanCommon):
    def test_dates_default_from_the_plan_length_setting(self):
        self.env["ir.config_parameter"].set_param("kam_module.plan_length_months", 6)
        plan = self._plan(self.account)
        self.assertEqual(plan.date_start, fields.Date.context_today(plan))
        self.assertEqual(
            plan.date_end, plan.date_start + relativedelta(months=6, days=-1)
        )
        self.assertTrue(plan.reference.startswith("PLAN/"))

    def test_bad_input(self):
        other_objective = self._plan(self.other_account).objective_ids
        for message, call in (
            (
                "the end .* is before the start",
                lambda: self.plan.write(
                    {"date_end": self.plan.date_start - timedelta(1)}
                ),
            ),
            (
                "the probability is a percentage, from 0 to 100",
                lambda: self.plan.write(
                    {
                        "opportunity_ids": [
                            Command.create({"name": "X", "probability": 120})
                        ]
                    }
                ),
            ),
            (
                "the share of wallet is a percentage, from 0 to 100",
                lambda: self.plan.write(
                    {
                        "competitor_ids": [
                            Command.create({"name": "Y", "share_of_wallet": -5})
                        ]
                    }
                ),
            ),
            (
                "belongs to another plan",
                lambda: self._action(
                    self.plan, self.member, objective_id=other_objective.id
                ),
            ),
            (
                "the target equals the baseline",
                lambda: self.plan.objective_ids.write({"target_value": 100}),
            ),
        ):
            with (
                self.subTest(message=message),
                self.assertRaisesRegex(ValidationError, message),
                self.env.cr.savepoint(),
            ):
                call()
        self.plan.invalidate_recordset()
        self.assertFalse(self.plan.opportunity_ids)
        self.assertFalse(self.plan.competitor_ids)
        self.assertEqual(self.plan.objective_ids.target_value, 200)

    def test_a_complete_fresh_plan_is_healthy(self):
        self._complete(self.plan)
        self.assertEqual(self.plan.health, "green", self.plan.health_reasons)
        self.assertEqual(self.plan.pipeline_weighted, 240000)
        self.assertEqual(self.plan.action_count, 1)

    def test_each_completeness_rule(self):
        self._complete(self.plan)
        objective = self.plan.objective_ids
        for change, reason in (
            *(
                ({name: False}, f"{label} is empty")
                for name, label in (
                    ("profile", "Profile"),
                    ("history", "History"),
                    ("relationship_status", "Relationship Status"),
                    ("customer_goals", "Customer Goals"),
                    ("value_proposition", "Value Proposition"),
                )
            ),
            ({"swot_ids": [Command.clear()]}, "SWOT: none yet"),
            ({"competitor_ids": [Command.clear()]}, "Competition: none yet"),
            ({"opportunity_ids": [Command.clear()]}, "Opportunities: none yet"),
            (
                {"objective_ids": [Command.update(objective.id, {"kpi": False})]},
                "no KPI",
            ),
            (
                {
                    "objective_ids": [
                        Command.update(
                            objective.id, {"kpi": False, "target_value": 100}
                        )
                    ]
                },
                "no target",
            ),
            (
                {
                    "action_ids": [
                        Command.update(self.plan.action_ids.id, {"deadline": False})
                    ]
                },
                "no action with an owner and a deadline",
            ),
        ):
            with self.subTest(reason=reason), self.env.cr.savepoint() as savepoint:
                self.plan.write(change)
                self.assertEqual(self.plan.health, "amber")
                self.assertIn(reason, self.plan.health_reasons)
                savepoint.rollback()
                self.plan.invalidate_recordset()

    def test_freshness_follows_the_tier_interval(self):
        self._complete(self.plan)
        tier = self.env["kam.tier"].create(
            {"name": "Monthly", "min_score": 97, "review_interval_months": 1}
        )
        self.account.kam_tier_id = tier
        self.plan.sudo().content_date = fields.Datetime.now() - timedelta(days=31)
        self.assertEqual(self.plan.health, "amber")
        self.assertIn("Not changed for 31 days", self.plan.health_reasons)
        self.plan.objective_ids.current_value = 120
        self.assertEqual(self.plan.health, "green")

    def test_stale_and_incomplete_is_critical(self):
        self.plan.sudo().content_date = fields.Datetime.now() - timedelta(days=400)
        self.assertEqual(self.plan.health, "red")

    def test_pdf_renders_every_section(self):
        self._complete(self.plan)
        html = (
            self.env["ir.actions.report"]
            ._render_qweb_html("kam_module.action_report_kam_plan", self.plan.ids)[0]
            .decode()
        )
        for text in (
            "Account Plan",
            self.account.name,
            self.plan.reference,
            "Swiss logistics leader",
            "Cut customs clearance time by half",
            "Strengths",
            "threat item",
            "Rival AG",
            "Basel hub",
            "Grow customs revenue",
            "Workshop with the customs team",
        ):
            self.assertIn(text, html)
