"""Child profiles."""
from flask import abort, g, request
from flask_admin import expose
from flask_babel import gettext as _, lazy_gettext as _l
from flask_login import current_user
from wtforms.validators import DataRequired, InputRequired, Optional, ValidationError

from access import roles
from admin_views import case_file
from admin_views.base import ScopedModelView
from admin_views.child_links import case_file_url, own_case_link
from admin_views.choices import as_choices, scoped_filter
from admin_views.labels import LABELS, help_for
from forms import validators
from forms.photos import photo_field
from extensions import db
from models import Child, District, Institution, Placement
from models.base import INDIA, today_in_india
from models.choices import label_of
from models import search
from models.placements import EXIT_KINDS
from sqlalchemy import select
from models import choices
CHILD_CHOICES = {"gender": choices.GENDERS, "category": choices.CHILD_CATEGORIES,
                 "sub_category": choices.SUBCATEGORIES, "status": choices.CHILD_STATUSES}


def _stays(child):
    """The child's stays in institutions, newest first (details and export)."""
    rows = db.session.scalars(select(Placement).where(Placement.child_id == child.id)
                              .order_by(Placement.admitted_on.desc(), Placement.id.desc()))
    return "; ".join(
        f"{p.institution}: {p.admitted_on:%d-%m-%Y} – "
        + (f"{p.left_on:%d-%m-%Y} ({label_of(EXIT_KINDS, p.exit_kind)})" if p.left_on else _("now"))
        for p in rows)


class ChildView(ScopedModelView):
    screen = "child"
    column_labels = LABELS
    column_descriptions = help_for("child")
    column_list = ("child_code", "name", "gender", "category", "status", "institution",
                   "district", "registered_at")
    column_details_list = ("child_code", "name", "aliases", "father_name", "mother_name",
                           "gender", "date_of_birth", "estimated_age_years", "age_recorded_on",
                           "category", "sub_category", "status", "institution", "district",
                           "languages", "identification_marks", "disability", "hearing_impaired",
                           "speech_impaired", "admitted_on", "case_opened_on", "placements",
                           "registered_at", "guardian_contact",
                           "address", "medical_notes", "offence_details", "archived_at",
                           "archive_reason")
    column_export_list = column_details_list
    column_choices = CHILD_CHOICES
    form_choices = as_choices(CHILD_CHOICES)
    column_searchable_list = ("name", "aliases")
    folded_search_columns = ("name_folded",)
    column_sortable_list = ("child_code", "name", "registered_at", "status")
    column_default_sort = [("registered_at", True), ("id", True)]  # ties: bulk imports
    column_formatters = {"child_code": lambda v, c, m, n: m.display_code,
                         "placements": lambda v, c, m, n: _stays(m)}
    # The name opens the case file; the details page keeps the plain name.
    column_formatters_detail = {**column_formatters}
    column_formatters = {**column_formatters, "name": own_case_link}
    details_template = "admin/child_details.html"
    # The case file's identity section, in the order a CWC reads a Form 17.
    case_identity = ("child_code", "name", "aliases", "father_name", "mother_name", "gender",
                     "date_of_birth", "estimated_age_years", "age_recorded_on", "category",
                     "sub_category", "status", "institution", "district", "languages",
                     "identification_marks", "disability", "hearing_impaired", "speech_impaired",
                     "admitted_on", "case_opened_on", "registered_at", "guardian_contact",
                     "address", "medical_notes", "offence_details")
    form_columns = ("name", "aliases", "father_name", "mother_name", "gender", "date_of_birth",
                    "estimated_age_years", "category", "sub_category", "status", "institution",
                    "district", "languages", "identification_marks", "disability",
                    "hearing_impaired", "speech_impaired", "admitted_on", "case_opened_on",
                    "guardian_contact",
                    "address", "medical_notes", "offence_details", "photo_upload")
    form_args = {
        "date_of_birth": {"validators": [validators.not_in_future]},
        "admitted_on": {"validators": [validators.not_in_future]},
        "case_opened_on": {"validators": [validators.not_in_future]},
        "estimated_age_years": {"validators": validators.child_age},
        "district": {"validators": [Optional()], "allow_blank": True},
        "gender": {"default": "unknown"},
        # A child who cannot say their name is admitted all the same (help text).
        "name": {"validators": [Optional()]},
    }
    form_extra_fields = {"photo_upload": photo_field()}

    def search_clause(self, text):
        """Names as written and folded, through the engine's trigram index
        (models/search.py): the columns above, without a scan."""
        return search.name_search(text, db.engine.dialect.name)

    @property
    def column_filters(self):
        return (scoped_filter(Child.district_id, _l("District"), District),
                scoped_filter(Child.institution_id, _l("Institution"), Institution),
                "status", "gender", "category", "registered_at", "date_of_birth")

    def check_record(self, form):
        category, sub = form.category.data, form.sub_category.data
        if sub and sub not in choices.SUBCATEGORIES_BY_CATEGORY.get(category, set()):
            form.sub_category.errors.append(_("This sub-category does not belong to the category chosen."))
        born, age = form.date_of_birth.data, form.estimated_age_years.data
        if born is None and age is None:
            form.estimated_age_years.errors.append(_("Give the date of birth or an estimated age."))
        # A child is under 18 at registration; one who grew up in care stays on record.
        registered = self._registered_on()
        try:
            if born is not None:
                validators.check_age_for_status(validators.age_from_birth(born, registered), form.status.data)
            if registered == today_in_india():
                validators.check_age_for_status(age, form.status.data)
        except ValidationError as exc:
            (form.date_of_birth if born else form.estimated_age_years).errors.append(str(exc))
        if form.institution.data is None and form.district.data is None and current_user.district_id is None:
            form.district.errors.append(_("Choose the institution, or the district handling the case."))

    def _registered_on(self):
        if request.endpoint and request.endpoint.endswith("edit_view"):
            child = self.get_one(request.args.get("id"))
            if child is not None and child.registered_at:
                return child.registered_at.astimezone(INDIA).date()
        return today_in_india()

    def get_save_return_url(self, model, is_created=False):
        """A child just admitted or registered opens on its case file, where the
        next steps (progress, care plan, orders) start."""
        if is_created:
            return case_file_url(model.id)
        return super().get_save_return_url(model, is_created)

    def _unnamed_allowed(self, form):
        # The column is required, so Flask-Admin marks the field "*"; an empty
        # name is allowed all the same (a child who cannot say it).
        if "name" in form:
            form.name.validators = [v for v in form.name.validators
                                    if not isinstance(v, (InputRequired, DataRequired))]
            form.name.flags.required = False
        return form

    def edit_form(self, obj=None):
        return self._unnamed_allowed(super().edit_form(obj))

    def create_form(self, obj=None):
        form = self._unnamed_allowed(super().create_form(obj))
        # A CCI admits into its own institution: filled in for them.
        if (request.method == "GET" and current_user.role == roles.CCI
                and "institution" in form and form.institution.data is None):
            form.institution.data = current_user.institution
        return form

    def on_model_change(self, form, model, is_created):
        model.name = (model.name or "").strip()  # no name known: kept empty, shown "(no name)"
        super().on_model_change(form, model, is_created)

    def set_jurisdiction(self, model, is_created):
        # The child belongs to the current institution's district (DESIGN).
        if model.institution is not None:
            model.district = model.institution.district
        elif model.district is None and current_user.district_id:
            model.district = current_user.district
        if model.estimated_age_years is not None and model.age_recorded_on is None:
            model.age_recorded_on = today_in_india()

    # ---- the case file -----------------------------------------------------------
    @expose("/case/")
    def case_view(self):
        """One page per child: identity, placements, orders, care, police records,
        reports and matches, history (admin_views/case_file.py). Out of scope, or no
        such child: 404. Opening it is noted in the access log (get_one)."""
        g.archived_mode = "both"  # a role that restores archived records opens them too
        child = self.get_one(request.args.get("id"))
        if child is None:
            abort(404)
        return self.render("admin/case_file.html", model=child, child=child,
                           identity=[(name, self.get_column_name(name)) for name in self.case_identity],
                           get_value=self.get_detail_value, sections=case_file.sections(child),
                           actions=case_file.actions(child), list_url=case_file.list_url,
                           choice=case_file.choice, labels=LABELS,
                           return_url=self.get_url(".index_view"))
