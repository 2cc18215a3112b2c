# Copyright 2026 KAM Module Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, models
from odoo.exceptions import UserError
from odoo.tools import SQL


class BasePartnerMergeAutomaticWizard(models.TransientModel):
    """Merging duplicates keeps one key-account history: the furthest status,
    every judgement and one score per day."""

    _inherit = "base.partner.merge.automatic.wizard"

    @api.model
    def _update_foreign_keys(self, src_partners, dst_partner):
        self._kam_merge(src_partners, dst_partner)
        result = super()._update_foreign_keys(src_partners, dst_partner)
        # The generic update moved the account records in SQL: their stored
        # company and manager follow the merged partner.
        for model in self.env["kam.account.mixin"]._kam_models():
            moved = model.sudo().with_context(active_test=False)
            moved.search([("partner_id", "=", dst_partner.id)]).modified(["partner_id"])
        # Both accounts' planned automatic reviews came along: keep one.
        self.env["kam.review"]._kam_schedule(dst_partner)
        self.env.flush_all()
        return result

    @api.model
    def _kam_merge(self, src_partners, dst_partner):
        partners = src_partners | dst_partner
        if (
            not self.env.su
            and partners._kam_with_history()
            and not self.env.user.has_group("kam_module.group_kam_head")
        ):
            raise UserError(
                self.env._(
                    "Merging partners with a key-account history or judgements "
                    "is the Head of KAM's call: their status and history are "
                    "merged."
                )
            )
        partners._kam_check_company()
        self._kam_merge_status(partners, dst_partner)
        self._kam_merge_scores(src_partners, dst_partner)
        self._kam_forget(src_partners)
        for model in self.env["kam.account.mixin"]._kam_models():
            model._kam_merge(src_partners, dst_partner)
        self.env["kam.score.engine"]._rescore_judged(dst_partner)

    @api.model
    def _kam_merge_status(self, partners, dst_partner):
        """The merged partner takes the status furthest along the workflow."""
        # The nomination's trace is not for every partner manager to read.
        partners = partners.sudo()
        furthest = max(
            partners,
            key=lambda p: (p._kam_status_rank(p.kam_state), p == dst_partner),
        )
        if furthest != dst_partner:
            # Its own values; the computed ones follow them.
            names = [
                name
                for name in partners._kam_columns()
                if not partners._fields[name].compute
            ]
            values = furthest._convert_to_write(furthest.read(names)[0])
            dst_partner.sudo().write({name: values[name] for name in names})
        nominators = partners.kam_nominated_by_id
        if nominators and not dst_partner.kam_nominated_by_id:
            # The trace that the account once was a candidate.
            dst_partner.sudo().kam_nominated_by_id = nominators[0]

    @api.model
    def _kam_merge_scores(self, src_partners, dst_partner):
        """Judgements fill the missing ones; history rows fill the missing
        days; what the merged partner already has wins."""
        self.env.flush_all()
        cr = self.env.cr
        for src in src_partners:
            cr.execute(
                SQL(
                    """
                    UPDATE kam_score_line dst SET manual_value = src.manual_value
                      FROM kam_score_line src
                     WHERE src.partner_id = %(src)s AND dst.partner_id = %(dst)s
                       AND dst.criterion_id = src.criterion_id
                       AND dst.manual_value IS NULL
                       AND src.manual_value IS NOT NULL;
                    UPDATE kam_score_line src SET partner_id = %(dst)s
                     WHERE src.partner_id = %(src)s AND NOT EXISTS (
                            SELECT 1 FROM kam_score_line dst
                             WHERE dst.partner_id = %(dst)s
                               AND dst.criterion_id = src.criterion_id);
                    UPDATE kam_score_history src SET partner_id = %(dst)s
                     WHERE src.partner_id = %(src)s AND NOT EXISTS (
                            SELECT 1 FROM kam_score_history dst
                             WHERE dst.partner_id = %(dst)s AND dst.date = src.date);
                    DELETE FROM kam_score_line WHERE partner_id = %(src)s;
                    DELETE FROM kam_score_history WHERE partner_id = %(src)s;
                    """,
                    src=src.id,
                    dst=dst_partner.id,
                )
            )

    @api.model
    def _kam_forget(self, src_partners):
        """The merged partners keep nothing of KAM: the generic merge then
        has no KAM value to copy, and deletes them."""
        Partner = self.env["res.partner"]
        columns = {}
        for name in Partner._kam_columns():
            field = Partner._fields[name]
            columns[name] = (
                False
                if field.type == "boolean"
                else (field.default(Partner) if field.default else None)
            )
        self.env.cr.execute(
            SQL(
                "UPDATE res_partner SET %s WHERE id = ANY(%s)",
                SQL(", ").join(
                    SQL("%s = %s", SQL.identifier(name), value)
                    for name, value in columns.items()
                ),
                src_partners.ids,
            )
        )
        self.env.invalidate_all()
