"""Case records that follow a child: CWC and JJB orders, the Individual Care
Plan and monthly progress."""
from flask import request
from flask_admin import expose
from display import show_month
from flask_babel import gettext as _, lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import select
from wtforms.fields import MonthField

from admin_views.base import ScopedModelView
from admin_views.child_links import child_cell, remember_readable_children
from admin_views.choices import as_choices
from admin_views.labels import LABELS, help_for
from extensions import db
from forms import validators
from models import ProgressEntry
from models import choices
from summaries import hearings

_CHILD_AJAX = {"child": ["name", "child_code"]}


def require_child(form):
    """Case records belong to a child; the ajax select does not insist on one."""
    if form.child.data is None and not form.child.errors:
        form.child.errors.append(_("Choose the child."))


class _OrderView(ScopedModelView):
    column_labels = LABELS
    column_descriptions = help_for("order")
    column_list = ("order_number", "order_type", "order_date", "next_hearing_date", "child",
                   "district")
    column_details_list = ("order_number", "order_type", "order_date", "next_hearing_date",
                           "complied_on", "child", "district", "notes", "archived_at",
                           "archive_reason")
    column_export_list = column_details_list
    column_searchable_list = ("order_number",)
    column_default_sort = ("order_date", True)
    column_filters = ("order_type", "order_date", "next_hearing_date")
    form_columns = ("child", "order_type", "order_number", "order_date", "next_hearing_date",
                    "complied_on", "notes")
    ajax_relations = _CHILD_AJAX
    form_args = {"order_date": {"validators": [validators.not_in_future]},
                 "next_hearing_date": {"validators": [validators.plausible_date]},
                 "complied_on": {"validators": [validators.not_in_future]}}

    def check_record(self, form):
        require_child(form)
        made, hearing = form.order_date.data, form.next_hearing_date.data
        if made and hearing and hearing < made:
            form.next_hearing_date.errors.append(_("The next hearing cannot be before the order."))
        complied = form.complied_on.data
        if made and complied and complied < made:
            form.complied_on.errors.append(_("The order cannot be complied with before it was made."))

    def set_jurisdiction(self, model, is_created):
        if is_created and model.child is not None:
            model.district = model.child.district

    # ---- hearings this week and overdue (summaries/hearings.py) -----------------
    hearings_title = ""

    @expose("/hearings/")
    def hearings_view(self):
        lists = []
        for kind, label in ((hearings.OVERDUE, _l("Overdue hearings")),
                            (hearings.THIS_WEEK, _l("Hearings this week"))):
            rows = hearings.listing(self.model, current_user, kind, limit=MAX_HEARINGS)
            lists.append((kind, label, rows, hearings.count(self.model, current_user, kind)))
        remember_readable_children(row.child_id for listed in lists for row in listed[2])
        return self.render("admin/hearings.html", lists=lists, title=self.hearings_title,
                           limit=MAX_HEARINGS, child_cell=child_cell, order_types=self.column_choices["order_type"])


MAX_HEARINGS = 500


class CwcOrderView(_OrderView):
    screen = "cwc_order"
    hearings_title = _l("Hearings before the Child Welfare Committee")
    column_choices = {"order_type": choices.CWC_ORDER_TYPES}
    form_choices = as_choices({"order_type": choices.CWC_ORDER_TYPES})


class JjbOrderView(_OrderView):
    screen = "jjb_order"
    hearings_title = _l("Hearings before the Juvenile Justice Board")
    column_choices = {"order_type": choices.JJB_ORDER_TYPES}
    form_choices = as_choices({"order_type": choices.JJB_ORDER_TYPES})


class CarePlanView(ScopedModelView):
    screen = "care_plan"
    column_labels = LABELS
    column_descriptions = help_for("care_plan")
    column_list = ("child", "prepared_on", "review_on")
    column_details_list = ("child", "prepared_on", "review_on", "education_plan", "health_plan",
                           "counselling_plan", "vocational_plan", "restoration_plan", "notes",
                           "archived_at", "archive_reason")
    column_export_list = column_details_list
    column_default_sort = ("prepared_on", True)
    column_filters = ("prepared_on", "review_on")
    form_columns = ("child", "prepared_on", "review_on", "education_plan", "health_plan",
                    "counselling_plan", "vocational_plan", "restoration_plan", "notes")
    ajax_relations = _CHILD_AJAX
    form_args = {"prepared_on": {"validators": [validators.not_in_future]},
                 "review_on": {"validators": [validators.plausible_date]}}

    def check_record(self, form):
        require_child(form)


class ProgressEntryView(ScopedModelView):
    screen = "progress_entry"
    column_labels = LABELS
    column_descriptions = help_for("progress_entry")
    column_list = ("child", "month")
    column_details_list = ("child", "month", "education", "health", "counselling", "vocational",
                           "notes", "archived_at", "archive_reason")
    column_export_list = column_details_list
    column_default_sort = ("month", True)
    column_filters = ("month",)
    # A month, named in the page's language ("November 2026"); files keep 11-2026.
    column_formatters = {"month": lambda v, c, m, n: (
        show_month(m.month) if c is not None else f"{m.month:%m-%Y}")}
    form_columns = ("child", "month", "education", "health", "counselling", "vocational", "notes")
    ajax_relations = _CHILD_AJAX
    # The month is picked as a month (<input type="month">), not as a day of it;
    # a full date, as scripts and older forms send, is still read.
    form_overrides = {"month": MonthField}
    form_args = {"month": {"validators": [validators.not_in_future],
                           "format": ["%Y-%m", "%Y-%m-%d"]}}

    def check_record(self, form):
        require_child(form)
        if form.child.data is None or form.month.data is None:
            return
        month = form.month.data.replace(day=1)
        clash = db.session.scalar(select(ProgressEntry.id).where(
            ProgressEntry.child_id == form.child.data.id, ProgressEntry.month == month))
        editing_id = request.args.get("id", type=int) if request.endpoint.endswith("edit_view") else None
        if clash is not None and clash != editing_id:
            form.month.errors.append(_("This child already has an entry for this month: edit that one."))

    def set_jurisdiction(self, model, is_created):
        model.month = model.month.replace(day=1)
