# Copyright 2026 KAM Module Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from datetime import datetime

from freezegun import freeze_time

from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged

from .common import KamScoringCommon


@tagged("post_install", "-at_install")
class TestKamScoreCriterion(KamScoringCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        field = cls.env["ir.model.fields"]._get
        cls.message_model = cls.env["ir.model"]._get("mail.message")
        cls.author_field = field("mail.message", "author_id")
        cls.date_field = field("mail.message", "date")

    def _email_criterion(self, **vals):
        return self.Criterion.create(
            {
                "name": "Emails received",
                "source": "computed",
                "model_id": self.message_model.id,
                "partner_field_id": self.author_field.id,
                "aggregate": "count",
                "domain": "[('message_type', '=', 'email')]",
                "date_field_id": self.date_field.id,
                "period_months": 6,
                "normalization": "linear",
                "min_value": 0,
                "max_value": 4,
                "company_id": self.scoring_company.id,
                **vals,
            }
        )

    def _email(self, author, date, message_type="email"):
        return self.env["mail.message"].create(
            {
                "model": "res.partner",
                "res_id": author.commercial_partner_id.id,
                "author_id": author.id,
                "message_type": message_type,
                "date": date,
                "body": "Hello",
            }
        )

    @freeze_time("2026-06-30 12:00:00")
    def test_count_messages_of_contacts_within_window(self):
        criterion = self._email_criterion()
        account = self._account("Mailer")
        buyer, engineer = self.env["res.partner"].create(
            [
                {"name": "Buyer", "parent_id": account.id},
                {"name": "Engineer", "parent_id": account.id},
            ]
        )
        self._email(account, datetime(2026, 6, 1))  # the company itself
        self._email(buyer, datetime(2026, 5, 1))  # a contact rolls up
        self._email(engineer, datetime(2026, 1, 15))  # inside 6 months
        self._email(engineer, datetime(2025, 12, 1))  # outside the window
        self._email(buyer, datetime(2026, 6, 2), message_type="comment")  # domain
        quiet = self._account("Quiet")
        self._score(account | quiet)
        line = self._line(account, criterion)
        self.assertEqual(line.raw_value, 3)
        self.assertEqual(line.score, 75)
        # No record to count is no data: the quiet account is not scored.
        quiet_line = self._line(quiet, criterion)
        self.assertEqual((quiet_line.raw_value, quiet_line.is_missing), (0, True))
        self.assertFalse(quiet.kam_portfolio_quadrant)

    def test_sum_avg_max_of_contacts(self):
        account = self._account("Colors", [2, 4, 9])
        expected = {"sum": 15, "avg": 5, "max": 9, "count": 3}
        for aggregate, raw in expected.items():
            with self.subTest(aggregate=aggregate):
                criterion = self._color_criterion(
                    aggregate=aggregate, name=aggregate, max_value=1000
                )
                self._score(account)
                self.assertEqual(self._line(account, criterion).raw_value, raw)
                criterion.action_archive()

    def test_missing_for_sum_without_records(self):
        criterion = self._color_criterion()
        account = self._account("No contacts")
        self._score(account)
        line = self._line(account, criterion)
        self.assertTrue(line.is_missing)
        self.assertEqual(line.score, 0)

    # Bad input: a clear error naming the field and the rule.

    def test_weight_must_be_positive(self):
        for weight in (0, -2):
            with (
                self.subTest(weight=weight),
                self.assertRaisesRegex(
                    ValidationError, "Judgement, Weight: it must be greater than 0"
                ),
            ):
                self._manual_criterion(weight=weight)

    def test_weight_has_a_ceiling(self):
        with self.assertRaisesRegex(ValidationError, "Weight: .* at most 1000"):
            self._manual_criterion(weight=1.7e308)

    def test_min_must_be_lower_than_max(self):
        with self.assertRaisesRegex(
            ValidationError, r"Min \(10.0\) must be lower than Max \(10.0\)"
        ):
            self._color_criterion(min_value=10, max_value=10)
        with self.assertRaisesRegex(ValidationError, "Min .* must be lower than Max"):
            self._color_criterion(min_value=50, max_value=10)

    def test_measure_must_be_numeric(self):
        with self.assertRaisesRegex(
            ValidationError, "Contact colors, Measure: it must be a stored number"
        ):
            self._color_criterion(
                measure_field_id=self.env["ir.model.fields"]
                ._get("res.partner", "name")
                .id
            )

    def test_domain_must_parse(self):
        with self.assertRaisesRegex(ValidationError, "Contact colors, Domain: "):
            self._color_criterion(domain="[('color', '=',")
        with self.assertRaisesRegex(
            ValidationError, "Contact colors, Domain: .*no_such_field"
        ):
            self._color_criterion(domain="[('no_such_field', '=', 1)]")
        with self.assertRaisesRegex(
            ValidationError, "Domain: a domain is a list of conditions"
        ):
            self._color_criterion(domain="42")

    def test_model_needs_a_partner_link(self):
        with self.assertRaisesRegex(
            ValidationError,
            "Partner Field: it must be a stored link to the partner on res.country",
        ):
            self._color_criterion(
                model_id=self.env["ir.model"]._get("res.country").id,
                measure_field_id=False,
                aggregate="count",
            )
        with self.assertRaisesRegex(
            ValidationError,
            "Partner Field: it must be a stored link to the partner on res.partner",
        ):
            self._color_criterion(
                partner_field_id=self.env["ir.model.fields"]
                ._get("res.partner", "user_id")
                .id
            )

    def test_aggregate_needs_measure(self):
        with self.assertRaisesRegex(
            ValidationError, "Measure: choose what to sum, or count the records"
        ):
            self._color_criterion(measure_field_id=False)

    def test_date_field_must_be_a_date(self):
        with self.assertRaisesRegex(
            ValidationError, "Date Field: it must be a stored date of res.partner"
        ):
            self._color_criterion(
                date_field_id=self.env["ir.model.fields"]._get("res.partner", "name").id
            )

    def test_computed_needs_a_model(self):
        with self.assertRaisesRegex(
            ValidationError, "Nothing, Model: choose the model to compute from"
        ):
            self.Criterion.create({"name": "Nothing", "source": "computed"})

    def test_presets_offered_for_installed_models_only(self):
        presets = dict(self.env["kam.score.criterion.preset"]._selection_preset())
        self.assertEqual("sale_revenue" in presets, "sale.order" in self.env)
        self.assertEqual("invoice_revenue" in presets, "account.move" in self.env)

    def test_numbers_must_be_finite(self):
        for name in ("weight", "min_value", "max_value"):
            for value in (float("nan"), float("inf")):
                label = self.Criterion._fields[name].string
                with (
                    self.subTest(field=name, value=value),
                    self.assertRaisesRegex(
                        ValidationError, f"Contact colors, {label}: it must be a finite"
                    ),
                ):
                    self._color_criterion(**{name: value})

    def test_look_back_must_be_a_date(self):
        with self.assertRaisesRegex(
            ValidationError, "Emails received, Look-back \\(months\\): "
        ):
            self._email_criterion(period_months=100000)

    def test_query_runs_at_save(self):
        with self.assertRaisesRegex(
            ValidationError, "Emails received, Domain: .*not-a-date"
        ):
            self._email_criterion(domain="[('date', '>', 'not-a-date')]")
        criterion = self._email_criterion()
        with (
            self.assertRaisesRegex(ValidationError, "Domain: .*not-a-date"),
            self.env.cr.savepoint(),
        ):
            criterion.domain = "[('date', '>', 'not-a-date')]"
        self.assertEqual(criterion.domain, "[('message_type', '=', 'email')]")

    def _as_kam_admin(self, **vals):
        """A computed criterion configured by a KAM Administrator."""
        criterion = self._email_criterion(company_id=self.company.id, **vals)
        return criterion.with_user(self.admin).with_context(
            allowed_company_ids=self.company.ids
        )

    def test_domain_reads_no_free_text(self):
        criterion = self._as_kam_admin()
        for domain, rule in (
            ("[('body', '=', 'secret')]", "not text \\(body\\)"),
            ("[('subject', '>=', 'M')]", "not text \\(subject\\)"),
            ("[('message_type', 'ilike', 'mail')]", "may not search text"),
            ("[('author_id.comment', '!=', False)]", "not text"),
        ):
            with (
                self.subTest(domain=domain),
                self.assertRaisesRegex(ValidationError, rule),
                self.env.cr.savepoint(),
            ):
                criterion.domain = domain

    def test_configuring_user_must_read_what_the_criterion_reads(self):
        hidden = "[('tracking_value_ids.new_value_char', '=', 'x')]"
        with (
            self.assertRaisesRegex(
                ValidationError, "may not read tracking_value_ids.new_value_char"
            ),
            self.env.cr.savepoint(),
        ):
            self._as_kam_admin().domain = hidden
        # A path through a model the user may not read: login times.
        through = "[('author_id.user_ids.log_ids.create_date', '>=', '2020-01-01')]"
        with (
            self.assertRaisesRegex(ValidationError, "may not read author_id.user_ids"),
            self.env.cr.savepoint(),
        ):
            self._as_kam_admin().domain = through
        with self.assertRaisesRegex(ValidationError, "Model: you may not read"):
            self.env["kam.score.criterion"].with_user(self.admin).create(
                {
                    "name": "Outgoing mails",
                    "source": "computed",
                    "model_id": self.env["ir.model"]._get("mail.mail").id,
                    "aggregate": "count",
                }
            )

    @freeze_time("2026-06-30 12:00:00")
    def test_records_of_another_company_do_not_count(self):
        criterion = self._email_criterion()
        account = self._account("Mailer")
        other = self.env["res.company"].create({"name": "KAM Mail Other"})
        elsewhere = self.env["res.partner"].create(
            {"name": "Partner of the other company", "company_id": other.id}
        )
        self._email(account, datetime(2026, 6, 1))
        # Posted by the account's contact on a document of another company.
        self._email(account, datetime(2026, 6, 2)).write(
            {"res_id": elsewhere.id, "record_company_id": other.id}
        )
        self._score(account)
        self.assertEqual(self._line(account, criterion).raw_value, 1)

    def test_criterion_with_judgements_is_archived_not_deleted(self):
        criterion = self._manual_criterion()
        account = self._account("Judged")
        self._score(account)
        self._line(account, criterion).manual_value = 70
        with self.assertRaisesRegex(UserError, "archive it instead"):
            criterion.unlink()
        with self.assertRaisesRegex(UserError, "history, judgements"):
            account.unlink()
        self.assertEqual(self._line(account, criterion).manual_value, 70)
        criterion.action_archive()
        self.assertFalse(criterion.active)
        # A judgement of 0 is a judgement too.
        zero = self._manual_criterion(name="Zero")
        self._score(account)
        self._line(account, zero).manual_value = 0
        with self.assertRaisesRegex(UserError, "archive it instead"):
            zero.unlink()
        unused = self._manual_criterion(name="Unused")
        unused.unlink()
        self.assertFalse(unused.exists())

    def test_tier_in_history_is_archived_not_deleted(self):
        tier = self.env["kam.tier"].create(
            {"name": "Top", "min_score": 10, "company_id": self.scoring_company.id}
        )
        criterion = self._manual_criterion()
        account = self._account("Tiered")
        self._score(account)
        self._line(account, criterion).manual_value = 50
        history = self.env["kam.score.history"].search(
            [("partner_id", "=", account.id)]
        )
        self.assertEqual(history.tier_id, tier)
        with self.assertRaisesRegex(UserError, "Tier Top is in use"):
            tier.unlink()
        tier.action_archive()
        self.assertEqual(history.tier_id, tier)

    def test_ready_made_criteria_say_what_they_need(self):
        wizard = self.env["kam.score.criterion.preset"].with_user(self.admin).create({})
        needed = "sale.order" not in self.env and "account.move" not in self.env
        self.assertEqual(wizard.available, not needed)
        if needed:
            with self.assertRaisesRegex(UserError, "need the Sales or Invoicing app"):
                wizard.action_confirm()
