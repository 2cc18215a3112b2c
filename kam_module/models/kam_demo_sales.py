# Copyright 2026 KAM Module Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from dateutil.relativedelta import relativedelta

from odoo import Command, api, fields, models

# What clients A and B bought: (division, category, amount, months ago, what
# became of it). A's head office buys software and engineering, its Basel
# warehouse runs an automation line and buys its spare parts, Chiasso has
# spare parts and a quotation for the Milan corridor's line. B buys less
# than the year before.
ORDERS = (
    ("head_office", "customs", 180000, 10, "invoiced"),
    ("head_office", "services", 24000, 7, "invoiced"),
    ("basel", "parts", 18000, 5, "invoiced"),
    ("basel", "automation", 420000, 1, "invoiced"),
    ("chiasso", "parts", 12000, 1, "invoiced"),
    ("basel", "parts", 17000, 0, "sold"),
    ("chiasso", "automation", 380000, 0, "quoted"),
    ("borealis", "parts", 160000, 20, "invoiced"),
    ("borealis", "services", 150000, 15, "invoiced"),
    ("borealis", "parts", 140000, 8, "invoiced"),
    ("borealis", "services", 90000, 3, "invoiced"),
)
CATEGORIES = {
    "automation": ("Warehouse Automation", "Pick-to-light line", "consu"),
    "customs": ("Customs Software", "Customs declaration module", "service"),
    "parts": ("Spare Parts", "Conveyor spare-parts kit", "consu"),
    "services": ("Engineering Services", "On-site engineer day", "service"),
}
# Who orders for a division, and where it is delivered.
DIVISIONS = {
    "head_office": ("client_a_buyer", "client_a"),
    "basel": ("client_a_buyer", "client_a_basel"),
    "chiasso": ("client_a_buyer", "client_a_chiasso"),
    "borealis": ("client_b_coo", "client_b"),
}
# The circle's Key Account Managers sell: they read every sales order.
SELLERS = (
    "kam_module.res_users_susanna_demo",
    "kam_module.res_users_benni_demo",
    "kam_module.res_users_saba_demo",
)
# Client A's plan measures its revenue and orders: (ready-made measure, kind,
# target over the plan's year, the action that moves it, its owner, days left).
OBJECTIVES = (
    (
        "invoice_net_revenue",
        "strategic",
        900000,
        "Win Chiasso's automation line",
        "kam_module.res_users_susanna_demo",
        40,
    ),
    (
        "sale_order_count",
        "operational",
        12,
        "Monthly spare-parts review with Lukas Meier",
        "kam_module.res_users_susanna_demo",
        25,
    ),
)


class KamDemoSales(models.AbstractModel):
    """Clients A's and B's sales for the demo, when Sales and Invoicing are
    installed before the demo loads (``make demo`` installs them first):
    orders placed by their buyers for their divisions, invoices and a
    quotation, and A's plan's objectives measured from them. Without Sales,
    nothing: the plan says what it would measure."""

    _name = "kam.demo.sales"
    _description = "Key Account Demo Sales"

    @api.model
    def _kam_load(self):
        if "account.move" not in self.env or "sale.order" not in self.env:
            return
        plan = self.env.ref("kam_module.kam_plan_client_a_demo")
        self.env.ref("sales_team.group_sale_salesman_all_leads").write(
            {"users": [Command.link(self.env.ref(user).id) for user in SELLERS]}
        )
        catalog = self._kam_products()
        products = self.env["product.product"].concat(*catalog.values())
        today = fields.Datetime.now()
        sales = [*products.categ_id, *products.product_tmpl_id, *products]
        for division, category, amount, months, fate in ORDERS:
            buyer, delivery = (
                self.env.ref(f"kam_module.res_partner_{name}_demo")
                for name in DIVISIONS[division]
            )
            order = self.env["sale.order"].create(
                {
                    "partner_id": buyer.id,
                    "partner_shipping_id": delivery.id,
                    "order_line": [
                        Command.create(
                            {
                                "product_id": catalog[category].id,
                                "price_unit": amount,
                                "tax_id": [],
                            }
                        )
                    ],
                }
            )
            sales.append(order)
            day = today - relativedelta(months=months)
            if fate == "quoted":
                order.action_quotation_sent()
                continue
            order.action_confirm()
            order.date_order = day
            if fate == "invoiced":
                invoice = order._create_invoices()
                invoice.invoice_date = day.date()
                invoice.action_post()
                sales.append(invoice)
        self._kam_own(sales)
        for preset, kind, target, action, owner, days in OBJECTIVES:
            self.env["kam.plan.objective.preset"].create(
                {
                    "plan_id": plan.id,
                    "preset": preset,
                    "kind": kind,
                    "target_value": target,
                }
            ).action_confirm()
            self.env["kam.plan.action"].create(
                {
                    "plan_id": plan.id,
                    "objective_id": plan.objective_ids[-1:].id,
                    "name": action,
                    "user_id": self.env.ref(owner).id,
                    "deadline": today.date() + relativedelta(days=days),
                    "state": "in_progress",
                }
            )

    def _kam_own(self, records):  # a list: records of several models
        """The module's data, as if its files had created them: uninstalling
        removes them (the uninstall hook resets the orders and invoices,
        which refuse to be deleted confirmed or posted)."""
        self.env["ir.model.data"].create(
            [
                {
                    "module": "kam_module",
                    "name": f"{record._table}_{record.id}_demo",
                    "model": record._name,
                    "res_id": record.id,
                    "noupdate": True,
                }
                for record in records
            ]
        )

    def _kam_products(self):
        """{key: product} of ``CATEGORIES``, each in its category."""
        Category = self.env["product.category"]
        return {
            key: self.env["product.product"].create(
                {
                    "name": product,
                    "type": kind,
                    "sale_ok": True,
                    "invoice_policy": "order",
                    "categ_id": Category.create({"name": category}).id,
                }
            )
            for key, (category, product, kind) in CATEGORIES.items()
        }
