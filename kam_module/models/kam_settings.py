# Copyright 2026 KAM Module Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import ast

from odoo import api, fields, models
from odoo.exceptions import ValidationError

DEFAULT_SCORING_DOMAIN = "[('is_company', '=', True)]"


class KamSettings(models.AbstractModel):
    """The KAM settings, stored as system parameters: on Odoo's Settings for
    its administrators, and on the KAM settings for KAM Administrators who
    have no Settings rights."""

    _name = "kam.settings"
    _description = "Key Account Management Settings"

    kam_scoring_domain = fields.Char(
        string="Accounts to Score",
        config_parameter="kam_module.scoring_domain",
        default=DEFAULT_SCORING_DOMAIN,
        help="Active commercial partners matching this domain are scored.",
    )
    kam_rescoring_cron = fields.Boolean(
        string="Nightly Rescoring",
        config_parameter="kam_module.rescoring_cron",
        help="Rescore every account in scope each night.",
    )

    kam_plan_length_months = fields.Integer(
        string="Plan Length (months)",
        config_parameter="kam_module.plan_length_months",
        default=12,
        help="A new account plan runs this many months from today.",
    )

    kam_whitespace_depth = fields.Integer(
        string="Whitespace Category Level",
        config_parameter="kam_module.whitespace_depth",
        default=1,
        help="The whitespace's columns are the product categories of this level: "
        "1 for the top-level categories, 2 for their subcategories, and so on.",
    )

    kam_stale_contact_days = fields.Integer(
        string="Stale Contact (days)",
        config_parameter="kam_module.stale_contact_days",
        default=90,
        help="A stakeholder not contacted for longer is a coverage gap.",
    )

    def _valid_field_parameter(self, field, name):
        return name == "config_parameter" or super()._valid_field_parameter(field, name)

    @api.constrains("kam_scoring_domain")
    def _check_kam_scoring_domain(self):
        """The scope is searched as superuser: the domain must be valid, and
        read nothing its author may not read, nor text."""
        Partner = self.env["res.partner"]
        for settings in self:
            try:
                domain = ast.literal_eval(settings.kam_scoring_domain or "[]")
                if not isinstance(domain, list):
                    raise ValueError(self.env._("a domain is a list of conditions"))
                # What the user may not search is refused before it runs.
                reason = not self.env.su and self.env["kam.score.source"]._unreadable(
                    Partner, domain
                )
                if not reason:
                    Partner.search_count(domain, limit=1)
            except (ValueError, SyntaxError, TypeError, KeyError) as error:
                settings._refuse_domain(error)
            if reason:
                settings._refuse_domain(reason)

    @api.constrains("kam_stale_contact_days")
    def _check_kam_stale_contact_days(self):
        for settings in self:
            if not 1 <= settings.kam_stale_contact_days <= 3650:
                raise ValidationError(
                    self.env._(
                        "Stale Contact: %s days is not a threshold, from 1 to 3,650 "
                        "days.",
                        settings.kam_stale_contact_days,
                    )
                )

    @api.constrains("kam_plan_length_months")
    def _check_kam_plan_length_months(self):
        for settings in self:
            if not 1 <= settings.kam_plan_length_months <= 60:
                raise ValidationError(
                    self.env._(
                        "Plan Length: %s months is not a plan period, from 1 to 60 "
                        "months.",
                        settings.kam_plan_length_months,
                    )
                )

    @api.constrains("kam_whitespace_depth")
    def _check_kam_whitespace_depth(self):
        for settings in self:
            if not 1 <= settings.kam_whitespace_depth <= 10:
                raise ValidationError(
                    self.env._(
                        "Whitespace Category Level: %s is not a level of the "
                        "category tree, from 1 (top level) to 10.",
                        settings.kam_whitespace_depth,
                    )
                )

    def _refuse_domain(self, reason):
        raise ValidationError(
            self.env._(
                "Accounts to Score: %(domain)s is not a valid partner domain: "
                "%(reason)s",
                domain=self.kam_scoring_domain,
                reason=reason,
            )
        )

    @api.model
    def _kam_get(self, name):
        """The setting ``name`` (a field of these settings) as stored, or its
        field's default: the one place that reads the settings."""
        field = self._fields[name]
        default = field.default(self) if field.default else False
        value = (
            self.env["ir.config_parameter"]
            .sudo()
            .get_param(field.config_parameter, default)
        )
        return field.convert_to_cache(value, self)

    def _kam_follow_stale_days(self, before):
        """Staleness moves with the threshold: recompute the gaps when it
        changed from ``before``."""
        if self._kam_get("kam_stale_contact_days") != before:
            self.env["res.partner"].sudo()._kam_refresh_gaps()

    def _kam_parameters(self):
        return {
            name: field
            for name, field in self._fields.items()
            if name.startswith("kam_") and getattr(field, "config_parameter", None)
        }
