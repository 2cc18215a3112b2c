# Copyright 2026 KAM Module Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import json

from odoo import Command, fields
from odoo.tests import HttpCase, TransactionCase, new_test_user


def utc_env(env):
    """The test users have no time zone: dates are UTC for everyone, not
    Brussels for the superuser, which would make seats created after 23:00
    UTC start "tomorrow" for them."""
    return env(context=dict(env.context, tz="UTC"))


class KamHttpCommon(HttpCase):
    """Browser tours, with the test users' dates."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = utc_env(cls.env)

    def _call_kw_error(self, model, method, args):
        """Call the ORM as the web client does; return the JSON-RPC error."""
        response = self.url_open(
            f"/web/dataset/call_kw/{model}/{method}",
            data=json.dumps(
                {
                    "jsonrpc": "2.0",
                    "method": "call",
                    "params": {
                        "model": model,
                        "method": method,
                        "args": args,
                        "kwargs": {},
                    },
                }
            ),
            headers={"Content-Type": "application/json"},
        )
        return response.json()["error"]["data"]


class KamCommon(TransactionCase):
    """One user per role of the spec, and a customer with a contact."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = utc_env(cls.env)
        cls.company = cls.env.company
        cls.rep = cls._kam_user("kam_rep", "base.group_user,base.group_partner_manager")
        cls.member = cls._kam_user("kam_member", "kam_module.group_kam_user")
        cls.manager = cls._kam_user("kam_manager", "kam_module.group_kam_manager")
        cls.manager_2 = cls._kam_user("kam_manager_2", "kam_module.group_kam_manager")
        cls.head = cls._kam_user("kam_head", "kam_module.group_kam_head")
        cls.admin = cls._kam_user("kam_admin", "kam_module.group_kam_admin")
        cls.portal = new_test_user(
            cls.env, login="kam_portal", groups="base.group_portal"
        )
        cls.customer = cls.env["res.partner"].create(
            {"name": "Gamma Rail", "is_company": True, "company_id": cls.company.id}
        )
        cls.contact = cls.env["res.partner"].create(
            {"name": "Ines Roth", "parent_id": cls.customer.id}
        )

    @classmethod
    def _kam_user(cls, login, groups, company=None):
        company = company or cls.company
        return new_test_user(
            cls.env,
            login=login,
            groups=groups,
            company_id=company.id,
            company_ids=[company.id],
        )

    @classmethod
    def _key_account(cls, name, manager, **vals):
        """A key account as the Head of KAM would have designated it."""
        return cls.env["res.partner"].create(
            {
                "name": name,
                "is_company": True,
                "company_id": cls.company.id,
                "kam_state": "key",
                "kam_user_id": manager.id,
                **vals,
            }
        )

    @classmethod
    def _approved_plan(cls, account, owner):
        """A complete, fresh plan, approved: the account's health is its own."""
        html = "<p>Filled in.</p>"
        plan = cls.env["kam.plan"].create(
            {
                "name": f"{account.name} plan",
                "partner_id": account.id,
                "profile": html,
                "history": html,
                "relationship_status": html,
                "customer_goals": html,
                "value_proposition": html,
                "swot_ids": [Command.create({"name": "Reliable"})],
                "competitor_ids": [Command.create({"name": "Rival"})],
                "opportunity_ids": [Command.create({"name": "New site"})],
                "objective_ids": [
                    Command.create(
                        {"name": "Grow", "kpi": "Revenue", "target_value": 1}
                    )
                ],
            }
        )
        cls.env["kam.plan.action"].create(
            {
                "plan_id": plan.id,
                "name": "Kick-off",
                "objective_id": plan.objective_ids.id,
                "user_id": owner.id,
                "deadline": "2099-01-01",
            }
        )
        plan.sudo().write({"state": "approved"})
        cls._covered(account, owner)
        return plan

    @classmethod
    def _covered(cls, account, owner):
        """Two contacts mapped, a decision maker owned, both close and
        recently contacted: no coverage gap."""
        contacts = cls.env["res.partner"].create(
            [
                {"name": f"{account.name} {role}", "parent_id": account.id}
                for role in ("CEO", "COO")
            ]
        )
        stakeholders = cls.env["kam.stakeholder"].create(
            [
                {
                    "partner_id": account.id,
                    "contact_id": contact.id,
                    "buying_role": role,
                    "owner_id": owner.id,
                    "relationship_strength": "good",
                }
                for contact, role in zip(
                    contacts, ("decision_maker", "influencer"), strict=True
                )
            ]
        )
        stakeholders.sudo().last_contact_date = fields.Date.today()
        return stakeholders

    @classmethod
    def _score(cls, partners):
        """Score as the Rescore button does, then run the rank job it
        triggers."""
        Engine = cls.env["kam.score.engine"]
        Engine._rescore_accounts(partners)
        Engine._cron_settle_ranks(auto_commit=False)

    def _revoke(self, partners, reason, user):
        action = partners.with_user(user).action_kam_revoke()
        return self._give_reason(action, reason, user)

    def _give_reason(self, action, reason, user):
        """Fill the reason wizard an action opens, as ``user``, and confirm."""
        wizard = (
            self.env[action["res_model"]]
            .with_user(user)
            .with_context(**action["context"])
            .create({"reason": reason})
        )
        return wizard.action_confirm()


class KamScoringCommon(KamCommon):
    """A company of its own, so that only the test's criteria score."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.scoring_company = cls.env["res.company"].create({"name": "KAM Scoring Co"})
        cls.env.user.company_ids += cls.scoring_company
        cls.Criterion = cls.env["kam.score.criterion"].with_company(cls.scoring_company)

    @classmethod
    def _account(cls, name, colors=(), company=None, **vals):
        """An account whose contacts carry the given colors: the raw data of
        the computed criteria of these tests (sum of the contacts' color)."""
        company = company or cls.scoring_company
        account = cls.env["res.partner"].create(
            {"name": name, "is_company": True, "company_id": company.id, **vals}
        )
        cls.env["res.partner"].create(
            [
                {"name": f"{name} contact {i}", "parent_id": account.id, "color": color}
                for i, color in enumerate(colors)
            ]
        )
        return account

    @classmethod
    def _color_criterion(cls, **vals):
        """Computed criterion: aggregate of the contacts' color."""
        field = cls.env["ir.model.fields"]._get
        return cls.Criterion.create(
            {
                "name": "Contact colors",
                "source": "computed",
                "model_id": cls.env["ir.model"]._get("res.partner").id,
                "partner_field_id": field("res.partner", "parent_id").id,
                "measure_field_id": field("res.partner", "color").id,
                "aggregate": "sum",
                "period_months": 0,
                "company_id": cls.scoring_company.id,
                **vals,
            }
        )

    @classmethod
    def _manual_criterion(cls, **vals):
        return cls.Criterion.create(
            {
                "name": "Judgement",
                "source": "manual",
                "company_id": cls.scoring_company.id,
                **vals,
            }
        )

    def _line(self, account, criterion):
        return self.env["kam.score.line"].search(
            [("partner_id", "=", account.id), ("criterion_id", "=", criterion.id)]
        )


class KamTeamCommon(KamCommon):
    """Two key accounts of two managers; on the first, a core and an
    extended member besides its manager."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.extended = cls._kam_user("kam_extended", "kam_module.group_kam_user")
        cls.Seat = cls.env["kam.team.member"]
        cls.role = cls.env.ref("kam_module.kam_team_role_project_manager")
        cls.account = cls._key_account("Owned Freight", cls.manager)
        cls.other_account = cls._key_account("Foreign Freight", cls.manager_2)
        cls.core_seat = cls._seat(cls.account, cls.member, "core", allocation=50)
        cls.extended_seat = cls._seat(cls.account, cls.extended, "extended")

    @classmethod
    def _seat(cls, account, user, membership="core", **vals):
        return cls.Seat.create(
            {
                "partner_id": account.id,
                "user_id": user.id,
                "role_id": cls.role.id,
                "membership": membership,
                **vals,
            }
        )

    @classmethod
    def _history(cls, accounts):
        """Scores and a history row: what a member reads of their accounts."""
        cls._score(accounts)
        cls.env["kam.score.history"].create(
            [{"partner_id": a.id, "date": "2026-01-05", "score": 40} for a in accounts]
        )

    @classmethod
    def _manager_seat(cls, account):
        return account.with_context(active_test=False).kam_team_member_ids.filtered(
            lambda seat: seat.user_id == account.kam_user_id
        )


PLAN_SECTIONS = {
    "profile": "<p>Swiss logistics leader, 2,400 staff.</p>",
    "history": "<p>Supplier since 2019; customs software since 2023.</p>",
    "relationship_status": "<p>Interdependent; the CEO sponsors us.</p>",
    "customer_goals": "<p>Cut customs clearance time by half.</p>",
    "value_proposition": "<p>One platform for warehouse and customs.</p>",
}


class KamPlanCommon(KamTeamCommon):
    """A draft plan of the first account, with one objective and its action."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Plan = cls.env["kam.plan"]
        cls.plan = cls._plan(cls.account)

    @classmethod
    def _plan(cls, account, **vals):
        return cls.Plan.create(
            {
                "name": f"{account.name} plan",
                "partner_id": account.id,
                "objective_ids": [
                    Command.create(
                        {
                            "name": "Grow customs revenue",
                            "kpi": "Annual revenue",
                            "baseline": 100,
                            "target_value": 200,
                            "current_value": 100,
                        }
                    )
                ],
                **vals,
            }
        )

    @classmethod
    def _complete(cls, plan):
        """Every section, SWOT item, competitor and opportunity, and an action
        of the member."""
        plan.write(
            {
                **PLAN_SECTIONS,
                "swot_ids": [
                    Command.create({"kind": kind, "name": f"{kind} item"})
                    for kind in ("strength", "weakness", "opportunity", "threat")
                ],
                "competitor_ids": [
                    Command.create({"name": "Rival AG", "share_of_wallet": 35})
                ],
                "opportunity_ids": [
                    Command.create(
                        {
                            "name": "Basel hub",
                            "estimated_value": 400000,
                            "probability": 60,
                        }
                    )
                ],
            }
        )
        cls._action(plan, cls.member)
        return plan

    @classmethod
    def _action(cls, plan, user, **vals):
        return cls.env["kam.plan.action"].create(
            {
                "plan_id": plan.id,
                "name": "Workshop with the customs team",
                "objective_id": plan.objective_ids[:1].id,
                "user_id": user.id,
                "deadline": "2027-02-01",
                **vals,
            }
        )

    def _reject(self, plan, reason, user):
        return self._give_reason(plan.with_user(user).action_reject(), reason, user)

    def _cockpit_queries(self, user):
        """The queries of the cockpit, caches warm."""
        Cockpit = self.env["kam.cockpit"].with_user(user)
        for _warm in range(2):
            Cockpit.get_cockpit()
            self.env.invalidate_all()
        with self.assertLogs("odoo.sql_db", "DEBUG") as logs:
            Cockpit.get_cockpit()
        return sum("query:" in line for line in logs.output)


class KamReviewCommon(KamPlanCommon):
    """A planned quarterly business review of the first account, organized
    by its manager."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Review = cls.env["kam.review"]
        cls.quarterly = cls.env.ref("kam_module.kam_review_type_quarterly")
        cls.weekly = cls.env.ref("kam_module.kam_review_type_weekly")
        cls.review = cls._review(cls.account)

    @classmethod
    def _review(cls, account, user=None, **vals):
        """A review as its organizer (the account's manager) creates it."""
        return (
            cls.Review.with_user(user or account.kam_user_id)
            .create(
                {
                    "partner_id": account.id,
                    "review_type_id": cls.quarterly.id,
                    "date": "2026-03-02",
                    **vals,
                }
            )
            .with_user(cls.env.user)
        )

    def _hold(self, review, health="green", user=None):
        review.with_user(user or review.user_id).write({"health": health})
        review.with_user(user or review.user_id).action_done()
