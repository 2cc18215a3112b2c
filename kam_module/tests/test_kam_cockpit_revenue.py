# Copyright 2026 KAM Module Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).

from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import KamPlanCommon
from .test_kam_cockpit import HEAD_QUERIES, MANAGER_QUERIES

MUTED = ("odoo.addons.base.models.ir_model", "odoo.addons.base.models.ir_rule")
REVENUE = ("kam_revenue", "kam_revenue_target", "kam_revenue_gap")


@tagged("post_install", "-at_install")
class TestKamAccountRevenue(KamPlanCommon):
    """An account's revenue against its target: its approved plan's."""

    def _revenue(self, account):
        account.invalidate_recordset(REVENUE)
        return tuple(account[name] for name in REVENUE)

    def test_the_account_follows_its_approved_plan(self):
        self.plan.sudo().write({"our_revenue": 900, "revenue_target": 1000})
        self.assertEqual(self._revenue(self.account), (0, 0, 0), "a draft plan's")
        self.plan.sudo().state = "approved"
        self.assertEqual(self._revenue(self.account), (900, 1000, -100))
        # The nightly measure writes the plan's revenue: the account follows.
        self.plan.sudo().our_revenue = 1250
        self.assertEqual(self._revenue(self.account), (1250, 1000, 250))
        # A revision copies the target; approved, it is the account's plan.
        revision = self.Plan.browse(
            self.plan.with_user(self.manager).action_revise()["res_id"]
        )
        self.assertEqual(revision.revenue_target, 1000)
        revision.with_user(self.manager).revenue_target = 1500
        self.assertEqual(self._revenue(self.account), (1250, 1000, 250))
        self.plan.sudo().state = "closed"
        self.assertEqual(self._revenue(self.account), (0, 0, 0))
        revision.sudo().write({"state": "approved", "our_revenue": 1300})
        self.assertEqual(self._revenue(self.account), (1300, 1500, -200))
        revision.sudo().state = "closed"
        self.assertEqual(self._revenue(self.account), (0, 0, 0))

    def test_lists_sort_and_filter_by_them(self):
        self.plan.sudo().write(
            {"state": "approved", "our_revenue": 400, "revenue_target": 1000}
        )
        other = self._plan(self.other_account)
        other.sudo().write(
            {"state": "approved", "our_revenue": 900, "revenue_target": 800}
        )
        Partner = self.env["res.partner"].with_user(self.head)
        accounts = (self.account | self.other_account).ids
        self.assertEqual(
            Partner.search([("id", "in", accounts)], order="kam_revenue_gap").ids,
            accounts,
        )
        self.assertEqual(
            Partner.search([("kam_revenue_gap", "<", 0), ("id", "in", accounts)]),
            self.account.with_user(self.head),
        )
        totals = Partner.read_group(
            [("id", "in", accounts)], ["kam_revenue:sum", "kam_revenue_gap:sum"], []
        )[0]
        self.assertEqual(
            (totals["kam_revenue"], totals["kam_revenue_gap"]), (1300, -500)
        )

    @mute_logger(*MUTED)
    def test_those_who_read_every_plan_read_them(self):
        self.plan.sudo().write(
            {"state": "approved", "our_revenue": 400, "revenue_target": 1000}
        )
        for user in (self.rep, self.member):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                self.account.with_user(user).read(list(REVENUE))
        for user in (self.manager, self.manager_2, self.head):
            with self.subTest(user=user.login):
                values = self.account.with_user(user).read(list(REVENUE))[0]
                self.assertEqual(values["kam_revenue_gap"], -600)

    def test_the_plan_target_is_plan_content(self):
        self.env.cr.flush()
        self.plan.with_user(self.member).revenue_target = 5000
        self.env.cr.flush()
        self.plan.invalidate_recordset(["message_ids"])
        self.assertEqual(self.plan.revenue_target, 5000)
        self.assertIn(
            "revenue_target",
            self.plan.message_ids.sudo().tracking_value_ids.field_id.mapped("name"),
        )


@tagged("post_install", "-at_install")
@freeze_time("2035-06-30")
class TestKamCockpitRevenue(KamPlanCommon):
    """The cockpit sets revenue against target; the Head of KAM sees the key
    accounts' share of the company's revenue and its growth against the rest,
    measured every night on posted invoices."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        if "account.move" not in cls.env:
            cls.skipTest(cls, "Invoicing is not installed")
        # The demo's approved plans would add their targets to the figures.
        cls.env["kam.plan"].search([("state", "=", "approved")]).write(
            {"state": "closed"}
        )
        # The key account with a contact and a child company (a key account
        # itself: it counts once); another customer.
        cls.child = cls._key_account(
            "Owned Freight Ticino", cls.manager, parent_id=cls.account.id
        )
        cls.buyer = cls.env["res.partner"].create(
            {"name": "Owned Buyer", "parent_id": cls.account.id}
        )
        # Invoices of the previous 12 months (2033-07-01 to 2034-06-30) and
        # of the last 12 (2034-07-01 to 2035-06-30).
        for partner, amount, day, kind, post in (
            (cls.account, 800, "2033-07-01", "out_invoice", True),
            (cls.buyer, 200, "2034-06-30", "out_invoice", True),
            (cls.customer, 3000, "2034-01-15", "out_invoice", True),
            (cls.account, 1000, "2034-07-01", "out_invoice", True),
            (cls.buyer, 200, "2035-06-30", "out_invoice", True),
            (cls.child, 300, "2035-03-01", "out_invoice", True),
            (cls.account, 100, "2035-04-01", "out_refund", True),
            (cls.contact, 3300, "2035-02-01", "out_invoice", True),
            # Neither a draft nor what is older counts.
            (cls.account, 5000, "2035-04-01", "out_invoice", False),
            (cls.customer, 7000, "2033-06-30", "out_invoice", True),
        ):
            move = cls.env["account.move"].create(
                {
                    "move_type": kind,
                    "partner_id": partner.id,
                    "invoice_date": day,
                    "date": day,
                    "invoice_line_ids": [
                        Command.create(
                            {"name": "Service", "price_unit": amount, "tax_ids": []}
                        )
                    ],
                }
            )
            if post:
                move.action_post()

    def _cockpit(self, user):
        return self.env["kam.cockpit"].with_user(user).get_cockpit()

    def test_the_listed_accounts_carry_revenue_target_and_gap(self):
        self.plan.sudo().write({"state": "approved", "revenue_target": 2000})
        self.plan.with_user(self.manager).action_measure()
        self.assertEqual(self.plan.our_revenue, 1400)
        listed = {a["id"]: a for a in self._cockpit(self.manager)["accounts"]}
        self.assertEqual(
            {
                name: listed[self.account.id][name]
                for name in ("revenue", "revenue_target", "revenue_gap")
            },
            {"revenue": 1400, "revenue_target": 2000, "revenue_gap": -600},
        )
        self.assertEqual(
            listed[self.account.id]["currency_id"], self.company.currency_id.id
        )
        self.assertEqual(listed[self.child.id]["revenue"], 0, "no plan")

    def _share(self):
        data = self._cockpit(self.head)
        return next(
            c for c in data["revenue_share"]["companies"] if c["id"] == self.company.id
        )

    def test_head_sees_the_key_accounts_share_measured_every_night(self):
        # as before the first night (the demo measures it when it loads)
        self.company.sudo().kam_revenue_measured_on = False
        before = self._share()
        self.assertFalse(before["measured_on"], "before the first night")
        self.assertTrue(self._cockpit(self.head)["revenue_share"]["measurable"])
        self.plan.sudo().write({"state": "approved", "revenue_target": 2000})
        self.env["kam.plan"]._cron_measure(auto_commit=False)
        share = self._share()
        company = self.company.sudo()
        # Key: 1000 + 200 + 300 - 100 (last 12 months), 800 + 200 before.
        # Everyone: 1400 + 3300, and 1000 + 3000 before.
        self.assertEqual(
            (
                company.kam_key_revenue,
                company.kam_key_revenue_prev,
                company.kam_total_revenue,
                company.kam_total_revenue_prev,
            ),
            (1400, 1000, 4700, 4000),
        )
        self.assertEqual(share["measured_on"], "2035-06-30")
        self.assertEqual((share["key_revenue"], share["total_revenue"]), (1400, 4700))
        self.assertAlmostEqual(share["share"], 100 * 1400 / 4700)
        self.assertAlmostEqual(share["key_growth"], 40.0)
        self.assertAlmostEqual(share["rest_growth"], 10.0)
        self.assertEqual(
            (share["plan_revenue"], share["plan_target"], share["plan_gap"]),
            (1400, 2000, -600),
        )

    def test_a_head_measures_it_now(self):
        share = (
            self.env["kam.cockpit"].with_user(self.head).action_measure_revenue_share()
        )
        mine = next(c for c in share["companies"] if c["id"] == self.company.id)
        self.assertEqual(mine["key_revenue"], 1400)
        self.assertEqual(mine["measured_on"], "2035-06-30")

    @mute_logger(*MUTED)
    def test_a_manager_gets_no_share(self):
        self.assertNotIn("revenue_share", self._cockpit(self.manager))
        with self.assertRaises(AccessError):
            self.env["kam.cockpit"].with_user(
                self.manager
            ).action_measure_revenue_share()
        with self.assertRaises(AccessError):
            self.company.with_user(self.manager).read(["kam_key_revenue"])

    def _accounts_with_plans(self, count):
        accounts = self.env["res.partner"].create(
            [
                {
                    "name": f"Measured {count} {i}",
                    "is_company": True,
                    "kam_state": "key",
                    "kam_user_id": self.manager.id,
                }
                for i in range(count)
            ]
        )
        self.Plan.create(
            [{"name": f"{a.name} plan", "partner_id": a.id} for a in accounts]
        ).sudo().write({"state": "approved", "our_revenue": 10, "revenue_target": 20})
        self.env["kam.plan"]._cron_measure(auto_commit=False)
        self.env.flush_all()

    def test_the_cockpit_costs_the_same_for_5_or_50_accounts(self):
        self._accounts_with_plans(5)
        self.assertEqual(self._cockpit_queries(self.head), HEAD_QUERIES)
        self.assertEqual(self._cockpit_queries(self.manager), MANAGER_QUERIES)
        self._accounts_with_plans(50)
        self.assertEqual(self._cockpit_queries(self.head), HEAD_QUERIES)
        self.assertEqual(self._cockpit_queries(self.manager), MANAGER_QUERIES)
