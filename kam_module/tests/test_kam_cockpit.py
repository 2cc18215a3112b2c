# Copyright 2026 KAM Module Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from freezegun import freeze_time

from odoo.exceptions import AccessError
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import KamReviewCommon

# Queries of the cockpit: a manager of 10 or of 1,000 key accounts, a Head of
# KAM over a portfolio of 10 or of 1,000 more.
MANAGER_QUERIES = 29
HEAD_QUERIES = 50


@tagged("post_install", "-at_install")
@freeze_time("2026-03-02")
class TestKamCockpit(KamReviewCommon):
    """The managers' home: counts that open what they count, the same cost
    for a small or a large portfolio."""

    def _tiles(self, user):
        data = self.env["kam.cockpit"].with_user(user).get_cockpit()
        return data, {tile["title"]: tile for tile in data["tiles"]}

    def test_manager_sees_their_accounts_and_what_needs_them(self):
        self._review(self.account, date="2026-02-20")
        self._review(self.account, date="2026-03-20")
        self._action(self.plan, self.manager, deadline="2026-02-01")
        data, tiles = self._tiles(self.manager)
        self.assertFalse(data["is_head"])
        self.assertEqual(
            [account["id"] for account in data["accounts"]], [self.account.id]
        )
        self.assertEqual(tiles["My Key Accounts"]["count"], 1)
        self.assertEqual(tiles["Reviews Overdue"]["count"], 1)
        self.assertEqual(tiles["Reviews Due in 30 Days"]["count"], 2)
        self.assertEqual(tiles["Coverage Gaps"]["count"], 1)
        self.assertEqual(tiles["Actions Overdue"]["count"], 0, "a draft plan's")
        self.assertNotIn("Plans to Approve", tiles)
        # Each tile opens what it counts.
        overdue = tiles["Reviews Overdue"]["action"]
        self.assertEqual(
            self.env[overdue["res_model"]]
            .with_user(self.manager)
            .search_count(overdue["domain"]),
            1,
        )

    def test_tiles_at_zero_open_an_empty_state_not_samples(self):
        _data, tiles = self._tiles(self.head)
        for title, tile in tiles.items():
            action = tile["action"]
            self.assertIs(action["useSampleModel"], False, title)
            self.assertTrue(action["help"], title)
        self.assertEqual(tiles["Critical"]["count"], 0)
        self.assertEqual(
            tiles["Critical"]["action"]["help"],
            '<p class="o_view_nocontent_smiling_face">'
            "None of your key accounts is critical</p>",
        )
        self.assertIn(
            "Nothing waits for your approval",
            tiles["Plans to Approve"]["action"]["help"],
            "the action's own help",
        )

    def _head_counts(self):
        data, tiles = self._tiles(self.head)
        self.assertTrue(data["is_head"])
        portfolio = data["portfolio"]
        return {
            "to_approve": tiles["Plans to Approve"]["count"],
            "to_sign_off": tiles["Reviews to Sign Off"]["count"],
            "accounts": sum(cell["count"] for cell in portfolio["tiers"]),
            "amber": portfolio["health"][1]["count"],
            "held": portfolio["reviews"]["held"],
            "due": portfolio["reviews"]["due"],
            "submitted": sum(
                p["count"] for p in portfolio["plans"] if p["state"] == "submitted"
            ),
        }

    def test_head_sees_the_portfolio(self):
        before = self._head_counts()
        self._key_account("Portfolio Freight", self.manager)
        self.plan.with_user(self.manager).action_submit()
        self._hold(self.review, "amber")
        after = self._head_counts()
        self.assertEqual(
            {key: after[key] - before[key] for key in after},
            {
                "to_approve": 1,
                "to_sign_off": 1,
                "accounts": 1,
                "amber": 1,
                "held": 1,
                "due": 0,
                "submitted": 1,
            },
        )

    def test_portfolio_of_the_users_companies_only(self):
        company_2 = self.env["res.company"].create({"name": "KAM Cockpit Co"})
        head_2 = self._kam_user(
            "kam_cockpit_head_2", "kam_module.group_kam_head", company_2
        )
        account = self._key_account("Second Freight", head_2, company_id=company_2.id)
        data, _tiles = self._tiles(head_2)
        self.assertEqual(
            [(cell["tier"], cell["count"]) for cell in data["portfolio"]["tiers"]],
            [("No tier", 1)],
        )
        self.assertEqual([a["id"] for a in data["accounts"]], [account.id])

    @mute_logger("odoo.addons.base.models.ir_model")
    def test_team_members_have_no_cockpit(self):
        with self.assertRaises(AccessError):
            self.env["kam.cockpit"].with_user(self.member).get_cockpit()

    def test_cockpit_costs_the_same_for_10_or_1000_accounts(self):
        def portfolio(count, manager):
            self.env["res.partner"].create(
                [
                    {
                        "name": f"Portfolio {count} {i}",
                        "is_company": True,
                        "kam_state": "key",
                        "kam_user_id": manager.id,
                    }
                    for i in range(count)
                ]
            )
            self.env.flush_all()

        portfolio(10, self.manager)
        self.assertEqual(self._cockpit_queries(self.head), HEAD_QUERIES)
        portfolio(1000, self.manager_2)
        self.assertEqual(self._cockpit_queries(self.head), HEAD_QUERIES)
        self.assertEqual(self._cockpit_queries(self.manager), MANAGER_QUERIES)
        self.assertEqual(self._cockpit_queries(self.manager_2), MANAGER_QUERIES)
