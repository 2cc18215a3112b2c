# Copyright 2026 KAM Module Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo.exceptions import ValidationError
from odoo.tests import tagged

from .common import KamCommon


@tagged("post_install", "-at_install")
class TestResConfigSettings(KamCommon):
    def test_settings_are_system_parameters(self):
        settings = self.env["res.config.settings"].create(
            {
                "kam_scoring_domain": "[('country_id', '!=', False)]",
                "kam_rescoring_cron": False,
            }
        )
        settings.execute()
        params = self.env["ir.config_parameter"]
        self.assertEqual(
            params.get_param("kam_module.scoring_domain"),
            "[('country_id', '!=', False)]",
        )
        self.assertFalse(params.get_param("kam_module.rescoring_cron"))

    def test_scoring_domain_must_be_valid(self):
        for domain in ("[('no_such_field', '=', 1)]", "[('is_company', '=',"):
            with (
                self.subTest(domain=domain),
                self.assertRaisesRegex(
                    ValidationError,
                    "Accounts to Score: .* is not a valid partner domain",
                ),
            ):
                self.env["res.config.settings"].create({"kam_scoring_domain": domain})
