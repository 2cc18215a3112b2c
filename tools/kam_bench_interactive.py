"""What a person clicks on one account, timed at 1,000 and 50,000 accounts.

Part of `make bench` (tools/kam_bench.py). The main company holds the
50,000 generated accounts, a second company 1,000; each scores its accounts
with one computed criterion (12-month revenue, percentile) and one manual
judgement. A Head of KAM of both companies then reads and writes one account
of each, as the web client does; every operation is flushed and committed,
like a request. It prints the median of each operation at both sizes, the
ratio 50k / 1k, and the breakdown and the judgement against a plain read and
a plain write of the same account.
"""

import statistics
import time
from itertools import count

from lxml import etree

from odoo import Command

SMALL_PORTFOLIO = 1000
KAM_FIELDS = {
    "kam_state": {},
    "kam_user_id": {"fields": {"display_name": {}}},
    "kam_tier_id": {"fields": {"display_name": {}}},
    "kam_health": {},
    "kam_relationship_stage": {},
    "kam_score": {},
    "kam_rank": {},
    "kam_portfolio_quadrant": {},
}


def small_company(env):
    company = env["res.company"].search([("name", "=", "Bench 1k Co")])
    return company or env["res.company"].create({"name": "Bench 1k Co"})


def head_of_kam(env, companies):
    user = env["res.users"].search([("login", "=", "bench_head")])
    # Its partner must not match the generated accounts' names.
    user.name = "Head of KAM (benchmark)"
    if not user:
        user = env["res.users"].create(
            {
                "name": "Head of KAM (benchmark)",
                "login": "bench_head",
                "company_id": companies[0].id,
                "company_ids": [Command.set(companies.ids)],
                "groups_id": [
                    Command.link(env.ref("kam_module.group_kam_head").id),
                ],
            }
        )
    return user


def timed(env, operation, repeat):
    """Median milliseconds of an operation run as one request each time."""
    samples = []
    for _attempt in range(repeat):
        env.invalidate_all()
        start = time.perf_counter()
        operation()
        env.flush_all()
        env.cr.commit()
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples)


def breakdown(env):
    """What the account form reads of the score breakdown: the fields of its
    list."""
    view = env.ref("kam_module.res_partner_view_form_kam")
    arch = etree.fromstring(env["res.partner"].get_view(view.id)["arch"])
    Line = env["kam.score.line"]
    names = arch.xpath("//field[@name='kam_score_line_ids']/list/field/@name")
    return {
        "kam_score_line_ids": {
            "fields": {
                name: {"fields": {"display_name": {}}}
                if Line._fields[name].relational
                else {}
                for name in names
            }
        }
    }


def operations(env, head, companies, account):
    """The operations of the issue's table on one account, as ``head``."""
    env = env(user=head.id, context={"allowed_company_ids": companies.ids})
    spec = breakdown(env)
    partner = env["res.partner"].browse(account.id)
    line = partner.kam_score_line_ids.filtered(lambda line: line.source == "manual")
    values = count(1)
    return {
        "read an account's KAM fields": lambda: partner.web_read(KAM_FIELDS),
        "plain write on the partner": lambda: partner.write(
            {"ref": f"BENCH-{next(values)}"}
        ),
        "read the score breakdown of one account": lambda: partner.web_read(spec),
        "enter one manual judgement": lambda: line.write(
            {"manual_value": next(values) % 100}
        ),
        "rescore one account": partner.action_kam_rescore,
    }


def interactive(env, criteria, repeat):
    main = env.ref("base.main_company")
    small = small_company(env)
    companies = main | small
    env["ir.config_parameter"].set_param(
        "kam_module.scoring_domain",
        "['|', ('name', '=like', 'Bench %'), ('name', '=like', 'Small %')]",
    )
    for company in companies:
        criteria(env, ["revenue"], company=company, manual=True)
    env["kam.score.engine"]._score_companies(fresh=True, auto_commit=True)
    head = head_of_kam(env, companies)
    env.cr.commit()
    Partner = env["res.partner"]
    timings = {}
    for size, prefix in ((SMALL_PORTFOLIO, "Small"), (50_000, "Bench")):
        account = Partner.search([("name", "=", f"{prefix} {size // 2}")])
        for label, operation in operations(env, head, companies, account).items():
            timings.setdefault(label, {})[size] = timed(env, operation, repeat)
    print(f"Interactive operations, median of {repeat} requests, as a Head of KAM:")
    print(f"{'operation':<42} {'1k accounts':>12} {'50k accounts':>13} {'50k / 1k':>9}")
    for label, by_size in timings.items():
        small_ms, large_ms = by_size[SMALL_PORTFOLIO], by_size[50_000]
        print(
            f"{label:<42} {small_ms:>9.1f} ms {large_ms:>10.1f} ms "
            f"{large_ms / small_ms:>9.2f}"
        )
    print()
    for size in (SMALL_PORTFOLIO, 50_000):
        read = timings["read an account's KAM fields"][size]
        write = timings["plain write on the partner"][size]
        breakdown = timings["read the score breakdown of one account"][size]
        judgement = timings["enter one manual judgement"][size]
        print(
            f"{size} accounts: the breakdown costs {breakdown / read:.1f}x a plain "
            f"read, a judgement {judgement / write:.1f}x a plain write"
        )
