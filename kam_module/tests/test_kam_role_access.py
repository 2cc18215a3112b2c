# Copyright 2026 KAM Module Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import KamReviewCommon

MUTED = ("odoo.addons.base.models.ir_model", "odoo.addons.base.models.ir_rule")
# AccessError and ValidationError are UserErrors.
REFUSED = UserError


@tagged("post_install", "-at_install")
class TestKamRoleAccess(KamReviewCommon):
    """Each area of an account (plans, stakeholders, reviews, scores) opens to
    a seat's holder as its level says, in every way a caller may try: the
    role's level, narrowed on the seat, capped at read for extended members."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.role = cls.env["kam.team.role"].create(
            {"name": "Auditor", "default_membership": "core"}
        )
        cls.core_seat.role_id = cls.role
        # Contact rights, as the demo's project managers have: what refuses
        # them is the account's policy.
        cls.member.groups_id += cls.env.ref("base.group_partner_manager")
        cls.stakeholder = cls._covered(cls.account, cls.manager)[:1]
        cls._history(cls.account | cls.other_account)
        cls.Stakeholder = cls.env["kam.stakeholder"]
        cls.Line = cls.env["kam.score.line"]
        cls.History = cls.env["kam.score.history"]

    def _set(self, area, level, membership="core"):
        """The role's level in ``area`` as a KAM Administrator sets it; the
        member's seat follows it."""
        self.role.with_user(self.admin).write({f"{area}_access": level})
        # The seat at its role's level; an extended member reads what the role
        # lets core members edit.
        capped = "read" if level == "edit" and membership == "extended" else level
        self.core_seat.with_user(self.manager).write(
            {"membership": membership, f"{area}_access": capped}
        )
        self.assertEqual(self.core_seat[f"{area}_access"], capped)

    def _area_records(self, area):
        return {
            "plan": (self.Plan, self.plan),
            "stakeholder": (self.Stakeholder, self.stakeholder),
            "review": (self.Review, self.review),
            "score": (
                self.Line,
                self.Line.search([("partner_id", "=", self.account.id)]),
            ),
        }[area]

    def _found(self, Model, records):
        """What the member finds of ``records`` by search, read_group and
        name_search."""
        Model = Model.with_user(self.member)
        domain = [("id", "in", records.ids)]
        found = Model.search(domain)
        grouped = Model._read_group(domain, [], ["__count"])[0][0]
        self.assertEqual(grouped, len(found))
        if "name" in Model._fields:
            names = Model.name_search("", [("id", "in", records.ids)], limit=None)
            self.assertEqual({row[0] for row in names}, set(found.ids))
        return found

    def test_none_neither_reads_nor_finds(self):
        for area in ("plan", "stakeholder", "review", "score"):
            for membership in ("core", "extended"):
                with self.subTest(area=area, membership=membership):
                    self._set(area, "none", membership)
                    Model, records = self._area_records(area)
                    self.assertTrue(records)
                    self.assertFalse(self._found(Model, records))
                    with mute_logger(*MUTED), self.assertRaises(AccessError):
                        records.with_user(self.member).read(["display_name"])
        # The plan's lines and the score history too.
        self._set("plan", "none")
        self.assertFalse(
            self._found(self.env["kam.plan.objective"], self.plan.objective_ids)
        )
        history = self.History.search([("partner_id", "=", self.account.id)])
        self.assertTrue(history)
        self.assertFalse(self._found(self.History, history))

    def test_read_reads_and_refuses_every_write(self):
        for area in ("plan", "stakeholder", "review", "score"):
            for membership in ("core", "extended"):
                with self.subTest(area=area, membership=membership):
                    self._set(area, "read", membership)
                    Model, records = self._area_records(area)
                    self.assertEqual(self._found(Model, records), records)
                    records.with_user(self.member).read(["display_name"])
                    if area != "score":
                        self._assert_no_write(area)

    def test_edit_writes_as_core_member_only(self):
        for area in ("plan", "stakeholder", "review"):
            with self.subTest(area=area, membership="extended"):
                self._set(area, "edit", "extended")
                self._assert_no_write(area)
            with self.subTest(area=area, membership="core"):
                self._set(area, "edit", "core")
                self._write(area)

    def _writes(self, area):
        """Every way the member may try to write ``area``'s records."""
        member = self.member
        plan = self.plan.with_user(member)
        account = self.account.with_user(member)
        contacts = self.env["res.partner"].create(
            [{"name": f"New contact {i}", "parent_id": self.account.id} for i in (1, 2)]
        )
        return {
            "plan": [
                lambda: plan.write({"name": "Renamed"}),
                lambda: plan.write({"swot_ids": [Command.create({"name": "New"})]}),
                lambda: plan.objective_ids.write({"name": "Renamed"}),
                lambda: (
                    self.env["kam.plan.swot"]
                    .with_user(member)
                    .with_context(default_plan_id=self.plan.id)
                    .create({"name": "From a default"})
                ),
            ],
            "stakeholder": [
                lambda: self.stakeholder.with_user(member).write({"influence": "low"}),
                lambda: account.write(
                    {
                        "kam_stakeholder_ids": [
                            Command.create({"contact_id": contacts[0].id})
                        ]
                    }
                ),
                lambda: (
                    self.Stakeholder.with_user(member)
                    .with_context(default_partner_id=self.account.id)
                    .create({"contact_id": contacts[1].id})
                ),
            ],
            "review": [
                lambda: self.review.with_user(member).write({"summary": "<p>Met.</p>"}),
                lambda: account.write(
                    {
                        "kam_review_ids": [
                            Command.create({"review_type_id": self.weekly.id})
                        ]
                    }
                ),
                lambda: (
                    self.Review.with_user(member)
                    .with_context(default_partner_id=self.account.id)
                    .create({"review_type_id": self.weekly.id})
                ),
            ],
        }[area]

    def _assert_no_write(self, area):
        for index, call in enumerate(self._writes(area)):
            with self.subTest(call=index), mute_logger(*MUTED):
                with self.assertRaises(REFUSED):
                    call()
        records = self._area_records(area)[1].with_user(self.member)
        with mute_logger(*MUTED), self.assertRaises(REFUSED):
            records.unlink()

    def _write(self, area):
        for call in self._writes(area):
            call()

    def test_core_member_with_review_edit_holds_never_signs_off(self):
        self._set("review", "edit")
        review = self.review.with_user(self.member)
        review.write({"health": "green"})
        review.action_done()
        self.assertEqual(self.review.state, "done")
        with mute_logger(*MUTED), self.assertRaises(REFUSED):
            review.action_cancel()

    def test_assigned_action_updates_whatever_the_level(self):
        self._set("plan", "none")
        action = self._action(self.plan, self.member)
        self.plan.sudo().state = "approved"
        action.with_user(self.member).write({"state": "done"})
        self.assertEqual(action.state, "done")


@tagged("post_install", "-at_install")
class TestKamRoleLevels(KamReviewCommon):
    """Who sets the levels: KAM Administrators the roles, the account's manager
    or a Head of KAM the seats, within their role."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.role = cls.env["kam.team.role"].create({"name": "Finance desk"})
        cls.finance_seat = cls._seat(
            cls.account, cls._kam_user("kam_finance", "kam_module.group_kam_user")
        )

    @mute_logger(*MUTED)
    def test_only_kam_administrators_change_role_levels(self):
        for user in (self.member, self.manager, self.head):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                self.role.with_user(user).write({"plan_access": "read"})
        self.role.with_user(self.admin).write({"plan_access": "read"})
        self.assertEqual(self.role.plan_access, "read")
        self.env.flush_all()
        self.env.cr.precommit.run()
        tracked = self.role.message_ids.tracking_value_ids.field_id.mapped("name")
        self.assertIn("plan_access", tracked)

    def test_lowering_a_role_narrows_its_seats_at_once(self):
        self.assertEqual(self.finance_seat.stakeholder_access, "edit")
        self.role.with_user(self.admin).write({"stakeholder_access": "none"})
        self.assertEqual(self.finance_seat.stakeholder_access, "none")
        # Raising it again raises the seats that followed it.
        self.role.with_user(self.admin).write({"stakeholder_access": "read"})
        self.assertEqual(self.finance_seat.stakeholder_access, "read")

    def test_a_narrowed_seat_stays_narrowed_when_its_role_rises(self):
        self.role.with_user(self.admin).write({"review_access": "edit"})
        self.finance_seat.with_user(self.manager).write({"review_access": "none"})
        self.role.with_user(self.admin).write({"review_access": "read"})
        self.assertEqual(self.finance_seat.review_access, "none")

    def test_manager_and_head_narrow_a_seat_never_widen_it(self):
        for user in (self.manager, self.head):
            with self.subTest(user=user.login):
                self.finance_seat.with_user(user).write({"plan_access": "read"})
                self.finance_seat.with_user(user).write({"plan_access": "edit"})
        self.role.with_user(self.admin).write({"score_access": "none"})
        with self.assertRaisesRegex(ValidationError, "Finance desk role gives None"):
            self.finance_seat.with_user(self.manager).write({"score_access": "read"})

    @mute_logger(*MUTED)
    def test_members_and_other_managers_do_not_narrow_seats(self):
        for user in (self.member, self.manager_2):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                self.finance_seat.with_user(user).write({"plan_access": "read"})

    def test_nobody_changes_their_own_seat(self):
        head_seat = self._seat(self.account, self.head)
        legal = self.env.ref("kam_module.kam_team_role_legal")
        for vals in (
            {"plan_access": "read"},
            {"membership": "extended"},
            {"role_id": legal.id},
        ):
            with (
                self.subTest(vals=vals),
                self.assertRaisesRegex(UserError, "nobody changes their own seat"),
            ):
                head_seat.with_user(self.head).write(vals)

    def test_the_key_account_manager_role_keeps_every_level(self):
        kam_role = self.env.ref("kam_module.kam_team_role_kam")
        with self.assertRaisesRegex(ValidationError, "keeps every access level"):
            kam_role.with_user(self.admin).write({"review_access": "read"})

    def test_the_managers_seat_keeps_every_level(self):
        with self.assertRaisesRegex(ValidationError, "every access level"):
            self._manager_seat(self.account).with_user(self.head).write(
                {"plan_access": "read"}
            )

    def test_a_new_role_on_a_seat_gives_that_role_levels(self):
        legal = self.env.ref("kam_module.kam_team_role_legal")
        legal.with_user(self.admin).write(
            {"plan_access": "read", "score_access": "none"}
        )
        self.finance_seat.with_user(self.manager).write({"role_id": legal.id})
        self.assertEqual(
            (self.finance_seat.plan_access, self.finance_seat.score_access),
            ("read", "none"),
        )

    def test_handover_keeps_the_givers_levels_where_the_receiver_had_none(self):
        receiver = self._kam_user("kam_receiver", "kam_module.group_kam_user")
        kept = self._seat(self.account, receiver)
        kept.with_user(self.manager).write(
            {"plan_access": "none", "stakeholder_access": "read"}
        )
        giver = self.finance_seat.user_id
        self.Seat._kam_hand_over(self.account, giver, receiver)
        self.assertFalse(self.finance_seat.exists())
        self.assertEqual((kept.plan_access, kept.stakeholder_access), ("edit", "read"))

    def test_merge_keeps_the_wider_seat_up_to_the_role(self):
        legal = self.env.ref("kam_module.kam_team_role_legal")
        legal.with_user(self.admin).write(
            {
                "plan_access": "read",
                "stakeholder_access": "edit",
                "review_access": "none",
            }
        )
        duplicate = self.env["res.partner"].create(
            {"name": "Owned Freight (copy)", "is_company": True}
        )
        user = self.finance_seat.user_id
        self._seat(duplicate, user)
        self.finance_seat.write({"role_id": legal.id})
        self.Seat._kam_merge(duplicate, self.account)
        self.assertEqual(
            (self.finance_seat.plan_access, self.finance_seat.review_access),
            ("read", "none"),
        )
        self.assertEqual(self.finance_seat.stakeholder_access, "edit")

    def test_an_extended_seat_reads_at_most(self):
        seat = self.finance_seat.with_user(self.manager)
        self.assertEqual(seat.plan_access, "edit")
        seat.membership = "extended"
        self.assertEqual((seat.plan_access, seat.stakeholder_access), ("read", "read"))
        with self.assertRaises(ValidationError) as refused:
            seat.plan_access = "edit"
        self.assertIn("extended member", str(refused.exception))
        # Made core again, the manager widens it back up to the role.
        seat.membership = "core"
        seat.plan_access = "edit"
        self.assertEqual(seat.plan_access, "edit")
