# Copyright 2026 KAM Module Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import fields
from odoo.tests import new_test_user, tagged

from .common import KamHttpCommon


@tagged("post_install", "-at_install")
class TestUiStakeholders(KamHttpCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.manager = new_test_user(
            cls.env,
            login="tour_susanna",
            name="Tour Susanna",
            groups="kam_module.group_kam_manager",
        )
        Partner = cls.env["res.partner"]
        cls.client_b = Partner.create(
            {
                "name": "Tour Client B",
                "is_company": True,
                "kam_state": "key",
                "kam_user_id": cls.manager.id,
            }
        )
        greta, jonas, mia = Partner.create(
            [
                {"name": f"Tour {name}", "parent_id": cls.client_b.id}
                for name in ("Greta", "Jonas", "Mia")
            ]
        )
        cls.client_b.message_post(
            body="Our board meets on Monday.", author_id=greta.id, message_type="email"
        )
        mapped = cls.env["kam.stakeholder"].create(
            [
                {
                    "partner_id": cls.client_b.id,
                    "contact_id": contact.id,
                    "buying_role": "influencer",
                    "relationship_strength": "good",
                    "owner_id": cls.manager.id,
                }
                for contact in (jonas, mia)
            ]
        )
        mapped.sudo().last_contact_date = fields.Date.today()

    def test_tour_manager_maps_a_decision_maker(self):
        self.assertTrue(self.client_b.kam_gap_no_decision_maker)
        self.start_tour(
            "/odoo/action-kam_module.res_partner_action_kam",
            "kam_manager_maps_decision_maker",
            login="tour_susanna",
        )
        self.assertEqual(self.client_b.kam_gap_count, 0)

    def test_tour_org_chart_shows_seven_people(self):
        client_a = self.env["res.partner"].create(
            {
                "name": "Tour Client A",
                "is_company": True,
                "kam_state": "key",
                "kam_user_id": self.manager.id,
            }
        )
        Stakeholder = self.env["kam.stakeholder"]
        chart = {}
        for name, boss in (
            ("Heidi", None),
            ("Lukas", "Heidi"),
            ("Marco", "Heidi"),
            ("Eva", "Heidi"),
            ("Nora", "Heidi"),
            ("Sara", "Lukas"),
            ("Tim", "Nora"),
        ):
            contact = self.env["res.partner"].create(
                {"name": f"Tour {name}", "parent_id": client_a.id}
            )
            chart[name] = Stakeholder.create(
                {
                    "partner_id": client_a.id,
                    "contact_id": contact.id,
                    "reports_to_id": boss and chart[boss].id,
                }
            )
        action = client_a.with_user(self.manager).action_kam_open_stakeholders()
        self.assertEqual(Stakeholder.search_count(action["domain"]), 7)
        self.start_tour(
            "/odoo/action-kam_module.res_partner_action_kam",
            "kam_org_chart",
            login="tour_susanna",
        )

    def test_tour_power_map_shows_names_by_influence_and_attitude(self):
        client_a = self.env["res.partner"].create(
            {
                "name": "Tour Client A",
                "is_company": True,
                "kam_state": "key",
                "kam_user_id": self.manager.id,
            }
        )
        for name, role, influence, attitude in (
            ("Heidi", "decision_maker", "high", "supporter"),
            ("Marco", "influencer", "medium", "skeptic"),
            ("Tim", "user", "low", "neutral"),
        ):
            contact = self.env["res.partner"].create(
                {"name": f"Tour {name}", "parent_id": client_a.id}
            )
            self.env["kam.stakeholder"].create(
                {
                    "partner_id": client_a.id,
                    "contact_id": contact.id,
                    "buying_role": role,
                    "influence": influence,
                    "attitude": attitude,
                }
            )
        action = client_a.with_user(self.manager).action_kam_open_power_map()
        self.assertEqual(action["tag"], "kam_stakeholder_power_map")
        self.assertEqual(action["context"], {"active_id": client_a.id})
        self.start_tour(
            "/odoo/action-kam_module.res_partner_action_kam",
            "kam_power_map",
            login="tour_susanna",
        )

    def test_tour_power_map_empty_state(self):
        client_e = self.env["res.partner"].create(
            {
                "name": "Tour Client E",
                "is_company": True,
                "kam_state": "key",
                "kam_user_id": self.manager.id,
            }
        )
        self.assertFalse(client_e.kam_stakeholder_ids)
        self.start_tour(
            "/odoo/action-kam_module.res_partner_action_kam",
            "kam_power_map_empty",
            login="tour_susanna",
        )
