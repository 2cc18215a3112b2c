# Copyright 2026 KAM Module Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

# What the customer's contacts see of a shared plan, and nothing else: the
# portal pages and the shared PDF read these fields and methods only (a test
# reads the templates against these lists).
PORTAL_PLAN_FIELDS = frozenset(
    {
        "id",
        "reference",
        "name",
        "revision",
        "date_start",
        "date_end",
        "partner_id",
        "company_id",
        "share_customer_goals",
        "customer_goals",
        "share_value_proposition",
        "value_proposition",
        "customer_sponsor_id",
        "agreed_by_id",
        "agreed_on",
        "access_url",
        "get_portal_url",
        "_kam_shared_objectives",
        "_kam_shared_actions",
    }
)
PORTAL_OBJECTIVE_FIELDS = frozenset(
    {
        "name",
        "kpi",
        "baseline",
        "target_value",
        "current_value",
        "unit",
        "progress",
    }
)
PORTAL_ACTION_FIELDS = frozenset(
    {"id", "name", "deadline", "state", "partner_owner_id"}
)
# The contacts of the plan's account, in a field domain of its lines.
CUSTOMER_CONTACT_DOMAIN = (
    "[('commercial_partner_id', '=', partner_id), ('is_company', '=', False)]"
)


class KamPlanShare(models.AbstractModel):
    """The joint part of an approved plan, shared with the customer on
    Odoo's portal: its goals, our value proposition, the shared objectives
    and the mutual action plan, which the customer's sponsor agrees to.

    Portal users have no access right on any KAM model: the portal
    controller checks ``_kam_portal_plans`` itself and renders the whitelisted
    fields above with the superuser."""

    _name = "kam.plan.share"
    _inherit = ["portal.mixin"]
    _description = "Account Plan Shared with the Customer"
    # The manager shares an approved plan with another sponsor, who agrees
    # to it: what they agree to stays locked.
    _kam_unlocked_fields = frozenset({"customer_sponsor_id"})

    share_with_customer = fields.Boolean(
        readonly=True,
        copy=False,
        tracking=True,
        help="The customer's contacts see the shared part of this approved plan on "
        "the portal: set by Share with Customer, kept by a revision, which they "
        "see as a proposal once approved.",
    )
    share_customer_goals = fields.Boolean(
        string="Share the Customer Goals",
        default=True,
        help="The customer sees the Customer Goals section.",
    )
    share_value_proposition = fields.Boolean(
        string="Share the Value Proposition",
        default=True,
        help="The customer sees the Value Proposition section.",
    )
    customer_sponsor_id = fields.Many2one(
        "res.partner",
        tracking=True,
        index="btree_not_null",
        domain=CUSTOMER_CONTACT_DOMAIN,
        help="The contact of the customer who agrees to the shared plan on the portal.",
    )
    agreed_by_id = fields.Many2one(
        "res.partner", readonly=True, copy=False, tracking=True
    )
    agreed_on = fields.Datetime(readonly=True, copy=False, tracking=True)

    def _compute_access_url(self):
        for plan in self:
            plan.access_url = f"/my/account-plans/{plan.id}"

    def _get_report_base_filename(self):
        self.ensure_one()
        return self.env._("Joint Account Plan %s", self.display_name)

    @api.constrains("customer_sponsor_id", "partner_id")
    def _check_customer_sponsor(self):
        for plan in self.filtered("customer_sponsor_id"):
            plan._kam_check_customer_contact(
                plan.customer_sponsor_id, self.env._("Customer Sponsor")
            )

    def _kam_check_customer_contact(self, partner, role):
        """Refuse ``partner`` in ``role`` unless they are a contact of the
        plan's account (its commercial entity), not the account itself."""
        self.ensure_one()
        commercial = self.partner_id.commercial_partner_id
        if partner.commercial_partner_id != commercial or partner == commercial:
            raise ValidationError(
                self.env._(
                    "%(role)s: %(partner)s is not a contact of %(account)s.",
                    role=role,
                    partner=partner.display_name,
                    account=commercial.display_name,
                )
            )

    def _kam_check_write(self, vals):
        result = super()._kam_check_write(vals)
        if self._kam_changed(vals, {"customer_sponsor_id"}):
            self._kam_check_action("action_kam_share")
        return result

    @api.model
    def _kam_portal_domain(self, partner):
        """The plans that ``partner`` sees on the portal."""
        return [
            ("state", "=", "approved"),
            ("share_with_customer", "=", True),
            ("partner_id", "=", partner.commercial_partner_id.id),
        ]

    @api.model
    def _kam_portal_plans(self, partner):
        """The plans shared with ``partner``, as superuser: a contact of the
        account, not the public user's partner."""
        if partner == self.env.ref("base.public_partner") or partner.is_company:
            return self.sudo().browse()
        return self.sudo().search(self._kam_portal_domain(partner))

    def _kam_is_shared(self):
        self.ensure_one()
        return self.state == "approved" and self.share_with_customer

    @api.model
    def _get_thread_with_access(self, thread_id, mode="read", **kwargs):
        """A token or signed link reaches the chatter of a shared plan only."""
        thread = super()._get_thread_with_access(thread_id, mode, **kwargs)
        if thread and thread.env.su and not self.env.su and not thread._kam_is_shared():
            return self.browse()
        return thread

    def _kam_shared_objectives(self):
        return self.objective_ids.filtered("shared")

    def _kam_shared_actions(self):
        return self.action_ids.filtered(lambda a: a.shared and a.state != "cancelled")

    def action_kam_share(self):
        """Share the approved plan with the customer: send its link to the
        sponsor and the customer's action owners, and open Odoo's portal
        invitation for the account's contacts."""
        self.ensure_one()
        self._kam_transition(
            ("approved",), self.env._("share with the customer"), "action_kam_share"
        )
        self.sudo().share_with_customer = True
        self._kam_send_share_link()
        if not self.env.user.has_group("base.group_partner_manager"):
            return {
                "type": "ir.actions.client",
                "tag": "display_notification",
                "params": {
                    "type": "warning",
                    "message": self.env._(
                        "Shared. Ask an administrator to give the customer's "
                        "contacts portal access."
                    ),
                },
            }
        contacts = self._kam_customer_contacts() or self.partner_id
        wizard = self.env["portal.wizard"].create({"partner_ids": contacts.ids})
        return wizard._action_open_modal()

    def _kam_customer_contacts(self):
        """Who works on the shared plan at the customer."""
        return self.customer_sponsor_id | self._kam_shared_actions().partner_owner_id

    def _kam_send_share_link(self):
        recipients = self._kam_customer_contacts().filtered("email")
        if not recipients:
            return
        self.message_post(
            body=Markup('<p>%s</p><p><a href="%s">%s</a></p>')
            % (
                self.env._("Our joint account plan %s is shared with you.", self.name),
                self.get_base_url() + self.get_portal_url(),
                self.env._("View the plan"),
            ),
            partner_ids=recipients.ids,
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
        )

    def action_kam_preview(self):
        """The shared part as the customer sees it on the portal."""
        self.ensure_one()
        self.check_access("read")
        return {
            "type": "ir.actions.act_url",
            "target": "self",
            "url": self.get_portal_url(),
        }

    def action_kam_unshare(self):
        """The customer sees the plan no more."""
        self._kam_transition(
            [state for state, _label in self._fields["state"].selection],
            self.env._("stop sharing with the customer"),
            "action_kam_share",
        )
        self.sudo().share_with_customer = False
        return True

    def _kam_portal_agree(self, partner):
        """The customer's sponsor ``partner`` agrees to this revision of the
        shared plan, once."""
        self.ensure_one()
        if not self._kam_is_shared() or partner != self.customer_sponsor_id:
            raise AccessError(
                self.env._(
                    "%s: only the customer's sponsor agrees to the shared plan.",
                    self.display_name,
                )
            )
        if self.agreed_on:
            raise UserError(
                self.env._(
                    "%(plan)s was already agreed by %(partner)s.",
                    plan=self.display_name,
                    partner=self.agreed_by_id.name,
                )
            )
        self.sudo().write(
            {"agreed_by_id": partner.id, "agreed_on": fields.Datetime.now()}
        )
        self.sudo().message_post(
            body=self.env._(
                "%(partner)s agreed to the shared plan (revision %(revision)s).",
                partner=partner.name,
                revision=self.revision,
            ),
            author_id=partner.id,
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
        )
