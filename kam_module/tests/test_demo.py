# Copyright 2026 KAM Module Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from lxml import etree

from odoo.exceptions import AccessError
from odoo.tests import Form, TransactionCase, tagged
from odoo.tools import mute_logger
from odoo.tools.safe_eval import safe_eval


@tagged("post_install", "-at_install")
class TestDemo(TransactionCase):
    """The demo tells the story of the KAM circle, and still tells it after
    every cron has run. The test database is installed with demo data."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        ref = cls.env.ref
        cls.client_a = ref("kam_module.res_partner_client_a_demo")
        cls.client_b = ref("kam_module.res_partner_client_b_demo")
        cls.client_c = ref("kam_module.res_partner_client_c_demo")
        cls.client_d = ref("kam_module.res_partner_client_d_demo")
        cls.susanna = ref("kam_module.res_users_susanna_demo")
        cls.benni = ref("kam_module.res_users_benni_demo")
        cls.grant = ref("kam_module.res_users_grant_demo")

    def _portfolio(self):
        self.env.invalidate_all()
        return [
            (
                p.name,
                p.kam_score,
                p.kam_rank,
                p.kam_tier_id.name,
                p.kam_portfolio_quadrant,
            )
            for p in self.env["res.partner"].search(
                [("kam_portfolio_quadrant", "!=", False)], order="kam_rank, id"
            )
        ]

    def _crons(self):
        """Every job of the module."""
        return self.env["ir.cron"].browse(
            self.env["ir.model.data"]
            .search([("module", "=", "kam_module"), ("model", "=", "ir.cron")])
            .mapped("res_id")
        )

    def test_story_survives_every_cron(self):
        before = self._portfolio()
        self.assertEqual(
            [(row[0][:8], row[3], row[4]) for row in before],
            [
                ("Client A", "Strategic", "strategic"),
                ("Client D", "Key", "development"),
                ("Client C", "Key", "development"),
                ("Client B", "Developing", "maintenance"),
            ],
        )
        for cron in self._crons():
            cron.method_direct_trigger()
        self.assertEqual(self._portfolio(), before)
        self.assertFalse(self.env.company.partner_id.kam_portfolio_quadrant)

    def test_designation_closes_the_demo_nomination(self):
        self.assertTrue(self.client_d.activity_ids)
        self.client_d.with_user(self.susanna).action_kam_designate()
        self.assertFalse(self.client_d.activity_ids)
        self.assertEqual(self.client_d.kam_state, "key")

    @mute_logger("odoo.models")
    def test_team_member_sees_client_a_breakdown_not_its_judgements(self):
        arch = etree.fromstring(
            self.env["res.partner"]
            .with_user(self.grant)
            .get_view(self.env.ref("kam_module.res_partner_view_form_kam").id)["arch"]
        )
        self.assertTrue(arch.xpath("//page[@name='score']"))
        self.assertTrue(arch.xpath("//page[@name='kam_team']"))
        for field in ("manual_value", "kam_score", "kam_rank"):
            self.assertFalse(arch.xpath(f"//field[@name='{field}']"), field)
        self.assertTrue(self.client_a.with_user(self.grant).kam_score_line_ids)
        self.assertFalse(self.client_b.with_user(self.grant).kam_score_line_ids)
        with self.assertRaises(AccessError):
            self.client_a.with_user(self.grant).read(["kam_score"])
        message = self.client_a.with_user(self.grant).message_post(
            body="Site visit planned for Thursday.", message_type="comment"
        )
        self.assertEqual(message.author_id, self.grant.partner_id)

    def _teams(self):
        self.env.invalidate_all()
        seats = self.env["kam.team.member"].search([("is_current", "=", True)])
        return sorted(
            (s.partner_id.name[:8], s.user_id.login, s.role_id.name, s.membership)
            for s in seats
        )

    def test_circle_runs_its_accounts_as_teams(self):
        teams = self._teams()
        for seat in (
            ("Client A", "grant", "Project Manager", "extended"),
            ("Client A", "betsy", "Project Manager", "extended"),
            ("Client A", "admin", "Executive Sponsor", "extended"),
            ("Client B", "susanna", "Executive Sponsor", "extended"),
            ("Client C", "susanna", "Executive Sponsor", "extended"),
            ("Client B", "betsy", "Finance", "extended"),
            ("Client A", "susanna", "Key Account Manager", "core"),
        ):
            self.assertIn(seat, teams)
        over = self.env["kam.team.capacity"].search([("is_over_allocated", "=", True)])
        self.assertEqual(over.user_id, self.grant)
        self.assertEqual(over.allocation, 110)
        for cron in self._crons():
            cron.method_direct_trigger()
        self.assertEqual(self._teams(), teams)

    def test_plans_tell_the_story(self):
        plan_a = self.env.ref("kam_module.kam_plan_client_a_demo")
        plan_b = self.env.ref("kam_module.kam_plan_client_b_demo")
        self.assertEqual(plan_a.state, "approved")
        self.assertEqual(plan_a.health, "green", plan_a.health_reasons)
        self.assertEqual(plan_b.health, "amber")
        self.assertIn("Not changed for", plan_b.health_reasons)
        # Client A's engagement is measured from its people's emails: seven,
        # ahead of two a month.
        measured = self.env.ref("kam_module.kam_plan_client_a_demo_objective_2")
        self.assertEqual((measured.current_value, measured.is_behind), (7, False))
        self.assertEqual(len(measured.progress_chart["points"]), 1)
        for cron in self._crons():
            cron.method_direct_trigger()
        self.assertEqual((measured.current_value, measured.is_behind), (7, False))
        self.assertEqual(
            (self.client_a | self.client_b | self.client_c).mapped("kam_health"),
            ["green", "amber", "green"],
        )
        # Its orders (the test database has Sales and Invoicing, as the
        # demo's): 654,000 invoiced in 12 months, short of its target, and
        # the plan's measured revenue and orders on track.
        self.assertEqual(plan_a.our_revenue, 654000)
        self.assertEqual(self.client_a.kam_revenue_target, 900000)
        self.assertEqual(self.client_a.kam_revenue_gap, 654000 - 900000)
        measured = plan_a.objective_ids.filtered(
            lambda o: o.model_id.model in ("account.move", "sale.order")
        )
        self.assertEqual(
            [(o.current_value, o.is_behind) for o in measured],
            [(432000, False), (3, False)],
        )
        self._whitespace_tells_the_story()
        # Susanna manages client A: the admin approved its plan, not she.
        self.assertEqual(plan_a.approver_id, self.env.ref("base.user_admin"))

    def _whitespace_tells_the_story(self):
        """Head office buys software and engineering, Basel automation and
        spare parts, Chiasso spare parts with its automation line quoted:
        neither warehouse buys engineering services."""
        susanna = self.env.ref("kam_module.res_users_susanna_demo")
        data = (
            self.env["kam.whitespace"]
            .with_user(susanna)
            .get_whitespace(self.client_a.id)
        )
        columns = [column["name"] for column in data["columns"]]
        states = {
            row["name"].split(", ")[-1]: {
                column: cell["state"]
                for column, cell in zip(columns, row["cells"], strict=True)
            }
            for row in data["rows"]
        }
        self.assertEqual(
            {division: states[division]["Engineering Services"] for division in states},
            {
                self.client_a.name: "sold",
                "Basel warehouse": "white",
                "Chiasso warehouse": "white",
            },
        )
        self.assertEqual(states["Chiasso warehouse"]["Warehouse Automation"], "quoted")
        self.assertEqual(states["Basel warehouse"]["Warehouse Automation"], "sold")

    def test_stakeholder_maps_tell_the_story(self):
        marco = self.env.ref("kam_module.kam_stakeholder_a_marco_demo")
        self.assertEqual((marco.influence, marco.attitude), ("high", "skeptic"))
        self.assertIn(self.susanna, marco.known_by_ids)
        self.assertEqual(len(self.client_a.kam_stakeholder_ids), 7)
        self.assertEqual(
            self.env.ref(
                "kam_module.kam_stakeholder_a_tim_demo"
            ).reports_to_id.reports_to_id,
            self.env.ref("kam_module.kam_stakeholder_a_heidi_demo"),
        )
        for cron in self._crons():
            cron.method_direct_trigger()
        self.assertEqual(
            [
                (p.kam_gap_count, p.kam_gap_no_decision_maker)
                for p in (self.client_a, self.client_b, self.client_c)
            ],
            [(0, False), (1, True), (0, False)],
        )

    def test_sales_rep_sees_that_a_contact_works_for_a_key_account(self):
        heidi = self.env.ref("kam_module.res_partner_client_a_ceo_demo")
        rep = self.env.ref("base.user_demo")
        self.assertRecordValues(
            heidi.with_user(rep),
            [{"kam_account_state": "key", "kam_account_user_id": self.susanna.id}],
        )

    @mute_logger("odoo.addons.base.models.ir_model")
    def test_new_account_from_the_key_accounts_app_is_a_candidate(self):
        context = safe_eval(self.env.ref("kam_module.res_partner_action_kam").context)
        form = Form(
            self.env["res.partner"].with_user(self.benni).with_context(**context),
            view="kam_module.res_partner_view_form_kam",
        )
        form.name = "Epsilon Rail"
        account = form.save()
        self.assertTrue(account.is_company)
        self.assertEqual(
            (account.kam_state, account.kam_nominated_by_id), ("candidate", self.benni)
        )
        form = Form(
            self.env["res.partner"].with_user(self.grant).with_context(**context),
            view="kam_module.res_partner_view_form_kam",
        )
        form.name = "Zeta Rail"
        with self.assertRaisesRegex(AccessError, "Only a Key Account Manager"):
            form.save()

    def test_reviews_tell_the_story(self):
        ref = self.env.ref
        reviews = self.env["kam.review"].search(
            [("partner_id", "in", (self.client_a | self.client_b | self.client_c).ids)]
        )
        for cron in self._crons():
            cron.method_direct_trigger()
            cron.method_direct_trigger()
        self.assertEqual(set(reviews.mapped("state")), {"planned", "done", "cancelled"})
        signed = ref("kam_module.kam_review_client_a_qbr_demo")
        self.assertEqual(signed.signed_off_by_id, ref("base.user_admin"))
        self.assertIn(
            signed, ref("kam_module.kam_plan_client_a_demo_action_review").review_id
        )
        overdue = ref("kam_module.kam_review_client_b_qbr_demo")
        self.assertTrue(overdue.is_overdue)
        self.assertIn("review(s) overdue", self.client_b.kam_health_reasons)
        # The circle's weekly check-in and six-monthly strategy review.
        self.assertEqual(
            ref("kam_module.kam_review_client_a_weekly_demo").review_type_id,
            ref("kam_module.kam_review_type_weekly"),
        )
        self.assertEqual(
            ref(
                "kam_module.kam_review_client_a_strategy_demo"
            ).review_type_id.interval_months,
            6,
        )
        # The cadence: one planned automatic review per key account, once.
        automatic = self.env["kam.review"].search(
            [("is_automatic", "=", True), ("state", "=", "planned")]
        )
        self.assertEqual(
            sorted(automatic.partner_id.ids),
            sorted((self.client_a | self.client_b | self.client_c).ids),
        )
        # Client A is Susanna's own account: Grant's check-in there waits for
        # the other Head of KAM (the admin); Susanna signs off C's review.
        weekly = ref("kam_module.kam_review_client_a_weekly_demo")
        self.assertFalse(weekly.with_user(self.susanna).kam_may_decide)
        self.assertTrue(weekly.with_user(ref("base.user_admin")).kam_may_decide)
        self.assertTrue(
            ref("kam_module.kam_review_client_c_qbr_demo")
            .with_user(self.susanna)
            .kam_may_decide
        )
        self.assertFalse(
            ref("kam_module.kam_review_client_a_strategy_demo")
            .with_user(self.susanna)
            .kam_may_decide
        )

    def test_the_held_reviews_wait_for_the_heads_sign_off(self):
        """As the cockpit counts them: each held, unsigned review gives the
        Heads of KAM who may sign it off their to-do; Susanna manages client
        A, so A's check-in goes to the admin only."""
        ref = self.env.ref
        weekly = ref("kam_module.kam_review_client_a_weekly_demo")
        c_review = ref("kam_module.kam_review_client_c_qbr_demo")
        held = weekly | c_review
        self.assertEqual(set(held.mapped("state")), {"done"})
        self.assertFalse(held.filtered("signed_off_date"))
        for head, expected in (
            (self.susanna, c_review),
            (ref("base.user_admin"), held),
        ):
            todos = self.env["mail.activity"].search(
                [
                    ("res_model", "=", "kam.review"),
                    ("res_id", "in", held.ids),
                    ("user_id", "=", head.id),
                ]
            )
            tiles = {
                tile["title"]: tile["count"]
                for tile in self.env["kam.cockpit"]
                .with_user(head)
                .get_cockpit()["tiles"]
            }
            with self.subTest(head=head.login):
                self.assertEqual(sorted(todos.mapped("res_id")), sorted(expected.ids))
                self.assertEqual(tiles["Reviews to Sign Off"], len(expected))

    def test_users_land_on_their_kam_home(self):
        ref = self.env.ref
        cockpit = ref("kam_module.kam_cockpit_action")
        for login in ("susanna", "benni", "saba"):
            user = ref(f"kam_module.res_users_{login}_demo")
            self.assertEqual(user.action_id.id, cockpit.id, login)
        for login in ("grant", "betsy"):
            user = ref(f"kam_module.res_users_{login}_demo")
            self.assertEqual(
                user.action_id.id, ref("kam_module.res_partner_action_kam").id, login
            )
