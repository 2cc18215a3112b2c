# Copyright 2026 KAM Module Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo.tests import TransactionCase, tagged


@tagged("post_install", "-at_install")
class TestKamFieldLabels(TransactionCase):
    def test_no_field_shows_its_technical_name(self):
        """Group-bys, filters and exports show the fields' labels: none of
        this module's may be the one Odoo derives from a technical name
        ("Kam Prior State")."""
        derived = []
        for model_name in sorted(self.env.registry):
            model = self.env[model_name]
            for name, field in model._fields.items():
                if "kam_module" not in (field._modules or ()):
                    continue
                if field.string.lower().startswith("kam "):
                    derived.append(f"{model_name}.{name}: {field.string}")
        self.assertEqual(derived, [])
