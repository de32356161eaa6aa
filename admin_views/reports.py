"""Missing-child reports, found-child reports and police records."""
import re

from flask import abort, flash, g, redirect, request
from flask_admin import expose
from flask_admin.form import rules
from flask_admin.babel import gettext as admin_gettext
from flask_babel import gettext as _, lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm.exc import StaleDataError
from wtforms.validators import Optional

from access import roles
from access.rights import can_open
from admin_views.base import HiddenFields, ScopedModelView, record_id
from admin_views.choices import as_choices, scoped_filter
from admin_views.labels import LABELS, help_for
from admin_views.moderation import (accept_submission, accepted_message, prefill_notice,
                                    report_from_submission, submission_being_accepted)
from extensions import db
from forms import validators
from forms.photos import photo_field
from access.scope import read_clause, write_clause
from forms.base import BaseForm
from matches import duplicates, merging
from matches.records import card
from matches.workflow import about, propose_for, waiting_clause
from models import District, FoundReport, Match, MissingReport, PoliceReport, PoliceUnit
from models import choices
from models.base import today_in_india
from public.rules import display_refusal

MISSING_CHOICES = {"gender": choices.GENDERS, "reason": choices.MISSING_REASONS,
                   "runaway_reason": choices.RUNAWAY_REASONS, "status": choices.MISSING_STATUSES,
                   "build": choices.BUILDS, "complexion": choices.COMPLEXIONS}
FOUND_CHOICES = {"gender": choices.GENDERS, "status": choices.FOUND_STATUSES, "build": choices.BUILDS,
                 "complexion": choices.COMPLEXIONS}


# Where a report belongs (DESIGN "Where a record belongs"), from the unit and
# district given and who registers it: (unit, district). A police officer's own
# unit is taken when none is given. Saving and the duplicate check both ask.
def missing_report_place(unit, district, user):
    """The district of the unit, or of the DCPU, that registered it."""
    if unit is None and user.role == roles.POLICE:
        unit = user.police_unit
    if unit is not None:
        return unit, unit.district
    if district is None and user.district_id:
        district = user.district
    return unit, district


def found_report_place(unit, district, user):
    """The district where the child was found, as given; else the unit's or the user's."""
    if unit is None and user.role == roles.POLICE:
        unit = user.police_unit
    if district is None:
        district = unit.district if unit is not None else user.district
    return unit, district


# The report forms in sections, the photo near the top (issue #12 item 5): what
# an officer asks in order, not one column of every field.
SECTION_CHILD = _l("The child")
SECTION_DESCRIPTION = _l("Description")
SECTION_WHERE_WHEN = _l("Where and when")
SECTION_FAMILY = _l("Family and contacts")
SECTION_POLICE = _l("Police and status")
# The day reported to the police or the DCPU: the day of entry (India time)
# unless the officer gives the FIR/GD date.
REPORTED_ON_ARGS = {"validators": [Optional(), validators.not_in_future], "default": today_in_india}


def sections(*groups):
    return [rules.FieldSet(fields, header) for header, fields in groups] + [HiddenFields()]


class MergeForm(BaseForm):
    """The merge's confirmation: only its CSRF token (the choices are in the page)."""


NOT_A_DUPLICATE = "not_a_duplicate"  # the create form's "a different child: save" box
DUPLICATES_SHOWN = 5


def possible_duplicates(model, form, user, place, report_id=None) -> list:
    """Open, live reports of the same kind that the matching engine finds likely
    to be the same child as the one in `form` (matches/duplicates.py), the ones
    `user` may open, most likely first: the same child registered twice."""
    _unit, district = place(form.police_unit.data if "police_unit" in form else None,
                           form.district.data if "district" in form else None, user)
    values = {name: form[name].data for name in duplicates.FORM_FIELDS if name in form}
    return duplicates.likely_duplicates(model, values, district, user, report_id)


class _MatchedReportView(ScopedModelView):
    """A new or edited missing or found report is matched at once. The create form
    also accepts a citizen's report from the public page (admin_views/moderation.py):
    opened with `?citizen_report=ID`, it comes filled in from it, and saving marks
    it accepted."""

    details_template = "admin/report_details.html"
    create_template = "admin/report_create.html"
    edit_template = "admin/report_edit.html"
    citizen_kind = ""  # the kind of citizen's report this screen accepts

    def create_form(self, obj=None):
        submission = submission_being_accepted(self.citizen_kind)
        if submission is not None and request.method == "GET":
            obj = report_from_submission(self.model, submission)
            flash(prefill_notice(submission), "info")
        form = super().create_form(obj)
        # A police officer registers for their own unit: filled in, still changeable.
        if (request.method == "GET" and current_user.role == roles.POLICE
                and "police_unit" in form and form.police_unit.data is None):
            form.police_unit.data = current_user.police_unit
        return form

    def on_model_change(self, form, model, is_created):
        super().on_model_change(form, model, is_created)
        if is_created and request.args.get("citizen_report") is not None:
            g.accepted_citizen_report = accept_submission(self.citizen_kind, model)

    def after_model_change(self, form, model, is_created):
        accepted = g.pop("accepted_citizen_report", None)
        if accepted is not None:
            flash(accepted_message(accepted, model), "success")
        propose_for(model)

    def can_review_matches(self):
        return can_open(current_user.role, "match")

    def set_jurisdiction(self, model, is_created):
        model.police_unit, model.district = self.place(model.police_unit, model.district,
                                                       current_user)

    # ---- after saving: the record itself, with its possible matches -------------
    def get_save_return_url(self, model, is_created=False):
        """Land on the saved record (its possible matches are on it), not the list;
        accepting a citizen's report goes back to the queue of those waiting."""
        if request.args.get("citizen_report") is not None:
            return super().get_save_return_url(model, is_created)
        return self.get_url(".details_view", id=model.id)

    def possible_matches(self, report, limit=5):
        """The report's proposals still waiting for a decision, best first, as the
        reviewer may see them (the other side as a match card)."""
        if not self.can_review_matches():
            return []
        rows = db.session.scalars(select(Match).where(
            about(report), waiting_clause(), read_clause(current_user, Match))
            .order_by(Match.score.desc(), Match.id).limit(limit)).all()
        return [(match, card(match.found_report if isinstance(report, MissingReport)
                             else match.missing_report)) for match in rows]

    # ---- before saving: the same child registered already? -----------------------
    def validate_form(self, form):
        """A new report, or an edit that changes what the engine compares, is held
        back while the engine finds an open report of the same kind likely to be
        the same child, until the officer ticks "a different child"."""
        valid = super().validate_form(form)
        if not valid or request.form.get(NOT_A_DUPLICATE):
            return valid
        report_id = None
        if request.endpoint == f"{self.endpoint}.edit_view":
            report = self.get_one(request.args.get("id"))
            if report is None or not self._changes_what_matching_reads(form, report):
                return valid
            report_id = report.id
        elif request.endpoint != f"{self.endpoint}.create_view":
            return valid
        found = possible_duplicates(self.model, form, current_user, self.place, report_id)
        if found:
            g.possible_duplicates = found
            flash(_("This child may be registered already: look at the reports listed "
                    "above the form before saving. Nothing was saved yet."), "warning")
            return False
        return valid

    @staticmethod
    def _changes_what_matching_reads(form, report) -> bool:
        return any(name in form and form[name].data != getattr(report, name)
                   for name in duplicates.FORM_FIELDS if hasattr(report, name))

    def shown_duplicates(self):
        return g.get("possible_duplicates", [])

    # ---- merging two reports of one child (a DCPU, within their district) --------
    def can_merge(self):
        return current_user.role == roles.DCPU

    def _writable(self, value):
        """A report the user may change, archived or not (the merge says why not)."""
        pk = record_id(re.sub(r"^\s*[MF]-", "", str(value or ""), flags=re.IGNORECASE).strip())
        if pk is None:
            return None
        return db.session.scalar(select(self.model).where(
            self.model.id == pk, write_clause(current_user, self.model)))

    @expose("/merge/", methods=("GET", "POST"))
    def merge_view(self):
        """Pick the other report and which one survives; see what will move; confirm."""
        if not self.can_merge():
            abort(403)
        report = self._writable(request.args.get("id"))
        if report is None:
            abort(404)
        values = request.form if request.method == "POST" else request.args
        other_text = (values.get("other") or "").strip()[:20]
        keep = values.get("keep", "this")
        other, survivor, merged, refused, moves = None, None, None, None, []
        if other_text:
            other = self._writable(other_text)
            if other is None:
                refused = _("No such report in your district: give the number of an open report "
                            "of the same kind, e.g. %(example)s.", example=merging.number(report))
            else:
                survivor, merged = (report, other) if keep != "other" else (other, report)
                refused = merging.refusal(survivor, merged)
                moves = [] if refused else merging.preview(survivor, merged)
        if request.method == "POST" and survivor is not None and not refused:
            if not MergeForm().validate_on_submit():
                flash(_("The decision could not be saved. Please try again."), "error")
            else:
                try:
                    merging.merge(survivor, merged, current_user)
                except merging.MergeRefused as why:
                    flash(str(why), "error")
                else:
                    flash(_("Merged: %(merged)s is archived and everything it held is now on "
                            "%(survivor)s.", merged=merging.number(merged),
                            survivor=merging.number(survivor)), "success")
                    return redirect(self.get_url(".details_view", id=survivor.id))
        return self.render("admin/report_merge.html", report=report, other=other,
                           other_text=other_text, keep=keep, survivor=survivor, merged=merged,
                           refused=refused, moves=moves, form=MergeForm(),
                           duplicates=self._known_duplicates(report))

    def _known_duplicates(self, report):
        """Reports the engine finds likely to be this child, to pick from."""
        values = {name: getattr(report, name) for name in duplicates.FORM_FIELDS if hasattr(report, name)}
        return duplicates.likely_duplicates(self.model, values, report.district, current_user, report.id)


class MissingReportView(_MatchedReportView):
    screen = "missing_report"
    citizen_kind = "missing"
    place = staticmethod(missing_report_place)
    column_labels = LABELS
    column_descriptions = help_for("missing_report")
    column_list = ("id", "child_name", "gender", "age_years", "missing_at", "place_missing",
                   "district", "police_unit", "status", "registered_at")
    column_details_list = ("id", "child_name", "aliases", "father_name", "mother_name", "gender",
                           "age_years", "height_cm", "build", "complexion", "clothes",
                           "identification_marks", "languages", "description", "place_missing",
                           "missing_at", "reason", "runaway_reason", "guardian_name",
                           "guardian_relation", "guardian_phone", "guardian_address",
                           "reported_by_name", "reported_by_phone", "gd_number", "fir_number",
                           "reported_on", "investigating_officer", "investigating_officer_phone", "status",
                           "traced_at", "traced_by", "traced_place", "publish_consent", "child", "district",
                           "police_unit", "registered_at", "archived_at", "archive_reason")
    column_export_list = column_details_list
    column_choices = MISSING_CHOICES
    form_choices = as_choices(MISSING_CHOICES)
    column_searchable_list = ("child_name", "aliases", "father_name", "gd_number", "fir_number")
    folded_search_columns = ("child_name_folded", "father_name_folded", "mother_name_folded")
    # A found child with no name is looked for by age, gender, date and place.
    column_sortable_list = ("id", "child_name", "gender", "age_years", "missing_at",
                            "place_missing", "registered_at", "status")
    column_default_sort = [("registered_at", True), ("id", True)]
    form_columns = ("child_name", "aliases", "father_name", "mother_name", "gender", "age_years",
                    "height_cm", "build", "complexion", "clothes", "identification_marks",
                    "languages", "description", "place_missing", "missing_at", "reason",
                    "runaway_reason", "guardian_name", "guardian_relation", "guardian_phone",
                    "guardian_address", "reported_by_name", "reported_by_phone", "gd_number",
                    "fir_number", "reported_on", "investigating_officer", "investigating_officer_phone",
                    "police_unit", "district", "status", "traced_at", "traced_by", "traced_place",
                    "publish_consent", "photo_upload")
    form_args = {
        "missing_at": {"validators": [validators.not_in_future]},
        "reported_on": REPORTED_ON_ARGS,
        "traced_at": {"validators": [validators.not_in_future]},
        "age_years": {"validators": validators.child_age},
        "height_cm": {"validators": validators.height},
        "district": {"validators": [Optional()], "allow_blank": True},
        "gender": {"default": "unknown"},  # "Not known" until someone says otherwise
    }
    form_extra_fields = {"photo_upload": photo_field()}
    form_rules = sections(
        (SECTION_CHILD, ("child_name", "aliases", "gender", "age_years", "photo_upload")),
        (SECTION_DESCRIPTION, ("height_cm", "build", "complexion", "clothes", "identification_marks",
                               "languages", "description")),
        (SECTION_WHERE_WHEN, ("place_missing", "missing_at", "reason", "runaway_reason")),
        (SECTION_FAMILY, ("father_name", "mother_name", "guardian_name", "guardian_relation",
                          "guardian_phone", "guardian_address", "reported_by_name",
                          "reported_by_phone")),
        (SECTION_POLICE, ("gd_number", "fir_number", "reported_on", "investigating_officer",
                          "investigating_officer_phone", "police_unit", "district", "status",
                          "traced_at", "traced_by", "traced_place", "publish_consent")))

    @property
    def column_filters(self):
        return (scoped_filter(MissingReport.district_id, _l("District"), District),
                scoped_filter(MissingReport.police_unit_id, _l("Police unit"), PoliceUnit),
                "status", "gender", "age_years", "missing_at", "place_missing", "reason",
                "registered_at")

    def check_record(self, form):
        if form.reason.data == "ran_away" and not form.runaway_reason.data:
            form.runaway_reason.errors.append(_("Say why the child ran away."))
        if form.reason.data != "ran_away" and form.runaway_reason.data:
            form.runaway_reason.errors.append(_("Only for a child who ran away."))
        missing, traced = form.missing_at.data, form.traced_at.data
        if missing and traced and traced < missing:
            form.traced_at.errors.append(_("The child cannot be traced before going missing."))
        if form.status.data == "traced" and traced is None:
            form.traced_at.errors.append(_("Give the date the child was traced."))
        if form.age_years.data is not None and form.age_years.data > validators.MAX_CHILD_AGE:
            form.age_years.errors.append(_("A missing child is under 18."))


class FoundReportView(_MatchedReportView):
    screen = "found_report"
    citizen_kind = "seen"
    place = staticmethod(found_report_place)
    details_template = "admin/found_report_details.html"
    column_labels = LABELS
    column_descriptions = help_for("found_report")
    column_list = ("id", "child_name", "gender", "estimated_age_years", "found_at", "district",
                   "placed_institution", "status", "registered_at")
    column_details_list = ("id", "child_name", "aliases", "father_name", "mother_name",
                           "family_details", "gender", "estimated_age_years", "height_cm",
                           "build", "complexion", "clothes", "identification_marks", "languages",
                           "can_speak", "can_hear", "found_at", "place_found", "found_by",
                           "finder_contact", "circumstances", "accompanied_by", "district",
                           "police_unit", "placed_institution", "produced_at", "child",
                           "missing_report", "reported_on", "status", "victim_or_witness",
                           "public_display_approved", "public_display_approved_by",
                           "public_display_approved_at", "registered_at", "archived_at",
                           "archive_reason")
    column_export_list = column_details_list
    column_choices = FOUND_CHOICES
    form_choices = as_choices(FOUND_CHOICES)
    column_searchable_list = ("child_name", "aliases", "father_name", "place_found")
    folded_search_columns = ("child_name_folded", "father_name_folded", "mother_name_folded")
    column_sortable_list = ("id", "child_name", "found_at", "registered_at", "status")
    column_default_sort = [("registered_at", True), ("id", True)]
    form_columns = ("child_name", "aliases", "father_name", "mother_name", "family_details",
                    "gender", "estimated_age_years", "height_cm", "build", "complexion",
                    "clothes", "identification_marks", "languages", "can_speak", "can_hear",
                    "found_at", "place_found", "found_by", "finder_contact", "circumstances",
                    "accompanied_by", "victim_or_witness", "district", "police_unit",
                    "placed_institution", "produced_at", "child", "missing_report", "reported_on",
                    "status", "photo_upload")
    ajax_relations = {"child": ["name", "child_code"], "missing_report": ["child_name", "gd_number"]}
    form_args = {
        "found_at": {"validators": [validators.not_in_future]},
        "produced_at": {"validators": [validators.not_in_future]},
        "reported_on": REPORTED_ON_ARGS,
        "estimated_age_years": {"validators": validators.child_age},
        "height_cm": {"validators": validators.height},
        "district": {"validators": [Optional()], "allow_blank": True},
        "gender": {"default": "unknown"},
    }
    form_extra_fields = {"photo_upload": photo_field()}
    form_rules = sections(
        (SECTION_CHILD, ("child_name", "aliases", "gender", "estimated_age_years", "photo_upload",
                         "can_speak", "can_hear", "languages")),
        (SECTION_DESCRIPTION, ("height_cm", "build", "complexion", "clothes", "identification_marks")),
        (SECTION_WHERE_WHEN, ("found_at", "place_found", "found_by", "finder_contact",
                              "circumstances", "accompanied_by", "victim_or_witness")),
        (SECTION_FAMILY, ("father_name", "mother_name", "family_details")),
        (SECTION_POLICE, ("district", "police_unit", "placed_institution", "produced_at", "child",
                          "missing_report", "reported_on", "status")))

    @property
    def column_filters(self):
        return (scoped_filter(FoundReport.district_id, _l("District"), District),
                "status", "gender", "found_at", "registered_at", "public_display_approved")

    def check_record(self, form):
        found, produced = form.found_at.data, form.produced_at.data
        if found and produced and produced < found:
            form.produced_at.errors.append(_("The child cannot be produced before being found."))
        report = form.missing_report.data
        if found and report is not None and found < report.missing_at:
            form.found_at.errors.append(_("The date found is before the date the child went missing."))

    def on_model_change(self, form, model, is_created):
        super().on_model_change(form, model, is_created)
        # A child now known to be a victim or witness (or in conflict with law) leaves
        # the public page at once, whoever records it.
        refusal = display_refusal(model) if model.public_display_approved else None
        if refusal:
            model.set_public_display(None)
            flash(_("The CWC's approval for public display was withdrawn: %(why)s",
                    why=refusal), "warning")

    # ---- the CWC's approval for public display (DESIGN "Privacy") ----------------
    display_refusal = staticmethod(display_refusal)

    def can_approve_display(self, report) -> bool:
        """Only the CWC member of the district where the child was found."""
        return (current_user.role == roles.CWC and report.district_id == current_user.district_id
                and report.archived_at is None)

    @expose("/public_display/", methods=("POST",))
    def public_display_view(self):
        if current_user.role != roles.CWC:
            abort(403)
        report = self.get_one(request.args.get("id"))
        if report is None or not self.can_approve_display(report):
            flash(admin_gettext("Record does not exist."), "error")
            return redirect(self.get_url(".index_view"))
        details = self.get_url(".details_view", id=report.id)
        decision = request.form.get("decision")
        if decision not in ("approve", "withdraw"):
            flash(_("The decision could not be saved. Please try again."), "error")
            return redirect(details)
        if decision == "approve":
            refusal = display_refusal(report)
            if refusal:
                flash(refusal, "error")
                return redirect(details)
            report.set_public_display(current_user.id)
            message = _("Approved: the child is shown on the public page with the fewest "
                        "details, until the family is found.")
        else:
            report.set_public_display(None)
            message = _("Withdrawn: the child is no longer shown on the public page.")
        try:
            db.session.commit()
        except StaleDataError:
            db.session.rollback()
            flash(_("Someone else saved this record while you were editing it. Your changes "
                    "were not saved: open the record again to see the new version."), "error")
            return redirect(details)
        flash(message, "success")
        return redirect(details)


class PoliceReportView(ScopedModelView):
    screen = "police_report"
    column_labels = LABELS
    column_descriptions = help_for("police_report")
    column_choices = {"kind": choices.POLICE_RECORD_KINDS}
    form_choices = as_choices({"kind": choices.POLICE_RECORD_KINDS})
    column_list = ("kind", "number", "report_date", "child", "police_unit", "district",
                   "missing_report", "found_report")
    column_details_list = ("kind", "number", "report_date", "police_unit", "district",
                           "missing_report", "found_report", "child", "summary", "archived_at",
                           "archive_reason")
    column_export_list = column_details_list
    column_searchable_list = ("number",)
    column_default_sort = ("report_date", True)
    form_columns = ("kind", "number", "report_date", "police_unit", "missing_report",
                    "found_report", "child", "summary")
    ajax_relations = {"missing_report": ["child_name", "gd_number", "fir_number"],
                      "found_report": ["child_name"], "child": ["name", "child_code"]}
    form_args = {"report_date": {"validators": [validators.not_in_future]}}

    @property
    def column_filters(self):
        return ("kind", "report_date",
                scoped_filter(PoliceReport.police_unit_id, _l("Police unit"), PoliceUnit))

    def check_record(self, form):
        if form.police_unit.data is None and not form.police_unit.errors and (
                current_user.role != roles.POLICE or current_user.police_unit is None):
            form.police_unit.errors.append(_("Choose the police unit."))

    def set_jurisdiction(self, model, is_created):
        if model.police_unit is None and current_user.role == roles.POLICE:
            model.police_unit = current_user.police_unit
        if model.police_unit is not None:
            model.district = model.police_unit.district
