# Copyright 2026 KAM Module Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from datetime import timedelta

from odoo import Command, fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged, warmup
from odoo.tools import mute_logger

from .common import KamPlanCommon

MUTED = ("odoo.addons.base.models.ir_model", "odoo.addons.base.models.ir_rule")
# The plan's measure: the user and the access check, the open plans, their
# accounts' families (one query), their objectives, one aggregate a scan of
# the same records, the changed values written, the plans stamped; with
# Sales and Invoicing (the test database has them), the plans' revenue and
# the accounts' revenue fields.
MEASURE_QUERIES = 10
# A chunk of the nightly measure: the same for 10 plans as for 1,000, and
# once a night the companies' key-account share.
NIGHTLY_QUERIES = 14


@tagged("post_install", "-at_install")
class TestKamPlanMeasure(KamPlanCommon):
    """A measured objective reads its current value from the data: records of
    the account, its contacts and child companies, of the plan's company,
    dated within the plan's period up to today. The sources here are the
    score history and the messages (any installed model would do)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.plan.write({"date_start": "2026-01-01", "date_end": "2026-12-31"})
        cls.child = cls.env["res.partner"].create(
            {
                "name": "Owned Freight Basel",
                "is_company": True,
                "parent_id": cls.account.id,
            }
        )
        contact = cls.env["res.partner"].create(
            {"name": "Measure Contact", "parent_id": cls.account.id}
        )
        rows = [
            (cls.account, 5, "2026-03-01"),  # counts
            (cls.child, 7, "2026-06-01"),  # a child company counts
            (contact, 3, "2026-06-01"),  # a contact counts
            (cls.account, 100, "2025-12-31"),  # before the period
            (cls.other_account, 50, "2026-03-01"),  # another account
        ]
        cls.env["kam.score.history"].create(
            [
                {"partner_id": partner.id, "score": score, "date": day}
                for partner, score, day in rows
            ]
        )
        cls.objective = cls.plan.objective_ids
        cls.objective.write(cls._source())

    @classmethod
    def _source(cls, model="kam.score.history", **vals):
        field = cls.env["ir.model.fields"]._get
        return {
            "source": "computed",
            "current_value": 0,
            "model_id": cls.env["ir.model"]._get(model).id,
            "partner_field_id": field(model, "partner_id").id,
            "measure_field_id": field(model, "score").id,
            "aggregate": "sum",
            "date_field_id": field(model, "date").id,
            **vals,
        }

    def test_measure_counts_the_family_in_the_period_and_company(self):
        self.plan.with_user(self.member).action_measure()
        self.assertEqual(self.objective.current_value, 15)
        self.assertTrue(self.objective.measured_on)
        self.assertEqual(self.objective.measured_on, self.plan.measured_on)
        # An objective being added in the form was not measured with it.
        new = self.env["kam.plan.objective"].new(
            {"plan_id": self.plan.id, "source": "computed"}
        )
        self.assertFalse(new.measured_on)
        self.assertEqual(self.objective.progress, 0)  # baseline 100, target 200
        self.objective.write({"aggregate": "count", "measure_field_id": False})
        self.objective.action_measure()
        self.assertEqual(self.objective.current_value, 3)

    def test_measures_of_the_same_records_are_read_together(self):
        """A count, a sum, an average and a maximum of the same records, over
        two plans of different periods: one scan each, right values."""
        field = self.env["ir.model.fields"]._get
        score = field("kam.score.history", "score").id
        other = self._plan(self.other_account, objective_ids=[])
        for plan in (self.plan, other):
            plan.write(
                {
                    "objective_ids": [
                        Command.create(
                            {
                                "name": aggregate,
                                **self._source(
                                    aggregate=aggregate,
                                    measure_field_id=aggregate != "count" and score,
                                ),
                            }
                        )
                        for aggregate in ("count", "sum", "avg", "max")
                    ]
                }
            )
        other.write({"date_start": "2026-01-01", "date_end": "2026-12-31"})
        (self.plan | other)._kam_measure()
        measured = {
            (o.plan_id, o.name): o.current_value
            for o in (self.plan | other).objective_ids
            if o.name in ("count", "sum", "avg", "max")
        }
        self.assertEqual(
            measured,
            {
                (self.plan, "count"): 3,
                (self.plan, "sum"): 15,
                (self.plan, "avg"): 5,
                (self.plan, "max"): 7,
                (other, "count"): 1,
                (other, "sum"): 50,
                (other, "avg"): 50,
                (other, "max"): 50,
            },
        )

    def test_records_of_another_company_do_not_count(self):
        other_company = self.env["res.company"].create({"name": "Measure Co"})
        Message = self.env["mail.message"]
        for company in (self.company, other_company, self.env["res.company"]):
            Message.create(
                {
                    "model": "res.partner",
                    "res_id": self.account.id,
                    "author_id": self.account.id,
                    "body": "Order",
                    "date": "2026-05-01 10:00:00",
                    "record_company_id": company.id,
                }
            )
        self.objective.write(
            self._source("mail.message", measure_field_id=False, aggregate="count")
            | {
                "partner_field_id": self.env["ir.model.fields"]
                ._get("mail.message", "author_id")
                .id
            }
        )
        self.objective.action_measure()
        self.assertEqual(self.objective.current_value, 2)

    def test_a_measured_value_is_not_typed(self):
        for call in (
            lambda: self.objective.with_user(self.member).write({"current_value": 3}),
            lambda: (
                self.env["kam.plan.objective"]
                .with_user(self.member)
                .create(
                    {
                        "plan_id": self.plan.id,
                        "name": "Typed",
                        **self._source(current_value=3),
                    }
                )
            ),
        ):
            with mute_logger(*MUTED), self.assertRaises(AccessError):
                call()

    def test_measuring_an_approved_plan_keeps_it_approved_and_stale(self):
        self.plan.sudo().state = "approved"
        before = self.plan.content_date
        self.plan.with_user(self.extended).action_measure()
        self.assertEqual(self.objective.current_value, 15)
        self.assertEqual(self.plan.state, "approved")
        self.assertEqual(self.plan.content_date, before)

    def test_the_source_follows_the_criteria_rules(self):
        for vals, message in (
            ({"domain": "[('partner_id.name', '=', 'Owned Freight')]"}, "not text"),
            ({"domain": "[('partner_id', '=', 'Owned Freight')]"}, "not by name"),
            ({"measure_field_id": False}, "or count the records"),
        ):
            with (
                self.subTest(vals=vals),
                self.assertRaisesRegex(ValidationError, message),
            ):
                self.objective.with_user(self.member).write(vals)

    def test_the_nightly_job_measures_open_plans(self):
        closed = self._plan(self.other_account)
        closed.objective_ids.write(self._source())
        closed.sudo().state = "closed"
        self.env["kam.plan"]._cron_measure(auto_commit=False)
        self.assertEqual(self.objective.current_value, 15)
        self.assertEqual(closed.objective_ids.current_value, 0)

    def _measured_plans(self, count):
        """``count`` open plans of as many new accounts, each with a sum and
        a count of its account's score history since a start of its own:
        {plan: (sum, count)} expected."""
        today = fields.Date.today()
        accounts = self.env["res.partner"].create(
            [{"name": f"Nightly {i}", "is_company": True} for i in range(count)]
        )
        ago = (2, 30, 60)
        self.env["kam.score.history"].create(
            [
                {
                    "partner_id": account.id,
                    "date": today - timedelta(days=days),
                    "score": i + days,
                }
                for i, account in enumerate(accounts)
                for days in ago
            ]
        )
        plans = self.Plan.with_context(tracking_disable=True).create(
            [
                {
                    "name": account.name,
                    "partner_id": account.id,
                    "date_start": today - timedelta(days=i % 70),
                    "date_end": today + timedelta(days=30),
                    "objective_ids": [
                        Command.create(
                            {
                                "name": "Score",
                                "baseline": 0,
                                "target_value": 10000,
                                **self._source(),
                            }
                        ),
                        Command.create(
                            {
                                "name": "Days",
                                **self._source(
                                    aggregate="count", measure_field_id=False
                                ),
                            }
                        ),
                    ],
                }
                for i, account in enumerate(accounts)
            ]
        )
        return {
            plan: (
                sum(i + days for days in ago if days <= i % 70),
                sum(1 for days in ago if days <= i % 70),
            )
            for i, plan in enumerate(plans)
        }

    def test_a_nightly_chunk_costs_the_same_for_10_and_1000_plans(self):
        # One chunk of 10 plans, then one of 1,000: only these are open.
        self.patch(type(self.env["kam.plan.objective"]), "_kam_measure_chunk", 1000)
        Plan = self.env["kam.plan"]
        counts = {}
        for size in (10, 1000):
            Plan.search([("state", "!=", "closed")]).write({"state": "closed"})
            expected = self._measured_plans(size)
            # Warm the caches, then measure as on a first night.
            Plan._cron_measure(auto_commit=False)
            self.env.cr.execute(
                "UPDATE kam_plan_objective SET current_value = 0, value_date = NULL;"
                "DELETE FROM kam_plan_objective_history"
            )
            self.env.invalidate_all()
            before = self.env.cr.sql_log_count
            with self.subTest(size=size), self.assertQueryCount(NIGHTLY_QUERIES):
                Plan._cron_measure(auto_commit=False)
            counts[size] = self.env.cr.sql_log_count - before
            for plan, (total, days) in expected.items():
                score, count = plan.objective_ids.sorted("name", reverse=True)
                self.assertEqual(
                    (score.current_value, count.current_value), (total, days)
                )
                self.assertAlmostEqual(score.progress, total / 100)
                self.assertEqual(
                    score.progress_chart["points"],
                    [[str(fields.Date.today()), total]] if total else [],
                )
                self.assertTrue(count.measured_on)
        self.assertEqual(counts[10], counts[1000])

    @warmup
    def test_measure_costs_the_same_for_2_and_20_objectives(self):
        small = self._plan(self.other_account, objective_ids=[])
        large = self._plan(self.account, objective_ids=[])
        for plan, size in ((small, 2), (large, 20)):
            plan.write(
                {
                    "objective_ids": [
                        Command.create(
                            {"name": f"M{i}", **self._source(aggregate="max")}
                        )
                        for i in range(size)
                    ]
                }
            )
        for plan, size in ((small, 2), (large, 20)):
            self.env.invalidate_all()
            with self.subTest(size=size), self.assertQueryCount(MEASURE_QUERIES):
                plan.with_user(plan.kam_user_id).action_measure()
            self.assertEqual(len(plan.objective_ids.filtered("measured_on")), size)

    def test_ready_made_objectives_follow_the_installed_apps(self):
        """The test database has Sales and Invoicing, not CRM: the wizard
        offers their measures only. tests/test_install.py checks that a
        database with none of them offers none."""
        Preset = self.env["kam.plan.objective.preset"].with_user(self.member)
        wizard = Preset.create({"plan_id": self.plan.id, "target_value": 10})
        self.assertTrue(wizard.available)
        self.assertEqual(
            {key for key, __ in wizard._selection_preset()},
            {
                "invoice_revenue",
                "invoice_net_revenue",
                "sale_revenue",
                "sale_order_count",
            },
        )
        with self.assertRaisesRegex(UserError, "Choose a ready-made measure"):
            wizard.action_confirm()
        other = self._plan(self.other_account)
        with mute_logger(*MUTED), self.assertRaises(AccessError):
            Preset.create({"plan_id": other.id, "target_value": 10})

    def test_the_straight_line_the_history_and_the_plans_health(self):
        today = fields.Date.today()
        self.plan.write(
            {
                "date_start": today - timedelta(days=100),
                "date_end": today + timedelta(days=100),
            }
        )
        self.env["kam.score.history"].create(
            {
                "partner_id": self.account.id,
                "date": today - timedelta(days=10),
                "score": 30,
            }
        )
        self.objective.write({"baseline": 0, "target_value": 100})
        self.objective.action_measure()
        self.objective.action_measure()
        self.assertEqual(self.objective.current_value, 30)
        self.assertAlmostEqual(self.objective.expected_value, 50)
        self.assertTrue(self.objective.is_behind)
        self.assertIn("behind its line", self.plan.health_reasons)
        # One point a day it changed: the current value is the objective's,
        # since today, and there is no past yet.
        self.assertEqual(self.objective.value_date, today)
        self.assertFalse(self.objective.history_ids)
        self.assertEqual(self.objective.progress_chart["points"], [[str(today), 30.0]])
        self.objective.write({"target_value": 40})
        self.assertFalse(self.objective.is_behind)
        self.assertNotIn("behind its line", self.plan.health_reasons)
        # Taken two days ago, the value changes: it joins the past. A second
        # change the same day replaces the day's value.
        before = today - timedelta(days=2)
        self.env.cr.execute(
            "UPDATE kam_plan_objective SET value_date = %s WHERE id = %s",
            (before, self.objective.id),
        )
        self.objective.invalidate_recordset(["value_date"])
        for days, score in ((1, 35), (3, 38)):
            self.env["kam.score.history"].create(
                {
                    "partner_id": self.account.id,
                    "date": today - timedelta(days=days),
                    "score": score,
                }
            )
            self.objective.action_measure()
        self.assertEqual(self.objective.history_ids.mapped("value"), [30.0])
        self.assertEqual(
            self.objective.progress_chart["points"],
            [[str(before), 30.0], [str(today), 30.0 + 35 + 38]],
        )
        history = self.env["kam.plan.objective.history"]
        self.assertTrue(history.with_user(self.extended).search([]))
        self.assertFalse(history.with_user(self.manager_2).search([]))

    def test_the_night_moves_the_health_of_an_approved_plans_account(self):
        """The nightly measure writes in bulk; what depends on it still
        follows: an approved plan falling behind puts its account at risk,
        a draft's leaves its account as it is."""
        today = fields.Date.today()
        period = {
            "date_start": today - timedelta(days=100),
            "date_end": today + timedelta(days=100),
        }
        approved = self._approved_plan(self.account, self.manager)
        approved.sudo().write(period)
        self.plan.write(period)  # the account's draft
        self.env["kam.score.history"].create(
            {"partner_id": self.account.id, "date": today, "score": 30}
        )
        for plan in (approved, self.plan):
            plan.objective_ids.sudo().write(
                self._source(baseline=0, target_value=100, kpi="Score", aggregate="max")
                | {"current_value": 60}  # ahead of its line, until measured
            )
        at_risk = "The approved plan is"
        self.assertNotIn(at_risk, self.account.kam_health_reasons or "")
        self.Plan._cron_measure(auto_commit=False)
        self.assertTrue(approved.objective_ids.is_behind)
        self.assertEqual(approved.health, "amber")
        self.assertIn(at_risk, self.account.kam_health_reasons)
        self.assertTrue(self.plan.objective_ids.is_behind)
        self.assertIn("behind its line", self.plan.health_reasons)

    def test_shares_of_wallet_make_at_most_the_whole_wallet(self):
        plan = self.plan.with_user(self.member)
        plan.write(
            {
                "wallet_estimate": 1000,
                "competitor_ids": [
                    Command.create({"name": "A", "share_of_wallet": 60})
                ],
            }
        )
        self.assertIn("progress-bar", str(self.plan.wallet_split_html))
        # (assertRaises, unlike assertRaisesRegex, rolls the failed write back.)
        with self.assertRaises(ValidationError) as refused:
            plan.write(
                {
                    "competitor_ids": [
                        Command.create({"name": "B", "share_of_wallet": 50})
                    ]
                }
            )
        self.assertIn("more than 100", str(refused.exception))
        self.env.invalidate_all()
        self.env["kam.plan.competitor"].with_user(self.member).create(
            {"plan_id": self.plan.id, "name": "B", "share_of_wallet": 40}
        )
        rival = self.plan.competitor_ids.filtered(lambda c: c.name == "A")
        with self.assertRaisesRegex(ValidationError, "more than 100"):
            rival.with_user(self.member).share_of_wallet = 70

    def test_a_revision_measures_its_objectives_again(self):
        self.plan.with_user(self.member).action_measure()
        self.plan.sudo().state = "approved"
        action = self.plan.with_user(self.manager).action_revise()
        revision = self.env["kam.plan"].browse(action["res_id"])
        measured = revision.objective_ids.filtered(lambda o: o.source == "computed")
        self.assertEqual(len(measured), 1)
        self.assertTrue(measured.measured_on)
