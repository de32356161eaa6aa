"""The audit log, read-only, scoped like the records it describes."""
import json
from functools import cache

from flask_babel import gettext as _, lazy_gettext as _l
from flask_login import current_user
from markupsafe import Markup

from access import roles
from admin_views.base import ScopedModelView
from admin_views.labels import LABELS
from models import Base
from models import choices
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


def _shown(value):
    if value is None:
        return ""
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
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
        out[field] = (_shown(old), _shown(new))
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
