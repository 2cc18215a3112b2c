# Copyright 2026 KAM Module Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from datetime import date

from freezegun import freeze_time

from odoo.tests import tagged

from .common import KamReviewCommon


@tagged("post_install", "-at_install")
@freeze_time("2026-03-02")
class TestKamReviewCadence(KamReviewCommon):
    """The cadence keeps exactly one planned automatic review ahead for every
    key account, at its tier's interval, whatever the number of runs."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Tier = cls.env["kam.tier"]
        cls.tier_3 = Tier.search([("review_interval_months", "=", 3)], limit=1)
        cls.tier_6 = Tier.search([("review_interval_months", "=", 6)], limit=1)
        cls.strategy = cls.env.ref("kam_module.kam_review_type_strategy")
        cls.candidate = cls.env["res.partner"].create(
            {
                "name": "Candidate Freight",
                "is_company": True,
                "kam_state": "candidate",
                "kam_user_id": cls.manager.id,
            }
        )

    def _automatic(self, accounts):
        return self.Review.search(
            [
                ("partner_id", "in", accounts.ids),
                ("is_automatic", "=", True),
                ("state", "=", "planned"),
            ]
        )

    def test_cron_run_twice_creates_each_review_once(self):
        self.other_account.sudo().kam_tier_id = self.tier_6
        accounts = self.account | self.other_account | self.candidate
        self.Review._cron_schedule_reviews(auto_commit=False)
        self.Review._cron_schedule_reviews(auto_commit=False)
        reviews = self._automatic(accounts)
        self.assertEqual(len(reviews), 2)
        by_account = {r.partner_id: r for r in reviews}
        self.assertRecordValues(
            by_account[self.account] | by_account[self.other_account],
            [
                {
                    "review_type_id": self.quarterly.id,
                    "date": date(2026, 6, 2),
                    "user_id": self.manager.id,
                    "cadence_months": 3,
                },
                {
                    "review_type_id": self.strategy.id,
                    "date": date(2026, 9, 2),
                    "user_id": self.manager_2.id,
                    "cadence_months": 6,
                },
            ],
        )
        activities = reviews.activity_ids
        self.assertEqual(len(activities), 2)
        self.assertEqual(
            {(a.user_id, a.date_deadline) for a in activities},
            {(self.manager, date(2026, 6, 2)), (self.manager_2, date(2026, 9, 2))},
        )

    def test_cron_creates_reviews_as_create_would(self):
        """The cadence writes its reviews, to-dos and followers set-based:
        what they hold is what the ORM's create gives, and nothing is
        logged."""
        plan = self._approved_plan(self.account, self.manager)
        self.Review._cron_schedule_reviews(auto_commit=False)
        review = self._automatic(self.account)
        self.assertRecordValues(
            review,
            [
                {
                    "name": self.quarterly.name,
                    "display_name": f"{self.account.name} - {self.quarterly.name}",
                    "company_id": self.account.company_id.id or self.env.company.id,
                    "kam_user_id": self.manager.id,
                    "plan_id": plan.id,
                    "cadence_from": date(2026, 3, 2),
                    "is_overdue": False,
                }
            ],
        )
        self.assertFalse(review.message_ids)
        self.assertRecordValues(
            review.activity_ids,
            [
                {
                    "res_model": "kam.review",
                    "res_name": review.display_name,
                    "summary": review.display_name,
                    "activity_type_id": self.env.ref(
                        "kam_module.mail_activity_kam_review"
                    ).id,
                    "user_id": self.manager.id,
                    "user_tz": self.manager.tz,
                    "date_deadline": date(2026, 6, 2),
                    "state": "planned",
                }
            ],
        )
        defaults = self.env["mail.message.subtype"].default_subtypes("kam.review")[0]
        self.assertEqual(
            [(f.partner_id, f.subtype_ids) for f in review.message_follower_ids],
            [(self.manager.partner_id, defaults)],
        )
        planned = self.Review.search(
            [("partner_id", "=", self.account.id), ("state", "=", "planned")]
        )
        self.assertIn(review, planned)
        self.assertEqual(self.account.kam_next_review_date, min(planned.mapped("date")))
        todo = self.env["mail.activity"].with_user(self.manager)
        self.assertEqual(
            todo.search([("res_model", "=", "kam.review"), ("res_id", "=", review.id)]),
            review.activity_ids,
        )

    def test_designation_schedules_at_once(self):
        self.assertFalse(self._automatic(self.candidate))
        self.candidate.with_user(self.head).action_kam_designate()
        review = self._automatic(self.candidate)
        self.assertEqual(
            (review.date, review.user_id), (date(2026, 6, 2), self.manager)
        )

    def test_tier_change_reschedules(self):
        self.Review._cron_schedule_reviews(auto_commit=False)
        review = self._automatic(self.account)
        self.account.with_user(self.head).write({"kam_tier_id": self.tier_6.id})
        self.assertEqual(self._automatic(self.account), review)
        self.assertEqual(
            (review.date, review.review_type_id), (date(2026, 9, 2), self.strategy)
        )
        self.assertEqual(review.activity_ids.date_deadline, date(2026, 9, 2))
        # The nightly rescoring moves tiers in SQL: the cron follows.
        self.env.flush_all()
        self.env.cr.execute(
            "UPDATE res_partner SET kam_tier_id = %s WHERE id = %s",
            (self.tier_3.id, self.account.id),
        )
        self.env.invalidate_all()
        self.Review._cron_schedule_reviews(auto_commit=False)
        self.assertEqual(
            (review.date, review.review_type_id), (date(2026, 6, 2), self.quarterly)
        )

    def test_revocation_cancels_the_planned_review(self):
        self.Review._cron_schedule_reviews(auto_commit=False)
        review = self._automatic(self.account)
        self._revoke(self.account, "Merged into a group account", self.head)
        self.assertEqual(review.state, "cancelled")
        self.assertFalse(review.activity_ids)
        self.Review._cron_schedule_reviews(auto_commit=False)
        self.assertFalse(self._automatic(self.account))
        # An archived key account loses its planned review the next night.
        other = self._automatic(self.other_account)
        self.other_account.sudo().active = False
        self.Review._cron_schedule_reviews(auto_commit=False)
        self.assertEqual(other.state, "cancelled")

    def test_held_review_schedules_the_next(self):
        self.Review._cron_schedule_reviews(auto_commit=False)
        review = self._automatic(self.account)
        with freeze_time("2026-05-28"):
            self._hold(review)
            self.Review._cron_schedule_reviews(auto_commit=False)
        following = self._automatic(self.account)
        self.assertEqual(len(following), 1)
        self.assertEqual(following.date, date(2026, 8, 28))
        # A formal review held outside the cadence restarts it too; a weekly
        # check-in does not.
        with freeze_time("2026-06-15"):
            self._hold(
                self._review(
                    self.account, date="2026-06-15", review_type_id=self.weekly.id
                )
            )
            self.assertEqual(following.date, date(2026, 8, 28))
            self._hold(self._review(self.account, date="2026-06-15"))
        self.assertEqual(following.date, date(2026, 9, 15))

    def test_a_review_already_overdue_moves_the_accounts_health(self):
        """The cadence creates its reviews set-based: an account whose new
        review is overdue (its last one held long ago) is at risk at once;
        one whose review is ahead keeps its health."""
        held = self._review(self.account)
        self._hold(held)
        # Held long ago.
        self.env.cr.execute(
            "UPDATE kam_review SET date = '2025-09-15' WHERE id = %s", (held.id,)
        )
        self.env.invalidate_all()
        self.Review.search(
            [("partner_id", "in", self.account.ids), ("state", "=", "planned")]
        ).sudo().write({"state": "cancelled"})
        before = self.other_account.kam_health_reasons
        self.Review._cron_schedule_reviews(auto_commit=False)
        self.assertEqual(self._automatic(self.account).date, date(2025, 12, 15))
        self.assertIn("review(s) overdue", self.account.kam_health_reasons)
        self.assertEqual(self.other_account.kam_health_reasons, before)

    def test_a_manager_out_of_the_accounts_company_stops_no_run(self):
        """A manager moved to another company since the designation: the
        cadence still plans the account's review, by the manager the account
        names, and the other accounts of the chunk get theirs."""
        elsewhere = self.env["res.company"].create({"name": "KAM Elsewhere"})
        self.manager_2.write({"company_ids": [(4, elsewhere.id)]})
        self.other_account.with_user(self.head).write(
            {"kam_user_id": self.manager_2.id}
        )
        self.manager_2.write(
            {"company_id": elsewhere.id, "company_ids": [(6, 0, elsewhere.ids)]}
        )
        self.Review._cron_schedule_reviews(auto_commit=False)
        self.assertRecordValues(
            self._automatic(self.account | self.other_account).sorted(
                lambda review: review.partner_id.id
            ),
            [
                {"partner_id": account.id, "user_id": account.kam_user_id.id}
                for account in (self.account | self.other_account).sorted("id")
            ],
        )

    def test_moved_date_duplicates_and_manager_change(self):
        self.Review._cron_schedule_reviews(auto_commit=False)
        review = self._automatic(self.account)
        review.with_user(self.manager).write({"date": "2026-06-20"})
        duplicate = review.sudo().copy(
            {"is_automatic": True, "cadence_months": 3, "cadence_from": "2026-03-02"}
        )
        self.Review._cron_schedule_reviews(auto_commit=False)
        self.assertEqual(review.date, date(2026, 6, 20), "a moved date is kept")
        self.assertEqual(duplicate.state, "cancelled")
        self.account.with_user(self.head).write({"kam_user_id": self.manager_2.id})
        self.assertEqual(review.user_id, self.manager_2)
        self.assertEqual(review.activity_ids.user_id, self.manager_2)

    def test_handover_gives_the_planned_reviews(self):
        manual = self._review(self.account, date="2026-04-01")
        wizard = (
            self.env["kam.handover.wizard"]
            .with_user(self.head)
            .create({"from_user_id": self.manager.id, "to_user_id": self.manager_2.id})
        )
        wizard.action_confirm()
        self.assertEqual(manual.user_id, self.manager_2)
        self.assertEqual(manual.activity_ids.user_id, self.manager_2)
        self.assertIn("planned reviews", self.account.message_ids[0].body)

    def test_cron_costs_the_same_per_chunk(self):
        """The cadence of a chunk costs a fixed number of queries: 10 or 40
        accounts, with the same managers."""
        Partner = self.env["res.partner"]

        def accounts(count):
            return Partner.create(
                [
                    {
                        "name": f"Chunk {count} {i}",
                        "is_company": True,
                        "kam_state": "key",
                        "kam_user_id": (self.manager, self.manager_2)[i % 2].id,
                        "kam_tier_id": (self.tier_3, self.tier_6)[i % 2].id,
                    }
                    for i in range(count)
                ]
            )

        small, large = accounts(10), accounts(40)
        self.env.flush_all()
        self.env.invalidate_all()
        with self.assertQueryCount(CHUNK_QUERIES):
            self.Review._kam_schedule(small)
        self.env.flush_all()
        self.env.invalidate_all()
        with self.assertQueryCount(CHUNK_QUERIES):
            self.Review._kam_schedule(large)
        self.env.flush_all()
        self.env.invalidate_all()
        with self.assertQueryCount(IDLE_CHUNK_QUERIES):
            self.Review._kam_schedule(small | large)
        self.assertEqual(len(self._automatic(small | large)), 50)


# A chunk of accounts whose reviews and to-dos are created, and a chunk that
# is up to date: the same for 10 or 40 accounts (the reviews, their to-dos
# and their organizers' subscriptions are written in one statement a table).
CHUNK_QUERIES = 21
IDLE_CHUNK_QUERIES = 8
