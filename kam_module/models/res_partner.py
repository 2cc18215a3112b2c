# Copyright 2026 KAM Module Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import ast
from collections import defaultdict

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import SQL, split_every

from ..tools import pg_array

KAM_STATES = [
    ("none", "Not a key account"),
    ("candidate", "Candidate"),
    ("key", "Key account"),
    ("former", "Former key account"),
]
RELATIONSHIP_STAGES = [
    ("exploratory", "Exploratory"),
    ("basic", "Basic"),
    ("cooperative", "Cooperative"),
    ("interdependent", "Interdependent"),
    ("integrated", "Integrated"),
    ("disintegrating", "Disintegrating"),
]
HEALTH = [("green", "Healthy"), ("amber", "At risk"), ("red", "Critical")]
QUADRANTS = [
    ("strategic", "Strategic: invest"),
    ("development", "Development: build the relationship"),
    ("maintenance", "Maintenance: serve efficiently"),
    ("streamline", "Streamline: reduce the cost to serve"),
]
DEFAULT_SCORING_DOMAIN = "[('is_company', '=', True)]"
SCORING_CHUNK = 1000

# Designating accounts and assigning their managers is the Head of KAM's call;
# the relationship stage is the judgement of the account's own manager.
HEAD_FIELDS = frozenset({"kam_state", "kam_user_id", "kam_tier_id", "kam_tier_manual"})
OWNER_FIELDS = frozenset({"kam_relationship_stage"})
# Written by the scoring engine only.
ENGINE_FIELDS = frozenset(
    {
        "kam_score",
        "kam_rank",
        "kam_attractiveness",
        "kam_relationship_strength",
        "kam_portfolio_quadrant",
    }
)


class ResPartner(models.Model):
    _inherit = "res.partner"

    kam_state = fields.Selection(
        KAM_STATES,
        string="Key Account Status",
        default="none",
        required=True,
        copy=False,
        index=True,
        tracking=True,
        groups="base.group_user",
    )
    is_key_account = fields.Boolean(
        compute="_compute_is_key_account",
        store=True,
        groups="base.group_user",
    )
    kam_user_id = fields.Many2one(
        "res.users",
        string="Key Account Manager",
        copy=False,
        index="btree_not_null",
        tracking=True,
        domain=lambda self: self._domain_kam_user_id(),
        groups="base.group_user",
    )
    kam_tier_id = fields.Many2one(
        "kam.tier",
        string="Tier",
        copy=False,
        tracking=True,
        groups="base.group_user",
    )
    kam_tier_manual = fields.Boolean(
        string="Tier Set by Hand",
        copy=False,
        tracking=True,
        groups="base.group_user",
        help="Keep the tier chosen by the Head of KAM instead of the one of the score.",
    )
    kam_score = fields.Float(
        string="Score",
        readonly=True,
        copy=False,
        digits=(5, 2),
        aggregator="avg",
        groups="kam_module.group_kam_user",
        help="Weighted average of the normalized criterion scores, 0 to 100.",
    )
    kam_rank = fields.Integer(
        string="Rank",
        readonly=True,
        copy=False,
        aggregator=None,
        groups="kam_module.group_kam_user",
        help="1 is the best score among the scored accounts of the company; "
        "empty for accounts never scored.",
    )
    kam_attractiveness = fields.Float(
        string="Attractiveness",
        readonly=True,
        copy=False,
        digits=(5, 2),
        aggregator="avg",
        groups="kam_module.group_kam_user",
        help="Weighted score of the value, growth and fit criteria.",
    )
    kam_relationship_strength = fields.Float(
        string="Relationship Strength",
        readonly=True,
        copy=False,
        digits=(5, 2),
        aggregator="avg",
        groups="kam_module.group_kam_user",
        help="Weighted score of the relationship criteria.",
    )
    kam_portfolio_quadrant = fields.Selection(
        QUADRANTS,
        string="Portfolio Quadrant",
        readonly=True,
        copy=False,
        groups="kam_module.group_kam_user",
        help="Attractiveness against relationship strength, each split at 50.",
    )
    kam_score_line_ids = fields.One2many(
        "kam.score.line",
        "partner_id",
        string="Score Breakdown",
        domain=[("criterion_id.active", "=", True)],
        groups="kam_module.group_kam_user",
    )
    kam_score_history_ids = fields.One2many(
        "kam.score.history",
        "partner_id",
        string="Score History",
        groups="kam_module.group_kam_user",
    )
    kam_relationship_stage = fields.Selection(
        RELATIONSHIP_STAGES,
        string="Relationship Stage",
        copy=False,
        tracking=True,
        groups="base.group_user",
        help="Stage of the relationship in the McDonald-Rogers relational "
        "development model.",
    )
    kam_health = fields.Selection(
        HEALTH,
        string="Health",
        compute="_compute_kam_health",
        store=True,
        groups="base.group_user",
        help="Critical: no Key Account Manager. At risk: overdue activities "
        "on the account.",
    )
    kam_is_head = fields.Boolean(
        compute="_compute_kam_user_rights", groups="base.group_user"
    )
    kam_can_edit_stage = fields.Boolean(
        compute="_compute_kam_user_rights", groups="base.group_user"
    )

    def _domain_kam_user_id(self):
        group = self.env.ref("kam_module.group_kam_manager", raise_if_not_found=False)
        return [("share", "=", False), ("groups_id", "in", group.ids)]

    @api.depends("kam_state")
    def _compute_is_key_account(self):
        for partner in self:
            partner.is_key_account = partner.kam_state == "key"

    @api.depends("kam_state", "kam_user_id", "activity_ids.date_deadline")
    def _compute_kam_health(self):
        today = fields.Date.context_today(self)
        for partner in self:
            if partner.kam_state != "key":
                partner.kam_health = False
            elif not partner.kam_user_id:
                partner.kam_health = "red"
            elif any(d < today for d in partner.activity_ids.mapped("date_deadline")):
                partner.kam_health = "amber"
            else:
                partner.kam_health = "green"

    @api.depends("kam_user_id")
    @api.depends_context("uid")
    def _compute_kam_user_rights(self):
        user = self.env.user
        is_head = user.has_group("kam_module.group_kam_head")
        is_manager = user.has_group("kam_module.group_kam_manager")
        for partner in self:
            partner.kam_is_head = is_head
            partner.kam_can_edit_stage = is_head or (
                is_manager and partner.kam_user_id == user
            )

    @api.constrains("kam_state", "parent_id", "is_company")
    def _check_kam_commercial_entity(self):
        for partner in self:
            if partner.kam_state != "none" and partner.commercial_partner_id != partner:
                raise ValidationError(
                    self.env._(
                        "%(contact)s is a contact of %(company)s: key-account "
                        "status lives on the commercial entity %(company)s.",
                        contact=partner.display_name,
                        company=partner.commercial_partner_id.display_name,
                    )
                )

    @api.constrains("kam_user_id")
    def _check_kam_user_id(self):
        managers = self.env.ref("kam_module.group_kam_manager").users
        for partner in self:
            if partner.kam_user_id and partner.kam_user_id not in managers:
                raise ValidationError(
                    self.env._(
                        "Key Account Manager of %(partner)s: %(user)s is not in "
                        "the Key Account Manager group.",
                        partner=partner.display_name,
                        user=partner.kam_user_id.name,
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            # Defaults (no status, no manager...) are what anyone may create.
            self._kam_check_field_access(
                {key: val for key, val in vals.items() if val and val != "none"}
            )
        return super().create(vals_list)

    def write(self, vals):
        self._kam_check_field_access(vals)
        if "kam_tier_id" in vals and "kam_tier_manual" not in vals:
            vals = dict(vals, kam_tier_manual=bool(vals["kam_tier_id"]))
        if "kam_score_line_ids" not in vals:
            return super().write(vals)
        # Judgements entered in the breakdown: rescore once, not once a line.
        result = super(ResPartner, self.with_context(kam_defer_rescore=True)).write(
            vals
        )
        self.sudo()._kam_rescore()
        return result

    @api.ondelete(at_uninstall=False)
    def _unlink_except_kam_account(self):
        accounts = self.filtered(lambda p: p.kam_state not in ("none", False))
        if accounts:
            raise UserError(
                self.env._(
                    "%(partners)s cannot be deleted: they have a key-account "
                    "history. Archive them instead.",
                    partners=", ".join(accounts.mapped("display_name")),
                )
            )

    def _kam_check_field_access(self, vals):
        """Refuse KAM field changes from users outside the spec's groups.

        Field ``groups`` cannot express this: every internal user must read
        these fields, only some may write them, RPC included.
        """
        touched = (HEAD_FIELDS | OWNER_FIELDS | ENGINE_FIELDS) & vals.keys()
        if not touched or self.env.su:
            return
        if touched & ENGINE_FIELDS:
            raise AccessError(
                self.env._(
                    "Scores, ranks and portfolio positions are computed by the "
                    "scoring engine: nobody writes them."
                )
            )
        user = self.env.user
        if user.has_group("kam_module.group_kam_head"):
            return
        if touched & HEAD_FIELDS:
            raise AccessError(
                self.env._(
                    "Only the Head of KAM can change the key-account status, "
                    "tier or Key Account Manager of a partner."
                )
            )
        if not user.has_group("kam_module.group_kam_manager") or any(
            partner.kam_user_id != user for partner in self
        ):
            raise AccessError(
                self.env._(
                    "Only the account's Key Account Manager or the Head of KAM "
                    "can change its relationship stage."
                )
            )

    def _kam_check_transition(self, group_xmlid, from_states, action_name):
        """Check the user's group, read access and the source state."""
        if not self.env.user.has_group(group_xmlid):
            group = self.env.ref(group_xmlid)
            raise AccessError(
                self.env._(
                    "Only a %(group)s can %(action)s a key account.",
                    group=group.name,
                    action=action_name,
                )
            )
        self.check_access("read")
        contacts = self.filtered(lambda p: p.commercial_partner_id != p)
        if contacts:
            raise UserError(
                self.env._(
                    "Cannot %(action)s %(contact)s: key-account status lives on "
                    "the commercial entity %(company)s, not on its contacts.",
                    action=action_name,
                    contact=contacts[0].display_name,
                    company=contacts[0].commercial_partner_id.display_name,
                )
            )
        wrong = self.filtered(lambda p: p.kam_state not in from_states)
        if wrong:
            states = dict(self._fields["kam_state"]._description_selection(self.env))
            raise UserError(
                self.env._(
                    "Cannot %(action)s %(partner)s: its status is %(state)s, "
                    "expected %(expected)s.",
                    action=action_name,
                    partner=wrong[0].display_name,
                    state=states[wrong[0].kam_state],
                    expected=" or ".join(states[s] for s in from_states),
                )
            )

    def _kam_heads(self):
        """Active Heads of KAM of the partners' companies."""
        heads = self.env.ref("kam_module.group_kam_head").users.filtered(
            lambda u: u.active and not u.share and u != self.env.user
        )
        companies = self.company_id
        if companies:
            heads = heads.filtered(lambda u: companies <= u.company_ids)
        return heads

    def action_kam_nominate(self):
        """Propose accounts as key-account candidates (Key Account Manager)."""
        self._kam_check_transition(
            "kam_module.group_kam_manager", ("none", "former"), self.env._("nominate")
        )
        unowned = self.filtered(lambda p: not p.kam_user_id)
        # Group and state were checked above: the status itself is a Head of
        # KAM field, so the transition is written as superuser.
        (self - unowned).sudo().write({"kam_state": "candidate"})
        unowned.sudo().write({"kam_state": "candidate", "kam_user_id": self.env.uid})
        heads = self._kam_heads()
        for partner in self:
            for head in heads:
                partner.activity_schedule(
                    "kam_module.mail_activity_kam_nomination",
                    user_id=head.id,
                    note=self.env._(
                        "%(user)s nominates this account as a key account.",
                        user=self.env.user.name,
                    ),
                )
        return True

    def action_kam_designate(self):
        """Make candidates key accounts (Head of KAM)."""
        self._kam_check_transition(
            "kam_module.group_kam_head", ("candidate",), self.env._("designate")
        )
        unowned = self.filtered(lambda p: not p.kam_user_id)
        if unowned:
            raise UserError(
                self.env._(
                    "Cannot designate %(partner)s: assign its Key Account Manager "
                    "first.",
                    partner=unowned[0].display_name,
                )
            )
        self.write({"kam_state": "key"})
        for partner in self:
            partner.message_subscribe(partner_ids=partner.kam_user_id.partner_id.ids)
        self.activity_feedback(
            ["kam_module.mail_activity_kam_nomination"],
            feedback=self.env._("Designated as key account."),
        )
        return True

    def action_kam_decline(self):
        """Turn a candidate down (Head of KAM)."""
        self._kam_check_transition(
            "kam_module.group_kam_head", ("candidate",), self.env._("decline")
        )
        self.write({"kam_state": "none"})
        self.activity_feedback(
            ["kam_module.mail_activity_kam_nomination"],
            feedback=self.env._("Nomination declined."),
        )
        return True

    def action_kam_revoke(self):
        """Open the wizard that revokes key accounts with a reason (Head of KAM)."""
        self._kam_check_transition(
            "kam_module.group_kam_head", ("key",), self.env._("revoke")
        )
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Revoke Key Account"),
            "res_model": "kam.revoke.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_partner_ids": self.ids},
        }

    def _kam_revoke(self, reason):
        """Key accounts become former ones; the reason is kept in the chatter."""
        self._kam_check_transition(
            "kam_module.group_kam_head", ("key",), self.env._("revoke")
        )
        self.write({"kam_state": "former"})
        for partner in self:
            partner.message_post(
                body=self.env._("Key-account status revoked. Reason: %s", reason),
                subtype_xmlid="mail.mt_note",
            )

    def action_kam_open(self):
        """Show the account in the Key Accounts app."""
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "kam_module.res_partner_action_kam"
        )
        form = self.env.ref("kam_module.res_partner_view_form_kam")
        action.update(res_id=self.id, view_mode="form", views=[(form.id, "form")])
        return action

    def action_kam_open_score_trend(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "kam_module.kam_score_history_action"
        )
        action["domain"] = [("partner_id", "=", self.id)]
        action["name"] = self.env._("Score Trend: %s", self.display_name)
        return action

    @api.model
    def _cron_kam_update_health(self):
        """Health depends on today's date through overdue activities."""
        accounts = self.search([("kam_state", "=", "key")])
        self.env.add_to_compute(self._fields["kam_health"], accounts)
        accounts.flush_recordset(["kam_health"])

    # Scoring engine

    @api.model
    def _kam_scoring_domain(self):
        """Active commercial entities matching the scoring domain of the settings."""
        param = (
            self.env["ir.config_parameter"]
            .sudo()
            .get_param("kam_module.scoring_domain", DEFAULT_SCORING_DOMAIN)
        )
        return ast.literal_eval(param or "[]") + [
            ("active", "=", True),
            "|",
            ("is_company", "=", True),
            ("parent_id", "=", False),
        ]

    def action_kam_rescore(self):
        """Rescore the selected accounts now (Key Account Manager)."""
        if not self.env.user.has_group("kam_module.group_kam_manager"):
            raise AccessError(
                self.env._("Only a Key Account Manager can rescore accounts.")
            )
        self.check_access("write")
        accounts = self.filtered(lambda p: p.commercial_partner_id == p)
        # Access was checked above; scores must not depend on who rescores.
        accounts.sudo()._kam_rescore()
        return True

    def _kam_rescore(self):
        """Score these accounts; rank and normalize their whole company."""
        groups = self._read_group(
            [("id", "in", self.ids)], ["company_id"], ["id:array_agg"]
        )
        ids_by_company = defaultdict(list)
        for company, ids in groups:
            ids_by_company[company or self.env.company] += ids
        self._kam_score(ids_by_company)

    @api.model
    def _kam_score(self, ids_by_company, auto_commit=False):
        """Score accounts company by company, reporting progress per chunk.

        Chunks only read: one aggregate query per computed criterion. Then a
        company's lines, scores and history are written in one transaction,
        so a breakdown always adds up to its score, even during the run.
        """
        self.env.flush_all()
        today = fields.Date.context_today(self)
        remaining = sum(len(ids) for ids in ids_by_company.values())
        done = 0
        for company, ids in ids_by_company.items():
            criteria = self.env["kam.score.criterion"].search(
                [("company_id", "=", company.id)]
            )
            sources = criteria._scoring_sources()
            raw_values = {source["id"]: [] for source in sources}
            for chunk in split_every(SCORING_CHUNK, ids):
                self._kam_raw_values(sources, chunk, raw_values)
                done += len(chunk)
                remaining -= len(chunk)
                self.env["ir.cron"]._notify_progress(done=done, remaining=remaining)
                if auto_commit:
                    # Shows the progress and ends the read snapshot, which
                    # would otherwise hold back vacuum for the whole run.
                    self.env.cr.commit()  # pylint: disable=invalid-commit
            inserted = self.env["kam.score.line"]._store_values(
                criteria, ids, raw_values
            )
            if inserted > SCORING_CHUNK * len(criteria):
                # More than a chunk of accounts new to scoring (a first run, a
                # new criterion): give the planner the lines' statistics
                # before the pass joins them.
                self.env.cr.execute("ANALYZE kam_score_line")
            self._kam_score_company(company, criteria, today)
            if auto_commit:
                self.env.cr.commit()  # pylint: disable=invalid-commit

    @api.model
    def _kam_raw_values(self, sources, partner_ids, raw_values):
        """Append one chunk's raw values of each computed criterion."""
        if not sources:
            return
        # The accounts and their contacts, whose records count for them.
        self.env.cr.execute(
            SQL(
                "SELECT id, commercial_partner_id FROM res_partner "
                "WHERE commercial_partner_id = ANY(%s::int[])",
                pg_array(partner_ids),
            )
        )
        accounts = dict(self.env.cr.fetchall())
        Criterion = self.env["kam.score.criterion"]
        for source in sources:
            raw_values[source["id"]] += Criterion._raw_values(
                source, partner_ids, accounts
            )

    @api.model
    def _kam_score_company(self, company, criteria, today):
        """Normalize, weigh, tier, rank, place and snapshot every scored account.

        Today's history rows are written first and the accounts are updated
        from them: the rows' foreign-key checks then find the accounts already
        locked by this transaction (their score lines), instead of locking
        fresh row versions one by one after the update.
        """
        cr = self.env.cr
        # The company's lines are sorted several times (percentiles, ranks):
        # keep those sorts in memory for this transaction.
        cr.execute("SET LOCAL work_mem = '64MB'")
        cr.execute(
            SQL(
                """
                WITH account AS (
                    SELECT n.partner_id,
                        ROUND(SUM(n.weighted_score)::numeric, 2) AS score,
                        COALESCE(SUM(n.score * n.weight)
                            FILTER (WHERE n.dimension != 'relationship')
                            / NULLIF(SUM(n.weight)
                            FILTER (WHERE n.dimension != 'relationship'), 0), 0)
                            AS attractiveness,
                        COALESCE(SUM(n.score * n.weight)
                            FILTER (WHERE n.dimension = 'relationship')
                            / NULLIF(SUM(n.weight)
                            FILTER (WHERE n.dimension = 'relationship'), 0), 0)
                            AS relationship
                      FROM (%(normalized)s) AS n
                  GROUP BY n.partner_id
                ), tier AS (
                    SELECT id, min_score,
                        LEAD(min_score) OVER (ORDER BY min_score) AS next_score
                      FROM kam_tier
                     WHERE company_id = %(company)s AND active
                )
                INSERT INTO kam_score_history (partner_id, date, score, tier_id,
                    attractiveness, relationship_strength)
                SELECT account.partner_id, %(today)s, account.score,
                    CASE WHEN p.kam_tier_manual THEN p.kam_tier_id
                         ELSE tier.id END,
                    account.attractiveness, account.relationship
                  FROM account
                  JOIN res_partner p ON p.id = account.partner_id
             LEFT JOIN tier ON tier.min_score <= account.score
                   AND (tier.next_score IS NULL OR tier.next_score > account.score)
           ON CONFLICT (partner_id, date) DO UPDATE
                   SET score = EXCLUDED.score, tier_id = EXCLUDED.tier_id,
                       attractiveness = EXCLUDED.attractiveness,
                       relationship_strength = EXCLUDED.relationship_strength
             RETURNING partner_id
                """,
                company=company.id,
                today=today,
                normalized=self.env["kam.score.line"]._normalized_sql(criteria),
            )
        )
        scored = [partner_id for (partner_id,) in cr.fetchall()]
        cr.execute(
            SQL(
                """
                WITH ranked AS (
                    SELECT h.partner_id, h.score, h.tier_id, h.attractiveness,
                        h.relationship_strength,
                        RANK() OVER (ORDER BY h.score DESC) AS rank,
                        CASE
                            WHEN h.attractiveness >= 50
                                AND h.relationship_strength >= 50 THEN 'strategic'
                            WHEN h.attractiveness >= 50 THEN 'development'
                            WHEN h.relationship_strength >= 50 THEN 'maintenance'
                            ELSE 'streamline'
                        END AS quadrant
                      FROM kam_score_history h
                     WHERE h.partner_id = ANY(%(scored)s::int[])
                       AND h.date = %(today)s
                )
                UPDATE res_partner p
                   SET kam_score = r.score,
                       kam_rank = r.rank,
                       kam_attractiveness = r.attractiveness,
                       kam_relationship_strength = r.relationship_strength,
                       kam_portfolio_quadrant = r.quadrant,
                       kam_tier_id = r.tier_id
                  FROM ranked r
                 WHERE p.id = r.partner_id
                   AND (p.kam_score, p.kam_rank, p.kam_attractiveness,
                        p.kam_relationship_strength, p.kam_portfolio_quadrant,
                        p.kam_tier_id)
                       IS DISTINCT FROM
                       (r.score, r.rank, r.attractiveness, r.relationship_strength,
                        r.quadrant, r.tier_id)
                """,
                scored=pg_array(scored),
                today=today,
            )
        )
        self.env.invalidate_all()

    @api.model
    def _cron_kam_rescore(self, auto_commit=True):
        """Rescore the whole scope, company by company, in chunks."""
        if (
            not self.env["ir.config_parameter"]
            .sudo()
            .get_param("kam_module.rescoring_cron")
        ):
            return
        scope = self._kam_scoring_domain()
        main = self.env.company
        ids_by_company = {
            company: self.search(
                scope
                + [
                    (
                        "company_id",
                        "in",
                        [company.id, False] if company == main else company.ids,
                    )
                ]
            ).ids
            for company in self.env["res.company"].search([])
        }
        self._kam_score(ids_by_company, auto_commit=auto_commit)
