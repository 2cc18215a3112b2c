# Copyright 2026 KAM Module Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models
from odoo.exceptions import ValidationError


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
