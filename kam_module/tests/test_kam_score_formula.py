# Copyright 2026 KAM Module Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from freezegun import freeze_time

from odoo.tests import tagged

from .common import KamScoringCommon


@tagged("post_install", "-at_install")
class TestKamScoreFormula(KamScoringCommon):
    """Expected values are computed by hand from the spec's formula."""

    def _rescore(self, *accounts):
        self._score(self.env["res.partner"].browse([a.id for a in accounts]))

    def test_linear_with_clamping(self):
        criterion = self._color_criterion(min_value=10, max_value=30)
        low = self._account("Low", [2, 3])  # raw 5: below min -> 0
        mid = self._account("Mid", [8, 12])  # raw 20: half-way -> 50
        high = self._account("High", [40])  # raw 40: above max -> 100
        self._rescore(low, mid, high)
        self.assertEqual(
            [self._line(a, criterion).raw_value for a in (low, mid, high)], [5, 20, 40]
        )
        self.assertEqual([a.kam_score for a in (low, mid, high)], [0, 50, 100])

    def test_linear_lower_is_better(self):
        self._color_criterion(min_value=10, max_value=30, higher_is_better=False)
        low, mid, high = (
            self._account("Low", [5]),
            self._account("Mid", [25]),
            self._account("High", [40]),
        )
        self._rescore(low, mid, high)
        # raw 5 -> 100, raw 25 -> (30 - 25) / 20 = 25, raw 40 -> 0
        self.assertEqual([a.kam_score for a in (low, mid, high)], [100, 25, 0])

    def test_percentile_with_ties_and_missing(self):
        criterion = self._color_criterion(normalization="percentile")
        a10, a20, b20, a40 = (
            self._account("P10", [10]),
            self._account("P20a", [20]),
            self._account("P20b", [20]),
            self._account("P40", [40]),
        )
        nothing = self._account("No data")
        self._rescore(a10, a20, b20, a40, nothing)
        # Percent rank among the 4 accounts with data: (rank - 1) / (n - 1);
        # ties share the lower rank.
        self.assertEqual(
            [a.kam_score for a in (a10, a20, b20, a40)], [0, 33.33, 33.33, 100]
        )
        missing = self._line(nothing, criterion)
        self.assertTrue(missing.is_missing)
        self.assertEqual((missing.score, nothing.kam_score), (0, 0))

    def test_percentile_lower_is_better(self):
        self._color_criterion(normalization="percentile", higher_is_better=False)
        a10, a20, a40 = (
            self._account("P10", [10]),
            self._account("P20", [20]),
            self._account("P40", [40]),
        )
        self._rescore(a10, a20, a40)
        self.assertEqual([a.kam_score for a in (a10, a20, a40)], [100, 50, 0])

    def test_percentile_single_account(self):
        self._color_criterion(normalization="percentile")
        alone = self._account("Alone", [7])
        self._rescore(alone)
        self.assertEqual(alone.kam_score, 100)

    def test_manual_missing_and_weights(self):
        manual = self._manual_criterion(weight=3)
        self._color_criterion(min_value=0, max_value=100, weight=1)
        judged = self._account("Judged", [50])
        unjudged = self._account("Unjudged", [50])
        self._rescore(judged, unjudged)
        line = self._line(judged, manual)
        self.assertTrue(line.is_missing)
        line.manual_value = 80  # rescores the account at once
        # (3 x 80 + 1 x 50) / 4 = 72.5
        self.assertEqual(judged.kam_score, 72.5)
        self.assertFalse(self._line(judged, manual).is_missing)
        self.assertEqual(self._line(judged, manual).weighted_score, 60)
        # a missing judgement counts as 0: (3 x 0 + 1 x 50) / 4 = 12.5
        self.assertEqual(unjudged.kam_score, 12.5)
        self.assertTrue(self._line(unjudged, manual).is_missing)

    def test_score_is_rounded_to_two_decimals(self):
        self._manual_criterion(weight=1)
        self._manual_criterion(weight=2, name="Second")
        account = self._account("Thirds")
        self._rescore(account)
        account.kam_score_line_ids[0].manual_value = 100
        # (1 x 100 + 2 x 0) / 3 = 33.333...
        self.assertEqual(account.kam_score, 33.33)

    def test_archived_criterion_no_longer_counts(self):
        self._manual_criterion(weight=1)
        archived = self._manual_criterion(weight=1, name="Old")
        account = self._account("Account")
        self._rescore(account)
        account.kam_score_line_ids.filtered(
            lambda line: line.criterion_id != archived
        ).manual_value = 60
        self.assertEqual(account.kam_score, 30)
        archived.action_archive()
        self._rescore(account)
        self.assertEqual(account.kam_score, 60)

    def test_two_companies_score_with_their_own_criteria(self):
        self._color_criterion(min_value=0, max_value=10)
        other = self.env["res.company"].create({"name": "KAM Other Scoring Co"})
        judgement = self.env["kam.score.criterion"].create(
            {"name": "Other judgement", "source": "manual", "company_id": other.id}
        )
        ours = self._account("Ours", [5])
        theirs = self._account("Theirs", [5], company=other)
        self._rescore(ours, theirs)
        self.assertEqual((ours.kam_score, ours.kam_rank), (50, 1))
        # Their contacts' colors mean nothing to their company: not scored.
        self.assertFalse(theirs.kam_portfolio_quadrant)
        self._line(theirs, judgement).manual_value = 20
        self._rescore(theirs)
        self.assertEqual((theirs.kam_score, theirs.kam_rank), (20, 1))
        self.assertEqual(theirs.kam_score_line_ids.criterion_id.name, "Other judgement")

    def test_tier_thresholds_and_manual_tier(self):
        Tier = self.env["kam.tier"]
        strategic, key, developing = (
            Tier.create(
                {"name": n, "min_score": s, "company_id": self.scoring_company.id}
            )
            for n, s in (("S", 80), ("K", 60), ("D", 40))
        )
        self._color_criterion(min_value=0, max_value=10000)
        # raw / 100 = score: 80, 79.99, 60, 40, 39.99
        accounts = [
            self._account(f"T{raw}", [raw]) for raw in (8000, 7999, 6000, 4000, 3999)
        ]
        self._rescore(*accounts)
        self.assertEqual(
            [a.kam_tier_id for a in accounts],
            [strategic, key, key, developing, Tier],
        )
        self.assertEqual([a.kam_rank for a in accounts], [1, 2, 3, 4, 5])
        accounts[4].kam_tier_id = key
        self.assertTrue(accounts[4].kam_tier_manual)
        self._rescore(*accounts)
        self.assertEqual(accounts[4].kam_tier_id, key)
        accounts[4].kam_tier_manual = False
        self._rescore(*accounts)
        self.assertFalse(accounts[4].kam_tier_id)

    def test_rank_ties_and_whole_company(self):
        self._color_criterion(min_value=0, max_value=100)
        a, b, c, d = (
            self._account(n, [v]) for n, v in zip("ABCD", (80, 50, 50, 10), strict=True)
        )
        self._rescore(a, b, c, d)
        self.assertEqual([x.kam_rank for x in (a, b, c, d)], [1, 2, 2, 4])
        # Rescoring one account re-ranks the whole company.
        self.env["res.partner"].create(
            {"name": "D contact 2", "parent_id": d.id, "color": 85}
        )
        self._rescore(d)
        self.assertEqual([x.kam_rank for x in (d, a, b, c)], [1, 2, 3, 3])

    def test_portfolio_quadrants(self):
        self._manual_criterion(dimension="value", name="Value")
        self._manual_criterion(dimension="relationship", name="Relationship")
        expected = {
            (70, 70): "strategic",
            (70, 30): "development",
            (30, 70): "maintenance",
            (30, 30): "streamline",
        }
        for (value, relationship), quadrant in expected.items():
            account = self._account(f"Q{value}-{relationship}")
            self._rescore(account)
            for line in account.kam_score_line_ids:
                line.manual_value = value if line.dimension == "value" else relationship
            self.assertRecordValues(
                account,
                [
                    {
                        "kam_attractiveness": value,
                        "kam_relationship_strength": relationship,
                        "kam_portfolio_quadrant": quadrant,
                        "kam_score": (value + relationship) / 2,
                    }
                ],
            )
            # The day's snapshot keeps the account's place in the matrix.
            self.assertRecordValues(
                self.env["kam.score.history"].search([("partner_id", "=", account.id)]),
                [{"attractiveness": value, "relationship_strength": relationship}],
            )

    def test_one_history_row_per_partner_per_day(self):
        manual = self._manual_criterion()
        History = self.env["kam.score.history"]
        with freeze_time("2026-05-04"):
            account = self._account("Trend")
            self._rescore(account)
            self._line(account, manual).manual_value = 40
            self._rescore(account)
        with freeze_time("2026-05-05"):
            self._line(account, manual).manual_value = 70
        history = History.search([("partner_id", "=", account.id)], order="date")
        self.assertEqual(
            [(str(h.date), h.score) for h in history],
            [("2026-05-04", 40), ("2026-05-05", 70)],
        )

    def test_cron_scores_the_whole_scope(self):
        self._color_criterion(max_value=10)
        company_account = self._account("Scoped company", [4])
        person = self.env["res.partner"].create(
            {"name": "Lone person", "company_id": self.scoring_company.id}
        )
        self.env["ir.config_parameter"].set_param(
            "kam_module.scoring_domain", "[('is_company', '=', True)]"
        )
        self.env["kam.score.engine"]._cron_rescore(auto_commit=False)
        self.assertTrue(company_account.kam_rank)
        self.assertTrue(company_account.kam_score_line_ids)
        self.assertFalse(person.kam_rank)
        self.assertFalse(self.contact.kam_rank)

    def test_cron_can_be_switched_off(self):
        self._manual_criterion()
        account = self._account("Unscored")
        self.env["ir.config_parameter"].set_param("kam_module.rescoring_cron", False)
        self.env["kam.score.engine"]._cron_rescore(auto_commit=False)
        self.assertFalse(account.kam_rank)
