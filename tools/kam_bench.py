"""Benchmark of the scoring engine against a raw-SQL floor and a naive loop.

Run through `make bench` (tools/bench.sh), which prepares a database with
sale_management and kam_module. This script generates N companies with about
ten confirmed sale orders each over two years (set-based SQL, once), then in
one run times and counts the queries of:

- the raw-SQL floor: one GROUP BY plus one UPDATE ... FROM;
- a naive per-partner loop: search the orders, sum in Python, write;
- what the module stores, written in raw SQL alone (its lines, the day's
  history and the accounts' six columns), with one and three criteria: the
  lower bound of any implementation of the spec, not a target;
- the module's nightly rescoring (the cron, committing per chunk) with one,
  then three computed criteria;
- interactive operations at 1,000 and 50,000 accounts;
- the nightly measure of plans and their Measure button (kam_bench_measure.py);
- the operating rhythm: the cadence cron and the health recompute.

It prints a table; it asserts nothing (speed is measured, not tested).
"""

import argparse
import resource
from datetime import datetime, timedelta

from dateutil.relativedelta import relativedelta
from kam_bench_common import extrapolate, make_key, print_runs, print_targets, run
from kam_bench_interactive import SMALL_PORTFOLIO, interactive, small_company
from kam_bench_measure import measure
from kam_bench_rhythm import rhythm

import odoo
from odoo import api, fields
from odoo.tools import SQL

ORDERS_PER_COMPANY = 10
# The nightly scoring's targets, by number of criteria: module / floor at
# most. The Odoo process's peak memory at most (a million accounts).
FLOOR_TARGETS = {1: 2, 3: 3}
MEMORY_TARGET_MIB = 2048
# 50,000 companies x 10 orders over two years: about 685 orders a day.
ORDERS_PER_DAY = 685


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-c", "--config", required=True, help="Odoo configuration file")
    parser.add_argument("-d", "--database", required=True)
    parser.add_argument("-n", "--companies", type=int, default=50_000)
    parser.add_argument(
        "--repeat",
        type=int,
        default=5,
        help="runs of the floor and of the module to take the median of",
    )
    parser.add_argument(
        "--interactive-repeat",
        type=int,
        default=31,
        help="runs of each interactive operation to take the median of",
    )
    parser.add_argument(
        "--no-clicks",
        dest="clicks",
        action="store_false",
        help="skip the rows of what a person clicks (for a million accounts)",
    )
    parser.add_argument(
        "--naive-sample",
        type=int,
        default=0,
        help="time the naive loop on this many partners only and extrapolate "
        "(0: all of them)",
    )
    return parser.parse_args()


def insert_orders(cr, orders):
    """Confirmed orders in the company's currency, from a query of (name,
    partner, company, date, amount)."""
    cr.execute(
        SQL(
            """
            INSERT INTO sale_order (name, partner_id, partner_invoice_id,
                partner_shipping_id, company_id, currency_id, date_order, state,
                amount_untaxed, amount_tax, amount_total, create_uid, write_uid,
                create_date, write_date)
            SELECT o.name, o.partner_id, o.partner_id, o.partner_id, o.company_id,
                c.currency_id, o.date_order, 'sale', o.amount, 0, o.amount, 1, 1,
                NOW() AT TIME ZONE 'UTC', NOW() AT TIME ZONE 'UTC'
              FROM (%s) AS o(name, partner_id, company_id, date_order, amount)
              JOIN res_company c ON c.id = o.company_id
            """,
            orders,
        )
    )


def generate(env, companies, company, prefix):
    """``companies`` partners named ``prefix`` N in ``company``, with ~10
    confirmed orders each over two years, once."""
    cr = env.cr
    cr.execute(
        SQL(
            "SELECT COUNT(*) FROM res_partner WHERE name LIKE %s "
            "AND id NOT IN (SELECT partner_id FROM res_company)",
            f"{prefix} %",
        )
    )
    existing = cr.fetchone()[0]
    if existing >= companies:
        return existing
    now = fields.Datetime.now()
    cr.execute("SELECT COALESCE(MAX(id), 0) FROM res_partner")
    last_id = cr.fetchone()[0]
    cr.execute(
        SQL(
            """
            INSERT INTO res_partner (name, complete_name, is_company, active, type,
                company_id, autopost_bills, kam_state, create_uid, write_uid,
                create_date, write_date)
            SELECT %(prefix)s || i, %(prefix)s || i, TRUE, TRUE, 'contact',
                %(company)s, 'ask', 'none', 1, 1, %(now)s, %(now)s
              FROM generate_series(%(first)s, %(last)s) AS i
            """,
            prefix=f"{prefix} ",
            company=company.id,
            now=now,
            first=existing + 1,
            last=companies,
        )
    )
    cr.execute(
        "UPDATE res_partner SET commercial_partner_id = id "
        "WHERE commercial_partner_id IS NULL"
    )
    insert_orders(
        cr,
        SQL(
            """
            SELECT %(order)s || p.id || '/' || k, p.id, %(company)s,
                %(now)s - (random() * 730) * INTERVAL '1 day',
                round((random() * 20000)::numeric, 2)
              FROM res_partner p
             CROSS JOIN generate_series(1, %(orders)s) AS k
             WHERE p.id > %(last_id)s
            """,
            order=f"{prefix.upper()}/",
            company=company.id,
            now=now,
            orders=ORDERS_PER_COMPANY,
            last_id=last_id,
        ),
    )
    cr.execute("ANALYZE res_partner")
    cr.execute("ANALYZE sale_order")
    cr.commit()
    return companies


# Every nightly run starts from the same state: no dead rows left by the
# previous one, fresh statistics.
SETTLE = ("res_partner", "sale_order", "kam_score_line", "kam_score_history")


def raw_sql_floor(env, since):
    env.cr.execute(
        SQL(
            """
            UPDATE res_partner p SET kam_score = s.total
              FROM (SELECT rp.commercial_partner_id AS id,
                           SUM(o.amount_untaxed) AS total
                      FROM sale_order o
                      JOIN res_partner rp ON rp.id = o.partner_id
                     WHERE o.state = 'sale' AND o.date_order >= %s
                       AND o.company_id = %s
                  GROUP BY rp.commercial_partner_id) AS s
             WHERE p.id = s.id
            """,
            since,
            env.ref("base.main_company").id,
        )
    )


# The criteria's aggregates, as criteria() defines them.
AGGREGATES = {
    "sum": SQL("SUM(o.amount_untaxed)"),
    "count": SQL("COUNT(*)"),
    "max": SQL("MAX(o.amount_untaxed)"),
}


def raw_sql_writes(env, since):
    """What the module stores, in raw SQL and nothing else: the floor's
    aggregate (a column a criterion), a line per account and criterion,
    today's history row and the account's six columns. Any implementation
    of the spec writes this much; not a target, a lower bound."""
    cr = env.cr
    company = env.ref("base.main_company")
    criteria = env["kam.score.criterion"].search([("company_id", "=", company.id)])
    tier = env["kam.tier"].search([("company_id", "in", (company.id, False))], limit=1)
    cr.execute(
        SQL(
            """
            CREATE TEMP TABLE bench_values ON COMMIT DROP AS
            SELECT rp.commercial_partner_id AS id, ARRAY[%s]::float8[] AS v
              FROM sale_order o
              JOIN res_partner rp ON rp.id = o.partner_id
             WHERE o.state = 'sale' AND o.date_order >= %s AND o.company_id = %s
          GROUP BY rp.commercial_partner_id
            """,
            SQL(", ").join(AGGREGATES[c.aggregate] for c in criteria),
            since,
            company.id,
        )
    )
    for index, criterion in enumerate(criteria, start=1):
        cr.execute(
            SQL(
                """
                INSERT INTO kam_score_line (partner_id, criterion_id, raw_value,
                    score, weighted_score, is_missing)
                SELECT id, %s, v[%s], v[%s] / 100, v[%s] / 100, FALSE
                  FROM bench_values ORDER BY id
                """,
                criterion.id,
                index,
                index,
                index,
            )
        )
    cr.execute(
        SQL(
            """
            INSERT INTO kam_score_history (partner_id, date, score, tier_id,
                attractiveness, relationship_strength)
            SELECT id, CURRENT_DATE, v[1] / 100, %s, v[1] / 100, 0
              FROM bench_values
            """,
            tier.id,
        )
    )
    cr.execute(
        SQL(
            """
            UPDATE res_partner p
               SET kam_score = b.v[1] / 100, kam_rank = 1,
                   kam_attractiveness = b.v[1] / 100, kam_relationship_strength = 0,
                   kam_portfolio_quadrant = 'streamline', kam_tier_id = %s
              FROM bench_values b
             WHERE p.id = b.id
            """,
            tier.id,
        )
    )


def naive_loop(env, partners, since):
    """What many app-store modules do: one search per partner, sum, write."""
    Order = env["sale.order"]
    for partner in partners:
        orders = Order.search(
            [
                ("partner_id", "child_of", partner.id),
                ("state", "=", "sale"),
                ("date_order", ">=", since),
            ]
        )
        partner.write({"kam_score": sum(orders.mapped("amount_untaxed"))})


def reset_scores(env):
    """Start each module run from nothing, as on the first night."""
    env.cr.execute("TRUNCATE kam_score_line, kam_score_history")
    env.cr.execute(
        "UPDATE res_partner SET kam_score = NULL, kam_rank = NULL, "
        "kam_tier_id = NULL, "
        "kam_attractiveness = NULL, kam_relationship_strength = NULL, "
        "kam_portfolio_quadrant = NULL WHERE kam_rank IS NOT NULL"
    )


def next_night(env):
    """A day passes: a day's orders arrive, a day's orders leave the 12-month
    window, the oldest day's orders are gone (the data keeps its size), and
    this morning's history becomes yesterday's."""
    cr = env.cr
    window = datetime.combine(
        fields.Date.context_today(env["res.partner"]) - relativedelta(months=12),
        datetime.min.time(),
    )
    cr.execute("DELETE FROM kam_score_history WHERE date < CURRENT_DATE")
    cr.execute("UPDATE kam_score_history SET date = date - 1")
    cr.execute(
        SQL(
            "UPDATE sale_order SET date_order = date_order - INTERVAL '1 day' "
            "WHERE date_order >= %s AND date_order < %s",
            window,
            window + timedelta(days=1),
        )
    )
    cr.execute(
        SQL(
            "DELETE FROM sale_order WHERE id IN (SELECT id FROM sale_order "
            "WHERE name LIKE %s ORDER BY date_order LIMIT %s)",
            "BENCH/%",
            ORDERS_PER_DAY,
        )
    )
    insert_orders(
        cr,
        SQL(
            """
            SELECT 'BENCH/NEW/' || nextval('sale_order_id_seq'), p.id,
                p.company_id, %(now)s, round((random() * 20000)::numeric, 2)
              FROM (SELECT id, company_id FROM res_partner
                     WHERE name LIKE %(pattern)s
                  ORDER BY random() LIMIT %(orders)s) AS p
            """,
            now=fields.Datetime.now(),
            orders=ORDERS_PER_DAY,
            pattern="Bench %",
        ),
    )


def criteria(env, names, company=None, manual=False):
    """Computed criteria on sale orders (and a judgement), replacing all
    others of the company."""
    company = company or env.ref("base.main_company")
    Criterion = env["kam.score.criterion"]
    Criterion.search([("company_id", "=", company.id)]).write({"active": False})
    field = env["ir.model.fields"]._get
    definitions = {
        "revenue": ("sum", "amount_untaxed"),
        "orders": ("count", False),
        "largest order": ("max", "amount_untaxed"),
    }
    for name in names:
        aggregate, measure = definitions[name]
        Criterion.create(
            {
                "name": f"Bench {name}",
                "source": "computed",
                "model_id": env["ir.model"]._get("sale.order").id,
                "partner_field_id": field("sale.order", "partner_id").id,
                "measure_field_id": measure and field("sale.order", measure).id,
                "aggregate": aggregate,
                "domain": "[('state', '=', 'sale')]",
                "date_field_id": field("sale.order", "date_order").id,
                "period_months": 12,
                "normalization": "percentile",
                "company_id": company.id,
            }
        )
    if manual:
        Criterion.create(
            {"name": "Bench judgement", "source": "manual", "company_id": company.id}
        )
    env.cr.commit()


def main():
    args = parse_args()
    odoo.tools.config.parse_config(["-c", args.config, "-d", args.database])
    registry = odoo.modules.registry.Registry(args.database)
    with registry.cursor() as cr:
        env = api.Environment(cr, odoo.SUPERUSER_ID, {})
        print(
            f"Generating {args.companies} companies x {ORDERS_PER_COMPANY} orders ..."
        )
        count = generate(env, args.companies, env.ref("base.main_company"), "Bench")
        small = small_company(env)
        generate(env, SMALL_PORTFOLIO, small, "Small")
        make_key(env, key=False)
        Partner = env["res.partner"]
        Engine = env["kam.score.engine"]
        env["ir.config_parameter"].set_param(
            "kam_module.scoring_domain", "[('name', '=like', 'Bench %')]"
        )
        env["ir.config_parameter"].set_param("kam_module.rescoring_cron", "True")
        scope = Partner.search(Engine._scope_domain())
        n = len(scope)
        since = fields.Datetime.now() - timedelta(days=365)
        print(f"{n} companies in scope, {count * ORDERS_PER_COMPANY} orders\n")

        results = [
            run(
                env,
                "raw SQL floor (GROUP BY + UPDATE FROM)",
                n,
                lambda: raw_sql_floor(env, since),
                settle=SETTLE,
                repeat=args.repeat,
            )
        ]
        sample = scope[: args.naive_sample] if args.naive_sample else scope
        naive = run(
            env,
            "naive per-partner loop",
            len(sample),
            lambda: naive_loop(env, sample, since),
            settle=SETTLE,
        )
        results.append(extrapolate(naive, n))
        targets = []
        for names in (["revenue"], ["revenue", "orders", "largest order"]):
            criteria(env, names)
            results.append(
                run(
                    env,
                    f"raw SQL, the module's writes, {len(names)} criteria",
                    n,
                    lambda: raw_sql_writes(env, since),
                    prepare=lambda: reset_scores(env),
                    settle=SETTLE,
                    repeat=args.repeat,
                )
            )
            for night, prepare in (
                ("first night", lambda: reset_scores(env)),
                ("next night", lambda: next_night(env)),
            ):
                label = f"{len(names)} criteria, {night}"
                row = run(
                    env,
                    f"kam_module, {label}",
                    n,
                    Engine._cron_rescore,
                    prepare=prepare,
                    settle=SETTLE,
                    repeat=args.repeat,
                )
                results.append(row)
                ratio = row["seconds"] / results[0]["seconds"]
                targets.append(
                    (
                        f"scoring, {label}: x floor",
                        ratio,
                        "<=",
                        FLOOR_TARGETS[len(names)],
                    )
                )
        print_runs(results, rate="partners/s")
        interactive(
            env,
            criteria,
            size=count,
            repeat=args.interactive_repeat,
            clicks=args.clicks,
        )
        targets += measure(
            env,
            (("Small", SMALL_PORTFOLIO), ("Bench", count)),
            repeat=args.repeat,
            interactive_repeat=args.interactive_repeat if args.clicks else 0,
        )
        targets += rhythm(env)
        # Linux counts the peak resident set in KiB.
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"Peak resident memory of this Odoo process: {peak:.0f} MiB\n")
        targets.append(("peak memory (MiB)", peak, "<=", MEMORY_TARGET_MIB))
        print_targets(targets)


if __name__ == "__main__":
    main()
