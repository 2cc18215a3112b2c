# Copyright 2026 KAM Module Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from .kam_team_role import (
    ACCESS_FIELDS,
    AREAS,
    LEVEL_RANK,
    MEMBERSHIPS,
    access_field,
    levels_of,
)

MEMBERSHIP_RANK = {"extended": 0, "core": 1}
# A seat's levels come from its role, and the manager may narrow them.
SEAT_LEVEL = {
    "compute": "_compute_access",
    "store": True,
    "readonly": False,
    "precompute": True,
}
# The levels that give each right on an area.
LEVELS_GIVING = {"read": ("read", "edit"), "edit": ("edit",)}


class KamTeamMember(models.Model):
    """A seat on a key account's virtual team: who, in which role, core or
    extended, for how much of their time and from when to when.

    Seats are never reassigned to another account; one per account and user,
    archived seats included, so that a returning member gets theirs back.
    """

    _name = "kam.team.member"
    _inherit = ["kam.account.mixin"]
    _description = "Key Account Team Member"
    _order = "partner_id, membership, sequence, id"
    _rec_name = "user_id"
    _check_company_auto = True
    # The role proposes the membership and the access levels; the manager
    # decides the membership and may narrow the levels.
    _kam_user_fields = frozenset({"membership", *ACCESS_FIELDS})

    user_id = fields.Many2one(
        "res.users",
        string="Member",
        required=True,
        index=True,
        ondelete="restrict",
        domain=lambda self: self._domain_user_id(),
    )
    role_id = fields.Many2one(
        "kam.team.role",
        required=True,
        ondelete="restrict",
        check_company=True,
        domain="[('is_kam', '=', False)]",
    )
    membership = fields.Selection(
        MEMBERSHIPS,
        required=True,
        compute="_compute_membership",
        store=True,
        readonly=False,
        precompute=True,
    )
    plan_access = access_field("plan", **SEAT_LEVEL)
    stakeholder_access = access_field("stakeholder", **SEAT_LEVEL)
    review_access = access_field("review", **SEAT_LEVEL)
    score_access = access_field("score", **SEAT_LEVEL)
    sequence = fields.Integer(default=10)
    allocation = fields.Float(
        digits=(5, 1),
        help="Share of the member's working time given to this account, in percent.",
    )
    date_start = fields.Date(
        string="Start", required=True, default=lambda self: self._kam_today()
    )
    date_end = fields.Date(
        string="End",
        help="The member leaves the team after this day and loses access to the "
        "account's KAM records.",
    )
    active = fields.Boolean(default=True)
    note = fields.Text()
    is_current = fields.Boolean(
        string="Current",
        compute="_compute_is_current",
        search="_search_is_current",
        help="Not archived, started, not ended.",
    )
    user_allocation = fields.Float(
        string="Member's Total Allocation",
        digits=(5, 1),
        compute="_compute_user_allocation",
        help="The member's allocation over all their current seats.",
    )
    is_over_allocated = fields.Boolean(
        compute="_compute_user_allocation",
        help="This seat takes the member over 100 % of their time.",
    )
    account_state = fields.Selection(related="partner_id.kam_state")
    account_tier_id = fields.Many2one(related="partner_id.kam_tier_id")
    account_health = fields.Selection(related="partner_id.kam_health")
    is_kam_seat = fields.Boolean(related="role_id.is_kam")

    _sql_constraints = [
        (
            "partner_user_uniq",
            "unique(partner_id, user_id)",
            "A person has one seat per account team: reactivate or edit their "
            "existing seat.",
        ),
    ]

    def _domain_user_id(self):
        group = self.env.ref("kam_module.group_kam_user", raise_if_not_found=False)
        return [("share", "=", False), ("groups_id", "in", group.ids)]

    @api.depends("role_id")
    def _compute_membership(self):
        # The role proposes a membership; once set, it is the manager's choice.
        for seat in self:
            seat.membership = seat.membership or seat.role_id.default_membership

    @api.depends("role_id")
    def _compute_access(self):
        for seat in self:
            levels = levels_of(seat.role_id) if seat.role_id else {}
            seat.update(
                {
                    f"{area}_access": seat._kam_cap(levels.get(area, "none"))
                    for area in AREAS
                }
            )

    def _kam_cap(self, level):
        """``level`` as this seat may hold it: extended members read at most."""
        self.ensure_one()
        return "read" if level == "edit" and self.membership == "extended" else level

    def write(self, vals):
        if vals.get("membership") != "extended":
            return super().write(vals)
        # An extended member reads at most: what they edited, they read.
        result = True
        for levels, seats in self.grouped(
            lambda seat: tuple(seat[name] for name in ACCESS_FIELDS)
        ).items():
            capped = {
                name: "read"
                for name, level in zip(ACCESS_FIELDS, levels, strict=True)
                if level == "edit" and name not in vals
            }
            result = super(KamTeamMember, seats).write({**vals, **capped})
        return result

    @api.model
    def _kam_access_domain(self, area, right):
        """The seats that give their holder ``right`` ("read" or "edit") on
        ``area`` of their account (None: the team itself, which every
        current seat reads). Extended members never edit."""
        domain = self._current_domain()
        if right == "edit":
            domain.append(("membership", "=", "core"))
        if area:
            domain.append((f"{area}_access", "in", LEVELS_GIVING[right]))
        return domain

    def _kam_effective_levels(self):
        """{area: level} this seat gives its holder today."""
        self.ensure_one()
        levels = dict.fromkeys(AREAS, "none")
        for area in AREAS:
            for right in LEVELS_GIVING:
                if self.filtered_domain(self._kam_access_domain(area, right)):
                    levels[area] = right
        return levels

    @api.model
    def _kam_today(self):
        """The day seats open and end on: the server's (UTC), never the
        caller's time zone, which the caller controls."""
        return fields.Date.today()

    @api.model
    def _current_domain(self):
        today = self._kam_today()
        return [
            ("active", "=", True),
            ("date_start", "<=", today),
            "|",
            ("date_end", "=", False),
            ("date_end", ">=", today),
        ]

    @api.depends("active", "date_start", "date_end")
    def _compute_is_current(self):
        today = self._kam_today()
        for seat in self:
            seat.is_current = (
                seat.active
                and seat.date_start <= today
                and (not seat.date_end or seat.date_end >= today)
            )

    def _search_is_current(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise UserError(self.env._("Search current seats with = True or False."))
        if (operator == "=") == value:
            return self._current_domain()
        return ["!", *self._current_domain()]

    @api.depends("user_id", "allocation", "is_current", "company_id")
    def _compute_user_allocation(self):
        totals = self._allocation_totals(self.user_id)
        for seat in self:
            seat.user_allocation = totals.get((seat.user_id, seat.company_id), 0.0)
            seat.is_over_allocated = seat.is_current and seat.user_allocation > 100

    def _allocation_totals(self, users):
        """Users' total allocation over their current seats, on every account
        of each company, as the capacity counts it: {(user, company): total}.
        A person's time is one whatever the teams one can read; another
        company's seats are that company's to read."""
        groups = self.sudo()._read_group(
            [("user_id", "in", users.ids), *self._current_domain()],
            ["user_id", "company_id"],
            ["allocation:sum"],
        )
        return {(user, company): total for user, company, total in groups}

    @api.constrains("allocation", "date_start", "date_end")
    def _check_allocation_and_dates(self):
        for seat in self:
            if not 0 <= seat.allocation <= 100:
                raise ValidationError(
                    self.env._(
                        "Allocation of %(user)s on %(account)s: %(value)s %% is "
                        "not a share of time, from 0 to 100 %%.",
                        user=seat.user_id.name,
                        account=seat.partner_id.display_name,
                        value=seat.allocation,
                    )
                )
            if seat.date_end and seat.date_end < seat.date_start:
                raise ValidationError(
                    self.env._(
                        "Dates of %(user)s on %(account)s: the end (%(end)s) is "
                        "before the start (%(start)s).",
                        user=seat.user_id.name,
                        account=seat.partner_id.display_name,
                        end=seat.date_end,
                        start=seat.date_start,
                    )
                )

    @api.constrains("user_id", "partner_id", "company_id")
    def _check_user(self):
        for seat in self:
            seat._kam_check_user(
                seat.user_id,
                self.env._("Team of %s", seat.partner_id.display_name),
            )

    @api.constrains(
        "user_id", "role_id", "membership", "active", "date_start", "date_end"
    )
    def _check_kam_seat(self):
        """The account's manager holds the Key Account Manager role, as a
        core member, from today at the latest and without an end: the seat
        ends when they stop managing the account. Nobody else holds it."""
        today = self._kam_today()
        for seat in self:
            manager = seat.partner_id.kam_user_id
            if seat.user_id == manager and not (
                seat.active
                and seat.role_id.is_kam
                and seat.membership == "core"
                and seat.date_start <= today
                and not seat.date_end
            ):
                raise ValidationError(self._kam_seat_message(seat.partner_id))
            if seat.active and seat.role_id.is_kam and seat.user_id != manager:
                raise ValidationError(
                    self.env._(
                        "Team of %(account)s: the %(role)s role belongs to the "
                        "account's manager. To make %(user)s its manager, change "
                        "the account's Key Account Manager.",
                        account=seat.partner_id.display_name,
                        role=seat.role_id.name,
                        user=seat.user_id.name,
                    )
                )

    @api.constrains("role_id", "membership", *ACCESS_FIELDS)
    def _check_access_within_role(self):
        labels = dict(self._fields["plan_access"].selection)
        for seat in self:
            if seat.membership == "extended" and "edit" in levels_of(seat).values():
                raise ValidationError(
                    self.env._(
                        "Team of %(account)s: %(user)s is an extended member, who "
                        "reads at most; make them a core member to let them edit.",
                        account=seat.partner_id.display_name,
                        user=seat.user_id.name,
                    )
                )
            role = levels_of(seat.role_id)
            for area, level in levels_of(seat).items():
                if LEVEL_RANK[level] > LEVEL_RANK[role[area]]:
                    field = self._fields[f"{area}_access"]
                    raise ValidationError(
                        self.env._(
                            "Team of %(account)s: %(user)s's access to "
                            "%(area)s cannot be %(level)s, the %(role)s role "
                            "gives %(role_level)s at most. A KAM Administrator "
                            "sets the roles' levels in Configuration > Team Roles.",
                            account=seat.partner_id.display_name,
                            user=seat.user_id.name,
                            area=field._description_string(self.env).lower(),
                            level=labels[level],
                            role=seat.role_id.name,
                            role_level=labels[role[area]],
                        )
                    )
            if seat.role_id.is_kam and levels_of(seat) != role:
                raise ValidationError(self._kam_seat_message(seat.partner_id))

    def _kam_check_write(self, vals):
        result = super()._kam_check_write(vals)
        own = self.filtered(lambda seat: seat.user_id == self.env.user)
        # The role and the membership decide the levels too.
        if own._kam_changed(vals, {"role_id", "membership", *ACCESS_FIELDS}):
            raise UserError(
                self.env._(
                    "Team of %s: nobody changes their own seat's role, membership "
                    "or access; the account's manager or a Head of KAM does.",
                    own[0].partner_id.display_name,
                )
            )
        return result

    @api.ondelete(at_uninstall=False)
    def _unlink_except_kam_seat(self):
        for seat in self:
            if seat.user_id == seat.partner_id.kam_user_id:
                raise UserError(self._kam_seat_message(seat.partner_id))

    def _kam_seat_message(self, account):
        return self.env._(
            "%(user)s is the Key Account Manager of %(account)s: their seat stays "
            "a current core seat in that role, with every access level and "
            "without an end date. Change the "
            "account's manager first (or hand the account over).",
            user=account.kam_user_id.name,
            account=account.display_name,
        )

    def action_kam_open_account(self):
        self.ensure_one()
        return self.partner_id.action_kam_open()

    def _kam_absorb(self, seat, widen=False):
        """Merge ``seat``, of the same account, into this one and delete it:
        the higher membership, the allocations summed up to 100 %, and per
        area the giver's level where this seat had none (``widen``: the
        wider of the two), never past this seat's role."""
        self.ensure_one()
        vals = {"allocation": min(100.0, self.allocation + seat.allocation)}
        if MEMBERSHIP_RANK[seat.membership] > MEMBERSHIP_RANK[self.membership]:
            vals["membership"] = seat.membership
        role = levels_of(self.role_id)
        extended = vals.get("membership", self.membership) == "extended"
        for area, given in levels_of(seat).items():
            kept = self[f"{area}_access"]
            if kept == "none" or widen:
                level = max(kept, given, key=LEVEL_RANK.get)
                level = min(level, role[area], key=LEVEL_RANK.get)
                vals[f"{area}_access"] = (
                    "read" if extended and level == "edit" else level
                )
        seat.unlink()
        self.write(vals)

    @api.model
    def _kam_hand_over(self, accounts, from_user, to_user):
        """The giver's current seats, and the manager's seat they just left,
        go to the receiver: merged into the receiver's seat where there is
        one."""
        seats = (
            self.sudo()
            .with_context(active_test=False)
            .search(
                [
                    ("partner_id", "in", accounts.ids),
                    ("user_id", "in", (from_user | to_user).ids),
                ]
            )
        )
        taken = {seat.partner_id: seat for seat in seats if seat.user_id == to_user}
        given = seats.filtered(
            lambda s: (
                s.user_id == from_user
                and (s.is_current or (s.role_id.is_kam and s.kam_user_id == to_user))
            )
        )
        done = {
            seat.partner_id: [
                self.env._(
                    "team seat (%(role)s, %(allocation)s %%)",
                    role=seat.role_id.name,
                    allocation=seat.allocation,
                )
            ]
            for seat in given
        }
        moved = given.filtered(lambda s: s.partner_id not in taken)
        moved.write({"user_id": to_user.id})
        for seat in given - moved:
            taken[seat.partner_id]._kam_absorb(seat)
        return done

    @api.onchange("user_id", "allocation", "date_start", "date_end")
    def _onchange_warn_over_allocation(self):
        if not (self.user_id and self.allocation):
            return None
        others = self.sudo().search_count(
            [
                ("user_id", "=", self.user_id.id),
                ("company_id", "=", self.company_id.id),
                ("id", "!=", self._origin.id),
                *self._current_domain(),
            ]
        )
        total = self._allocation_totals(self.user_id).get(
            (self.user_id, self.company_id), 0.0
        )
        if self._origin.is_current:
            total -= self._origin.allocation
        total += self.allocation
        if total <= 100:
            return None
        return {
            "warning": {
                "title": self.env._("%s is over-allocated", self.user_id.name),
                "message": self.env._(
                    "With this seat, %(user)s gives %(total)s %% of their time "
                    "to key accounts (%(count)s other seats). You can save it; "
                    "the seat and their capacity are flagged.",
                    user=self.user_id.name,
                    total=round(total, 1),
                    count=others,
                ),
            }
        }

    @api.model
    def _kam_merge(self, src_partners, dst_partner):
        """Seats follow the merged partner; a person on several of the teams
        keeps one seat, their current seats merged into it."""
        Seat = self.env["kam.team.member"].sudo().with_context(active_test=False)
        kept = {
            seat.user_id: seat
            for seat in Seat.search([("partner_id", "=", dst_partner.id)])
        }
        for seat in Seat.search([("partner_id", "in", src_partners.ids)]):
            if seat.user_id in kept and seat.is_current:
                kept[seat.user_id]._kam_absorb(seat, widen=True)
            elif seat.user_id in kept:
                seat.unlink()
            else:
                # The manager's seat of a merged partner is no manager's seat.
                seat.write(
                    {
                        "partner_id": dst_partner.id,
                        "active": seat.active and not seat.role_id.is_kam,
                    }
                )
                kept[seat.user_id] = seat
