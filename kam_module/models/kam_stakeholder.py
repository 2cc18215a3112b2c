# Copyright 2026 KAM Module Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models
from odoo.exceptions import ValidationError

BUYING_ROLES = [
    ("decision_maker", "Decision Maker"),
    ("economic_buyer", "Economic Buyer"),
    ("technical_buyer", "Technical Buyer"),
    ("user", "User"),
    ("influencer", "Influencer"),
    ("champion", "Champion"),
    ("gatekeeper", "Gatekeeper"),
]
LEVELS = [("low", "Low"), ("medium", "Medium"), ("high", "High")]
ATTITUDES = [
    ("supporter", "Supporter"),
    ("neutral", "Neutral"),
    ("skeptic", "Skeptic"),
    ("opponent", "Opponent"),
]
STRENGTHS = [("none", "None"), ("weak", "Weak"), ("good", "Good"), ("strong", "Strong")]
STRENGTH_RANK = {key: rank for rank, (key, _label) in enumerate(STRENGTHS)}


class KamStakeholder(models.Model):
    """A person at the customer, mapped: what they decide, how much they
    weigh, where they stand, and who of ours owns the relationship."""

    _name = "kam.stakeholder"
    _inherit = ["mail.thread", "kam.account.mixin"]
    _description = "Key Account Stakeholder"
    _order = "partner_id, sequence, id"
    _rec_name = "contact_id"
    _parent_name = "reports_to_id"

    contact_id = fields.Many2one(
        "res.partner",
        required=True,
        index=True,
        ondelete="restrict",
        domain="[('commercial_partner_id', '=', partner_id), ('id', '!=', partner_id)]",
    )
    function = fields.Char(related="contact_id.function", string="Job Position")
    contact_active = fields.Boolean(
        related="contact_id.active",
        string="Contact Active",
        store=True,
        help="Archived contacts keep their place on the map, flagged.",
    )
    sequence = fields.Integer(default=10)
    buying_role = fields.Selection(BUYING_ROLES, tracking=True, index=True)
    influence = fields.Selection(LEVELS, default="medium", tracking=True)
    attitude = fields.Selection(ATTITUDES, default="neutral", tracking=True)
    relationship_strength = fields.Selection(STRENGTHS, default="none", tracking=True)
    desired_strength = fields.Selection(
        STRENGTHS,
        default="good",
        help="Where the Key Account Manager wants the relationship to be.",
    )
    strength_gap = fields.Integer(
        compute="_compute_strength_gap",
        store=True,
        help="Steps from the relationship today to the one wanted.",
    )
    owner_id = fields.Many2one(
        "res.users",
        string="Relationship Owner",
        index=True,
        tracking=True,
        domain=lambda self: self.env["kam.team.member"]._domain_user_id(),
    )
    reports_to_id = fields.Many2one(
        "kam.stakeholder",
        index=True,
        ondelete="set null",
        domain="[('partner_id', '=', partner_id), ('id', '!=', id)]",
    )
    child_ids = fields.One2many("kam.stakeholder", "reports_to_id", string="Reports")
    last_contact_date = fields.Date(
        readonly=True,
        help="The latest email, message or meeting exchanged with the contact, or "
        "done activity about them.",
    )
    note = fields.Text()

    _sql_constraints = [
        (
            "partner_contact_uniq",
            "unique(partner_id, contact_id)",
            "A contact is mapped once per account: edit their stakeholder card.",
        ),
    ]

    @api.depends("relationship_strength", "desired_strength")
    def _compute_strength_gap(self):
        for stakeholder in self:
            stakeholder.strength_gap = max(
                STRENGTH_RANK.get(stakeholder.desired_strength, 0)
                - STRENGTH_RANK.get(stakeholder.relationship_strength, 0),
                0,
            )

    @api.constrains("contact_id", "partner_id")
    def _check_contact(self):
        for stakeholder in self:
            contact, account = stakeholder.contact_id, stakeholder.partner_id
            if contact == account or contact.commercial_partner_id != account:
                raise ValidationError(
                    self.env._(
                        "Stakeholder %(contact)s: not a contact of %(account)s. Map "
                        "the account's own contacts; add the person to its contacts "
                        "first.",
                        contact=contact.display_name,
                        account=account.display_name,
                    )
                )
            if contact.company_id and contact.company_id != stakeholder.company_id:
                raise ValidationError(
                    self.env._(
                        "Stakeholder %(contact)s: a contact of %(company)s, not of "
                        "the account's company.",
                        contact=contact.display_name,
                        company=contact.company_id.name,
                    )
                )

    @api.constrains("reports_to_id")
    def _check_reports_to(self):
        for stakeholder in self:
            boss = stakeholder.reports_to_id
            if boss and boss.partner_id != stakeholder.partner_id:
                raise ValidationError(
                    self.env._(
                        "%(person)s reports to %(boss)s, who is mapped on another "
                        "account.",
                        person=stakeholder.display_name,
                        boss=boss.display_name,
                    )
                )
        if self._has_cycle("reports_to_id"):
            raise ValidationError(
                self.env._(
                    "Reports To: %s would report to themself through the chain.",
                    self[0].display_name,
                )
            )

    @api.model
    def _kam_hand_over(self, accounts, from_user, to_user):
        """The relationships the giver owns go to the receiver."""
        owned = self.sudo().search(
            [("partner_id", "in", accounts.ids), ("owner_id", "=", from_user.id)]
        )
        owned.write({"owner_id": to_user.id})
        return {
            account: [
                self.env._(
                    "%s stakeholder relationships",
                    len(owned.filtered(lambda s, a=account: s.partner_id == a)),
                )
            ]
            for account in owned.partner_id
        }
