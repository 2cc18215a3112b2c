# Copyright 2026 KAM Module Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo.tests import tagged, warmup

from .common import KamScoringCommon

# Rescoring an account now: the scope and the account's company (5), the
# criteria with their model and fields (5), the account's contacts (1), per
# computed criterion its aggregate in a savepoint (9), the stored lines and,
# per percentile criterion, the count of lower values (3), the tiers (1), per
# criterion its line (4), today's history (1), the account's tier if it is a
# candidate or key account, and the account (2), the rank job's trigger (3).
# A few queries per criterion, none per account of the company.
RESCORE_QUERIES = 34
# A judgement: the user's rights and the line (3), the write, the note in the
# chatter with its tracked values, then the account's score from its stored
# lines, as above without reading the data.
JUDGEMENT_QUERIES = 25
# The breakdown of one account as its form reads it: the rules, the lines,
# their criteria and names.
BREAKDOWN_QUERIES = 5
LINE_FIELDS = dict.fromkeys(
    ("guidance", "dimension", "source", "raw_value", "manual_value", "score"),
    {},
) | dict.fromkeys(("weight", "weighted_score", "is_missing"), {})
LINE_FIELDS["criterion_id"] = {"fields": {"display_name": {}}}
# The ranked list: the user and company of the record rules, the search with
# its fields, the display names, the tiers, the managers and their names,
# the count.
LIST_QUERIES = 7
LIST_FIELDS = {
    "kam_rank": {},
    "display_name": {},
    "kam_score": {},
    "kam_tier_id": {"fields": {"display_name": {}}},
    "kam_state": {},
    "kam_portfolio_quadrant": {},
    "kam_attractiveness": {},
    "kam_relationship_strength": {},
    "kam_user_id": {"fields": {"display_name": {}}},
}


@tagged("post_install", "-at_install")
class TestKamScorePerformance(KamScoringCommon):
    """What a person clicks on one account costs the same whatever the size
    of the portfolio: the same queries for a company of 10 accounts and one
    of 1,000."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.small_company = cls.env["res.company"].create({"name": "KAM Small Co"})
        cls.env.user.company_ids += cls.small_company
        cls.portfolios = {}
        for company, size in ((cls.small_company, 10), (cls.scoring_company, 1000)):
            cls._perf_criteria(company)
            accounts = cls.env["res.partner"].create(
                [
                    {"name": f"Perf {i}", "is_company": True, "company_id": company.id}
                    for i in range(size)
                ]
            )
            cls.env["res.partner"].create(
                [
                    {"name": f"Perf contact {i}", "parent_id": a.id, "color": i % 11}
                    for i, a in enumerate(accounts)
                ]
            )
            cls.portfolios[size] = accounts
        cls.env["kam.score.engine"]._score_companies(fresh=True, auto_commit=False)
        cls.head = cls._kam_user(
            "kam_perf_head",
            "kam_module.group_kam_head",
            cls.scoring_company,
        )
        cls.head.company_ids += cls.small_company

    @classmethod
    def _perf_criteria(cls, company):
        Criterion = cls.env["kam.score.criterion"]
        field = cls.env["ir.model.fields"]._get
        for aggregate, normalization in (
            ("sum", "percentile"),
            ("max", "linear"),
            ("count", "percentile"),
        ):
            Criterion.create(
                {
                    "name": aggregate,
                    "source": "computed",
                    "model_id": cls.env["ir.model"]._get("res.partner").id,
                    "partner_field_id": field("res.partner", "parent_id").id,
                    "measure_field_id": field("res.partner", "color").id,
                    "aggregate": aggregate,
                    "period_months": 0,
                    "normalization": normalization,
                    "max_value": 20,
                    "company_id": company.id,
                }
            )
        Criterion.create(
            {"name": "Judgement", "source": "manual", "company_id": company.id}
        )

    def _judgement_line(self, account):
        return account.kam_score_line_ids.filtered(lambda line: line.source == "manual")

    @warmup
    def test_rescoring_an_account_costs_the_same_for_10_and_1000(self):
        Engine = self.env["kam.score.engine"]
        for size, accounts in self.portfolios.items():
            self.env.invalidate_all()
            with self.subTest(size=size), self.assertQueryCount(RESCORE_QUERIES):
                Engine._rescore_accounts(accounts[3])
            self.assertTrue(accounts[3].kam_portfolio_quadrant)

    @warmup
    def test_judgement_costs_the_same_for_10_and_1000(self):
        for size, accounts in self.portfolios.items():
            line = self._judgement_line(accounts[4]).with_user(self.head)
            self.env.invalidate_all()
            with self.subTest(size=size), self.assertQueryCount(JUDGEMENT_QUERIES):
                line.manual_value = 60 if line.manual_value != 60 else 70
            self.assertFalse(line.is_missing)

    @warmup
    def test_breakdown_costs_the_same_for_10_and_1000(self):
        spec = {"kam_score_line_ids": {"fields": LINE_FIELDS}}
        for size, accounts in self.portfolios.items():
            account = accounts[5].with_user(self.head)
            self.env.invalidate_all()
            with self.subTest(size=size), self.assertQueryCount(BREAKDOWN_QUERIES):
                lines = account.web_read(spec)[0]["kam_score_line_ids"]
            self.assertEqual(len(lines), 4)

    @warmup
    def test_ranked_list_costs_the_same_for_10_and_80_rows(self):
        Partner = self.env["res.partner"].with_user(self.head)
        domain = [
            ("kam_portfolio_quadrant", "!=", False),
            ("company_id", "=", self.scoring_company.id),
        ]
        for limit in (10, 80):
            Partner.web_search_read(
                domain, LIST_FIELDS, order="kam_rank, id", limit=limit
            )
            self.env.invalidate_all()
            with self.subTest(limit=limit), self.assertQueryCount(LIST_QUERIES):
                result = Partner.web_search_read(
                    domain, LIST_FIELDS, order="kam_rank, id", limit=limit
                )
            self.assertEqual(len(result["records"]), limit)
