# Copyright 2026 KAM Module Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from collections import defaultdict

from odoo import api, fields, models
from odoo.exceptions import UserError


class KamAccountTeam(models.AbstractModel):
    """A key account's virtual team, and who may read the account's KAM
    records because of it.

    The account's manager always holds a current core seat in the Key Account
    Manager role: every change of ``kam_user_id`` moves that seat.
    """

    _name = "kam.account.team"
    _description = "Key Account Team"

    kam_team_member_ids = fields.One2many(
        "kam.team.member",
        "partner_id",
        string="Team",
        groups="kam_module.group_kam_user",
    )
    kam_core_member_ids = fields.One2many(
        "kam.team.member",
        "partner_id",
        string="Core Team",
        domain=[("membership", "=", "core")],
        groups="kam_module.group_kam_user",
    )
    kam_extended_member_ids = fields.One2many(
        "kam.team.member",
        "partner_id",
        string="Extended Team",
        domain=[("membership", "=", "extended")],
        groups="kam_module.group_kam_user",
    )
    kam_member_user_ids = fields.Many2many(
        "res.users",
        string="Team Members",
        compute="_compute_kam_member_user_ids",
        search="_search_kam_member_user_ids",
        groups="kam_module.group_kam_user",
        help="The users with a current seat on the account's team, its "
        "manager always among them: who reads its KAM records.",
    )
    kam_core_user_ids = fields.Many2many(
        "res.users",
        string="Core Team Members",
        compute="_compute_kam_member_user_ids",
        search="_search_kam_core_user_ids",
        groups="kam_module.group_kam_user",
        help="The users with a current core seat: who edit the account's draft plans.",
    )
    kam_team_count = fields.Integer(
        string="Team Size",
        compute="_compute_kam_member_user_ids",
        groups="kam_module.group_kam_user",
    )

    kam_is_on_team = fields.Boolean(
        string="I Am on Its Team",
        compute="_compute_kam_is_on_team",
        groups="kam_module.group_kam_user",
        help="The current user reads the account's KAM records: its manager, a "
        "current member of its team, or a Head of KAM.",
    )

    @api.depends("kam_user_id")
    @api.depends_context("uid")
    def _compute_kam_is_on_team(self):
        user = self.env.user
        if user.has_group("kam_module.group_kam_head"):
            self.kam_is_on_team = True
            return
        memberships = self._kam_memberships(user)
        for partner in self:
            partner.kam_is_on_team = partner in memberships

    @api.depends("kam_team_member_ids.is_current")
    def _compute_kam_member_user_ids(self):
        # Record rules evaluate this in Python on cached records: one batch.
        members = defaultdict(lambda: self.env["res.users"])
        core = defaultdict(lambda: self.env["res.users"])
        for seat in self.kam_team_member_ids.filtered("is_current"):
            members[seat.partner_id] |= seat.user_id
            if seat.membership == "core":
                core[seat.partner_id] |= seat.user_id
        for partner in self:
            partner.kam_member_user_ids = members[partner]
            partner.kam_core_user_ids = core[partner]
            partner.kam_team_count = len(members[partner])

    def _search_kam_member_user_ids(self, operator, value):
        return self._kam_seat_domain(operator, value)

    def _search_kam_core_user_ids(self, operator, value):
        return self._kam_seat_domain(operator, value, [("membership", "=", "core")])

    def _kam_seat_domain(self, operator, value, seat_domain=()):
        # Evaluated when the query is built, never cached: a seat that ended
        # yesterday opens nothing today, without a cron. The manager's seat
        # is current as long as they manage the account, so this is one
        # indexed subquery on the seats, whatever the number of accounts.
        if operator not in ("in", "="):
            raise UserError(self.env._("Search team members with = or in."))
        seat_domain = [
            ("user_id", operator, value),
            *seat_domain,
            *self.env["kam.team.member"]._current_domain(),
        ]
        return [("kam_team_member_ids", "any", seat_domain)]

    def _kam_memberships(self, user):
        """What ``user`` is on these accounts' teams today:
        {account: 'owner' | 'core' | 'extended'}."""
        Seat = self.env["kam.team.member"].sudo()
        seats = Seat.search_fetch(
            [
                ("partner_id", "in", self.ids),
                ("user_id", "=", user.id),
                *Seat._current_domain(),
            ],
            ["partner_id", "membership"],
        )
        memberships = {seat.partner_id: seat.membership for seat in seats}
        memberships.update(
            {partner: "owner" for partner in self if partner.kam_user_id == user}
        )
        return memberships

    @api.model_create_multi
    def create(self, vals_list):
        partners = super().create(vals_list)
        partners.filtered("kam_user_id")._kam_sync_team({})
        return partners

    def write(self, vals):
        if "kam_user_id" not in vals:
            return super().write(vals)
        previous = {partner: partner.kam_user_id for partner in self}
        result = super().write(vals)
        self._kam_sync_team(previous)
        self.env["kam.approval.mixin"]._kam_involve_managers(
            self.filtered("kam_user_id")
        )
        return result

    def _kam_sync_team(self, previous):
        """Give each account's manager their seat and archive the seat of the
        manager they replace (``previous``: {account: former manager}).

        The manager was checked by the partner's own guard: the seats follow
        whoever may set it.
        """
        changed = self.filtered(
            lambda p: p.kam_user_id != previous.get(p, self.env["res.users"])
        )
        if not changed:
            return
        Seat = self.env["kam.team.member"].sudo().with_context(active_test=False)
        seats = {
            (seat.partner_id, seat.user_id): seat
            for seat in Seat.search([("partner_id", "in", changed.ids)])
        }
        role = Seat.role_id._kam_role()
        today = Seat._kam_today()
        kept, new_vals = Seat, []
        for partner in changed.filtered("kam_user_id"):
            seat = seats.get((partner, partner.kam_user_id))
            if seat:
                kept |= seat
            else:
                new_vals.append(
                    {
                        "partner_id": partner.id,
                        "user_id": partner.kam_user_id.id,
                        "role_id": role.id,
                        "membership": "core",
                        "date_start": today,
                    }
                )
        kept_vals = {
            "role_id": role.id,
            "membership": "core",
            "active": True,
            "date_end": False,
        }
        # A returning manager's seat starts again today.
        kept.filtered(
            lambda s: (
                not s.active
                or s.date_start > today
                or (s.date_end and s.date_end < today)
            )
        ).write(dict(kept_vals, date_start=today))
        kept.write(kept_vals)
        Seat.create(new_vals)
        left = Seat.union(
            *(seats.get((p, previous.get(p)), Seat) for p in changed)
        ).filtered("active")
        left.write({"active": False})
        left.filtered(lambda s: not s.date_end or s.date_end > today).date_end = today

    def action_kam_open_team(self):
        action = self._kam_records_action(
            "kam_module.kam_team_member_action", self.env._("Team: %s")
        )
        action["context"]["search_default_current"] = 1
        return action

    def _kam_records_action(self, xmlid, title):
        """The window action ``xmlid`` on this account's records, new ones
        on this account, named ``title`` % the account."""
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(xmlid)
        action["domain"] = [("partner_id", "=", self.id)]
        action["context"] = {"default_partner_id": self.id}
        action["name"] = title % self.display_name
        return action
