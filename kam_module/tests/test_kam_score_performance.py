# Copyright 2026 KAM Module Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo.tests import tagged, warmup

from .common import KamScoringCommon

# Per company: accounts grouped by company (1), criteria search and read with
# their model and fields (6), per computed criterion (3) the write of its
# lines (3), sort memory (1), today's history (1), the accounts' update (1).
# Per chunk of 1,000 accounts: their contacts (1) and per computed criterion
# its aggregate (3). Nothing depends on the number of accounts.
RESCORE_QUERIES = 17
# The user and company of the record rules, the search with its fields, the
# display names, the tiers, the managers and their names, the count.
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
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        for aggregate in ("sum", "max", "count"):
            cls._color_criterion(aggregate=aggregate, name=aggregate, max_value=1000)
        cls.accounts = cls.env["res.partner"].create(
            [
                {
                    "name": f"Perf {i}",
                    "is_company": True,
                    "company_id": cls.scoring_company.id,
                }
                for i in range(1000)
            ]
        )
        cls.env["res.partner"].create(
            [
                {"name": f"Perf contact {i}", "parent_id": account.id, "color": i % 11}
                for i, account in enumerate(cls.accounts[::5])
            ]
        )

    @warmup
    def test_rescoring_costs_the_same_for_100_and_1000_accounts(self):
        self.env.invalidate_all()
        with self.assertQueryCount(RESCORE_QUERIES):
            self.accounts[:100]._kam_rescore()
        self.env.invalidate_all()
        with self.assertQueryCount(RESCORE_QUERIES):
            self.accounts._kam_rescore()
        self.assertEqual(len(self.accounts.kam_score_line_ids), 3000)

    @warmup
    def test_ranked_list_costs_the_same_for_10_and_80_rows(self):
        self.accounts._kam_rescore()
        head = self._kam_user(
            "kam_perf_head", "kam_module.group_kam_head", self.scoring_company
        )
        Partner = self.env["res.partner"].with_user(head)
        domain = [("kam_rank", "!=", False)]
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
