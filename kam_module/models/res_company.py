# Copyright 2026 KAM Module Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import ast

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.tools import SQL

# The revenue the share is measured on, the first installed: invoiced with
# refunds deducted, else confirmed sales (as a plan's own revenue).
REVENUE_SOURCES = ("invoice_net_revenue", "sale_revenue")
SHARE_FIELDS = (
    "kam_key_revenue",
    "kam_key_revenue_prev",
    "kam_total_revenue",
    "kam_total_revenue_prev",
)


class ResCompany(models.Model):
    """The key accounts' share of the company's revenue, the classic figure
    of a KAM programme: measured every night (a snapshot, so that the cockpit
    reads it at a flat cost), for the Heads of KAM."""

    _inherit = "res.company"

    kam_key_revenue = fields.Monetary(
        string="Key Accounts' Revenue (12 months)",
        readonly=True,
        groups="kam_module.group_kam_head",
        help="Revenue of the last 12 months with the key accounts, their "
        "contacts and child companies.",
    )
    kam_key_revenue_prev = fields.Monetary(
        string="Key Accounts' Revenue (previous 12 months)",
        readonly=True,
        groups="kam_module.group_kam_head",
    )
    kam_total_revenue = fields.Monetary(
        string="Company Revenue (12 months)",
        readonly=True,
        groups="kam_module.group_kam_head",
    )
    kam_total_revenue_prev = fields.Monetary(
        string="Company Revenue (previous 12 months)",
        readonly=True,
        groups="kam_module.group_kam_head",
    )
    kam_revenue_measured_on = fields.Date(
        string="Key Accounts' Share Measured On",
        readonly=True,
        groups="kam_module.group_kam_head",
    )

    @api.model
    def _kam_revenue_source(self):
        """The ready-made source of revenue, as ``_kam_ready_made`` spells
        it; None without Sales nor Invoicing."""
        ready = self.env["kam.data.source"]._kam_ready_made()
        return next((ready[k][1] for k in REVENUE_SOURCES if k in ready), None)

    @api.model
    def _kam_cron_measure_key_share(self):
        """Every company's share, by the nightly job that measures the plans."""
        companies = self.sudo().search([])  # pylint: disable=no-search-all
        companies._kam_measure_key_share()

    def _kam_measure_key_share(self):
        """Measure the key accounts' share of these companies' revenue, over
        the last 12 months and the 12 before, in one query; without Sales
        nor Invoicing, clear it."""
        source = self._kam_revenue_source()
        if not source:
            self.write(
                dict.fromkeys(SHARE_FIELDS, 0.0) | {"kam_revenue_measured_on": False}
            )
            return
        today = fields.Date.today()
        start = today - relativedelta(years=1, days=-1)
        figures = self._kam_revenue_by_key(
            source, start - relativedelta(years=1), start, today
        )
        for company in self:
            found = figures.get(company.id, {})
            company.write(
                {
                    "kam_key_revenue": found.get((True, True), 0.0),
                    "kam_key_revenue_prev": found.get((False, True), 0.0),
                    "kam_total_revenue": sum(
                        v for (current, _k), v in found.items() if current
                    ),
                    "kam_total_revenue_prev": sum(
                        v for (current, _k), v in found.items() if not current
                    ),
                    "kam_revenue_measured_on": today,
                }
            )

    def _kam_revenue_by_key(self, spec, first, start, last):
        """The revenue of the source ``spec`` (as ``_kam_ready_made`` spells
        it) dated from ``first`` to ``last``, of these companies, read as
        superuser: {company id: {(since ``start``, of a key account): sum}}.

        A record is a key account's when its partner is, or is under (a
        contact, a child company, at any depth), a key account of the
        record's company: the families are walked down from the key accounts
        in the same query, and a record counts once."""
        records = self.env[spec["model"]].sudo()
        query = records._search(
            ast.literal_eval(spec["domain"] or "[]") + [("company_id", "in", self.ids)]
        )

        def column(name):
            return records._field_to_sql(records._table, name, query)

        date, company = column(spec["date_field"]), column("company_id")
        query.add_where(
            SQL("%s >= %s AND %s < %s", date, first, date, last + relativedelta(days=1))
        )
        main = self.env["kam.score.engine"]._scoring_company(False)
        # The key accounts' families, each with the company of its account.
        families = SQL(
            """WITH RECURSIVE kam_family(id, company_id) AS (
                SELECT id, COALESCE(company_id, %s) FROM res_partner
                 WHERE kam_state = 'key'
                 UNION
                SELECT member.id, family.company_id FROM res_partner member
                  JOIN kam_family family ON member.parent_id = family.id
            )""",
            main.id,
        )
        is_key = SQL(
            "EXISTS (SELECT 1 FROM kam_family WHERE id = %s AND company_id = %s)",
            column(spec["partner_field"]),
            company,
        )
        query.groupby = SQL("1, 2, 3")
        self.env.cr.execute(
            SQL(
                "%s %s",
                families,
                query.select(
                    company,
                    SQL("%s >= %s", date, start),
                    is_key,
                    SQL("SUM(%s)", column(spec["measure"])),
                ),
            )
        )
        figures = {}
        for company_id, since_start, of_key, value in self.env.cr.fetchall():
            figures.setdefault(company_id, {})[since_start, of_key] = value or 0.0
        return figures
