"""Measured objectives on real invoices and orders, with Sales and Invoicing.

This installs sale_management (which brings Invoicing) on a copy of the test
database, adds ready-made measured objectives to a plan through their wizard,
and measures them on real data: posted invoices and a refund of the account,
of a contact and of a child company count; a draft invoice, a quotation,
another account and records before the plan's period do not. (Records of
another company are left out by test_kam_plan_measure, on messages.)
"""

SCRIPT = """
import json
from datetime import date

from odoo import Command, fields

Partner = env["res.partner"]
company = env.company
manager = env.ref("kam_module.res_users_benni_demo")
# A Key Account Manager who reads the customer's invoices and orders.
manager.groups_id += env.ref("account.group_account_invoice")
manager.groups_id += env.ref("sales_team.group_sale_salesman_all_leads")
account = Partner.create({
    "name": "Objective Account", "is_company": True, "company_id": company.id,
    "kam_state": "key", "kam_user_id": manager.id,
})
contact = Partner.create({"name": "Objective Buyer", "parent_id": account.id})
child = Partner.create(
    {"name": "Objective Child", "is_company": True, "parent_id": account.id}
)
other = Partner.create({"name": "Objective Other", "is_company": True})
today = fields.Date.today()
plan = env["kam.plan"].create({
    "name": "Measured plan", "partner_id": account.id,
    "date_start": date(today.year, 1, 1), "date_end": date(today.year, 12, 31),
    "objective_ids": [],
})
product = env["product.product"].create({"name": "KAM service", "list_price": 100})


def invoice(partner, amount, day, move_type="out_invoice", post=True):
    move = env["account.move"].create({
        "move_type": move_type, "partner_id": partner.id, "invoice_date": day,
        "invoice_line_ids": [Command.create({
            "product_id": product.id, "quantity": 1, "price_unit": amount,
            "tax_ids": [],
        })],
    })
    if post:
        move.action_post()


def order(partner, quantity, confirm=True):
    sale = env["sale.order"].create({
        "partner_id": partner.id,
        "order_line": [Command.create({
            "product_id": product.id, "product_uom_qty": quantity, "price_unit": 100,
        })],
    })
    if confirm:
        sale.action_confirm()
    sale.date_order = fields.Datetime.now()


in_period = today.replace(day=1)
invoice(account, 1000, in_period)  # counts
invoice(contact, 200, in_period)  # a contact's counts
invoice(child, 300, in_period)  # a child company's counts
invoice(account, 150, in_period, move_type="out_refund")  # deducted
invoice(account, 5000, in_period, post=False)  # a draft does not count
invoice(account, 7000, date(today.year - 2, 12, 31))  # before the period
invoice(other, 9000, in_period)  # another account
order(account, 2)  # 200
order(contact, 3)  # 300
order(account, 9, confirm=False)  # a quotation
Preset = env["kam.plan.objective.preset"].with_user(manager)
presets = dict(Preset._selection_preset())
keys = ("invoice_revenue", "invoice_net_revenue", "sale_revenue", "sale_order_count")
for key in keys:
    Preset.create({
        "plan_id": plan.id, "preset": key, "target_value": 10000,
    }).action_confirm()
refused = None
try:
    plan.objective_ids[:1].with_user(manager).write({"current_value": 1})
except Exception as error:
    refused = type(error).__name__
plan.with_user(manager).action_measure()
wallet_refused = None
try:
    with env.cr.savepoint():
        plan.with_user(manager).write({
            "wallet_estimate": 1500,
            "competitor_ids": [
                Command.create({"name": "Rival", "share_of_wallet": 40}),
            ],
        })
except Exception as error:
    wallet_refused = type(error).__name__
plan.with_user(manager).write({"wallet_estimate": 10000})
plan.sudo().state = "approved"
env["kam.plan"]._cron_measure(auto_commit=False)
print("KAM_RESULT " + json.dumps({
    "presets": sorted(presets),
    "values": {o.name: o.current_value for o in plan.objective_ids},
    "refused": refused,
    "state": plan.state,
    "our_revenue": plan.our_revenue,
    "share": plan.our_share_of_wallet,
    "wallet_refused": wallet_refused,
}))
"""


def test_ready_made_objectives_on_real_invoices_and_orders(run_with_sales):
    result = run_with_sales(SCRIPT, "measured objectives")
    # Sales brings Invoicing; CRM is not installed: no opportunity measures.
    assert result["presets"] == [
        "invoice_net_revenue",
        "invoice_revenue",
        "sale_order_count",
        "sale_revenue",
    ]
    assert result["values"] == {
        "Invoiced revenue": 1500.0,
        "Invoiced revenue, refunds deducted": 1350.0,
        "Confirmed sales": 500.0,
        "Confirmed orders": 2.0,
    }
    assert result["refused"] == "AccessError"
    assert result["state"] == "approved"
    # The last 12 months' invoices, refunds deducted.
    assert result["our_revenue"] == 1350.0
    assert result["share"] == 13.5
    # 40 % for a rival and 1350 of 1500 for us: more than the whole wallet.
    assert result["wallet_refused"] == "ValidationError"
