"""The audit log, read-only, scoped like the records it describes."""
import json

from markupsafe import Markup, escape

from access import roles as R
from admin_views.base import ScopedModelView
from admin_views.labels import LABELS
from flask_babel import gettext as _
from flask_login import current_user
from models import Base


def _sensitive_fields_by_table():
    out = {}
    for mapper in Base.registry.mappers:
        cls = mapper.class_
        out[getattr(cls, "__tablename__", "")] = set(getattr(cls, "sensitive_fields", ()))
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

    def _changes(self, view, context, model, name):
        sensitive = _sensitive_fields_by_table().get(model.table_name, set())
        hidden = current_user.role not in R.CASE_ROLES
        rows = []
        for field, (old, new) in model.change_dict.items():
            if hidden and field in sensitive:
                old = new = _("restricted")
            label = LABELS.get(field, field)
            rows.append(Markup("<li><b>{}</b>: {} → {}</li>").format(
                label, "" if old is None else old, "" if new is None else new))
        if context is None:  # export: plain text
            return json.dumps(model.change_dict, ensure_ascii=False) if not hidden else ""
        return Markup("<ul class='mb-0'>") + Markup("").join(rows) + Markup("</ul>")

    @property
    def column_formatters(self):
        return {"changes": self._changes}
