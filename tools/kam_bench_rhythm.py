"""Benchmark rows of the operating rhythm on the generated key accounts: the
cadence cron (first run, then an idempotent one) against a raw-SQL floor and
a naive per-account loop, and the nightly health recompute.

Called by kam_bench.py once the interactive rows have made every generated
company a key account of the benchmark's Head of KAM (with its health, so
that the cadence is measured alone); the companies are plain customers again
afterwards.
"""

from kam_bench_common import clear_reviews, extrapolate, make_key, print_runs, run

from odoo.tools import SQL

NAIVE_SAMPLE = 2000
# The cadence's first run: module / floor at most.
FLOOR_TARGET = 5


def _raw_sql_floor(env):
    """One INSERT ... SELECT of the reviews and one of their to-dos."""
    quarterly = env.ref("kam_module.kam_review_type_quarterly")
    activity_type = env.ref("kam_module.mail_activity_kam_review")
    model_id = env["ir.model"]._get_id("kam.review")
    env.cr.execute(
        SQL(
            """
            INSERT INTO kam_review (partner_id, company_id, kam_user_id, user_id,
                   review_type_id, name, date, state, is_automatic, cadence_months,
                   cadence_from, create_uid, write_uid, create_date, write_date)
            SELECT p.id, COALESCE(p.company_id, 1), p.kam_user_id, p.kam_user_id,
                   %(type)s, 'Quarterly business review',
                   CURRENT_DATE + INTERVAL '3 months', 'planned', TRUE, 3,
                   CURRENT_DATE, 1, 1, now(), now()
              FROM res_partner p
             WHERE p.kam_state = 'key' AND p.kam_user_id IS NOT NULL;
            INSERT INTO mail_activity (res_model_id, res_model, res_id,
                   activity_type_id, user_id, date_deadline, active,
                   create_uid, write_uid, create_date, write_date)
            SELECT %(model)s, 'kam.review', r.id, %(activity)s, r.user_id, r.date,
                   TRUE, 1, 1, now(), now()
              FROM kam_review r
            """,
            type=quarterly.id,
            model=model_id,
            activity=activity_type.id,
        )
    )


def _naive_loop(env, accounts):
    """Per account: look for its planned review, create one with its to-do."""
    Review = env["kam.review"]
    quarterly = env.ref("kam_module.kam_review_type_quarterly")
    for account in accounts:
        if Review.search_count(
            [
                ("partner_id", "=", account.id),
                ("state", "=", "planned"),
                ("is_automatic", "=", True),
            ]
        ):
            continue
        Review.create(
            {
                "partner_id": account.id,
                "review_type_id": quarterly.id,
                "user_id": account.kam_user_id.id,
                "is_automatic": True,
            }
        )


def rhythm(env):
    """The rhythm's rows, and the ratio of their target."""
    Partner = env["res.partner"]
    keys = Partner.search([("kam_state", "=", "key")])
    n = len(keys)
    Review = env["kam.review"]
    clear_reviews(env)
    rows = [
        run(env, "raw SQL floor (INSERT ... SELECT)", n, lambda: _raw_sql_floor(env))
    ]
    clear_reviews(env)
    sample = keys[:NAIVE_SAMPLE]
    naive = run(
        env, "naive per-account loop", len(sample), lambda: _naive_loop(env, sample)
    )
    rows.append(extrapolate(naive, n))
    clear_reviews(env)
    for label, operation in (
        ("cadence cron, first run (creates all)", Review._cron_schedule_reviews),
        ("cadence cron, next run (nothing to do)", Review._cron_schedule_reviews),
        ("health recompute (nightly job)", Partner._cron_kam_update_health),
    ):
        rows.append(run(env, label, n, operation))
    make_key(env, key=False)
    print(f"Operating rhythm on {n} key accounts:")
    print_runs(rows)
    first_run = rows[2]["seconds"] / rows[0]["seconds"]
    return [("cadence, first run: x floor", first_run, "<=", FLOOR_TARGET)]
