# Copyright 2026 KAM Module Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo.exceptions import AccessError
from odoo.tests import Form, new_test_user, tagged
from odoo.tools import mute_logger

from .common import KamCommon

KAM_FIELDS = [
    "kam_state",
    "is_key_account",
    "kam_user_id",
    "kam_tier_id",
    "kam_health",
    "kam_relationship_stage",
]
MUTED = ("odoo.addons.base.models.ir_model", "odoo.addons.base.models.ir_rule")


@tagged("post_install", "-at_install")
class TestResPartnerAccess(KamCommon):
    """One test per cell of the spec's role table, for key-account status."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.tier = cls.env["kam.tier"].create({"name": "Gold", "min_score": 70})
        cls.account = cls._key_account(
            "Alpha Freight",
            cls.manager,
            kam_tier_id=cls.tier.id,
            kam_relationship_stage="cooperative",
        )
        cls._approved_plan(cls.account, cls.manager)

    def test_sales_rep_reads_kam_fields(self):
        values = self.account.with_user(self.rep).read(KAM_FIELDS)[0]
        self.assertEqual(values["kam_state"], "key")
        self.assertTrue(values["is_key_account"])
        self.assertEqual(values["kam_user_id"][0], self.manager.id)
        self.assertEqual(values["kam_tier_id"][0], self.tier.id)
        self.assertEqual(values["kam_health"], "green")
        self.assertEqual(values["kam_relationship_stage"], "cooperative")

    @mute_logger(*MUTED)
    def test_sales_rep_cannot_write_kam_fields(self):
        account = self.account.with_user(self.rep)
        for vals in (
            {"kam_state": "former"},
            {"kam_user_id": self.rep.id},
            {"kam_tier_id": False},
            {"kam_relationship_stage": "integrated"},
        ):
            with self.subTest(vals=vals), self.assertRaises(AccessError):
                account.write(vals)
        self.assertRecordValues(
            self.account,
            [
                {
                    "kam_state": "key",
                    "kam_user_id": self.manager.id,
                    "kam_tier_id": self.tier.id,
                    "kam_relationship_stage": "cooperative",
                }
            ],
        )
        # The guard is on KAM fields only: the rep still edits the partner.
        account.write({"phone": "+41 44 000 00 00"})
        self.assertEqual(self.account.phone, "+41 44 000 00 00")

    def test_sales_rep_creates_partners_through_the_form(self):
        with Form(self.env["res.partner"].with_user(self.rep)) as partner_form:
            partner_form.name = "New Prospect"
            partner_form.company_type = "company"
        partner = partner_form.record
        self.assertEqual(
            (partner.kam_state, partner.kam_user_id), ("none", self.env["res.users"])
        )
        partner = (
            self.env["res.partner"]
            .with_user(self.rep)
            .create({"name": "Imported Prospect", "kam_state": "none"})
        )
        self.assertEqual(partner.kam_state, "none")

    @mute_logger(*MUTED)
    def test_sales_rep_cannot_create_key_account(self):
        with self.assertRaises(AccessError):
            self.env["res.partner"].with_user(self.rep).create(
                {"name": "Self-made Key Account", "kam_state": "key"}
            )

    @mute_logger(*MUTED)
    def test_sales_rep_cannot_nominate(self):
        with self.assertRaises(AccessError):
            self.customer.with_user(self.rep).action_kam_nominate()
        self.assertEqual(self.customer.kam_state, "none")

    @mute_logger(*MUTED)
    def test_team_member_cannot_nominate_or_designate(self):
        with self.assertRaises(AccessError):
            self.customer.with_user(self.member).action_kam_nominate()
        self.customer.with_user(self.manager).action_kam_nominate()
        with self.assertRaises(AccessError):
            self.customer.with_user(self.member).action_kam_designate()
        self.assertEqual(self.customer.kam_state, "candidate")

    @mute_logger(*MUTED)
    def test_manager_nominates_but_cannot_designate_or_revoke(self):
        self.customer.with_user(self.manager).action_kam_nominate()
        self.assertEqual(self.customer.kam_state, "candidate")
        self.assertEqual(self.customer.kam_user_id, self.manager)
        with self.assertRaises(AccessError):
            self.customer.with_user(self.manager).action_kam_designate()
        with self.assertRaises(AccessError):
            self.account.with_user(self.manager).action_kam_revoke()
        with self.assertRaises(AccessError):
            self.customer.with_user(self.manager).write({"kam_state": "key"})
        self.assertEqual(self.customer.kam_state, "candidate")
        self.assertEqual(self.account.kam_state, "key")

    @mute_logger(*MUTED)
    def test_manager_edits_stage_of_owned_accounts_only(self):
        self.account.with_user(self.manager).write(
            {"kam_relationship_stage": "interdependent"}
        )
        self.assertEqual(self.account.kam_relationship_stage, "interdependent")
        with self.assertRaises(AccessError):
            self.account.with_user(self.manager_2).write(
                {"kam_relationship_stage": "basic"}
            )
        with self.assertRaises(AccessError):
            self.account.with_user(self.manager).write(
                {"kam_user_id": self.manager_2.id}
            )
        self.assertRecordValues(
            self.account,
            [
                {
                    "kam_relationship_stage": "interdependent",
                    "kam_user_id": self.manager.id,
                }
            ],
        )

    def test_head_designates_revokes_and_assigns_managers(self):
        self.customer.with_user(self.manager).action_kam_nominate()
        head_customer = self.customer.with_user(self.head)
        head_customer.write({"kam_user_id": self.manager_2.id})
        head_customer.action_kam_designate()
        self.assertRecordValues(
            self.customer,
            [
                {
                    "kam_state": "key",
                    "is_key_account": True,
                    "kam_user_id": self.manager_2.id,
                }
            ],
        )
        self._revoke(self.customer, "Volume moved to a competitor.", self.head)
        self.assertEqual(self.customer.kam_state, "former")

    def test_ui_rights_follow_the_role(self):
        for user, is_head, can_manage in (
            (self.rep, False, False),
            (self.manager, False, True),
            (self.manager_2, False, False),
            (self.head, True, True),
        ):
            with self.subTest(user=user.login):
                account = self.account.with_user(user)
                self.assertEqual(account.kam_is_head, is_head)
                self.assertEqual(account.kam_can_manage, can_manage)

    @mute_logger(*MUTED)
    def test_portal_reads_no_kam_field(self):
        own_partner = self.portal.partner_id.with_user(self.portal)
        for field in KAM_FIELDS:
            with self.subTest(field=field), self.assertRaises(AccessError):
                own_partner.read([field])
        self.assertFalse(
            set(KAM_FIELDS)
            & set(self.env["res.partner"].with_user(self.portal).fields_get())
        )
        with self.assertRaises(AccessError):
            self.env["kam.tier"].with_user(self.portal).search([])

    @mute_logger(*MUTED)
    def test_other_company_sees_no_kam_record(self):
        other_company = self.env["res.company"].create({"name": "KAM Other Company"})
        outsider = new_test_user(
            self.env,
            login="kam_outsider",
            groups="kam_module.group_kam_head",
            company_id=other_company.id,
            company_ids=[other_company.id],
        )
        Partner = self.env["res.partner"].with_user(outsider)
        self.assertFalse(Partner.search([("id", "=", self.account.id)]))
        self.assertNotIn(self.account, Partner.search([("is_key_account", "=", True)]))
        with self.assertRaises(AccessError):
            self.account.with_user(outsider).read(["kam_state"])
        self.assertFalse(
            self.env["kam.tier"].with_user(outsider).search([("id", "=", self.tier.id)])
        )
