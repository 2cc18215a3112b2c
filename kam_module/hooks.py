# Copyright 2026 KAM Module Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo.tools import SQL


def uninstall_hook(env):
    """Account records go with the module. Their link to the account
    restricts deleting partners, and uninstalling deletes the demo's
    partners before it drops the module's tables."""
    for model in env["kam.account.mixin"]._kam_models():
        env.cr.execute(SQL("DELETE FROM %s", SQL.identifier(model._table)))
