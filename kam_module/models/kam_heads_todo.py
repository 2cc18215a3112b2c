# Copyright 2026 KAM Module Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from markupsafe import Markup

from odoo import models


class KamHeadsTodo(models.AbstractModel):
    """A decision of the Heads of KAM: each gets a to-do, which the decision
    closes, whoever took it. Nominations, plan approvals and review sign-offs
    use it."""

    _name = "kam.heads.todo"
    _description = "To-do for the Heads of KAM"

    # The activity type (xml id) of the to-do.
    _kam_heads_activity = None

    def _kam_heads_account(self):
        """The account whose company's Heads decide."""
        return self.partner_id

    def _kam_ask_heads(self, note, passed_over=None):
        """Give the Heads of KAM of each record's company (but the current
        user and ``passed_over(record)``) a to-do whose note is
        ``note(record)``, escaped."""
        for record in self:
            heads = record._kam_heads_account()._kam_heads()
            if passed_over:
                heads -= passed_over(record)
            for head in heads:
                record.activity_schedule(
                    self._kam_heads_activity,
                    user_id=head.id,
                    note=Markup("<p>%s</p>") % note(record),
                )

    def _kam_close_asks(self, feedback):
        """The decision is taken: the to-dos are done, ``feedback`` said."""
        self.sudo().activity_feedback([self._kam_heads_activity], feedback=feedback)

    def _kam_withdraw_asks(self):
        """The question is withdrawn: the to-dos go."""
        self.sudo().activity_unlink([self._kam_heads_activity])
