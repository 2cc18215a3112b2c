# Copyright 2026 KAM Module Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import KamCommon

MUTED = ("odoo.addons.base.models.ir_model", "odoo.addons.base.models.ir_rule")


@tagged("post_install", "-at_install")
class TestResPartnerGuard(KamCommon):
    """Nobody gets around the workflow: not the Head of KAM, not a context
    default, not a computed field."""

    @mute_logger(*MUTED)
    def test_status_changes_only_through_the_workflow(self):
        account = self._key_account("Delta Steel", self.manager)
        moves = {
            self.customer: ("key", "candidate", "former"),
            account: ("none", "former", "candidate"),
        }
        for partner, states in moves.items():
            for state in states:
                with (
                    self.subTest(partner=partner.name, state=state),
                    self.assertRaisesRegex(AccessError, "only through the workflow"),
                ):
                    partner.with_user(self.head).write({"kam_state": state})
        self.assertEqual((self.customer.kam_state, account.kam_state), ("none", "key"))
        # Writing the value it already has changes nothing: allowed.
        account.with_user(self.head).write({"kam_state": "key"})

    @mute_logger(*MUTED)
    def test_former_stays_former_until_nominated(self):
        account = self._key_account("Delta Steel", self.manager)
        self._revoke(account, "Lost the tender", self.head)
        with self.assertRaisesRegex(AccessError, "only through the workflow"):
            account.with_user(self.head).write({"kam_state": "none"})
        with self.assertRaisesRegex(UserError, "Archive them instead"):
            account.unlink()
        account.with_user(self.manager).action_kam_nominate()
        self.assertEqual(account.kam_state, "candidate")

    @mute_logger(*MUTED)
    def test_no_status_through_context_defaults(self):
        Partner = self.env["res.partner"]
        defaults = {
            "default_kam_state": "key",
            "default_kam_user_id": self.manager.id,
            "default_is_company": True,
        }
        for user in (self.rep, self.manager, self.head):
            with (
                self.subTest(user=user.login),
                self.assertRaisesRegex(AccessError, "only through the workflow"),
                self.env.cr.savepoint(),
            ):
                Partner.with_user(user).with_context(**defaults).create(
                    {"name": "Quick key account"}
                )
        with (
            self.assertRaisesRegex(AccessError, "Only the Head of KAM"),
            self.env.cr.savepoint(),
        ):
            Partner.with_user(self.manager).with_context(
                default_kam_user_id=self.manager.id
            ).create({"name": "Quick owned account"})
        self.assertFalse(Partner.search([("name", "like", "Quick ")]))
        # The Head of KAM assigns a manager at creation; the status stays none.
        account = (
            Partner.with_user(self.head)
            .with_context(default_kam_user_id=self.manager.id)
            .create({"name": "Quick owned account", "is_company": True})
        )
        self.assertEqual(
            (account.kam_state, account.kam_user_id), ("none", self.manager)
        )

    @mute_logger(*MUTED)
    def test_computed_fields_are_not_writable(self):
        fields_values = {
            "is_key_account": True,
            "kam_health": "green",
            "kam_score": 99,
            "kam_portfolio_quadrant": "strategic",
        }
        for user in (self.rep, self.head, self.admin):
            for name, value in fields_values.items():
                with (
                    self.subTest(user=user.login, field=name),
                    self.assertRaisesRegex(AccessError, "nobody writes them"),
                ):
                    self.customer.with_user(user).write({name: value})
        self.assertFalse(self.customer.is_key_account)
        self.assertFalse(
            self.env["res.partner"].search(
                [("is_key_account", "=", True), ("id", "=", self.customer.id)]
            )
        )

    def test_decline_restores_what_the_nomination_set(self):
        self.customer.with_user(self.manager).action_kam_nominate()
        self.assertEqual(
            (self.customer.kam_user_id, self.customer.kam_nominated_by_id),
            (self.manager, self.manager),
        )
        self.customer.with_user(self.head).action_kam_decline()
        self.assertEqual(self.customer.kam_state, "none")
        self.assertFalse(self.customer.kam_user_id)
        # A former key account keeps its status and manager when declined.
        account = self._key_account("Delta Steel", self.manager)
        self._revoke(account, "Merged into a group", self.head)
        account.with_user(self.manager_2).action_kam_nominate()
        account.with_user(self.head).action_kam_decline()
        self.assertEqual(
            (account.kam_state, account.kam_user_id), ("former", self.manager)
        )

    def test_declined_candidate_keeps_its_history(self):
        self.customer.with_user(self.manager).action_kam_nominate()
        self.customer.with_user(self.head).action_kam_decline()
        with self.assertRaisesRegex(UserError, "Archive them instead"):
            self.customer.unlink()

    @mute_logger(*MUTED)
    def test_contacts_are_never_scored(self):
        criterion = self.env["kam.score.criterion"].create(
            {"name": "Guard judgement", "source": "manual"}
        )
        with self.assertRaisesRegex(UserError, "contacts are never scored"):
            self.contact.with_user(self.head).write(
                {"kam_score_line_ids": [Command.create({"criterion_id": criterion.id})]}
            )
        self.assertFalse(
            self.env["kam.score.line"].search([("partner_id", "=", self.contact.id)])
        )

    def test_manager_of_another_company_is_refused(self):
        other = self.env["res.company"].create({"name": "KAM Guard Other"})
        outsider = self._kam_user(
            "kam_guard_outsider", "kam_module.group_kam_manager", other
        )
        with (
            self.assertRaisesRegex(ValidationError, "not a user of"),
            self.env.cr.savepoint(),
        ):
            self.customer.with_user(self.head).write({"kam_user_id": outsider.id})
        self.assertFalse(self.customer.kam_user_id)

    def test_superuser_passes_the_group_checks(self):
        """Scripts and server actions run as superuser, as everywhere in Odoo."""
        self.customer.with_user(self.rep).sudo().write({"kam_user_id": self.manager.id})
        self.customer.with_user(self.rep).sudo().action_kam_nominate()
        self.customer.with_user(self.rep).sudo().action_kam_designate()
        self.assertEqual(self.customer.kam_state, "key")
        self.customer.with_user(self.rep).sudo().action_kam_rescore()
        # The workflow still holds: a key account is not nominated again.
        with self.assertRaisesRegex(UserError, "expected not a key account"):
            self.customer.sudo().action_kam_nominate()

    @mute_logger(*MUTED)
    def test_no_status_through_saved_defaults(self):
        """A user's own saved defaults are values too."""
        Default = self.env["ir.default"]
        for user in (self.rep, self.manager):
            for name, value in (
                ("kam_state", "key"),
                ("kam_user_id", self.manager.id),
                ("kam_relationship_stage", "integrated"),
                ("kam_portfolio_quadrant", "strategic"),
            ):
                Default.with_user(user).set("res.partner", name, value, user_id=True)
                with (
                    self.subTest(user=user.login, field=name),
                    self.assertRaises(AccessError),
                    self.env.cr.savepoint(),
                ):
                    self.env["res.partner"].with_user(user).create(
                        {"name": "Forged key account", "is_company": True}
                    )
                Default.search([("user_id", "=", user.id)]).unlink()
        self.assertFalse(
            self.env["res.partner"].search([("name", "=", "Forged key account")])
        )

    @mute_logger(*MUTED)
    def test_stage_and_tier_live_on_the_account_of_the_company(self):
        with (
            self.assertRaisesRegex(AccessError, "relationship stage"),
            self.env.cr.savepoint(),
        ):
            self.env["res.partner"].with_user(self.manager).create(
                {
                    "name": "Staged",
                    "is_company": True,
                    "kam_relationship_stage": "basic",
                }
            )
        with (
            self.assertRaisesRegex(ValidationError, "lives on the commercial entity"),
            self.env.cr.savepoint(),
        ):
            self.contact.with_user(self.head).kam_relationship_stage = "basic"
        other = self.env["res.company"].create({"name": "KAM Tier Other"})
        foreign_tier = self.env["kam.tier"].create(
            {"name": "Foreign", "min_score": 50, "company_id": other.id}
        )
        account = self._key_account("Delta Steel", self.manager)
        with (
            self.assertRaisesRegex(ValidationError, "is a tier of KAM Tier Other"),
            self.env.cr.savepoint(),
        ):
            account.with_user(self.head).kam_tier_id = foreign_tier
        self.assertFalse(account.kam_tier_id)

    @mute_logger(*MUTED)
    def test_shared_partner_belongs_to_the_main_company(self):
        other = self.env["res.company"].create({"name": "KAM Shared Other"})
        head = self._kam_user("kam_shared_head", "kam_module.group_kam_head", other)
        manager = self._kam_user(
            "kam_shared_manager", "kam_module.group_kam_manager", other
        )
        shared = self.env["res.partner"].create(
            {"name": "Shared Holding", "is_company": True, "company_id": False}
        )
        with self.assertRaisesRegex(AccessError, "belongs to"):
            shared.with_user(manager).action_kam_nominate()
        with self.assertRaisesRegex(AccessError, "belongs to"):
            shared.with_user(head).write({"kam_user_id": manager.id})
        with (
            self.assertRaisesRegex(ValidationError, "not a user of"),
            self.env.cr.savepoint(),
        ):
            shared.with_user(self.head).write({"kam_user_id": manager.id})
        shared.with_user(self.manager).action_kam_nominate()
        self.assertEqual(shared.kam_state, "candidate")
        self.assertNotIn(head, shared.activity_ids.user_id)
        with self.assertRaisesRegex(AccessError, "belongs to"):
            shared.with_user(head).action_kam_decline()
        self.assertEqual(shared.kam_state, "candidate")

    @mute_logger(*MUTED, "odoo.models")
    def test_settings_are_not_reset_by_anyone(self):
        """Odoo's set_values() checks nothing on an empty recordset."""
        params = self.env["ir.config_parameter"]
        before = params.get_param("kam_module.scoring_domain")
        for user in (self.rep, self.admin):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                self.env["res.config.settings"].with_user(user).set_values()
        self.assertEqual(params.get_param("kam_module.scoring_domain"), before)

    @mute_logger(*MUTED)
    def test_wizards_are_their_creator_s_own(self):
        account = self._key_account("Delta Steel", self.manager)
        action = account.with_user(self.head).action_kam_revoke()
        wizard = (
            self.env["kam.revoke.wizard"]
            .with_user(self.head)
            .with_context(**action["context"])
            .create({"reason": "Lost"})
        )
        other_head = self._kam_user("kam_guard_head_2", "kam_module.group_kam_head")
        with self.assertRaises(AccessError):
            wizard.with_user(other_head).write({"reason": "Hijacked"})
        empty = (
            self.env["kam.revoke.wizard"]
            .with_user(self.head)
            .create({"reason": "Nothing"})
        )
        with self.assertRaisesRegex(UserError, "choose the accounts to revoke"):
            empty.action_confirm()
