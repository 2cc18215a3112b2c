# Copyright 2026 KAM Module Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo.tools import SQL


def uninstall_hook(env):
    """Account records go with the module. Their link to the account
    restricts deleting partners, and uninstalling deletes the demo's
    partners before it drops the module's tables: the records the data files
    did not create (team seats of the managers, users' plans) go first; the
    others go with their data, in order."""
    for model in env["kam.account.mixin"]._kam_models():
        env.cr.execute(
            SQL(
                "DELETE FROM %s WHERE id NOT IN "
                "(SELECT res_id FROM ir_model_data WHERE model = %s)",
                SQL.identifier(model._table),
                model._name,
            )
        )
