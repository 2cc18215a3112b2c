# Copyright 2026 KAM Module Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models
from odoo.exceptions import UserError

from .kam_team_role import (
    AREA_LABELS,
    AREAS,
    EDIT_LEVELS,
    LEVEL_RANK,
    SEAT_ACCESS_DEPENDS,
    access_field,
)


def my_access_field(area, **kwargs):
    """The current user's level in ``area`` of the account."""
    return access_field(
        area,
        string=f"My Access to {AREA_LABELS[area][0]}",
        help="What the current user may do with them, by the account policy.",
        compute="_compute_kam_my_access",
        required=False,
        groups="kam_module.group_kam_user",
        **kwargs,
    )


ACCESS_DEPENDS = (
    "kam_user_id",
    *(f"kam_team_member_ids.{name}" for name in SEAT_ACCESS_DEPENDS),
)


class KamAccountAccess(models.AbstractModel):
    """Who sees what of a key account, person by person: the account policy
    (kam.account.policy) in the other direction, for the account's Access
    tab and for the current user's buttons and tabs."""

    _name = "kam.account.access"
    _description = "Key Account Access"

    kam_my_plan_access = my_access_field("plan")
    kam_my_stakeholder_access = my_access_field("stakeholder")
    kam_my_review_access = my_access_field("review")
    kam_my_score_access = my_access_field("score", search="_search_kam_my_score_access")
    kam_sees_score = fields.Boolean(
        string="I See Its Score",
        compute="_compute_kam_my_access",
        groups="kam_module.group_kam_user",
        help="The current user sees the account's score: a Key Account "
        "Manager, or a member whose role gives them the scores (who also read "
        "the breakdown).",
    )
    kam_access_html = fields.Html(
        string="Access",
        compute="_compute_kam_access_html",
        sanitize=False,
        groups="kam_module.group_kam_manager",
        help="Everyone who sees any of the account's KAM records, why, and "
        "what they may do in each area, as the record rules decide it.",
    )

    @api.depends(*ACCESS_DEPENDS)
    @api.depends_context("uid")
    def _compute_kam_my_access(self):
        user = self.env.user
        is_manager = user.has_group("kam_module.group_kam_manager")
        access = self._kam_access(user)
        for partner in self:
            levels = access[partner].get(user, ((), {}))[1]
            for area in AREAS:
                partner[f"kam_my_{area}_access"] = levels.get(area, "none")
            partner.kam_sees_score = is_manager or levels.get("score") == "read"

    def _search_kam_my_score_access(self, operator, value):
        if operator not in ("=", "!=") or value not in ("none", "read"):
            raise UserError(self.env._("Search it with = 'read' or = 'none'."))
        user = self.env.user
        if user.has_group("kam_module.group_kam_head"):
            reads = [("id", "!=", False)]
        else:
            seats = self.env["kam.team.member"]._kam_access_domain("score", "read")
            reads = [
                ("kam_team_member_ids", "any", [("user_id", "=", user.id), *seats])
            ]
        return reads if (operator == "=") == (value == "read") else ["!", *reads]

    @api.depends(*ACCESS_DEPENDS)
    @api.depends_context("uid")
    def _compute_kam_access_html(self):
        managed = self.filtered("kam_can_manage")
        (self - managed).kam_access_html = False
        if not managed:
            return
        access = managed._kam_access()
        labels = dict(EDIT_LEVELS)
        for partner in managed:
            rows = sorted(access[partner].items(), key=lambda item: item[0].name)
            partner.kam_access_html = self.env["ir.qweb"]._render(
                "kam_module.kam_account_access_table",
                {"rows": rows, "areas": list(AREAS), "labels": labels},
            )

    def _kam_access(self, users=None):
        """Who may see what of these accounts, by the account policy:
        {account: {user: (reasons, {area: level})}}, for ``users`` only when
        given. A Head of KAM of the account's company edits every area; a
        current seat gives its levels (read at most for extended members);
        an action's owner updates their own actions."""
        Users = self.env["res.users"].sudo()
        of_users, these_users = [], []
        if users is not None:
            of_users, these_users = (
                [("user_id", "in", users.ids)],
                [("id", "in", users.ids)],
            )
        Seat = self.env["kam.team.member"].sudo()
        seats = Seat.search(
            [("partner_id", "in", self.ids), *of_users, *Seat._current_domain()]
        )
        companies = {partner: partner._kam_company() for partner in self}
        # Cached ids: env.ref would check each group's existence in a query.
        group_id = self.env["ir.model.data"]._xmlid_to_res_id
        head_group = group_id("kam_module.group_kam_head")
        admin_group = group_id("kam_module.group_kam_admin")
        heads = Users.search(
            [
                *these_users,
                ("share", "=", False),
                ("groups_id", "in", head_group),
                ("company_ids", "in", [c.id for c in companies.values()]),
            ]
        )
        owners = (
            self.env["kam.plan.action"]
            .sudo()
            ._read_group(
                [
                    ("partner_id", "in", self.ids),
                    ("user_id", "!=", False),
                    *of_users,
                ],
                ["partner_id", "user_id"],
                ["__count"],
            )
        )
        people = seats.user_id | heads | Users.union(*(row[1] for row in owners))
        user_companies = {
            user: set(user.company_ids.filtered("active").ids) for user in people
        }
        access = {partner: {} for partner in self}

        def grant(partner, user, reason, levels):
            if companies[partner].id not in user_companies[user]:
                return
            reasons, current = access[partner].setdefault(
                user, ([], dict.fromkeys(AREAS, "none"))
            )
            reasons.append(reason)
            for area, level in levels.items():
                current[area] = max(current[area], level, key=LEVEL_RANK.get)

        for partner in self:
            for head in heads:
                reason = (
                    self.env._("KAM Administrator")
                    if admin_group in head.groups_id.ids
                    else self.env._("Head of KAM")
                )
                grant(partner, head, reason, AREAS)
        memberships = dict(Seat._fields["membership"].selection)
        for seat in seats:
            reason = (
                seat.role_id.name
                if seat.role_id.is_kam
                else self.env._(
                    "%(role)s (%(membership)s)",
                    role=seat.role_id.name,
                    membership=memberships[seat.membership].lower(),
                )
            )
            grant(seat.partner_id, seat.user_id, reason, seat._kam_effective_levels())
        for partner, user, count in owners:
            grant(partner, user, self.env._("owner of %s plan action(s)", count), {})
        return access
