# Copyright 2026 KAM Module Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo.exceptions import AccessError, ValidationError
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import KamCommon


@tagged("post_install", "-at_install")
class TestKamTier(KamCommon):
    def test_shipped_tiers(self):
        tiers = self.env["kam.tier"].search(
            [("company_id", "=", self.env.ref("base.main_company").id)]
        )
        self.assertTrue(
            {("Strategic", 80), ("Key", 60), ("Developing", 40)}
            <= {(t.name, t.min_score) for t in tiers}
        )

    @mute_logger("odoo.addons.base.models.ir_model")
    def test_only_administrators_configure_tiers(self):
        for user in (self.rep, self.member, self.manager, self.head):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                self.env["kam.tier"].with_user(user).create(
                    {"name": "Silver", "min_score": 50}
                )
        tier = (
            self.env["kam.tier"]
            .with_user(self.admin)
            .create({"name": "Silver", "min_score": 50})
        )
        self.assertEqual(tier.company_id, self.company)
        self.assertEqual(tier.with_user(self.rep).name, "Silver")

    def test_min_score_outside_range(self):
        for score in (-1, 100.5):
            with (
                self.subTest(score=score),
                self.assertRaisesRegex(
                    ValidationError, "minimum score must be between 0 and 100"
                ),
            ):
                self.env["kam.tier"].create({"name": "Broken", "min_score": score})

    def test_negative_review_interval(self):
        with self.assertRaisesRegex(
            ValidationError, "review interval cannot be negative"
        ):
            self.env["kam.tier"].create(
                {"name": "Broken", "min_score": 10, "review_interval_months": -1}
            )
