# Copyright 2026 KAM Module Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import math

import psycopg2
from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import mute_logger

from .kam_data_source import SOURCE_FIELDS
from .kam_score_line import JUDGED

# Changing these rescores the company's accounts in the background.
SCORING_FIELDS = {
    "weight", "dimension", "source", "model_id", "partner_field_id",
    "measure_field_id", "aggregate", "domain", "date_field_id", "period_months",
    "normalization", "min_value", "max_value", "higher_is_better", "active",
}  # fmt: skip


class KamScoreCriterion(models.Model):
    _name = "kam.score.criterion"
    _inherit = [
        "mail.thread",
        "mail.activity.mixin",
        "kam.field.guard",
        "kam.data.source",
    ]
    _description = "Key Account Scoring Criterion"
    _order = "company_id, sequence, id"
    _check_company_auto = True

    name = fields.Char(required=True, translate=True, tracking=True)
    sequence = fields.Integer(default=10)
    description = fields.Text(
        string="Guidance",
        translate=True,
        help="What the criterion measures, shown to the managers who judge it.",
    )
    dimension = fields.Selection(
        [
            ("value", "Value"),
            ("growth", "Growth"),
            ("fit", "Fit"),
            ("relationship", "Relationship"),
        ],
        required=True,
        default="value",
        tracking=True,
        help="Value, growth and fit make an account attractive; relationship "
        "measures our strength with it. Together they place the account in the "
        "portfolio matrix.",
    )
    weight = fields.Float(required=True, default=1.0, tracking=True)
    source = fields.Selection(
        [("manual", "Manual judgement"), ("computed", "Computed from data")],
        required=True,
        default="manual",
        tracking=True,
    )
    model_id = fields.Many2one(tracking=True)
    domain = fields.Char(tracking=True)
    period_months = fields.Integer(
        string="Look-back (months)",
        default=12,
        help="Only records of the last months count, by the date field.",
    )
    normalization = fields.Selection(
        [("linear", "Linear between min and max"), ("percentile", "Percentile rank")],
        default="linear",
        required=True,
        tracking=True,
        help="Linear: the raw value between Min and Max becomes 0 to 100. "
        "Percentile: the share of scored accounts of the company with a lower "
        "raw value.",
    )
    min_value = fields.Float(string="Min")
    max_value = fields.Float(string="Max", default=100.0)
    higher_is_better = fields.Boolean(default=True)
    active = fields.Boolean(default=True, tracking=True)
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )
    failure_message = fields.Text(
        readonly=True,
        copy=False,
        help="Why the last scoring could not read this criterion's data. The "
        "accounts keep their last values for it until it works again.",
    )
    failure_date = fields.Datetime(readonly=True, copy=False)

    @api.constrains("weight", "min_value", "max_value")
    def _check_numbers(self):
        for criterion in self:
            for name in ("weight", "min_value", "max_value"):
                if not math.isfinite(criterion[name]):
                    criterion._refuse(name, self.env._("it must be a finite number."))
            if not 0 < criterion.weight <= 1000:
                criterion._refuse(
                    "weight", self.env._("it must be greater than 0 and at most 1000.")
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

    @api.constrains(*SOURCE_FIELDS, "period_months", "company_id")
    def _check_source(self):
        for criterion in self.filtered(lambda c: c.source == "computed"):
            criterion._kam_check_source()
            if criterion.period_months < 0:
                criterion._refuse("period_months", self.env._("it cannot be negative."))
            criterion._check_query()

    def _check_query(self):
        """Run the criterion's queries once, so that what would fail every
        night fails now, naming the field to fix."""
        Source = self.env["kam.score.source"]
        try:
            Source._look_back_start(self)
        except (ValueError, OverflowError) as error:
            self._refuse("period_months", str(error))
        try:
            spec = Source._spec(self)
        except (ValueError, SyntaxError, TypeError, KeyError) as error:
            self._refuse("domain", str(error))
        domain = spec["domain"]
        records = self.env[self.model_id.model].sudo()
        checks = (
            ("domain", lambda: records.search(domain, limit=1)),
            ("measure_field_id", lambda: Source._raw_values([spec], [0], {0: 0})),
        )
        for field_name, check in checks:
            try:
                with mute_logger("odoo.sql_db"), self.env.cr.savepoint():
                    check()
            except (psycopg2.Error, ValueError, TypeError, KeyError) as error:
                self._refuse(field_name, str(error).strip())

    def _kam_source_title(self):
        return self.env._("Criterion %s", self.name)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_judged(self):
        judged = (
            self.env["kam.score.line"]
            .sudo()
            .search(
                [("criterion_id", "in", self.ids)] + JUDGED,
                limit=1,
            )
        )
        if judged:
            raise UserError(
                self.env._(
                    "Criterion %(name)s holds the managers' judgements: archive "
                    "it instead of deleting it.",
                    name=judged.criterion_id.name,
                )
            )

    @api.model_create_multi
    def create(self, vals_list):
        criteria = super().create(vals_list)
        self.env["kam.score.engine"]._schedule_rescoring()
        return criteria

    def write(self, vals):
        result = super().write(vals)
        if SCORING_FIELDS & vals.keys():
            self.env["kam.score.engine"]._schedule_rescoring()
        return result

    def _report(self, errors):
        """After a scoring pass: keep the database's message on the criteria
        that failed and tell their company's KAM administrators, once; clear
        it from the criteria that work again."""
        for criterion in self.sudo().filtered(lambda c: c.source == "computed"):
            if criterion.id in errors:
                criterion._report_failure(errors[criterion.id])
            elif criterion.failure_message:
                criterion.write({"failure_message": False, "failure_date": False})
                criterion.activity_feedback(
                    ["mail.mail_activity_data_warning"],
                    feedback=self.env._("The criterion works again."),
                )

    def _report_failure(self, error):
        """Keep the database's message on the criterion and tell the KAM
        administrators of its company, once."""
        self.ensure_one()
        criterion = self
        criterion.write(
            {
                "failure_message": str(error).strip(),
                "failure_date": fields.Datetime.now(),
            }
        )
        if criterion.activity_search(["mail.mail_activity_data_warning"]):
            return
        admins = self.env.ref("kam_module.group_kam_admin").users.filtered(
            lambda user: not user.share and self.company_id in user.company_ids
        )
        for admin in admins:
            criterion.activity_schedule(
                "mail.mail_activity_data_warning",
                user_id=admin.id,
                summary=self.env._("Scoring criterion fails"),
                note=Markup("<p>%s</p>")
                % self.env._(
                    "The scoring could not read this criterion's data: %s. "
                    "Accounts keep their last values for it until it is fixed.",
                    criterion.failure_message,
                ),
            )
