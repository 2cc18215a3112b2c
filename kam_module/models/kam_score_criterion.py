# Copyright 2026 KAM Module Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import ast

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import SQL

NUMERIC_TYPES = ("integer", "float", "monetary")
AGGREGATES = {
    "sum": "SUM(%s)",
    "avg": "SUM(%s)",  # divided by the count once contacts are rolled up
    "max": "MAX(%s)",
    "count": "COUNT(%s)",
}


class KamScoreCriterion(models.Model):
    _name = "kam.score.criterion"
    _description = "Key Account Scoring Criterion"
    _order = "company_id, sequence, id"
    _check_company_auto = True

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    description = fields.Text(translate=True)
    dimension = fields.Selection(
        [
            ("value", "Value"),
            ("growth", "Growth"),
            ("fit", "Fit"),
            ("relationship", "Relationship"),
        ],
        required=True,
        default="value",
        help="Value, growth and fit make an account attractive; relationship "
        "measures our strength with it. Together they place the account in the "
        "portfolio matrix.",
    )
    weight = fields.Float(required=True, default=1.0)
    source = fields.Selection(
        [("manual", "Manual judgement"), ("computed", "Computed from data")],
        required=True,
        default="manual",
    )
    model_id = fields.Many2one(
        "ir.model",
        ondelete="cascade",
        domain=[("transient", "=", False)],
        help="Any installed model with a link to the partner: sale orders, "
        "invoices, helpdesk tickets...",
    )
    model_name = fields.Char(related="model_id.model", string="Model Name")
    partner_field_id = fields.Many2one(
        "ir.model.fields",
        ondelete="cascade",
        domain="[('model_id', '=', model_id), ('ttype', '=', 'many2one'), "
        "('relation', '=', 'res.partner'), ('store', '=', True)]",
        help="The link of the record to the partner. Records of the partner's "
        "contacts count for the partner's company.",
    )
    measure_field_id = fields.Many2one(
        "ir.model.fields",
        string="Measure",
        ondelete="cascade",
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
        default="[]", help="Only the records matching this domain count."
    )
    date_field_id = fields.Many2one(
        "ir.model.fields",
        ondelete="cascade",
        domain="[('model_id', '=', model_id), ('ttype', 'in', ('date', 'datetime')), "
        "('store', '=', True)]",
    )
    period_months = fields.Integer(
        string="Look-back (months)",
        default=12,
        help="Only records of the last months count, by the date field.",
    )
    normalization = fields.Selection(
        [("linear", "Linear between min and max"), ("percentile", "Percentile rank")],
        default="linear",
        required=True,
        help="Linear: the raw value between Min and Max becomes 0 to 100. "
        "Percentile: the share of scored accounts of the company with a lower "
        "raw value.",
    )
    min_value = fields.Float(string="Min")
    max_value = fields.Float(string="Max", default=100.0)
    higher_is_better = fields.Boolean(default=True)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )

    @api.constrains("weight")
    def _check_weight(self):
        for criterion in self:
            if criterion.weight <= 0:
                raise ValidationError(
                    self.env._(
                        "Criterion %(name)s: the weight must be greater than 0.",
                        name=criterion.name,
                    )
                )

    @api.constrains("normalization", "min_value", "max_value", "source")
    def _check_range(self):
        for criterion in self:
            if (
                criterion.source == "computed"
                and criterion.normalization == "linear"
                and criterion.min_value >= criterion.max_value
            ):
                raise ValidationError(
                    self.env._(
                        "Criterion %(name)s: Min (%(min)s) must be lower than "
                        "Max (%(max)s).",
                        name=criterion.name,
                        min=criterion.min_value,
                        max=criterion.max_value,
                    )
                )

    @api.constrains(
        "source",
        "model_id",
        "partner_field_id",
        "measure_field_id",
        "aggregate",
        "domain",
        "date_field_id",
        "period_months",
    )
    def _check_source(self):
        for criterion in self.filtered(lambda c: c.source == "computed"):
            criterion._check_computed_source()

    def _check_computed_source(self):
        name = self.name
        if not self.model_id:
            raise ValidationError(
                self.env._(
                    "Criterion %(name)s: choose the Model to compute from.", name=name
                )
            )
        model = self.model_id.model
        if model not in self.env:
            raise ValidationError(
                self.env._(
                    "Criterion %(name)s: model %(model)s is not installed.",
                    name=name,
                    model=model,
                )
            )
        records = self.env[model]
        partner_field = records._fields.get(self.partner_field_id.name)
        if not (
            self.partner_field_id.model == model
            and partner_field
            and partner_field.type == "many2one"
            and partner_field.comodel_name == "res.partner"
            and partner_field.store
        ):
            raise ValidationError(
                self.env._(
                    "Criterion %(name)s: Partner Field must be a stored link to "
                    "the partner on %(model)s.",
                    name=name,
                    model=model,
                )
            )
        measure = self.measure_field_id
        if measure:
            measure_field = records._fields.get(measure.name)
            if not (
                measure.model == model
                and measure_field
                and measure_field.type in NUMERIC_TYPES
                and measure_field.store
            ):
                raise ValidationError(
                    self.env._(
                        "Criterion %(name)s: Measure %(field)s is not a stored "
                        "numeric field of %(model)s.",
                        name=name,
                        field=measure.name,
                        model=model,
                    )
                )
        elif self.aggregate != "count":
            raise ValidationError(
                self.env._(
                    "Criterion %(name)s: choose a Measure to %(aggregate)s, or "
                    "count the records.",
                    name=name,
                    aggregate=self.aggregate,
                )
            )
        date_field = self.date_field_id
        if date_field and not (
            date_field.model == model
            and date_field.name in records._fields
            and records._fields[date_field.name].type in ("date", "datetime")
        ):
            raise ValidationError(
                self.env._(
                    "Criterion %(name)s: Date Field %(field)s is not a date of "
                    "%(model)s.",
                    name=name,
                    field=date_field.name,
                    model=model,
                )
            )
        if self.period_months < 0:
            raise ValidationError(
                self.env._(
                    "Criterion %(name)s: the look-back cannot be negative.", name=name
                )
            )
        try:
            records._search(self._parse_domain())
        except (ValueError, SyntaxError, TypeError, KeyError) as error:
            raise ValidationError(
                self.env._(
                    "Criterion %(name)s: the domain %(domain)s is not valid on "
                    "%(model)s: %(error)s",
                    name=name,
                    domain=self.domain,
                    model=model,
                    error=error,
                )
            ) from error

    def _parse_domain(self):
        domain = ast.literal_eval(self.domain or "[]")
        if not isinstance(domain, list):
            raise ValueError(self.env._("a domain is a list of conditions"))
        return domain

    def _source_domain(self):
        """The criterion's domain, its look-back window and its company."""
        self.ensure_one()
        records = self.env[self.model_id.model]
        domain = self._parse_domain()
        if self.date_field_id and self.period_months:
            start = fields.Date.context_today(self) - relativedelta(
                months=self.period_months
            )
            domain += [(self.date_field_id.name, ">=", start)]
        if "company_id" in records._fields and records._fields["company_id"].store:
            domain += [("company_id", "in", [self.company_id.id, False])]
        return domain

    def _scoring_sources(self):
        """What the engine needs of the computed criteria, read once a run."""
        return [
            {
                "id": criterion.id,
                "company_id": criterion.company_id.id,
                "model": criterion.model_id.model,
                "partner_field": criterion.partner_field_id.name,
                "measure": criterion.measure_field_id.name,
                "aggregate": criterion.aggregate,
                "domain": criterion._source_domain(),
            }
            for criterion in self
            if criterion.source == "computed"
        ]

    @api.model
    def _raw_values(self, source, partner_ids, accounts):
        """One aggregate query over the source records of some accounts.

        Returns the raw values of ``partner_ids``, in that order, None where
        there is no data. ``accounts`` maps the accounts and all their
        contacts to the account: records linked to a contact count for its
        commercial entity. The query filters the source on its own partner
        index, groups by partner, and the contacts' aggregates are rolled up
        here. Source records are read as superuser: a score must not depend on
        who rescores, and the source (model, domain) is set by KAM
        administrators only.
        """
        records = self.env[source["model"]].sudo()
        field = source["partner_field"]
        query = records._search(source["domain"] + [(field, "in", list(accounts))])
        partner = records._field_to_sql(records._table, field, query)
        if source["measure"]:
            measure = records._field_to_sql(records._table, source["measure"], query)
        else:
            measure = SQL.identifier(records._table, "id")
        aggregate = source["aggregate"]
        query.groupby = partner
        self.env.cr.execute(
            query.select(
                partner,
                SQL(AGGREGATES[aggregate], measure),
                SQL("COUNT(%s)", measure),
            )
        )
        raw, counts = {}, {}
        for partner_id, value, count in self.env.cr.fetchall():
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
        # Counting nothing is a real 0; summing nothing is missing data.
        missing = 0 if aggregate == "count" else None
        return [raw.get(partner_id, missing) for partner_id in partner_ids]
