# Copyright 2026 KAM Module Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from psycopg2 import IntegrityError

from odoo import fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import KamPlanCommon

MUTED = ("odoo.addons.base.models.ir_model", "odoo.addons.base.models.ir_rule")


@tagged("post_install", "-at_install")
class TestKamPlanWorkflow(KamPlanCommon):
    """Every transition, and every refusal, with four eyes on approval."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.approval = "kam_module.mail_activity_kam_plan_approval"

    def _approvals(self, plan):
        return plan.activity_ids.filtered(
            lambda a: a.activity_type_id == self.env.ref(self.approval)
        )

    def _state_changes(self, plan):
        self.env.cr.flush()
        plan.invalidate_recordset(["message_ids"])
        return [
            (value.old_value_char, value.new_value_char)
            for value in plan.message_ids.sudo().tracking_value_ids
            if value.field_id.name == "state"
        ]

    def test_submit_approve_tracks_and_closes_the_activity(self):
        self.env.cr.flush()
        self.plan.with_user(self.member).action_submit()
        self.env.cr.flush()
        self.assertEqual(self.plan.state, "submitted")
        self.assertEqual(self.plan.submitted_by_id, self.member)
        self.assertIn(self.head, self._approvals(self.plan).user_id)
        self.plan.with_user(self.head).action_approve()
        self.assertRecordValues(
            self.plan, [{"state": "approved", "approver_id": self.head.id}]
        )
        self.assertFalse(self._approvals(self.plan))
        self.assertIn(("Submitted", "Approved"), self._state_changes(self.plan))
        self.assertIn(("Draft", "Submitted"), self._state_changes(self.plan))

    def test_reject_with_reason_then_resubmit(self):
        self.plan.with_user(self.manager).action_submit()
        self.env.cr.flush()
        self._reject(self.plan, "No KPI for the relationship goal.", self.head)
        self.assertEqual(self.plan.state, "rejected")
        self.assertEqual(
            self.plan.rejection_reason, "No KPI for the relationship goal."
        )
        self.assertIn(
            "No KPI for the relationship goal.", self.plan.message_ids[0].body
        )
        self.assertFalse(self._approvals(self.plan))
        self.assertIn(("Submitted", "Rejected"), self._state_changes(self.plan))
        self.plan.with_user(self.manager).action_submit()
        self.assertEqual(self.plan.state, "submitted")

    def test_rejecting_without_a_reason(self):
        self.plan.with_user(self.manager).action_submit()
        for reason in ("", "   "):
            with (
                self.subTest(reason=reason),
                self.assertRaisesRegex(
                    UserError, "Reason: say why the plan is rejected"
                ),
            ):
                self._reject(self.plan, reason, self.head)
        self.assertEqual(self.plan.state, "submitted")

    def test_reset_to_draft_and_close(self):
        self.plan.with_user(self.manager).action_submit()
        self.plan.with_user(self.manager).action_reset_to_draft()
        self.assertEqual(self.plan.state, "draft")
        self.assertFalse(self._approvals(self.plan))
        self.plan.with_user(self.manager).action_close()
        self.assertEqual(self.plan.state, "closed")
        with self.assertRaisesRegex(UserError, "Cannot submit .* it is closed"):
            self.plan.with_user(self.manager).action_submit()

    def test_four_eyes(self):
        # A Head of KAM who manages the account, or who submitted the plan,
        # never approves it, whatever their groups.
        boss = self._kam_user("kam_boss", "kam_module.group_kam_admin")
        self.account.with_user(self.head).kam_user_id = boss
        self.plan.with_user(boss).action_submit()
        for user, role in ((boss, "Key Account Manager"),):
            with (
                self.subTest(user=user.login),
                self.assertRaisesRegex(UserError, f"Four eyes: .* being its {role}"),
            ):
                self.plan.with_user(user).action_approve()
        self.plan.with_user(boss).action_reset_to_draft()
        self.plan.with_user(self.head).action_submit()
        with self.assertRaisesRegex(UserError, "Four eyes: .* being its Submitter"):
            self.plan.with_user(self.head).action_approve()
        with self.assertRaisesRegex(UserError, "Four eyes"):
            self._reject(self.plan, "Mine.", self.head)
        self.assertEqual(self.plan.state, "submitted")

    @mute_logger(*MUTED)
    def test_approving_without_the_group(self):
        self.plan.with_user(self.manager).action_submit()
        for user in (self.member, self.manager, self.manager_2):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                self.plan.with_user(user).action_approve()
        self.assertEqual(self.plan.state, "submitted")

    @mute_logger(*MUTED)
    def test_one_approved_plan_per_account(self):
        self.plan.with_user(self.manager).action_submit()
        self.plan.with_user(self.head).action_approve()
        second = self._plan(self.account)
        second.with_user(self.manager).action_submit()
        with self.assertRaisesRegex(ValidationError, "already has an approved plan"):
            second.with_user(self.head).action_approve()
        with self.assertRaisesRegex(AccessError, "change only through its buttons"):
            second.with_user(self.head).write({"state": "approved"})
        with mute_logger("odoo.sql_db"), self.assertRaises(IntegrityError):
            with self.env.cr.savepoint():
                second.sudo().write({"state": "approved"})
                second.flush_recordset()
        self.assertEqual(second.state, "submitted")

    def test_approved_content_is_locked_but_progress_is_not(self):
        action = self._action(self.plan, self.extended)
        self.plan.with_user(self.manager).action_submit()
        self.plan.with_user(self.head).action_approve()
        objective = self.plan.objective_ids
        for call in (
            lambda: self.plan.with_user(self.manager).write({"name": "Changed"}),
            lambda: objective.with_user(self.manager).write({"target_value": 300}),
            lambda: action.with_user(self.manager).write({"deadline": "2027-03-01"}),
            lambda: (
                self.env["kam.plan.swot"]
                .with_user(self.manager)
                .create({"plan_id": self.plan.id, "name": "New strength"})
            ),
        ):
            with self.assertRaisesRegex(
                UserError, "is approved: its content is locked"
            ):
                call()
        objective.with_user(self.member).current_value = 150
        action.with_user(self.extended).state = "done"
        self.assertEqual(objective.progress, 50)
        self.assertEqual(self.plan.action_done_count, 1)

    @mute_logger(*MUTED)
    def test_created_plans_start_as_drafts(self):
        for vals, context in (
            ({"state": "approved"}, {}),
            ({"approver_id": self.head.id}, {}),
            ({}, {"default_state": "approved"}),
        ):
            with (
                self.subTest(vals=vals, context=context),
                self.assertRaisesRegex(AccessError, "change only through its buttons"),
                self.env.cr.savepoint(),
            ):
                self.Plan.with_user(self.head).with_context(**context).create(
                    {"name": "Shortcut", "partner_id": self.account.id, **vals}
                )
        self.assertFalse(self.Plan.search([("name", "=", "Shortcut")]))

    def test_revising_a_plan_that_is_not_approved(self):
        with self.assertRaisesRegex(UserError, "Cannot revise .* it is draft"):
            self.plan.with_user(self.manager).action_revise()

    def test_revision_copies_everything_and_closes_the_previous(self):
        self._action(self.plan, self.member)
        self.plan.with_user(self.manager).action_submit()
        self.plan.with_user(self.head).action_approve()
        action = self.plan.with_user(self.manager).action_revise()
        revision = self.Plan.browse(action["res_id"])
        self.assertRecordValues(
            revision,
            [
                {
                    "state": "draft",
                    "revision": 2,
                    "previous_plan_id": self.plan.id,
                    "reference": self.plan.reference,
                }
            ],
        )
        self.assertEqual(revision.objective_ids.name, "Grow customs revenue")
        self.assertEqual(revision.action_ids.objective_id, revision.objective_ids)
        revision.with_user(self.manager).action_submit()
        revision.with_user(self.head).action_approve()
        self.assertEqual(self.plan.state, "closed")
        self.assertEqual(revision.state, "approved")

    def test_a_revision_keeps_the_work_and_plans_the_next_period(self):
        done = self._action(self.plan, self.member)
        started = self._action(self.plan, self.member, name="Audit")
        self.plan.with_user(self.manager).action_submit()
        self.plan.with_user(self.head).action_approve()
        done.with_user(self.member).state = "done"
        started.with_user(self.member).state = "in_progress"
        self.plan.sudo().write({"date_start": "2024-01-01", "date_end": "2024-12-31"})
        action = self.plan.with_user(self.manager).action_revise()
        revision = self.Plan.browse(action["res_id"])
        self.assertEqual(
            sorted(revision.action_ids.mapped("state")), ["done", "in_progress"]
        )
        today = fields.Date.context_today(self.plan)
        self.assertEqual(revision.date_start, today)
        self.assertGreater(revision.date_end, today)
        self.assertNotEqual(revision.display_name, self.plan.display_name)
        self.assertTrue(revision.display_name.endswith("(rev. 2)"))
        # A running period is kept.
        revision.with_user(self.manager).action_submit()
        revision.with_user(self.head).action_approve()
        again = self.Plan.browse(
            revision.with_user(self.manager).action_revise()["res_id"]
        )
        self.assertEqual(
            (again.date_start, again.date_end), (revision.date_start, revision.date_end)
        )

    def test_submitting_an_incomplete_plan_asks_first(self):
        action = self.plan.with_user(self.member).action_request_approval()
        self.assertEqual(action["res_model"], "kam.plan.submit.wizard")
        self.assertEqual(self.plan.state, "draft")
        wizard = (
            self.env[action["res_model"]]
            .with_user(self.member)
            .with_context(**action["context"])
            .create({})
        )
        self.assertIn("Profile is empty.", wizard.gaps)
        wizard.action_confirm()
        self.assertEqual(self.plan.state, "submitted")
        # A complete plan goes straight to the Heads.
        complete = self._approved_plan(self.other_account, self.manager_2)
        complete.sudo().write({"state": "draft"})
        self.assertTrue(complete.with_user(self.manager_2).action_request_approval())
        self.assertEqual(complete.state, "submitted")
        with mute_logger(*MUTED), self.assertRaises(AccessError):
            self.plan.with_user(self.extended).action_request_approval()

    def test_plans_are_kept(self):
        self.plan.with_user(self.manager).action_submit()
        with self.assertRaisesRegex(UserError, "are kept"):
            self.plan.unlink()
        self.account.action_archive()
        self.assertTrue(self.plan.exists())
        with self.assertRaisesRegex(
            UserError, "a stakeholder card. Archive them instead"
        ):
            self.account.unlink()

    def test_handover_moves_open_actions(self):
        action = self._action(self.plan, self.manager)
        done = self._action(self.plan, self.manager, state="done")
        wizard = (
            self.env["kam.handover.wizard"]
            .with_user(self.head)
            .create({"from_user_id": self.manager.id, "to_user_id": self.manager_2.id})
        )
        wizard.action_confirm()
        self.assertEqual(self.plan.kam_user_id, self.manager_2)
        self.assertEqual(action.user_id, self.manager_2)
        self.assertEqual(done.user_id, self.manager)
        self.assertIn("1 open plan actions", self.account.message_ids[0].body)
