# Copyright 2026 KAM Module Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models
from odoo.exceptions import AccessError, ValidationError
from odoo.tools import SQL

from ..tools import pg_array


class KamScoreLine(models.Model):
    _name = "kam.score.line"
    _description = "Key Account Score Line"
    _order = "partner_id, sequence, criterion_id"
    # Written in bulk by the scoring engine: no audit columns and their
    # foreign keys on every row.
    _log_access = False

    partner_id = fields.Many2one(
        "res.partner", string="Account", required=True, ondelete="cascade"
    )
    criterion_id = fields.Many2one(
        "kam.score.criterion", required=True, ondelete="cascade"
    )
    company_id = fields.Many2one(related="criterion_id.company_id")
    sequence = fields.Integer(related="criterion_id.sequence")
    dimension = fields.Selection(related="criterion_id.dimension")
    source = fields.Selection(related="criterion_id.source")
    weight = fields.Float(related="criterion_id.weight")
    raw_value = fields.Float(readonly=True, help="The aggregate read from the data.")
    manual_value = fields.Float(help="Your judgement, from 0 to 100.")
    score = fields.Float(
        compute="_compute_score", help="Normalized score, from 0 to 100."
    )
    weighted_score = fields.Float(
        string="Contribution",
        compute="_compute_score",
        help="What this criterion adds to the account's score: score x weight / "
        "total weight.",
    )
    is_missing = fields.Boolean(
        string="Missing",
        compute="_compute_score",
        help="No value: it counts as 0.",
    )

    _sql_constraints = [
        (
            "partner_criterion_uniq",
            "unique(partner_id, criterion_id)",
            "An account has one score line per criterion.",
        ),
    ]

    @api.depends("raw_value", "manual_value", "criterion_id")
    def _compute_score(self):
        self.flush_model(["raw_value", "manual_value"])
        normalized = {}
        Criterion = self.env["kam.score.criterion"]
        for company in self.criterion_id.company_id:
            criteria = Criterion.search([("company_id", "=", company.id)])
            self.env.cr.execute(
                SQL(
                    "SELECT id, score, weighted_score, missing FROM (%s) AS n "
                    "WHERE n.id = ANY(%s)",
                    self._normalized_sql(criteria),
                    self.ids,
                )
            )
            normalized.update((row[0], row[1:]) for row in self.env.cr.fetchall())
        for line in self:
            # Lines of archived criteria or accounts no longer count.
            line.score, line.weighted_score, line.is_missing = normalized.get(
                line.id, (0.0, 0.0, True)
            )

    @api.constrains("manual_value")
    def _check_manual_value(self):
        for line in self:
            if not 0 <= line.manual_value <= 100:
                raise ValidationError(
                    self.env._(
                        "%(criterion)s of %(partner)s: the manual value must be "
                        "between 0 and 100.",
                        criterion=line.criterion_id.name,
                        partner=line.partner_id.display_name,
                    )
                )
            if line.source == "computed" and line.manual_value:
                raise ValidationError(
                    self.env._(
                        "%(criterion)s is computed from data: it takes no manual "
                        "value.",
                        criterion=line.criterion_id.name,
                    )
                )

    def write(self, vals):
        if not self.env.su:
            if set(vals) - {"manual_value"}:
                raise AccessError(
                    self.env._(
                        "Scores are computed by the scoring engine; only manual "
                        "values are entered."
                    )
                )
            user = self.env.user
            if not user.has_group("kam_module.group_kam_head") and any(
                line.partner_id.kam_user_id != user for line in self
            ):
                raise AccessError(
                    self.env._(
                        "Only the account's Key Account Manager or the Head of KAM "
                        "enters its manual scores."
                    )
                )
        result = super().write(vals)
        if "manual_value" in vals and not self.env.context.get("kam_defer_rescore"):
            # The manager sees the effect of the judgement at once; access to
            # the lines was checked above.
            self.partner_id.sudo()._kam_rescore()
        return result

    @api.model
    def _store_values(self, criteria, partner_ids, raw_values):
        """Write the lines of some accounts: one statement per criterion.

        ``raw_values`` maps each computed criterion to the accounts' raw
        values, in the order of ``partner_ids``. Only changed values are
        updated (an upsert would lock every existing line, changed or not)
        and missing lines inserted. Manual criteria get a line for each
        account, keeping the values already entered. Returns the number of
        lines inserted.
        """
        cr = self.env.cr
        ids = pg_array(partner_ids)
        inserted = 0
        for criterion_id, raws in raw_values.items():
            cr.execute(
                SQL(
                    """
                    WITH account AS (
                        SELECT * FROM unnest(%(ids)s::int[], %(raws)s::float8[])
                                   AS account(id, raw)
                    ), changed AS (
                        UPDATE kam_score_line line SET raw_value = account.raw
                          FROM account
                         WHERE line.criterion_id = %(criterion)s
                           AND line.partner_id = account.id
                           AND line.raw_value IS DISTINCT FROM account.raw
                    )
                    INSERT INTO kam_score_line (partner_id, criterion_id, raw_value)
                    SELECT account.id, %(criterion)s, account.raw
                      FROM account
                     WHERE NOT EXISTS (
                            SELECT 1 FROM kam_score_line line
                             WHERE line.criterion_id = %(criterion)s
                               AND line.partner_id = account.id)
                  ORDER BY account.id
               ON CONFLICT (partner_id, criterion_id) DO NOTHING
                    """,
                    criterion=criterion_id,
                    ids=ids,
                    raws=pg_array(raws),
                )
            )
            inserted += cr.rowcount
        manual = criteria.filtered(lambda criterion: criterion.source == "manual")
        if manual:
            cr.execute(
                SQL(
                    """
                    INSERT INTO kam_score_line (partner_id, criterion_id)
                    SELECT account.id, criterion.id
                      FROM unnest(%(ids)s::int[]) AS account(id)
                     CROSS JOIN unnest(%(criteria)s::int[]) AS criterion(id)
               ON CONFLICT (partner_id, criterion_id) DO NOTHING
                    """,
                    ids=ids,
                    criteria=manual.ids,
                )
            )
            inserted += cr.rowcount
        return inserted

    @api.model
    def _normalized_sql(self, criteria):
        """Every line of one company's active ``criteria``, normalized.

        The one formula of the spec, used both for the accounts' scores and
        for the breakdown shown to users. Percentiles rank an account among
        all scored (active) accounts of the company.
        """
        return SQL(
            """
            SELECT line.id, line.partner_id, line.dimension, line.weight,
                line.value IS NULL AS missing, score.value AS score,
                score.value * line.weight / %(total_weight)s AS weighted_score
              FROM (
                SELECT l.id, l.partner_id, c.dimension, c.weight, c.source,
                    c.normalization, c.higher_is_better, c.min_value, c.max_value,
                    CASE WHEN c.source = 'manual' THEN l.manual_value
                         ELSE l.raw_value END AS value,
                    PERCENT_RANK() OVER (
                        PARTITION BY c.id, l.raw_value IS NULL
                        ORDER BY CASE WHEN c.higher_is_better THEN l.raw_value
                                      ELSE -l.raw_value END
                    ) AS percentile,
                    COUNT(l.raw_value) OVER (PARTITION BY c.id) AS scored
                  FROM kam_score_line l
                  JOIN kam_score_criterion c ON c.id = l.criterion_id
                  JOIN res_partner p ON p.id = l.partner_id AND p.active
                 WHERE l.criterion_id = ANY(%(criteria)s)
              ) AS line
              CROSS JOIN LATERAL (SELECT CASE
                    WHEN line.value IS NULL THEN 0
                    WHEN line.source = 'manual' THEN line.value
                    WHEN line.normalization = 'percentile' THEN
                        CASE WHEN line.scored = 1 THEN 100
                             ELSE 100 * line.percentile END
                    WHEN line.higher_is_better THEN 100 * LEAST(GREATEST(
                        (line.value - line.min_value)
                        / (line.max_value - line.min_value), 0), 1)
                    ELSE 100 * LEAST(GREATEST(
                        (line.max_value - line.value)
                        / (line.max_value - line.min_value), 0), 1)
                END AS value) AS score
            """,
            criteria=criteria.ids,
            total_weight=sum(criteria.mapped("weight")),
        )
