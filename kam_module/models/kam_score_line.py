# Copyright 2026 KAM Module Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models
from odoo.exceptions import AccessError, ValidationError
from odoo.tools import SQL


class KamScoreLine(models.Model):
    _name = "kam.score.line"
    _description = "Key Account Score Line"
    _order = "partner_id, sequence, criterion_id"

    partner_id = fields.Many2one(
        "res.partner", string="Account", required=True, ondelete="cascade", index=True
    )
    criterion_id = fields.Many2one(
        "kam.score.criterion", required=True, ondelete="cascade", index=True
    )
    company_id = fields.Many2one(
        related="criterion_id.company_id", store=True, index=True, precompute=True
    )
    sequence = fields.Integer(related="criterion_id.sequence")
    dimension = fields.Selection(related="criterion_id.dimension")
    source = fields.Selection(related="criterion_id.source")
    weight = fields.Float(related="criterion_id.weight")
    raw_value = fields.Float(readonly=True, help="The aggregate read from the data.")
    manual_value = fields.Float(help="Your judgement, from 0 to 100.")
    score = fields.Float(readonly=True, help="Normalized score, from 0 to 100.")
    weighted_score = fields.Float(
        string="Contribution",
        readonly=True,
        help="What this criterion adds to the account's score: score x weight / "
        "total weight.",
    )
    is_missing = fields.Boolean(
        string="Missing",
        readonly=True,
        help="No value: it counts as 0.",
    )

    _sql_constraints = [
        (
            "partner_criterion_uniq",
            "unique(partner_id, criterion_id)",
            "An account has one score line per criterion.",
        ),
    ]

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
        if "manual_value" in vals:
            # The manager sees the effect of the judgement at once.
            self.partner_id.sudo()._kam_rescore()
        return result

    @api.model
    def _store_raw_values(self, criterion, partner_ids):
        """Upsert the raw values of one computed criterion for some accounts."""
        raw = criterion._raw_values_sql(partner_ids)
        missing = SQL("0") if criterion.aggregate == "count" else SQL("NULL")
        self.env.cr.execute(
            SQL(
                """
                INSERT INTO kam_score_line (partner_id, criterion_id, company_id,
                    raw_value, create_uid, create_date, write_uid, write_date)
                SELECT account.id, %(criterion)s, %(company)s,
                    COALESCE(src.raw, %(missing)s), %(uid)s, %(now)s, %(uid)s, %(now)s
                  FROM unnest(%(ids)s::int[]) AS account(id)
             LEFT JOIN (%(raw)s) AS src ON src.partner_id = account.id
           ON CONFLICT (partner_id, criterion_id) DO UPDATE
                   SET raw_value = EXCLUDED.raw_value,
                       write_uid = EXCLUDED.write_uid,
                       write_date = EXCLUDED.write_date
                """,
                criterion=criterion.id,
                company=criterion.company_id.id,
                missing=missing,
                uid=self.env.uid,
                now=fields.Datetime.now(),
                ids=list(partner_ids),
                raw=raw,
            )
        )

    @api.model
    def _ensure_lines(self, criteria, partner_ids):
        """Give the accounts a line for each manual criterion, keeping values."""
        self.env.cr.execute(
            SQL(
                """
                INSERT INTO kam_score_line (partner_id, criterion_id, company_id,
                    create_uid, create_date, write_uid, write_date)
                SELECT account.id, criterion.id, criterion.company_id,
                    %(uid)s, %(now)s, %(uid)s, %(now)s
                  FROM unnest(%(ids)s::int[]) AS account(id)
                 CROSS JOIN kam_score_criterion AS criterion
                 WHERE criterion.id = ANY(%(criteria)s)
           ON CONFLICT (partner_id, criterion_id) DO NOTHING
                """,
                uid=self.env.uid,
                now=fields.Datetime.now(),
                ids=list(partner_ids),
                criteria=criteria.ids,
            )
        )

    @api.model
    def _normalize(self, company):
        """Normalize every line of the company's active criteria at once.

        Percentiles compare an account with all scored accounts of the
        company, so the whole company is normalized, in one statement.
        """
        self.env.cr.execute(
            SQL(
                """
                WITH criterion AS (
                    SELECT c.*, SUM(c.weight) OVER () AS total_weight
                      FROM kam_score_criterion c
                     WHERE c.company_id = %(company)s AND c.active
                ), line AS (
                    SELECT l.id, c.weight, c.total_weight,
                        CASE WHEN c.source = 'manual' THEN l.manual_value
                             ELSE l.raw_value END AS value,
                        c.source, c.normalization, c.higher_is_better,
                        c.min_value, c.max_value,
                        CASE WHEN c.higher_is_better THEN
                            PERCENT_RANK() OVER (
                                PARTITION BY c.id, l.raw_value IS NULL
                                ORDER BY l.raw_value)
                        ELSE
                            PERCENT_RANK() OVER (
                                PARTITION BY c.id, l.raw_value IS NULL
                                ORDER BY l.raw_value DESC)
                        END AS percentile,
                        COUNT(l.raw_value) OVER (PARTITION BY c.id) AS scored
                      FROM kam_score_line l
                      JOIN criterion c ON c.id = l.criterion_id
                      JOIN res_partner p ON p.id = l.partner_id AND p.active
                ), normalized AS (
                    SELECT id, weight, total_weight, value IS NULL AS missing,
                        CASE
                            WHEN value IS NULL THEN 0
                            WHEN source = 'manual' THEN value
                            WHEN normalization = 'percentile' THEN
                                CASE WHEN scored = 1 THEN 100 ELSE 100 * percentile END
                            WHEN higher_is_better THEN 100 * LEAST(GREATEST(
                                (value - min_value) / (max_value - min_value), 0), 1)
                            ELSE 100 * LEAST(GREATEST(
                                (max_value - value) / (max_value - min_value), 0), 1)
                        END AS score
                      FROM line
                )
                UPDATE kam_score_line l
                   SET score = n.score,
                       weighted_score = n.score * n.weight / n.total_weight,
                       is_missing = n.missing
                  FROM normalized n
                 WHERE l.id = n.id
                   AND (l.score, l.weighted_score, l.is_missing)
                       IS DISTINCT FROM
                       (n.score, n.score * n.weight / n.total_weight, n.missing)
                """,
                company=company.id,
            )
        )
