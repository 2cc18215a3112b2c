# Copyright 2026 KAM Module Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import ast
import logging
from collections import defaultdict

import psycopg2

from odoo import api, models
from odoo.tools import SQL, mute_logger, split_every

from ..scoring_math import pg_array, ranks

_logger = logging.getLogger(__name__)

# Accounts read per query of a computed criterion in the nightly run: large
# enough for PostgreSQL to aggregate the source in one pass, small enough to
# report progress and end the read snapshot now and then.
SCORING_CHUNK = 5000
# What a criterion's source query may raise without stopping the scoring of
# the other criteria: a bad value for the database, a model or field gone.
SOURCE_ERRORS = (psycopg2.Error, KeyError, ValueError, TypeError, OverflowError)
# The partner columns the engine writes.
SCORE_FIELDS = [
    "kam_score", "kam_rank", "kam_attractiveness", "kam_relationship_strength",
    "kam_portfolio_quadrant", "kam_tier_id",
]  # fmt: skip


class KamScoreEngine(models.AbstractModel):
    """Scores accounts: raw values from the data, normalized, weighted.

    The nightly run, and the rank job that shares its company pass, normalize
    and rank every account of a company at once. Interactive scoring (a
    judgement, the Rescore button) touches only the accounts at hand,
    whatever the size of the portfolio, and triggers the rank job for the
    others.
    """

    _name = "kam.score.engine"
    _description = "Key Account Scoring Engine"

    # Scope -------------------------------------------------------------------

    @api.model
    def _scope_domain(self):
        """Active commercial entities matching the settings' domain, except
        the companies' own partners."""
        param = self.env["kam.settings"]._kam_get("kam_scoring_domain")
        companies = self.env["res.company"].sudo().with_context(active_test=False)
        [(own,)] = companies._read_group([], [], ["partner_id:array_agg"])
        return ast.literal_eval(param or "[]") + [
            ("active", "=", True),
            "|",
            ("is_company", "=", True),
            ("parent_id", "=", False),
            ("id", "not in", own),
        ]

    @api.model
    def _scoring_company(self, company):
        """Shared partners (no company) are scored by the main company, with
        its criteria, whoever rescores them."""
        main = self.env["ir.model.data"]._xmlid_to_res_id("base.main_company")
        return company or self.env["res.company"].browse(main)

    @api.model
    def _in_scope(self, partners):
        return partners.search(self._scope_domain() + [("id", "in", partners.ids)])

    @api.model
    def _company_condition(self, company):
        companies = company.ids
        if company == self._scoring_company(False):
            companies.append(False)
        return [("company_id", "in", companies)]

    # Entry points ------------------------------------------------------------

    @api.model
    def _rescore_accounts(self, partners):
        """Score these accounts now, from fresh data; the ranks settle in the
        background. Returns the accounts out of the scoring scope."""
        self.env.flush_all()
        partners = partners.sudo()
        in_scope = self._in_scope(partners)
        for company, ids in self._by_company(in_scope).items():
            criteria = self._criteria(company)
            errors = {}
            specs = self.env["kam.score.source"]._prepare(criteria, errors)
            raws = self._read_raw_values(specs, ids, errors)
            criteria._report(errors)
            self._score_locally(criteria, ids, raws)
        self._clear_scores((partners - in_scope).ids)
        return partners - in_scope

    @api.model
    def _rescore_judged(self, partners):
        """Judgements changed: score these accounts from their stored lines."""
        self.env.flush_all()
        for company, ids in self._by_company(self._in_scope(partners.sudo())).items():
            self._score_locally(self._criteria(company), ids, {})

    @api.model
    def _cron_rescore(self, auto_commit=True):
        """Rescore the whole scope from fresh data, company by company."""
        if self.env["kam.settings"]._kam_get("kam_rescoring_cron"):
            self._score_companies(fresh=True, auto_commit=auto_commit)

    @api.model
    def _cron_settle_ranks(self, auto_commit=True):
        """Renormalize and rank every company from the stored raw values."""
        self._score_companies(fresh=False, auto_commit=auto_commit)

    @api.model
    def _schedule_rescoring(self):
        """The scoring configuration changed: rescore in the background, from
        fresh data when the nightly rescoring is on."""
        self.env.ref("kam_module.ir_cron_kam_rescore")._trigger()
        self.env.ref("kam_module.ir_cron_kam_settle_ranks")._trigger()

    @api.model
    def _ranks_pending(self):
        """Whether a background scoring job is waiting to run."""
        crons = self.env.ref("kam_module.ir_cron_kam_rescore") | self.env.ref(
            "kam_module.ir_cron_kam_settle_ranks"
        )
        triggers = self.env["ir.cron.trigger"].sudo()
        return bool(triggers.search_count([("cron_id", "in", crons.ids)], limit=1))

    # Company pass ------------------------------------------------------------

    @api.model
    def _score_companies(self, fresh, auto_commit):
        self.env.flush_all()
        Partner = self.env["res.partner"].sudo()
        scopes = {
            company: Partner.search(
                self._scope_domain() + self._company_condition(company), order="id"
            ).ids
            for company in self.env["res.company"].sudo().search([])
        }
        remaining = sum(len(ids) for ids in scopes.values())
        done = 0
        for company, ids in scopes.items():
            criteria = self._criteria(company)
            raws, errors = defaultdict(list), {}
            specs = self.env["kam.score.source"]._prepare(criteria, errors)
            for chunk in split_every(SCORING_CHUNK, ids) if fresh else ():
                for criterion_id, column in self._read_raw_values(
                    specs, chunk, errors
                ).items():
                    raws[criterion_id] += column
                done += len(chunk)
                remaining -= len(chunk)
                self.env["ir.cron"]._notify_progress(done=done, remaining=remaining)
                # Shows the progress and ends the read snapshot, which would
                # otherwise hold back vacuum for the whole run.
                self.env["ir.cron"]._kam_commit(auto_commit)
            # A criterion that failed on a chunk keeps its stored values.
            complete = {key: raw for key, raw in raws.items() if key not in errors}
            if fresh:
                criteria._report(errors)
            self._score_company(company, criteria, ids, complete)
            self.env["ir.cron"]._kam_commit(auto_commit)

    @api.model
    def _score_company(self, company, criteria, ids, raws):
        """Normalize, weigh, tier, rank and snapshot every account in scope.

        ``raws`` holds fresh raw values of computed criteria, aligned with
        ``ids``; the other criteria's values are read from the stored lines.
        """
        stored = self.env["kam.score.line"]._read_values(
            criteria.filtered(lambda c: c.id not in raws)
        )
        values, scores = {}, {}
        for criterion in criteria:
            column = raws.get(criterion.id)
            if column is None:
                lines = stored.get(criterion.id, {})
                column = [lines.get(partner_id, {}).get("value") for partner_id in ids]
            values[criterion.id] = column
            scores[criterion.id] = self.env["kam.score.formula"]._normalize(
                criterion, column
            )
        accounts = self.env["kam.score.formula"]._weigh(criteria, ids, scores)
        accounts["rank"] = ranks(accounts["score"])
        self._store(criteria, ids, values, scores, accounts)
        self._forget_out_of_scope(company, criteria, ids, accounts["id"])

    @api.model
    def _score_locally(self, criteria, ids, raws):
        """Score a few accounts against the stored values of the others.

        Their ranks, and the percentiles of the others, settle in the rank
        job, triggered now.
        """
        stored = self.env["kam.score.line"]._read_values(criteria, ids)
        values, scores = {}, {}
        for criterion in criteria:
            lines = stored.get(criterion.id, {})
            column = raws.get(criterion.id)
            if column is None:
                column = [lines.get(partner_id, {}).get("value") for partner_id in ids]
            if criterion.source == "computed" and criterion.id not in raws:
                scores[criterion.id] = [
                    lines.get(partner_id, {}).get("score") for partner_id in ids
                ]
            else:
                others = None
                if criterion.normalization == "percentile":
                    others = self.env["kam.score.line"]._count_lower(
                        criterion, column, lines
                    )
                scores[criterion.id] = self.env["kam.score.formula"]._normalize(
                    criterion, column, others
                )
            values[criterion.id] = column
        accounts = self.env["kam.score.formula"]._weigh(criteria, ids, scores)
        self._store(criteria, ids, values, scores, accounts)
        self.env.ref("kam_module.ir_cron_kam_settle_ranks")._trigger()

    # Reading -----------------------------------------------------------------

    @api.model
    def _by_company(self, partners):
        ids_by_company = defaultdict(list)
        for company, ids in partners._read_group(
            [("id", "in", partners.ids)], ["company_id"], ["id:array_agg"]
        ):
            ids_by_company[self._scoring_company(company)] += sorted(ids)
        return ids_by_company

    @api.model
    def _criteria(self, company):
        Criterion = self.env["kam.score.criterion"].sudo()
        return Criterion.search([("company_id", "=", company.id)])

    @api.model
    def _read_raw_values(self, specs, partner_ids, errors):
        """Fresh raw values of the computed criteria that work, aligned with
        ``partner_ids``: one query per scan of the same records. A criterion
        whose query fails goes to ``errors`` and is left out: its stored
        values stay."""
        if not specs:
            return {}
        # The accounts and their contacts, whose records count for them.
        self.env.cr.execute(
            SQL(
                "SELECT id, commercial_partner_id FROM res_partner "
                "WHERE commercial_partner_id = ANY(%s::int[])",
                pg_array(partner_ids),
            )
        )
        accounts = dict(self.env.cr.fetchall())
        scans = defaultdict(list)
        for spec in specs:
            if spec["id"] not in errors:
                key = (spec["model"], spec["partner_field"], repr(spec["domain"]))
                scans[key].append(spec)
        raws = {}
        for scan in scans.values():
            raws.update(self._read_scan(scan, partner_ids, accounts, errors))
        return raws

    @api.model
    def _read_scan(self, specs, partner_ids, accounts, errors):
        """Raw values of criteria that read the same records, in one query;
        when it fails, of each criterion alone, so that only those that fail
        go to ``errors``."""
        try:
            with mute_logger("odoo.sql_db"), self.env.cr.savepoint():
                return self.env["kam.score.source"]._raw_values(
                    specs, partner_ids, accounts
                )
        except SOURCE_ERRORS as error:
            if len(specs) > 1:
                raws = {}
                for spec in specs:
                    raws.update(self._read_scan([spec], partner_ids, accounts, errors))
                return raws
            _logger.warning("Scoring criterion %s fails: %s", specs[0]["id"], error)
            errors[specs[0]["id"]] = error
            return {}

    # Writing -----------------------------------------------------------------

    @api.model
    def _store(self, criteria, ids, values, scores, accounts):
        """Lines, then today's history, then the accounts: the history rows'
        foreign-key checks find the accounts locked by their lines instead of
        fresh row versions after the update."""
        Line = self.env["kam.score.line"]
        inserted = sum(
            Line._store_column(
                criterion,
                ids,
                values[criterion.id],
                scores[criterion.id],
                accounts["total_weight"],
            )
            for criterion in criteria
        )
        if inserted > SCORING_CHUNK:
            # Many accounts new to scoring (a first run, a new criterion):
            # the planner needs the lines' statistics for the next queries,
            # the percentiles of an account rescored alone among them.
            self.env.cr.execute("ANALYZE kam_score_line")
        self.env["kam.score.history"]._store_today(accounts)
        self._write_accounts(accounts)

    @api.model
    def _write_accounts(self, accounts):
        """Write the accounts' scores; a rank is written when one is given.
        The tier changes of candidates and key accounts go to their chatter."""
        cr = self.env.cr
        ids = pg_array(accounts["id"])
        cr.execute(
            SQL(
                "SELECT id, kam_tier_id FROM res_partner WHERE id = ANY(%s::int[]) "
                "AND kam_state IN ('candidate', 'key')",
                ids,
            )
        )
        tiers_before = dict(cr.fetchall())
        cr.execute(
            SQL(
                """
                UPDATE res_partner p
                   SET kam_score = v.score,
                       kam_rank = COALESCE(v.rank, p.kam_rank),
                       kam_attractiveness = v.attractiveness,
                       kam_relationship_strength = v.strength,
                       kam_portfolio_quadrant = v.quadrant,
                       kam_tier_id = CASE WHEN p.kam_tier_manual THEN p.kam_tier_id
                                          ELSE v.tier END
                  FROM unnest(%(ids)s::int[], %(score)s::float8[], %(rank)s::int[],
                              %(attractiveness)s::float8[], %(strength)s::float8[],
                              %(quadrant)s::varchar[], %(tier)s::int[])
                       AS v(id, score, rank, attractiveness, strength, quadrant, tier)
                 WHERE p.id = v.id
                   AND (p.kam_score, p.kam_rank, p.kam_attractiveness,
                        p.kam_relationship_strength, p.kam_portfolio_quadrant,
                        p.kam_tier_id)
                       IS DISTINCT FROM
                       (v.score, COALESCE(v.rank, p.kam_rank), v.attractiveness,
                        v.strength, v.quadrant,
                        CASE WHEN p.kam_tier_manual THEN p.kam_tier_id
                             ELSE v.tier END)
             RETURNING p.id
                """,
                ids=ids,
                score=pg_array(accounts["score"]),
                rank=pg_array(accounts.get("rank") or [None] * len(accounts["id"])),
                attractiveness=pg_array(accounts["attractiveness"]),
                strength=pg_array(accounts["relationship"]),
                quadrant=f"{{{','.join(accounts['quadrant'])}}}",
                tier=pg_array(accounts["tier"]),
            )
        )
        self._changed([row[0] for row in cr.fetchall()], tiers_before)

    @api.model
    def _clear_scores(self, ids):
        """These accounts are not scored: no score, rank or quadrant, and no
        tier from a score."""
        if not ids:
            return
        self.env.cr.execute(
            SQL(
                """
                UPDATE res_partner p
                   SET kam_score = NULL, kam_rank = NULL, kam_attractiveness = NULL,
                       kam_relationship_strength = NULL,
                       kam_portfolio_quadrant = NULL,
                       kam_tier_id = CASE WHEN p.kam_tier_manual THEN p.kam_tier_id END
                  FROM res_partner old
                 WHERE old.id = p.id AND p.kam_portfolio_quadrant IS NOT NULL
                   AND p.id = ANY(%s)
             RETURNING p.id, old.kam_tier_id
                """,
                list(ids),
            )
        )
        rows = self.env.cr.fetchall()
        self._changed([row[0] for row in rows], dict(rows))

    @api.model
    def _forget_out_of_scope(self, company, criteria, ids, scored):
        """After a company pass, accounts that left the scope or lost every
        value are no longer scored. The sets are compared here: an anti-join
        of two long arrays in SQL can turn into a nested loop."""
        ranked = (
            self.env["res.partner"]
            .sudo()
            .search(
                self._company_condition(company)
                + [("kam_portfolio_quadrant", "!=", False)]
            )
        )
        self._clear_scores(set(ranked.ids).difference(scored))
        self.env["kam.score.line"]._forget_accounts(criteria, ids)

    @api.model
    def _changed(self, ids, tiers_before):
        """Refresh what depends on the written scores, and track the tier
        changes of candidates and key accounts (``tiers_before``: their
        tier before the write)."""
        Partner = self.env["res.partner"].sudo()
        self.env.invalidate_all()
        Partner.browse(ids).modified(SCORE_FIELDS)
        changed = Partner.browse(tiers_before).filtered(
            lambda p: (
                p.kam_state in ("candidate", "key")
                and p.kam_tier_id.id != tiers_before[p.id]
            )
        )
        Tier = self.env["kam.tier"]
        changed._message_track(
            ["kam_tier_id"],
            {p.id: {"kam_tier_id": Tier.browse(tiers_before[p.id])} for p in changed},
        )
