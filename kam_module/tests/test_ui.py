# Copyright 2026 KAM Module Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import json

from odoo import Command
from odoo.tests import new_test_user, tagged
from odoo.tools import mute_logger

from .common import KamHttpCommon


@tagged("post_install", "-at_install")
class TestUi(KamHttpCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.rep = new_test_user(
            cls.env,
            login="tour_rep",
            password="tour_rep_pwd",
            groups="base.group_user,base.group_partner_manager",
        )
        cls.manager = new_test_user(
            cls.env,
            login="tour_susanna",
            name="Tour Susanna",
            groups="kam_module.group_kam_manager",
        )
        cls.head = new_test_user(
            cls.env,
            login="tour_head",
            password="tour_head_pwd",
            groups="kam_module.group_kam_head",
        )
        cls.client_a = cls.env["res.partner"].create(
            {
                "name": "Tour Client A",
                "is_company": True,
                "kam_state": "key",
                "kam_user_id": cls.manager.id,
            }
        )
        cls.env["res.partner"].create(
            {"name": "Tour Heidi", "parent_id": cls.client_a.id, "function": "CEO"}
        )
        cls.member = new_test_user(
            cls.env,
            login="tour_member",
            groups="base.group_partner_manager,kam_module.group_kam_user",
        )
        cls.client_d = cls.env["res.partner"].create(
            {
                "name": "Tour Client D",
                "is_company": True,
                "kam_state": "candidate",
                "kam_user_id": cls.manager.id,
            }
        )

    def test_tour_sales_rep_sees_key_account(self):
        self.start_tour(
            f"/odoo/action-contacts.action_contacts/{self.client_a.id}",
            "kam_sales_rep_sees_key_account",
            login="tour_rep",
        )

    def test_tour_head_designates_candidate(self):
        self.start_tour(
            "/odoo/action-kam_module.res_partner_action_kam",
            "kam_head_designates_candidate",
            login="tour_head",
        )
        self.assertEqual(self.client_d.kam_state, "key")

    def test_tour_team_member_reads_the_account_and_logs_a_note(self):
        self.start_tour(
            "/odoo/action-kam_module.res_partner_action_kam",
            "kam_team_member_account",
            login="tour_member",
        )
        self.assertIn(
            "Site visit planned",
            self.client_a.message_ids[0].body,
        )

    def test_tour_manager_adds_an_extended_member(self):
        grant = new_test_user(
            self.env,
            login="tour_grant",
            name="Tour Grant",
            groups="kam_module.group_kam_user",
        )
        self.start_tour(
            "/odoo/action-kam_module.res_partner_action_kam",
            "kam_manager_adds_extended_member",
            login="tour_susanna",
        )
        seat = self.client_a.kam_extended_member_ids
        self.assertEqual(seat.user_id, grant)
        self.assertRecordValues(
            seat,
            [{"membership": "extended", "allocation": 20, "is_current": True}],
        )
        self.assertEqual(
            seat.role_id, self.env.ref("kam_module.kam_team_role_project_manager")
        )

    def test_tour_manager_drafts_and_submits_a_plan(self):
        self.start_tour(
            "/odoo/action-kam_module.kam_plan_action",
            "kam_manager_drafts_and_submits_plan",
            login="tour_susanna",
        )
        plan = self.env["kam.plan"].search([("name", "=", "Tour plan 2027")])
        self.assertRecordValues(
            plan, [{"state": "submitted", "partner_id": self.client_a.id}]
        )
        self.assertEqual(plan.objective_ids.kpi, "Annual revenue")
        self.assertEqual(plan.action_ids.user_id, self.manager)
        self.assertIn(self.head, plan.activity_ids.user_id)

    def test_tour_head_approves_a_plan(self):
        plan = self.env["kam.plan"].create(
            {"name": "Tour plan to approve", "partner_id": self.client_a.id}
        )
        plan.with_user(self.manager).action_submit()
        self.start_tour(
            "/odoo/action-kam_module.kam_plan_action_to_approve",
            "kam_head_approves_plan",
            login="tour_head",
        )
        self.assertRecordValues(
            plan, [{"state": "approved", "approver_id": self.head.id}]
        )

    def test_tour_switching_tabs_with_a_line_open(self):
        """No "Oops" (ListRenderer.focusCell on a list gone with its tab)."""
        plan = self.env["kam.plan"].create(
            {"name": "Tour plan with lines", "partner_id": self.client_a.id}
        )
        self.start_tour(
            f"/odoo/action-kam_module.kam_plan_action/{plan.id}",
            "kam_plan_tabs_with_an_open_line",
            login="tour_susanna",
        )
        for lines in ("swot_ids", "competitor_ids", "opportunity_ids"):
            self.assertEqual(len(plan[lines]), 1, lines)
        self.assertEqual(plan.objective_ids.name, "Tour objective_ids")
        self.assertEqual(plan.action_ids.name, "Tour action_ids")

    def test_tour_approved_plan_takes_progress_only(self):
        plan = self.env["kam.plan"].create(
            {
                "name": "Tour approved plan",
                "partner_id": self.client_a.id,
                "swot_ids": [Command.create({"name": "Reliable"})],
                "objective_ids": [
                    Command.create(
                        {"name": "Grow", "kpi": "Revenue", "target_value": 2}
                    )
                ],
            }
        )
        self.env["kam.plan.action"].create(
            {"plan_id": plan.id, "name": "Kick-off", "user_id": self.manager.id}
        )
        plan.sudo().write({"state": "approved"})
        self.start_tour(
            f"/odoo/action-kam_module.kam_plan_action/{plan.id}",
            "kam_approved_plan_takes_progress_only",
            login="tour_susanna",
        )

    def test_tour_portfolio_matrix_and_breakdown(self):
        self.env["kam.score.engine"]._rescore_accounts(self.client_a)
        for line in self.client_a.kam_score_line_ids.filtered(
            lambda line: line.source == "manual"
        ):
            line.manual_value = 90
        self.assertEqual(self.client_a.kam_portfolio_quadrant, "strategic")
        self.start_tour(
            "/odoo/action-kam_module.kam_portfolio_matrix_action",
            "kam_portfolio_matrix_breakdown",
            login="tour_head",
        )

    @mute_logger("odoo.http", "odoo.addons.base.models.ir_model")
    def test_rpc_write_of_kam_fields_is_refused(self):
        self.authenticate("tour_rep", "tour_rep_pwd")
        error = self._call_kw_error(
            "res.partner", "write", [[self.client_a.id], {"kam_state": "former"}]
        )
        self.assertEqual(error["name"], "odoo.exceptions.AccessError")
        self.assertIn("changes only through the workflow", error["message"])
        self.assertEqual(self.client_a.kam_state, "key")

    @mute_logger("odoo.http", "odoo.addons.base.models.ir_model")
    def test_rpc_write_of_the_score_is_refused(self):
        self.authenticate("tour_head", "tour_head_pwd")
        error = self._call_kw_error(
            "res.partner", "write", [[self.client_a.id], {"kam_score": 99}]
        )
        self.assertEqual(error["name"], "odoo.exceptions.AccessError")
        self.assertIn("kept by Key Account Management", error["message"])
        self.assertEqual(self.client_a.kam_score, 0)

    @mute_logger("odoo.http", "odoo.addons.base.models.ir_model")
    def test_rpc_status_through_a_context_default_is_refused(self):
        self.authenticate("tour_rep", "tour_rep_pwd")
        response = self.url_open(
            "/web/dataset/call_kw/res.partner/create",
            data=json.dumps(
                {
                    "jsonrpc": "2.0",
                    "method": "call",
                    "params": {
                        "model": "res.partner",
                        "method": "create",
                        "args": [{"name": "Sneaky key account"}],
                        "kwargs": {
                            "context": {
                                "default_kam_state": "key",
                                "default_kam_user_id": self.manager.id,
                            }
                        },
                    },
                }
            ),
            headers={"Content-Type": "application/json"},
        )
        error = response.json()["error"]["data"]
        self.assertEqual(error["name"], "odoo.exceptions.AccessError")
        self.assertIn("changes only through the workflow", error["message"])
        self.assertFalse(
            self.env["res.partner"].search([("name", "=", "Sneaky key account")])
        )

    @mute_logger("odoo.http", "odoo.addons.base.models.ir_model")
    def test_rpc_write_of_computed_fields_is_refused(self):
        self.authenticate("tour_rep", "tour_rep_pwd")
        partner = self.env["res.partner"].create({"name": "Plain customer"})
        for name, value in (("is_key_account", True), ("kam_health", "green")):
            error = self._call_kw_error(
                "res.partner", "write", [[partner.id], {name: value}]
            )
            self.assertEqual(error["name"], "odoo.exceptions.AccessError")
            self.assertIn("nobody writes them", error["message"])
        self.assertFalse(partner.is_key_account)

    @mute_logger("odoo.http", "odoo.sql_db")
    def test_rpc_revoke_without_reason_is_refused(self):
        self.authenticate("tour_head", "tour_head_pwd")
        error = self._call_kw_error(
            "kam.revoke.wizard",
            "create",
            [{"partner_ids": [Command.set(self.client_a.ids)]}],
        )
        self.assertEqual(error["name"], "odoo.exceptions.ValidationError")
        self.assertIn("a mandatory field is not set", error["message"])
        self.assertIn("Field: Reason (reason)", error["message"])
        self.assertEqual(self.client_a.kam_state, "key")
