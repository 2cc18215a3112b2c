# Copyright 2026 KAM Module Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from datetime import timedelta

from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import AccessError, ValidationError

from .kam_plan_share import CUSTOMER_CONTACT_DOMAIN

# How many days ahead the customer's owners are reminded of their actions.
REMINDER_DAYS = 3


class KamPlanAction(models.Model):
    """A step of the action plan: who does what by when."""

    _name = "kam.plan.action"
    _inherit = ["kam.plan.line"]
    _description = "Account Plan Action"
    _order = "deadline, plan_id, sequence, id"
    # The team reports progress on an approved plan.
    _kam_unlocked_fields = frozenset({"state"})

    name = fields.Char(string="Action", required=True)
    objective_id = fields.Many2one(
        "kam.plan.objective",
        index=True,
        ondelete="set null",
        domain="[('plan_id', '=', plan_id)]",
    )
    user_id = fields.Many2one(
        "res.users",
        string="Owner",
        index=True,
        domain=lambda self: self.env["kam.team.member"]._domain_user_id(),
    )
    deadline = fields.Date(index=True)
    state = fields.Selection(
        [
            ("todo", "To Do"),
            ("in_progress", "In Progress"),
            ("done", "Done"),
            ("cancelled", "Cancelled"),
        ],
        default="todo",
        required=True,
    )
    review_id = fields.Many2one(
        "kam.review",
        string="Decided In",
        index=True,
        ondelete="set null",
        domain="[('partner_id', '=', partner_id)]",
        help="The review whose decisions this action carries out.",
    )
    is_overdue = fields.Boolean(compute="_compute_is_overdue")
    shared = fields.Boolean(
        string="Shared with the Customer",
        help="The customer sees this action in the mutual action plan.",
    )
    partner_owner_id = fields.Many2one(
        "res.partner",
        string="Customer Owner",
        index="btree_not_null",
        domain=CUSTOMER_CONTACT_DOMAIN,
        help="The customer's contact, a portal user, who carries out this shared "
        "action and reports its progress on the portal.",
    )

    @api.depends("deadline", "state")
    @api.depends_context("tz")
    def _compute_is_overdue(self):
        today = fields.Date.context_today(self)
        for action in self:
            action.is_overdue = (
                action.deadline
                and action.deadline < today
                and action.state in ("todo", "in_progress")
            )

    @api.model_create_multi
    def create(self, vals_list):
        # An action decided in a review lands in the account's plan.
        vals_list = [
            dict(
                vals,
                plan_id=self.env["kam.review"]
                .browse(vals["review_id"])
                ._kam_action_plan()
                .id,
            )
            if vals.get("review_id") and not vals.get("plan_id")
            else vals
            for vals in vals_list
        ]
        return super().create(vals_list)

    @api.constrains("review_id", "plan_id")
    def _check_review(self):
        for action in self:
            if action.review_id and action.review_id.partner_id != action.partner_id:
                raise ValidationError(
                    self.env._(
                        "Action %(action)s: review %(review)s is about another "
                        "account.",
                        action=action.name,
                        review=action.review_id.display_name,
                    )
                )

    @api.constrains("user_id", "plan_id")
    def _check_user_id(self):
        for action in self.filtered("user_id"):
            action.plan_id._kam_check_user(
                action.user_id, self.env._("Owner of action %s", action.name)
            )

    @api.constrains("partner_owner_id", "user_id", "shared", "plan_id")
    def _check_partner_owner(self):
        for action in self.filtered("partner_owner_id"):
            owner = action.partner_owner_id
            role = self.env._("Customer owner of action %s", action.name)
            if action.user_id or not action.shared:
                raise ValidationError(
                    self.env._(
                        "%(role)s: a shared action has one owner, ours or the "
                        "customer's; clear the Owner and share the action.",
                        role=role,
                    )
                )
            action.plan_id._kam_check_customer_contact(owner, role)
            if not owner.sudo().user_ids.filtered(lambda u: u._is_portal()):
                raise ValidationError(
                    self.env._(
                        "%(role)s: %(partner)s has no portal access; give it from "
                        "Share with Customer first.",
                        role=role,
                        partner=owner.name,
                    )
                )

    @api.constrains("objective_id", "plan_id")
    def _check_objective(self):
        for action in self:
            if action.objective_id and action.objective_id.plan_id != action.plan_id:
                raise ValidationError(
                    self.env._(
                        "Action %(action)s: objective %(objective)s belongs to "
                        "another plan.",
                        action=action.name,
                        objective=action.objective_id.name,
                    )
                )

    def _kam_check_plan(self, names):
        """Whoever the action is assigned to updates its state, whatever
        their membership, while the plan is a draft or approved."""
        if set(names) <= self._kam_unlocked_fields and all(
            a.user_id == self.env.user
            and (a.plan_id.state == "approved" or not a.plan_id._kam_lock_reason())
            for a in self
        ):
            return
        # An open review adds its decisions to the approved plan, whose
        # content stays locked otherwise.
        decided = self.filtered(
            lambda a: (
                a.review_id
                and a.plan_id.state == "approved"
                and not a.review_id._kam_lock_reason()
            )
        )
        if decided:
            decided.review_id.check_access("write")
            decided.plan_id._kam_check_editor()
        super(KamPlanAction, self - decided)._kam_check_plan(names)

    def _kam_portal_set_state(self, partner, state):
        """The customer's owner ``partner`` reports the progress of this shared
        action (its state, nothing else) on the portal."""
        self.ensure_one()
        if (
            partner != self.partner_owner_id
            or not self.shared
            or not self.plan_id._kam_is_shared()
            or state not in ("in_progress", "done")
            or self.state == "cancelled"
        ):
            raise AccessError(
                self.env._(
                    "%s: only its customer owner reports its progress.", self.name
                )
            )
        labels = dict(self._fields["state"]._description_selection(self.env))
        self.sudo().state = state
        self.plan_id.sudo().message_post(
            body=Markup("<p>%s</p>")
            % self.env._(
                "%(partner)s set %(action)s to %(state)s.",
                partner=partner.name,
                action=self.name,
                state=labels[state],
            ),
            author_id=partner.id,
            subtype_xmlid="mail.mt_note",
        )

    @api.model
    def _cron_remind_customer_owners(self):
        """Remind the customer's owners of their open shared actions due in
        a few days or today, by email."""
        today = fields.Date.context_today(self)
        actions = self.sudo().search(
            [
                ("partner_owner_id", "!=", False),
                ("shared", "=", True),
                ("state", "in", ("todo", "in_progress")),
                ("deadline", "in", [today, today + timedelta(days=REMINDER_DAYS)]),
                ("plan_id.state", "=", "approved"),
                ("plan_id.share_with_customer", "=", True),
            ]
        )
        template = self.env.ref("kam_module.mail_template_kam_action_customer_reminder")
        for action in actions:
            template.send_mail(
                action.id, email_layout_xmlid="mail.mail_notification_light"
            )
