"""The audit log, read-only, scoped like the records it describes."""
import json
import re
from datetime import date, datetime
from functools import cache

from flask import current_app
from display import show_date, show_datetime
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from markupsafe import Markup

from access import roles
from access.roles import role_label
from admin_views.base import ScopedModelView
from admin_views.labels import LABELS
from extensions import db
from models import Base, District, Institution, PoliceUnit, State, choices
from models.placements import EXIT_KINDS

# What each table is called on screen.
TABLE_LABELS = {
    "children": _l("Children"), "missing_reports": _l("Missing children"),
    "found_reports": _l("Found children"), "police_reports": _l("Police records"),
    "cwc_orders": _l("CWC orders"), "jjb_orders": _l("JJB orders"), "transfers": _l("Transfers"),
    "care_plans": _l("Individual Care Plans"), "progress_entries": _l("Monthly progress"),
    "institutions": _l("Institutions"), "police_units": _l("Police units"),
    "districts": _l("Districts"), "states": _l("States"), "users": _l("Accounts"),
    "matches": _l("Possible matches"), "pet_names": _l("Pet names"),
    "placements": _l("Stays in institutions"), "citizen_reports": _l("Citizens' reports"),
}
# Derived search columns are machinery, not changes a person made.
_HIDDEN_SUFFIXES = ("_folded", "_key")


@cache
def _sensitive_fields_by_table():
    """Built once: the models do not change while the app runs."""
    return {getattr(m.class_, "__tablename__", ""): frozenset(getattr(m.class_, "sensitive_fields", ()))
            for m in Base.registry.mappers}


# Ids of reference records are shown by name (names of places and units are not
# confidential); ids of children and reports stay numbers.
_REFERENCE_OF_FIELD = {"district_id": District, "state_id": State, "police_unit_id": PoliceUnit,
                       "institution_id": Institution, "from_institution_id": Institution,
                       "to_institution_id": Institution, "placed_institution_id": Institution}
_ISO_DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}")
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


# Codes kept on tables without a screen of their own (stays) or whose screens
# show them otherwise: labels by column, and by table where a column's codes differ.
_CODES = {"gender": choices.GENDERS, "category": choices.CHILD_CATEGORIES,
          "sub_category": choices.SUBCATEGORIES, "kind": choices.POLICE_RECORD_KINDS,
          "exit_kind": EXIT_KINDS, "reason": choices.MISSING_REASONS,
          "runaway_reason": choices.RUNAWAY_REASONS, "build": choices.BUILDS,
          "complexion": choices.COMPLEXIONS}
_CODES_OF_TABLE = {
    ("children", "status"): choices.CHILD_STATUSES, ("transfers", "status"): choices.TRANSFER_STATUSES,
    ("missing_reports", "status"): choices.MISSING_STATUSES,
    ("found_reports", "status"): choices.FOUND_STATUSES,
    ("matches", "status"): choices.MATCH_STATUSES,
    ("cwc_orders", "order_type"): choices.CWC_ORDER_TYPES,
    ("jjb_orders", "order_type"): choices.JJB_ORDER_TYPES,
}


def _value_labels(table: str) -> dict:
    """field -> {code: label} for a table: the record screens' own choices (one
    source with the lists and forms), the codes above, accounts' roles and every
    language field. Built once per table and app: the labels are lazy, so one
    table serves every language."""
    cache = current_app.extensions.setdefault("balsetu_audit_labels", {})
    if table not in cache:
        fields = {column: dict(pairs) for column, pairs in _CODES.items()}
        fields.update({column: dict(pairs) for (name, column), pairs in _CODES_OF_TABLE.items()
                       if name == table})
        for view in current_app.extensions["admin"][0]._views:
            model = getattr(view, "model", None)
            if model is not None and model.__tablename__ == table:
                fields.update({f: dict(pairs) for f, pairs in (view.column_choices or {}).items()})
        if table == "users":
            fields["role"] = {code: role_label(code) for code in roles.ALL_ROLES}
        fields.setdefault("language", current_app.config["LANGUAGES"])
        cache[table] = fields
    return cache[table]


def _shown(table, field, value):
    """A value as a person reads it: labels, not codes; dates day first in India
    time; places and units by name."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    named = _value_labels(table).get(field)
    if named is not None and value in named:
        return named[value]
    reference = _REFERENCE_OF_FIELD.get(field)
    if reference is not None and isinstance(value, int):
        record = db.session.get(reference, value)
        return str(record) if record is not None else value
    if isinstance(value, str) and _ISO_DATETIME.match(value):
        try:
            return show_datetime(datetime.fromisoformat(value))
        except ValueError:
            return value
    if isinstance(value, str) and _ISO_DATE.match(value):
        try:
            return show_date(date.fromisoformat(value))
        except ValueError:
            return value
    return value


def visible_changes(entry) -> dict:
    """An audit entry's changes as a person may see them: machinery columns left
    out, sensitive values masked for roles that do not see them (also the case
    file's history, admin_views/case_file.py)."""
    sensitive = _sensitive_fields_by_table().get(entry.table_name, frozenset())
    masked = current_user.role not in roles.CASE_ROLES
    out = {}
    for field, (old, new) in entry.change_dict.items():
        if field.endswith(_HIDDEN_SUFFIXES):
            continue
        if masked and field in sensitive:
            old = new = _("restricted")
        out[field] = (_shown(entry.table_name, field, old), _shown(entry.table_name, field, new))
    return out


class AuditLogView(ScopedModelView):
    screen = "audit_log"
    can_create = property(lambda self: False)
    can_edit = property(lambda self: False)
    column_labels = LABELS
    column_list = ("at", "username", "action", "table_name", "record_id", "changes")
    column_details_list = column_list
    column_export_list = column_list
    column_searchable_list = ("username", "table_name")
    column_filters = ("at", "action", "table_name", "record_id", "username")
    column_default_sort = ("at", True)
    column_choices = {"action": choices.AUDIT_ACTIONS, "table_name": list(TABLE_LABELS.items())}

    def _changes(self, view, context, model, name):
        changes = visible_changes(model)
        if context is None:  # export: plain JSON
            return json.dumps({f: [str(o), str(n)] for f, (o, n) in changes.items()},
                              ensure_ascii=False)
        rows = [Markup("<li><b>{}</b>: {} → {}</li>").format(LABELS.get(f, f), o, n)
                for f, (o, n) in changes.items()]
        return Markup("<ul class='mb-0'>") + Markup("").join(rows) + Markup("</ul>")

    @property
    def column_formatters(self):
        return {"changes": self._changes}
