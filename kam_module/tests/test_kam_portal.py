# Copyright 2026 KAM Module Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import re

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import new_test_user, tagged
from odoo.tools import mute_logger

from ..models.kam_plan_share import (
    PORTAL_ACTION_FIELDS,
    PORTAL_OBJECTIVE_FIELDS,
    PORTAL_PLAN_FIELDS,
)
from .common import KamCommon

MUTED = ("odoo.addons.base.models.ir_model", "odoo.addons.base.models.ir_rule")
# Text of every part of the plan the customer never sees.
SECRETS = (
    "PROFILE-SECRET",
    "HISTORY-SECRET",
    "RELATIONSHIP-SECRET",
    "SWOT-SECRET",
    "RIVAL-SECRET",
    "OPPORTUNITY-SECRET",
    "Secret objective",
    "Secret action",
)


class KamPortalCommon(KamCommon):
    """A key account whose approved plan is shared with its sponsor; a
    colleague of the sponsor owns a shared action too. A portal user of
    another customer, and one of the account's child company."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.manager.groups_id += cls.env.ref("base.group_partner_manager")
        cls.account = cls._key_account("Joint Rail", cls.manager)
        cls.sponsor_user = cls._portal_user("kam_sponsor", "Sara Sponsor", cls.account)
        cls.sponsor = cls.sponsor_user.partner_id
        cls.colleague_user = cls._portal_user("kam_colleague", "Carl", cls.account)
        cls.colleague = cls.colleague_user.partner_id
        cls.other_customer = cls.env["res.partner"].create(
            {"name": "Other Freight", "is_company": True}
        )
        cls.other_user = cls._portal_user("kam_other", "Olga", cls.other_customer)
        cls.child_company = cls.env["res.partner"].create(
            {"name": "Joint Rail Sub", "is_company": True, "parent_id": cls.account.id}
        )
        cls.child_user = cls._portal_user("kam_child", "Chiara", cls.child_company)
        cls.plan = cls._shared_plan(cls.account)

    @classmethod
    def _portal_user(cls, login, name, company):
        contact = cls.env["res.partner"].create(
            {"name": name, "parent_id": company.id, "email": f"{login}@example.com"}
        )
        return new_test_user(
            cls.env,
            login=login,
            name=name,
            groups="base.group_portal",
            partner_id=contact.id,
        )

    @classmethod
    def _shared_plan(cls, account):
        plan = cls.env["kam.plan"].create(
            {
                "name": f"{account.name} joint plan",
                "partner_id": account.id,
                "profile": "<p>PROFILE-SECRET</p>",
                "history": "<p>HISTORY-SECRET</p>",
                "relationship_status": "<p>RELATIONSHIP-SECRET</p>",
                "customer_goals": "<p>GOALS-SHARED</p>",
                "value_proposition": "<p>VALUE-SHARED</p>",
                "customer_sponsor_id": cls.sponsor.id,
                "swot_ids": [Command.create({"name": "SWOT-SECRET"})],
                "competitor_ids": [Command.create({"name": "RIVAL-SECRET"})],
                "opportunity_ids": [Command.create({"name": "OPPORTUNITY-SECRET"})],
                "objective_ids": [
                    Command.create(
                        {"name": "Shared objective", "shared": True, "target_value": 4}
                    ),
                    Command.create({"name": "Secret objective", "target_value": 1}),
                ],
            }
        )
        shared = plan.objective_ids.filtered("shared")
        cls.env["kam.plan.action"].create(
            [
                {
                    "plan_id": plan.id,
                    "name": "Our shared action",
                    "objective_id": shared.id,
                    "user_id": cls.manager.id,
                    "shared": True,
                },
                {
                    "plan_id": plan.id,
                    "name": "Secret action",
                    "user_id": cls.manager.id,
                },
                {
                    "plan_id": plan.id,
                    "name": "Sponsor's action",
                    "objective_id": shared.id,
                    "partner_owner_id": cls.sponsor.id,
                    "shared": True,
                    "deadline": "2099-01-01",
                },
                {
                    "plan_id": plan.id,
                    "name": "Colleague's action",
                    "partner_owner_id": cls.colleague.id,
                    "shared": True,
                },
            ]
        )
        plan.sudo().write({"state": "approved", "share_with_customer": True})
        return plan

    def _action(self, name, plan=None):
        return (plan or self.plan).action_ids.filtered(lambda a: a.name == name)


@tagged("post_install", "-at_install")
class TestKamPortalAccess(KamPortalCommon):
    def assertRefused(self, call, errors=AccessError):
        with mute_logger(*MUTED), self.assertRaises(errors):
            call()

    def test_portal_users_reach_no_kam_model_over_rpc(self):
        """Every model of the module, every field of the plan and its lines,
        every read path: refused to a portal user of the account itself."""
        models = self.env["ir.model"].search([("model", "=like", "kam.%")])
        self.assertIn("kam.plan", models.mapped("model"))
        for model in models.mapped("model"):
            Model = self.env[model].with_user(self.sponsor_user)
            if Model._abstract or Model._transient:
                continue
            with self.subTest(model=model):
                self.assertRefused(lambda M=Model: M.search_read([], ["display_name"]))
                self.assertRefused(lambda M=Model: M.name_search(""))
                self.assertRefused(lambda M=Model: M.read_group([], ["__count"], []))
        lines = {
            "kam.plan": self.plan,
            "kam.plan.objective": self.plan.objective_ids,
            "kam.plan.action": self.plan.action_ids,
        }
        for model, records in lines.items():
            mine = records.with_user(self.sponsor_user)
            for name in records._fields:
                with self.subTest(model=model, field=name):
                    self.assertRefused(lambda r=mine, f=name: r.read([f]))
                    # Portal users may not export at all (a UserError).
                    self.assertRefused(
                        lambda r=mine, f=name: r.export_data([f]),
                        UserError,
                    )

    def test_portal_users_read_no_kam_field_of_their_company(self):
        """Portal users read their own company: none of its KAM fields."""
        account = self.account.with_user(self.sponsor_user)
        account.read(["name"])
        kam_fields = [
            name
            for name, field in self.env["res.partner"]._fields.items()
            if "kam_module" in (field._modules or ())
        ]
        self.assertIn("kam_relationship_stage", kam_fields)
        for name in kam_fields:
            with self.subTest(field=name):
                self.assertRefused(lambda f=name: account.read([f]))

    def test_who_sees_the_shared_plan(self):
        Plan = self.env["kam.plan"]
        self.assertEqual(Plan._kam_portal_plans(self.sponsor), self.plan)
        self.assertEqual(Plan._kam_portal_plans(self.colleague), self.plan)
        for partner in (
            self.other_user.partner_id,
            self.child_user.partner_id,
            self.env.ref("base.public_partner"),
            self.account,
        ):
            with self.subTest(partner=partner.name):
                self.assertFalse(Plan._kam_portal_plans(partner))
        self.plan.with_user(self.manager).action_kam_unshare()
        self.assertFalse(Plan._kam_portal_plans(self.sponsor))

    def test_a_draft_or_unshared_plan_is_invisible(self):
        draft = self.env["kam.plan"].create(
            {"name": "Draft", "partner_id": self.account.id}
        )
        self.assertFalse(draft.share_with_customer)
        self.assertNotIn(draft, self.env["kam.plan"]._kam_portal_plans(self.sponsor))
        with self.assertRaises(UserError):
            draft.with_user(self.manager).action_kam_share()

    def test_a_token_opens_the_chatter_of_its_shared_plan_only(self):
        public = self.env.ref("base.public_user")
        Plan = self.env["kam.plan"].with_user(public)
        token = self.plan._portal_ensure_token()
        self.assertEqual(
            Plan._get_thread_with_access(self.plan.id, token=token), self.plan
        )
        other = self.env["kam.plan"].create(
            {
                "name": "Second",
                "partner_id": self._key_account("Second Rail", self.manager).id,
            }
        )
        other.sudo().write({"state": "approved", "share_with_customer": True})
        self.assertTrue(
            Plan._get_thread_with_access(other.id, token=other._portal_ensure_token())
        )
        self.assertFalse(Plan._get_thread_with_access(other.id, token=token))
        self.plan.with_user(self.manager).action_kam_unshare()
        self.assertFalse(Plan._get_thread_with_access(self.plan.id, token=token))

    def test_the_portal_templates_render_the_whitelisted_fields_only(self):
        names = {
            "plan": PORTAL_PLAN_FIELDS,
            "objective": PORTAL_OBJECTIVE_FIELDS,
            "action": PORTAL_ACTION_FIELDS,
        }
        views = self.env["ir.ui.view"].search(
            [
                ("key", "in", ("kam_module.report_kam_plan_shared_document",)),
            ]
        ) | self.env["ir.ui.view"].search(
            [("key", "=like", "kam_module.portal_%"), ("type", "=", "qweb")]
        )
        self.assertGreaterEqual(len(views), 5)
        for view in views:
            for variable, allowed in names.items():
                used = set(re.findall(rf"\b{variable}\.(\w+)", view.arch_db))
                with self.subTest(view=view.key, variable=variable):
                    self.assertLessEqual(used, allowed)

    def _shared_report(self):
        report = self.env["ir.actions.report"]
        name = "kam_module.action_report_kam_plan_shared"
        return report._render_qweb_html(name, self.plan.ids)[0].decode()

    def test_the_shared_report_shows_the_shared_part_only(self):
        html = self._shared_report()
        for shown in ("GOALS-SHARED", "VALUE-SHARED", "Shared objective", "Sponsor"):
            self.assertIn(shown, html)
        for secret in SECRETS:
            self.assertNotIn(secret, html)
        self.plan.sudo().share_value_proposition = False
        html = self._shared_report()
        self.assertNotIn("VALUE-SHARED", html)


@tagged("post_install", "-at_install")
class TestKamPortalWork(KamPortalCommon):
    def test_the_customer_owner_updates_the_state_of_their_own_actions(self):
        mine = self._action("Sponsor's action")
        mine._kam_portal_set_state(self.sponsor, "in_progress")
        mine._kam_portal_set_state(self.sponsor, "done")
        self.assertEqual(mine.state, "done")
        note = self.plan.message_ids[0]
        self.assertEqual(note.author_id, self.sponsor)
        self.assertIn("Sara Sponsor set Sponsor's action to Done", note.body)
        self.assertTrue(note.subtype_id.internal)
        for action, state in (
            (self._action("Colleague's action"), "done"),
            (self._action("Our shared action"), "done"),
            (self._action("Secret action"), "done"),
            (self._action("Sponsor's action"), "cancelled"),
        ):
            with self.subTest(action=action.name, state=state):
                with self.assertRaises(AccessError):
                    action._kam_portal_set_state(self.sponsor, state)
        self.assertEqual(self._action("Colleague's action").state, "todo")
        with mute_logger(*MUTED), self.assertRaises(AccessError):
            self._action("Sponsor's action").with_user(self.sponsor_user).write(
                {"name": "Renamed", "deadline": "2099-12-31"}
            )

    def test_the_escaping_of_user_text_in_the_progress_note(self):
        mine = self._action("Sponsor's action")
        mine.sudo().name = "<b>bold</b>"
        mine._kam_portal_set_state(self.sponsor, "done")
        self.assertIn("&lt;b&gt;bold&lt;/b&gt;", self.plan.message_ids[0].body)

    def test_a_customer_owner_is_a_portal_contact_of_the_account(self):
        no_login = self.env["res.partner"].create(
            {"name": "No Login", "parent_id": self.account.id}
        )
        draft = self.env["kam.plan"].create(
            {"name": "Draft", "partner_id": self.account.id}
        )
        Action = self.env["kam.plan.action"]
        base = {"plan_id": draft.id, "name": "Theirs", "shared": True}
        for vals, message in (
            ({"partner_owner_id": self.other_user.partner_id.id}, "not a contact"),
            ({"partner_owner_id": self.child_user.partner_id.id}, "not a contact"),
            ({"partner_owner_id": no_login.id}, "has no portal access"),
            (
                {"partner_owner_id": self.sponsor.id, "user_id": self.manager.id},
                "one owner",
            ),
            ({"partner_owner_id": self.sponsor.id, "shared": False}, "one owner"),
        ):
            with self.subTest(message=message), self.assertRaises(ValidationError) as e:
                Action.create({**base, **vals})
            self.assertIn(message, str(e.exception))
        with self.assertRaises(ValidationError):
            draft.customer_sponsor_id = self.other_user.partner_id

    def test_the_sponsor_agrees_once_per_revision(self):
        with self.assertRaises(AccessError):
            self.plan._kam_portal_agree(self.colleague)
        self.plan._kam_portal_agree(self.sponsor)
        self.assertEqual(self.plan.agreed_by_id, self.sponsor)
        self.assertTrue(self.plan.agreed_on)
        self.assertIn("agreed to the shared plan", self.plan.message_ids[0].body)
        self.assertFalse(self.plan.message_ids[0].subtype_id.internal)
        self.assertIn(self.plan.message_ids[0], self.plan.website_message_ids)
        with self.assertRaises(UserError):
            self.plan._kam_portal_agree(self.sponsor)
        with mute_logger(*MUTED), self.assertRaises(AccessError):
            self.plan.with_user(self.manager).write({"agreed_on": False})
        action = self.plan.with_user(self.manager).action_revise()
        revision = self.env["kam.plan"].browse(action["res_id"])
        self.assertFalse(revision.agreed_on)
        self.assertFalse(revision.agreed_by_id)
        self.assertTrue(revision.share_with_customer)
        self.assertNotIn(revision, self.env["kam.plan"]._kam_portal_plans(self.sponsor))
        self.assertEqual(revision.customer_sponsor_id, self.sponsor)
        self.assertEqual(
            revision.action_ids.filtered("partner_owner_id").partner_owner_id,
            self.sponsor | self.colleague,
        )
        revision.sudo().state = "submitted"
        revision.with_user(self.head).action_approve()
        self.assertEqual(self.plan.state, "closed")
        # The customer sees the approved revision, a proposal to agree to.
        self.assertEqual(self.env["kam.plan"]._kam_portal_plans(self.sponsor), revision)
        revision._kam_portal_agree(self.sponsor)
        self.assertEqual(revision.agreed_by_id, self.sponsor)

    def test_sharing_is_the_managers_and_invites_the_contacts(self):
        self.plan.sudo().share_with_customer = False
        with mute_logger(*MUTED), self.assertRaises(AccessError):
            self.plan.with_user(self.member).action_kam_share()
        with mute_logger(*MUTED), self.assertRaises(AccessError):
            self.plan.with_user(self.member).write(
                {"customer_sponsor_id": self.colleague.id}
            )
        with mute_logger(*MUTED), self.assertRaises(AccessError):
            self.plan.with_user(self.manager).write({"share_with_customer": True})
        action = self.plan.with_user(self.manager).action_kam_share()
        self.assertTrue(self.plan.share_with_customer)
        self.assertEqual(action["res_model"], "portal.wizard")
        wizard = self.env["portal.wizard"].browse(action["res_id"])
        self.assertEqual(wizard.partner_ids, self.sponsor | self.colleague)
        link = self.plan.message_ids.filtered(
            lambda m: self.plan.access_token in (m.body or "")
        )
        self.assertEqual(link.partner_ids, self.sponsor | self.colleague)
        preview = self.plan.with_user(self.manager).action_kam_preview()
        self.assertIn(f"access_token={self.plan.access_token}", preview["url"])
        with mute_logger(*MUTED), self.assertRaises(AccessError):
            self.plan.with_user(self.rep).action_kam_preview()
        self.plan.with_user(self.manager).customer_sponsor_id = self.colleague
        self.assertEqual(self.plan.customer_sponsor_id, self.colleague)

    def test_internal_notes_stay_off_the_portal(self):
        self.plan.message_post(body="INTERNAL-NOTE", subtype_xmlid="mail.mt_note")
        self.plan.message_post(
            body="FOR-THE-CUSTOMER",
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
        )
        shown = self.env["mail.message"].search(
            [
                *self.env["mail.message"]._get_search_domain_share(),
                ("model", "=", "kam.plan"),
                ("res_id", "=", self.plan.id),
            ]
        )
        self.assertIn("FOR-THE-CUSTOMER", "".join(shown.mapped("body")))
        self.assertNotIn("INTERNAL-NOTE", "".join(shown.mapped("body")))

    def test_the_customer_owners_are_reminded_of_their_actions(self):
        today = self.env.cr.now().date()
        self._action("Sponsor's action").sudo().deadline = today
        self._action("Colleague's action").sudo().deadline = "2099-01-01"
        mails = self.env["mail.mail"].search([])
        self.env["kam.plan.action"]._cron_remind_customer_owners()
        sent = self.env["mail.mail"].search([]) - mails
        self.assertEqual(sent.recipient_ids, self.sponsor)
        self.assertIn("Sponsor", sent.subject)
        self.assertIn(self.plan.access_url, sent.body_html)
