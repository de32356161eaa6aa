"""The access log on the panel: read-only, for the state admin (their state) and
the national admin, filtered by user, child (name or child ID), date range and
action. Kept apart from the audit log (edits); nothing here can change it."""
import json

from flask_babel import gettext as _, lazy_gettext as _l
from flask_admin.contrib.sqla.filters import BaseSQLAFilter, FilterEqual
from markupsafe import Markup
from sqlalchemy import and_, false, or_, select

from access import roles
from admin_views.audit import TABLE_LABELS
from admin_views.base import ScopedModelView
from admin_views.labels import LABELS
from matching import fold_name
from models import CitizenReport, FoundReport, MissingReport, child_code
from models.access_log import ACCESS_ACTIONS, AccessLog
from models.children import Child

# Reports that name a child without a child profile: found by the name they hold.
_REPORTS = ((MissingReport, "missing_reports"), (FoundReport, "found_reports"),
            (CitizenReport, "citizen_reports"))


def _names_like(column, folded: str):
    """Every folded word begins a word of the folded name."""
    return and_(*[or_(column.like(f"{word}%"), column.like(f"% {word}%")) for word in folded.split()])


def child_clause(text: str):
    """Entries about a child given by child ID (any case, spaces, dashes) or by a
    name in any script: the child's profile, or a report naming the child."""
    text = (text or "").strip()
    if child_code.looks_like_code(text):
        return AccessLog.child_id.in_(select(Child.id).where(Child.child_code == child_code.clean(text)))
    folded = fold_name(text)
    if not folded:
        return false()
    clauses = [AccessLog.child_id.in_(select(Child.id).where(_names_like(Child.name_folded, folded)))]
    for model, table in _REPORTS:
        clauses.append(and_(AccessLog.table_name == table, AccessLog.record_id.in_(
            select(model.id).where(_names_like(model.child_name_folded, folded)))))
    return or_(*clauses)


class ChildFilter(BaseSQLAFilter):
    """Child (name or child ID)."""

    def __init__(self):
        super().__init__(AccessLog.child_id, _l("Child (name or child ID)"))

    def apply(self, query, value, alias=None):
        return query.filter(child_clause(value))

    def operation(self):
        return _l("is")


class AccessLogView(ScopedModelView):
    screen = "access_log"
    finds_by_child = False  # its own child filter: a child's name or ID, profiles and reports
    can_create = property(lambda self: False)
    can_edit = property(lambda self: False)
    column_labels = {**LABELS, "screen": _l("Page"), "table_name": _l("Records"),
                     "child": _l("Child ID"), "filters": _l("Filters"), "row_count": _l("Rows"),
                     "address": _l("Network address")}
    column_list = ("at", "username", "role", "action", "table_name", "record_id", "child",
                   "row_count", "filters", "address")
    column_details_list = ("at", "username", "role", "action", "screen", "table_name", "record_id",
                           "child", "row_count", "filters", "address")
    column_export_list = column_details_list
    column_searchable_list = ("username",)
    column_filters = ("username", ChildFilter(), "at",
                      FilterEqual(AccessLog.action, _l("Action"), options=ACCESS_ACTIONS))
    column_default_sort = ("at", True)
    column_choices = {"action": ACCESS_ACTIONS, "role": list(roles.ROLES)}

    @staticmethod
    def _show_records(view, context, model, name):
        table, _sep, part = (model.table_name or "").partition(":")
        if table == "summary":
            return _("Monthly summary")
        label = str(TABLE_LABELS.get(table, table))
        return _("%(records)s: rejected rows", records=label) if part == "rejects" else label

    @staticmethod
    def _show_child(view, context, model, name):
        return model.child.display_code if model.child is not None else ""

    @staticmethod
    def _show_filters(view, context, model, name):
        if not model.filters:
            return ""
        shown = "; ".join(f"{key}={value}" for key, value in json.loads(model.filters).items())
        return shown if context is None else Markup("<small>{}</small>").format(shown)

    @property
    def column_formatters(self):
        return {"table_name": self._show_records, "child": self._show_child,
                "filters": self._show_filters}
