# Copyright 2026 KAM Module Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from datetime import timedelta

from odoo import fields
from odoo.tests import tagged, warmup
from odoo.tools import SQL

from .common import KamTeamCommon

LIST_FIELDS = {
    "contact_id": {"fields": {"display_name": {}}},
    "function": {},
    "buying_role": {},
    "influence": {},
    "attitude": {},
    "relationship_strength": {},
    "strength_gap": {},
    "owner_id": {"fields": {"display_name": {}}},
    "last_contact_date": {},
    "contact_active": {},
}
# The stakeholder list of an account: the rules' user (1), the stakeholders
# (1), the record-rule check on the account's team (3), the contacts with
# their names and positions and the owners' names (2).
LIST_QUERIES = 7
# The refresh of last contacts and gaps: the stakeholders' contacts (1), the
# messages from, to and about them (3), the accounts with their stakeholders,
# the threshold and the stored gaps (4).
REFRESH_QUERIES = 8


@tagged("post_install", "-at_install")
class TestKamStakeholderPerformance(KamTeamCommon):
    """A map of 50 costs what a map of 5 costs to list; refreshing the
    contacts and gaps of 1,000 accounts costs what 10 cost."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Partner = cls.env["res.partner"]
        cls.maps = {}
        for size in (5, 50):
            account = cls._key_account(f"Mapped {size}", cls.manager)
            contacts = Partner.create(
                [{"name": f"Person {i}", "parent_id": account.id} for i in range(size)]
            )
            cls.env["kam.stakeholder"].create(
                [
                    {
                        "partner_id": account.id,
                        "contact_id": c.id,
                        "owner_id": cls.manager.id,
                    }
                    for c in contacts
                ]
            )
            cls.maps[size] = account
        cls.company_small = cls.env["res.company"].create({"name": "KAM Map Small"})
        cls.company_large = cls.env["res.company"].create({"name": "KAM Map Large"})
        for company, size in ((cls.company_small, 10), (cls.company_large, 1000)):
            accounts = Partner.create(
                [
                    {"name": f"Acc {i}", "is_company": True, "company_id": company.id}
                    for i in range(size)
                ]
            )
            accounts.sudo().write({"kam_state": "key"})
            contacts = Partner.create(
                [
                    {"name": f"Contact {i}", "parent_id": a.id}
                    for i, a in enumerate(accounts)
                ]
            )
            mapped = cls.env["kam.stakeholder"].create(
                [
                    {
                        "partner_id": c.parent_id.id,
                        "contact_id": c.id,
                        "buying_role": "decision_maker",
                    }
                    for c in contacts
                ]
            )
            # Mapped long ago, never contacted: stale, past their grace.
            cls.env.flush_all()
            cls.env.cr.execute(
                SQL(
                    "UPDATE kam_stakeholder SET create_date = %s WHERE id IN %s",
                    fields.Datetime.now() - timedelta(days=365),
                    tuple(mapped.ids),
                )
            )
            cls.env.invalidate_all()
            accounts._kam_refresh_gaps_of()

    @warmup
    def test_stakeholder_list_costs_the_same_for_5_and_50(self):
        Stakeholder = self.env["kam.stakeholder"].with_user(self.manager)
        for size, account in self.maps.items():
            domain = [("partner_id", "=", account.id)]
            self.env.invalidate_all()
            with self.subTest(size=size), self.assertQueryCount(LIST_QUERIES):
                result = Stakeholder.web_search_read(domain, LIST_FIELDS, limit=80)
            self.assertEqual(result["length"], size)

    @warmup
    def test_refresh_costs_the_same_for_10_and_1000_accounts(self):
        Stakeholder = self.env["kam.stakeholder"]
        for company in (self.company_small, self.company_large):
            stakeholders = Stakeholder.search([("company_id", "=", company.id)])
            self.env.invalidate_all()
            with (
                self.subTest(size=len(stakeholders)),
                self.assertQueryCount(REFRESH_QUERIES),
            ):
                stakeholders._kam_refresh_contacts()
                stakeholders.partner_id._kam_refresh_gaps_of()
            self.assertTrue(
                all(stakeholders.partner_id.mapped("kam_gap_stale_contact"))
            )
