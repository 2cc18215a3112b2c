# Copyright 2026 KAM Module Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from collections import defaultdict

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.tools import SQL

from ..scoring_math import pg_array
from .kam_data_source import pg_dates

# The organizer's to-do of a planned review.
REVIEW_ACTIVITY = "kam_module.mail_activity_kam_review"


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
        self.env["ir.cron"]._kam_run_in_chunks(
            Partner.browse(sorted(set(accounts.ids) | set(revoked.ids))),
            self._kam_cadence_chunk,
            self._kam_schedule,
            auto_commit,
        )

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
        Review._kam_create_automatic(new)

    @api.model
    def _kam_create_automatic(self, vals_list):
        """Create the automatic reviews of ``vals_list`` with their to-dos and
        their organizers following them, as ``create`` does, in one statement
        a table. A first run of the cadence creates one for every key
        account: the ORM's create, with its defaults, checks and the to-do's
        and follower's own creation, would cost milliseconds a review. The
        values are the cadence's, valid by construction: the account's
        manager organizes a review of its company, and no message is logged
        for what the system creates."""
        if not vals_list:
            return
        cr = self.env.cr
        self.env.flush_all()
        accounts = self.env["res.partner"].browse(v["partner_id"] for v in vals_list)
        plans = dict(
            self.env["kam.plan"]
            .sudo()
            ._read_group(
                [("partner_id", "in", accounts.ids), ("state", "=", "approved")],
                ["partner_id"],
                ["id:max"],
            )
        )
        uid, now = self.env.uid, self.env.cr.now()
        # An account's company, or the main one for a shared account, as
        # _kam_company gives it.
        main = self.env["kam.score.engine"]._scoring_company(False)
        cr.execute(
            SQL(
                """
                INSERT INTO kam_review (partner_id, company_id, kam_user_id, user_id,
                       name, review_type_id, date, state, is_automatic,
                       cadence_months, cadence_from, plan_id,
                       create_uid, create_date, write_uid, write_date)
                SELECT v.partner, v.company, v.organizer, v.organizer, v.name,
                       v.type, v.date, 'planned', TRUE, v.months, v.start,
                       v.plan, %(uid)s, %(now)s, %(uid)s, %(now)s
                  FROM unnest(%(partners)s::int[], %(companies)s::int[],
                              %(organizers)s::int[], %(names)s::varchar[],
                              %(types)s::int[], %(dates)s::date[],
                              %(months)s::int[], %(starts)s::date[],
                              %(plans)s::int[])
                    AS v(partner, company, organizer, name, type, date, months,
                         start, plan)
             RETURNING id
                """,
                uid=uid,
                now=now,
                partners=pg_array(accounts.ids),
                companies=pg_array(
                    [(account.company_id or main).id for account in accounts]
                ),
                organizers=pg_array([v["user_id"] for v in vals_list]),
                names=[v["name"] for v in vals_list],
                types=pg_array([v["review_type_id"] for v in vals_list]),
                dates=pg_dates([v["date"] for v in vals_list]),
                months=pg_array([v["cadence_months"] for v in vals_list]),
                starts=pg_dates([v["cadence_from"] for v in vals_list]),
                plans=pg_array([plans.get(account) for account in accounts]),
            )
        )
        reviews = self.browse(row[0] for row in cr.fetchall())
        self._kam_insert_todos(reviews, uid, now)
        # What depends on the reviews follows: their accounts' next review,
        # and the health of those whose review is already overdue (a review
        # planned ahead changes no health). What the reviews compute
        # themselves is written.
        Partner = self.env["res.partner"]
        today = fields.Date.context_today(self)
        ahead = accounts.browse(
            v["partner_id"] for v in vals_list if v["date"] >= today
        )
        with (
            self.env.protecting(
                [
                    self._fields[name]
                    for name in ("company_id", "kam_user_id", "plan_id")
                ],
                reviews,
            ),
            self.env.protecting(
                [Partner._fields["kam_health"], Partner._fields["kam_health_reasons"]],
                ahead,
            ),
        ):
            reviews.modified(
                ["partner_id", "state", "date", "user_id", "plan_id"], create=True
            )

    @api.model
    def _kam_insert_todos(self, reviews, uid, now):
        """The to-do of each of these new reviews for its organizer, who
        follows the review with the default subtypes, as the to-do's
        creation would subscribe them: one statement a table."""
        model = self.env["ir.model"]._get(self._name)
        subtypes = self.env["mail.message.subtype"].default_subtypes(self._name)[0]
        self.env.cr.execute(
            SQL(
                """
                WITH review AS (
                    SELECT r.id, r.user_id, r.date, u.partner_id,
                           concat_ws(' - ', p.name, r.name) AS display_name,
                           up.tz
                      FROM kam_review r
                      JOIN res_partner p ON p.id = r.partner_id
                      JOIN res_users u ON u.id = r.user_id
                      JOIN res_partner up ON up.id = u.partner_id
                     WHERE r.id = ANY(%(ids)s::int[])
                ), todo AS (
                    INSERT INTO mail_activity (res_model_id, res_model, res_id,
                           res_name, activity_type_id, summary, user_id, user_tz,
                           date_deadline, active, create_uid, create_date,
                           write_uid, write_date)
                    SELECT %(model)s, %(name)s, id, display_name, %(type)s,
                           display_name, user_id, tz, date, TRUE,
                           %(uid)s, %(now)s, %(uid)s, %(now)s
                      FROM review
                ), follower AS (
                    INSERT INTO mail_followers (res_model, res_id, partner_id)
                    SELECT %(name)s, id, partner_id FROM review
                 RETURNING id
                )
                INSERT INTO mail_followers_mail_message_subtype_rel
                       (mail_followers_id, mail_message_subtype_id)
                SELECT follower.id, subtype
                  FROM follower, unnest(%(subtypes)s::int[]) AS subtype
                """,
                ids=pg_array(reviews.ids),
                model=model.id,
                name=self._name,
                type=self.env.ref(REVIEW_ACTIVITY).id,
                uid=uid,
                now=now,
                subtypes=pg_array(subtypes.ids),
            )
        )
        self.env["mail.activity"].invalidate_model()
        self.env["mail.followers"].invalidate_model()
