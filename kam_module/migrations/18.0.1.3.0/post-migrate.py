# Copyright 2026 KAM Module Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import SUPERUSER_ID, api


def migrate(cr, version):
    """Key accounts get their cadence of reviews now rather than at night,
    and health follows its new rule."""
    env = api.Environment(cr, SUPERUSER_ID, {})
    env["kam.review"]._cron_schedule_reviews(auto_commit=False)
    env["res.partner"]._cron_kam_update_health(auto_commit=False)
