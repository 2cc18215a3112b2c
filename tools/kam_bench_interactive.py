"""What a person clicks on one account, timed at 1,000 and 50,000 accounts.

Part of `make bench` (tools/kam_bench.py). The main company holds the
50,000 generated accounts (KAM_BENCH_N), a second company 1,000; each scores
its accounts with one computed criterion (12-month revenue, percentile) and one manual
judgement. Every account has a manager, the Head of KAM, and so a team seat;
in each company a Team Member sits on the teams of 50 accounts. The Head of
KAM, then the Team Member, read and write one account of each company, as
the web client does; every operation is flushed and committed, like a
request. It prints the median of each operation at both sizes, the ratio
50k / 1k, and the breakdown and the judgement against a plain read and a
plain write of the same account.
"""

from itertools import count

from kam_bench_common import make_key, median_ms
from lxml import etree

from odoo import Command
from odoo.tools import SQL

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
    # Its partner must not match the generated accounts' names; its email
    # signs the to-dos it gives other Heads of KAM.
    user.write({"name": "Head of KAM (benchmark)", "email": "head@bench.example.com"})
    if not user:
        user = env["res.users"].create(
            {
                "name": "Head of KAM (benchmark)",
                "login": "bench_head",
                "email": "head@bench.example.com",
                "company_id": companies[0].id,
                "company_ids": [Command.set(companies.ids)],
                "groups_id": [
                    Command.link(env.ref("kam_module.group_kam_head").id),
                ],
            }
        )
    return user


def staff(env, head, company, prefix):
    """The Head of KAM manages every account of ``prefix``, with its seat; a
    Team Member of ``company`` sits on 50 of them. Set-based, once."""
    from odoo.addons.kam_module.models.kam_team_role import ACCESS_FIELDS

    kam_role = env.ref("kam_module.kam_team_role_kam")
    member_role = env.ref("kam_module.kam_team_role_project_manager")
    login = f"bench_member_{prefix.lower()}"
    member = env["res.users"].search([("login", "=", login)])
    if not member:
        member = env["res.users"].create(
            {
                "name": f"Team Member (benchmark, {prefix})",
                "login": login,
                "company_id": company.id,
                "company_ids": [Command.set(company.ids)],
                "groups_id": [Command.link(env.ref("kam_module.group_kam_user").id)],
            }
        )
    env.flush_all()
    pattern = f"{prefix} %"
    env.cr.execute(
        SQL(
            """
            UPDATE res_partner SET kam_user_id = %(head)s
             WHERE name LIKE %(pattern)s AND kam_user_id IS NULL;
            INSERT INTO kam_team_member (partner_id, user_id, role_id, membership,
                company_id, kam_user_id, allocation, date_start, active, sequence,
                %(access)s)
            SELECT p.id, seat.user_id, seat.role_id, 'core', p.company_id,
                   %(head)s, 1, CURRENT_DATE - 30, TRUE, 10, %(role_access)s
              FROM res_partner p
             CROSS JOIN LATERAL (
                   SELECT %(head)s AS user_id, %(kam_role)s AS role_id
                    UNION ALL
                   SELECT %(member)s, %(member_role)s
                    WHERE p.name ~ %(first_50)s
                   ) seat
              JOIN kam_team_role r ON r.id = seat.role_id
             WHERE p.name LIKE %(pattern)s
            ON CONFLICT (partner_id, user_id) DO NOTHING;
            ANALYZE kam_team_member;
            """,
            head=head.id,
            kam_role=kam_role.id,
            member=member.id,
            member_role=member_role.id,
            pattern=pattern,
            first_50=f"^{prefix} ([1-9]|[1-4][0-9]|50)$",
            # A core seat holds its role's access levels.
            access=SQL(", ").join(map(SQL.identifier, ACCESS_FIELDS)),
            role_access=SQL(", ").join(
                SQL.identifier("r", name) for name in ACCESS_FIELDS
            ),
        )
    )
    env.invalidate_all()
    return member


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


def team_tab(env):
    """What the account form reads of its Team tab."""
    view = env.ref("kam_module.res_partner_view_form_kam")
    arch = etree.fromstring(env["res.partner"].get_view(view.id)["arch"])
    Seat = env["kam.team.member"]
    list_view = env.ref("kam_module.kam_team_member_view_list_team")
    names = etree.fromstring(Seat.get_view(list_view.id)["arch"]).xpath(
        "//list/field/@name"
    )
    fields = {
        name: {"fields": {"display_name": {}}} if Seat._fields[name].relational else {}
        for name in names
    }
    tabs = arch.xpath("//page[@name='kam_team']/field/@name")
    return {name: {"fields": fields} for name in tabs} | {"kam_team_count": {}}


def member_operations(env, member, account):
    """A Team Member on the account's team, in their own company."""
    env = env(user=member.id, context={"allowed_company_ids": member.company_id.ids})
    partner = env["res.partner"].browse(account.id)
    Seat = env["kam.team.member"]
    spec = breakdown(env)
    tab = team_tab(env)
    mine = [("user_id", "=", member.id), ("is_current", "=", True)]
    seat_fields = {"partner_id": {"fields": {"display_name": {}}}, "role_id": {}}
    return {
        "member: read the score breakdown": lambda: partner.web_read(spec),
        "member: read the Team tab": lambda: partner.web_read(tab),
        "member: open My Accounts (50 seats)": lambda: Seat.web_search_read(
            mine, seat_fields | {"allocation": {}, "account_state": {}}
        ),
    }


def operations(env, head, companies, account):
    """The operations of the issue's table on one account, as ``head``."""
    env = env(user=head.id, context={"allowed_company_ids": companies.ids})
    spec = breakdown(env)
    partner = env["res.partner"].browse(account.id)
    line = partner.kam_score_line_ids.filtered(lambda line: line.source == "manual")
    values = count(1)
    quarterly = env.ref("kam_module.kam_review_type_quarterly")

    def hold_review():
        env["kam.review"].create(
            {
                "partner_id": partner.id,
                "review_type_id": quarterly.id,
                "health": "green",
            }
        ).action_done()

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
        "record a review and mark it held": hold_review,
        # The Head of KAM's cockpit over the account's company only.
        "open the cockpit (Head of KAM)": env(
            context={"allowed_company_ids": account.company_id.ids}
        )["kam.cockpit"].get_cockpit,
    }


def interactive(env, criteria, size, repeat, clicks=True):
    """The clicks on the 1,000 accounts of the second company and on the
    ``size`` accounts of the main one; without ``clicks``, only what the
    later rows need: the staff, and every generated company a key account."""
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
    # The admin user, also a Head of KAM, in both companies: a review held at
    # either size asks the same one other Head for sign-off.
    env.ref("base.user_admin").company_ids |= companies
    portfolios = (("Small", small, SMALL_PORTFOLIO), ("Bench", main, size))
    members = {
        prefix: staff(env, head, company, prefix) for prefix, company, _n in portfolios
    }
    make_key(env)
    env.cr.commit()
    if not clicks:
        return
    Partner = env["res.partner"]
    timings = {}
    for prefix, _company, n in portfolios:
        account = Partner.search([("name", "=", f"{prefix} {n // 2}")])
        on_team = Partner.search([("name", "=", f"{prefix} 7")])
        for label, operation in (
            operations(env, head, companies, account)
            | member_operations(env, members[prefix], on_team)
        ).items():
            timings.setdefault(label, {})[prefix] = median_ms(env, operation, repeat)
    small_k, large_k = (f"{n / 1000:g}k" for _prefix, _company, n in portfolios)
    print(
        f"Interactive operations, median of {repeat} requests, as a Head of KAM "
        "and as a Team Member:"
    )
    print(
        f"{'operation':<42} {small_k + ' accounts':>12} {large_k + ' accounts':>13} "
        f"{large_k + ' / ' + small_k:>9}"
    )
    for label, by_size in timings.items():
        small_ms, large_ms = by_size["Small"], by_size["Bench"]
        print(
            f"{label:<42} {small_ms:>9.1f} ms {large_ms:>10.1f} ms "
            f"{large_ms / small_ms:>9.2f}"
        )
    print()
    for prefix, _company, n in portfolios:
        read = timings["read an account's KAM fields"][prefix]
        write = timings["plain write on the partner"][prefix]
        breakdown = timings["read the score breakdown of one account"][prefix]
        judgement = timings["enter one manual judgement"][prefix]
        print(
            f"{n} accounts: the breakdown costs {breakdown / read:.1f}x a plain "
            f"read, a judgement {judgement / write:.1f}x a plain write"
        )
