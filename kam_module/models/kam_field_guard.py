# Copyright 2026 KAM Module Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, models, tools
from odoo.exceptions import AccessError, UserError

MODULE = "kam_module"


class KamFieldGuard(models.AbstractModel):
    """The fields that Key Account Management keeps, and nobody writes.

    Derived, not listed: every field this module defines on the model that
    is computed or related (unless editable, ``readonly=False``), or declared
    ``readonly``, plus the workflow fields a model names. What a model lets
    users write among them anyway is named in ``_kam_user_fields``.

    Refused to users at ``write`` (a changed value, whatever the path: RPC,
    forms, one2many commands of a parent) and at ``create`` (values, ``copy``
    defaults); context and saved defaults of these fields are ignored. The
    superuser (jobs, workflow actions after their own checks) writes them.
    """

    _name = "kam.field.guard"
    _description = "Fields Kept by Key Account Management"

    # Changed by a workflow or a job although not readonly in the form.
    _kam_workflow_fields = frozenset()
    # Computed or readonly fields that users may nevertheless write.
    _kam_user_fields = frozenset()

    @api.model
    @tools.ormcache()
    def _kam_guarded_fields(self):
        return frozenset(
            name
            for name, field in self._fields.items()
            if MODULE in (field._modules or ())
            and (
                name in self._kam_workflow_fields
                or field.readonly
                or (field.compute and field.store)
            )
            and name not in self._kam_user_fields
        )

    @api.model
    def default_get(self, fields_list):
        """A computed guarded field takes no default: its computation decides
        (a parent's context may carry one). Another one keeps its
        definition's default: a context or saved default is refused."""
        defaults = super().default_get(fields_list)
        if self.env.su:
            return defaults
        forged = set()
        for name in self._kam_guarded_fields() & defaults.keys():
            if self._fields[name].compute:
                del defaults[name]
            elif self._kam_is_set(name, defaults[name]):
                forged.add(name)
        self._kam_refuse_guarded(forged)
        return defaults

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su:
            self._kam_refuse_guarded(
                {
                    name
                    for vals in vals_list
                    for name in self._kam_guarded_fields() & vals.keys()
                    if self._kam_is_set(name, vals[name])
                }
            )
        return super().create(vals_list)

    @api.model
    def _kam_is_set(self, name, value):
        """Whether ``value`` differs from the field's own default: forms send
        the defaults back."""
        field = self._fields[name]
        default = field.default(self) if field.default else False
        return field.convert_to_cache(value, self) != field.convert_to_cache(
            default, self
        )

    def write(self, vals):
        if not self.env.su:
            self._kam_check_write(vals)
        return super().write(vals)

    def _kam_check_write(self, vals):
        """Refuse what the current user may not write (not the superuser)."""
        self._kam_refuse_guarded(self._kam_changed(vals))

    def _kam_changed(self, vals, names=None):
        """The guarded fields (or ``names``) that ``vals`` would change on
        these records: forms send unchanged values back."""
        changed = set()
        for name in (
            self._kam_guarded_fields() if names is None else names
        ) & vals.keys():
            field = self._fields[name]
            if field.type.endswith("2many") or any(
                field.convert_to_cache(vals[name], record)
                != field.convert_to_cache(record[name], record)
                for record in self.sudo()
            ):
                changed.add(name)
        return changed

    def _kam_refuse_guarded(self, names):
        if not names:
            return
        raise AccessError(
            self.env._(
                "%(model)s: %(fields)s are kept by Key Account Management "
                "(computed, or changed by its workflow and jobs only): nobody "
                "writes them. %(hint)s",
                model=self._description,
                fields=", ".join(
                    sorted(
                        self._fields[name]._description_string(self.env)
                        for name in names
                    )
                ),
                hint=self._kam_guard_hint(names),
            )
        )

    def _kam_guard_hint(self, names):
        """What to do instead of writing the guarded ``names``."""
        return ""

    def _kam_check_source_state(self, field_name, from_states, action_name):
        """The state guard of every workflow action: each record is in one of
        ``from_states`` of its field ``field_name``."""
        labels = dict(self._fields[field_name]._description_selection(self.env))
        for record in self:
            if record[field_name] not in from_states:
                raise UserError(
                    self.env._(
                        "Cannot %(action)s %(document)s: it is %(state)s, expected "
                        "%(expected)s.",
                        action=action_name,
                        document=record.display_name,
                        state=labels[record[field_name]].lower(),
                        expected=" or ".join(labels[s].lower() for s in from_states),
                    )
                )
