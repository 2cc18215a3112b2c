# Copyright 2026 KAM Module Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import threading

from odoo import api, models


class IrCron(models.Model):
    _inherit = "ir.cron"

    @api.model
    def _kam_run_in_chunks(self, records, size, work, auto_commit):
        """Call ``work`` on ``records`` by slices of ``size``. Each slice is
        flushed, committed in its own transaction with ``auto_commit``, its
        progress reported, and the cache emptied: a nightly job holds one
        slice in memory, whatever the size of the portfolio."""
        ids = records.ids
        for start in range(0, len(ids), size):
            work(records.browse(ids[start : start + size]))
            self.env.flush_all()
            self._notify_progress(
                done=min(start + size, len(ids)),
                remaining=max(len(ids) - start - size, 0),
            )
            self._kam_commit(auto_commit)
            self.env.invalidate_all()

    @api.model
    def _kam_commit(self, auto_commit):
        """Commit a nightly job's work so far, unless told not to or under
        test, whose transaction is rolled back at its end (Odoo's idiom)."""
        if auto_commit and not getattr(threading.current_thread(), "testing", False):
            self.env.cr.commit()  # pylint: disable=invalid-commit
