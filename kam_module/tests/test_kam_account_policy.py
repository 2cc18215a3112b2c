# Copyright 2026 KAM Module Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from datetime import timedelta

from odoo import Command, fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import KamReviewCommon

MUTED = ("odoo.addons.base.models.ir_model", "odoo.addons.base.models.ir_rule")


class Allowed(Exception):
    """Rolls back an action that went through."""


HOSTILE = {"tz": "Pacific/Kiritimati", "lang": "fr_FR"}


@tagged("post_install", "-at_install")
class TestKamAccountPolicy(KamReviewCommon):
    """One policy decides who runs each action, who decides, and what the
    lists to decide show; it holds over time and whatever the context."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.head_2 = cls._kam_user("kam_head_2", "kam_module.group_kam_head")

    def _submitted(self, plan=None, user=None):
        plan = plan or self.plan
        plan.with_user(user or self.manager).action_submit()
        return plan

    def _hand(self, account, user):
        account.with_user(self.head_2).write({"kam_user_id": user.id})

    # Four eyes over time ---------------------------------------------------

    def test_a_head_who_managed_the_account_never_approves_its_plan(self):
        """The probe's swap: the Head manages the account at submission,
        hands it over, approves, takes it back."""
        self._hand(self.account, self.head)
        plan = self._submitted(user=self.member)
        self.assertEqual(plan.kam_involved_user_ids, self.head | self.member)
        self._hand(self.account, self.manager)
        self.assertFalse(plan.with_user(self.head).kam_may_decide)
        with self.assertRaisesRegex(UserError, "Four eyes"):
            plan.with_user(self.head).action_approve()
        self._hand(self.account, self.head)
        self.assertEqual(plan.state, "submitted")
        plan.with_user(self.head_2).action_approve()
        self.assertEqual(plan.state, "approved")

    def test_who_managed_the_account_while_it_waited_never_decides(self):
        plan = self._submitted()
        self._hand(self.account, self.head)
        self._hand(self.account, self.manager)
        for action in ("action_approve", "action_reject"):
            with self.assertRaisesRegex(UserError, "Four eyes"):
                getattr(plan.with_user(self.head), action)()
        # A new submission starts a new set of people behind it.
        plan.with_user(self.head_2).action_reset_to_draft()
        self._submitted(plan)
        self.assertEqual(plan.kam_involved_user_ids, self.manager)
        plan.with_user(self.head).action_approve()

    def test_who_managed_the_account_since_a_review_was_held_never_signs_it(self):
        self._hold(self.review)
        self._hand(self.account, self.head)
        self._hand(self.account, self.manager)
        self.assertFalse(self.review.with_user(self.head).kam_may_decide)
        with self.assertRaisesRegex(UserError, "Four eyes"):
            self.review.with_user(self.head).action_sign_off()
        self.review.with_user(self.head_2).action_sign_off()

    # Who runs each action --------------------------------------------------

    @mute_logger(*MUTED)
    def test_every_action_checks_its_right(self):
        """Each action of ``_kam_action_rights``, run by who lacks its right
        on a document in the right state, is refused by the policy."""
        approved = self._plan(self.account)
        approved.sudo().write({"state": "approved"})
        self.plan.sudo().write({"state": "rejected"})
        documents = {
            "action_submit": self.plan,
            "action_reset_to_draft": self.plan,
            "action_revise": approved,
            "action_close": approved,
            "action_kam_share": approved,
            "action_done": self.review,
            "action_cancel": self.review,
        }
        lacking = {"edit": self.extended, "manage": self.member}
        for model in (self.Plan, self.Review):
            for action, right in model._kam_action_rights.items():
                document = documents[action]
                with (
                    self.subTest(action=action),
                    self.assertRaisesRegex(AccessError, "only .* may do this"),
                ):
                    getattr(document.with_user(lacking[right]), action)()
        self.assertEqual(
            set(documents),
            {*self.Plan._kam_action_rights, *self.Review._kam_action_rights},
        )

    @mute_logger(*MUTED)
    def test_core_members_submit_managers_and_heads_close_and_revise(self):
        self._submitted(user=self.member)
        self.plan.with_user(self.head).action_approve()
        for action in ("action_close", "action_revise"):
            with self.assertRaisesRegex(AccessError, "only .* may do this"):
                getattr(self.plan.with_user(self.member), action)()
        self.assertFalse(self.plan.with_user(self.member).kam_may_manage)
        self.assertTrue(self.plan.with_user(self.member).kam_may_edit)
        self.assertTrue(self.plan.with_user(self.manager).kam_may_manage)
        self.assertTrue(self.plan.with_user(self.head_2).kam_may_manage)
        self.plan.with_user(self.manager).action_revise()
        self.plan.with_user(self.head_2).action_close()
        self.assertEqual(self.plan.state, "closed")

    def test_the_lists_to_decide_hold_exactly_what_the_head_may_decide(self):
        own = self._plan(self.account)
        self._hand(self.account, self.head)
        self._submitted(own, self.head)
        self._hand(self.account, self.manager)
        theirs = self._submitted(self._plan(self.other_account), self.manager_2)
        self._hold(self.review)
        for head in (self.head, self.head_2):
            for model, decide in (
                (self.Plan, "action_approve"),
                (self.Review, "action_sign_off"),
            ):
                listed = model.with_user(head).search([("kam_may_decide", "=", True)])
                pending = model.search(model._kam_pending_domain())
                allowed = pending.filtered(
                    lambda d, h=head, a=decide: self._may(getattr(d.with_user(h), a))
                )
                with self.subTest(head=head.login, model=model._name):
                    self.assertEqual(listed, allowed)
        self.assertNotIn(
            own, self.Plan.with_user(self.head).search([("kam_may_decide", "=", True)])
        )
        self.assertIn(
            theirs,
            self.Plan.with_user(self.head).search([("kam_may_decide", "=", True)]),
        )
        tiles = self.env["kam.cockpit"].with_user(self.head).get_cockpit()["tiles"]
        counts = {tile["title"]: tile["count"] for tile in tiles}
        self.assertEqual(
            counts["Plans to Approve"],
            self.Plan.with_user(self.head).search_count(
                [("kam_may_decide", "=", True)]
            ),
        )

    def test_every_heads_lists_to_decide_match_what_they_may_decide(self):
        """Over the demo data and this test's: every Head of KAM (the demo's
        included), each list against the action itself."""
        self._submitted(self._plan(self.other_account), self.manager_2)
        self._hold(self.review)
        heads = self.env.ref("kam_module.group_kam_head").users.filtered(
            lambda u: not u.share
        )
        self.assertGreaterEqual(len(heads), 3)
        for head in heads:
            for model, decide in (
                (self.Plan, "action_approve"),
                (self.Review, "action_sign_off"),
            ):
                listed = model.with_user(head).search([("kam_may_decide", "=", True)])
                pending = model.search(model._kam_pending_domain())
                with self.subTest(head=head.login, model=model._name):
                    self.assertEqual(
                        listed,
                        pending.filtered(
                            lambda d, h=head, a=decide: self._may(
                                getattr(d.with_user(h), a)
                            )
                        ),
                    )

    def _may(self, action):
        """Whether ``action`` goes through; it is rolled back either way."""
        try:
            with self.env.cr.savepoint():
                action()
                raise Allowed
        except Allowed:
            return True
        except (AccessError, UserError):
            return False
        finally:
            self.env.invalidate_all()

    # Locks ------------------------------------------------------------------

    @mute_logger(*MUTED)
    def test_progress_only_on_approved_plans_and_held_reviews_keep_their_date(self):
        action = self._action(self.plan, self.member)
        objective = self.plan.objective_ids
        self._submitted()
        self.plan.with_user(self.head).action_approve()
        # The form sends progress through the plan's one2many fields.
        self.plan.with_user(self.member).write(
            {
                "action_ids": [Command.update(action.id, {"state": "done"})],
                "objective_ids": [Command.update(objective.id, {"current_value": 150})],
            }
        )
        self.assertEqual((action.state, objective.current_value), ("done", 150))
        # An extended member reports the progress of their own action from the
        # form, without writing the plan; not someone else's.
        own = self.env["kam.plan.action"].create(
            {"plan_id": self.plan.id, "name": "Site visit", "user_id": self.extended.id}
        )
        self.plan.with_user(self.extended).write(
            {"action_ids": [Command.update(own.id, {"state": "in_progress"})]}
        )
        self.assertEqual(own.state, "in_progress")
        with self.assertRaises(AccessError), self.env.cr.savepoint():
            self.plan.with_user(self.extended).write(
                {"action_ids": [Command.update(action.id, {"state": "todo"})]}
            )
        for vals in (
            {"action_ids": [Command.create({"name": "Sneaked in"})]},
            {"action_ids": [Command.delete(action.id)]},
            {"objective_ids": [Command.update(objective.id, {"target_value": 1})]},
        ):
            with self.assertRaisesRegex(UserError, "locked"), self.env.cr.savepoint():
                self.plan.with_user(self.manager).write(vals)
        self.plan.with_user(self.head).action_close()
        for record, vals in (
            (action, {"state": "todo"}),
            (objective, {"current_value": 10}),
        ):
            for user in (self.member, self.manager, self.head):
                with (
                    self.assertRaisesRegex(UserError, "locked"),
                    self.env.cr.savepoint(),
                ):
                    record.with_user(user).write(vals)
        self._hold(self.review)
        with self.assertRaisesRegex(UserError, "keeps its organizer and date"):
            self.review.with_user(self.head).write({"date": "2030-01-01"})

    # Context ----------------------------------------------------------------

    def test_a_seat_starting_tomorrow_opens_nothing_today_in_any_time_zone(self):
        tomorrow = fields.Date.today() + timedelta(days=1)
        self.core_seat.date_start = tomorrow
        for context in ({}, {"tz": "Pacific/Kiritimati"}, {"tz": "Etc/GMT-14"}):
            member = self.member.with_context(**context)
            with self.subTest(context=context):
                self.assertFalse(
                    self.Plan.with_user(member)
                    .with_context(**context)
                    .search([("partner_id", "=", self.account.id)])
                )
                self.assertFalse(
                    self.account.with_user(member)
                    .with_context(**context)
                    .kam_is_on_team
                )

    def test_every_rule_reads_the_same_in_a_hostile_context(self):
        """Each model with a rule of this module, searched by every role with
        a time zone, a language and companies of its own choosing: the same
        records, or a refusal."""
        self.env.ref("base.lang_fr").active = True
        rules = self.env["ir.rule"].search(
            [
                (
                    "id",
                    "in",
                    self.env["ir.model.data"]
                    .search([("module", "=", "kam_module"), ("model", "=", "ir.rule")])
                    .mapped("res_id"),
                )
            ]
        )
        other_company = self.env["res.company"].create({"name": "Hostile Co"})
        foreign_head = self._kam_user(
            "kam_foreign_head", "kam_module.group_kam_head", company=other_company
        )
        users = (
            self.portal,
            self.rep,
            self.member,
            self.extended,
            self.manager,
            self.head,
            foreign_head,
            self.admin,
        )
        for model_name in set(rules.model_id.mapped("model")):
            Model = self.env[model_name]
            for user in users:
                if not Model.with_user(user).has_access("read"):
                    continue
                plain = Model.with_user(user).search([]).ids
                for context in (
                    HOSTILE,
                    {"allowed_company_ids": [other_company.id, self.company.id]},
                ):
                    with self.subTest(
                        model=model_name, user=user.login, context=context
                    ):
                        try:
                            hostile = (
                                Model.with_user(user)
                                .with_context(**context)
                                .search([])
                                .ids
                            )
                        except AccessError:
                            continue
                        self.assertEqual(hostile, plain)
