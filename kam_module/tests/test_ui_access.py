# Copyright 2026 KAM Module Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import KamHttpCommon


@tagged("post_install", "-at_install")
class TestUiAccess(KamHttpCommon):
    """On the demo: a KAM Administrator narrows the Finance role, and Betsy,
    Finance on client B, loses B's stakeholder map but still reads its plan."""

    def test_tour_admin_narrows_finance_and_betsy_loses_the_map(self):
        ref = self.env.ref
        betsy = ref("kam_module.res_users_betsy_demo")
        client_b = ref("kam_module.res_partner_client_b_demo")
        Stakeholder = self.env["kam.stakeholder"].with_user(betsy)
        domain = [("partner_id", "=", client_b.id)]
        self.assertTrue(Stakeholder.search(domain))
        self.start_tour(
            "/odoo/action-kam_module.kam_team_role_action",
            "kam_admin_narrows_finance",
            login="admin",
        )
        finance = ref("kam_module.kam_team_role_finance")
        self.assertEqual(
            (finance.plan_access, finance.stakeholder_access), ("read", "none")
        )
        seat = ref("kam_module.kam_team_member_client_b_finance_demo")
        self.assertEqual((seat.plan_access, seat.stakeholder_access), ("read", "none"))
        self.assertFalse(Stakeholder.search(domain))
        self.start_tour(
            "/odoo/action-kam_module.res_partner_action_kam",
            "kam_finance_reads_the_plan_only",
            login="betsy",
        )
        self.assertTrue(self.env["kam.plan"].with_user(betsy).search(domain))

    @mute_logger("odoo.http", "odoo.addons.base.models.ir_model")
    def test_rpc_role_levels_are_the_kam_administrators(self):
        finance = self.env.ref("kam_module.kam_team_role_finance")
        for login in ("susanna", "benni", "grant"):
            with self.subTest(login=login):
                self.authenticate(login, login)
                error = self._call_kw_error(
                    "kam.team.role", "write", [[finance.id], {"plan_access": "none"}]
                )
                self.assertEqual(error["name"], "odoo.exceptions.AccessError")
        self.assertEqual(finance.plan_access, "read")
        seat = self.env.ref("kam_module.kam_team_member_client_b_finance_demo")
        self.authenticate("betsy", "betsy")
        error = self._call_kw_error(
            "kam.team.member", "write", [[seat.id], {"score_access": "none"}]
        )
        self.assertEqual(error["name"], "odoo.exceptions.AccessError")
