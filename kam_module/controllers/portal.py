# Copyright 2026 KAM Module Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import http
from odoo.exceptions import AccessError, MissingError
from odoo.http import request
from odoo.tools import consteq

from odoo.addons.portal.controllers.portal import CustomerPortal
from odoo.addons.portal.controllers.portal import pager as portal_pager


class KamPortal(CustomerPortal):
    """The shared part of approved account plans, for the account's contacts.

    Portal users have no access right on KAM models: every route checks
    access here (a contact of the account's commercial entity, or the plan's
    access token, on an approved plan shared with the customer) and then
    renders the whitelisted fields of the plan read as superuser."""

    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        if "account_plan_count" in counters:
            values["account_plan_count"] = len(self._kam_my_plans())
        return values

    def _kam_my_plans(self):
        return request.env["kam.plan"]._kam_portal_plans(request.env.user.partner_id)

    def _kam_plan_check_access(self, plan_id, access_token=None):
        """The plan as superuser, if the visitor may see its shared part."""
        plan = request.env["kam.plan"].sudo().browse(plan_id).exists()
        if not plan or not plan._kam_is_shared():
            raise MissingError(request.env._("This plan does not exist."))
        if plan in self._kam_my_plans():
            return plan
        if (
            access_token
            and plan.access_token
            and consteq(plan.access_token, access_token)
        ):
            return plan
        raise AccessError(request.env._("This plan is not shared with you."))

    @http.route(
        ["/my/account-plans", "/my/account-plans/page/<int:page>"],
        type="http",
        auth="user",
        website=True,
    )
    def portal_my_account_plans(self, page=1, **kw):
        plans = self._kam_my_plans()
        pager = portal_pager(
            url="/my/account-plans",
            total=len(plans),
            page=page,
            step=self._items_per_page,
        )
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "plans": plans[
                    pager["offset"] : pager["offset"] + self._items_per_page
                ],
                "page_name": "account_plan",
                "pager": pager,
                "default_url": "/my/account-plans",
            }
        )
        request.session["my_account_plans_history"] = plans.ids[:100]
        return request.render("kam_module.portal_my_account_plans", values)

    @http.route(
        ["/my/account-plans/<int:plan_id>"], type="http", auth="public", website=True
    )
    def portal_account_plan_page(
        self, plan_id, access_token=None, report_type=None, download=False, **kw
    ):
        try:
            plan = self._kam_plan_check_access(plan_id, access_token)
        except (AccessError, MissingError):
            return request.redirect("/my")
        if report_type in ("html", "pdf"):
            return self._show_report(
                model=plan,
                report_type=report_type,
                report_ref="kam_module.action_report_kam_plan_shared",
                download=download,
            )
        partner = request.env.user.partner_id
        values = {
            "plan": plan,
            "objectives": plan._kam_shared_objectives(),
            "actions": plan._kam_shared_actions(),
            "is_sponsor": partner == plan.customer_sponsor_id,
            "my_partner": partner,
            "page_name": "account_plan",
            "report_type": "html",
            "res_company": plan.company_id,
        }
        values = self._get_page_view_values(
            plan, access_token, values, "my_account_plans_history", False, **kw
        )
        # The chatter reaches the plan with its token once access is checked.
        values["token"] = plan._portal_ensure_token()
        return request.render("kam_module.portal_account_plan_page", values)

    @http.route(
        ["/my/account-plans/<int:plan_id>/agree"],
        type="http",
        auth="user",
        methods=["POST"],
        website=True,
    )
    def portal_account_plan_agree(self, plan_id, **kw):
        plan = self._kam_plan_check_access(plan_id)
        plan._kam_portal_agree(request.env.user.partner_id)
        return request.redirect(plan.access_url)

    @http.route(
        ["/my/account-plans/<int:plan_id>/actions/<int:action_id>"],
        type="http",
        auth="user",
        methods=["POST"],
        website=True,
    )
    def portal_account_plan_action(self, plan_id, action_id, state=None, **kw):
        plan = self._kam_plan_check_access(plan_id)
        action = plan._kam_shared_actions().filtered(lambda a: a.id == action_id)
        if not action:
            raise MissingError(request.env._("This action does not exist."))
        action._kam_portal_set_state(request.env.user.partner_id, state)
        return request.redirect(f"{plan.access_url}#kam_shared_actions")
