# Copyright 2026 KAM Module Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo.exceptions import AccessError
from odoo.tests import TransactionCase, tagged, warmup
from odoo.tools import mute_logger

from .common import KamPlanCommon, utc_env

AREA_MODELS = {
    "plan": ("kam.plan", "kam.plan.objective", "kam.plan.action"),
    "stakeholder": ("kam.stakeholder",),
    "review": ("kam.review",),
    "score": ("kam.score.line", "kam.score.history"),
}
# What anyone may see of an account besides its status: its KAM records.
SEEN_MODELS = ("kam.team.member", *(m for ms in AREA_MODELS.values() for m in ms))
MUTED = ("odoo.addons.base.models.ir_model",)
DEMO_USERS = ("susanna", "benni", "saba", "grant", "betsy")


@tagged("post_install", "-at_install")
class TestKamAccessTabAgreesWithTheRules(TransactionCase):
    """The Access tab lists exactly who the record rules let in, with the
    levels they apply: every demo user, on every account."""

    def test_every_demo_user_on_every_account(self):
        env = utc_env(self.env)
        users = env["res.users"].union(
            env.ref("base.user_admin"),
            *(env.ref(f"kam_module.res_users_{login}_demo") for login in DEMO_USERS),
        )
        accounts = env["res.partner"].search([("kam_state", "!=", "none")])
        self.assertGreaterEqual(len(accounts), 4)
        access = accounts._kam_access()
        for account in accounts:
            for user in users:
                with self.subTest(account=account.name, user=user.login):
                    self._assert_agrees(account, user, access[account].get(user))

    def _assert_agrees(self, account, user, listed):
        domain = [("partner_id", "=", account.id)]
        seen = [
            name
            for name in SEEN_MODELS
            if self.env[name].with_user(user).search_count(domain)
        ]
        self.assertEqual(bool(listed), bool(seen), f"{user.login} sees {seen}")
        levels = listed[1] if listed else {}
        for area, names in AREA_MODELS.items():
            records = self.env[names[0]].search(domain)
            if not records:
                continue
            mine = records.with_user(user)
            readable = bool(mine.search([("id", "in", records.ids)]))
            self.assertEqual(
                levels.get(area, "none") != "none", readable, f"reads {area}"
            )
            if readable and area != "score":
                writable = bool(mine._filtered_access("write"))
                self.assertEqual(levels[area] == "edit", writable, f"edits {area}")


@tagged("post_install", "-at_install")
class TestKamAccessTab(KamPlanCommon):
    """The tab: who and why, for the manager and the Heads only."""

    def test_who_and_why(self):
        html = str(self.account.with_user(self.manager).kam_access_html)
        for text in ("kam_member", "kam_extended", "kam_manager", "kam_head"):
            self.assertIn(text, html)
        self.assertIn("Key Account Manager", html)
        self.assertIn("(extended)", html)
        self.assertIn("KAM Administrator", html)
        self.assertNotIn("kam_manager_2", html)
        rows = self.account._kam_access()[self.account]
        self.assertEqual(rows[self.extended][1]["plan"], "read")
        self.assertEqual(rows[self.member][1]["plan"], "edit")

    def test_only_who_runs_the_account_sees_its_tab(self):
        self.assertFalse(self.account.with_user(self.manager_2).kam_access_html)
        self.assertTrue(self.account.with_user(self.head).kam_access_html)
        with mute_logger(*MUTED), self.assertRaises(AccessError):
            self.account.with_user(self.member).read(["kam_access_html"])

    def test_who_can_see_a_plan_opens_its_account_access(self):
        action = self.plan.with_user(self.manager).action_kam_open_access()
        self.assertEqual(
            (action["res_model"], action["res_id"]), ("res.partner", self.account.id)
        )


# The Access tab: the user of the rules and the account (3), the current
# seats, the Heads of its company and the actions' owners (3), the seats and
# the people's companies and groups (3), the roles (1), the people with their
# names (4, seats and Heads apart).
ACCESS_QUERIES = 14
# An account form as a member sees it (the KAM fields that depend on access).
FORM_FIELDS = {
    "display_name": {},
    "kam_state": {},
    "kam_is_on_team": {},
    "kam_sees_score": {},
    "kam_my_plan_access": {},
    "kam_my_stakeholder_access": {},
    "kam_my_review_access": {},
    "kam_my_score_access": {},
    "kam_my_health_reasons": {},
    "kam_my_next_review_date": {},
    "kam_plan_count": {},
}
# The member and the account (5), their seat as the team sees it (1), their
# access by the policy: their current seat, whether they are a Head, their
# actions, the seat, companies and role (6), the health fields and the plans
# counted (2). (The user of the rules is cached from the first query.)
FORM_QUERIES = 12
PLAN_FIELDS = {
    "display_name": {},
    "partner_id": {"fields": {"display_name": {}}},
    "state": {},
    "health": {},
    "kam_may_edit": {},
}
# The plans, their accounts and the seats behind the policy, and the count
# when a page is full.
PLAN_LIST_QUERIES = 10


@tagged("post_install", "-at_install")
class TestKamAccessPerformance(KamPlanCommon):
    """The Access tab costs the same for 5 or 50 members; a member's account
    form and plan list the same with 5 or 500 seats."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        people = [
            cls._kam_user(f"kam_access_{i}", "kam_module.group_kam_user")
            for i in range(50)
        ]
        cls.small = cls._key_account("Five Seats", cls.manager)
        cls.large = cls._key_account("Fifty Seats", cls.manager)
        for user in people[:4]:
            cls._seat(cls.small, user)
        for user in people[:49]:
            cls._seat(cls.large, user, "extended")
        cls.quiet, cls.busy = people[0], people[49]
        accounts = cls.env["res.partner"].create(
            [
                {
                    "name": f"Seat {i}",
                    "is_company": True,
                    "kam_state": "key",
                    "kam_user_id": cls.manager.id,
                }
                for i in range(500)
            ]
        )
        cls.Seat.create(
            [
                {
                    "partner_id": account.id,
                    "user_id": user.id,
                    "role_id": cls.role.id,
                    "membership": "core",
                }
                for account, user in [
                    *((a, cls.busy) for a in accounts),
                    *((a, cls.quiet) for a in accounts[:5]),
                ]
            ]
        )
        cls.Plan.create(
            [{"name": f"{a.name} plan", "partner_id": a.id} for a in accounts]
        )
        cls.env.flush_all()

    @warmup
    def test_access_tab_costs_the_same_for_5_and_50_members(self):
        for account, size in ((self.small, 5), (self.large, 50)):
            self.env.invalidate_all()
            with self.subTest(size=size), self.assertQueryCount(ACCESS_QUERIES):
                html = account.with_user(self.manager).web_read(
                    {"kam_access_html": {}}
                )[0]["kam_access_html"]
            self.assertGreaterEqual(html.count("data-user-id"), size)

    @warmup
    def test_account_form_costs_the_same_with_5_and_500_seats(self):
        account = self.env["res.partner"].search([("name", "=", "Seat 0")])
        for user in (self.quiet, self.busy):
            self.env.invalidate_all()
            with self.subTest(user=user.login), self.assertQueryCount(FORM_QUERIES):
                values = account.with_user(user).web_read(FORM_FIELDS)[0]
            self.assertEqual(values["kam_my_plan_access"], "edit")

    @warmup
    def test_plan_list_costs_the_same_with_5_and_500_seats(self):
        for user, size in ((self.quiet, 5), (self.busy, 500)):
            self.env.invalidate_all()
            Plan = self.Plan.with_user(user)
            with self.subTest(size=size), self.assertQueryCount(PLAN_LIST_QUERIES):
                result = Plan.web_search_read([], PLAN_FIELDS, limit=80)
            self.assertEqual(result["length"], size)
