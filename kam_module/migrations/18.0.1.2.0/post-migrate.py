# Copyright 2026 KAM Module Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import SUPERUSER_ID, api


def migrate(cr, version):
    """Accounts managed before teams existed: their manager takes the Key
    Account Manager seat. Health now asks for an approved plan."""
    env = api.Environment(cr, SUPERUSER_ID, {})
    Partner = env["res.partner"].with_context(active_test=False)
    Partner.search([("kam_user_id", "!=", False)])._kam_sync_team({})
    env["res.partner"]._cron_kam_update_health(auto_commit=False)
