# Copyright 2026 KAM Module Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo.tools import SQL


def uninstall_hook(env):
    """Account records go with the module. Their link to the account
    restricts deleting partners, and uninstalling deletes the demo's
    partners before it drops the module's tables: the records the data files
    did not create (team seats of the managers, users' plans) go first; the
    others go with their data, in order."""
    if "sale.order" in env:
        _reset_demo_sales(env)
    for model in env["kam.account.mixin"]._kam_models():
        env.cr.execute(
            SQL(
                "DELETE FROM %s WHERE id NOT IN "
                "(SELECT res_id FROM ir_model_data WHERE model = %s)",
                SQL.identifier(model._table),
                model._name,
            )
        )


def _reset_demo_sales(env):
    """The demo's orders and invoices (``kam.demo.sales``) are the module's
    data, but a posted invoice or a confirmed order refuses to be deleted:
    they are reset to draft and cancelled, then deleted with their data."""
    data = env["ir.model.data"].search_fetch(
        [
            ("module", "=", "kam_module"),
            ("model", "in", ("account.move", "sale.order")),
        ],
        ["model", "res_id"],
    )
    ids = {"account.move": [], "sale.order": []}
    for entry in data:
        ids[entry.model].append(entry.res_id)
    moves = env["account.move"].browse(ids["account.move"])
    moves.filtered(lambda move: move.state == "posted").button_draft()
    moves.unlink()
    orders = env["sale.order"].browse(ids["sale.order"])
    orders._action_cancel()
    orders.unlink()
