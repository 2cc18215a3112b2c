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
        domain=lambda self: self.env["kam.account.status"]._domain_kam_user_id(),
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
        owned.write({"kam_user_id": receiver.id})
        handed = {account: [] for account in accounts}
        for account in owned:
            handed[account].append(self.env._("account ownership"))
        for model in self.env["kam.account.mixin"]._kam_models():
            moved = model._kam_hand_over(accounts, giver, receiver)
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
