# Copyright 2026 KAM Module Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo.exceptions import ValidationError
from odoo.tests import new_test_user, tagged

from .common import KamCommon

# A record compared with a text is a name search: as superuser, it would tell
# whoever configures the scoring which records' names match.
NAME_SEARCHES = {
    "many2one": "[('{m2o}', '=', 'Gamma')]",
    "child_of": "[('{m2o}', 'child_of', 'Gamma')]",
    "parent_of": "[('{m2o}', 'parent_of', 'Gamma')]",
    "in": "[('{m2o}', 'in', ['Gamma'])]",
    "in, ids and a name": "[('{m2o}', 'in', [1, 'Gamma'])]",
    "not in": "[('{m2o}', 'not in', ('Gamma',))]",
    "dotted path": "[('{m2o}.parent_id', '=', 'Gamma')]",
    "many2many": "[('{m2m}', 'in', 'Gamma')]",
    "one2many": "[('{o2m}', '=', 'Gamma')]",
    "id": "[('id', 'child_of', 'Gamma')]",
    "within any": "[('{m2o}', 'any', [('parent_id', '=', 'Gamma')])]",
}
ILIKE = "[('{m2o}', 'ilike', 'Gamma')]"
# Records by id, no record, and texts of fields that are not text.
ACCEPTED = (
    "[('{m2o}', '=', {id})]",
    "[('{m2o}', 'in', [{id}])]",
    "[('{m2o}', 'child_of', {id})]",
    "[('{m2o}', '=', False)]",
    "[('{m2o}', '!=', False)]",
    "[('{m2o}', 'any', [('is_company', '=', True)])]",
    "['|', ('{m2o}', '=', {id}), ('{m2o}', '=', False)]",
)


@tagged("post_install", "-at_install")
class TestKamSuperuserDomains(KamCommon):
    """The criteria's domains and the settings' scope are searched as
    superuser: they compare no text, names of records included."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.kam_admin = new_test_user(
            cls.env, login="kam_domain_admin", groups="kam_module.group_kam_admin"
        )
        field = cls.env["ir.model.fields"]._get
        cls.criterion = (
            cls.env["kam.score.criterion"]
            .create(
                {
                    "name": "Emails received",
                    "source": "computed",
                    "model_id": cls.env["ir.model"]._get("mail.message").id,
                    "partner_field_id": field("mail.message", "author_id").id,
                    "aggregate": "count",
                    "domain": "[('message_type', '=', 'email')]",
                    "period_months": 0,
                }
            )
            .with_user(cls.admin)
        )
        cls.Settings = cls.env["kam.config.settings"].with_user(cls.kam_admin)

    def _message_domain(self, template):
        return template.format(
            m2o="author_id", m2m="partner_ids", o2m="child_ids", id=self.customer.id
        )

    def _partner_domain(self, template):
        return template.format(
            m2o="parent_id", m2m="category_id", o2m="child_ids", id=self.customer.id
        )

    def test_criterion_domain_compares_records_by_id(self):
        for case, template in NAME_SEARCHES.items():
            domain = self._message_domain(template)
            with (
                self.subTest(case=case),
                self.assertRaisesRegex(
                    ValidationError,
                    r"Criterion Emails received, Domain: it may compare records "
                    r"by id, not by name \(",
                ),
                self.env.cr.savepoint(),
            ):
                self.criterion.domain = domain
        with (
            self.assertRaisesRegex(ValidationError, r"may not search text \(ilike\)"),
            self.env.cr.savepoint(),
        ):
            self.criterion.domain = self._message_domain(ILIKE)
        for template in ACCEPTED:
            domain = self._message_domain(template)
            with self.subTest(domain=domain):
                self.criterion.domain = domain
                self.assertEqual(self.criterion.domain, domain)

    def test_scoring_domain_compares_records_by_id(self):
        for case, template in NAME_SEARCHES.items():
            domain = self._partner_domain(template)
            with (
                self.subTest(case=case),
                self.assertRaisesRegex(
                    ValidationError,
                    r"Accounts to Score: .* is not a valid partner domain: it may "
                    r"compare records by id, not by name \(",
                ),
            ):
                self.Settings.create({"kam_scoring_domain": domain})
        with self.assertRaisesRegex(ValidationError, r"may not search text \(ilike\)"):
            self.Settings.create({"kam_scoring_domain": self._partner_domain(ILIKE)})
        for template in ACCEPTED:
            domain = self._partner_domain(template)
            with self.subTest(domain=domain):
                settings = self.Settings.create({"kam_scoring_domain": domain})
                self.assertEqual(settings.kam_scoring_domain, domain)
