# Copyright 2026 KAM Module Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError


class KamAccountMixin(models.AbstractModel):
    """A record that belongs to a key account: its team seats, and later its
    plans, stakeholders and reviews.

    It carries the account, the account's KAM company and manager, stored so
    that every record rule reads the same short domains:

    - members read: ``[('partner_id.kam_member_user_ids', 'in', user.id)]``
    - the manager manages: ``[('kam_user_id', '=', user.id)]``
    """

    _name = "kam.account.mixin"
    _inherit = ["kam.field.guard", "kam.account.policy"]
    _description = "Key Account Record"
    _kam_manager_path = "kam_user_id"
    # The handover gives these records before the manager moves.
    _kam_hand_over_first = False

    partner_id = fields.Many2one(
        "res.partner",
        string="Account",
        required=True,
        index=True,
        ondelete="restrict",
        domain=[("is_company", "=", True)],
    )
    company_id = fields.Many2one(
        "res.company",
        compute="_compute_company_id",
        store=True,
        index=True,
        precompute=True,
    )
    kam_user_id = fields.Many2one(
        related="partner_id.kam_user_id",
        string="Key Account Manager",
        store=True,
        index=True,
    )
    kam_membership = fields.Selection(
        [("owner", "Key Account Manager"), ("core", "Core"), ("extended", "Extended")],
        string="My Membership",
        compute="_compute_kam_membership",
        help="What the current user is on the account's team, today.",
    )

    @api.depends("partner_id.company_id")
    def _compute_company_id(self):
        for record in self:
            record.company_id = record.partner_id._kam_company()

    @api.depends("partner_id")
    @api.depends_context("uid")
    def _compute_kam_membership(self):
        memberships = self.partner_id._kam_memberships(self.env.user)
        for record in self:
            record.kam_membership = memberships.get(record.partner_id)

    @api.constrains("partner_id")
    def _check_partner_id(self):
        for record in self:
            account = record.partner_id.commercial_partner_id
            if record.partner_id != account:
                raise ValidationError(
                    self.env._(
                        "%(contact)s is a contact of %(account)s: "
                        "%(record)s belongs to the account, %(account)s.",
                        contact=record.partner_id.display_name,
                        account=account.display_name,
                        record=self._description,
                    )
                )

    def _kam_check_write(self, vals):
        result = super()._kam_check_write(vals)
        if "partner_id" in vals and any(
            record.partner_id.id != vals["partner_id"] for record in self
        ):
            raise UserError(
                self.env._(
                    "%s: it stays on its account; create one on the other account "
                    "instead.",
                    self._description,
                )
            )
        return result

    def _kam_user_problem(self, user):
        """Why ``user`` cannot work on this record's account (a KAM user of
        its company), or None."""
        self.ensure_one()
        if user.share or not user.has_group("kam_module.group_kam_user"):
            return self.env._("not a KAM user: give them the Team Member group first")
        if self.company_id not in user.company_ids:
            return self.env._("not a user of %s", self.company_id.name)
        return None

    def _kam_check_user(self, user, role):
        """Refuse ``user`` in ``role`` (e.g. "Organizer of X") unless they may
        work on this record's account."""
        reason = user and self._kam_user_problem(user)
        if reason:
            raise ValidationError(
                self.env._(
                    "%(role)s: %(user)s is %(reason)s.",
                    role=role,
                    user=user.name,
                    reason=reason,
                )
            )

    @api.model
    def _kam_models(self):
        """Every model of account records."""
        names = self.env.registry.descendants([self._name], "_inherit")
        return [self.env[name] for name in names if not self.env[name]._abstract]

    @api.model
    def _kam_hand_over(self, accounts, from_user, to_user):
        """Give ``to_user`` what ``from_user`` holds of this model on
        ``accounts``, after the accounts' manager has been moved (before, for
        a model whose records follow the manager by themselves:
        ``_kam_hand_over_first``).

        :return: {account: [what was handed over, as a sentence part]}
        """
        return {}

    @api.model
    def _kam_merge(self, src_partners, dst_partner):
        """Keep this model's records of ``src_partners`` on ``dst_partner``,
        which the merge of partners is about to move there in SQL."""
