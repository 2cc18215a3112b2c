# Copyright 2026 KAM Module Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import UserError


class KamHandoverWizard(models.TransientModel):
    """Hand a person's key accounts over to another in one step: ownership,
    team seats, and whatever later parts attach to people."""

    _name = "kam.handover.wizard"
    _description = "Key Account Handover"

    from_user_id = fields.Many2one(
        "res.users",
        string="From",
        required=True,
        help="Who hands over: a leaving or moving Key Account Manager or member, "
        "archived users included.",
    )
    to_user_id = fields.Many2one(
        "res.users",
        string="To",
        required=True,
        domain=lambda self: self._domain_to_user_id(),
    )
    partner_ids = fields.Many2many(
        "res.partner",
        string="Accounts",
        compute="_compute_partner_ids",
        store=True,
        readonly=False,
        domain="[('kam_member_user_ids', 'in', [from_user_id])]",
        help="Every account the giver manages or is on the team of, unless "
        "you narrow it.",
    )

    allocation_after = fields.Float(
        string="Receiver's Allocation",
        compute="_compute_allocation_after",
        digits=(16, 0),
        help="The receiver's time given to key accounts after the handover, "
        "their current seats and the ones they take (merged up to 100 %).",
    )

    def _domain_to_user_id(self):
        """Key Account Managers other than the giver."""
        domain = self.env["kam.account.status"]._domain_kam_user_id()
        return f"{domain!r} + [('id', '!=', from_user_id)]"

    @api.depends("from_user_id", "to_user_id", "partner_ids")
    def _compute_allocation_after(self):
        Seat = self.env["kam.team.member"].sudo()
        for wizard in self:
            giver, receiver = wizard.from_user_id._origin, wizard.to_user_id._origin
            if not (giver and receiver):
                wizard.allocation_after = 0.0
                continue
            seats = Seat.search(
                [
                    ("partner_id", "in", wizard.partner_ids._origin.ids),
                    ("user_id", "in", (giver | receiver).ids),
                    *Seat._current_domain(),
                ]
            )
            # The receiver's time in the companies of the accounts handed over.
            totals = Seat._allocation_totals(receiver)
            total = sum(
                totals.get((receiver, company), 0.0) for company in seats.company_id
            )
            held = {s.partner_id: s.allocation for s in seats if s.user_id == receiver}
            for seat in seats.filtered(lambda s, g=giver: s.user_id == g):
                before = held.get(seat.partner_id, 0.0)
                total += min(100.0, before + seat.allocation) - before
            wizard.allocation_after = total

    @api.depends("from_user_id")
    def _compute_partner_ids(self):
        for wizard in self:
            wizard.partner_ids = wizard._accounts_of(wizard.from_user_id)

    def _accounts_of(self, user):
        if not user:
            return self.env["res.partner"]
        return self.env["res.partner"].search(
            [("kam_member_user_ids", "in", [user.id])]
        )

    def _check_handover(self):
        self.ensure_one()
        if not self.env.su and not self.env.user.has_group("kam_module.group_kam_head"):
            raise UserError(self.env._("Only the Head of KAM hands accounts over."))
        giver, receiver = self.from_user_id, self.to_user_id
        if giver == receiver:
            raise UserError(
                self.env._("To: %s cannot hand accounts over to themself.", giver.name)
            )
        if not receiver.has_group("kam_module.group_kam_manager"):
            raise UserError(
                self.env._(
                    "To: %s is not in the Key Account Manager group, so cannot "
                    "own key accounts.",
                    receiver.name,
                )
            )
        strangers = self.partner_ids - self._accounts_of(giver)
        if strangers:
            raise UserError(
                self.env._(
                    "Accounts: %(user)s neither manages nor is on the team of "
                    "%(accounts)s.",
                    user=giver.name,
                    accounts=", ".join(strangers.mapped("display_name")),
                )
            )
        self.partner_ids._kam_check_company()
        foreign = self.partner_ids.filtered(
            lambda p: p._kam_company() not in receiver.company_ids
        )
        if foreign:
            raise UserError(
                self.env._(
                    "To: %(user)s is not a user of %(company)s, the company of "
                    "%(account)s.",
                    user=receiver.name,
                    company=foreign[0]._kam_company().name,
                    account=foreign[0].display_name,
                )
            )

    def action_confirm(self):
        self._check_handover()
        giver, receiver = self.from_user_id, self.to_user_id
        accounts = self.partner_ids
        owned = accounts.filtered(lambda p: p.kam_user_id == giver)
        models = self.env["kam.account.mixin"]._kam_models()
        moves = [
            model._kam_hand_over(accounts, giver, receiver)
            for model in models
            if model._kam_hand_over_first
        ]
        owned.write({"kam_user_id": receiver.id})
        moves += [
            model._kam_hand_over(accounts, giver, receiver)
            for model in models
            if not model._kam_hand_over_first
        ]
        handed = {account: [] for account in accounts}
        for account in owned:
            handed[account].append(self.env._("account ownership"))
        for moved in moves:
            for account, parts in moved.items():
                handed[account] += parts
        for account, parts in handed.items():
            account.message_post(
                body=Markup("<p>%s</p><ul>%s</ul>")
                % (
                    self.env._(
                        "%(giver)s handed over to %(receiver)s:",
                        giver=giver.name,
                        receiver=receiver.name,
                    ),
                    Markup().join(Markup("<li>%s</li>") % part for part in parts),
                ),
                subtype_xmlid="mail.mt_note",
            )
        return {"type": "ir.actions.act_window_close"}
