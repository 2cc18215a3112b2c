# Copyright 2026 KAM Module Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, models
from odoo.exceptions import UserError
from odoo.tools import SQL

# What the merged partner takes from the partner furthest along the workflow.
STATUS_FIELDS = [
    "kam_state",
    "kam_user_id",
    "kam_nominated_by_id",
    "kam_prior_state",
    "kam_prior_user_id",
    "kam_tier_id",
    "kam_tier_manual",
    "kam_relationship_stage",
]


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
        self._kam_merge_team(src_partners, dst_partner)
        self._kam_merge_plans(src_partners, dst_partner)
        self._kam_merge_stakeholders(src_partners, dst_partner)
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
            values = furthest._convert_to_write(furthest.read(STATUS_FIELDS)[0])
            dst_partner.sudo().write({name: values[name] for name in STATUS_FIELDS})
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
    def _kam_merge_team(self, src_partners, dst_partner):
        """Seats follow the merged partner; a person on several of the teams
        keeps one seat, their current seats merged into it."""
        Seat = self.env["kam.team.member"].sudo().with_context(active_test=False)
        kept = {
            seat.user_id: seat
            for seat in Seat.search([("partner_id", "=", dst_partner.id)])
        }
        for seat in Seat.search([("partner_id", "in", src_partners.ids)]):
            if seat.user_id in kept and seat.is_current:
                kept[seat.user_id]._kam_absorb(seat)
            elif seat.user_id in kept:
                seat.unlink()
            else:
                # The manager's seat of a merged partner is no manager's seat.
                seat.write(
                    {
                        "partner_id": dst_partner.id,
                        "active": seat.active and not seat.role_id.is_kam,
                    }
                )
                kept[seat.user_id] = seat

    @api.model
    def _kam_merge_plans(self, src_partners, dst_partner):
        """Plans all go to the merged account; one approved plan stays
        approved, the others are closed, never lost."""
        Plan = self.env["kam.plan"].sudo()
        approved = Plan.search(
            [
                ("partner_id", "in", (src_partners | dst_partner).ids),
                ("state", "=", "approved"),
            ],
            order="approval_date desc, id desc",
        )
        keep = (
            approved.filtered(lambda p: p.partner_id == dst_partner)[:1] or approved[:1]
        )
        (approved - keep).write({"state": "closed"})

    @api.model
    def _kam_merge_stakeholders(self, src_partners, dst_partner):
        """A person is mapped once per account: where the merge would map a
        contact twice, the merged partner's card is kept."""
        Stakeholder = self.env["kam.stakeholder"].sudo()
        for field in ("partner_id", "contact_id"):
            kept = {
                (s.partner_id, s.contact_id)
                for s in Stakeholder.search([(field, "=", dst_partner.id)])
            }
            doubles = Stakeholder
            for stakeholder in Stakeholder.search([(field, "in", src_partners.ids)]):
                merged = (
                    dst_partner if field == "partner_id" else stakeholder.partner_id,
                    dst_partner if field == "contact_id" else stakeholder.contact_id,
                )
                if merged in kept:
                    doubles |= stakeholder
            doubles.unlink()

    @api.model
    def _kam_forget(self, src_partners):
        """The merged partners keep nothing of KAM: the generic merge then
        has no KAM value to copy, and deletes them."""
        self.env.cr.execute(
            SQL(
                """
                UPDATE res_partner
                   SET kam_state = 'none', is_key_account = FALSE,
                       kam_user_id = NULL, kam_nominated_by_id = NULL,
                       kam_prior_state = NULL, kam_prior_user_id = NULL,
                       kam_tier_id = NULL, kam_tier_manual = FALSE,
                       kam_relationship_stage = NULL, kam_health = NULL,
                       kam_score = NULL, kam_rank = NULL,
                       kam_attractiveness = NULL, kam_relationship_strength = NULL,
                       kam_portfolio_quadrant = NULL
                 WHERE id = ANY(%s)
                """,
                src_partners.ids,
            )
        )
        self.env.invalidate_all()
