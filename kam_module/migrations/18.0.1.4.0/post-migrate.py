# Copyright 2026 KAM Module Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import SUPERUSER_ID, api


def migrate(cr, version):
    """Documents waiting for a decision record who is behind them: their
    account's manager, and who submitted the plan or organized and recorded
    the review."""
    env = api.Environment(cr, SUPERUSER_ID, {})
    for model, authors in (
        ("kam.plan", ("kam_user_id", "submitted_by_id")),
        ("kam.review", ("kam_user_id", "user_id", "done_by_id")),
    ):
        Model = env[model]
        for document in Model.search(Model._kam_pending_domain()):
            document._kam_involve(
                env["res.users"].union(*(document[name] for name in authors))
            )
