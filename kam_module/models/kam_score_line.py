# Copyright 2026 KAM Module Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import math
from collections import defaultdict

from markupsafe import Markup

from odoo import Command, api, fields, models
from odoo.exceptions import AccessError, ValidationError
from odoo.tools import SQL, create_index

from ..scoring_math import pg_array

# Lines holding a manager's judgement (a judgement of 0 included).
JUDGED = [("criterion_id.source", "=", "manual"), ("is_missing", "=", False)]


class KamScoreLine(models.Model):
    """One criterion of an account's score: its value, normalized score and
    contribution, as the scoring engine last computed them."""

    _name = "kam.score.line"
    _inherit = ["kam.field.guard"]
    _description = "Key Account Score Line"
    _order = "partner_id, sequence, criterion_id"
    # Written in bulk by the scoring engine: no audit columns and their
    # foreign keys on every row.
    _log_access = False

    # The engine creates the lines; users enter manual values only.
    partner_id = fields.Many2one(
        "res.partner",
        string="Account",
        required=True,
        readonly=True,
        ondelete="cascade",
    )
    criterion_id = fields.Many2one(
        "kam.score.criterion", required=True, readonly=True, ondelete="cascade"
    )
    company_id = fields.Many2one(related="criterion_id.company_id")
    sequence = fields.Integer(related="criterion_id.sequence")
    dimension = fields.Selection(related="criterion_id.dimension")
    source = fields.Selection(related="criterion_id.source")
    weight = fields.Float(related="criterion_id.weight")
    guidance = fields.Text(related="criterion_id.description")
    raw_value = fields.Float(readonly=True, help="The aggregate read from the data.")
    manual_value = fields.Float(
        string="Judgement",
        groups="kam_module.group_kam_manager",
        help="Your judgement, from 0 to 100.",
    )
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
        default=True,
        help="No value: it counts as 0.",
    )

    _sql_constraints = [
        (
            "partner_criterion_uniq",
            "unique(partner_id, criterion_id)",
            "An account has one score line per criterion.",
        ),
    ]

    def init(self):
        # Percentiles of an account rescored on its own count the values
        # below its own: an index range, whatever the size of the portfolio.
        create_index(
            self.env.cr,
            "kam_score_line_criterion_raw_value_index",
            self._table,
            ["criterion_id", "raw_value"],
        )

    @api.constrains("manual_value")
    def _check_manual_value(self):
        for line in self:
            if not (math.isfinite(line.manual_value) and 0 <= line.manual_value <= 100):
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
            self._check_judgement_access()
        # A missing judgement reads as 0: is_missing tells it from a real 0.
        before = {line: None if line.is_missing else line.manual_value for line in self}
        result = super().write(vals)
        if "manual_value" in vals:
            judged = self.filtered(lambda line: line.manual_value != before[line])
            judged._log_judgements(before)
            # The manager sees the effect of the judgement at once.
            self.env["kam.score.engine"]._rescore_judged(judged.partner_id)
        return result

    def _check_judgement_access(self):
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

    def _log_judgements(self, before):
        """Who changed which judgement from what to what, in the account's
        chatter. The values are a tracking of the judgement field, which
        only those who read scores see."""
        Tracking = self.env["mail.tracking.value"]
        for line in self:
            tracking = Tracking._create_tracking_values(
                before[line] or 0.0,
                line.manual_value,
                "manual_value",
                {"type": "float"},
                line,
            )
            line.partner_id._message_log(
                body=Markup("<p>%s</p>")
                % self.env._("Judgement changed: %s", line.criterion_id.name),
                tracking_value_ids=[Command.create(tracking)],
            )

    # Bulk reading and writing, for the scoring engine.

    @api.model
    def _read_values(self, criteria, partner_ids=None):
        """{criterion: {account: {value, score}}} of the stored lines, of
        every account when ``partner_ids`` is None; None where missing."""
        if not criteria:
            return {}
        query = SQL(
            "SELECT l.criterion_id, l.partner_id, "
            "CASE WHEN c.source = 'manual' THEN l.manual_value ELSE l.raw_value END, "
            "CASE WHEN NOT l.is_missing THEN l.score END FROM kam_score_line l "
            "JOIN kam_score_criterion c ON c.id = l.criterion_id "
            "WHERE l.criterion_id = ANY(%s)",
            criteria.ids,
        )
        if partner_ids is not None:
            query = SQL("%s AND l.partner_id = ANY(%s)", query, partner_ids)
        self.env.cr.execute(query)
        lines = defaultdict(dict)
        for criterion_id, partner_id, value, score in self.env.cr.fetchall():
            lines[criterion_id][partner_id] = {"value": value, "score": score}
        return lines

    @api.model
    def _count_lower(self, criterion, raws, own_lines):
        """For each raw value, how many stored values of the other accounts
        rank lower, and how many values they have: one scan of the
        criterion's values, then the accounts' own stored values taken off."""
        higher_is_better = criterion.higher_is_better
        lower_than = SQL(
            "l.raw_value < k.raw" if higher_is_better else "l.raw_value > k.raw"
        )
        self.env.cr.execute(
            SQL(
                """
                SELECT k.position, COUNT(*), COUNT(*) FILTER (WHERE %(lower_than)s)
                  FROM unnest(%(raws)s::float8[]) WITH ORDINALITY AS k(raw, position)
                  JOIN kam_score_line l ON l.criterion_id = %(criterion)s
                                      AND l.raw_value IS NOT NULL
              GROUP BY k.position
                """,
                criterion=criterion.id,
                lower_than=lower_than,
                raws=pg_array(raws),
            )
        )
        counts = {
            position: (total, lower)
            for position, total, lower in self.env.cr.fetchall()
        }
        own = [
            line["value"] for line in own_lines.values() if line["value"] is not None
        ]
        total = next(iter(counts.values()), (0, 0))[0] - len(own)
        lower = []
        for position, raw in enumerate(raws, start=1):
            count = counts.get(position, (0, 0))[1]
            if raw is not None:
                count -= sum(
                    1
                    for value in own
                    if (value < raw if higher_is_better else value > raw)
                )
            lower.append(count)
        return {"total": total, "lower": lower}

    @api.model
    def _store_column(self, criterion, partner_ids, values, scores, total_weight):
        """Write one criterion's lines of some accounts in one statement.

        Only changed lines are updated (an upsert would lock every existing
        line, changed or not) and missing lines inserted. Manual values are
        never touched here. Returns the number of lines inserted.
        """
        raws = values if criterion.source == "computed" else [None] * len(values)
        self.env.cr.execute(
            SQL(
                """
                WITH account AS (
                    SELECT id, raw, COALESCE(score, 0) AS score,
                        COALESCE(score, 0) * %(weight)s / %(total)s AS weighted,
                        score IS NULL AS missing
                      FROM unnest(%(ids)s::int[], %(raws)s::float8[],
                                  %(scores)s::float8[]) AS account(id, raw, score)
                ), changed AS (
                    UPDATE kam_score_line line
                       SET raw_value = account.raw, score = account.score,
                           weighted_score = account.weighted,
                           is_missing = account.missing
                      FROM account
                     WHERE line.criterion_id = %(criterion)s
                       AND line.partner_id = account.id
                       AND (line.raw_value, line.score, line.weighted_score,
                            line.is_missing)
                           IS DISTINCT FROM
                           (account.raw, account.score, account.weighted,
                            account.missing)
                )
                INSERT INTO kam_score_line (partner_id, criterion_id, raw_value,
                    score, weighted_score, is_missing)
                SELECT account.id, %(criterion)s, account.raw, account.score,
                    account.weighted, account.missing
                  FROM account
                 WHERE NOT EXISTS (
                        SELECT 1 FROM kam_score_line line
                         WHERE line.criterion_id = %(criterion)s
                           AND line.partner_id = account.id)
              ORDER BY account.id
           ON CONFLICT (partner_id, criterion_id) DO NOTHING
                """,
                criterion=criterion.id,
                weight=criterion.weight,
                total=total_weight,
                ids=pg_array(partner_ids),
                raws=pg_array(raws),
                scores=pg_array(scores),
            )
        )
        return self.env.cr.rowcount

    @api.model
    def _forget_accounts(self, criteria, partner_ids):
        """Delete the computed lines of the accounts that are not in
        ``partner_ids``, the scope: they are derived data. Judgements stay."""
        computed = criteria.filtered(lambda criterion: criterion.source == "computed")
        if not computed:
            return
        cr = self.env.cr
        cr.execute(
            SQL(
                "SELECT DISTINCT partner_id FROM kam_score_line "
                "WHERE criterion_id = ANY(%s)",
                computed.ids,
            )
        )
        gone = {row[0] for row in cr.fetchall()}.difference(partner_ids)
        if gone:
            cr.execute(
                SQL(
                    "DELETE FROM kam_score_line "
                    "WHERE criterion_id = ANY(%s) AND partner_id = ANY(%s)",
                    computed.ids,
                    list(gone),
                )
            )
