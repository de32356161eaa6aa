"""The moderation queue of citizens' reports (public/): the DCPU and the police of
the district a report names read it, then accept or reject it. State and national
roles read the queue of their jurisdiction.

Accepting opens the ordinary missing- or found-report create form, filled in from
the citizen's report (`?citizen_report=ID`), so the officer corrects what needs
correcting; saving it creates the report, runs matching like any report typed
by hand (admin_views/reports.py), and marks the citizen's report accepted with a
link to it, in one transaction. Rejecting keeps the report, with the reason the
sender will see. Citizens' reports are never created or edited in the panel."""
from flask import abort, current_app, flash, redirect, request, url_for
from flask_admin import expose
from flask_admin.babel import gettext as admin_gettext
from flask_admin.contrib.sqla.filters import BaseSQLAFilter
from display import show_date
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from markupsafe import Markup
from sqlalchemy import select
from sqlalchemy.orm.exc import StaleDataError
from wtforms import SelectField, TextAreaField
from wtforms.validators import InputRequired, Length, Optional, ValidationError

from access.rights import MODERATE, can
from access.scope import write_clause
from admin_views.base import ScopedModelView, record_id
from admin_views.choices import scoped_filter
from admin_views.labels import LABELS
from extensions import db
from forms.base import BaseForm
from models import CitizenReport, District, FoundReport, MissingReport
from models import choices
from models.base import utcnow
from models.citizen import OTHER_REASON, REJECT_REASONS, clean_reference

KIND_CHOICES = (("missing", _l("My child is missing")), ("seen", _l("I have seen a child")))
STATUS_CHOICES = (("received", _l("Waiting for a decision")), ("accepted", _l("Accepted")),
                  ("rejected", _l("Rejected")))
# The report each kind of citizen's report becomes, and its panel screen.
REPORT_OF = {"missing": (MissingReport, "missing_report"), "seen": (FoundReport, "found_report")}
ALREADY_DECIDED = _l("This citizen's report was already accepted or rejected: nothing was saved.")


class StatusFilter(BaseSQLAFilter):
    """The queue opens on the reports waiting for a decision; the filter shows the
    others (or all)."""

    DEFAULT = "received"

    def __init__(self, column):
        super().__init__(column, _l("Status"), options=STATUS_CHOICES + (("all", _l("All")),))

    def validate(self, value):
        return value in {code for code, _label in self.options}

    def apply(self, query, value, alias=None):
        return query if value == "all" else query.filter(self.column == value)

    def operation(self):
        return _l("is")


class RejectForm(BaseForm):
    """A standard reason, which the sender reads in their own language with what to do
    next (models/citizen.REJECT_REASONS), and a note, needed with "another reason"."""

    reason_code = SelectField(
        _l("Reason for rejecting"),
        choices=[("", _l("Choose a reason"))] + [(code, label) for code, label, _next in REJECT_REASONS],
        validators=[InputRequired(message=_l("Choose a reason."))],
        description=_l("The person who sent the report sees this reason in their own language, "
                       "with what they can do next."))
    reason = TextAreaField(_l("Note for the person who sent the report (optional)"),
                           validators=[Optional(), Length(max=500)],
                           description=_l("Shown as you write it, with the reason. Needed with "
                                          "“Another reason”."))

    def validate_reason_code(self, field):
        if field.data and field.data not in {code for code, _label, _next in REJECT_REASONS}:
            raise ValidationError(_("Not a valid choice."))

    def validate(self, extra_validators=None):
        valid = super().validate(extra_validators)
        # The note is optional (Optional() ends its checks when empty), except with "other".
        if self.reason_code.data == OTHER_REASON and not (self.reason.data or "").strip():
            self.reason.errors = [*self.reason.errors,
                                  _("Write the reason for the person who sent the report.")]
            return False
        return valid


class CitizenReportView(ScopedModelView):
    screen = "citizen_report"
    column_labels = LABELS
    column_list = ("reference", "kind", "child_name", "gender", "age_years", "district",
                   "submitted_at", "status")
    column_details_list = ("reference", "kind", "status", "reject_reason_code", "reject_reason", "decided_by",
                           "decided_at", "missing_report", "found_report", "district",
                           "child_name", "father_name", "mother_name", "gender", "age_years",
                           "height_cm", "build", "complexion", "clothes", "identification_marks",
                           "languages", "place", "event_at", "description", "publish_consent",
                           "reporter_name", "reporter_relation", "reporter_phone",
                           "declaration_accepted", "language", "submitted_at")
    column_choices = {"kind": KIND_CHOICES, "status": STATUS_CHOICES, "gender": choices.GENDERS,
                      "reject_reason_code": [(code, label) for code, label, _next in REJECT_REASONS],
                      "build": choices.BUILDS, "complexion": choices.COMPLEXIONS}
    column_searchable_list = ("child_name", "reference")
    folded_search_columns = ("child_name_folded",)
    column_sortable_list = ("submitted_at", "child_name", "status")
    column_default_sort = [("submitted_at", True), ("id", True)]
    list_template = "admin/moderation/list.html"
    details_template = "admin/moderation/details.html"

    @property
    def column_filters(self):
        return (StatusFilter(CitizenReport.status),
                scoped_filter(CitizenReport.district_id, _l("District"), District),
                "kind", "submitted_at")

    @property
    def column_formatters(self):
        return {"reference": lambda v, c, m, n: m.display_reference,
                "missing_report": self._report_link, "found_report": self._report_link,
                "build": lambda v, c, m, n: choices.label_of(choices.BUILDS, m.build),
                "complexion": lambda v, c, m, n: choices.label_of(choices.COMPLEXIONS, m.complexion),
                # A citizen who did not know the district: the state's DCPUs read it.
                "district": lambda v, c, m, n: str(m.district) if m.district is not None else _(
                    "Not known (%(state)s): any DCPU of the state may take it", state=m.state.name),
                # The citizen gives a day, not a time.
                "event_at": lambda v, c, m, n: show_date(m.event_at) if m.event_at else "",
                "language": lambda v, c, m, n: current_app.config["LANGUAGES"].get(m.language, m.language or "")}

    @staticmethod
    def _report_link(view, context, model, name):
        report = getattr(model, name)
        if report is None:
            return ""
        if context is None:
            return str(report)
        return Markup('<a href="{}">{}</a>').format(
            url_for(f"{name}.details_view", id=report.id), report)

    # ---- the queue: waiting reports first, unless a status is chosen -----------------
    def get_list(self, page, sort_column, sort_desc, search, filters, execute=True, page_size=None):
        filters = list(filters or [])
        status_index = next(i for i, f in enumerate(self._filters) if isinstance(f, StatusFilter))
        if not any(idx == status_index for idx, _n, _v in filters):
            filters.append((status_index, "status", StatusFilter.DEFAULT))
        return super().get_list(page, sort_column, sort_desc, search, filters,
                                execute=execute, page_size=page_size)

    def status_filter_url(self, status):
        index = next(i for i, f in enumerate(self._filters) if isinstance(f, StatusFilter))
        return self.get_url(".index_view", **{
            f"flt0_{self.get_filter_arg(index, self._filters[index])}": status})

    def _apply_search(self, query, count_query, joins, count_joins, search):
        code = clean_reference(search)
        if code is not None:  # a reference as the sender reads it out: CR-7K3M-9Q2P-XR
            clause = CitizenReport.reference == code
            return (query.filter(clause), count_query.filter(clause) if count_query is not None
                    else None, joins, count_joins)
        return super()._apply_search(query, count_query, joins, count_joins, search)

    # ---- deciding ---------------------------------------------------------------------
    def can_moderate(self, row) -> bool:
        return (self._right(MODERATE) and row.status == "received" and self.row_writable(row))

    def accept_url(self, row) -> str:
        _model, endpoint = REPORT_OF[row.kind]
        return url_for(f"{endpoint}.create_view", citizen_report=row.id,
                       url=self.get_url(".index_view"))

    @expose("/reject/", methods=("GET", "POST"))
    def reject_view(self):
        if not self._right(MODERATE):
            abort(403)
        row = _moderated(request.args.get("id"))
        if row is None:
            flash(admin_gettext("Record does not exist."), "error")
            return redirect(self.get_url(".index_view"))
        details = self.get_url(".details_view", id=row.id)
        if row.status != "received":
            flash(str(ALREADY_DECIDED), "error")
            return redirect(details)
        form = RejectForm()
        if form.validate_on_submit():
            row.status, row.reject_reason_code = "rejected", form.reason_code.data
            row.reject_reason = (form.reason.data or "").strip() or None
            row.decided_by_id, row.decided_at = current_user.id, utcnow()
            try:
                db.session.commit()
            except StaleDataError:  # someone decided it a moment ago
                db.session.rollback()
                flash(str(ALREADY_DECIDED), "error")
                return redirect(details)
            flash(_("The citizen's report %(reference)s was rejected. The person who sent it "
                    "sees the reason.", reference=row.display_reference), "success")
            return redirect(self.get_url(".index_view"))
        return self.render("admin/moderation/reject.html", form=form, record=row,
                           return_url=details, reasons=REJECT_REASONS)


def _moderated(raw_id, kind=None) -> CitizenReport | None:
    """A citizen's report this user may accept or reject, or None: unknown, out of
    scope and "not yours to decide" look the same."""
    pk = record_id(raw_id)
    if pk is None or not can(current_user.role, "citizen_report", MODERATE):
        return None
    query = select(CitizenReport).where(CitizenReport.id == pk,
                                        write_clause(current_user, CitizenReport))
    if kind is not None:
        query = query.where(CitizenReport.kind == kind)
    return db.session.scalar(query)


# ---- accepting: used by the missing and found report screens (admin_views/reports.py)
def submission_being_accepted(kind: str) -> CitizenReport | None:
    """The citizen's report a create form was opened to accept (`?citizen_report=ID`),
    or None when the form was opened plainly. A report the user may not accept
    answers 404, like one that does not exist; one already decided goes back to it."""
    raw = request.args.get("citizen_report")
    if raw is None:
        return None
    row = _moderated(raw, kind)
    if row is None:
        abort(404)
    if row.status != "received":
        flash(str(ALREADY_DECIDED), "error")
        abort(redirect(url_for("citizen_report.details_view", id=row.id)))
    return row


def report_from_submission(model, row: CitizenReport):
    """A new, unsaved missing or found report holding what the citizen wrote, to
    fill in the create form. It is never added to the session."""
    common = {"child_name": row.child_name, "father_name": row.father_name,
              "mother_name": row.mother_name, "gender": row.gender, "height_cm": row.height_cm,
              "build": row.build, "complexion": row.complexion, "clothes": row.clothes,
              "identification_marks": row.identification_marks, "languages": row.languages,
              "district": row.district}
    if model is MissingReport:
        return MissingReport(
            **common, age_years=row.age_years, description=row.description,
            place_missing=row.place, missing_at=row.event_at, reason="unknown",
            guardian_name=row.reporter_name, guardian_relation=row.reporter_relation,
            guardian_phone=row.reporter_phone, reported_by_name=row.reporter_name,
            reported_by_phone=row.reporter_phone, publish_consent=row.publish_consent,
            status="open")
    return FoundReport(
        **common, estimated_age_years=row.age_years, found_at=row.event_at,
        place_found=row.place, found_by=row.reporter_name, finder_contact=row.reporter_phone,
        circumstances=row.description, status="open", can_speak=True, can_hear=True)


def prefill_notice(row: CitizenReport) -> str:
    notice = _("Filled in from the citizen's report %(reference)s. Check every field, then "
               "save: saving registers the report and accepts the citizen's report.",
               reference=row.display_reference)
    if row.photo_id:
        notice += " " + _("The photo sent with it is attached when you save, unless you choose another.")
    return notice


def accept_submission(kind: str, report) -> CitizenReport:
    """Mark the citizen's report accepted, linked to the report just created (same
    transaction). Raises ValidationError when it was decided meanwhile."""
    row = _moderated(request.args.get("citizen_report"), kind)
    if row is None or row.status != "received":
        raise ValidationError(str(ALREADY_DECIDED))
    row.status, row.decided_by_id, row.decided_at = "accepted", current_user.id, utcnow()
    if kind == "missing":
        row.missing_report = report
    else:
        row.found_report = report
    if report.photo is None and row.photo_id is not None:
        report.photo_id = row.photo_id
    try:
        db.session.flush()  # the version check: two officers accepting at once
    except StaleDataError:
        raise ValidationError(str(ALREADY_DECIDED)) from None
    return row


def accepted_message(row: CitizenReport, report) -> str:
    return _("The citizen's report %(reference)s was accepted: %(report)s was registered.",
             reference=row.display_reference, report=str(report))


__all__ = [
    "CitizenReportView",
    "accept_submission",
    "accepted_message",
    "prefill_notice",
    "report_from_submission",
    "submission_being_accepted",
]
