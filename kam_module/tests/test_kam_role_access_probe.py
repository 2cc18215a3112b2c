# Copyright 2026 KAM Module Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo.exceptions import AccessError
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import KamReviewCommon

MUTED = ("odoo.addons.base.models.ir_model", "odoo.addons.base.models.ir_rule")


@tagged("post_install", "-at_install")
class TestKamRoleAccessProbe(KamReviewCommon):
    """What an area's data shows through other doors than its own records:
    a wizard, another area's snapshot, the account's chatter. A seat whose
    level in an area is none sees none of it there either."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # As the demo's Finance: plans and stakeholders, reviews read, no score.
        cls.finance = cls.env["kam.team.role"].create(
            {"name": "Probe finance", "score_access": "none"}
        )
        cls.core_seat.role_id = cls.finance
        cls.Wizard = cls.env["kam.plan.submit.wizard"]

    def _gaps_in_wizard(self, user):
        wizard = self.Wizard.with_user(user).create({"plan_id": self.plan.id})
        return wizard.read(["gaps", "plan_id"])[0]

    def test_submit_wizard_shows_no_plan_one_may_not_read(self):
        self.core_seat.plan_access = "none"
        # A member whose seat reads no plan, a manager of another account.
        for user in (self.member, self.manager_2):
            with self.subTest(user=user.login), mute_logger(*MUTED):
                with self.assertRaises(AccessError):
                    self._gaps_in_wizard(user)
        # Who may submit the plan is shown what it lacks, as before.
        self.core_seat.plan_access = "edit"
        self.assertIn("Profile is empty.", self._gaps_in_wizard(self.member)["gaps"])
