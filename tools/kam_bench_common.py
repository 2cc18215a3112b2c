"""Helpers of the benchmark's scripts (tools/kam_bench*.py): time a run as a
request from a settled database, scale a run timed on a sample, print runs
against their raw-SQL floor and naive loop, and make the generated companies
key accounts.
"""

import statistics
import time
from contextlib import closing

from odoo import sql_db
from odoo.tools import SQL

# The generated companies: "Bench 1" ... in the main company, "Small 1" ...
# in the second one.
PREFIXES = ("Small", "Bench")


def vacuum(env, *tables):
    """Commit, then VACUUM ANALYZE ``tables``: no dead rows left by the
    previous run, fresh statistics."""
    env.cr.commit()
    with closing(sql_db.db_connect(env.cr.dbname).cursor()) as cr:
        cr._cnx.autocommit = True
        cr.execute(
            SQL("VACUUM ANALYZE %s", SQL(", ").join(map(SQL.identifier, tables)))
        )


def measure(env, operation, prepare=None, settle=()):
    """Seconds and queries of one run of ``operation``, flushed and committed
    like a request, from an empty cache; after ``prepare``, and after
    vacuuming the ``settle`` tables."""
    if prepare:
        prepare()
    env.invalidate_all()
    if settle:
        vacuum(env, *settle)
    env.cr.commit()
    queries = env.cr.sql_log_count
    start = time.perf_counter()
    operation()
    env.flush_all()
    env.cr.commit()
    return time.perf_counter() - start, env.cr.sql_log_count - queries


def run(env, label, count, operation, prepare=None, settle=(), repeat=1):
    """The median of ``repeat`` runs of ``operation`` over ``count``
    records, as a row of a table."""
    samples = sorted(
        measure(env, operation, prepare, settle) for _attempt in range(repeat)
    )
    seconds, queries = samples[len(samples) // 2]
    if repeat > 1:
        label = f"{label} (median of {repeat})"
    return {"label": label, "seconds": seconds, "queries": queries, "count": count}


def median_ms(env, operation, repeat):
    """Median milliseconds of ``repeat`` runs of ``operation``."""
    return 1000 * statistics.median(
        measure(env, operation)[0] for _attempt in range(repeat)
    )


def extrapolate(row, total):
    """A naive loop timed on a sample of ``row["count"]`` records, scaled to
    ``total``."""
    if row["count"] >= total:
        return row
    factor = total / row["count"]
    return dict(
        row,
        label=f"naive loop (sample {row['count']}, x{factor:.0f})",
        seconds=row["seconds"] * factor,
        queries=int(row["queries"] * factor),
        count=total,
    )


def print_runs(rows, rate=None):
    """A table of runs: the first is the raw-SQL floor, the second the naive
    loop; ``rate`` names a column of records per second."""
    floor, naive = rows[0]["seconds"], rows[1]["seconds"]
    rate_head = f" {rate:>11}" if rate else ""
    print(
        f"{'run':<52} {'seconds':>9} {'queries':>9}{rate_head} "
        f"{'x floor':>8} {'naive /':>8}"
    )
    for row in rows:
        per_second = f" {row['count'] / row['seconds']:>11.0f}" if rate else ""
        print(
            f"{row['label']:<52} {row['seconds']:>9.2f} {row['queries']:>9}"
            f"{per_second} {row['seconds'] / floor:>8.2f} "
            f"{naive / row['seconds']:>8.1f}"
        )
    print()


def clear_reviews(env):
    """No review and no review to-do, vacuumed: every run of the rhythm
    starts from the same state."""
    env.flush_all()
    env.cr.execute(
        "DELETE FROM mail_activity WHERE res_model = 'kam.review';"
        "DELETE FROM mail_followers WHERE res_model = 'kam.review';"
        "DELETE FROM kam_review;"
    )
    env.invalidate_all()
    vacuum(env, "kam_review", "mail_activity", "mail_followers", "res_partner")


def make_key(env, key=True):
    """Every generated company becomes a key account (set-based), with its
    health; or stops being one, so that the scoring rows measure what they
    always did."""
    clear_reviews(env)
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
        # Setup, not a row: the first health of every account is not tracked
        # in its chatter (at a million accounts, most of an hour).
        env["res.partner"].with_context(tracking_disable=True)._cron_kam_update_health()
    env.cr.commit()


def print_targets(targets):
    """One line per target: the ratio, the target, met or not (a
    measurement: nothing fails)."""
    print("Targets:")
    for label, ratio, sense, target in targets:
        met = ratio <= target if sense == "<=" else ratio >= target
        print(
            f"{label:<48} {ratio:>7.2f} (target {sense} {target:g}): "
            f"{'met' if met else 'NOT met'}"
        )
    print()
