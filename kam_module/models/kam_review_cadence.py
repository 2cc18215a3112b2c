# Copyright 2026 KAM Module Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from collections import defaultdict

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models


class KamReviewCadence(models.AbstractModel):
    """The cadence of the formal reviews, mixed into ``kam.review``: one
    planned automatic review ahead for every key account, at its tier's
    interval."""

    _name = "kam.review.cadence"
    _description = "Key Account Review Cadence"
    # Accounts per transaction of the cadence job.
    _kam_cadence_chunk = 1000

    @api.model
    def _cron_schedule_reviews(self, auto_commit=True):
        """Keep one planned automatic review ahead for every key account, in
        chunks of accounts, each committed in its own transaction."""
        Partner = self.env["res.partner"].sudo()
        accounts = Partner.search([("kam_state", "=", "key")], order="id")
        # Revoked or archived accounts lose their planned review.
        revoked = (
            self.sudo()
            .with_context(active_test=False)
            .search(
                [
                    ("is_automatic", "=", True),
                    ("state", "=", "planned"),
                    "|",
                    ("partner_id.kam_state", "!=", "key"),
                    ("partner_id.active", "=", False),
                ]
            )
            .partner_id
        )
        ids = sorted(set(accounts.ids) | set(revoked.ids))
        chunk = self._kam_cadence_chunk
        for start in range(0, len(ids), chunk):
            self._kam_schedule(Partner.browse(ids[start : start + chunk]))
            self.env.flush_all()
            self.env["ir.cron"]._notify_progress(
                done=min(start + chunk, len(ids)),
                remaining=max(len(ids) - start - chunk, 0),
            )
            if auto_commit:
                self.env.cr.commit()  # pylint: disable=invalid-commit
            self.env.invalidate_all()

    @api.model
    def _kam_schedule(self, accounts):
        """The cadence of ``accounts``: each key account gets exactly one
        planned automatic review, by its manager, at its tier's interval from
        the last formal review held; the others lose theirs. An account
        without a manager keeps what it has until it gets one.

        A fixed number of queries, whatever the number of accounts.
        """
        Review = (
            self.browse()
            .sudo()
            .with_context(
                tracking_disable=True,
                mail_create_nolog=True,
                mail_create_nosubscribe=True,
            )
        )
        planned = Review.search(
            [
                ("partner_id", "in", accounts.ids),
                ("state", "=", "planned"),
                ("is_automatic", "=", True),
            ],
            order="date, id",
        )
        keys = accounts.sudo().filtered(lambda p: p.kam_state == "key" and p.active)
        held = dict(
            Review._read_group(
                [
                    ("partner_id", "in", keys.ids),
                    ("state", "=", "done"),
                    ("review_type_id.interval_months", ">", 0),
                ],
                ["partner_id"],
                ["date:max"],
            )
        )
        by_account = planned.grouped("partner_id")
        cancelled = planned.filtered(lambda r: r.partner_id not in keys)
        moves = defaultdict(Review.browse)
        new = []
        today = fields.Date.context_today(self)
        types = self.env["kam.review.type"]._kam_automatic()
        for account in keys.filtered("kam_user_id"):
            months = account._kam_review_interval()
            review_type = types._kam_for_interval(months)
            reviews = by_account.get(account, Review)
            cancelled |= reviews[1:]
            review = reviews[:1]
            start = held.get(account) or (review.cadence_from if review else today)
            if not review_type or (
                review
                and review.cadence_months == months
                and review.cadence_from >= start
            ):
                if review and review.user_id != account.kam_user_id:
                    moves[("user_id", account.kam_user_id.id),] |= review
                continue
            values = {
                "name": review_type.name,
                "review_type_id": review_type.id,
                "cadence_months": months,
                "cadence_from": start,
                "date": start + relativedelta(months=months),
                "user_id": account.kam_user_id.id,
            }
            if review:
                moves[tuple(values.items())] |= review
            else:
                new.append(dict(values, partner_id=account.id, is_automatic=True))
        cancelled.write({"state": "cancelled"})
        for values, reviews in moves.items():
            reviews.write(dict(values))
        Review.create(new)
