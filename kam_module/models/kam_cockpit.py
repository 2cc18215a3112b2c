# Copyright 2026 KAM Module Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from datetime import timedelta

from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import AccessError

from .kam_account_health import HEALTH
from .kam_account_score import QUADRANTS
from .kam_review import REVIEW_STATES

# Accounts listed on the cockpit, the most critical first.
LISTED_ACCOUNTS = 12
# The actions the cockpit opens, by name; the Head of KAM's ones.
ACTIONS = {
    "accounts": "res_partner_action_kam",
    "reviews": "kam_review_action",
    "actions": "kam_plan_action_action_mine",
    "plans": "kam_plan_action",
    "to_approve": "kam_plan_action_to_approve",
    "to_sign_off": "kam_review_action_to_sign_off",
}
HEAD_ACTIONS = ("plans", "to_approve", "to_sign_off")
# The score trend compares with the average score of this window, in days ago.
TREND_WINDOW = (120, 90)


def _growth(value, before):
    """The growth from ``before`` to ``value``, in %; None from nothing."""
    return 100 * (value - before) / before if before else None


class KamCockpit(models.AbstractModel):
    """The home of managers: what needs them today, in counts that open the
    records, read with the user's own rights in a fixed number of queries."""

    _name = "kam.cockpit"
    _description = "Key Account Cockpit"

    @api.model
    def get_cockpit(self):
        user = self.env.user
        if not user.has_group("kam_module.group_kam_manager"):
            raise AccessError(
                self.env._("The cockpit is for Key Account Managers and Heads of KAM.")
            )
        today = fields.Date.context_today(self)
        mine = [*self._key_accounts(), ("kam_user_id", "=", user.id)]
        is_head = user.has_group("kam_module.group_kam_head")
        actions = {
            name: self.env["ir.actions.act_window"]._for_xml_id(f"kam_module.{xmlid}")
            for name, xmlid in ACTIONS.items()
            if is_head or name not in HEAD_ACTIONS
        }
        data = {
            "accounts": self._listed_accounts(mine, today),
            "tiles": self._manager_tiles(actions, mine, today),
            "is_head": is_head,
        }
        if is_head:
            data["tiles"] += self._head_tiles(actions)
            data["portfolio"] = self._portfolio(actions)
            data["revenue_share"] = self._revenue_share()
        return data

    @api.model
    def action_measure_revenue_share(self):
        """A Head of KAM measures the key accounts' share of revenue now,
        rather than wait for the night."""
        if not self.env.user.has_group("kam_module.group_kam_head"):
            raise AccessError(
                self.env._("The key accounts' share of revenue is for Heads of KAM.")
            )
        self.env.companies.sudo()._kam_measure_key_share()
        return self._revenue_share()

    def _key_accounts(self):
        """The key accounts of the companies the user works in now; shared
        partners are the main company's."""
        companies = self.env.companies
        main = self.env["kam.score.engine"]._scoring_company(False)
        shared = [False] if main in companies else []
        return [("kam_state", "=", "key"), ("company_id", "in", companies.ids + shared)]

    def _tile(self, action, title, domain, tone="secondary", count=None, empty=None):
        """A count (of ``domain`` unless given), and ``action`` opening what
        it counts: at 0, an empty state saying ``empty`` (else the action's
        help), never sample records."""
        if count is None:
            count = self.env[action["res_model"]].search_count(domain)
        action = dict(
            action,
            name=title,
            display_name=title,
            domain=domain,
            context={},
            help=Markup('<p class="o_view_nocontent_smiling_face">%s</p>') % empty
            if empty
            else action["help"],
            useSampleModel=False,
        )
        return {
            "title": title,
            "count": count,
            "tone": tone if count else "secondary",
            "action": action,
        }

    def _manager_tiles(self, actions, mine, today):
        uid = self.env.uid
        soon = today + timedelta(days=30)
        mine_reviews = ["|", ("kam_user_id", "=", uid), ("user_id", "=", uid)]
        accounts = actions["accounts"]
        health = dict(
            self.env["res.partner"]._read_group(mine, ["kam_health"], ["__count"])
        )
        return [
            self._tile(
                accounts,
                self.env._("My Key Accounts"),
                mine,
                "primary",
                count=sum(health.values()),
                empty=self.env._("You manage no key account yet"),
            ),
            self._tile(
                accounts,
                self.env._("Critical"),
                [*mine, ("kam_health", "=", "red")],
                "danger",
                count=health.get("red", 0),
                empty=self.env._("None of your key accounts is critical"),
            ),
            self._tile(
                accounts,
                self.env._("At Risk"),
                [*mine, ("kam_health", "=", "amber")],
                "warning",
                count=health.get("amber", 0),
                empty=self.env._("None of your key accounts is at risk"),
            ),
            self._tile(
                actions["reviews"],
                self.env._("Reviews Overdue"),
                [*mine_reviews, ("is_overdue", "=", True)],
                "danger",
                empty=self.env._("No review of yours is overdue"),
            ),
            self._tile(
                actions["reviews"],
                self.env._("Reviews Due in 30 Days"),
                [
                    *mine_reviews,
                    ("state", "=", "planned"),
                    ("date", ">=", today),
                    ("date", "<=", soon),
                ],
                "info",
                empty=self.env._("No review of yours is due in the next 30 days"),
            ),
            self._tile(
                actions["actions"],
                self.env._("Actions Overdue"),
                [
                    "|",
                    ("user_id", "=", uid),
                    ("plan_id.kam_user_id", "=", uid),
                    ("plan_id.state", "=", "approved"),
                    ("state", "in", ("todo", "in_progress")),
                    ("deadline", "<", today),
                ],
                "danger",
                empty=self.env._("No action of your plans is overdue"),
            ),
            self._tile(
                accounts,
                self.env._("Coverage Gaps"),
                [*mine, ("kam_gap_count", ">", 0)],
                "warning",
                empty=self.env._("Your key accounts have no coverage gap"),
            ),
        ]

    def _head_tiles(self, actions):
        return [
            self._tile(
                actions["to_approve"],
                self.env._("Plans to Approve"),
                [("kam_may_decide", "=", True)],
                "primary",
            ),
            self._tile(
                actions["to_sign_off"],
                self.env._("Reviews to Sign Off"),
                [("kam_may_decide", "=", True)],
                "primary",
            ),
        ]

    def _listed_accounts(self, mine, today):
        """The user's key accounts, critical ones first, with their score
        trend."""
        Partner = self.env["res.partner"]
        accounts = Partner.union(
            *(
                Partner.search(
                    [*mine, ("kam_health", "=", health)],
                    order="kam_score desc, id",
                    limit=LISTED_ACCOUNTS,
                )
                for health in ("red", "amber", "green")
            )
        )[:LISTED_ACCOUNTS]
        since, until = (today - timedelta(days=days) for days in TREND_WINDOW)
        before = dict(
            self.env["kam.score.history"]._read_group(
                [
                    ("partner_id", "in", accounts.ids),
                    ("date", ">=", since),
                    ("date", "<=", until),
                ],
                ["partner_id"],
                ["score:avg"],
            )
        )
        health = dict(HEALTH)
        return [
            {
                "id": account.id,
                "name": account.display_name,
                "health": account.kam_health,
                "health_label": health.get(account.kam_health, ""),
                "score": account.kam_score,
                "trend": account.kam_score - before[account]
                if account in before
                else None,
                "tier": account.kam_tier_id.display_name or "",
                "next_review": account.kam_next_review_date
                and fields.Date.to_string(account.kam_next_review_date),
                "gaps": account.kam_gap_count,
                "currency_id": account.kam_currency_id.id,
                "revenue": account.kam_revenue,
                "revenue_target": account.kam_revenue_target,
                "revenue_gap": account.kam_revenue_gap,
            }
            for account in accounts
        ]

    def _revenue_share(self):
        """The key accounts' share of each company's revenue, and its growth
        against the rest's, as measured by the nightly job; the approved
        plans' revenue against their targets."""
        # Sums of nothing measured yet are NULL.
        plans = {
            company: (revenue or 0.0, target or 0.0)
            for company, revenue, target in self.env["kam.plan"]._read_group(
                [("state", "=", "approved"), ("partner_id.kam_state", "=", "key")],
                ["company_id"],
                ["our_revenue:sum", "revenue_target:sum"],
            )
        }
        return {
            "measurable": bool(self.env["res.company"]._kam_revenue_source()),
            "companies": [
                self._company_share(company, *plans.get(company, (0.0, 0.0)))
                for company in self.env.companies
            ],
        }

    def _company_share(self, company, revenue, target):
        key, key_prev = company.kam_key_revenue, company.kam_key_revenue_prev
        total, total_prev = company.kam_total_revenue, company.kam_total_revenue_prev
        return {
            "id": company.id,
            "name": company.name,
            "currency_id": company.currency_id.id,
            "measured_on": company.kam_revenue_measured_on
            and fields.Date.to_string(company.kam_revenue_measured_on),
            "key_revenue": key,
            "total_revenue": total,
            "share": total and 100 * key / total,
            "key_growth": _growth(key, key_prev),
            "rest_growth": _growth(total - key, total_prev - key_prev),
            "plan_revenue": revenue,
            "plan_target": target,
            "plan_gap": revenue - target,
        }

    def _portfolio(self, actions):
        """The Head of KAM's portfolio: key accounts by tier and quadrant,
        by health, plans by state, and the last quarter's reviews."""
        Partner = self.env["res.partner"]
        keys = self._key_accounts()
        today = fields.Date.context_today(self)
        quarter = today - timedelta(days=91)
        tiers = Partner._read_group(
            keys, ["kam_tier_id", "kam_portfolio_quadrant"], ["__count"]
        )
        health = dict(Partner._read_group(keys, ["kam_health"], ["__count"]))
        plans = self.env["kam.plan"]._read_group([], ["state"], ["__count"])
        reviews = self.env["kam.review"]._read_group(
            [("date", ">=", quarter), ("date", "<=", today)], ["state"], ["__count"]
        )
        by_state = dict(reviews)
        return {
            "tiers": [
                {
                    "tier": tier.display_name or self.env._("No tier"),
                    "tier_id": tier.id,
                    "quadrant": quadrant or False,
                    "count": count,
                }
                for tier, quadrant, count in tiers
            ],
            "quadrants": QUADRANTS,
            "health": [
                {"health": key, "label": label, "count": health.get(key, 0)}
                for key, label in HEALTH
            ],
            "plans": [{"state": state, "count": count} for state, count in plans],
            "plan_states": dict(
                self.env["kam.plan"]._fields["state"]._description_selection(self.env)
            ),
            "reviews": {
                "held": by_state.get("done", 0),
                "due": by_state.get("done", 0) + by_state.get("planned", 0),
                "since": fields.Date.to_string(quarter),
                "until": fields.Date.to_string(today),
            },
            "review_states": dict(REVIEW_STATES),
            "actions": actions,
            "domain": keys,
        }
