# Copyright 2026 KAM Module Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from collections import defaultdict

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

MEMBERSHIPS = [("core", "Core"), ("extended", "Extended")]
EDIT_LEVELS = [("none", "None"), ("read", "Read"), ("edit", "Edit")]
READ_LEVELS = [("none", "None"), ("read", "Read")]
LEVEL_RANK = {"none": 0, "read": 1, "edit": 2}
# The areas of an account that a seat opens, and the widest level of each:
# the Key Account Manager role's.
AREAS = {"plan": "edit", "stakeholder": "edit", "review": "edit", "score": "read"}
ACCESS_FIELDS = tuple(f"{area}_access" for area in AREAS)
# What a seat's access depends on.
SEAT_ACCESS_DEPENDS = (
    "user_id",
    "membership",
    "active",
    "date_start",
    "date_end",
    *ACCESS_FIELDS,
)


AREA_LABELS = {
    "plan": (
        "Plans",
        "Read: the account's plans and their lines. Edit: also the draft plans' "
        "content, for core members. Whatever the level, a member updates the "
        "actions assigned to them.",
    ),
    "stakeholder": (
        "Stakeholders",
        "Read or edit (core members) the account's stakeholder map.",
    ),
    "review": (
        "Reviews",
        "Read the account's reviews; edit: also record them and mark them held "
        "(core members). Signing off stays the Head of KAM's.",
    ),
    "score": (
        "Scores",
        "Read the account's score breakdown, judgements and score history.",
    ),
}


def access_field(area, **kwargs):
    """The level of ``area``, alike on roles and seats."""
    string, help_text = AREA_LABELS[area]
    levels = EDIT_LEVELS if AREAS[area] == "edit" else READ_LEVELS
    return fields.Selection(
        levels, **{"string": string, "help": help_text, "required": True, **kwargs}
    )


def levels_of(record):
    """{area: level} of a role or a seat."""
    return {area: record[f"{area}_access"] for area in AREAS}


class KamTeamRole(models.Model):
    """What a member does on a key account team."""

    _name = "kam.team.role"
    _inherit = ["mail.thread", "kam.field.guard"]
    _description = "Key Account Team Role"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True, tracking=True)
    sequence = fields.Integer(default=10)
    default_membership = fields.Selection(
        MEMBERSHIPS,
        required=True,
        default="extended",
        help="Core members run the account with its Key Account Manager; "
        "extended members help now and then.",
    )
    is_kam = fields.Boolean(
        string="Key Account Manager Role",
        help="The seat of the account's Key Account Manager. It is given and "
        "taken with the account's manager, never chosen by hand.",
    )
    description = fields.Text(translate=True)
    # Shipped as the access every member had before levels existed: plans and
    # stakeholders edited by the core team, reviews and scores read.
    plan_access = access_field("plan", default="edit", tracking=True)
    stakeholder_access = access_field("stakeholder", default="edit", tracking=True)
    review_access = access_field("review", default="read", tracking=True)
    score_access = access_field("score", default="read", tracking=True)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company", index=True, help="Empty: the role is offered to every company."
    )

    @api.model
    def _kam_role(self):
        role = self.sudo().search([("is_kam", "=", True)], limit=1)
        if not role:
            raise UserError(
                self.env._(
                    "No team role is the Key Account Manager role: an "
                    "administrator must restore one in Key Accounts > "
                    "Configuration > Team Roles."
                )
            )
        return role

    @api.constrains("is_kam", *ACCESS_FIELDS)
    def _check_kam_role_access(self):
        for role in self.filtered("is_kam"):
            if levels_of(role) != AREAS:
                raise ValidationError(
                    self.env._(
                        "%s is the Key Account Manager's role: it keeps every "
                        "access level (plans, stakeholders and reviews: edit; "
                        "scores: read).",
                        role.name,
                    )
                )

    def write(self, vals):
        changed = [name for name in ACCESS_FIELDS if name in vals]
        before = {role: {name: role[name] for name in changed} for role in self}
        result = super().write(vals)
        if changed:
            self._kam_follow_seats(before)
        return result

    def _kam_follow_seats(self, before):
        """Seats follow their role at once: a seat at the role's former level
        takes the new one, a narrowed seat stays narrowed, and no seat keeps
        more than its role now gives."""
        Seat = self.env["kam.team.member"].sudo().with_context(active_test=False)
        seats = Seat.search([("role_id", "in", self.ids)])
        followed = defaultdict(lambda: Seat)
        for seat in seats:
            vals = {}
            for name, old in before[seat.role_id].items():
                new = seat._kam_cap(seat.role_id[name])
                level = seat[name]
                if level == seat._kam_cap(old) or LEVEL_RANK[level] > LEVEL_RANK[new]:
                    level = new
                if level != seat[name]:
                    vals[name] = level
            if vals:
                followed[tuple(sorted(vals.items()))] |= seat
        for vals, group in followed.items():
            group.write(dict(vals))

    @api.ondelete(at_uninstall=False)
    def _unlink_except_in_use(self):
        used = self.env["kam.team.member"].sudo().with_context(active_test=False)
        used = used.search([("role_id", "in", self.ids)]).role_id
        if used:
            raise UserError(
                self.env._(
                    "Team roles %s are held by team members: archive them instead.",
                    ", ".join(used.mapped("name")),
                )
            )
