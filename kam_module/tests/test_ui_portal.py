# Copyright 2026 KAM Module Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import json
import re
from urllib.parse import urlparse

from odoo.tests import new_test_user, tagged
from odoo.tools import mute_logger

from .common import KamHttpCommon

# Client A's plan, none of which its customer sees.
SECRETS = (
    "Swiss logistics leader",
    "Customer since 2019",
    "favours a single supplier",
    "Trusted by the CEO",
    "Rival AG",
    "Milan corridor rollout",
    "Keep Alpenrose talking to us",
    "Customs workshop with Lukas Meier",
    "Monthly call with Heidi Brunner",
)
SHARED = (
    "Halve customs clearance time",
    "One platform for warehouse and customs data",
    "Open the Milan corridor with Alpenrose",
    "Cut clearance time",
    "Milan corridor proposal",
    "Send last quarter",
)


@tagged("post_install", "-at_install")
class TestUiPortal(KamHttpCommon):
    """On the demo: client A's plan is shared with Heidi Brunner, its CEO
    (portal user heidi). Lukas Meier, A's buyer, is a portal user too;
    Olga is one of client B's."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        ref = cls.env.ref
        cls.plan = ref("kam_module.kam_plan_client_a_demo")
        cls.heidi = ref("kam_module.res_users_heidi_portal_demo")
        cls.lukas = new_test_user(
            cls.env,
            login="kam_lukas",
            groups="base.group_portal",
            partner_id=ref("kam_module.res_partner_client_a_buyer_demo").id,
        )
        olga = cls.env["res.partner"].create(
            {
                "name": "Olga",
                "parent_id": ref("kam_module.res_partner_client_b_demo").id,
            }
        )
        cls.olga = new_test_user(
            cls.env, login="kam_olga", groups="base.group_portal", partner_id=olga.id
        )
        cls.url = f"/my/account-plans/{cls.plan.id}"
        cls.her_action = cls.plan.action_ids.filtered(
            lambda a: a.name.startswith("Send last quarter")
        )
        cls.our_action = cls.plan.action_ids.filtered(
            lambda a: a.name == "Milan corridor proposal"
        )

    def _get(self, url, login=None):
        if login:
            self.authenticate(login, login)
        return self.url_open(url)

    def _post(self, url, page, **data):
        # The page's forms, or its session data for a page without a form.
        token = re.search(r'csrf_token(?:" value=|: )"([^"]+)"', page).group(1)
        return self.url_open(
            url, data={"csrf_token": token, **data}, allow_redirects=False
        )

    def _json(self, url, params):
        response = self.url_open(
            url,
            data=json.dumps({"jsonrpc": "2.0", "method": "call", "params": params}),
            headers={"Content-Type": "application/json"},
        )
        return response.json()

    def assertRedirected(self, response, path):
        self.assertEqual(urlparse(response.url).path, path)

    def assertSharedOnly(self, html):
        for shown in SHARED:
            self.assertIn(shown, html)
        for secret in SECRETS:
            self.assertNotIn(secret, html)

    def test_the_customer_sees_the_shared_part(self):
        response = self._get("/my/account-plans", "heidi")
        self.assertEqual(response.status_code, 200)
        self.assertIn(self.plan.name, response.text)
        response = self._get(self.url)
        self.assertEqual(response.status_code, 200)
        self.assertSharedOnly(response.text)
        self.assertIn("This plan is a proposal", response.text)
        self.assertIn('id="kam_plan_agree"', response.text)
        counters = self._json("/my/counters", {"counters": ["account_plan_count"]})
        self.assertEqual(counters["result"]["account_plan_count"], 1)
        home = self._get("/my")
        self.assertIn("Joint Account Plans", home.text)
        pdf = self._get(f"{self.url}?report_type=pdf")
        self.assertEqual(pdf.status_code, 200)
        self.assertEqual(pdf.headers["Content-Type"], "application/pdf")

    def test_a_colleague_sees_it_and_may_not_agree(self):
        response = self._get(self.url, "kam_lukas")
        self.assertEqual(response.status_code, 200)
        self.assertSharedOnly(response.text)
        self.assertNotIn('id="kam_plan_agree"', response.text)
        self.assertNotIn("o_kam_action_done", response.text)
        with mute_logger("odoo.http"):
            refused = self._post(f"{self.url}/agree", response.text)
            self.assertEqual(refused.status_code, 403)
            refused = self._post(
                f"{self.url}/actions/{self.her_action.id}", response.text, state="done"
            )
            self.assertEqual(refused.status_code, 403)
        self.assertFalse(self.plan.agreed_on)
        self.assertEqual(self.her_action.state, "todo")

    def test_another_customer_and_the_public_see_nothing(self):
        response = self._get("/my/account-plans", "kam_olga")
        self.assertEqual(response.status_code, 200)
        self.assertIn("No account plan is shared with you", response.text)
        self.assertNotIn(self.plan.name, response.text)
        counters = self._json("/my/counters", {"counters": ["account_plan_count"]})
        self.assertEqual(counters["result"]["account_plan_count"], 0)
        for url in (self.url, f"{self.url}?report_type=pdf"):
            with self.subTest(url=url):
                response = self._get(url)
                self.assertRedirected(response, "/my")
                self.assertNotIn(self.plan.name, response.text)
        page = self._get("/my").text
        with mute_logger("odoo.http"):
            self.assertEqual(self._post(f"{self.url}/agree", page).status_code, 403)
        self.authenticate(None, None)
        for url in ("/my/account-plans", self.url, f"{self.url}?report_type=pdf"):
            with self.subTest(url=url, visitor="public"):
                response = self._get(url)
                self.assertRedirected(response, "/web/login")
                self.assertNotIn(self.plan.name, response.text)

    def test_the_token_link_opens_that_plan_only(self):
        token = self.plan._portal_ensure_token()
        response = self._get(f"{self.url}?access_token={token}")
        self.assertEqual(response.status_code, 200)
        self.assertSharedOnly(response.text)
        self.assertNotIn('id="kam_plan_agree"', response.text)
        # The token opens the portal page, not the plan's other fields.
        with mute_logger("odoo.http"):
            response = self._get(
                f"/web/content/kam.plan/{self.plan.id}/profile?access_token={token}"
            )
        self.assertNotEqual(response.status_code, 200)
        self.assertNotIn("Swiss logistics leader", response.text)
        plan_b = self.env.ref("kam_module.kam_plan_client_b_demo")
        response = self._get(f"/my/account-plans/{plan_b.id}?access_token={token}")
        self.assertRedirected(response, "/web/login")
        plan_b.sudo().share_with_customer = True
        plan_b_token = plan_b._portal_ensure_token()
        response = self._get(f"/my/account-plans/{plan_b.id}?access_token={token}")
        self.assertRedirected(response, "/web/login")
        response = self._get(
            f"/my/account-plans/{plan_b.id}?access_token={plan_b_token}"
        )
        self.assertEqual(response.status_code, 200)
        self.plan.sudo().share_with_customer = False
        response = self._get(f"{self.url}?access_token={token}")
        self.assertRedirected(response, "/web/login")

    @mute_logger("odoo.http")
    def test_the_backend_report_is_refused_to_the_customer(self):
        self.authenticate("heidi", "heidi")
        for report in ("report_kam_plan", "report_kam_plan_shared"):
            with self.subTest(report=report):
                response = self.url_open(
                    f"/report/html/kam_module.{report}/{self.plan.id}"
                )
                self.assertNotEqual(response.status_code, 200)
                self.assertNotIn("Swiss logistics leader", response.text)

    def test_the_sponsor_agrees_and_reports_her_actions(self):
        page = self._get(self.url, "heidi").text
        response = self._post(f"{self.url}/agree", page)
        self.assertEqual(response.status_code, 303)
        self.assertEqual(self.plan.agreed_by_id, self.heidi.partner_id)
        page = self._get(self.url).text
        self.assertIn("Agreed by", page)
        self.assertNotIn("This plan is a proposal", page)
        response = self._post(
            f"{self.url}/actions/{self.her_action.id}", page, state="done"
        )
        self.assertEqual(response.status_code, 303)
        self.assertEqual(self.her_action.state, "done")
        with mute_logger("odoo.http"):
            response = self._post(
                f"{self.url}/actions/{self.our_action.id}", page, state="done"
            )
            self.assertEqual(response.status_code, 403)
        self.assertEqual(self.our_action.state, "in_progress")

    def test_the_portal_chatter_both_ways(self):
        self.plan.message_post(body="INTERNAL-NOTE", subtype_xmlid="mail.mt_note")
        self.plan.message_post(
            body="TEAM-ANSWER", message_type="comment", subtype_xmlid="mail.mt_comment"
        )
        self.authenticate("heidi", "heidi")
        token = self.plan._portal_ensure_token()
        posted = self._json(
            "/mail/message/post",
            {
                "thread_model": "kam.plan",
                "thread_id": self.plan.id,
                "post_data": {
                    "body": "CUSTOMER-COMMENT",
                    "message_type": "comment",
                    "subtype_xmlid": "mail.mt_comment",
                },
                "token": token,
            },
        )
        self.assertNotIn("error", posted)
        message = self.plan.message_ids.filtered(
            lambda m: "CUSTOMER-COMMENT" in (m.body or "")
        )
        self.assertEqual(message.author_id, self.heidi.partner_id)
        susanna = self.env.ref("kam_module.res_users_susanna_demo")
        self.assertIn(
            "CUSTOMER-COMMENT",
            "".join(self.plan.with_user(susanna).message_ids.mapped("body")),
        )
        fetched = self._json(
            "/mail/chatter_fetch",
            {"thread_model": "kam.plan", "thread_id": self.plan.id, "token": token},
        )
        bodies = json.dumps(fetched["result"]["data"])
        self.assertIn("CUSTOMER-COMMENT", bodies)
        self.assertIn("TEAM-ANSWER", bodies)
        self.assertNotIn("INTERNAL-NOTE", bodies)

    def test_tour_the_customer_agrees_and_closes_an_action(self):
        self.start_tour(
            "/my/account-plans", "kam_portal_customer_agrees", login="heidi"
        )
        self.assertEqual(self.plan.agreed_by_id, self.heidi.partner_id)
        self.assertEqual(self.her_action.state, "done")
