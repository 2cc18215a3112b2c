# Copyright 2026 KAM Module Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from collections import namedtuple

import psycopg2

from odoo import api, fields, models
from odoo.exceptions import AccessError, ValidationError
from odoo.tools import SQL, mute_logger

from ..scoring_math import pg_array
from .kam_data_source import SOURCE_FIELDS

# A measured objective as the measure reads it, in one query however many:
# its account, company and plan's period, its line and value, and its source
# (the ids and values of SOURCE_FIELDS but the first).
Measured = namedtuple(
    "Measured", "id account company start stop baseline target current source"
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
        readonly=True, copy=False, help="When the current value was last measured."
    )
    history_ids = fields.One2many(
        "kam.plan.objective.history", "objective_id", string="Measures"
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
        "baseline",
        "target_value",
        "is_behind",
        "plan_id.date_start",
        "plan_id.date_end",
    )
    def _compute_progress_chart(self):
        for objective in self:
            plan = objective.plan_id
            objective.progress_chart = {
                "start": fields.Date.to_string(plan.date_start),
                "end": fields.Date.to_string(plan.date_end),
                "baseline": objective.baseline,
                "target": objective.target_value,
                "points": [
                    [fields.Date.to_string(point.date), point.value]
                    for point in objective.history_ids
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
        """Measure now, as the nightly job does, what the user may read."""
        self.check_access("read")
        self._kam_measure()

    def _kam_measure(self, families=None, plans=None):
        """Read the current value of the measured objectives among these from
        their data, and write it: one aggregate query per distinct source and
        one statement per table written, whatever the number of objectives
        and plans. ``families`` are the accounts' (``_kam_families``), when
        the caller has them."""
        rows = self._kam_measured(plans)
        if not rows:
            return
        values = self._kam_measured_values(rows, families)
        current = [values.get(row.id, 0.0) for row in rows]
        measured = self.sudo().browse(row.id for row in rows)
        self.env["kam.data.source"]._kam_write_measured(
            measured,
            {
                "current_value": current,
                "progress": [
                    progress(row.baseline, row.target, value)
                    for row, value in zip(rows, current, strict=True)
                ],
            },
            measured_on=self.env.cr.now(),
        )
        changed = {
            row.id: value
            for row, value in zip(rows, current, strict=True)
            if row.current != value
        }
        self._kam_measured_changed(measured.browse(changed))
        measured.modified(["measured_on"])
        self.env["kam.plan.objective.history"]._store_today(changed)

    def _kam_measured(self, plans=None):
        """The measured objectives among these, or of ``plans``, of open
        plans, in one query: [Measured]."""
        which = (
            SQL("o.id = ANY(%s::int[])", pg_array(self.ids))
            if plans is None
            else SQL(
                "o.plan_id = ANY(%s::int[]) AND p.id = ANY(%s::int[])",
                pg_array(plans.ids),
                pg_array(plans.ids),
            )
        )
        self.flush_model(
            ["plan_id", "baseline", "target_value", "current_value", *SOURCE_FIELDS]
        )
        self.env["kam.plan"].flush_model(["state", "date_start", "date_end"])
        self.env.cr.execute(
            SQL(
                """
                SELECT o.id, o.partner_id, o.company_id, p.date_start, p.date_end,
                       COALESCE(o.baseline, 0), COALESCE(o.target_value, 0),
                       COALESCE(o.current_value, 0), o.model_id, o.partner_field_id,
                       o.measure_field_id, o.aggregate, o.domain, o.date_field_id
                  FROM kam_plan_objective o
                  JOIN kam_plan p ON p.id = o.plan_id
                 WHERE %s AND o.source = 'computed' AND p.state != 'closed'
              ORDER BY o.id
                """,
                which,
            )
        )
        return [Measured(*row[:8], row[8:]) for row in self.env.cr.fetchall()]

    def _kam_measured_values(self, rows, families=None):
        """{objective id: value} of ``rows`` ([Measured]): one aggregate
        query per scan of the same records (model, partner, domain and date),
        each of its measures a column, each account and period a row."""
        if not families:
            accounts = self.env["res.partner"].browse({row.account for row in rows})
            families = accounts._kam_families()
        sources = {}
        for row in rows:
            sources.setdefault(row.source, []).append(row)
        # One objective of each source spells it (read together).
        spelling = self.sudo().browse(group[0].id for group in sources.values())
        specs = {
            source: objective._kam_spec()
            for source, objective in zip(sources, spelling, strict=True)
        }
        scans = {}
        for source, spec in specs.items():
            scan = (spec["model"], spec["partner_field"], spec["domain"])
            scans.setdefault((*scan, spec["date_field"]), []).append(source)
        today = fields.Date.today()

        def period(row):
            return (row.account, row.start, min(row.stop, today), row.company)

        Source = self.env["kam.data.source"]
        values = {}
        for scan in scans.values():
            periods = {}
            for row in (row for source in scan for row in sources[source]):
                periods.setdefault(period(row), len(periods))
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
                    measured = found.get(periods[period(row)])
                    values[row.id] = measured[column] if measured else 0.0
        return values

    def _kam_measured_changed(self, objectives):
        """What depends on the measured value and progress of ``objectives``,
        both written, follows, as after a write: the plan's health, and its
        account's when the plan is approved. An account's health reads its
        approved plan only: recomputing it for a draft's measure would be a
        night's work for nothing."""
        objectives.fetch(["plan_id"])
        approved = objectives.filtered(lambda o: o.plan_id.state == "approved")
        with self.env.protecting([self._fields["progress"]], approved):
            approved.modified(["current_value", "progress"])
        (objectives - approved).plan_id.invalidate_recordset(
            ["objective_progress", "health", "health_reasons"]
        )

    def _kam_freshens(self, vals):
        # A measure is no work on the plan.
        return not (
            vals.keys() <= {"current_value", "measured_on"}
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
        return {
            "model": self.model_id.model,
            "partner_field": self.partner_field_id.name,
            "measure": self.measure_field_id.name,
            "aggregate": self.aggregate,
            "domain": self.domain or "[]",
            "date_field": self.date_field_id.name,
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
