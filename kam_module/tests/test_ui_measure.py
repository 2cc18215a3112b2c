# Copyright 2026 KAM Module Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import Command, fields
from odoo.tests import tagged

from .common import KamHttpCommon


@tagged("post_install", "-at_install")
class TestUiMeasure(KamHttpCommon):
    """On the demo, with Sales and Invoicing (the test database installs them
    before kam_module, as `make demo` does)."""

    def test_tour_manager_adds_a_ready_made_invoiced_revenue(self):
        ref = self.env.ref
        buyer = ref("kam_module.res_partner_client_d_demo").child_ids[:1]
        invoice = self.env["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": buyer.id,
                "invoice_date": fields.Date.today(),
                "invoice_line_ids": [
                    Command.create(
                        {"name": "Hydrogen study", "price_unit": 5000, "tax_ids": []}
                    )
                ],
            }
        )
        invoice.action_post()
        self.start_tour(
            "/odoo/action-kam_module.kam_plan_action",
            "kam_manager_measures_invoiced_revenue",
            login="benni",
        )
        objective = ref("kam_module.kam_plan_client_d_demo").objective_ids.filtered(
            lambda o: o.source == "computed"
        )
        self.assertEqual(objective.current_value, 5000)
        self.assertEqual(objective.model_id.model, "account.move")

    def test_tour_manager_turns_a_white_cell_into_an_opportunity(self):
        ref = self.env.ref
        plan = ref("kam_module.kam_plan_client_a_demo")
        self.start_tour(
            "/odoo/action-kam_module.res_partner_action_kam",
            "kam_manager_plans_from_whitespace",
            login="susanna",
        )
        self.assertEqual(plan.state, "approved", "the approved plan stays as it was")
        revision = self.env["kam.plan"].search([("previous_plan_id", "=", plan.id)])
        opportunity = revision.opportunity_ids.filtered("division_id")
        self.assertEqual(
            opportunity.division_id, ref("kam_module.res_partner_client_a_basel_demo")
        )
        self.assertEqual(opportunity.category_ref.name, "Engineering Services")
