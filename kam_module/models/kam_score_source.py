# Copyright 2026 KAM Module Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.osv import expression
from odoo.tools import SQL

AGGREGATES = {
    "sum": "SUM(%s)",
    "avg": "SUM(%s)",  # divided by the count once contacts are rolled up
    "max": "MAX(%s)",
    "count": "COUNT(%s)",
}


# A domain read as superuser compares no text: counting records by what their
# text says, or bisecting it with < and >, would let whoever configures the
# scoring probe content they may not read.
TEXT_TYPES = ("char", "text", "html", "binary")
TEXT_OPERATORS = ("like", "ilike", "=like", "=ilike", "not like", "not ilike")


def _names(value):
    """Whether a domain's operand holds text: on a record field (or ``id``),
    ``=``, ``in``, ``child_of``... search the records by name."""
    if isinstance(value, list | tuple):
        return any(isinstance(item, str) for item in value)
    return isinstance(value, str)


class KamScoreSource(models.AbstractModel):
    """Reads the data of computed criteria: one aggregate query per scan of
    the same records of any installed model linked to the accounts."""

    _name = "kam.score.source"
    _description = "Key Account Scoring Data Source"

    @api.model
    def _company_field(self, records):
        """The stored company of the source records: company_id, or else the
        one stored link to a company (mail.message: record_company_id)."""
        links = [
            field
            for field in records._fields.values()
            if field.type == "many2one"
            and field.comodel_name == "res.company"
            and field.store
        ]
        named = [field for field in links if field.name == "company_id"]
        if named:
            return named[0]
        return links[0] if len(links) == 1 else None

    @api.model
    def _unreadable(self, records, domain):
        """Why the current user may not have ``domain`` evaluated as
        superuser on ``records``, or None: each field of each path must be
        readable, on models the user may read, and compare no text."""
        for leaf in expression.normalize_domain(domain):
            if not isinstance(leaf, list | tuple):
                continue
            path, operator, value = leaf
            model = records
            for name in str(path).split("."):
                field = model._fields.get(name)
                if not field:
                    break  # an unknown field fails the query, naming it
                if not (model.has_access("read") and field.is_accessible(self.env)):
                    return self.env._("it may not read %s.", path)
                if field.type in TEXT_TYPES:
                    return self.env._(
                        "it may compare numbers, dates, states and records, "
                        "not text (%s).",
                        path,
                    )
                if field.relational:
                    model = self.env[field.comodel_name]
            if operator in TEXT_OPERATORS:
                return self.env._("it may not search text (%s).", operator)
            if operator in ("any", "not any") and isinstance(value, list):
                reason = self._unreadable(model, value)
                if reason:
                    return reason
            elif field and (field.relational or field.name == "id") and _names(value):
                return self.env._(
                    "it may compare records by id, not by name (%s).", path
                )
        return None

    @api.model
    def _look_back_start(self, criterion):
        return fields.Date.context_today(self) - relativedelta(
            months=criterion.period_months
        )

    @api.model
    def _domain(self, criterion):
        """The criterion's domain, its look-back window and its company:
        records of another company never count."""
        records = self.env[criterion.model_id.model]
        domain = criterion._parse_domain()
        if criterion.date_field_id and criterion.period_months:
            start = self._look_back_start(criterion)
            domain += [(criterion.date_field_id.name, ">=", start)]
        company = self._company_field(records)
        if company:
            domain += [(company.name, "in", [criterion.company_id.id, False])]
        return domain

    @api.model
    def _spec(self, criterion):
        """What the query of a computed criterion needs, read once a pass:
        the chunks of a nightly run commit, which empties the ORM cache."""
        return {
            "id": criterion.id,
            "model": criterion.model_id.model,
            "partner_field": criterion.partner_field_id.name,
            "measure": criterion.measure_field_id.name,
            "aggregate": criterion.aggregate,
            "domain": self._domain(criterion),
        }

    @api.model
    def _prepare(self, criteria, errors):
        """The specs of the computed criteria; a criterion whose spec cannot
        be built (model uninstalled, domain broken) goes to ``errors``."""
        specs = []
        for criterion in criteria.filtered(lambda c: c.source == "computed"):
            try:
                specs.append(self._spec(criterion))
            except (
                KeyError,
                ValueError,
                TypeError,
                SyntaxError,
                OverflowError,
            ) as error:
                errors[criterion.id] = error
        return specs

    @api.model
    def _raw_values(self, specs, partner_ids, accounts):
        """One aggregate query over the source records of some accounts, for
        ``specs`` of criteria that read the same records (model, partner field
        and domain), each measure a column.

        Returns {criterion id: raw values of ``partner_ids``, in that order,
        None where no record counts}. ``accounts`` maps the accounts and their
        contacts to the account: records linked to a contact count for its
        commercial entity. Source records are read as superuser: a score must
        not depend on who rescores, and what a source reads was checked
        against the user who configured it.
        """
        spec = specs[0]
        records = self.env[spec["model"]].sudo()
        field = spec["partner_field"]
        query = records._search(spec["domain"] + [(field, "in", list(accounts))])
        partner = records._field_to_sql(records._table, field, query)
        columns = []
        for each in specs:
            measure = SQL.identifier(records._table, "id")
            if each["measure"]:
                measure = records._field_to_sql(records._table, each["measure"], query)
            columns += [
                SQL(AGGREGATES[each["aggregate"]], measure),
                SQL("COUNT(%s)", measure),
            ]
        query.groupby = partner
        self.env.cr.execute(query.select(partner, *columns))
        rows = self.env.cr.fetchall()
        return {
            each["id"]: self._roll_up(
                each["aggregate"],
                [(row[0], row[1 + 2 * i], row[2 + 2 * i]) for row in rows],
                partner_ids,
                accounts,
            )
            for i, each in enumerate(specs)
        }

    @api.model
    def _roll_up(self, aggregate, rows, partner_ids, accounts):
        """The raw values of ``partner_ids`` from ``rows`` (partner, value,
        count) of the accounts and their contacts (``accounts``)."""
        raw, counts = {}, {}
        for partner_id, value, count in rows:
            if value is None:  # only empty measures: no data
                continue
            account = accounts[partner_id]
            if account not in raw:
                raw[account], counts[account] = value, count
            elif aggregate == "max":
                raw[account] = max(raw[account], value)
            else:
                raw[account] += value
                counts[account] += count
        if aggregate == "avg":
            raw = {account: total / counts[account] for account, total in raw.items()}
        return [raw.get(partner_id) for partner_id in partner_ids]
