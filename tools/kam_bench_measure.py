"""Benchmark rows of the plans that measure themselves.

Called by kam_bench.py once the interactive rows have made every generated
company a key account of the benchmark's Head of KAM. Every generated account
gets one open plan over the last twelve months and the next three, with three
measured objectives on its confirmed sale orders (the ready-made confirmed
sales and number of orders, and the largest order), set-based. Then:

- the nightly measure (the cron, committing per chunk), on a first night (no
  value measured yet) and on a next night (the values in place), against a
  raw-SQL floor (one GROUP BY of the orders per plan for the three measures
  with one UPDATE ... FROM of the objectives) and a naive per-objective loop
  (search the orders, aggregate in Python, write), timed on a sample and
  extrapolated;
- the Measure button of one plan, as its Key Account Manager, at 1,000 and
  at 50,000 accounts.

The plans are deleted afterwards: the other rows measure what they always did.
It returns the ratios of its targets, which kam_bench.py prints at its end.
"""

from datetime import timedelta

from kam_bench_common import PREFIXES, extrapolate, median_ms, print_runs, run, vacuum

from odoo import fields
from odoo.tools import SQL

PLAN_NAME = "Bench measured plan"
NAIVE_SAMPLE = 1500
SETTLE = (
    "kam_plan",
    "kam_plan_objective",
    "kam_plan_objective_history",
    "sale_order",
    "res_partner",
)
# The targets: module / floor at most, naive / module at least, the button's
# 50k / 1k at most.
FLOOR_TARGET = 3
NAIVE_TARGET = 30
FLAT_TARGET = 2.5


def _objectives(env):
    """{name: (source fields, target)} of the three measured objectives."""
    Source = env["kam.data.source"]
    ready = Source._kam_ready_made()
    revenue = ready["sale_revenue"][1]
    return {
        "Confirmed sales": (Source._kam_source_vals(revenue), 50000),
        "Confirmed orders": (
            Source._kam_source_vals(ready["sale_order_count"][1]),
            5,
        ),
        "Largest order": (
            Source._kam_source_vals(dict(revenue, aggregate="max")),
            15000,
        ),
    }


def _create_plans(env):
    """One draft plan per generated account, over the last twelve months and
    the next three, with its three measured objectives, set-based; returns
    how many objectives."""
    env.flush_all()
    accounts = SQL(" OR ").join(
        SQL("p.name LIKE %s", f"{prefix} %") for prefix in PREFIXES
    )
    env.cr.execute(
        SQL(
            """
            INSERT INTO kam_plan (name, reference, partner_id, company_id,
                   kam_user_id, state, date_start, date_end, revision,
                   content_date, create_uid, write_uid, create_date, write_date)
            SELECT %(name)s, 'BENCH/PLAN/' || p.id, p.id, p.company_id,
                   p.kam_user_id, 'draft', CURRENT_DATE - 365, CURRENT_DATE + 90,
                   1, now() AT TIME ZONE 'UTC', 1, 1, now() AT TIME ZONE 'UTC',
                   now() AT TIME ZONE 'UTC'
              FROM res_partner p
             WHERE (%(accounts)s)
               AND p.id NOT IN (SELECT partner_id FROM res_company)
            """,
            name=PLAN_NAME,
            accounts=accounts,
        )
    )
    rows = SQL(", ").join(
        SQL(
            "(%s, %s, %s::int, %s::int, %s::int, %s, %s, %s::int, %s::float8)",
            sequence,
            name,
            vals["model_id"],
            vals["partner_field_id"],
            vals["measure_field_id"] or None,
            vals["aggregate"],
            vals["domain"],
            vals["date_field_id"],
            target,
        )
        for sequence, (name, (vals, target)) in enumerate(_objectives(env).items())
    )
    env.cr.execute(
        SQL(
            """
            INSERT INTO kam_plan_objective (plan_id, partner_id, company_id,
                   sequence, name, kind, source, model_id, partner_field_id,
                   measure_field_id, aggregate, domain, date_field_id, baseline,
                   target_value, current_value, progress, create_uid, write_uid,
                   create_date, write_date)
            SELECT p.id, p.partner_id, p.company_id, s.sequence, s.name,
                   'operational', 'computed', s.model_id, s.partner_field_id,
                   s.measure_field_id, s.aggregate, s.domain, s.date_field_id, 0,
                   s.target, 0, 0, 1, 1, now() AT TIME ZONE 'UTC',
                   now() AT TIME ZONE 'UTC'
              FROM kam_plan p
             CROSS JOIN (VALUES %(rows)s) AS s(sequence, name, model_id,
                   partner_field_id, measure_field_id, aggregate, domain,
                   date_field_id, target)
             WHERE p.name = %(name)s
            """,
            rows=rows,
            name=PLAN_NAME,
        )
    )
    count = env.cr.rowcount
    env.invalidate_all()
    vacuum(env, *SETTLE)
    return count


def _delete_plans(env):
    env.cr.execute(SQL("DELETE FROM kam_plan WHERE name = %s", PLAN_NAME))
    env.invalidate_all()
    vacuum(env, *SETTLE)


def _raw_sql_floor(env):
    """One GROUP BY of the orders of each plan's account, company and period
    for the three measures inside one UPDATE ... FROM of the objectives (every
    value rewritten), and the open plans stamped as measured."""
    env.cr.execute(
        """
        UPDATE kam_plan_objective o
           SET current_value = CASE o.aggregate WHEN 'sum' THEN m.revenue
                                   WHEN 'count' THEN m.orders ELSE m.largest END
          FROM (SELECT p.id AS plan_id, SUM(so.amount_untaxed) AS revenue,
                       COUNT(*) AS orders, MAX(so.amount_untaxed) AS largest
                  FROM kam_plan p
                  JOIN res_partner rp ON rp.commercial_partner_id = p.partner_id
                  JOIN sale_order so ON so.partner_id = rp.id
                 WHERE p.state != 'closed' AND so.state = 'sale'
                   AND so.company_id = p.company_id
                   AND so.date_order >= p.date_start
                   AND so.date_order < LEAST(p.date_end, CURRENT_DATE) + 1
              GROUP BY p.id) AS m
         WHERE o.plan_id = m.plan_id AND o.source = 'computed';
        UPDATE kam_plan SET measured_on = now() AT TIME ZONE 'UTC'
         WHERE state != 'closed'
        """
    )


def _naive_loop(env, objectives):
    """Per objective: search the orders of its plan's account, company and
    period, aggregate them in Python, write the value and stamp the plan."""
    Order = env["sale.order"]
    today = fields.Date.today()
    for objective in objectives:
        plan = objective.plan_id
        orders = Order.search(
            [
                ("partner_id", "child_of", plan.partner_id.id),
                ("state", "=", "sale"),
                ("company_id", "=", plan.company_id.id),
                ("date_order", ">=", plan.date_start),
                ("date_order", "<", min(plan.date_end, today) + timedelta(days=1)),
            ]
        )
        amounts = orders.mapped("amount_untaxed")
        value = {
            "sum": sum(amounts),
            "count": len(orders),
            "max": max(amounts, default=0),
        }[objective.aggregate]
        objective.current_value = value
        plan.measured_on = fields.Datetime.now()


def _first_night(env):
    """No plan measured yet."""
    env.cr.execute(
        SQL(
            "UPDATE kam_plan_objective SET current_value = 0, progress = 0, "
            "value_date = NULL WHERE plan_id IN "
            "(SELECT id FROM kam_plan WHERE name = %(name)s);"
            "UPDATE kam_plan SET measured_on = NULL WHERE name = %(name)s;"
            "TRUNCATE kam_plan_objective_history",
            name=PLAN_NAME,
        )
    )


def _nightly(env, repeat):
    """The nightly rows, and the ratios of their targets."""
    Objective = env["kam.plan.objective"]
    objectives = Objective.search([("plan_id.name", "=", PLAN_NAME)], order="id")
    n = len(objectives)
    rows = [
        run(
            env,
            "raw SQL floor (GROUP BY + UPDATE FROM)",
            n,
            lambda: _raw_sql_floor(env),
            settle=SETTLE,
            repeat=repeat,
        )
    ]
    sample = objectives[:NAIVE_SAMPLE]
    naive = run(
        env,
        "naive per-objective loop",
        len(sample),
        lambda: _naive_loop(env, sample),
        settle=SETTLE,
    )
    rows.append(extrapolate(naive, n))
    Plan = env["kam.plan"]
    for night, prepare in (
        ("first night", lambda: _first_night(env)),
        ("next night", None),
    ):
        rows.append(
            run(
                env,
                f"kam_module, measure, {night}",
                n,
                Plan._cron_measure,
                prepare=prepare,
                settle=SETTLE,
                repeat=repeat,
            )
        )
    print(f"Nightly measure of {n // 3} plans, {n} measured objectives:")
    print_runs(rows, rate="objectives/s")
    floor, naive = rows[0]["seconds"], rows[1]["seconds"]
    targets = []
    for row in rows[2:]:
        label = row["label"].split(" (median")[0]
        targets.append(
            (f"{label}: x floor", row["seconds"] / floor, "<=", FLOOR_TARGET)
        )
        targets.append(
            (f"{label}: naive /", naive / row["seconds"], ">=", NAIVE_TARGET)
        )
    return targets


def _button(env, portfolios, repeat):
    """The Measure button of one plan at each size, as its manager."""
    timings = {}
    Plan = env["kam.plan"]
    for prefix, size in portfolios:
        plan = Plan.search(
            [
                ("name", "=", PLAN_NAME),
                ("partner_id.name", "=", f"{prefix} {size // 2}"),
            ]
        )
        mine = plan.with_user(plan.kam_user_id).with_context(
            allowed_company_ids=plan.company_id.ids
        )
        timings[size] = median_ms(env, mine.action_measure, repeat)
    (small, small_ms), (large, large_ms) = timings.items()
    small_k, large_k = f"{small / 1000:g}k", f"{large / 1000:g}k"
    print(
        f"The Measure button of one plan (3 measured objectives), median of "
        f"{repeat} requests, as its Key Account Manager:"
    )
    print(
        f"{'operation':<42} {small_k + ' accounts':>12} {large_k + ' accounts':>13} "
        f"{large_k + ' / ' + small_k:>9}"
    )
    print(
        f"{'measure one plan':<42} {small_ms:>9.1f} ms {large_ms:>10.1f} ms "
        f"{large_ms / small_ms:>9.2f}"
    )
    print()
    return [
        (
            f"Measure button, {large_k} / {small_k}",
            large_ms / small_ms,
            "<=",
            FLAT_TARGET,
        )
    ]


def measure(env, portfolios, repeat, interactive_repeat):
    """The rows of the measured plans; ``portfolios`` are the (prefix, size)
    of the 1,000-account company and of the large one (no button without
    ``interactive_repeat``). Returns the ratios of their targets: (label,
    ratio, "<=" or ">=", target)."""
    _delete_plans(env)
    _create_plans(env)
    targets = _nightly(env, repeat)
    if interactive_repeat:
        targets += _button(env, portfolios, interactive_repeat)
    _delete_plans(env)
    return targets
