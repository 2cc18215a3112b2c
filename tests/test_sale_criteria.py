"""Ready-made scoring criteria on real sale orders, with Sales installed.

kam_module depends on mail and contacts only; its computed criteria must work on
any installed model. This installs sale_management on a copy of the test
database, adds the ready-made sales criteria through their wizard, confirms real
orders (one placed by a contact of the account, one outside the 12-month
window, one left in draft) and rescores.
"""

SCRIPT = """
import json
from datetime import timedelta

from odoo import Command, fields

env["kam.score.criterion"].search([]).action_archive()
Preset = env["kam.score.criterion.preset"]
presets = dict(Preset._selection_preset())
for key in ("sale_revenue", "sale_order_count"):
    Preset.create({"preset": key}).action_confirm()

product = env["product.product"].create({"name": "KAM service", "list_price": 100})
account, other = env["res.partner"].create(
    [{"name": "Sale Account", "is_company": True},
     {"name": "Other Account", "is_company": True}]
)
buyer = env["res.partner"].create({"name": "Sale Buyer", "parent_id": account.id})


def order(partner, quantity, days_ago, confirm=True):
    sale = env["sale.order"].create({
        "partner_id": partner.id,
        "order_line": [Command.create({
            "product_id": product.id, "product_uom_qty": quantity, "price_unit": 100,
        })],
    })
    if confirm:
        sale.action_confirm()
    sale.date_order = fields.Datetime.now() - timedelta(days=days_ago)


order(account, 2, 10)  # 200
order(buyer, 3, 40)  # 300, placed by a contact: counts for the account
order(account, 5, 500)  # outside the 12-month window
order(account, 9, 3, confirm=False)  # a quotation does not count
order(other, 1, 5)  # 100
env["kam.score.engine"]._rescore_accounts(account | other)
print("KAM_RESULT " + json.dumps({
    "presets": sorted(presets),
    "account": {
        line.criterion_id.name: [line.raw_value, line.score]
        for line in account.kam_score_line_ids
    },
    "scores": [account.kam_score, other.kam_score],
}))
"""


def test_ready_made_sale_criteria_on_real_orders(run_with_sales):
    result = run_with_sales(SCRIPT, "sale criteria")
    # Sales is installed, and brings Invoicing with it.
    assert result["presets"] == ["invoice_revenue", "sale_order_count", "sale_revenue"]
    # Raw value, then the percentile among the two scored accounts.
    assert result["account"] == {
        "Sales revenue (12 months)": [500.0, 100.0],
        "Confirmed orders (12 months)": [2.0, 100.0],
    }
    assert result["scores"] == [100.0, 0.0]
