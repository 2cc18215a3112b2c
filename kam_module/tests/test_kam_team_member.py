# Copyright 2026 KAM Module Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from datetime import timedelta

from psycopg2 import IntegrityError

from odoo import Command, fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, tagged
from odoo.tools import mute_logger

from .common import KamTeamCommon

MUTED = ("odoo.addons.base.models.ir_model", "odoo.addons.base.models.ir_rule")


@tagged("post_install", "-at_install")
class TestKamTeamAccess(KamTeamCommon):
    """Who reads and edits which team: every cell of the roles table, both
    ways."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company_2 = cls.env["res.company"].create({"name": "KAM Other Co"})
        cls.head_2 = cls._kam_user(
            "kam_head_2", "kam_module.group_kam_head", cls.company_2
        )

    def _visible(self, user):
        return self.Seat.with_user(user).search([("partner_id", "in", self._accounts)])

    @property
    def _accounts(self):
        return (self.account | self.other_account).ids

    def test_team_member_reads_only_their_accounts_teams(self):
        for user in (self.member, self.extended):
            with self.subTest(user=user.login):
                self.assertEqual(self._visible(user).partner_id, self.account)
                self.assertEqual(len(self._visible(user)), 3)

    @mute_logger(*MUTED)
    def test_members_do_not_edit_the_team(self):
        for user in (self.member, self.extended):
            for seat in (self.core_seat, self.extended_seat):
                with self.subTest(user=user.login, seat=seat.user_id.login):
                    with self.assertRaises(AccessError):
                        seat.with_user(user).allocation = 20
                    with self.assertRaises(AccessError):
                        seat.with_user(user).unlink()
            with self.assertRaises(AccessError):
                self.Seat.with_user(user).create(
                    {
                        "partner_id": self.account.id,
                        "user_id": self.head.id,
                        "role_id": self.role.id,
                    }
                )
        self.assertEqual(self.core_seat.allocation, 50)

    @mute_logger(*MUTED)
    def test_manager_runs_the_team_of_owned_accounts_only(self):
        Seat = self.Seat.with_user(self.manager)
        self.assertEqual(
            Seat.search([("partner_id", "in", self._accounts)]).partner_id,
            self.account,
        )
        self.core_seat.with_user(self.manager).allocation = 20
        seat = Seat.create(
            {
                "partner_id": self.account.id,
                "user_id": self.head.id,
                "role_id": self.role.id,
            }
        )
        seat.unlink()
        self.assertEqual(self.core_seat.allocation, 20)
        other_seat = self._manager_seat(self.other_account)
        with self.assertRaises(AccessError):
            other_seat.with_user(self.manager).allocation = 20
        with self.assertRaises(AccessError):
            Seat.create(
                {
                    "partner_id": self.other_account.id,
                    "user_id": self.member.id,
                    "role_id": self.role.id,
                }
            )
        self.assertFalse(
            self.Seat.search(
                [
                    ("partner_id", "=", self.other_account.id),
                    ("user_id", "=", self.member.id),
                ]
            )
        )

    def test_head_runs_every_team_of_their_company(self):
        Seat = self.Seat.with_user(self.head)
        self.assertEqual(
            Seat.search([("partner_id", "in", self._accounts)]).partner_id,
            self.account | self.other_account,
        )
        seat = Seat.create(
            {
                "partner_id": self.other_account.id,
                "user_id": self.member.id,
                "role_id": self.role.id,
            }
        )
        seat.allocation = 10
        self.extended_seat.with_user(self.head).note = "Helps with tenders."
        self.assertEqual(seat.allocation, 10)
        self.assertEqual(self.extended_seat.note, "Helps with tenders.")

    @mute_logger(*MUTED)
    def test_another_company_sees_no_team(self):
        self.assertFalse(self._visible(self.head_2))
        with self.assertRaises(AccessError):
            self.core_seat.with_user(self.head_2).allocation = 10

    @mute_logger(*MUTED)
    def test_sales_rep_reads_no_team(self):
        with self.assertRaises(AccessError):
            self.Seat.with_user(self.rep).search([])
        with self.assertRaises(AccessError):
            self.account.with_user(self.rep).read(["kam_team_member_ids"])

    @mute_logger(*MUTED)
    def test_ended_or_archived_seat_opens_nothing_the_same_day(self):
        self._history(self.account)
        yesterday = fields.Date.context_today(self.Seat) - timedelta(days=1)
        for change in (
            {"date_start": yesterday, "date_end": yesterday},
            {"active": False},
        ):
            with self.subTest(change=change), self.env.cr.savepoint() as savepoint:
                models = ("kam.team.member", "kam.score.line", "kam.score.history")
                for model in models:
                    records = (
                        self.env[model]
                        .with_user(self.member)
                        .search([("partner_id", "=", self.account.id)])
                    )
                    self.assertTrue(records, model)
                self.core_seat.write(change)
                for model in models:
                    records = (
                        self.env[model]
                        .with_user(self.member)
                        .search([("partner_id", "=", self.account.id)])
                    )
                    self.assertFalse(records, model)
                with self.assertRaises(AccessError):
                    self.core_seat.with_user(self.member).read(["allocation"])
                savepoint.rollback()

    def test_seat_starting_tomorrow_opens_nothing_yet(self):
        tomorrow = fields.Date.context_today(self.Seat) + timedelta(days=1)
        self.core_seat.date_start = tomorrow
        self.assertFalse(self._visible(self.member))
        self.assertFalse(self.core_seat.is_current)

    def test_form_shows_team_and_breakdown_to_those_on_the_team(self):
        outsider = self._kam_user("kam_outsider", "kam_module.group_kam_user")
        for user, on_team, sees_score in (
            (self.member, True, True),
            (self.extended, True, True),
            (self.manager, True, True),
            (self.manager_2, False, True),
            (self.head, True, True),
            (outsider, False, False),
        ):
            with self.subTest(user=user.login):
                account = self.account.with_user(user)
                self.assertEqual(account.kam_is_on_team, on_team)
                self.assertEqual(account.kam_sees_score, sees_score)

    @mute_logger(*MUTED)
    def test_one2many_commands_follow_the_same_rules(self):
        # Through the account's team lists, as the web client saves them.
        self.member.groups_id += self.env.ref("base.group_partner_manager")
        with self.assertRaises(AccessError):
            self.account.with_user(self.member).write(
                {
                    "kam_extended_member_ids": [
                        Command.create(
                            {"user_id": self.head.id, "role_id": self.role.id}
                        )
                    ]
                }
            )
        their_seat = self._manager_seat(self.other_account)
        with self.assertRaises(AccessError):
            self.other_account.with_user(self.manager).write(
                {
                    "kam_core_member_ids": [
                        Command.update(their_seat.id, {"allocation": 5})
                    ]
                }
            )
        with self.assertRaisesRegex(UserError, "it stays on its account"):
            self.other_account.with_user(self.manager).write(
                {"kam_core_member_ids": [Command.link(self.core_seat.id)]}
            )
        kam_role = self.env.ref("kam_module.kam_team_role_kam")
        with (
            self.assertRaisesRegex(
                ValidationError, "role belongs to the account's manager"
            ),
            self.env.cr.savepoint(),
        ):
            self.account.with_user(self.manager).with_context(
                default_role_id=kam_role.id
            ).write(
                {"kam_core_member_ids": [Command.create({"user_id": self.head.id})]}
            )
        self.assertEqual(self.core_seat.allocation, 50)
        self.assertEqual(len(self.account.kam_team_member_ids), 3)

    def test_context_cannot_open_an_archived_seat(self):
        self.core_seat.active = False
        Seat = self.Seat.with_user(self.member).with_context(active_test=False)
        self.assertFalse(Seat.search([("partner_id", "=", self.account.id)]))


@tagged("post_install", "-at_install")
class TestKamTeamMemberScores(KamTeamCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._history(cls.account | cls.other_account)

    def test_member_reads_the_breakdown_and_history_of_their_accounts_only(self):
        for model in ("kam.score.line", "kam.score.history"):
            with self.subTest(model=model):
                records = self.env[model].with_user(self.member).search([])
                self.assertTrue(records)
                self.assertEqual(records.partner_id, self.account)
        breakdown = self.account.with_user(self.member).web_read(
            {"kam_score_line_ids": {"fields": {"score": {}, "weighted_score": {}}}}
        )[0]["kam_score_line_ids"]
        self.assertEqual(len(breakdown), len(self.account.kam_score_line_ids))

    @mute_logger(*MUTED, "odoo.models")
    def test_member_reads_no_judgement_and_no_other_score(self):
        with self.assertRaises(AccessError):
            self.account.kam_score_line_ids.with_user(self.member).read(
                ["manual_value"]
            )
        with self.assertRaises(AccessError):
            self.account.with_user(self.member).read(["kam_score"])
        with self.assertRaises(AccessError):
            self.other_account.kam_score_line_ids.with_user(self.member).read(["score"])


@tagged("post_install", "-at_install")
class TestKamTeamRules(KamTeamCommon):
    """Bad input gets a clear error naming the rule, and changes nothing."""

    def _assert_refused(self, exception, message, seat, call):
        before = seat.with_context(active_test=False).read()[0] if seat else None
        with self.assertRaisesRegex(exception, message), self.env.cr.savepoint():
            call()
        if seat:
            seat.invalidate_recordset()
            self.assertEqual(seat.with_context(active_test=False).read()[0], before)

    def test_allocation_outside_0_100(self):
        for value in (-1, 100.5):
            with self.subTest(value=value):
                self._assert_refused(
                    ValidationError,
                    "not a share of time, from 0 to 100",
                    self.core_seat,
                    lambda v=value: self.core_seat.write({"allocation": v}),
                )

    def test_end_before_start(self):
        start = self.core_seat.date_start
        self._assert_refused(
            ValidationError,
            "the end .* is before the start",
            self.core_seat,
            lambda: self.core_seat.write({"date_end": start - timedelta(days=1)}),
        )

    @mute_logger("odoo.sql_db")
    def test_same_user_twice_on_one_account(self):
        with self.assertRaises(IntegrityError), self.env.cr.savepoint():
            self._seat(self.account, self.member, "extended")
        self.assertEqual(
            self.Seat.search_count(
                [("partner_id", "=", self.account.id), ("user_id", "=", self.member.id)]
            ),
            1,
        )

    def test_kam_seat_of_the_current_manager_stays(self):
        seat = self._manager_seat(self.account)
        past = fields.Date.context_today(seat) - timedelta(days=1)
        for vals in (
            {"active": False},
            {"membership": "extended"},
            {"role_id": self.role.id},
            {"date_start": past, "date_end": past},
            {"date_end": fields.Date.context_today(seat) + timedelta(days=30)},
            {"date_start": fields.Date.context_today(seat) + timedelta(days=1)},
        ):
            with self.subTest(vals=vals):
                self._assert_refused(
                    ValidationError,
                    "is the Key Account Manager of Owned Freight",
                    seat,
                    lambda v=vals: seat.write(v),
                )
        self._assert_refused(
            ValidationError,
            "role belongs to the account's manager",
            seat,
            lambda: seat.write({"user_id": self.manager_2.id}),
        )
        self._assert_refused(
            UserError, "is the Key Account Manager of Owned Freight", seat, seat.unlink
        )
        self.assertTrue(seat.exists())

    def test_nobody_else_holds_the_kam_role(self):
        kam_role = self.env.ref("kam_module.kam_team_role_kam")
        self._assert_refused(
            ValidationError,
            "role belongs to the account's manager",
            self.core_seat,
            lambda: self.core_seat.write({"role_id": kam_role.id}),
        )

    def test_member_without_the_kam_group_or_of_another_company(self):
        company_2 = self.env["res.company"].create({"name": "KAM Seat Co"})
        stranger = self._kam_user(
            "kam_stranger", "kam_module.group_kam_user", company_2
        )
        for user, message in (
            (self.rep, "not a KAM user: give them the Team Member group first"),
            (stranger, "not a user of"),
        ):
            with self.subTest(user=user.login):
                self._assert_refused(
                    ValidationError,
                    message,
                    None,
                    lambda u=user: self._seat(self.account, u),
                )
        self.assertEqual(len(self.account.kam_team_member_ids), 3)

    def test_seat_on_a_contact_or_moved_to_another_account(self):
        self._assert_refused(
            ValidationError,
            "Ines Roth is a contact of Gamma Rail",
            None,
            lambda: self._seat(self.contact, self.head),
        )
        self._assert_refused(
            UserError,
            "it stays on its account",
            self.core_seat,
            lambda: self.core_seat.with_user(self.head).write(
                {"partner_id": self.other_account.id}
            ),
        )

    def test_company_and_manager_come_from_the_account(self):
        company_2 = self.env["res.company"].create({"name": "KAM Seat Co"})
        for vals in ({"company_id": company_2.id}, {"kam_user_id": self.manager_2.id}):
            with self.subTest(vals=vals):
                self._assert_refused(
                    UserError,
                    "kept by Key Account Management",
                    self.core_seat,
                    lambda v=vals: self.core_seat.with_user(self.head).write(v),
                )
        self.assertEqual(self.account.kam_user_id, self.manager)

    def test_partner_with_a_team_is_archived_not_deleted(self):
        prospect = self.env["res.partner"].create(
            {"name": "Teamed", "is_company": True}
        )
        self._seat(prospect, self.member)
        with self.assertRaisesRegex(
            UserError, "a stakeholder card. Archive them instead"
        ):
            prospect.unlink()


@tagged("post_install", "-at_install")
class TestKamTeamFollowsTheManager(KamTeamCommon):
    """The account's manager always holds the Key Account Manager seat."""

    def _current_users(self, account):
        return account.kam_team_member_ids.filtered("is_current").user_id

    def test_new_account_gives_its_manager_the_seat(self):
        seat = self._manager_seat(self.account)
        self.assertEqual(seat.role_id, self.env.ref("kam_module.kam_team_role_kam"))
        self.assertEqual(seat.membership, "core")
        self.assertTrue(seat.is_current)

    def test_head_changes_the_manager(self):
        old_seat = self._manager_seat(self.account)
        self.account.with_user(self.head).kam_user_id = self.manager_2
        self.assertFalse(old_seat.active)
        self.assertEqual(old_seat.date_end, fields.Date.context_today(old_seat))
        self.assertEqual(
            self._current_users(self.account),
            self.manager_2 | self.member | self.extended,
        )
        self.assertTrue(self._manager_seat(self.account).role_id.is_kam)

    def test_member_promoted_to_manager_keeps_their_seat(self):
        self.head.groups_id += self.env.ref("kam_module.group_kam_manager")
        self.member.groups_id += self.env.ref("kam_module.group_kam_manager")
        self.account.with_user(self.head).kam_user_id = self.member
        self.assertEqual(self._manager_seat(self.account), self.core_seat)
        self.assertTrue(self.core_seat.role_id.is_kam)
        self.assertEqual(self.core_seat.allocation, 50)

    def test_clearing_the_manager_archives_the_seat(self):
        seat = self._manager_seat(self.account)
        self.account.with_user(self.head).kam_user_id = False
        self.assertFalse(seat.active)
        # Coming back, the manager gets the same seat again.
        self.account.with_user(self.head).kam_user_id = self.manager
        self.assertTrue(seat.active)
        self.assertFalse(seat.date_end)

    def test_nomination_and_decline_move_the_seat(self):
        prospect = self.env["res.partner"].create(
            {"name": "Prospect", "is_company": True}
        )
        prospect.with_user(self.manager).action_kam_nominate()
        self.assertEqual(self._current_users(prospect), self.manager)
        prospect.with_user(self.head).action_kam_decline()
        self.assertFalse(self._current_users(prospect))

    def test_accounts_managed_before_teams_get_the_seat(self):
        """What the 18.0.1.2.0 migration does for existing accounts."""
        self.env.cr.execute(
            "DELETE FROM kam_team_member WHERE partner_id = %s AND user_id = %s",
            (self.account.id, self.manager.id),
        )
        self.env.invalidate_all()
        self.account._kam_sync_team({})
        self.assertEqual(self._manager_seat(self.account).membership, "core")
        self.assertIn(self.manager, self._current_users(self.account))

    def test_rpc_create_and_one2many_commands(self):
        account = (
            self.env["res.partner"]
            .with_user(self.head)
            .create(
                {
                    "name": "Created With Team",
                    "is_company": True,
                    "kam_user_id": self.manager.id,
                    "kam_extended_member_ids": [
                        Command.create(
                            {
                                "user_id": self.member.id,
                                "role_id": self.role.id,
                                "membership": "extended",
                            }
                        )
                    ],
                }
            )
        )
        self.assertEqual(self._current_users(account), self.manager | self.member)
        self.assertEqual(account.kam_extended_member_ids.user_id, self.member)


@tagged("post_install", "-at_install")
class TestKamTeamCapacity(KamTeamCommon):
    def test_over_allocation_is_flagged_not_blocked(self):
        seat = self._seat(self.other_account.sudo(), self.member, allocation=60)
        self.assertEqual(seat.user_allocation, 110)
        self.assertTrue(seat.is_over_allocated)
        self.assertTrue(self.core_seat.is_over_allocated)
        self.assertFalse(self.extended_seat.is_over_allocated)
        capacity = self.env["kam.team.capacity"].search(
            [("user_id", "=", self.member.id)]
        )
        self.assertEqual(capacity.allocation, 110)
        self.assertEqual(capacity.seat_count, 2)
        self.assertTrue(capacity.is_over_allocated)

    def test_saving_an_over_allocating_seat_warns(self):
        account = self.account.with_user(self.manager)
        with Form(account, view="kam_module.res_partner_view_form_kam") as form:
            with form.kam_extended_member_ids.edit(0) as seat:
                seat.allocation = 60
        # Form swallows onchange warnings: ask the seat directly.
        seat = self.extended_seat.with_user(self.manager)
        warning = seat.new({"user_id": self.member.id, "allocation": 60})
        result = warning._onchange_warn_over_allocation()
        self.assertIn("110", result["warning"]["message"])
        self.assertEqual(self.extended_seat.allocation, 60)

    def test_member_sees_their_own_capacity_managers_everyones(self):
        Capacity = self.env["kam.team.capacity"]
        self.assertEqual(
            Capacity.with_user(self.member).search([]).user_id, self.member
        )
        self.assertEqual(
            Capacity.with_user(self.manager).search([]).user_id
            & (self.member | self.extended | self.manager),
            self.member | self.extended | self.manager,
        )
