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
            ):
                Partner.with_user(user).with_context(**defaults).create(
                    {"name": "Quick key account"}
                )
        with self.assertRaisesRegex(AccessError, "Only the Head of KAM"):
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
        with self.assertRaisesRegex(UserError, "expected Not a key account"):
            self.customer.sudo().action_kam_nominate()
