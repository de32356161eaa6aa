"""What a form field made of a value, remembered for the next row with that value.

An import fills the view's create form once per row (`Importer._form`) and
validates it with the view's `validate_form`, as a person's POST is. Most
columns repeat a few values (gender, reason, age, district, empty cells, and
the twenty fields a file leaves out), and for most fields what WTForms does
with a value, `process` (parse, filters) and `validate` (the field's own
pre-check and its validators), depends on that value alone. For such fields
`remember(form)` wraps the field's own `process` and `validate`, so the second
row holding a value gets what the first row got (data, raw_data,
process_errors, errors) without running them again. The form's `validate`,
the view's `validate_form` and its checks across fields (`check_record`) still
run for every row, on every field's data.

A field is remembered only if nothing but its value can change the outcome:
its class derives from a plain WTForms field, and every validator and filter
on it is one of those listed below. A relation field (its choices are the
row's own), a file, or any other validator runs for every row. One caveat of
remembering: "not in the future" is judged once per value per import.
"""
from datetime import date, datetime, time
from decimal import Decimal

from sqlalchemy import inspect
from wtforms import fields as wtforms_fields
from wtforms import validators as wtforms_validators
from wtforms.utils import unset_value

from forms import validators
from forms.base import _strip_nul

PLAIN_FIELDS = (wtforms_fields.StringField, wtforms_fields.TextAreaField, wtforms_fields.IntegerField, wtforms_fields.DecimalField, wtforms_fields.FloatField,
                wtforms_fields.BooleanField, wtforms_fields.DateField, wtforms_fields.DateTimeField, wtforms_fields.SelectField)
NOT_PLAIN = (wtforms_fields.FileField,)
VALUE_ONLY_VALIDATORS = (wtforms_validators.Optional, wtforms_validators.InputRequired, wtforms_validators.DataRequired, wtforms_validators.Length,
                         wtforms_validators.NumberRange, wtforms_validators.AnyOf, wtforms_validators.NoneOf, wtforms_validators.Regexp)
VALUE_ONLY_FUNCTIONS = (validators.not_in_future, validators.plausible_date)
# Flask-Admin's "empty text is None" for nullable columns, and NUL stripping (forms/base.py).
VALUE_ONLY_FILTERS = ("AdminModelConverter._nullable_common.<locals>.<lambda>",
                      _strip_nul.__qualname__)
IMMUTABLE = (str, int, float, bool, type(None), date, datetime, time, Decimal)  # safe to share
_ABSENT = ("absent",)  # not posted at all (a field the file has no column for)
LIMIT = 20_000  # distinct values kept per field: names and dates would grow without end


def remember(form) -> list[str]:
    """Wrap the fields of this form instance whose outcome depends on their value
    only; the names of those fields."""
    names = []
    for name, field in form._fields.items():
        if _value_only(field):
            _Memo(field)
            names.append(name)
    return names


def populate_new(form, record) -> None:
    """`form.populate_obj(record)` for a record not yet saved, without setting
    None where nothing is set yet: on a new record an attribute left unset and
    one set to None are the same to the INSERT, its defaults, its listeners and
    the audit log, and a file leaves most of the form's thirty fields empty.
    Only plain fields (those `remember` wraps) are left out so; every other
    field populates as always."""
    state = inspect(record)
    given = state.dict
    columns = state.mapper.column_attrs
    for name, field in form._fields.items():
        if (field.data is None and getattr(field, "_memo", None) is not None
                and name in columns and name not in given):
            continue
        field.populate_obj(record, name)


def _value_only(field) -> bool:
    if not isinstance(field, PLAIN_FIELDS) or isinstance(field, NOT_PLAIN):
        return False
    for validator in field.validators:
        if not (isinstance(validator, VALUE_ONLY_VALIDATORS) or validator in VALUE_ONLY_FUNCTIONS):
            return False
    return all(getattr(f, "__qualname__", None) in VALUE_ONLY_FILTERS for f in field.filters)


class _Memo:
    """The outcomes of one field, by the list of values posted for it."""

    __slots__ = ("field", "key", "processed", "real_process", "real_validate", "validated")

    def __init__(self, field):
        self.field = field
        self.real_process, self.real_validate = field.process, field.validate
        self.processed: dict = {}
        self.validated: dict = {}
        self.key = None
        field.process = self.process
        field.validate = self.validate
        field._memo = self

    def process(self, formdata, data=unset_value, extra_filters=None):
        field = self.field
        if formdata is None or data is not unset_value or extra_filters:
            self.key = None
            return self.real_process(formdata, data, extra_filters)
        key = tuple(formdata.getlist(field.name)) if field.name in formdata else _ABSENT
        if key == self.key:
            return None  # as the previous row left it: only `process` changes these
        seen = self.processed.get(key)
        if seen is not None:
            field.data, raw_data, process_errors, field.object_data = seen
            field.raw_data, field.process_errors = list(raw_data), list(process_errors)
            self.key = key
            return None
        self.real_process(formdata, data, extra_filters)
        if len(self.processed) < LIMIT and _immutable(field.data) and _immutable(field.object_data):
            self.processed[key] = (field.data, tuple(field.raw_data),
                                   tuple(field.process_errors), field.object_data)
            self.key = key
        else:
            self.key = None
        return None

    def validate(self, form, extra_validators=()):
        field = self.field
        if self.key is None or extra_validators:
            return self.real_validate(form, extra_validators)
        errors = self.validated.get(self.key)
        if errors is None:
            valid = self.real_validate(form, extra_validators)
            self.validated[self.key] = tuple(field.errors)
            return valid
        field.errors = list(errors)
        return not errors


def _immutable(value) -> bool:
    return isinstance(value, IMMUTABLE)
