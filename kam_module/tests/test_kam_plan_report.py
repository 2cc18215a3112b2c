# Copyright 2026 KAM Module Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import io

from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import HttpCase, tagged
from odoo.tools.misc import formatLang
from odoo.tools.pdf import PdfReader

from odoo.addons.base.models.ir_qweb import QWebException

from .common import KamPlanCommon

REPORT = "kam_module.action_report_kam_plan"


@tagged("post_install", "-at_install")
class TestKamPlanReport(KamPlanCommon, HttpCase):
    """The plan's PDF as wkhtmltopdf prints it, not its HTML: an HttpCase, as
    wkhtmltopdf fetches the report's styles and fonts from the server."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._complete(cls.plan)
        # a second opportunity: the pipeline weighs each by its probability
        cls.plan.write(
            {
                "opportunity_ids": [
                    Command.create(
                        {
                            "name": "Milan corridor",
                            "estimated_value": 650000,
                            "probability": 50,
                        }
                    )
                ]
            }
        )
        cls.outsider = cls._kam_user("kam_outsider", "kam_module.group_kam_user")
        cls._seat(cls.other_account, cls.outsider)

    def _pdf_pages(self, user):
        """The text of each page of the plan's PDF printed by ``user``, its
        white space collapsed."""
        pdf, kind = (
            self.env["ir.actions.report"]
            .with_user(user)
            .with_context(force_report_rendering=True)
            ._render_qweb_pdf(REPORT, self.plan.ids)
        )
        self.assertEqual(kind, "pdf")
        self.assertTrue(pdf.startswith(b"%PDF-"), "not a PDF file")
        pages = [
            " ".join(page.extract_text().split())
            for page in PdfReader(io.BytesIO(pdf)).pages
        ]
        self.assertTrue(
            all(pages),
            f"a page without text: {pages}. Lato must be a system font (Debian: "
            "fonts-lato), or Debian's wkhtmltopdf draws the text as shapes",
        )
        return pages

    def _money(self, amount):
        currency = self.plan.company_id.currency_id
        return " ".join(formatLang(self.env, amount, currency_obj=currency).split())

    def test_a_team_member_prints_every_section(self):
        cover, *pages = self._pdf_pages(self.member)
        self.assertTrue(pages, "the cover is a page of its own")
        for text in (
            "Account Plan",
            self.plan.name,
            self.account.name,
            self.plan.reference,
            # the pipeline, weighted by probability, in the company's currency
            self._money(400000 * 0.6 + 650000 * 0.5),
        ):
            self.assertIn(text, cover)
        body = " ".join(pages)
        for text in (
            "Cut customs clearance time by half.",
            "SWOT",
            "strength item",
            "threat item",
            "Rival AG",
            self._money(650000),
            "Grow customs revenue",
            "Action plan",
            "Workshop with the customs team",
            self.member.name,
        ):
            self.assertIn(text, body)

    def test_a_member_of_another_account_may_not_print_it(self):
        # QWeb wraps what the rendering raises: the record rules refused it.
        with self.assertRaises(QWebException) as refusal:
            self._pdf_pages(self.outsider)
        self.assertIsInstance(refusal.exception.__cause__, AccessError)
