"""Benchmark rows of the operating rhythm on the generated key accounts: the
cadence cron (first run, then an idempotent one) against a raw-SQL floor and
a naive per-account loop, and the nightly health recompute.

Called by kam_bench.py once the interactive rows have made every generated
company a key account of the benchmark's Head of KAM (with its health, so
that the cadence is measured alone); the companies are plain customers again
afterwards.
"""

import time
from contextlib import closing

from odoo import sql_db
from odoo.tools import SQL

NAIVE_SAMPLE = 2000


PREFIXES = ("Small", "Bench")


def make_key(env, key=True):
    """Every generated company becomes a key account (set-based), with its
    health; or stops being one, so that the scoring rows measure what they
    always did."""
    env.flush_all()
    _clear(env)
    for prefix in PREFIXES:
        env.cr.execute(
            SQL(
                "UPDATE res_partner SET kam_state = %(state)s, "
                "is_key_account = %(key)s, kam_health = NULL, "
                "kam_health_reasons = NULL WHERE name LIKE %(pattern)s",
                state="key" if key else "none",
                key=key,
                pattern=f"{prefix} %",
            )
        )
    env.invalidate_all()
    if key:
        env["res.partner"]._cron_kam_update_health()
    env.cr.commit()


def _clear(env):
    """No review and no review to-do, vacuumed: every run starts from the same
    state."""
    env.flush_all()
    env.cr.execute(
        "DELETE FROM mail_activity WHERE res_model = 'kam.review';"
        "DELETE FROM mail_followers WHERE res_model = 'kam.review';"
        "DELETE FROM kam_review;"
    )
    env.cr.commit()
    env.invalidate_all()
    with closing(sql_db.db_connect(env.cr.dbname).cursor()) as cr:
        cr._cnx.autocommit = True
        cr.execute(
            "VACUUM ANALYZE kam_review, mail_activity, mail_followers, res_partner"
        )


def _run(env, label, run, accounts):
    env.invalidate_all()
    env.cr.commit()
    queries = env.cr.sql_log_count
    start = time.perf_counter()
    run()
    env.flush_all()
    env.cr.commit()
    return {
        "label": label,
        "seconds": time.perf_counter() - start,
        "queries": env.cr.sql_log_count - queries,
        "accounts": accounts,
    }


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
    Partner = env["res.partner"]
    keys = Partner.search([("kam_state", "=", "key")])
    n = len(keys)
    Review = env["kam.review"]
    rows = []
    _clear(env)
    rows.append(
        _run(env, "raw SQL floor (INSERT ... SELECT)", lambda: _raw_sql_floor(env), n)
    )
    _clear(env)
    sample = keys[:NAIVE_SAMPLE]
    naive = _run(
        env, "naive per-account loop", lambda: _naive_loop(env, sample), len(sample)
    )
    factor = n / len(sample)
    naive.update(
        label=f"naive loop (sample {len(sample)}, x{factor:.0f})",
        seconds=naive["seconds"] * factor,
        queries=int(naive["queries"] * factor),
        accounts=n,
    )
    rows.append(naive)
    _clear(env)
    rows.append(
        _run(
            env,
            "cadence cron, first run (creates all)",
            Review._cron_schedule_reviews,
            n,
        )
    )
    rows.append(
        _run(
            env,
            "cadence cron, next run (nothing to do)",
            Review._cron_schedule_reviews,
            n,
        )
    )
    rows.append(
        _run(env, "health recompute (nightly job)", Partner._cron_kam_update_health, n)
    )
    make_key(env, key=False)
    floor, naive_seconds = rows[0]["seconds"], rows[1]["seconds"]
    print(f"Operating rhythm on {n} key accounts:")
    print(f"{'run':<52} {'seconds':>9} {'queries':>9} {'x floor':>8} {'naive /':>8}")
    for row in rows:
        print(
            f"{row['label']:<52} {row['seconds']:>9.2f} {row['queries']:>9} "
            f"{row['seconds'] / floor:>8.2f} {naive_seconds / row['seconds']:>8.1f}"
        )
    print()
