"""Match review: "New possible matches" queue, a report's "Possible matches",
the side-by-side pair page with confirm and reject, and the restoration step.

The match page is the one window across jurisdictions: the other side shows
only as a match card (matches/records.card)."""
import json
import re

from flask import abort, flash, redirect, request
from flask_admin import BaseView, expose
from flask_babel import format_decimal, gettext as _, lazy_gettext as _l, ngettext
from flask_login import current_user
from forms.base import BaseForm
from sqlalchemy import exists, select
from wtforms import DateField, IntegerField, SelectField, StringField
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from access import roles
from access.rights import DECIDE, can
from access.scope import read_clause
from admin_views.base import ScopedModelView, record_id
from admin_views.gate import RoleGate
from admin_views.labels import LABELS, help_for
from extensions import db
from forms.day_first import DayFirstDateField
from forms.validators import not_in_future
from matches import candidates as page_candidates
from matches import workflow
from matches.records import MODEL_OF, card
from models import District, FoundReport, Match, MissingReport, State
from models.choices import GENDERS
from models.matches import PROPOSED

VERDICT_LABELS = {"agrees": _l("agrees"), "partly": _l("partly agrees"),
                  "disagrees": _l("disagrees"), "unknown": _l("unknown")}
FIELD_LABELS = {"name": _l("Name"), "father_name": _l("Father's name"),
                "mother_name": _l("Mother's name"), "age": _l("Age"), "gender": _l("Gender"),
                "height": _l("Height"), "marks": _l("Identification marks"),
                "languages": _l("Languages"), "place": _l("Place"), "date": _l("Dates"),
                "build": _l("Body build"), "complexion": _l("Complexion"),
                "clothes": _l("Clothes worn")}


_AGE_DETAIL = re.compile(r"^expected (-?[\d.]+), found (-?[\d.]+)$")
_DAYS_DETAIL = re.compile(r"^(-?\d+) days?$")


def detail_text(detail: str) -> str:
    """The engine's notes on a reason (matching/index.py) are stored in English;
    the age and date ones are shown in the user's language. Names stay as written."""
    if match := _AGE_DETAIL.match(detail or ""):
        return _("age expected %(expected)s, found %(found)s",
                 expected=format_decimal(float(match[1])), found=format_decimal(float(match[2])))
    if match := _DAYS_DETAIL.match(detail or ""):
        days = int(match[1])
        return ngettext("%(days)s day apart", "%(days)s days apart", days, days=format_decimal(days))
    return detail or ""


NAME_FIELDS = ("name", "father_name", "mother_name")


def reason_detail(field: str, detail: str, missing: dict, found: dict) -> str:
    """What a reason row says beside its verdict. For names, the two names as
    written on the records (any script), not the engine's folded spellings: the
    reviewer checks what the families and officers wrote."""
    if field in NAME_FIELDS:
        written = (missing.get(field), found.get(field))
        return " / ".join(written) if all(written) else ""
    return detail_text(detail)


class DecisionForm(BaseForm):
    note = StringField(_l("Reason"), validators=[Optional(), Length(max=500)],
                       description=_l("Needed to reject: say what differs. Optional to confirm."))


class RestorationForm(BaseForm):
    order_number = StringField(_l("Order number"), validators=[DataRequired(), Length(max=60)],
                               description=_l("The number of the CWC's order restoring the child to the family."))
    order_date = DateField(_l("Order date"), validators=[DataRequired(), not_in_future],
                           description=_l("The day the restoration order was made."))


class ThresholdForm(BaseForm):
    threshold = IntegerField(_l("Show proposals scoring at least"),
                             validators=[DataRequired(), NumberRange(0, 100)],
                             description=_l("0 to 100: pairs scoring less are not listed. Lower it to see more."))


class RegisterSearchForm(BaseForm):
    """A reviewer's own search of the register, to widen a report's candidates
    (a GET form: reading changes nothing)."""

    class Meta:
        csrf = False

    age_from = IntegerField(_l("Age from"), validators=[Optional(), NumberRange(0, 21)],
                            description=_l("Years, 0 to 21."))
    age_to = IntegerField(_l("Age to"), validators=[Optional(), NumberRange(0, 21)],
                          description=_l("Years, 0 to 21."))
    gender = SelectField(_l("Gender"), validators=[Optional()],
                         description=_l("Reports whose gender is not known are included."))
    state = SelectField(_l("State"), validators=[Optional()],
                        description=_l("Where the child went missing or was found."))
    district = SelectField(_l("District"), validators=[Optional()],
                           description=_l("Narrower than the state: the state is then not needed."))
    date_from = DayFirstDateField(_l("From"), validators=[Optional()],
                                  description=_l("The date the child went missing or was found."))
    date_to = DayFirstDateField(_l("To"), validators=[Optional()],
                                description=_l("Day-month-year; empty: up to today."))
    marks = StringField(_l("Identification marks"), validators=[Optional(), Length(max=200)],
                        description=_l("Words that must appear, e.g. mole cheek."))
    language = StringField(_l("Language"), validators=[Optional(), Length(max=60)],
                           description=_l("A language the child speaks, e.g. Marathi."))

    def fill_choices(self):
        anything = [("", _("Any"))]
        self.gender.choices = anything + [(value, str(label)) for value, label in GENDERS]
        self.state.choices = anything + [(str(s.id), str(s)) for s in db.session.scalars(
            select(State).order_by(State.name))]
        self.district.choices = anything + [(str(d.id), f"{d}, {d.state}") for d in db.session.scalars(
            select(District).order_by(District.name))]
        return self

    def validate(self, extra_validators=None):
        valid = super().validate(extra_validators)
        if valid and None not in (self.age_from.data, self.age_to.data) and self.age_from.data > self.age_to.data:
            self.age_to.errors.append(_("The upper age is below the lower one."))
            valid = False
        if valid and None not in (self.date_from.data, self.date_to.data) and self.date_from.data > self.date_to.data:
            self.date_to.errors.append(_("The end date is before the start date."))
            valid = False
        return valid

    def wanted(self) -> dict:
        return {"age_from": self.age_from.data, "age_to": self.age_to.data,
                "gender": self.gender.data or None,
                "state": db.session.get(State, int(self.state.data)) if self.state.data else None,
                "district": db.session.get(District, int(self.district.data)) if self.district.data else None,
                "date_from": self.date_from.data, "date_to": self.date_to.data,
                "marks": (self.marks.data or "").strip(), "language": (self.language.data or "").strip()}


def _in_scope(model, pk) -> bool:
    return db.session.scalar(select(model.id).where(
        model.id == pk, read_clause(current_user, model))) is not None


class MatchReviewView(RoleGate, BaseView):
    screen = "match"

    @property
    def can_decide(self):
        return can(current_user.role, "match", DECIDE)

    def _scoped_match(self, match_id):
        match = db.session.scalar(select(Match).where(
            Match.id == match_id, read_clause(current_user, Match)))
        if match is None:
            abort(404)
        return match

    # ---- the queue -----------------------------------------------------------
    @expose("/", methods=("GET", "POST"))
    def index(self):
        form = ThresholdForm(threshold=current_user.match_threshold)
        if form.validate_on_submit():
            current_user.match_threshold = form.threshold.data
            db.session.commit()
            flash(_("Threshold saved."), "success")
            return redirect(self.get_url(".index"))
        proposals = db.session.scalars(select(Match).where(workflow.queue_clause(current_user))
                                       .order_by(Match.score.desc(), Match.id).limit(200)).all()
        restorations = db.session.scalars(select(Match).where(
            read_clause(current_user, Match), workflow.restoration_waiting_clause())
            .order_by(Match.decided_at)).all()
        return self.render("admin/matches/queue.html", form=form, proposals=proposals,
                           restorations=restorations, cards=self._cards)

    # ---- a report's possible matches -------------------------------------------
    def _scoped_report(self, kind, report_id):
        model = MODEL_OF.get(kind)
        if model is None or record_id(report_id) is None or not _in_scope(model, report_id):
            abort(404)
        return db.session.get(model, report_id)

    @expose("/<kind>/<int:report_id>/")
    def for_report(self, kind, report_id):
        """The report's best candidates, ranked by the engine now, and the
        reviewer's own search of the register. Reading this page stores nothing
        (proposals are stored when a report is saved or imported)."""
        report = self._scoped_report(kind, report_id)
        search_form = RegisterSearchForm(request.args).fill_choices()
        searched = "search" in request.args
        found = []
        if searched and search_form.validate():
            found = page_candidates.search_register(report, search_form.wanted(), current_user)
        decided = db.session.scalars(select(Match).where(workflow.about(report), Match.status != PROPOSED)
                                     .order_by(Match.decided_at.desc())).all()
        return self.render("admin/matches/for_report.html", report=report, kind=kind,
                           own=card(report), candidates=page_candidates.candidates(report, current_user),
                           search_form=search_form, searched=searched, found=found,
                           decided=decided, verdicts=VERDICT_LABELS, fields=FIELD_LABELS,
                           detail=lambda own, other, field, text: reason_detail(
                               field, text, *((own, other) if kind == "missing" else (other, own))),
                           form=DecisionForm())

    @expose("/<kind>/<int:report_id>/confirm/", methods=("POST",))
    def confirm_candidate(self, kind, report_id):
        """Confirm one candidate of the page: the proposal is used or made now,
        and confirmed with the checks of any confirmation (matches/workflow.py)."""
        report = self._scoped_report(kind, report_id)
        back = self.get_url(".for_report", kind=kind, report_id=report.id)
        form = DecisionForm()
        if not self.can_decide:
            flash(str(workflow.NOT_WAITING), "error")
            return redirect(back)
        if not form.validate_on_submit():
            flash(_("The decision could not be saved. Please try again."), "error")
            return redirect(back)
        other_id = request.form.get("candidate", "")
        result = page_candidates.pair_result(report, other_id)
        if result is None:
            flash(_("This candidate can no longer be confirmed: it was changed, closed or linked meanwhile."), "error")
            return redirect(back)
        other_kind, _sep, pk = other_id.partition(":")
        other = db.session.get(MODEL_OF[other_kind], int(pk))
        try:
            match = workflow.confirm_candidate(report, other, result, current_user,
                                               (form.note.data or "").strip())
        except workflow.DecisionRefused as refused:
            flash(str(refused), "error")
            return redirect(back)
        flash(_("Confirmed: the missing child is marked traced, and restoration is open for the CWC."), "success")
        return redirect(self.get_url(".pair", match_id=match.id))

    # ---- one pair ------------------------------------------------------------------
    @expose("/pair/<int:match_id>/")
    def pair(self, match_id):
        match = self._scoped_match(match_id)
        reasons = json.loads(match.reasons or "{}")
        missing, found = card(match.missing_report), card(match.found_report)
        return self.render("admin/matches/pair.html", match=match, reasons=reasons,
                           missing=missing, found=found,
                           missing_in_scope=_in_scope(MissingReport, match.missing_report_id),
                           found_in_scope=_in_scope(FoundReport, match.found_report_id),
                           refusal=workflow.refusal(match) if match.status == PROPOSED else None,
                           form=DecisionForm(), restoration_form=RestorationForm(),
                           verdicts=VERDICT_LABELS, fields=FIELD_LABELS,
                           detail=lambda field, text: reason_detail(field, text, missing, found))

    @expose("/pair/<int:match_id>/decide/", methods=("POST",))
    def decide(self, match_id):
        match = self._scoped_match(match_id)
        form = DecisionForm()
        decision = request.form.get("decision")
        back = self.get_url(".pair", match_id=match.id)
        if not self.can_decide or decision not in ("confirm", "reject"):
            flash(str(workflow.NOT_WAITING), "error")
            return redirect(back)
        if not form.validate_on_submit():
            flash(_("The decision could not be saved. Please try again."), "error")
            return redirect(back)
        note = (form.note.data or "").strip()
        if decision == "reject" and not note:
            flash(_("Say why the two records are not the same child."), "error")
            return redirect(back)
        try:
            if decision == "confirm":
                workflow.confirm(match, current_user, note)
                flash(_("Confirmed: the missing child is marked traced, and restoration is open for the CWC."), "success")
            else:
                workflow.reject(match, current_user, note)
                flash(_("Rejected: this pair will not be proposed again."), "success")
        except workflow.DecisionRefused as refused:
            flash(str(refused), "error")
        return redirect(back)

    @expose("/pair/<int:match_id>/restoration/", methods=("POST",))
    def restoration(self, match_id):
        match = self._scoped_match(match_id)
        form = RestorationForm()
        back = self.get_url(".pair", match_id=match.id)
        if (current_user.role != roles.CWC or match.status != "confirmed"
                or match.restoration_order_id is not None
                or not _in_scope(FoundReport, match.found_report_id)):
            flash(_("Only the CWC of the district where the child was found records the restoration order."), "error")
            return redirect(back)
        if not form.validate_on_submit():
            for errors in form.errors.values():
                for error in errors:
                    flash(str(error), "error")
            return redirect(back)
        try:
            workflow.record_restoration(match, current_user, form.order_number.data.strip(),
                                        form.order_date.data)
        except workflow.DecisionRefused as refused:
            flash(str(refused), "error")
            return redirect(back)
        flash(_("The restoration order was recorded."), "success")
        return redirect(back)

    # ---- photos on match cards -----------------------------------------------------
    @expose("/photo/<kind>/<int:report_id>/")
    def photo(self, kind, report_id):
        """A photo on a match card: of a record in scope, or of the other side of a
        pair that has a record in scope."""
        model = MODEL_OF.get(kind)
        if model is None:
            abort(404)
        column = Match.missing_report_id if kind == "missing" else Match.found_report_id
        visible = _in_scope(model, report_id) or db.session.scalar(select(exists().where(
            column == report_id, read_clause(current_user, Match))))
        report = db.session.get(model, report_id) if visible else None
        if report is None or report.photo is None:
            abort(404)
        from flask import Response
        response = Response(report.photo.data, mimetype=report.photo.mime)
        response.headers["Cache-Control"] = "private, no-store"
        return response

    @staticmethod
    def _cards(match):
        return card(match.missing_report), card(match.found_report)


class PetNameView(ScopedModelView):
    screen = "pet_name"
    column_labels = {**LABELS, "pet_name": _l("Pet name"),
                     "formal_names": _l("Formal names it stands for")}
    column_descriptions = help_for("pet_name")
    column_list = ("pet_name", "formal_names")
    column_details_list = column_list
    column_searchable_list = ("pet_name", "formal_names")
    column_default_sort = "pet_name"
    form_columns = ("pet_name", "formal_names")

    def on_model_change(self, form, model, is_created):
        if is_created:
            model.added_by_id = current_user.id
        super().on_model_change(form, model, is_created)
