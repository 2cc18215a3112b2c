# Copyright 2026 KAM Module Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from collections import Counter, defaultdict

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import split_every

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
    _kam_access_area = "stakeholder"
    _order = "partner_id, sequence, id"
    _rec_name = "name"
    _parent_name = "reports_to_id"

    contact_id = fields.Many2one(
        "res.partner",
        required=True,
        index=True,
        ondelete="restrict",
        domain="[('commercial_partner_id', '=', partner_id), ('id', '!=', partner_id)]",
    )
    name = fields.Char(related="contact_id.name")
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
    known_by_ids = fields.Many2many(
        "res.users",
        compute="_compute_known_by",
        help="Our people who exchanged with the contact in the last 12 months, "
        "most active first.",
    )
    known_by_summary = fields.Char(string="Who Knows Them", compute="_compute_known_by")
    suggested_owner_id = fields.Many2one(
        "res.users",
        compute="_compute_known_by",
        help="The most active of them, when the relationship has no owner.",
    )

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

    def _compute_known_by(self):
        exchanges = self._kam_exchanges()
        for stakeholder in self:
            counts = exchanges.get(stakeholder.contact_id, Counter())
            users = [user for user, _count in counts.most_common()]
            stakeholder.known_by_ids = self.env["res.users"].union(*users)
            stakeholder.known_by_summary = ", ".join(
                f"{user.name} ({count})" for user, count in counts.most_common()
            )
            stakeholder.suggested_owner_id = (
                users[0] if users and not stakeholder.owner_id else False
            )

    def _kam_exchanges(self):
        """{contact: Counter({internal user: exchanges})} over the last 12
        months: messages between them, meetings together, in a few grouped
        queries."""
        since = fields.Datetime.now() - relativedelta(months=12)
        contacts = self.contact_id
        Message = self.env["mail.message"].sudo()
        users = (
            self.env["res.users"]
            .sudo()
            .search([("share", "=", False), ("partner_id", "!=", False)])
        )
        by_partner = {user.partner_id: user for user in users}
        exchanges = defaultdict(Counter)
        for contact, author, count in Message._read_group(
            [
                ("date", ">=", since),
                ("message_type", "in", ("email", "comment")),
                ("partner_ids", "in", contacts.ids),
                ("author_id", "in", [partner.id for partner in by_partner]),
            ],
            ["partner_ids", "author_id"],
            ["__count"],
        ):
            if contact in contacts:
                exchanges[contact][by_partner[author].with_env(self.env)] += count
        # Calls and meetings logged as done activities about the contact.
        for res_id, author, count in Message._read_group(
            [
                ("date", ">=", since),
                ("model", "=", "res.partner"),
                ("res_id", "in", contacts.ids),
                ("mail_activity_type_id", "!=", False),
                ("author_id", "in", [partner.id for partner in by_partner]),
            ],
            ["res_id", "author_id"],
            ["__count"],
        ):
            contact = self.env["res.partner"].browse(res_id)
            exchanges[contact][by_partner[author].with_env(self.env)] += count
        ours = self.env["res.partner"].union(*by_partner)
        for event in self._kam_meetings(contacts, since):
            for contact in event.partner_ids & contacts:
                for attendee in event.partner_ids & ours:
                    exchanges[contact][by_partner[attendee].with_env(self.env)] += 1
        return exchanges

    def _kam_meetings(self, contacts, since=None):
        """Past meetings with the contacts, when Calendar is installed."""
        if "calendar.event" not in self.env:
            return []
        domain = [
            ("partner_ids", "in", contacts.ids),
            ("start", "<=", fields.Datetime.now()),
        ]
        if since:
            domain.append(("start", ">=", since))
        return (
            self.env["calendar.event"]
            .sudo()
            .search_fetch(domain, ["partner_ids", "start"])
        )

    def _kam_refresh_contacts(self):
        """Each stakeholder's latest exchange with our side: a message from or
        to the contact, a meeting with them, a done activity about them."""
        contacts = self.contact_id
        Message = self.env["mail.message"].sudo()
        latest = defaultdict(lambda: False)

        def keep(contact, date):
            if contact in contacts and date:
                latest[contact] = max(latest[contact] or date, date)

        messages = [("message_type", "in", ("email", "comment"))]
        for contact, date in Message._read_group(
            [*messages, ("author_id", "in", contacts.ids)], ["author_id"], ["date:max"]
        ):
            keep(contact, date)
        for contact, date in Message._read_group(
            [*messages, ("partner_ids", "in", contacts.ids)],
            ["partner_ids"],
            ["date:max"],
        ):
            keep(contact, date)
        for res_id, date in Message._read_group(
            [
                ("model", "=", "res.partner"),
                ("res_id", "in", contacts.ids),
                ("mail_activity_type_id", "!=", False),
            ],
            ["res_id"],
            ["date:max"],
        ):
            keep(self.env["res.partner"].browse(res_id), date)
        for event in self._kam_meetings(contacts):
            for contact in event.partner_ids:
                keep(contact, event.start)
        changed = defaultdict(self.browse)
        for stakeholder in self:
            date = latest[stakeholder.contact_id]
            value = date and date.date()
            if stakeholder.last_contact_date != value:
                changed[value] |= stakeholder
        for value, stakeholders in changed.items():
            stakeholders.sudo().last_contact_date = value

    def _kam_contact_since(self):
        """The latest contact; a person mapped with none yet counts from the
        mapping, so the stale-contact threshold is their grace."""
        self.ensure_one()
        return (
            self.last_contact_date or (self.create_date or fields.Datetime.now()).date()
        )

    def action_take_suggested_owner(self):
        for stakeholder in self.filtered("suggested_owner_id"):
            stakeholder.owner_id = stakeholder.suggested_owner_id

    @api.model_create_multi
    def create(self, vals_list):
        stakeholders = super().create(vals_list)
        stakeholders._kam_refresh_contacts()
        return stakeholders

    def write(self, vals):
        result = super().write(vals)
        if "contact_id" in vals:
            self._kam_refresh_contacts()
        return result

    @api.model
    def _cron_refresh_contacts(self):
        """Nightly: every stakeholder's last contact, then the accounts' gaps,
        which the passing days make stale."""
        stakeholders = self.search(
            [("partner_id.kam_state", "in", ("candidate", "key"))]
        )
        for batch in split_every(5000, stakeholders.ids, self.browse):
            batch._kam_refresh_contacts()
        self.env["res.partner"]._kam_refresh_gaps()

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

    @api.model
    def _kam_merge(self, src_partners, dst_partner):
        """A person is mapped once per account: where the merge would map a
        contact twice, the merged partner's card is kept."""
        Stakeholder = self.env["kam.stakeholder"].sudo()
        for field in ("partner_id", "contact_id"):
            kept = {
                (s.partner_id, s.contact_id)
                for s in Stakeholder.search([(field, "=", dst_partner.id)])
            }
            doubles = Stakeholder
            for stakeholder in Stakeholder.search([(field, "in", src_partners.ids)]):
                merged = (
                    dst_partner if field == "partner_id" else stakeholder.partner_id,
                    dst_partner if field == "contact_id" else stakeholder.contact_id,
                )
                if merged in kept:
                    doubles |= stakeholder
            doubles.unlink()
