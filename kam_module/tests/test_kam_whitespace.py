# Copyright 2026 KAM Module Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from datetime import timedelta

from odoo import Command, fields
from odoo.exceptions import AccessError, ValidationError
from odoo.tests import tagged, warmup
from odoo.tools import SQL, format_amount

from .common import KamPlanCommon

# The whitespace of an account: the plan and the user's rights on it and on
# the account (14), its family, one query a level (3 here), the order lines
# (1), the categories we sell, their levels and whether the tree has a lone
# root (4), the planned opportunities (1), the currency (1).
WHITESPACE_QUERIES = 24


@tagged("post_install", "-at_install")
class TestKamWhitespace(KamPlanCommon):
    """The whitespace on real sale orders (the test database has Sales): rows
    are the account, its child companies and its delivery addresses; columns
    the product categories we sell; cells what was sold or quoted in the last
    12 months, or white."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.manager.groups_id += cls.env.ref("sales_team.group_sale_salesman_all_leads")
        Category = cls.env["product.category"]
        cls.machines = Category.create({"name": "WS Machines"})
        cls.robots = Category.create(
            {"name": "WS Robots", "parent_id": cls.machines.id}
        )
        cls.parts = Category.create({"name": "WS Parts"})
        cls.services = Category.create({"name": "WS Services"})
        cls.robot = cls._product("WS robot", cls.robots)
        cls.part = cls._product("WS part", cls.parts)
        cls.service = cls._product("WS service", cls.services)
        Partner = cls.env["res.partner"]
        cls.child = Partner.create(
            {"name": "WS Basel", "is_company": True, "parent_id": cls.account.id}
        )
        cls.buyer = Partner.create({"name": "WS Buyer", "parent_id": cls.child.id})
        cls.depot = Partner.create(
            {"name": "WS Depot", "type": "delivery", "parent_id": cls.account.id}
        )
        today = fields.Datetime.now()
        cls.robot_sale = cls._order(cls.account, cls.robot, 1000)
        cls.buyer_sale = cls._order(cls.buyer, cls.part, 200)
        cls.depot_sale = cls._order(cls.account, cls.part, 300, shipping=cls.depot)
        cls._order(cls.child, cls.service, 500, confirm=False)  # a quotation
        old = cls._order(cls.account, cls.robot, 999)
        old.date_order = today - timedelta(days=400)  # before the 12 months
        cls._order(cls.other_account, cls.part, 70)  # another account
        cls._order(cls.account, cls.part, 50)._action_cancel()  # cancelled
        # Sold by another company of ours (Odoo refuses the account's own
        # company_id there: the order is moved as a multi-company setup with
        # shared partners would have it).
        other_company = cls.env["res.company"].create({"name": "WS Other Co"})
        moved = cls._order(cls.account, cls.part, 80)
        for table in ("sale_order", "sale_order_line"):
            column = "id" if table == "sale_order" else "order_id"
            cls.env.cr.execute(
                SQL(
                    "UPDATE %s SET company_id = %s WHERE %s = %s",
                    SQL.identifier(table),
                    other_company.id,
                    SQL.identifier(column),
                    moved.id,
                )
            )
        cls.env.invalidate_all()

    @classmethod
    def _product(cls, name, category):
        return cls.env["product.product"].create(
            {"name": name, "categ_id": category.id, "sale_ok": True, "list_price": 1}
        )

    @classmethod
    def _order(cls, partner, product, amount, shipping=None, confirm=True):
        order = cls.env["sale.order"].create(
            {
                "partner_id": partner.id,
                "partner_shipping_id": (shipping or partner).id,
                "company_id": cls.company.id,
                "order_line": [
                    Command.create(
                        {"product_id": product.id, "price_unit": amount, "tax_id": []}
                    )
                ],
            }
        )
        if confirm:
            order.action_confirm()
        return order

    def _whitespace(self, user=None, **kwargs):
        Whitespace = self.env["kam.whitespace"].with_user(user or self.manager)
        return Whitespace.get_whitespace(self.account.id, **kwargs)

    def _table(self, data, names):
        """{(division, category): (state, sold, quoted)} of our categories."""
        columns = [column["name"] for column in data["columns"]]
        return {
            (row["name"], column): (cell["state"], cell["sold"], cell["quoted"])
            for row in data["rows"]
            for column, cell in zip(columns, row["cells"], strict=True)
            if column in names
        }

    def _money(self, amount):
        return format_amount(self.env, amount, self.company.currency_id)

    def test_cells_match_the_orders(self):
        data = self._whitespace()
        account, child, depot = (
            self.account.display_name,
            self.child.display_name,
            self.depot.display_name,
        )
        self.assertEqual([row["name"] for row in data["rows"]], [account, child, depot])
        self.assertEqual(
            [row["kind"] for row in data["rows"]], ["account", "company", "delivery"]
        )
        white = ("white", "", "")
        self.assertEqual(
            self._table(data, {"WS Machines", "WS Parts", "WS Services"}),
            {
                (account, "WS Machines"): ("sold", self._money(1000), ""),
                (account, "WS Parts"): white,
                (account, "WS Services"): white,
                (child, "WS Machines"): white,
                # the buyer is a contact of the child company
                (child, "WS Parts"): ("sold", self._money(200), ""),
                (child, "WS Services"): ("quoted", "", self._money(500)),
                (depot, "WS Machines"): white,
                # ordered by the account, delivered to the depot
                (depot, "WS Parts"): ("sold", self._money(300), ""),
                (depot, "WS Services"): white,
            },
        )
        totals = {column["name"]: column["sold"] for column in data["columns"]}
        self.assertEqual(totals["WS Parts"], self._money(500))
        self.assertEqual(totals["WS Services"], "")
        self.assertEqual(data["rows"][0]["sold"], self._money(1000))
        self.assertEqual(data["sold"], self._money(1500))
        self.assertEqual(data["quoted"], self._money(500))
        self.assertEqual(data["plan"], self.plan.display_name)
        self.assertTrue(data["can_plan"])

    def test_category_level(self):
        self.env["ir.config_parameter"].set_param("kam_module.whitespace_depth", 2)
        data = self._whitespace()
        names = [column["name"] for column in data["columns"]]
        self.assertIn(self.robots.display_name, names)
        self.assertNotIn(self.machines.display_name, names)
        self.assertIn("WS Parts", names, "a top category is its own column")

    def test_a_lone_root_is_no_level(self):
        """As Odoo's "All": level 1 is then the categories under it."""
        Category = self.env["product.category"]
        roots = Category.search([("parent_id", "=", False)])
        root = Category.create({"name": "WS Everything"})
        roots.write({"parent_id": root.id})
        names = [column["name"] for column in self._whitespace()["columns"]]
        self.assertIn("WS Everything / WS Machines", names)
        self.assertNotIn("WS Everything", names)

    def test_a_cell_opens_its_order_lines(self):
        Whitespace = self.env["kam.whitespace"].with_user(self.manager)
        for division, category, lines in (
            (self.child, self.parts, self.buyer_sale.order_line),
            (self.depot, self.parts, self.depot_sale.order_line),
            (self.account, self.machines, self.robot_sale.order_line),
        ):
            action = Whitespace.action_open_lines(
                self.account.id, division.id, category.id
            )
            found = (
                self.env["sale.order.line"]
                .with_user(self.manager)
                .search(action["domain"])
            )
            self.assertEqual(found, lines, division.name)

    def test_a_white_cell_plans_an_opportunity(self):
        Whitespace = self.env["kam.whitespace"].with_user(self.manager)
        result = Whitespace.action_plan_opportunity(
            self.account.id, self.depot.id, self.services.id
        )
        opportunity = self.plan.opportunity_ids.filtered("division_id")
        self.assertEqual(opportunity.name, result["opportunity"])
        self.assertEqual(opportunity.division_id, self.depot)
        self.assertEqual(opportunity.category_ref, self.services)
        self.assertIn("WS Services", opportunity.name)
        cells = self._table(self._whitespace(), {"WS Services"})
        self.assertEqual(cells[(self.depot.display_name, "WS Services")][0], "planned")

    def test_an_approved_plan_is_revised_first(self):
        plan = self._approved_plan(self.other_account, self.manager_2)
        self.manager_2.groups_id += self.env.ref(
            "sales_team.group_sale_salesman_all_leads"
        )
        Whitespace = self.env["kam.whitespace"].with_user(self.manager_2)
        args = (self.other_account.id, self.other_account.id, self.parts.id)
        self.assertEqual(
            Whitespace.action_plan_opportunity(*args), {"revise": plan.display_name}
        )
        self.assertFalse(plan.opportunity_ids.filtered("division_id"))
        result = Whitespace.action_plan_opportunity(*args, revise=True)
        revision = self.Plan.browse(result["plan_id"])
        self.assertEqual(revision.previous_plan_id, plan)
        self.assertEqual(revision.state, "draft")
        self.assertEqual(plan.state, "approved")
        self.assertTrue(revision.opportunity_ids.filtered("division_id"))

    def test_bad_division_or_category(self):
        Whitespace = self.env["kam.whitespace"].with_user(self.manager)
        stranger = self.env["res.partner"].create({"name": "WS Stranger"})
        with self.assertRaises(ValidationError) as caught:
            Whitespace.action_plan_opportunity(
                self.account.id, stranger.id, self.parts.id
            )
        self.assertIn("is not a division of", str(caught.exception))
        self.env.invalidate_all()
        with self.assertRaises(Exception) as caught:
            Whitespace.action_plan_opportunity(self.account.id, self.depot.id, 0)
        self.assertIn("no longer exists", str(caught.exception))

    def test_who_sees_it(self):
        # a core member reads the plan but not the sales orders
        data = self._whitespace(self.member)
        self.assertIn("may not read", data["missing"])
        for user in (self.rep, self.manager_2):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                self._whitespace(user)
        self.env.invalidate_all()
        with self.assertRaises(AccessError):
            self.env["kam.whitespace"].with_user(self.manager_2).action_open_lines(
                self.account.id, self.depot.id, self.parts.id
            )

    @warmup
    def test_whitespace_costs_the_same_for_5_and_50_divisions(self):
        Whitespace = self.env["kam.whitespace"].with_user(self.manager)
        sizes = []
        for divisions, categories in ((5, 10), (50, 100)):
            account = self._key_account(f"WS {divisions}", self.manager)
            self._plan(account)
            account.write(
                {
                    "child_ids": [
                        Command.create(
                            {
                                "name": f"WS {divisions} Bern",
                                "is_company": True,
                                "child_ids": [Command.create({"name": "Buyer"})],
                            }
                        ),
                        *(
                            Command.create({"name": f"Depot {i}", "type": "delivery"})
                            for i in range(divisions)
                        ),
                    ]
                }
            )
            products = [
                self._product(
                    f"{account.name} {i}",
                    self.env["product.category"].create(
                        {"name": f"{account.name} category {i}"}
                    ),
                )
                for i in range(categories)
            ]
            for i, depot in enumerate(account.child_ids.filtered("type")):
                self._order(account, products[i % categories], 10 + i, shipping=depot)
            sizes.append((account, divisions, categories))
        for account, __, __ in sizes:  # the user's caches (rules, groups)
            self.env.invalidate_all()
            Whitespace.get_whitespace(account.id)
        for account, divisions, categories in sizes:
            self.env.invalidate_all()
            with (
                self.subTest(divisions=divisions),
                self.assertQueryCount(WHITESPACE_QUERIES),
            ):
                data = Whitespace.get_whitespace(account.id)
            self.assertEqual(len(data["rows"]), divisions + 2)
            self.assertGreaterEqual(len(data["columns"]), categories)
