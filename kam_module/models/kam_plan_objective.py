# Copyright 2026 KAM Module Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from collections import namedtuple

import psycopg2

from odoo import api, fields, models
from odoo.exceptions import AccessError, ValidationError
from odoo.tools import SQL, mute_logger, ormcache

from ..scoring_math import pg_array
from .kam_data_source import SOURCE_FIELDS

# A measured objective as the measure reads it, in one query however many:
# its plan and the plan's state, account, company and period, its line, its
# value and the day it took it, and its source (the ids and values of
# SOURCE_FIELDS but the first).
Measured = namedtuple(
    "Measured",
    "id plan state account company start stop baseline target current since source",
)


def progress(baseline, target, value):
    """Share of the way from ``baseline`` to ``target`` at ``value``, 0 to
    100."""
    span = target - baseline
    done = (value - baseline) / span if span else 0
    return min(max(done * 100, 0), 100)


class KamPlanObjective(models.Model):
    """A strategic or operational goal of the plan, measured by a KPI from a
    baseline to a target."""

    _name = "kam.plan.objective"
    _inherit = ["kam.plan.line", "kam.data.source"]
    _description = "Account Plan Objective"
    # Plans measured a transaction, nightly.
    _kam_measure_chunk = 1000
    # The team reports progress on an approved plan.
    _kam_unlocked_fields = frozenset({"current_value"})

    name = fields.Char(string="Objective", required=True)
    kind = fields.Selection(
        [("strategic", "Strategic"), ("operational", "Operational")],
        required=True,
        default="operational",
    )
    kpi = fields.Char(string="KPI", help="What measures it, e.g. annual revenue.")
    baseline = fields.Float()
    target_value = fields.Float(string="Target")
    current_value = fields.Float(
        string="Current",
        help="Typed by the team, or, for a measured objective, read from the data "
        "by Measure and every night.",
    )
    source = fields.Selection(
        [("manual", "Typed by the team"), ("computed", "Measured from data")],
        required=True,
        default="manual",
        help="Measured: the current value is the aggregate of the records of the "
        "account (its contacts and child companies included) and of the plan's "
        "company, over the plan's period up to today.",
    )
    measured_on = fields.Datetime(
        compute="_compute_measured_on",
        help="When the current value was last measured: its plan's last measure, "
        "if the objective was measured then.",
    )
    value_date = fields.Date(
        string="Value Since",
        readonly=True,
        copy=False,
        help="The day the measured value last changed to what it is.",
    )
    history_ids = fields.One2many(
        "kam.plan.objective.history", "objective_id", string="Past Measures"
    )
    expected_value = fields.Float(
        string="Expected Today",
        compute="_compute_expected",
        help="Where a straight line from the baseline at the plan's start to the "
        "target at its end stands today.",
    )
    is_behind = fields.Boolean(
        string="Behind",
        compute="_compute_expected",
        help="A measured objective short of its straight line today: it counts "
        "in the plan's health.",
    )
    progress_chart = fields.Json(
        compute="_compute_progress_chart",
        help="The measures against the straight line from baseline to target.",
    )
    unit = fields.Char()
    deadline = fields.Date()
    progress = fields.Float(
        compute="_compute_progress",
        store=True,
        help="Share of the way from the baseline to the target, 0 to 100.",
    )
    action_ids = fields.One2many("kam.plan.action", "objective_id", string="Actions")
    shared = fields.Boolean(
        string="Shared with the Customer",
        help="The customer sees this objective and its progress on the shared plan.",
    )

    @api.depends("plan_id.measured_on", "source", "create_date")
    def _compute_measured_on(self):
        for objective in self:
            measured_on = objective.plan_id.measured_on
            # A new objective (no creation date yet) was not measured.
            created = objective.create_date
            objective.measured_on = (
                objective.source == "computed"
                and created
                and measured_on
                and measured_on >= created
                and measured_on
            )

    @api.depends("baseline", "target_value", "current_value")
    def _compute_progress(self):
        for objective in self:
            objective.progress = progress(
                objective.baseline, objective.target_value, objective.current_value
            )

    @api.depends(
        "baseline",
        "target_value",
        "current_value",
        "source",
        "plan_id.date_start",
        "plan_id.date_end",
    )
    def _compute_expected(self):
        today = fields.Date.today()
        for objective in self:
            objective.expected_value = objective._kam_line(today)
            gap = objective.current_value - objective.expected_value
            rising = objective.target_value >= objective.baseline
            objective.is_behind = (
                objective.source == "computed"
                and objective.plan_id.date_start <= today
                and (gap < 0 if rising else gap > 0)
            )

    def _kam_line(self, day):
        """The straight line from the baseline at the plan's start to the
        target at its end, on ``day``."""
        plan = self.plan_id
        length = (plan.date_end - plan.date_start).days or 1
        elapsed = min(max((day - plan.date_start).days, 0), length)
        return self.baseline + (self.target_value - self.baseline) * elapsed / length

    @api.depends(
        "history_ids.value",
        "value_date",
        "current_value",
        "baseline",
        "target_value",
        "is_behind",
        "plan_id.date_start",
        "plan_id.date_end",
    )
    def _compute_progress_chart(self):
        for objective in self:
            plan = objective.plan_id
            # The past values, then the current one since the day it changed.
            points = [(point.date, point.value) for point in objective.history_ids]
            if objective.value_date:
                points.append((objective.value_date, objective.current_value))
            objective.progress_chart = {
                "start": fields.Date.to_string(plan.date_start),
                "end": fields.Date.to_string(plan.date_end),
                "baseline": objective.baseline,
                "target": objective.target_value,
                "points": [
                    [fields.Date.to_string(day), value] for day, value in points
                ],
                "behind": objective.is_behind,
            }

    @api.constrains("baseline", "target_value", "kpi")
    def _check_target(self):
        for objective in self:
            if objective.kpi and objective.target_value == objective.baseline:
                raise ValidationError(
                    self.env._(
                        "Objective %s: the target equals the baseline, so there is "
                        "no way to progress. Set a target that differs.",
                        objective.name,
                    )
                )

    @api.constrains(*SOURCE_FIELDS)
    def _check_source(self):
        for objective in self.filtered(lambda o: o.source == "computed"):
            objective._kam_check_source()
            # Run the query once: what would fail every night fails now.
            try:
                with mute_logger("odoo.sql_db"), self.env.cr.savepoint():
                    objective.sudo()._kam_read_measures(fields.Date.today())
            except (psycopg2.Error, ValueError, TypeError, KeyError) as error:
                objective._refuse("domain", str(error).strip())

    def _kam_source_title(self):
        return self.env._("Objective %s", self.name)

    def _kam_check_write(self, vals):
        result = super()._kam_check_write(vals)
        measured = self.filtered(lambda o: vals.get("source", o.source) == "computed")
        if measured._kam_changed(vals, {"current_value"}):
            raise AccessError(
                self.env._(
                    "Objective %s is measured from data: its current value is "
                    "read, not typed. Press Measure to read it now.",
                    measured[0].name,
                )
            )
        return result

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su and any(
            vals.get("source") == "computed" and vals.get("current_value")
            for vals in vals_list
        ):
            raise AccessError(
                self.env._(
                    "A measured objective's current value is read from the data, "
                    "not typed."
                )
            )
        return super().create(vals_list)

    def copy_data(self, default=None):
        vals_list = super().copy_data(default)
        # A measured value is read, never copied: the copy measures its own.
        for objective, vals in zip(self, vals_list, strict=True):
            if objective.source == "computed":
                vals.pop("current_value", None)
        return vals_list

    def action_measure(self):
        """Measure now, as the nightly job does, what the user may read: the
        objectives' plans."""
        self.check_access("read")
        self.plan_id._kam_measure()

    @api.model
    def _kam_measure(self, plans, families):
        """Read the current value of the measured objectives of ``plans``
        (open ones) from their data, and write those that changed: one
        aggregate query per scan of the same records and one statement per
        table written, whatever the number of objectives and plans.
        ``families`` are their accounts' (``_kam_families``)."""
        rows = self._kam_measured(plans)
        if not rows:
            return
        values = self._kam_measured_values(rows, families)
        changed = [
            (row, values.get(row.id, 0.0))
            for row in rows
            if values.get(row.id, 0.0) != row.current
        ]
        measured = self.sudo().browse(row.id for row, _value in changed)
        today = fields.Date.today()
        self.env["kam.data.source"]._kam_write_measured(
            measured,
            {
                "current_value": [value for _row, value in changed],
                "progress": [
                    progress(row.baseline, row.target, value) for row, value in changed
                ],
            },
            value_date=today,
        )
        self._kam_measured_changed(measured, [row for row, _value in changed])
        # The value each held until today joins its past; a value taken
        # earlier today is simply replaced.
        self.env["kam.plan.objective.history"]._kam_store(
            [
                (row.id, row.plan, row.since, row.current)
                for row, _value in changed
                if row.since and row.since < today
            ]
        )

    def _kam_measured(self, plans):
        """The measured objectives of ``plans``, open ones, in one query:
        [Measured]."""
        self.flush_model(
            ["plan_id", "baseline", "target_value", "current_value", *SOURCE_FIELDS]
        )
        self.env["kam.plan"].flush_model(["state", "date_start", "date_end"])
        self.env.cr.execute(
            SQL(
                """
                SELECT o.id, p.id, p.state, o.partner_id, o.company_id,
                       p.date_start, p.date_end, COALESCE(o.baseline, 0),
                       COALESCE(o.target_value, 0), COALESCE(o.current_value, 0),
                       o.value_date, o.model_id, o.partner_field_id, o.measure_field_id,
                       o.aggregate, o.domain, o.date_field_id
                  FROM kam_plan_objective o
                  JOIN kam_plan p ON p.id = o.plan_id
                 WHERE o.plan_id = ANY(%(plans)s::int[])
                   AND p.id = ANY(%(plans)s::int[])
                   AND o.source = 'computed' AND p.state != 'closed'
              ORDER BY o.id
                """,
                plans=pg_array(plans.ids),
            )
        )
        return [Measured(*row[:11], row[11:]) for row in self.env.cr.fetchall()]

    def _kam_measured_values(self, rows, families):
        """{objective id: value} of ``rows`` ([Measured]): one aggregate
        query per scan of the same records (model, partner, domain and date),
        each of its measures a column, each account and period a row.
        ``families`` are their accounts' (``_kam_families``)."""
        sources = {}
        for row in rows:
            sources.setdefault(row.source, []).append(row)
        specs = {source: self._kam_source_spec(source) for source in sources}
        scans = {}
        for source, spec in specs.items():
            scan = (spec["model"], spec["partner_field"], spec["domain"])
            scans.setdefault((*scan, spec["date_field"]), []).append(source)
        today = fields.Date.today()
        Source = self.env["kam.data.source"]
        values = {}
        for scan in scans.values():
            # Each account and period once, its key the row of the query.
            periods, keys = {}, {}
            for row in (row for source in scan for row in sources[source]):
                period = (row.account, row.start, min(row.stop, today), row.company)
                keys[row.id] = periods.setdefault(period, len(periods))
            found = Source._kam_aggregates(
                specs[scan[0]],
                [
                    (specs[source]["measure"], specs[source]["aggregate"])
                    for source in scan
                ],
                Source._kam_family_rows(
                    [(key, *each) for each, key in periods.items()], families
                ),
            )
            for column, source in enumerate(scan):
                for row in sources[source]:
                    measured = found.get(keys[row.id])
                    values[row.id] = measured[column] if measured else 0.0
        return values

    def _kam_measured_changed(self, objectives, rows):
        """What depends on the measured value and progress of ``objectives``
        (``rows``, [Measured]), both written, follows, as after a write: the
        plan's health, and its account's when the plan is approved. An
        account's health reads its approved plan only: recomputing it for a
        draft's measure would be a night's work for nothing."""
        approved = objectives.browse(row.id for row in rows if row.state == "approved")
        with self.env.protecting([self._fields["progress"]], approved):
            approved.modified(["current_value", "progress"])
        self.env["kam.plan"].browse(
            row.plan for row in rows if row.state != "approved"
        ).invalidate_recordset(["objective_progress", "health", "health_reasons"])

    def _kam_freshens(self, vals):
        # A measure is no work on the plan.
        return not (
            vals.keys() <= {"current_value"}
            and all(objective.source == "computed" for objective in self)
        )

    def _kam_read_measures(self, today):
        """{objective id: value} of these objectives, which share their
        source, in one query: each objective counts the records of its
        account's family and of its plan's company, dated within its plan's
        period up to today."""
        return self.env["kam.data.source"]._kam_aggregate_families(
            self[:1]._kam_spec(),
            [
                (
                    o.id,
                    o.partner_id.id,
                    o.plan_id.date_start,
                    min(o.plan_id.date_end, today),
                    o.company_id.id,
                )
                for o in self
            ],
            self.partner_id._kam_families(),
        )

    def _kam_spec(self):
        """This objective's source, as the ready-made sources spell it."""
        return self._kam_source_spec(
            tuple(
                self[name].id if self._fields[name].relational else self[name]
                for name in SOURCE_FIELDS[1:]
            )
        )

    @api.model
    @ormcache("source")
    def _kam_source_spec(self, source):
        """A source (the ids and values of SOURCE_FIELDS but the first), as
        the ready-made sources spell it; the names of a model and its fields
        do not change, so each night reads them once."""
        model, partner, measure, aggregate, domain, date = source
        names = self.env["ir.model.fields"].sudo().browse
        return {
            "model": self.env["ir.model"].sudo().browse(model).model,
            "partner_field": names(partner).name,
            "measure": names(measure).name,
            "aggregate": aggregate,
            "domain": domain or "[]",
            "date_field": names(date).name,
        }

    def _kam_gaps(self):
        """What a complete objective still lacks."""
        missing = []
        if not self.kpi:
            missing.append(self.env._("no KPI"))
        if self.target_value == self.baseline:
            missing.append(self.env._("no target"))
        if not self.action_ids.filtered(lambda a: a.user_id and a.deadline):
            missing.append(self.env._("no action with an owner and a deadline"))
        return missing
