# Copyright 2026 KAM Module Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from lxml import etree

from odoo.osv.expression import AND, OR
from odoo.tests import TransactionCase, tagged
from odoo.tools.safe_eval import safe_eval


@tagged("post_install", "-at_install")
class TestKamPlanActionMine(TransactionCase):
    """*My Actions* over the demo: one's own open actions of the current
    plans, each once, also while a revision of the plan is drafted."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        ref = cls.env.ref
        cls.susanna = ref("kam_module.res_users_susanna_demo")
        cls.betsy = ref("kam_module.res_users_betsy_demo")
        cls.grant = ref("kam_module.res_users_grant_demo")
        cls.benni = ref("kam_module.res_users_benni_demo")
        cls.plan_a = ref("kam_module.kam_plan_client_a_demo")

    def _my_actions(self, user):
        """What the menu lists: the action's domain and its default filters
        (filters of a group OR-ed, groups AND-ed, as the search panel does)."""
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "kam_module.kam_plan_action_action_mine"
        )
        Actions = self.env["kam.plan.action"].with_user(user)
        defaults = safe_eval(action["context"])
        arch = etree.fromstring(
            Actions.get_views([(False, "search")])["views"]["search"]["arch"]
        )
        values = {"uid": user.id}
        groups = [[]]
        for node in arch:
            if node.tag != "filter":
                groups.append([])
            elif defaults.get(f"search_default_{node.get('name')}"):
                groups[-1].append(safe_eval(node.get("domain"), values))
        domain = AND(
            [safe_eval(action["domain"], values)]
            + [OR(group) for group in groups if group]
        )
        return Actions.search(domain)

    def test_my_actions_are_my_open_actions_of_current_plans(self):
        ref = self.env.ref
        self.assertEqual(
            self._my_actions(self.betsy),
            ref("kam_module.kam_plan_client_a_demo_action_2")
            | ref("kam_module.kam_plan_client_b_demo_action_0"),
        )
        self.assertEqual(
            self._my_actions(self.grant),
            ref("kam_module.kam_plan_client_c_demo_action_0")
            | ref("kam_module.kam_plan_client_a_demo_action_review"),
            "not his done action of client A",
        )

    def test_a_revision_does_not_list_the_actions_twice(self):
        before = self._my_actions(self.betsy)
        self.plan_a.with_user(self.susanna).action_revise()
        self.assertEqual(self._my_actions(self.betsy), before)

    def test_a_first_draft_lists_its_actions(self):
        draft = self.env.ref("kam_module.kam_plan_client_d_demo")
        action = self.env["kam.plan.action"].create(
            {"plan_id": draft.id, "name": "Hydrogen workshop", "user_id": self.benni.id}
        )
        self.assertEqual(self._my_actions(self.benni), action)
        action.state = "done"
        self.assertFalse(self._my_actions(self.benni))
