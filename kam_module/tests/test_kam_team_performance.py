# Copyright 2026 KAM Module Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo.tests import tagged, warmup

from .common import KamTeamCommon

# The Team tab of an account: the company and user of the rules (2), the
# account (2), its core and extended seats (2), the record-rule check of the
# seats on their accounts' teams and their fields (2), the members with their
# names and the roles, fetched list by list (up to 7), each list's members'
# total allocation (2).
FORM_QUERIES = 17
SEAT_FIELDS = {
    "user_id": {"fields": {"display_name": {}}},
    "role_id": {"fields": {"display_name": {}}},
    "membership": {},
    "allocation": {},
    "user_allocation": {},
    "is_over_allocated": {},
    "is_current": {},
    "is_kam_seat": {},
    "date_start": {},
    "date_end": {},
    "note": {},
}
FORM_FIELDS = {
    "display_name": {},
    "kam_state": {},
    "kam_user_id": {"fields": {"display_name": {}}},
    "kam_can_manage": {},
    "kam_team_count": {},
    "kam_core_member_ids": {"fields": SEAT_FIELDS},
    "kam_extended_member_ids": {"fields": SEAT_FIELDS},
}
# My Accounts: the user of the rules (1), the seats (1), the record-rule
# check of the seats on their accounts' teams (4), the accounts with their
# status, tier and health (2), the managers and roles with their names (2).
MINE_QUERIES = 10
MINE_FIELDS = {
    "partner_id": {"fields": {"display_name": {}}},
    "account_state": {},
    "account_tier_id": {"fields": {"display_name": {}}},
    "account_health": {},
    "kam_user_id": {"fields": {"display_name": {}}},
    "role_id": {"fields": {"display_name": {}}},
    "membership": {},
    "allocation": {},
    "date_end": {},
    "is_current": {},
}


@tagged("post_install", "-at_install")
class TestKamTeamPerformance(KamTeamCommon):
    """A team of 10 costs what a team of 2 costs; so do 50 accounts in My
    Accounts against 5."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.people = [
            cls._kam_user(f"kam_perf_{i}", "kam_module.group_kam_user")
            for i in range(9)
        ]
        cls.small = cls._key_account("Small Team", cls.manager)
        cls._seat(cls.small, cls.people[0], "extended")
        cls.large = cls._key_account("Large Team", cls.manager)
        for i, user in enumerate(cls.people):
            cls._seat(cls.large, user, "core" if i % 2 else "extended", allocation=5)
        cls.busy, cls.quiet = cls.people[1], cls.people[2]
        accounts = cls.env["res.partner"].create(
            [
                {"name": f"Perf {i}", "is_company": True, "kam_user_id": cls.manager.id}
                for i in range(49)
            ]
        )
        for account in accounts:
            cls._seat(account, cls.busy, allocation=1)
        for account in accounts[:4]:
            cls._seat(account, cls.quiet, allocation=1)

    @warmup
    def test_team_tab_costs_the_same_for_2_and_10_members(self):
        for account, size in ((self.small, 2), (self.large, 10)):
            self.env.invalidate_all()
            with self.subTest(size=size), self.assertQueryCount(FORM_QUERIES):
                values = account.with_user(self.manager).web_read(FORM_FIELDS)[0]
            members = values["kam_core_member_ids"] + values["kam_extended_member_ids"]
            self.assertEqual(len(members), size)

    @warmup
    def test_my_accounts_cost_the_same_for_5_and_50(self):
        for user, size in ((self.quiet, 5), (self.busy, 50)):
            Seat = self.Seat.with_user(user)
            domain = [("user_id", "=", user.id), ("is_current", "=", True)]
            self.env.invalidate_all()
            with self.subTest(size=size), self.assertQueryCount(MINE_QUERIES):
                result = Seat.web_search_read(domain, MINE_FIELDS, limit=80)
            self.assertEqual(result["length"], size)
