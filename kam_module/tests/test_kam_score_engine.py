# Copyright 2026 KAM Module Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo.exceptions import AccessError
from odoo.tests import tagged
from odoo.tools import SQL, mute_logger

from .common import KamScoringCommon


@tagged("post_install", "-at_install")
class TestKamScoreEngine(KamScoringCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Engine = cls.env["kam.score.engine"]
        cls.scoring_admin = cls._kam_user(
            "kam_scoring_admin", "kam_module.group_kam_admin", cls.scoring_company
        )

    def test_one_account_scored_alone_as_by_the_nightly_run(self):
        self._color_criterion(normalization="percentile")
        self._manual_criterion()
        accounts = [self._account(f"P{i}", [i * 3]) for i in range(1, 6)]
        self._score(self.env["res.partner"].browse(a.id for a in accounts))
        self.env["res.partner"].create(
            {"name": "New buyer", "parent_id": accounts[1].id, "color": 10}
        )
        self.Engine._rescore_accounts(accounts[1])
        alone = accounts[1].kam_score
        self.assertTrue(accounts[1].kam_ranks_pending)
        self.Engine._cron_settle_ranks(auto_commit=False)
        # raw 16 among 3, 9, 12, 15: above all -> 100, x weight 1 / 2.
        self.assertEqual((alone, accounts[1].kam_score), (50, 50))
        self.assertEqual(accounts[1].kam_rank, 1)

    def test_account_without_any_value_is_not_scored(self):
        criterion = self._manual_criterion()
        self.env["kam.tier"].create(
            {"name": "Any", "min_score": 0, "company_id": self.scoring_company.id}
        )
        account = self._account("Silent")
        self._score(account)
        self.assertRecordValues(
            account,
            [
                {
                    "kam_score": 0,
                    "kam_rank": 0,
                    "kam_portfolio_quadrant": False,
                    "kam_tier_id": False,
                }
            ],
        )
        self.assertFalse(
            self.env["kam.score.history"].search([("partner_id", "=", account.id)])
        )
        self._line(account, criterion).manual_value = 0
        self.assertEqual(account.kam_portfolio_quadrant, "streamline")
        self.assertTrue(account.kam_tier_id)

    def test_own_company_is_never_scored(self):
        self._manual_criterion()
        own = self.scoring_company.partner_id
        self.Engine._cron_rescore(auto_commit=False)
        self.assertFalse(own.kam_score_line_ids)
        self.assertFalse(own.kam_portfolio_quadrant)

    @mute_logger("odoo.addons.base.models.ir_rule")
    def test_shared_partner_is_scored_by_the_main_company(self):
        main = self.env.ref("base.main_company")
        self.env["kam.score.criterion"].search([]).action_archive()
        judgement = self.env["kam.score.criterion"].create(
            {"name": "Main judgement", "source": "manual", "company_id": main.id}
        )
        self._manual_criterion(name="Other company's judgement")
        shared = self.env["res.partner"].create(
            {"name": "Shared Holding", "is_company": True, "company_id": False}
        )
        other_head = self._kam_user(
            "kam_other_head", "kam_module.group_kam_head", self.scoring_company
        )
        with self.assertRaisesRegex(AccessError, "its key-account status belongs"):
            shared.with_user(other_head).action_kam_rescore()
        with self.assertRaisesRegex(AccessError, "its key-account status belongs"):
            shared.with_user(other_head).write({"kam_relationship_stage": "basic"})
        shared.with_user(self.head).action_kam_rescore()
        self.assertEqual(shared.kam_score_line_ids.criterion_id, judgement)
        self._line(shared, judgement).manual_value = 64
        self.Engine._cron_rescore(auto_commit=False)
        self.assertEqual(shared.kam_score, 64)
        self.assertEqual(shared.kam_score_line_ids.criterion_id, judgement)
        history = self.env["kam.score.history"].search([("partner_id", "=", shared.id)])
        self.assertTrue(history.with_user(self.head).read(["score"]))
        self.assertFalse(history.with_user(other_head)._filtered_access("read"))

    def test_failing_criterion_does_not_stop_the_scoring(self):
        judgement = self._manual_criterion(weight=1)
        broken = self._color_criterion(max_value=10, weight=1)
        account = self._account("Resilient", [4])
        self._score(account)
        self._line(account, judgement).manual_value = 80
        self.assertEqual(account.kam_score, 60)
        # Data changed under it: the domain now compares a date with text.
        self.env.cr.execute(
            SQL(
                "UPDATE kam_score_criterion SET domain = %s WHERE id = %s",
                "[('date', '>', 'not-a-date')]",
                broken.id,
            )
        )
        self.env.invalidate_all()
        self.env["res.partner"].create(
            {"name": "More color", "parent_id": account.id, "color": 6}
        )
        self.Engine._cron_rescore(auto_commit=False)
        self.assertIn("not-a-date", broken.failure_message)
        # The other criteria are scored; the broken one keeps its last value.
        self.assertEqual(self._line(account, broken).raw_value, 4)
        self.assertEqual(account.kam_score, 60)
        activity = broken.activity_ids
        self.assertEqual(activity.user_id, self.scoring_admin)
        account.action_kam_rescore()
        self.assertEqual(broken.activity_ids, activity, "one activity, not one a run")
        broken.domain = "[]"
        self.Engine._cron_rescore(auto_commit=False)
        self.assertFalse(broken.failure_message)
        self.assertFalse(broken.activity_ids)
        self.assertEqual(self._line(account, broken).raw_value, 10)
        self.assertEqual(account.kam_score, 90)

    def test_criteria_of_the_same_records_are_read_in_one_scan(self):
        """Criteria of the same model, link and domain are the columns of one
        aggregate query; one that fails there leaves the others scored."""
        total = self._color_criterion(name="Color total")
        largest = self._color_criterion(name="Largest color", aggregate="max")
        account = self._account("Scanned", [4, 7])
        Source = type(self.env["kam.score.source"])
        scans = []
        original = Source._raw_values

        def raw_values(source, specs, *args):
            ids = [spec["id"] for spec in specs]
            if set(ids) & {total.id, largest.id}:  # not the demo's criteria
                scans.append(ids)
            return original(source, specs, *args)

        self.patch(Source, "_raw_values", raw_values)
        self.Engine._cron_rescore(auto_commit=False)
        self.assertEqual(scans, [[total.id, largest.id]])
        self.assertEqual(
            (
                self._line(account, total).raw_value,
                self._line(account, largest).raw_value,
            ),
            (11, 7),
        )
        # The largest color now sums a date: its query fails.
        self.env.cr.execute(
            SQL(
                "UPDATE kam_score_criterion SET measure_field_id = %s, "
                "aggregate = 'sum' WHERE id = %s",
                self.env["ir.model.fields"]._get("res.partner", "create_date").id,
                largest.id,
            )
        )
        self.env.invalidate_all()
        self.env["res.partner"].create(
            {"name": "More color", "parent_id": account.id, "color": 3}
        )
        scans.clear()
        with mute_logger("odoo.addons.kam_module.models.kam_score_engine"):
            self.Engine._cron_rescore(auto_commit=False)
        self.assertEqual(scans, [[total.id, largest.id], [total.id], [largest.id]])
        self.assertEqual(self._line(account, total).raw_value, 14)
        self.assertEqual(self._line(account, largest).raw_value, 7)
        self.assertTrue(largest.failure_message)
        self.assertFalse(total.failure_message)

    def test_tier_changes_of_key_accounts_are_tracked(self):
        Tier = self.env["kam.tier"]
        low, high = (
            Tier.create(
                {
                    "name": name,
                    "min_score": score,
                    "company_id": self.scoring_company.id,
                }
            )
            for name, score in (("Low", 0), ("High", 50))
        )
        criterion = self._manual_criterion()
        self.manager.company_ids += self.scoring_company
        account = self._account("Tracked", kam_state="key", kam_user_id=self.manager.id)
        self._score(account)
        self._line(account, criterion).manual_value = 20
        self.assertEqual(account.kam_tier_id, low)
        self._line(account, criterion).manual_value = 70
        self.assertEqual(account.kam_tier_id, high)
        tracking = account.message_ids.tracking_value_ids.filtered(
            lambda value: value.field_id.name == "kam_tier_id"
        )
        self.assertEqual(
            tracking.mapped(lambda t: (t.old_value_char, t.new_value_char)),
            [("Low", "High"), ("", "Low")],
        )

    def test_judgements_leave_a_trace(self):
        criterion = self._manual_criterion(name="Growth outlook")
        self.manager.company_ids += self.scoring_company
        account = self._account("Judged", kam_state="key", kam_user_id=self.manager.id)
        self._score(account)
        line = self._line(account, criterion)
        line.with_user(self.manager).with_company(self.scoring_company).write(
            {"manual_value": 35}
        )
        line.with_user(self.manager).with_company(self.scoring_company).write(
            {"manual_value": 60}
        )
        notes = account.message_ids.filtered(lambda m: "Judgement" in m.body)
        self.assertEqual(notes[0].author_id, self.manager.partner_id)
        self.assertIn("Judgement changed: Growth outlook", notes[0].body)
        self.assertEqual(
            notes.tracking_value_ids.mapped(
                lambda t: (t.field_id.name, t.old_value_float, t.new_value_float)
            ),
            [("manual_value", 35, 60), ("manual_value", 0, 35)],
        )

    def test_rescore_now_says_what_it_did(self):
        criterion = self._color_criterion(max_value=10)
        account = self._account("Feedback", [5])
        person = self.env["res.partner"].create(
            {"name": "Out of scope", "company_id": self.scoring_company.id}
        )
        action = account.action_kam_rescore()
        self.assertEqual(action["tag"], "display_notification")
        self.assertIn("Feedback: score 50.00", action["params"]["message"])
        self.assertIn("Ranks are being updated", action["params"]["message"])
        self.assertEqual(self._line(account, criterion).raw_value, 5)
        action = person.action_kam_rescore()
        self.assertIn("Not in the scoring scope", action["params"]["message"])
        self.assertEqual(action["params"]["type"], "warning")
