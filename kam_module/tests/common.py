# Copyright 2026 KAM Module Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo.tests import TransactionCase, new_test_user


class KamCommon(TransactionCase):
    """One user per role of the spec, and a customer with a contact."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.env.company
        cls.rep = cls._kam_user("kam_rep", "base.group_user,base.group_partner_manager")
        cls.member = cls._kam_user("kam_member", "kam_module.group_kam_user")
        cls.manager = cls._kam_user("kam_manager", "kam_module.group_kam_manager")
        cls.manager_2 = cls._kam_user("kam_manager_2", "kam_module.group_kam_manager")
        cls.head = cls._kam_user("kam_head", "kam_module.group_kam_head")
        cls.admin = cls._kam_user("kam_admin", "kam_module.group_kam_admin")
        cls.portal = new_test_user(cls.env, login="kam_portal", groups="base.group_portal")
        cls.customer = cls.env["res.partner"].create(
            {"name": "Gamma Rail", "is_company": True, "company_id": cls.company.id}
        )
        cls.contact = cls.env["res.partner"].create(
            {"name": "Ines Roth", "parent_id": cls.customer.id}
        )

    @classmethod
    def _kam_user(cls, login, groups):
        return new_test_user(
            cls.env,
            login=login,
            groups=groups,
            company_id=cls.company.id,
            company_ids=[cls.company.id],
        )

    @classmethod
    def _key_account(cls, name, manager, **vals):
        """A key account as the Head of KAM would have designated it."""
        return cls.env["res.partner"].create(
            {
                "name": name,
                "is_company": True,
                "company_id": cls.company.id,
                "kam_state": "key",
                "kam_user_id": manager.id,
                **vals,
            }
        )

    def _revoke(self, partners, reason, user):
        action = partners.with_user(user).action_kam_revoke()
        wizard = (
            self.env[action["res_model"]]
            .with_user(user)
            .with_context(**action["context"])
            .create({"reason": reason})
        )
        return wizard.action_confirm()
