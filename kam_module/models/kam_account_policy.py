# Copyright 2026 KAM Module Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models
from odoo.exceptions import UserError

from .kam_team_role import SEAT_ACCESS_DEPENDS


class KamAccountPolicy(models.AbstractModel):
    """Who may read, edit and manage a key account's records: the one policy
    of the record rules, the actions' checks, the buttons, the menus and the
    cockpit's tiles.

    Models that inherit it have the account (``partner_id``) and its KAM
    company (``company_id``). Members read and edit them by the levels of
    their seats (``kam.team.member``) in the model's area.
    """

    _name = "kam.account.policy"
    _description = "Key Account Access Policy"

    # Where the account's manager is read on the model.
    _kam_manager_path = "partner_id.kam_user_id"
    # The area of the account whose seat levels open the model (a key of
    # kam_team_role.AREAS), None for what every seat reads: the team.
    _kam_access_area = None

    kam_may_read = fields.Boolean(
        string="I Read It",
        compute="_compute_kam_may",
        search="_search_kam_may_read",
        help="The current user reads the account's KAM records.",
    )
    kam_may_edit = fields.Boolean(
        string="I Edit It",
        compute="_compute_kam_may",
        search="_search_kam_may_edit",
        help="The current user edits them: the account's core members whose "
        "seat's level allows it, its manager and the Heads of KAM.",
    )
    kam_may_manage = fields.Boolean(
        string="I Manage It",
        compute="_compute_kam_may",
        search="_search_kam_may_manage",
        help="The current user runs the account: its Key Account Manager or a "
        "Head of KAM.",
    )

    @api.model
    def _kam_policy_domain(self, right):
        """The one account policy: the records of the accounts that the
        current user may ``right`` ("read", "edit" or "manage"), in the
        companies they belong to (their own, never the context's): a Head of
        KAM all of them, a manager manages their accounts', and a current
        seat reads or edits them as its level in the model's area says (the
        manager's seat has every level).

        The record rules read it through the ``kam_may_*`` fields, and the
        actions, buttons, menus and tiles through the same fields, so that
        none of them can disagree with another.
        """
        user = self.env.user
        companies = [("company_id", "in", user._get_company_ids())]
        if user.has_group("kam_module.group_kam_head"):
            return companies
        if right == "manage":
            if not user.has_group("kam_module.group_kam_manager"):
                return [(0, "=", 1)]
            return [*companies, (self._kam_manager_path, "=", user.id)]
        seats = self.env["kam.team.member"]._kam_access_domain(
            self._kam_access_area, right
        )
        return [
            *companies,
            (
                "partner_id.kam_team_member_ids",
                "any",
                [("user_id", "=", user.id), *seats],
            ),
        ]

    def _kam_may(self, right):
        """These records that the current user may ``right``."""
        return self.filtered_domain(self._kam_policy_domain(right))

    @api.depends(
        "partner_id.kam_user_id",
        "company_id",
        *(f"partner_id.kam_team_member_ids.{name}" for name in SEAT_ACCESS_DEPENDS),
    )
    @api.depends_context("uid")
    def _compute_kam_may(self):
        for right in ("read", "edit", "manage"):
            allowed = self._kam_may(right)
            for record in self:
                record[f"kam_may_{right}"] = record in allowed

    def _kam_search_may(self, right, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise UserError(self.env._("Search it with = True or = False."))
        domain = self._kam_policy_domain(right)
        return domain if (operator == "=") == value else ["!", *domain]

    def _search_kam_may_read(self, operator, value):
        return self._kam_search_may("read", operator, value)

    def _search_kam_may_edit(self, operator, value):
        return self._kam_search_may("edit", operator, value)

    def _search_kam_may_manage(self, operator, value):
        return self._kam_search_may("manage", operator, value)
