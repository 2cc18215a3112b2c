# Copyright 2026 KAM Module Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import Command
from odoo.exceptions import AccessError, ValidationError
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import KamCommon

MUTED = ("odoo.addons.base.models.ir_model", "odoo.addons.base.models.ir_rule")


@tagged("post_install", "-at_install")
class TestKamScoreAccess(KamCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # Only this test's criterion scores: 1 point of judgement = 1 point.
        cls.env["kam.score.criterion"].search([]).action_archive()
        cls.criterion = cls.env["kam.score.criterion"].create(
            {"name": "Judgement", "source": "manual", "company_id": cls.company.id}
        )
        cls.owned = cls._key_account("Owned Freight", cls.manager)
        cls.foreign = cls._key_account("Foreign Freight", cls.manager_2)
        cls._score(cls.owned | cls.foreign)
        cls.owned_line = cls.owned.kam_score_line_ids.filtered(
            lambda line: line.criterion_id == cls.criterion
        )
        cls.foreign_line = cls.foreign.kam_score_line_ids.filtered(
            lambda line: line.criterion_id == cls.criterion
        )

    @mute_logger(*MUTED)
    def test_only_administrators_configure_criteria(self):
        for user in (self.member, self.manager, self.head):
            with self.subTest(user=user.login):
                with self.assertRaises(AccessError):
                    self.env["kam.score.criterion"].with_user(user).create(
                        {"name": "Mine", "source": "manual"}
                    )
                with self.assertRaises(AccessError):
                    self.criterion.with_user(user).weight = 5
        criterion = (
            self.env["kam.score.criterion"]
            .with_user(self.admin)
            .create({"name": "Admin's", "source": "manual"})
        )
        criterion.weight = 4
        self.assertEqual(criterion.weight, 4)

    @mute_logger(*MUTED)
    def test_nobody_writes_the_score(self):
        for user in (self.rep, self.manager, self.head, self.admin):
            for field in ("kam_score", "kam_rank", "kam_portfolio_quadrant"):
                value = "strategic" if field == "kam_portfolio_quadrant" else 99
                with (
                    self.subTest(user=user.login, field=field),
                    self.assertRaises(AccessError),
                ):
                    self.owned.with_user(user).write({field: value})
        with self.assertRaises(AccessError):
            self.owned_line.with_user(self.head).write({"score": 100})

    @mute_logger(*MUTED)
    def test_sales_rep_reads_no_score(self):
        with self.assertRaises(AccessError):
            self.owned.with_user(self.rep).read(["kam_score"])
        with self.assertRaises(AccessError):
            self.env["kam.score.line"].with_user(self.rep).search([])

    @mute_logger(*MUTED)
    def test_manager_enters_manual_values_of_owned_accounts_only(self):
        self.owned_line.with_user(self.manager).manual_value = 75
        self.assertEqual(self.owned.kam_score, 75)
        with self.assertRaises(AccessError):
            self.foreign_line.with_user(self.manager).manual_value = 75
        self.assertFalse(
            self.env["kam.score.line"]
            .with_user(self.manager)
            .search([("id", "=", self.foreign_line.id)])
        )
        self.assertEqual(self.foreign.kam_score, 0)
        # The Head of KAM judges any account; managers still read every score.
        self.foreign_line.with_user(self.head).manual_value = 40
        self.assertEqual(self.foreign.with_user(self.manager).kam_score, 40)

    def test_breakdown_saved_from_the_account_form(self):
        second = self.env["kam.score.criterion"].create(
            {"name": "Second", "source": "manual", "weight": 3}
        )
        self._score(self.owned)
        lines = self.owned.kam_score_line_ids
        self.owned.with_user(self.manager).write(
            {
                "kam_score_line_ids": [
                    Command.update(line.id, {"manual_value": value})
                    for line, value in zip(lines, (20, 60), strict=True)
                ]
            }
        )
        self.assertEqual(lines.criterion_id, self.criterion | second)
        # (1 x 20 + 3 x 60) / 4 = 50
        self.assertEqual(self.owned.kam_score, 50)

    def test_manual_value_outside_range(self):
        for value in (-1, 100.01):
            with (
                self.subTest(value=value),
                self.assertRaisesRegex(
                    ValidationError, "the manual value must be between 0 and 100"
                ),
                self.env.cr.savepoint(),
            ):
                self.owned_line.with_user(self.manager).manual_value = value
        self.assertEqual(self.owned.kam_score, 0)

    @mute_logger(*MUTED, "odoo.models")
    def test_team_member_of_no_team_reads_no_score(self):
        """Team members read the breakdown of their own accounts only (see
        test_kam_team_member); the account's scores are for managers."""
        self.owned_line.manual_value = 30
        self.assertFalse(self.env["kam.score.line"].with_user(self.member).search([]))
        self.assertFalse(
            self.env["kam.score.history"].with_user(self.member).search([])
        )
        for field in ("kam_score", "kam_rank"):
            with self.subTest(field=field), self.assertRaises(AccessError):
                self.owned.with_user(self.member).read([field])
        judgement = self.owned.message_ids.filtered(
            lambda m: "Judgement changed" in m.body
        )
        # The chatter shows the judgement's values to those who read scores.
        trackings = judgement.sudo().tracking_value_ids
        member_env = self.env(user=self.member)
        manager_env = self.env(user=self.manager_2)
        self.assertFalse(trackings._filter_has_field_access(member_env))
        self.assertEqual(
            trackings._filter_has_field_access(manager_env).new_value_float, 30
        )

    def test_other_company_reads_no_history(self):
        other_company = self.env["res.company"].create({"name": "KAM History Other"})
        outsider = self._kam_user(
            "kam_history_outsider", "kam_module.group_kam_head", other_company
        )
        self.owned_line.manual_value = 30
        domain = [("partner_id", "=", self.owned.id)]
        History = self.env["kam.score.history"]
        self.assertTrue(History.with_user(self.head).search(domain))
        self.assertFalse(History.with_user(outsider).search(domain))

    @mute_logger(*MUTED)
    def test_rescoring_respects_groups_and_record_rules(self):
        with self.assertRaises(AccessError):
            self.owned.with_user(self.member).action_kam_rescore()
        other_company = self.env["res.company"].create({"name": "KAM Rescore Other"})
        outsider = self._kam_user(
            "kam_outsider", "kam_module.group_kam_head", other_company
        )
        with self.assertRaises(AccessError):
            self.owned.with_user(outsider).action_kam_rescore()
        self.owned_line.manual_value = 30
        self.owned.with_user(self.manager).action_kam_rescore()
        self.assertEqual(self.owned.kam_score, 30)
