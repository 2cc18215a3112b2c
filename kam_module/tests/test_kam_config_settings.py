# Copyright 2026 KAM Module Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from datetime import timedelta

from lxml import etree

from odoo import fields
from odoo.exceptions import AccessError, ValidationError
from odoo.tests import Form, new_test_user, tagged
from odoo.tools import mute_logger

from .common import KamCommon


@tagged("post_install", "-at_install")
class TestKamConfigSettings(KamCommon):
    """A KAM Administrator with no other rights does all of the spec's
    configuration: criteria, tiers and settings."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.kam_admin = new_test_user(
            cls.env, login="kam_only_admin", groups="kam_module.group_kam_admin"
        )

    def test_kam_admin_has_no_other_rights(self):
        self.assertFalse(self.kam_admin.has_group("base.group_system"))
        self.assertFalse(self.kam_admin.has_group("base.group_erp_manager"))

    def test_kam_admin_changes_the_settings(self):
        form = Form(self.env["kam.config.settings"].with_user(self.kam_admin))
        form.kam_scoring_domain = "[('country_id', '!=', False)]"
        form.kam_rescoring_cron = False
        form.save().execute()
        params = self.env["ir.config_parameter"]
        self.assertEqual(
            params.get_param("kam_module.scoring_domain"),
            "[('country_id', '!=', False)]",
        )
        self.assertFalse(params.get_param("kam_module.rescoring_cron"))
        settings = self.env["kam.config.settings"].with_user(self.kam_admin).create({})
        self.assertEqual(settings.kam_scoring_domain, "[('country_id', '!=', False)]")
        self.assertFalse(settings.kam_rescoring_cron)

    def test_kam_admin_sets_plan_length_and_stale_threshold(self):
        account = self._key_account("Stale Freight", self.manager)
        contact = self.env["res.partner"].create(
            {"name": "Quiet Contact", "parent_id": account.id}
        )
        card = self.env["kam.stakeholder"].create(
            {"partner_id": account.id, "contact_id": contact.id}
        )
        card.sudo().last_contact_date = fields.Date.today() - timedelta(days=40)
        self.assertFalse(account.kam_gap_stale_contact)
        form = Form(self.env["kam.config.settings"].with_user(self.kam_admin))
        self.assertEqual(form.kam_plan_length_months, 12)
        self.assertEqual(form.kam_stale_contact_days, 90)
        form.kam_plan_length_months = 6
        form.kam_stale_contact_days = 30
        form.save().execute()
        params = self.env["ir.config_parameter"]
        self.assertEqual(params.get_param("kam_module.plan_length_months"), "6")
        self.assertTrue(account.kam_gap_stale_contact, "the gaps follow the setting")

    def test_bad_plan_length_or_stale_threshold(self):
        Settings = self.env["kam.config.settings"].with_user(self.kam_admin)
        for vals, message in (
            ({"kam_plan_length_months": 0}, "Plan Length: 0 months"),
            ({"kam_plan_length_months": 61}, "Plan Length: 61 months"),
            ({"kam_stale_contact_days": 0}, "Stale Contact: 0 days"),
            ({"kam_whitespace_depth": 0}, "Whitespace Category Level: 0 is not"),
            ({"kam_whitespace_depth": 11}, "Whitespace Category Level: 11 is not"),
        ):
            with (
                self.subTest(vals=vals),
                self.assertRaisesRegex(ValidationError, message),
                self.env.cr.savepoint(),
            ):
                Settings.create(vals).execute()
        settings = self.env["kam.settings"]
        self.assertEqual(settings._kam_get("kam_plan_length_months"), 12)
        self.assertEqual(settings._kam_get("kam_whitespace_depth"), 1)
        self.assertEqual(settings._kam_get("kam_stale_contact_days"), 90)

    @mute_logger("odoo.addons.base.models.ir_model")
    def test_only_kam_administrators_open_the_kam_settings(self):
        for user in (self.rep, self.head):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                self.env["kam.config.settings"].with_user(user).create({})

    def test_kam_admin_configures_computed_criteria_and_tiers(self):
        field = self.env["ir.model.fields"].with_user(self.kam_admin)._get
        Criterion = self.env["kam.score.criterion"].with_user(self.kam_admin)
        form = Form(Criterion)
        form.name = "Contacts' colors"
        form.source = "computed"
        form.model_id = (
            self.env["ir.model"].with_user(self.kam_admin)._get("res.partner")
        )
        form.partner_field_id = field("res.partner", "parent_id")
        form.measure_field_id = field("res.partner", "color")
        form.domain = "[('active', '=', True)]"
        criterion = form.save()
        copy = criterion.copy()
        copy.weight = 3
        self.assertEqual((criterion.model_name, copy.weight), ("res.partner", 3))
        tier = (
            self.env["kam.tier"]
            .with_user(self.kam_admin)
            .create({"name": "Platinum", "min_score": 95})
        )
        tier.review_interval_months = 2
        self.assertEqual(tier.review_interval_months, 2)

    def test_settings_are_system_parameters_for_odoo_administrators(self):
        arch = self.env["res.config.settings"].get_view()["arch"]
        block = etree.fromstring(arch).xpath("//block[@name='kam_settings']")[0]
        self.assertEqual(block.get("title"), "Key Account Management")
        self.assertEqual(
            set(block.xpath(".//field/@name")),
            set(self.env["kam.settings"]._kam_parameters()),
        )
        self.env["res.partner"]._kam_refresh_gaps()
        account = self._key_account("Stale Freight", self.manager)
        self._covered(account, self.manager).sudo().last_contact_date = (
            fields.Date.today() - timedelta(days=40)
        )
        self.assertFalse(account.kam_gap_stale_contact)
        settings = self.env["res.config.settings"].create(
            {
                "kam_scoring_domain": "[('country_id', '!=', False)]",
                "kam_rescoring_cron": False,
                "kam_plan_length_months": 6,
                "kam_stale_contact_days": 30,
            }
        )
        settings.execute()
        params = self.env["ir.config_parameter"]
        self.assertEqual(
            params.get_param("kam_module.scoring_domain"),
            "[('country_id', '!=', False)]",
        )
        self.assertFalse(params.get_param("kam_module.rescoring_cron"))
        self.assertEqual(params.get_param("kam_module.plan_length_months"), "6")
        self.assertTrue(account.kam_gap_stale_contact, "the gaps follow the threshold")

    def test_scoring_domain_reads_nothing_hidden(self):
        Settings = self.env["kam.config.settings"].with_user(self.kam_admin)
        for domain, rule in (
            ("[('channel_ids.message_ids.body', 'ilike', 'X')]", "not text"),
            ("[('name', '>=', 'M')]", "not text"),
            ("5", "a domain is a list of conditions"),
        ):
            with (
                self.subTest(domain=domain),
                self.assertRaisesRegex(ValidationError, rule),
            ):
                Settings.create({"kam_scoring_domain": domain})

    def test_scoring_domain_must_be_valid(self):
        for model in ("res.config.settings", "kam.config.settings"):
            for domain in ("[('no_such_field', '=', 1)]", "[('is_company', '=',"):
                with (
                    self.subTest(model=model, domain=domain),
                    self.assertRaisesRegex(
                        ValidationError,
                        "Accounts to Score: .* is not a valid partner domain",
                    ),
                ):
                    self.env[model].create({"kam_scoring_domain": domain})
