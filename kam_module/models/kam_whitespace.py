# Copyright 2026 KAM Module Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import SQL, format_amount, format_date

# Order states: what was sold, and what is offered and still open.
SOLD = ("sale",)
QUOTED = ("draft", "sent")


class KamWhitespace(models.AbstractModel):
    """Who buys what: an account's divisions (itself, its child companies and
    its delivery addresses) against the product categories we sell, from its
    order lines of the last 12 months, read in one grouped query with the
    user's rights on Sales. An empty cell is whitespace: a category a division
    does not buy from us yet."""

    _name = "kam.whitespace"
    _description = "Key Account Whitespace"

    @api.model
    def get_whitespace(self, account_id, plan_id=False):
        account, company, plan = self._kam_context(account_id, plan_id)
        missing = self._kam_missing()
        if missing:
            return {"account": account.display_name, "missing": missing}
        divisions, division_of = self._kam_divisions(account)
        columns, sales = self._kam_columns(
            self._kam_sales(account, company, division_of)
        )
        planned = self._kam_planned(account)
        currency = company.currency_id

        def money(amount):
            return format_amount(self.env, amount, currency) if amount else ""

        rows = []
        for division in divisions:
            cells = []
            for column in columns:
                sold, quoted = sales.get((division.id, column.id), (0.0, 0.0))
                opportunity = planned.get((division.id, column.id))
                cells.append(
                    {
                        "category_id": column.id,
                        "sold": money(sold),
                        "quoted": money(quoted),
                        "state": "sold"
                        if sold
                        else (
                            "quoted"
                            if quoted
                            else "planned"
                            if opportunity
                            else "white"
                        ),
                        "opportunity": opportunity or "",
                    }
                )
            rows.append(
                {
                    "id": division.id,
                    "name": division.complete_name,
                    "kind": self._kam_division_kind(account, division),
                    "cells": cells,
                    "sold": money(
                        sum(sales.get((division.id, c.id), (0,))[0] for c in columns)
                    ),
                }
            )
        return {
            "account": account.display_name,
            "account_id": account.id,
            "plan": plan.display_name or "",
            "can_plan": bool(plan) and plan.kam_may_edit,
            "company": company.display_name,
            "since": format_date(self.env, self._kam_since()),
            "empty": not sales,
            "columns": [
                {
                    "id": column.id,
                    "name": column.complete_name,
                    "sold": money(
                        sum(sales.get((d.id, column.id), (0,))[0] for d in divisions)
                    ),
                }
                for column in columns
            ],
            "rows": rows,
            "sold": money(sum(sold for sold, __ in sales.values())),
            "quoted": money(sum(quoted for __, quoted in sales.values())),
        }

    def _kam_context(self, account_id, plan_id):
        """The account, company and plan the whitespace is read for, refused
        to who may not read the account's plans."""
        if plan_id:
            plan = self.env["kam.plan"].browse(plan_id)
            plan.check_access("read")
            account, company = plan.partner_id, plan.company_id
        else:
            if not account_id:
                raise UserError(
                    self.env._("Open the whitespace from an account or its plan.")
                )
            account = self.env["res.partner"].browse(account_id)
            account.check_access("read")
            company = self.env.company
            plan = self._kam_plan(account, company)
        if account.kam_my_plan_access == "none":
            raise AccessError(
                self.env._(
                    "The whitespace of %s is for who may read its account plans.",
                    account.display_name,
                )
            )
        return account, company, plan

    def _kam_plan(self, account, company):
        """The plan an opportunity of the whitespace goes into: the account's
        draft one in ``company``, else its approved one."""
        plans = self.env["kam.plan"].search(
            [
                ("partner_id", "=", account.id),
                ("company_id", "=", company.id),
                ("state", "in", ("draft", "rejected", "approved")),
            ],
            order="id desc",
        )
        return plans.filtered(lambda p: p.state != "approved")[:1] or plans[:1]

    def _kam_missing(self):
        """Why the whitespace cannot be read from Sales, if it cannot."""
        if "sale.order.line" not in self.env:
            return self.env._(
                "The whitespace is read from sales orders: install Sales to see "
                "which divisions of the account buy which product categories."
            )
        if not self.env["sale.order.line"].has_access("read"):
            return self.env._(
                "The whitespace is read from sales orders, which you may not "
                "read: ask your administrator for access to Sales."
            )
        return ""

    @api.model
    def _kam_since(self):
        return fields.Date.context_today(self) - relativedelta(years=1, days=-1)

    def _kam_divisions(self, account):
        """The account's divisions, and the division of each of its partners:
        the nearest of itself and its ancestors that is the account, a company
        or a delivery address."""
        members = account.with_context(active_test=False).search_fetch(
            [("id", "child_of", account.id)],
            ["parent_id", "is_company", "type", "complete_name", "active"],
            order="complete_name, id",
        )
        by_id = {member.id: member for member in members}

        def division(member):
            while member != account and not (
                member.is_company or member.type == "delivery"
            ):
                member = by_id.get(member.parent_id.id, account)
            return member

        division_of = {member.id: division(member).id for member in members}
        divisions = members.filtered(
            lambda m: division_of[m.id] == m.id and (m.active or m == account)
        )
        # The account first, then its child companies, then its addresses.
        return account | divisions.sorted(lambda d: not d.is_company), division_of

    def _kam_division_kind(self, account, division):
        if division == account:
            return "account"
        return "company" if division.is_company else "delivery"

    def _kam_sales(self, account, company, division_of):
        """{(division id, category id): (sold, quoted)} over the last 12 months
        in the company's currency, in one grouped query of the order lines the
        user may read: an order counts for its delivery address when that is
        the account's, else for its customer."""
        Line = self.env["sale.order.line"]
        query = Line._search(
            [
                ("company_id", "=", company.id),
                ("state", "in", SOLD + QUOTED),
                ("display_type", "=", False),
                ("is_downpayment", "=", False),
                ("product_id", "!=", False),
            ]
        )
        order = query.join(Line._table, "order_id", "sale_order", "id", "order_id")
        product = query.join(
            Line._table, "product_id", "product_product", "id", "product_id"
        )
        template = query.join(
            product, "product_tmpl_id", "product_template", "id", "product_tmpl_id"
        )
        family = tuple(division_of)
        shipping = SQL.identifier(order, "partner_shipping_id")
        customer = SQL.identifier(order, "partner_id")
        partner = SQL(
            "CASE WHEN %s IN %s THEN %s ELSE %s END",
            shipping,
            family,
            shipping,
            customer,
        )
        sold = SQL("%s IN %s", SQL.identifier(Line._table, "state"), SOLD)
        query.add_where(
            SQL("(%s IN %s OR %s IN %s)", shipping, family, customer, family)
        )
        query.add_where(
            SQL("%s >= %s", SQL.identifier(order, "date_order"), self._kam_since())
        )
        query.groupby = SQL("1, 2, 3")
        amount = SQL(
            "SUM(%s / COALESCE(NULLIF(%s, 0), 1))",
            SQL.identifier(Line._table, "price_subtotal"),
            SQL.identifier(order, "currency_rate"),
        )
        rows = self.env.execute_query(
            query.select(partner, SQL.identifier(template, "categ_id"), sold, amount)
        )
        sales = {}
        for partner_id, categ_id, is_sold, value in rows:
            key = (division_of[partner_id], categ_id)
            sold_value, quoted_value = sales.get(key, (0.0, 0.0))
            sales[key] = (
                (sold_value + value, quoted_value)
                if is_sold
                else (sold_value, quoted_value + value)
            )
        return sales

    def _kam_columns(self, sales):
        """The columns, by name: the categories at the configured level that
        we sell (they hold a product that can be sold) or that the account
        bought; and ``sales`` by division and category, added up by column."""
        selling = self.env["product.template"]._read_group(
            [("sale_ok", "=", True)], ["categ_id"]
        )
        depth = self.env["kam.settings"]._kam_get("kam_whitespace_depth")
        Category = self.env["product.category"]
        if len(Category.search([("parent_id", "=", False)], limit=2)) == 1:
            depth += 1  # a lone root, as Odoo's "All", is no level of its own
        categories = Category.browse(
            {categ.id for (categ,) in selling} | {categ for __, categ in sales}
        )
        # the ancestor at the level, or the category itself when it is higher
        column_of = {
            categ.id: int(categ.parent_path.split("/")[:-1][:depth][-1])
            for categ in categories
        }
        by_column = {}
        for (division, categ), (sold, quoted) in sales.items():
            key = (division, column_of[categ])
            total = by_column.get(key, (0.0, 0.0))
            by_column[key] = (total[0] + sold, total[1] + quoted)
        columns = categories.browse(set(column_of.values())).sorted("complete_name")
        return columns, by_column

    def _kam_planned(self, account):
        """{(division id, category id): name} of the account's open
        opportunities planned from its whitespace."""
        opportunities = self.env["kam.plan.opportunity"].search_fetch(
            [
                ("partner_id", "=", account.id),
                ("plan_id.state", "!=", "closed"),
                ("status", "=", "open"),
                ("division_id", "!=", False),
                ("category_ref", "!=", False),
            ],
            ["division_id", "category_ref", "name"],
        )
        return {
            (o.division_id.id, o.category_ref.id): o.name
            for o in opportunities
            if o.category_ref._name == "product.category"
        }

    @api.model
    def action_open_lines(self, account_id, division_id, category_id, plan_id=False):
        """The order lines behind a cell."""
        account, company, __ = self._kam_context(account_id, plan_id)
        missing = self._kam_missing()
        if missing:
            raise UserError(missing)
        __, division_of = self._kam_divisions(account)
        partners = [p for p, d in division_of.items() if d == division_id]
        division = self.env["res.partner"].browse(division_id)
        category = self.env["product.category"].browse(category_id)
        return {
            "type": "ir.actions.act_window",
            "name": f"{division.display_name} · {category.display_name}",
            "res_model": "sale.order.line",
            "views": [(False, "list"), (False, "form")],
            "domain": [
                ("company_id", "=", company.id),
                ("state", "in", SOLD + QUOTED),
                ("display_type", "=", False),
                ("is_downpayment", "=", False),
                ("order_id.date_order", ">=", self._kam_since()),
                ("product_id.categ_id", "child_of", category.id),
                "|",
                ("order_id.partner_shipping_id", "in", partners),
                "&",
                ("order_id.partner_shipping_id", "not in", list(division_of)),
                ("order_partner_id", "in", partners),
            ],
            "context": {"create": False},
        }

    @api.model
    def action_plan_opportunity(
        self, account_id, division_id, category_id, plan_id=False, revise=False
    ):
        """An opportunity for a white cell, in the plan: an approved plan is
        locked, so it asks for a revision first (``revise``), where the
        opportunity goes."""
        account, __, plan = self._kam_context(account_id, plan_id)
        if not plan:
            raise UserError(
                self.env._(
                    "%s has no account plan to add the opportunity to: create "
                    "one first.",
                    account.display_name,
                )
            )
        if plan.state == "approved":
            if not revise:
                return {"revise": plan.display_name}
            plan = plan.browse(plan.action_revise()["res_id"])
        division = self.env["res.partner"].browse(division_id)
        category = self.env["product.category"].browse(category_id).exists()
        if not category:
            raise UserError(self.env._("This product category no longer exists."))
        opportunity = self.env["kam.plan.opportunity"].create(
            {
                "plan_id": plan.id,
                "name": self.env._(
                    "%(category)s for %(division)s",
                    category=category.display_name,
                    division=division.display_name,
                ),
                "division_id": division.id,
                "category_ref": f"product.category,{category.id}",
            }
        )
        return {
            "opportunity": opportunity.name,
            "plan_id": plan.id,
            "plan": plan.display_name,
        }
