# Copyright 2026 KAM Module Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from datetime import date

from odoo.exceptions import AccessError
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import KamReviewCommon

MUTED = ("odoo.addons.base.models.ir_model", "odoo.addons.base.models.ir_rule")
HEALTH = ("kam_health_reasons", "kam_next_review_date")
MY_HEALTH = ("kam_my_health_reasons", "kam_my_next_review_date")
# The spec gives every internal user the status, tier, manager and health.
PUBLIC = ("kam_state", "kam_tier_id", "kam_user_id", "kam_health", "is_key_account")
KAM_ONLY = (
    "kam_gap_no_decision_maker",
    "kam_gap_single_threaded",
    "kam_gap_unowned_decision_maker",
    "kam_gap_stale_contact",
    "kam_gap_count",
    "kam_nominated_by_id",
    "kam_prior_state",
    "kam_prior_user_id",
)


class KamLeakCommon(KamReviewCommon):
    """The first account is the member's, with a planned review; the second
    one's review and health are its own team's. A Head of KAM of another
    company, with a key account there."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.other_review = cls._review(cls.other_account, date="2026-04-01")
        cls.other_company = cls.env["res.company"].create({"name": "KAM Leak Co"})
        cls.head_b = cls._kam_user(
            "kam_head_b", "kam_module.group_kam_head", company=cls.other_company
        )
        cls.manager_b = cls._kam_user(
            "kam_manager_b", "kam_module.group_kam_manager", company=cls.other_company
        )
        cls.account_b = cls.env["res.partner"].create(
            {
                "name": "Second Company Freight",
                "is_company": True,
                "company_id": cls.other_company.id,
                "kam_state": "key",
                "kam_user_id": cls.manager_b.id,
            }
        )
        cls.env.flush_all()

    def assertRefused(self, call):
        with mute_logger(*MUTED), self.assertRaises(AccessError):
            call()


@tagged("post_install", "-at_install")
class TestKamHealthLeaks(KamLeakCommon):
    def test_stored_health_is_read_by_managers_and_heads_only(self):
        accounts = self.account | self.other_account
        for user in (self.rep, self.member, self.extended):
            mine = accounts.with_user(user)
            for field in HEALTH:
                with self.subTest(user=user.login, field=field):
                    self.assertRefused(lambda f=field, r=mine: r.read([f]))
                    self.assertRefused(
                        lambda f=field, r=mine: r.search_read(
                            [("id", "in", r.ids)], [f]
                        )
                    )
                    self.assertRefused(
                        lambda f=field, r=mine: r.read_group(
                            [("id", "in", r.ids)], [f], [f]
                        )
                    )
        for user in (self.manager, self.manager_2, self.head):
            with self.subTest(user=user.login):
                values = accounts.with_user(user).read(list(HEALTH))
                self.assertEqual(
                    [v["kam_next_review_date"] for v in values],
                    [date(2026, 3, 2), date(2026, 4, 1)],
                )
                self.assertTrue(all(v["kam_health_reasons"] for v in values))
                groups = (
                    self.env["res.partner"]
                    .with_user(user)
                    .read_group(
                        [("id", "in", accounts.ids)],
                        ["kam_next_review_date"],
                        ["kam_next_review_date:day"],
                    )
                )
                self.assertEqual(len(groups), 2)

    def test_team_members_read_their_accounts_health(self):
        reasons = self.account.sudo().kam_health_reasons
        self.assertTrue(reasons)
        for user in (self.member, self.extended):
            Partner = self.env["res.partner"].with_user(user)
            with self.subTest(user=user.login):
                values = Partner.search_read(
                    [("id", "in", (self.account | self.other_account).ids)],
                    list(MY_HEALTH),
                    order="id",
                )
                self.assertEqual(
                    [
                        (v["kam_my_next_review_date"], v["kam_my_health_reasons"])
                        for v in values
                    ],
                    [(date(2026, 3, 2), reasons), (False, False)],
                )
        # Key Account Managers and Heads read every account's.
        for user in (self.manager_2, self.head):
            account = self.account.with_user(user)
            self.assertEqual(account.kam_my_next_review_date, date(2026, 3, 2))
            self.assertEqual(account.kam_my_health_reasons, reasons)
        self.assertRefused(lambda: self.account.with_user(self.rep).read(MY_HEALTH))

    def test_a_head_of_another_company_reads_none_of_it(self):
        self.assertRefused(
            lambda: self.account.with_user(self.head_b).read(HEALTH + MY_HEALTH)
        )
        Partner = self.env["res.partner"].with_user(self.head_b)
        self.assertFalse(
            Partner.search_read([("id", "=", self.account.id)], list(HEALTH))
        )
        self.assertEqual(
            Partner.search([("kam_state", "=", "key")]),
            self.account_b.with_env(Partner.env),
        )


@tagged("post_install", "-at_install")
class TestKamStatusLeaks(KamLeakCommon):
    def test_sales_reps_read_status_tier_manager_and_health_only(self):
        self.customer.with_user(self.manager).action_kam_nominate()
        accounts = self.account | self.customer
        rep = accounts.with_user(self.rep)
        self.assertEqual(
            [v["kam_state"] for v in rep.read(list(PUBLIC))], ["key", "candidate"]
        )
        Partner = self.env["res.partner"].with_user(self.rep)
        for field in KAM_ONLY:
            with self.subTest(field=field):
                self.assertRefused(lambda f=field: rep.read([f]))
                self.assertRefused(
                    lambda f=field: Partner.search_read(
                        [("id", "in", accounts.ids)], [f]
                    )
                )
                self.assertRefused(
                    lambda f=field: Partner.read_group(
                        [("id", "in", accounts.ids)], [f], [f]
                    )
                )
                self.assertRefused(lambda f=field: Partner.search([(f, "!=", False)]))
        for user in (self.member, self.manager, self.head):
            with self.subTest(user=user.login):
                values = self.customer.with_user(user).read(list(KAM_ONLY))[0]
                self.assertEqual(values["kam_nominated_by_id"][0], self.manager.id)
                self.assertEqual(values["kam_prior_state"], "none")
                self.assertTrue(values["kam_gap_count"])

    def test_prior_state_says_what_it_is(self):
        fields = (
            self.env["res.partner"]
            .with_user(self.head)
            .fields_get(["kam_prior_state", "kam_prior_user_id"], ["string"])
        )
        self.assertEqual(
            fields["kam_prior_state"]["string"], "Status Before Nomination"
        )
        self.assertEqual(
            fields["kam_prior_user_id"]["string"], "Manager Before Nomination"
        )


@tagged("post_install", "-at_install")
class TestKamScoreLineLeaks(KamLeakCommon):
    """A manual line's normalized score is the manager's judgement: the
    members whose role gives them the scores read it, the judgement field
    itself stays the Key Account Managers'."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["kam.score.criterion"].search([]).action_archive()
        field = cls.env["ir.model.fields"]._get
        cls.judged = cls.env["kam.score.criterion"].create(
            {"name": "Judgement", "source": "manual", "company_id": cls.company.id}
        )
        cls.computed = cls.env["kam.score.criterion"].create(
            {
                "name": "Contacts",
                "source": "computed",
                "model_id": cls.env["ir.model"]._get("res.partner").id,
                "partner_field_id": field("res.partner", "parent_id").id,
                "aggregate": "count",
                "period_months": 0,
                "min_value": 0,
                "max_value": 4,
                "company_id": cls.company.id,
            }
        )
        cls.env["res.partner"].create(
            [{"name": "Contact", "parent_id": cls.account.id}]
        )
        cls._score(cls.account)
        lines = cls.account.kam_score_line_ids
        cls.judged_line = lines.filtered(lambda line: line.criterion_id == cls.judged)
        cls.computed_line = lines - cls.judged_line
        cls.judged_line.with_user(cls.manager).manual_value = 80

    def test_score_readers_read_the_judgements_not_the_judgement_field(self):
        self.assertEqual(self.judged_line.score, 80)
        self.assertEqual(self.computed_line.score, 25)
        domain = [("partner_id", "=", self.account.id)]
        both = self.judged_line | self.computed_line
        for user in (self.member, self.extended):
            Line = self.env["kam.score.line"].with_user(user)
            with self.subTest(user=user.login):
                self.assertEqual(Line.search(domain), both)
                self.assertEqual(self.account.with_user(user).kam_score_line_ids, both)
                self.assertEqual(
                    Line.read_group(domain, ["score:sum"], ["partner_id"])[0]["score"],
                    105.0,
                )
                self.assertRefused(
                    lambda u=user: self.judged_line.with_user(u).read(["manual_value"])
                )

    def test_a_seat_without_scores_reads_no_line(self):
        self.core_seat.role_id.with_user(self.admin).write({"score_access": "none"})
        domain = [("partner_id", "=", self.account.id)]
        Line = self.env["kam.score.line"].with_user(self.member)
        self.assertFalse(Line.search(domain))
        self.assertFalse(self.account.with_user(self.member).kam_score_line_ids)
        self.assertRefused(
            lambda: self.judged_line.with_user(self.member).read(["score"])
        )

    def test_managers_read_the_judgements_of_their_teams(self):
        for user in (self.manager, self.head):
            with self.subTest(user=user.login):
                lines = self.account.with_user(user).kam_score_line_ids
                self.assertEqual(lines, self.judged_line | self.computed_line)
                self.assertEqual(
                    self.judged_line.with_user(user).read(["score"])[0]["score"], 80
                )

    def test_others_read_no_line(self):
        domain = [("partner_id", "=", self.account.id)]
        member_elsewhere = self._kam_user("kam_elsewhere", "kam_module.group_kam_user")
        for user in (member_elsewhere, self.manager_2, self.head_b):
            with self.subTest(user=user.login):
                self.assertFalse(
                    self.env["kam.score.line"].with_user(user).search(domain)
                )
        self.assertRefused(
            lambda: self.env["kam.score.line"].with_user(self.rep).search(domain)
        )


@tagged("post_install", "-at_install")
class TestKamCapacityLeaks(KamLeakCommon):
    """A person on teams of two companies: each company's Heads see the
    seats of their company only."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.both = cls._kam_user("kam_both", "kam_module.group_kam_user")
        cls.both.company_ids += cls.other_company
        cls.seat_a = cls._seat(cls.other_account, cls.both, allocation=60)
        cls.seat_b = cls._seat(cls.account_b, cls.both, allocation=30)

    def _capacity(self, user):
        Capacity = self.env["kam.team.capacity"].with_user(user)
        domain = [("user_id", "=", self.both.id)]
        return (
            Capacity.search_read(domain, ["company_id", "allocation", "seat_count"]),
            Capacity.read_group(domain, ["allocation:sum"], ["user_id"]),
        )

    def test_capacity_counts_the_viewers_companies(self):
        for user, company, allocation in (
            (self.head, self.company, 60),
            (self.manager, self.company, 60),
            (self.head_b, self.other_company, 30),
            (self.manager_b, self.other_company, 30),
        ):
            with self.subTest(user=user.login):
                rows, groups = self._capacity(user)
                self.assertEqual(
                    [
                        (r["company_id"][0], r["allocation"], r["seat_count"])
                        for r in rows
                    ],
                    [(company.id, allocation, 1)],
                )
                self.assertEqual(groups[0]["allocation"], allocation)
        # The person reads theirs, company by company.
        rows, _groups = self._capacity(self.both)
        self.assertEqual(
            sorted((r["company_id"][0], r["allocation"]) for r in rows),
            sorted([(self.company.id, 60), (self.other_company.id, 30)]),
        )

    def test_seats_count_their_company(self):
        self.assertEqual(
            self.seat_b.with_user(self.head_b).read(["user_allocation"])[0][
                "user_allocation"
            ],
            30,
        )
        self.assertEqual(self.seat_a.with_user(self.head).user_allocation, 60)
        self.assertRefused(
            lambda: self.seat_a.with_user(self.head_b).read(["allocation"])
        )
