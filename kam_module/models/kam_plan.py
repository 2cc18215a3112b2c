# Copyright 2026 KAM Module Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import functools
from collections import namedtuple

from dateutil.relativedelta import relativedelta

from odoo import Command, api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import SQL, float_round, is_html_empty

from ..scoring_math import pg_array
from .kam_account_health import HEALTH

PLAN_STATES = [
    ("draft", "Draft"),
    ("submitted", "Submitted"),
    ("approved", "Approved"),
    ("rejected", "Rejected"),
    ("closed", "Closed"),
]
# An open plan as the measure reads it: its account, company, revenue and
# the company's currency.
MeasuredPlan = namedtuple("MeasuredPlan", "id account company revenue currency")
# The sections of a plan that completeness asks for.
SECTIONS = (
    "profile",
    "history",
    "relationship_status",
    "customer_goals",
    "value_proposition",
)


class KamPlan(models.Model):
    """A living account plan: the team executes it, the Head of KAM approves
    it, it is revised, never lost."""

    _name = "kam.plan"
    _inherit = [
        "kam.plan.share",
        "mail.thread",
        "mail.activity.mixin",
        "kam.account.mixin",
        "kam.approval.mixin",
    ]
    _description = "Account Plan"
    _kam_access_area = "plan"
    _order = "date_start desc, revision desc, id desc"
    _kam_locked_states = ("submitted", "approved", "closed")
    _kam_author_fields = ("kam_user_id", "submitted_by_id")
    _kam_heads_activity = "kam_module.mail_activity_kam_plan_approval"
    _kam_action_rights = {
        "action_submit": "edit",
        "action_reset_to_draft": "edit",
        "action_revise": "manage",
        "action_close": "manage",
        "action_kam_share": "manage",
    }

    name = fields.Char(required=True, tracking=True)
    reference = fields.Char(readonly=True, copy=False, default="/", index=True)
    date_start = fields.Date(
        string="Start", required=True, default=lambda self: self._default_dates()[0]
    )
    date_end = fields.Date(
        string="End", required=True, default=lambda self: self._default_dates()[1]
    )
    state = fields.Selection(
        PLAN_STATES,
        default="draft",
        required=True,
        copy=False,
        tracking=True,
        index=True,
    )
    submitted_by_id = fields.Many2one(
        "res.users", string="Submitter", readonly=True, copy=False, tracking=True
    )
    approver_id = fields.Many2one(
        "res.users", string="Approved By", readonly=True, copy=False, tracking=True
    )
    approval_date = fields.Datetime(readonly=True, copy=False)
    rejection_reason = fields.Text(readonly=True, copy=False)
    revision = fields.Integer(default=1, readonly=True, copy=False)
    previous_plan_id = fields.Many2one(
        "kam.plan", string="Previous Revision", readonly=True, copy=False, index=True
    )
    profile = fields.Html(help="Who the customer is: business, size, markets.")
    history = fields.Html(help="What we have done together so far.")
    relationship_status = fields.Html(
        help="Where the relationship stands, and the contact network."
    )
    customer_goals = fields.Html(help="What the customer wants to achieve.")
    value_proposition = fields.Html(help="How we help them get there.")
    swot_ids = fields.One2many("kam.plan.swot", "plan_id", string="SWOT", copy=True)
    competitor_ids = fields.One2many(
        "kam.plan.competitor", "plan_id", string="Competitors", copy=True
    )
    opportunity_ids = fields.One2many(
        "kam.plan.opportunity", "plan_id", string="Opportunities", copy=True
    )
    objective_ids = fields.One2many(
        "kam.plan.objective", "plan_id", string="Objectives", copy=True
    )
    action_ids = fields.One2many(
        "kam.plan.action", "plan_id", string="Actions", copy=False
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    wallet_estimate = fields.Monetary(
        string="Customer's Wallet",
        currency_field="currency_id",
        help="The customer's annual spend in our categories: the manager's estimate.",
    )
    our_revenue = fields.Monetary(
        string="Our Revenue (12 months)",
        currency_field="currency_id",
        readonly=True,
        copy=False,
        help="Invoiced in the last 12 months, refunds deducted (confirmed sales "
        "without Invoicing), to the account, its contacts and child companies, "
        "by the plan's company: measured every night and by Measure.",
    )
    measured_on = fields.Datetime(
        readonly=True,
        copy=False,
        help="When the plan's revenue and measured objectives were last measured.",
    )
    revenue_target = fields.Monetary(
        string="Revenue Target (12 months)",
        currency_field="currency_id",
        tracking=True,
        help="What the account should bring us in 12 months: the cockpit and the "
        "key accounts' list set our revenue against it.",
    )
    our_share_of_wallet = fields.Float(
        string="Our Share of Wallet (%)",
        digits=(5, 1),
        compute="_compute_our_share_of_wallet",
    )
    wallet_split_html = fields.Html(
        string="Share of Wallet", compute="_compute_our_share_of_wallet", sanitize=False
    )
    content_date = fields.Datetime(
        string="Last Change",
        readonly=True,
        copy=False,
        default=fields.Datetime.now,
        help="When the plan's content or its actions last changed.",
    )
    objective_progress = fields.Float(compute="_compute_dashboard")
    action_count = fields.Integer(compute="_compute_dashboard")
    action_done_count = fields.Integer(compute="_compute_dashboard")
    action_overdue_count = fields.Integer(compute="_compute_dashboard")
    pipeline_weighted = fields.Float(
        string="Weighted Pipeline",
        compute="_compute_dashboard",
        help="Open opportunities' estimated value times their probability.",
    )
    days_left = fields.Integer(compute="_compute_dashboard")
    health = fields.Selection(HEALTH, compute="_compute_health")
    health_reasons = fields.Text(compute="_compute_health")

    def _default_dates(self):
        months = self.env["kam.settings"]._kam_get("kam_plan_length_months")
        start = fields.Date.context_today(self)
        return start, start + relativedelta(months=max(months, 1), days=-1)

    _sql_constraints = [
        (
            "one_approved",
            "EXCLUDE (partner_id WITH =, company_id WITH =) WHERE (state = 'approved')",
            "An account has at most one approved plan per company: approve a "
            "revision of it instead, which closes it.",
        ),
    ]

    def init(self):
        # Every night stamps each open plan as measured: room left in each
        # page lets PostgreSQL rewrite a row in place (a HOT update) instead
        # of adding it to each of the table's indexes.
        self.env.cr.execute(
            SQL("ALTER TABLE %s SET (fillfactor = 80)", SQL.identifier(self._table))
        )

    @api.depends("reference", "name", "revision")
    def _compute_display_name(self):
        for plan in self:
            revision = (
                self.env._(" (rev. %s)", plan.revision) if plan.revision > 1 else ""
            )
            plan.display_name = f"{plan.reference} {plan.name}{revision}".strip(" /")

    @api.depends(
        "objective_ids.progress",
        "action_ids.state",
        "action_ids.deadline",
        "opportunity_ids.estimated_value",
        "opportunity_ids.probability",
        "opportunity_ids.status",
        "date_end",
    )
    @api.depends_context("tz")
    def _compute_dashboard(self):
        today = fields.Date.context_today(self)
        for plan in self:
            objectives = plan.objective_ids
            actions = plan.action_ids.filtered(lambda a: a.state != "cancelled")
            plan.objective_progress = (
                sum(objectives.mapped("progress")) / len(objectives)
                if objectives
                else 0
            )
            plan.action_count = len(actions)
            plan.action_done_count = len(actions.filtered(lambda a: a.state == "done"))
            plan.action_overdue_count = len(actions.filtered("is_overdue"))
            plan.pipeline_weighted = sum(
                o.estimated_value * o.probability / 100
                for o in plan.opportunity_ids
                if o.status == "open"
            )
            plan.days_left = max((plan.date_end - today).days, 0)

    @api.depends(
        *SECTIONS,
        "swot_ids",
        "competitor_ids",
        "opportunity_ids",
        "objective_ids.kpi",
        "objective_ids.target_value",
        "objective_ids.action_ids",
        "objective_ids.current_value",
        "objective_ids.source",
        "action_ids.user_id",
        "action_ids.deadline",
        "content_date",
    )
    @api.depends_context("tz")
    def _compute_health(self):
        # Freshness also follows the account's tier, whose change is left to
        # the nightly health job like the passing days: the nightly rescoring
        # changes thousands of tiers.
        for plan in self:
            incomplete, stale = plan._kam_gaps()
            behind = [
                self.env._(
                    "Objective %(objective)s is behind its line: %(current)s, "
                    "%(expected)s expected by now.",
                    objective=objective.name,
                    current=round(objective.current_value, 2),
                    expected=round(objective.expected_value, 2),
                )
                for objective in plan.objective_ids.filtered("is_behind")
            ]
            problems = [found for found in (incomplete, stale, behind) if found]
            plan.health_reasons = "\n".join(incomplete + stale + behind)
            plan.health = (
                "red" if len(problems) > 1 else ("amber" if problems else "green")
            )

    @api.depends("wallet_estimate", "our_revenue", "competitor_ids.share_of_wallet")
    def _compute_our_share_of_wallet(self):
        for plan in self:
            plan.our_share_of_wallet = (
                plan.wallet_estimate and 100 * plan.our_revenue / plan.wallet_estimate
            )
            plan.wallet_split_html = plan.wallet_estimate and self.env[
                "ir.qweb"
            ]._render("kam_module.kam_plan_wallet_split", {"plan": plan})

    @api.constrains("wallet_estimate", "competitor_ids")
    def _check_wallet(self):
        for plan in self:
            shares = sum(plan.competitor_ids.mapped("share_of_wallet"))
            if plan.wallet_estimate < 0 or shares + plan.our_share_of_wallet > 100:
                raise ValidationError(
                    self.env._(
                        "%(plan)s: the competitors' shares of wallet (%(theirs)s %%) "
                        "and ours (%(ours)s %% of the customer's wallet of "
                        "%(wallet)s) make more than 100 %%. Lower a competitor's "
                        "share or raise the wallet estimate.",
                        plan=plan.display_name,
                        theirs=round(shares, 1),
                        ours=round(plan.our_share_of_wallet, 1),
                        wallet=plan.wallet_estimate,
                    )
                )

    def _kam_measure_revenue(self, plans, families):
        """Our revenue of the last 12 months with each plan's account, in one
        query, written in one: invoiced, refunds deducted, or confirmed sales
        without Invoicing; nothing without either. ``plans`` are these as
        ``_kam_measure`` reads them, ``families`` their accounts'
        (``_kam_families``)."""
        ready = self.env["kam.data.source"]._kam_ready_made()
        key = next(
            (k for k in ("invoice_net_revenue", "sale_revenue") if k in ready), 0
        )
        if not key or not plans:
            return
        today = fields.Date.today()
        start = today - relativedelta(years=1, days=-1)
        Source = self.env["kam.data.source"]
        values = Source._kam_aggregate_families(
            ready[key][1],
            [(plan.id, plan.account, start, today, plan.company) for plan in plans],
            families,
        )
        # Rounded to the currency, as a write of the monetary field would.
        rounding = {
            currency.id: functools.partial(
                float_round, precision_rounding=currency.rounding
            )
            for currency in self.env["res.currency"].browse(
                {plan.currency for plan in plans}
            )
        }
        revenues = {}
        for plan in plans:
            value = values.get(plan.id, 0.0)
            value = rounding[plan.currency](value) if plan.currency else value
            if value != plan.revenue:
                revenues[plan.id] = value
        changed = self.browse(revenues)
        Source._kam_write_measured(changed, {"our_revenue": list(revenues.values())})
        changed.modified(["our_revenue"])

    def _kam_gaps(self):
        """Why the plan is not healthy: (completeness gaps, freshness)."""
        self.ensure_one()
        incomplete = [
            self.env._("%s is empty.", self._fields[name]._description_string(self.env))
            for name in SECTIONS
            if is_html_empty(self[name])
        ]
        for lines, label in (
            (self.swot_ids, self.env._("SWOT")),
            (self.competitor_ids, self.env._("Competition")),
            (self.opportunity_ids, self.env._("Opportunities")),
            (self.objective_ids, self.env._("Objectives")),
        ):
            if not lines:
                incomplete.append(self.env._("%s: none yet.", label))
        for objective in self.objective_ids:
            missing = objective._kam_gaps()
            if missing:
                incomplete.append(
                    self.env._(
                        "Objective %(objective)s: %(missing)s.",
                        objective=objective.name,
                        missing=", ".join(missing),
                    )
                )
        interval = self.partner_id._kam_review_interval() * 30
        age = (fields.Datetime.now() - self.content_date).days
        stale = []
        if age > interval:
            stale.append(
                self.env._(
                    "Not changed for %(age)s days (the tier's review interval is "
                    "%(interval)s days).",
                    age=age,
                    interval=interval,
                )
            )
        return incomplete, stale

    @api.constrains("date_start", "date_end")
    def _check_dates(self):
        for plan in self:
            if plan.date_end < plan.date_start:
                raise ValidationError(
                    self.env._(
                        "%(plan)s: the end (%(end)s) is before the start (%(start)s).",
                        plan=plan.display_name,
                        end=plan.date_end,
                        start=plan.date_start,
                    )
                )

    def _kam_check_one_approved(self):
        """The database refuses a second approved plan; say it clearly."""
        approved = self.sudo().search(
            [
                ("state", "=", "approved"),
                ("partner_id", "in", self.partner_id.ids),
                ("id", "not in", (self | self.previous_plan_id).ids),
            ]
        )
        for plan in self:
            if approved.filtered(
                lambda o, p=plan: (
                    (o.partner_id, o.company_id) == (p.partner_id, p.company_id)
                )
            ):
                raise ValidationError(
                    self.env._(
                        "%s already has an approved plan: approve a revision of it "
                        "instead, which closes it.",
                        plan.partner_id.display_name,
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        plans = super().create(vals_list)
        # The reference comes from the sequence, whatever the call says.
        for plan in plans.filtered(lambda p: p.reference == "/" or not self.env.su):
            plan.sudo().reference = self.env["ir.sequence"].next_by_code("kam.plan")
        return plans

    def write(self, vals):
        vals = self._kam_report_progress(vals)
        if not vals:
            return True
        result = super().write(vals)
        if any(
            name not in self._kam_guarded_fields()
            and not name.startswith(("message_", "activity_"))
            for name in vals
        ):
            self._kam_touch()
        return result

    def _kam_report_progress(self, vals):
        """The form sends progress on its lines through the plan: an action's
        state, an objective's current value. Such updates are the lines' own
        business (an action's owner reports it without writing the plan):
        apply them to the lines, and return what is left for the plan."""
        vals = dict(vals)
        for name in ("action_ids", "objective_ids"):
            Line = self.env[self._fields[name].comodel_name]
            commands = vals.get(name)
            if not commands or any(
                command[0] != Command.UPDATE
                or not set(command[2]) <= Line._kam_unlocked_fields
                for command in commands
            ):
                continue
            lines = Line.browse([command[1] for command in commands])
            if not lines.plan_id <= self:
                continue
            for line, command in zip(lines, vals.pop(name), strict=True):
                line.write(command[2])
        return vals

    @api.ondelete(at_uninstall=False)
    def _unlink_except_history(self):
        kept = self.filtered(lambda p: p.state != "draft" or p.previous_plan_id)
        if kept:
            raise UserError(
                self.env._(
                    "%s cannot be deleted: submitted, approved and revised plans "
                    "are kept. Close it instead.",
                    kept[0].display_name,
                )
            )

    def _kam_touch(self):
        self.sudo().with_context(tracking_disable=True).write(
            {"content_date": fields.Datetime.now()}
        )

    def _kam_check_editor(self):
        """Content is written by the account's core team, its manager and the
        Head of KAM: the record rules say who."""
        self.check_access("write")

    def action_measure(self):
        """Measure the plan's revenue and measured objectives now."""
        self.check_access("read")
        self._kam_measure()

    def _kam_measure(self):
        """Measure the open plans among these: their revenue and measured
        objectives, each read in one query for all of them."""
        self.flush_model(["state", "partner_id", "company_id", "our_revenue"])
        self.env.cr.execute(
            SQL(
                """
                SELECT p.id, p.partner_id, p.company_id,
                       COALESCE(p.our_revenue, 0)::float8, c.currency_id
                  FROM kam_plan p
                  LEFT JOIN res_company c ON c.id = p.company_id
                 WHERE p.id = ANY(%s::int[]) AND p.state != 'closed'
                """,
                pg_array(self.ids),
            )
        )
        plans = [MeasuredPlan(*row) for row in self.env.cr.fetchall()]
        families = (
            self.env["res.partner"].browse({plan.account for plan in plans})
        )._kam_families()
        self._kam_measure_revenue(plans, families)
        open_plans = self.browse(plan.id for plan in plans)
        self.env["kam.plan.objective"].sudo()._kam_measure(open_plans, families)
        self.env["kam.data.source"]._kam_write_measured(
            open_plans, {}, measured_on=self.env.cr.now()
        )

    @api.model
    def _cron_measure(self, auto_commit=True):
        """Measure every open plan, in chunks, each committed in its own
        transaction."""
        self.env["ir.cron"]._kam_run_in_chunks(
            self.sudo().search([("state", "!=", "closed")], order="id"),
            self.env["kam.plan.objective"]._kam_measure_chunk,
            lambda plans: plans._kam_measure(),
            auto_commit,
        )
        self.env["res.company"]._kam_cron_measure_key_share()

    def action_kam_open_access(self):
        """Who can see this plan: its account's Access tab."""
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Who can see %s", self.display_name),
            "res_model": "res.partner",
            "res_id": self.partner_id.id,
            "views": [
                (self.env.ref("kam_module.res_partner_view_form_kam_access").id, "form")
            ],
            "target": "new",
        }

    def action_request_approval(self):
        """The form's Submit: an incomplete plan shows what it lacks and asks
        first."""
        self.ensure_one()
        if not self._kam_gaps()[0]:
            return self.action_submit()
        self._kam_transition(
            ("draft", "rejected"), self.env._("submit"), "action_submit"
        )
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Submit an Incomplete Plan"),
            "res_model": "kam.plan.submit.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_plan_id": self.id},
        }

    def action_submit(self):
        self._kam_transition(
            ("draft", "rejected"), self.env._("submit"), "action_submit"
        )
        for plan in self:
            plan.sudo().write(
                {
                    "state": "submitted",
                    "submitted_by_id": self.env.uid,
                    "kam_involved_user_ids": [
                        Command.set((plan.kam_user_id | self.env.user).ids)
                    ],
                }
            )
        self._kam_ask_heads(
            lambda plan: self.env._(
                "%(user)s submits %(plan)s for approval.",
                user=self.env.user.name,
                plan=plan.display_name,
            )
        )
        return True

    def action_approve(self):
        self._kam_transition(("submitted",), self.env._("approve"))
        self._kam_check_four_eyes(self.env._("approve"))
        self._kam_check_one_approved()
        # Approving a revision closes the plan it revises.
        self.previous_plan_id.filtered(lambda p: p.state == "approved").sudo().write(
            {"state": "closed"}
        )
        self.sudo().write(
            {
                "state": "approved",
                "approver_id": self.env.uid,
                "approval_date": fields.Datetime.now(),
                "rejection_reason": False,
            }
        )
        self._kam_close_asks(self.env._("Approved."))
        return True

    def action_reject(self):
        self._kam_transition(("submitted",), self.env._("reject"))
        self._kam_check_four_eyes(self.env._("reject"))
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Reject Plan"),
            "res_model": "kam.plan.reject.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_plan_id": self.id},
        }

    def _kam_reject(self, reason):
        self._kam_transition(("submitted",), self.env._("reject"))
        self._kam_check_four_eyes(self.env._("reject"))
        self.sudo().write({"state": "rejected", "rejection_reason": reason})
        for plan in self:
            plan.message_post(
                body=self.env._("Plan rejected. Reason: %s", reason),
                subtype_xmlid="mail.mt_note",
            )
        self._kam_close_asks(self.env._("Rejected: %s", reason))

    def action_reset_to_draft(self):
        self._kam_transition(
            ("submitted", "rejected"),
            self.env._("reset to draft"),
            "action_reset_to_draft",
        )
        self.sudo().write({"state": "draft", "submitted_by_id": False})
        self._kam_withdraw_asks()
        return True

    def action_revise(self):
        """A new draft revision with all the content and lines; approving it
        closes this one."""
        self.ensure_one()
        self._kam_transition(("approved",), self.env._("revise"), "action_revise")
        period = {}
        if self.date_end < fields.Date.context_today(self):
            # The period is over: the revision plans the next one.
            start, end = self._default_dates()
            period = {"date_start": start, "date_end": end}
        revision = self.copy({"name": self.name, **period})
        revision.sudo().write(
            {
                "revision": self.revision + 1,
                "previous_plan_id": self.id,
                "reference": self.reference,
                # Shown to the customer, as a proposal, once approved.
                "share_with_customer": self.share_with_customer,
            }
        )
        objectives = dict(zip(self.objective_ids, revision.objective_ids, strict=True))
        self.env["kam.plan.action"].create(
            [
                dict(
                    vals,
                    # The work done so far goes on in the revision.
                    state=action.state,
                    plan_id=revision.id,
                    objective_id=objectives[action.objective_id].id
                    if action.objective_id
                    else False,
                )
                for action, vals in zip(
                    self.action_ids, self.action_ids.copy_data(), strict=True
                )
            ]
        )
        # Its measured objectives read their values over the new period.
        revision._kam_measure()
        return {
            "type": "ir.actions.act_window",
            "res_model": "kam.plan",
            "res_id": revision.id,
            "view_mode": "form",
        }

    def action_close(self):
        self._kam_transition(
            ("approved", "rejected", "draft"), self.env._("close"), "action_close"
        )
        self.sudo().write({"state": "closed"})
        return True

    @api.model
    def _kam_hand_over(self, accounts, from_user, to_user):
        """The plans' manager follows the account; the giver's open actions go
        to the receiver."""
        Action = self.env["kam.plan.action"].sudo()
        actions = Action.search(
            [
                ("plan_id.partner_id", "in", accounts.ids),
                ("user_id", "=", from_user.id),
                ("state", "in", ("todo", "in_progress")),
            ]
        )
        actions.write({"user_id": to_user.id})
        done = {}
        for account in actions.plan_id.partner_id:
            count = len(
                actions.filtered(lambda a, p=account: a.plan_id.partner_id == p)
            )
            done[account] = [self.env._("%s open plan actions", count)]
        return done

    @api.model
    def _kam_merge(self, src_partners, dst_partner):
        """Plans all go to the merged account; one approved plan stays
        approved, the others are closed, never lost."""
        Plan = self.env["kam.plan"].sudo()
        approved = Plan.search(
            [
                ("partner_id", "in", (src_partners | dst_partner).ids),
                ("state", "=", "approved"),
            ],
            order="approval_date desc, id desc",
        )
        keep = (
            approved.filtered(lambda p: p.partner_id == dst_partner)[:1] or approved[:1]
        )
        (approved - keep).write({"state": "closed"})
