# Copyright 2026 KAM Module Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from psycopg2 import IntegrityError

from odoo.exceptions import UserError, ValidationError
from odoo.tests import Form, tagged
from odoo.tools import mute_logger

from .common import KamCommon


@tagged("post_install", "-at_install")
class TestResPartnerWorkflow(KamCommon):
    def _tracked_states(self, partner):
        tracking = partner.message_ids.tracking_value_ids.filtered(
            lambda t: t.field_id.name == "kam_state"
        )
        return [(t.old_value_char, t.new_value_char) for t in tracking.sorted("id")]

    def test_full_lifecycle_is_tracked(self):
        self.env.cr.flush()
        self.customer.with_user(self.manager).action_kam_nominate()
        self.env.cr.flush()
        self.customer.with_user(self.head).action_kam_designate()
        self.env.cr.flush()
        self._revoke(self.customer, "Customer consolidated its suppliers.", self.head)
        self.env.cr.flush()
        self.assertEqual(
            self._tracked_states(self.customer),
            [
                ("Not a key account", "Candidate"),
                ("Candidate", "Key account"),
                ("Key account", "Former key account"),
            ],
        )
        self.assertTrue(
            self.customer.message_ids.filtered(
                lambda m: "Reason: Customer consolidated its suppliers." in m.body
            )
        )
        self.customer.with_user(self.manager).action_kam_nominate()
        self.assertEqual(self.customer.kam_state, "candidate")

    def test_nomination_asks_heads_and_designation_closes_it(self):
        self.customer.with_user(self.manager).action_kam_nominate()
        nomination = self.env.ref("kam_module.mail_activity_kam_nomination")
        activities = self.customer.activity_ids.filtered(
            lambda a: a.activity_type_id == nomination
        )
        self.assertIn(self.head, activities.user_id)
        self.assertNotIn(self.manager, activities.user_id)
        self.customer.with_user(self.head).action_kam_designate()
        self.assertFalse(
            self.customer.activity_ids.filtered(
                lambda a: a.activity_type_id == nomination
            )
        )
        self.assertIn(self.manager.partner_id, self.customer.message_partner_ids)

    def test_decline_candidate(self):
        self.customer.with_user(self.manager).action_kam_nominate()
        self.customer.with_user(self.head).action_kam_decline()
        self.assertEqual(self.customer.kam_state, "none")
        self.assertFalse(self.customer.activity_ids)

    def test_revoke_wizard_is_preselected(self):
        account = self._key_account("Beta Mining", self.manager)
        action = account.with_user(self.head).action_kam_revoke()
        self.assertEqual(action["res_model"], "kam.revoke.wizard")
        wizard_form = Form(
            self.env["kam.revoke.wizard"]
            .with_user(self.head)
            .with_context(**action["context"])
        )
        self.assertEqual(wizard_form.partner_ids[:], account)
        wizard_form.reason = "Strategy changed."
        wizard_form.save().action_confirm()
        self.assertEqual(account.kam_state, "former")

    def test_open_account_and_score_trend(self):
        account = self._key_account("Beta Mining", self.manager)
        action = account.with_user(self.manager).action_kam_open()
        self.assertEqual(
            (action["res_model"], action["res_id"]), ("res.partner", account.id)
        )
        self.assertEqual(
            action["views"],
            [(self.env.ref("kam_module.res_partner_view_form_kam").id, "form")],
        )
        criterion = self.env["kam.score.criterion"].create(
            {"name": "Trend judgement", "source": "manual"}
        )
        self._score(account)
        account.kam_score_line_ids.filtered(
            lambda line: line.criterion_id == criterion
        ).manual_value = 55
        trend = account.with_user(self.manager).action_kam_open_score_trend()
        self.assertEqual(trend["res_model"], "kam.score.history")
        history = (
            self.env["kam.score.history"]
            .with_user(self.manager)
            .search(trend["domain"])
        )
        self.assertEqual(history.partner_id, account)

    # Bad input: a clear error naming the rule, and nothing changed.

    def test_designate_without_manager(self):
        self.customer.with_user(self.head).action_kam_nominate()
        self.customer.with_user(self.head).write({"kam_user_id": False})
        with self.assertRaisesRegex(UserError, "assign its Key Account Manager first"):
            self.customer.with_user(self.head).action_kam_designate()
        self.assertEqual(self.customer.kam_state, "candidate")

    @mute_logger("odoo.sql_db")
    def test_revoke_without_reason(self):
        account = self._key_account("Beta Mining", self.manager)
        action = account.with_user(self.head).action_kam_revoke()
        Wizard = (
            self.env["kam.revoke.wizard"]
            .with_user(self.head)
            .with_context(**action["context"])
        )
        with self.assertRaises(IntegrityError), self.env.cr.savepoint():
            Wizard.create({"reason": False})
        wizard = Wizard.create({"reason": "   "})
        with self.assertRaisesRegex(UserError, "Reason: say why"):
            wizard.action_confirm()
        self.assertEqual(account.kam_state, "key")

    def test_nominate_contact_person(self):
        with self.assertRaisesRegex(
            UserError, "status lives on the commercial entity Gamma Rail"
        ):
            self.contact.with_user(self.manager).action_kam_nominate()
        self.assertEqual(self.contact.kam_state, "none")
        self.assertEqual(self.customer.kam_state, "none")

    def test_contact_cannot_hold_status(self):
        with (
            self.assertRaisesRegex(ValidationError, "lives on the commercial entity"),
            self.env.cr.savepoint(),
        ):
            self.contact.write({"kam_state": "candidate"})
        with (
            self.assertRaisesRegex(ValidationError, "lives on the commercial entity"),
            self.env.cr.savepoint(),
        ):
            self.contact.with_user(self.head).write({"kam_user_id": self.manager.id})
        self.assertEqual(self.contact.kam_state, "none")
        account = self._key_account("Beta Mining", self.manager)
        with (
            self.assertRaisesRegex(ValidationError, "lives on the commercial entity"),
            self.env.cr.savepoint(),
        ):
            account.write({"is_company": False, "parent_id": self.customer.id})
        self.assertFalse(account.parent_id)

    def test_wrong_source_state(self):
        account = self._key_account("Beta Mining", self.manager)
        with self.assertRaisesRegex(UserError, "it is key account"):
            account.with_user(self.manager).action_kam_nominate()
        with self.assertRaisesRegex(UserError, "expected candidate"):
            account.with_user(self.head).action_kam_designate()
        with self.assertRaisesRegex(UserError, "expected key account"):
            self.customer.with_user(self.head).action_kam_revoke()

    def test_manager_must_be_key_account_manager(self):
        with (
            self.assertRaisesRegex(
                ValidationError, "not in the Key Account Manager group"
            ),
            self.env.cr.savepoint(),
        ):
            self.customer.with_user(self.head).write({"kam_user_id": self.member.id})
        self.assertFalse(self.customer.kam_user_id)

    def test_key_account_history_cannot_be_deleted(self):
        account = self._key_account("Beta Mining", self.manager)
        with self.assertRaisesRegex(UserError, "Archive them instead"):
            account.unlink()
        self.assertTrue(account.exists())
        account.action_archive()
        self.assertFalse(account.active)
