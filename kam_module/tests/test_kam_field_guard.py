# Copyright 2026 KAM Module Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import Command, fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import KamReviewCommon

MUTED = ("odoo.addons.base.models.ir_model", "odoo.addons.base.models.ir_rule")
GUARD = "kept by Key Account Management"


@tagged("post_install", "-at_install")
class TestKamFieldGuard(KamReviewCommon):
    """Every field that Key Account Management keeps, on every KAM model and
    the partner's KAM part, tried by every role through every way in."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._action(cls.plan, cls.member)
        cls.env["kam.plan.swot"].create({"plan_id": cls.plan.id, "name": "Reliable"})
        cls.env["kam.plan.competitor"].create({"plan_id": cls.plan.id, "name": "Rival"})
        cls.env["kam.plan.opportunity"].create({"plan_id": cls.plan.id, "name": "Site"})
        cls.env["kam.plan.objective.history"]._kam_store(
            [(cls.plan.objective_ids[:1].id, cls.plan.id, fields.Date.today(), 42.0)]
        )
        cls.contact.parent_id = cls.account
        cls.env["kam.stakeholder"].create(
            {"partner_id": cls.account.id, "contact_id": cls.contact.id}
        )
        other_company = cls.env["res.company"].create({"name": "Guard Other Co"})
        cls.foreign_head = cls._kam_user(
            "kam_foreign_head", "kam_module.group_kam_head", company=other_company
        )
        # Every role, a portal user and a Head of another company; the most
        # privileged (a KAM Administrator) last.
        cls.roles = (
            cls.portal,
            cls.rep,
            cls.member,
            cls.manager,
            cls.head,
            cls.foreign_head,
            cls.admin,
        )

    def _guarded_models(self):
        names = self.env.registry.descendants(["kam.field.guard"], "_inherit")
        return [
            self.env[name] for name in sorted(names) if not self.env[name]._abstract
        ]

    def _sample(self, model):
        if model._name == "res.partner":
            return self.account
        if model._name in ("kam.plan", "kam.plan.action", "kam.plan.objective"):
            return model.search([("partner_id", "=", self.account.id)], limit=1)
        return model.search([], limit=1)

    def _forged(self, model, name, avoid):
        """A value of field ``name`` other than ``avoid``."""
        field = model._fields[name]
        if field.type in ("many2one", "one2many", "many2many"):
            other = self.env[field.comodel_name].search(
                [("id", "not in", avoid.ids if avoid else [])], limit=1
            )
            return other.id if field.type == "many2one" else [Command.set(other.ids)]
        if field.type == "selection":
            values = [v for v, _label in field._description_selection(self.env)]
            return next(v for v in values if v != avoid)
        return {
            "boolean": lambda: not avoid,
            "integer": lambda: (avoid or 0) + 7,
            "float": lambda: (avoid or 0) + 7,
            "monetary": lambda: (avoid or 0) + 7,
            "date": lambda: "2031-01-01",
            "datetime": lambda: "2031-01-01 00:00:00",
        }.get(field.type, lambda: "forged")()

    def _default(self, model, name):
        field = model._fields[name]
        default = field.default(model) if field.default else False
        return field.convert_to_record(field.convert_to_cache(default, model), model)

    def test_every_kam_model_is_guarded(self):
        guarded = {model._name for model in self._guarded_models()}
        kam_models = {
            name
            for name, model in self.env.items()
            if name.startswith("kam.") and not model._abstract and not model._transient
        }
        self.assertEqual(kam_models - guarded, set())
        self.assertIn("res.partner", guarded)

    def test_the_allow_list(self):
        """What users write although it is computed or readonly, in one
        place: each model's ``_kam_user_fields``."""
        allowed = {
            model._name: set(model._kam_user_fields)
            for model in self._guarded_models()
            if model._kam_user_fields
        }
        self.assertEqual(
            allowed,
            {
                "kam.review": {"name", "plan_id"},
                "kam.team.member": {
                    "membership",
                    "plan_access",
                    "stakeholder_access",
                    "review_access",
                    "score_access",
                },
            },
        )
        for name, names in allowed.items():
            for field_name in names:
                field = self.env[name]._fields[field_name]
                # A computed proposal the user may change; nothing else.
                self.assertTrue(field.compute and field.store and not field.readonly)

    def test_the_guarded_fields_are_derived(self):
        Partner = self.env["res.partner"]
        partner_fields = Partner._kam_guarded_fields()
        for name in (
            "kam_state",
            "is_key_account",
            "kam_health",
            "kam_health_reasons",
            "kam_next_review_date",
            "kam_gap_no_decision_maker",
            "kam_gap_count",
            "kam_score",
            "kam_rank",
            "kam_nominated_by_id",
            "kam_prior_state",
            "kam_account_state",
        ):
            self.assertIn(name, partner_fields)
        # Only the partner's KAM part: Odoo's own fields are not ours to guard.
        self.assertNotIn("commercial_partner_id", partner_fields)
        self.assertNotIn("kam_relationship_stage", partner_fields)
        stakeholder = self.env["kam.stakeholder"]._kam_guarded_fields()
        self.assertLessEqual(
            {"last_contact_date", "contact_active", "strength_gap", "company_id"},
            stakeholder,
        )
        self.assertIn("content_date", self.Plan._kam_guarded_fields())
        self.assertIn("partner_id", self.env["kam.plan.swot"]._kam_guarded_fields())

    @mute_logger(*MUTED)
    def test_every_guarded_field_is_refused_to_every_role(self):
        let_through = []
        for model in self._guarded_models():
            record = self._sample(model)
            self.assertTrue(record, f"no {model._name} to try")
            for name in sorted(model._kam_guarded_fields()):
                before = record[name]
                new = self._forged(model, name, self._default(model, name))
                for user in self.roles:
                    # What the user's own computation gives (some depend on
                    # who reads), changed.
                    value = self._forged(
                        model, name, record.with_user(user).sudo()[name]
                    )
                    calls = {
                        "write": lambda r=record, u=user, n=name, v=value: r.with_user(
                            u
                        ).write({n: v}),
                        "create": lambda m=model, u=user, n=name, v=new: m.with_user(
                            u
                        ).create({n: v}),
                        "copy": lambda r=record, u=user, n=name, v=new: r.with_user(
                            u
                        ).copy({n: v}),
                    }
                    for way, call in calls.items():
                        if not self._refused(call, UserError):
                            let_through.append((model._name, name, user.login, way))
                self.assertEqual(record[name], before)
                # The top role passes every group and rule: the guard itself
                # refuses.
                if not self._refused(
                    lambda r=record, n=name, v=value: r.with_user(self.admin).write(
                        {n: v}
                    ),
                    AccessError,
                    GUARD,
                ):
                    let_through.append((model._name, name, "guard", "write"))
        self.maxDiff = None
        self.assertEqual(let_through, [])

    def _refused(self, call, error, message=""):
        try:
            with self.env.cr.savepoint():
                call()
        except error as refusal:
            return message in str(refusal)
        return False

    @mute_logger(*MUTED)
    def test_context_defaults_never_set_a_guarded_field(self):
        for model in self._guarded_models():
            for name in sorted(model._kam_guarded_fields()):
                forged = self._forged(model, name, self._default(model, name))
                for user in self.roles:
                    Model = model.with_user(user).with_context(
                        **{f"default_{name}": forged}
                    )
                    with self.subTest(model=model._name, field=name, user=user.login):
                        try:
                            defaults = Model.default_get([name])
                        except AccessError as error:
                            self.assertIn(GUARD, str(error))
                            continue
                        self.assertFalse(
                            model._kam_is_set(name, defaults.get(name, False))
                        )

    @mute_logger(*MUTED)
    def test_one2many_commands_of_the_partner_and_the_plan(self):
        parents = (self.account, self.plan, self.review)
        for parent in parents:
            for o2m_name, o2m in parent._fields.items():
                if o2m.type != "one2many" or not o2m.comodel_name.startswith("kam."):
                    continue
                lines = parent.sudo()[o2m_name]
                if not lines:
                    continue
                line = lines[0]
                for name in sorted(line._kam_guarded_fields()):
                    for command in (
                        Command.update(
                            line.id,
                            {
                                name: self._forged(
                                    line, name, line.with_user(self.admin).sudo()[name]
                                )
                            },
                        ),
                        Command.create(
                            {name: self._forged(line, name, self._default(line, name))}
                        ),
                    ):
                        with (
                            self.subTest(parent=parent._name, o2m=o2m_name, field=name),
                            self.assertRaises(UserError),
                            self.env.cr.savepoint(),
                        ):
                            parent.with_user(self.admin).write({o2m_name: [command]})

    @mute_logger(*MUTED)
    def test_forgeries_found_by_the_probe(self):
        """The calls of the JSON-RPC probe (issue: Solid, clean and
        printable), each refused."""
        other_plan = self._plan(self.other_account)
        gaps = self.account.kam_gap_count
        calls = [
            (self.rep, self.account, {"kam_gap_count": gaps + 1}),
            (
                self.rep,
                self.account,
                {"kam_health": "green" if self.account.kam_health == "red" else "red"},
            ),
            (self.member, self.account, {"kam_health_reasons": "Forged"}),
            (self.member, self.account, {"kam_next_review_date": "2030-01-01"}),
            (
                self.head,
                self.account,
                {"kam_gap_stale_contact": not self.account.kam_gap_stale_contact},
            ),
            (
                self.manager,
                self.account.kam_stakeholder_ids,
                {"last_contact_date": "2026-01-01", "contact_active": False},
            ),
            (self.manager, self.account.kam_stakeholder_ids, {"strength_gap": 3}),
            (
                self.manager,
                self.plan.objective_ids,
                {"partner_id": self.other_account.id},
            ),
            (
                self.manager,
                self.plan.action_ids,
                {"partner_id": other_plan.partner_id.id},
            ),
        ]
        let_through = [
            (user.login, vals)
            for user, record, vals in calls
            if not self._refused(
                lambda r=record, u=user, v=vals: r.with_user(u).write(v), AccessError
            )
        ]
        self.assertEqual(let_through, [])
        with self.assertRaisesRegex(AccessError, GUARD):
            self.Plan.with_user(self.manager).create(
                {
                    "name": "Backdated",
                    "partner_id": self.account.id,
                    "content_date": "2020-01-01 00:00:00",
                }
            )
        with self.assertRaisesRegex(AccessError, GUARD):
            self.env["res.partner"].with_user(self.head).create(
                {"name": "Made critical", "is_company": True, "kam_health": "red"}
            )
        self.assertEqual(self.plan.objective_ids.partner_id, self.account)
