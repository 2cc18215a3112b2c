# Copyright 2026 KAM Module Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import ast

from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import SQL

from ..scoring_math import pg_array

NUMERIC_TYPES = ("integer", "float", "monetary")
# What a source is made of: changing any of these checks it again.
SOURCE_FIELDS = (
    "source",
    "model_id",
    "partner_field_id",
    "measure_field_id",
    "aggregate",
    "domain",
    "date_field_id",
)


def pg_dates(days):
    """Dates (or None) as one PostgreSQL array literal, like ``pg_array``."""
    items = ",".join("NULL" if day is None else str(day) for day in days)
    return f"{{{items}}}"


AGGREGATES = {
    "sum": "SUM(%s)",
    "count": "COUNT(%s)",
    "avg": "AVG(%s)",
    "max": "MAX(%s)",
}


class KamDataSource(models.AbstractModel):
    """Where a figure is read from: records of any installed model linked to
    the partner, a numeric field aggregated over those matching a domain. The
    computed criteria and the measured objectives share its fields and its
    safety rules: the data is read as superuser, so the configuring user must
    be able to read what the source compares, and no text is compared."""

    _name = "kam.data.source"
    _description = "Key Account Data Source"

    # Set null rather than cascade: a source whose app is uninstalled is kept,
    # and reported as failing, rather than silently deleted.
    model_id = fields.Many2one(
        "ir.model",
        ondelete="set null",
        domain=[("transient", "=", False)],
        help="Any installed model with a link to the partner: sale orders, "
        "invoices, helpdesk tickets...",
    )
    model_name = fields.Char(related="model_id.model", string="Model Name")
    partner_field_id = fields.Many2one(
        "ir.model.fields",
        ondelete="set null",
        domain="[('model_id', '=', model_id), ('ttype', '=', 'many2one'), "
        "('relation', '=', 'res.partner'), ('store', '=', True)]",
        help="The link of the record to the partner. Records of the partner's "
        "contacts count for the partner's company.",
    )
    measure_field_id = fields.Many2one(
        "ir.model.fields",
        string="Measure",
        ondelete="set null",
        domain="[('model_id', '=', model_id), "
        "('ttype', 'in', ('integer', 'float', 'monetary')), ('store', '=', True)]",
        help="Numeric field to aggregate; empty counts the records.",
    )
    aggregate = fields.Selection(
        [("sum", "Sum"), ("count", "Count"), ("avg", "Average"), ("max", "Maximum")],
        default="sum",
        required=True,
    )
    domain = fields.Char(
        default="[]",
        help="Only the records matching this domain count. It may not "
        "compare free text.",
    )
    date_field_id = fields.Many2one(
        "ir.model.fields",
        ondelete="set null",
        domain="[('model_id', '=', model_id), ('ttype', 'in', ('date', 'datetime')), "
        "('store', '=', True)]",
    )

    def _refuse(self, field_name, rule):
        """A ValidationError naming the record, the field and the rule."""
        raise ValidationError(
            self.env._(
                "%(record)s, %(field)s: %(rule)s",
                record=self._kam_source_title(),
                field=self._fields[field_name]._description_string(self.env),
                rule=rule,
            )
        )

    def _kam_source_title(self):
        """How errors name this record, e.g. "Criterion Sales revenue"."""
        return self.display_name

    def _kam_check_source(self):
        """Refuse a source that could not be read, or not by this user;
        return its domain."""
        try:
            domain = self._parse_domain()
        except (ValueError, SyntaxError, TypeError) as error:
            self._refuse("domain", str(error))
        self._check_fields()
        self._check_readable(domain)
        return domain

    def _check_fields(self):
        meta = self._kam_meta()
        if not meta.model_id:
            self._refuse("model_id", self.env._("choose the model to compute from."))
        model = meta.model_id.model
        if model not in self.env:
            self._refuse("model_id", self.env._("%s is not installed.", model))
        records = self.env[model]
        if not self.env.su and not records.has_access("read"):
            self._refuse(
                "model_id", self.env._("you may not read %s.", meta.model_id.name)
            )

        def stored(field, types):
            found = records._fields.get(field.name)
            return (
                field.model == model and found and found.store and found.type in types
            )

        partner = records._fields.get(meta.partner_field_id.name)
        if not stored(meta.partner_field_id, ("many2one",)) or (
            partner.comodel_name != "res.partner"
        ):
            self._refuse(
                "partner_field_id",
                self.env._("it must be a stored link to the partner on %s.", model),
            )
        if meta.measure_field_id and not stored(meta.measure_field_id, NUMERIC_TYPES):
            self._refuse(
                "measure_field_id",
                self.env._("it must be a stored number of %s.", model),
            )
        if not meta.measure_field_id and self.aggregate != "count":
            self._refuse(
                "measure_field_id",
                self.env._("choose what to %s, or count the records.", self.aggregate),
            )
        if meta.date_field_id and not stored(meta.date_field_id, ("date", "datetime")):
            self._refuse(
                "date_field_id", self.env._("it must be a stored date of %s.", model)
            )

    def _check_readable(self, domain):
        """The configuring user may read the fields and what the domain
        compares: the engine reads the data as superuser."""
        if self.env.su:
            return
        meta = self._kam_meta()
        records = self.env[meta.model_id.model]
        for name in ("partner_field_id", "measure_field_id", "date_field_id"):
            field = records._fields.get(meta[name].name)
            if field and not field.is_accessible(self.env):
                self._refuse(name, self.env._("you may not read this field."))
        rule = self.env["kam.score.source"]._unreadable(records, domain)
        if rule:
            self._refuse("domain", rule)

    @api.model
    def _kam_ready_made(self):
        """Ready-made sources, for the apps that are installed: {key: (label,
        source)}. A source names its model, link to the partner, measure,
        aggregate, domain and date field."""
        invoiced = {
            "model": "account.move",
            "partner_field": "partner_id",
            "measure": "amount_untaxed_signed",
            "aggregate": "sum",
            "date_field": "invoice_date",
        }
        orders = {
            "model": "sale.order",
            "partner_field": "partner_id",
            "domain": "[('state', '=', 'sale')]",
            "date_field": "date_order",
        }
        opportunities = {
            "model": "crm.lead",
            "partner_field": "partner_id",
            "measure": "expected_revenue",
            "aggregate": "sum",
        }
        sources = {
            "invoice_revenue": (
                self.env._("Invoiced revenue"),
                dict(
                    invoiced,
                    domain="[('move_type', '=', 'out_invoice'), "
                    "('state', '=', 'posted')]",
                ),
            ),
            "invoice_net_revenue": (
                self.env._("Invoiced revenue, refunds deducted"),
                dict(
                    invoiced,
                    domain="[('move_type', 'in', ('out_invoice', 'out_refund')), "
                    "('state', '=', 'posted')]",
                ),
            ),
            "sale_revenue": (
                self.env._("Confirmed sales"),
                dict(orders, measure="amount_untaxed", aggregate="sum"),
            ),
            "sale_order_count": (
                self.env._("Confirmed orders"),
                dict(orders, measure=False, aggregate="count"),
            ),
            "crm_won": (
                self.env._("Won opportunities"),
                dict(
                    opportunities,
                    domain="[('type', '=', 'opportunity'), ('probability', '=', 100)]",
                    date_field="date_closed",
                ),
            ),
            "crm_pipeline": (
                self.env._("Open pipeline"),
                dict(
                    opportunities,
                    domain="[('type', '=', 'opportunity'), ('probability', '<', 100)]",
                    date_field=False,
                ),
            ),
        }
        return {
            key: (label, source)
            for key, (label, source) in sources.items()
            if source["model"] in self.env
        }

    @api.model
    def _kam_source_vals(self, source):
        """The fields of a ready-made ``source``."""
        model = source["model"]

        def field(name):
            return name and self.env["ir.model.fields"]._get(model, name).id

        return {
            "model_id": self.env["ir.model"]._get(model).id,
            "partner_field_id": field(source["partner_field"]),
            "measure_field_id": field(source["measure"]),
            "aggregate": source["aggregate"],
            "domain": source["domain"],
            "date_field_id": field(source["date_field"]),
        }

    @api.model
    def _kam_aggregate(self, spec, rows):
        """The aggregate of a source (``spec``, as ``_kam_ready_made`` spells
        it) for many keys in one query, read as superuser: {key: value}.
        ``rows`` are (key, partner id, first day, last day, company id): a
        record counts for a key when it is linked to that partner, dated
        within those days (when the source has a date) and of that company
        or of none."""
        measures = [(spec["measure"], spec["aggregate"])]
        return {
            key: values[0]
            for key, values in self._kam_aggregates(spec, measures, rows).items()
        }

    @api.model
    def _kam_aggregates(self, spec, measures, rows):
        """``_kam_aggregate`` of several ``measures`` ((field name or False,
        aggregate)) of the same records (``spec``'s model, partner, domain
        and date), in one scan: {key: [value of each measure]}."""
        records = self.env[spec["model"]].sudo()
        query = records._search(ast.literal_eval(spec["domain"] or "[]"))
        alias = "kam_measured"
        keys, partners, starts, stops, companies = [
            list(column) for column in zip(*rows, strict=True)
        ] or [[]] * 5
        query.add_join(
            "JOIN",
            alias,
            SQL(
                "(SELECT * FROM unnest(%s::int[], %s::int[], %s::date[], %s::date[],"
                " %s::int[]) AS t(key, partner, date_start, date_stop, company))",
                pg_array(keys),
                pg_array(partners),
                pg_dates(starts),
                pg_dates(stops),
                pg_array(companies),
            ),
            self._kam_aggregate_condition(spec, records, query, alias),
        )
        # The same partners again, as a filter the planner sees: it reads
        # their records by the partner's index rather than hashing the table.
        query.add_where(
            SQL(
                "%s = ANY(%s::int[])",
                records._field_to_sql(records._table, spec["partner_field"], query),
                pg_array(sorted(set(partners))),
            )
        )
        aggregates = [
            SQL(
                AGGREGATES[aggregate],
                records._field_to_sql(records._table, measure, query)
                if measure
                else SQL.identifier(records._table, "id"),
            )
            for measure, aggregate in measures
        ]
        query.groupby = SQL.identifier(alias, "key")
        self.env.cr.execute(query.select(SQL.identifier(alias, "key"), *aggregates))
        return {
            key: [value or 0.0 for value in values]
            for key, *values in self.env.cr.fetchall()
        }

    @api.model
    def _kam_aggregate_families(self, spec, rows, families):
        """``_kam_aggregate`` of ``rows`` (key, account id, first day, last
        day, company id) whose records count for the account when they are
        linked to its family (``families``, as ``_kam_families`` gives)."""
        return self._kam_aggregate(spec, self._kam_family_rows(rows, families))

    @api.model
    def _kam_family_rows(self, rows, families):
        """``rows`` of accounts as rows of each member of their families."""
        return [
            (key, member, start, stop, company)
            for key, account, start, stop, company in rows
            for member in families[account]
        ]

    @api.model
    def _kam_write_measured(self, records, columns, **constants):
        """Write measured values on ``records`` in one statement, whatever
        their number, as the superuser's write would be flushed (with the
        write date and user): ``columns`` are {numeric field: values in the
        order of ``records``}, ``constants`` {field: one value for all}. The
        cache forgets them; what depends on them is the caller's to notify
        (``modified``), knowing which values changed."""
        if not records:
            return
        names = list(columns)
        constants = dict(constants)
        if records._log_access:
            constants.update(write_date=self.env.cr.now(), write_uid=self.env.uid)
        assignments = [
            SQL("%s = v.%s", SQL.identifier(name), SQL.identifier(name))
            for name in names
        ] + [
            SQL("%s = %s", SQL.identifier(name), value)
            for name, value in constants.items()
        ]
        ids = pg_array(records.ids)
        source = SQL(
            "FROM unnest(%s::int[], %s) AS v(id, %s) WHERE t.id = v.id AND",
            ids,
            SQL(", ").join(
                SQL(
                    "%s::%s[]",
                    pg_array(columns[name]),
                    SQL(records._fields[name].column_type[1]),
                )
                for name in names
            ),
            SQL(", ").join(map(SQL.identifier, names)),
        )
        self.env.cr.execute(
            SQL(
                # (the ids again: the rows are found by the primary key)
                "UPDATE %s AS t SET %s %s t.id = ANY(%s::int[])",
                SQL.identifier(records._table),
                SQL(", ").join(assignments),
                source if names else SQL("WHERE"),
                ids,
            )
        )
        records.invalidate_recordset([*names, *constants])

    @api.model
    def _kam_aggregate_condition(self, spec, records, query, alias):
        """A record's partner, company and date against a row of keys."""

        def column(name):
            return records._field_to_sql(records._table, name, query)

        def row(name):
            return SQL.identifier(alias, name)

        partner = column(spec["partner_field"])
        conditions = [SQL("%s = %s", partner, row("partner"))]
        company = self.env["kam.score.source"]._company_field(records)
        if company:
            company = column(company.name)
            conditions.append(
                SQL("(%s = %s OR %s IS NULL)", company, row("company"), company)
            )
        if spec["date_field"]:
            date = column(spec["date_field"])
            conditions.append(
                SQL(
                    "%s >= %s AND %s < %s + 1",
                    date,
                    row("date_start"),
                    date,
                    row("date_stop"),
                )
            )
        return SQL(" AND ").join(conditions)

    def _kam_meta(self):
        """The source's model and fields as metadata, which any user who
        edits the source may read: what matters is whether they may read the
        data those name, checked with their own rights."""
        return self.sudo()

    def _parse_domain(self):
        domain = ast.literal_eval(self.domain or "[]")
        if not isinstance(domain, list):
            raise ValueError(self.env._("a domain is a list of conditions"))
        return domain
