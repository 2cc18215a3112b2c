# Copyright 2026 KAM Module Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo.exceptions import AccessError
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import KamReviewCommon

MUTED = ("odoo.addons.base.models.ir_model", "odoo.addons.base.models.ir_rule")


@tagged("post_install", "-at_install")
class TestKamReviewAccess(KamReviewCommon):
    """Reviews follow the account's team: members read them, the manager runs
    them, the Head of KAM runs all of their companies', nobody else sees
    them."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.outsider = cls._kam_user("kam_review_outsider", "kam_module.group_kam_user")
        cls._seat(cls.other_account, cls.outsider)
        cls.other_review = cls._review(cls.other_account)
        company_2 = cls.env["res.company"].create({"name": "KAM Review Co"})
        cls.head_2 = cls._kam_user(
            "kam_review_head_2", "kam_module.group_kam_head", company_2
        )

    def _reads(self, user):
        return self.Review.with_user(user).search(
            [("id", "in", (self.review | self.other_review).ids)]
        )

    def test_who_reads_which_review(self):
        for user, reviews in (
            (self.member, self.review),
            (self.extended, self.review),
            (self.manager, self.review),
            (self.outsider, self.other_review),
            (self.head, self.review | self.other_review),
            (self.admin, self.review | self.other_review),
            (self.head_2, self.Review),
        ):
            with self.subTest(user=user.login):
                self.assertEqual(self._reads(user), reviews)

    @mute_logger(*MUTED)
    def test_sales_rep_and_portal_read_no_review(self):
        for user in (self.rep, self.portal):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                self.Review.with_user(user).search([])
        for name in ("kam_review_ids", "kam_health_reasons", "kam_next_review_date"):
            with self.subTest(field=name), self.assertRaises(AccessError):
                self.account.with_user(self.rep).read([name])
        self.assertTrue(self.account.with_user(self.rep).kam_health)

    @mute_logger(*MUTED)
    def test_members_read_but_do_not_record(self):
        review = self.review.with_user(self.member)
        self.assertTrue(review.summary is not None)
        with self.assertRaises(AccessError):
            review.write({"summary": "<p>Notes</p>"})
        with self.assertRaises(AccessError):
            review.action_done()
        with self.assertRaises(AccessError):
            self._review(self.account, user=self.member)

    @mute_logger(*MUTED)
    def test_manager_runs_own_accounts_reviews_only(self):
        self.review.with_user(self.manager).write({"summary": "<p>Agenda</p>"})
        with self.assertRaises(AccessError):
            self.other_review.with_user(self.manager).write({"summary": "<p>X</p>"})
        with self.assertRaises(AccessError):
            self._review(self.other_account, user=self.manager)
        with self.assertRaises(AccessError):
            self.other_review.with_user(self.manager).action_cancel()

    @mute_logger(*MUTED)
    def test_head_runs_their_companies_reviews(self):
        review = self._review(self.other_account, user=self.head)
        self.assertEqual(review.user_id, self.head)
        self.other_review.with_user(self.head).write({"health": "amber"})
        self.other_review.with_user(self.manager_2).action_done()
        self.other_review.with_user(self.head).action_sign_off()
        with self.assertRaises(AccessError):
            self.review.with_user(self.head_2).read(["name"])
        with self.assertRaises(AccessError):
            self.review.with_user(self.head_2).action_sign_off()

    @mute_logger(*MUTED)
    def test_review_types_are_configured_by_administrators(self):
        self.quarterly.with_user(self.manager).read(["name"])
        with self.assertRaises(AccessError):
            self.quarterly.with_user(self.head).write({"interval_months": 4})
        self.quarterly.with_user(self.admin).write({"interval_months": 4})

    def test_views_load_for_each_role(self):
        views = [
            (False, kind)
            for kind in ("list", "calendar", "form", "pivot", "graph", "search")
        ]
        for user in (self.member, self.manager, self.head):
            with self.subTest(user=user.login):
                loaded = self.Review.with_user(user).get_views(views)["views"]
                self.assertEqual(set(loaded), {kind for _id, kind in views})
        types = self.env["kam.review.type"].with_user(self.admin)
        self.assertIn(
            "interval_months",
            types.get_views([(False, "list")])["views"]["list"]["arch"],
        )
