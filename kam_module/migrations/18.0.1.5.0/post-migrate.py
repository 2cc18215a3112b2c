# Copyright 2026 KAM Module Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import SUPERUSER_ID, api


def migrate(cr, version):
    """Access levels arrive with today's behaviour (the fields' defaults),
    and the Key Account Manager role, shipped without update, gets every
    level: its seats follow it."""
    env = api.Environment(cr, SUPERUSER_ID, {})
    roles = env["kam.team.role"].with_context(active_test=False)
    roles.search([("is_kam", "=", True)]).write({"review_access": "edit"})
