# Copyright 2026 KAM Module Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo.tests import new_test_user, tagged

from .common import KamHttpCommon


@tagged("post_install", "-at_install")
class TestUiReviews(KamHttpCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.manager = new_test_user(
            cls.env,
            login="tour_benni",
            name="Tour Benni",
            groups="kam_module.group_kam_manager",
        )
        cls.head = new_test_user(
            cls.env,
            login="tour_head",
            password="tour_head_pwd",
            groups="kam_module.group_kam_head",
        )
        cls.client_a = cls.env["res.partner"].create(
            {
                "name": "Tour Client A",
                "is_company": True,
                "kam_state": "key",
                "kam_user_id": cls.manager.id,
            }
        )
        cls.review = (
            cls.env["kam.review"]
            .with_user(cls.manager)
            .create(
                {
                    "name": "Tour QBR",
                    "partner_id": cls.client_a.id,
                    "review_type_id": cls.env.ref(
                        "kam_module.kam_review_type_quarterly"
                    ).id,
                    "date": "2026-01-15",
                }
            )
        )

    def test_tour_review_recorded_then_signed_off(self):
        self.start_tour(
            "/odoo/action-kam_module.kam_review_action",
            "kam_manager_records_review",
            login="tour_benni",
        )
        review = self.review
        self.assertRecordValues(review, [{"state": "done", "health": "amber"}])
        self.assertIn("Milan corridor", review.decisions)
        self.assertEqual(review.action_ids.name, "Milan pilot proposal")
        self.assertEqual(review.action_ids.plan_id.state, "draft")
        self.start_tour(
            "/odoo/action-kam_module.kam_review_action_to_sign_off",
            "kam_head_signs_off_review",
            login="tour_head",
        )
        self.assertEqual(review.signed_off_by_id, self.head)

    def test_tour_cockpit_for_manager_and_head(self):
        self.start_tour(
            "/odoo/action-kam_module.kam_cockpit_action",
            "kam_cockpit_manager",
            login="tour_benni",
        )
        plan = self.env["kam.plan"].create(
            {"name": "Tour plan for approval", "partner_id": self.client_a.id}
        )
        plan.with_user(self.manager).action_submit()
        self.start_tour(
            "/odoo/action-kam_module.kam_cockpit_action",
            "kam_cockpit_head",
            login="tour_head",
        )
