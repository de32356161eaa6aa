"""Reference data: states, districts, police units, institutions. Deactivated,
never deleted, once records point to them."""
from flask_babel import format_decimal
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from admin_views.base import ScopedModelView
from admin_views.choices import as_choices, scoped_filter
from admin_views.labels import LABELS, help_for
from forms import validators
from access import roles
from models import District, Institution, PoliceUnit
from models import choices

LOCAL_NAMES = ("name_hi", "name_gu")


def _shown_name(view, context, model, name):
    """Lists name places and units in the page's language; files keep English."""
    return model.local_name() if context is not None else model.name


class StateView(ScopedModelView):
    screen = "state"
    column_labels = LABELS
    column_descriptions = help_for("state")
    column_list = ("name", "code", "helpline", "active")
    column_details_list = ("name", *LOCAL_NAMES, "code", "helpline", "active")
    column_searchable_list = ("name", *LOCAL_NAMES, "code")
    column_default_sort = "name"
    column_formatters = {"name": _shown_name}
    form_columns = ("name", *LOCAL_NAMES, "code", "helpline", "active")


class DistrictView(ScopedModelView):
    """Districts are the national admin's to add (DESIGN "Roles"); the list tells
    everyone else so, instead of just lacking the Create button. A state admin
    keeps the Hindi and Gujarati names of their state's districts, nothing else."""

    screen = "district"
    list_template = "admin/district_list.html"
    column_labels = LABELS
    column_descriptions = help_for("district")
    column_list = ("name", "code", "state", "active")
    column_details_list = ("name", *LOCAL_NAMES, "code", "state", "active")
    column_searchable_list = ("name", *LOCAL_NAMES, "code")
    column_default_sort = "name"
    column_formatters = {"name": _shown_name}
    form_columns = ("name", *LOCAL_NAMES, "code", "state", "active")

    def edit_form(self, obj=None):
        form = super().edit_form(obj)
        if current_user.role != roles.NATIONAL_ADMIN:
            for field in ("name", "code", "state", "active"):
                del form[field]
        return form


class PoliceUnitView(ScopedModelView):
    screen = "police_unit"
    column_labels = LABELS
    column_descriptions = help_for("police_unit")
    column_choices = {"kind": choices.POLICE_UNIT_KINDS}
    form_choices = as_choices({"kind": choices.POLICE_UNIT_KINDS})
    column_list = ("name", "kind", "code", "district", "phone", "active")
    column_details_list = ("name", *LOCAL_NAMES, "kind", "code", "district", "phone", "active")
    column_export_list = column_details_list
    column_searchable_list = ("name", *LOCAL_NAMES, "code")
    column_default_sort = "name"
    column_formatters = {"name": _shown_name}
    form_columns = ("name", *LOCAL_NAMES, "kind", "code", "district", "phone", "active")

    @property
    def column_filters(self):
        return (scoped_filter(PoliceUnit.district_id, _l("District"), District), "kind", "active")


class InstitutionView(ScopedModelView):
    screen = "institution"
    column_labels = LABELS
    column_descriptions = help_for("institution")
    column_choices = {"cci_type": choices.CCI_TYPES}
    form_choices = as_choices({"cci_type": choices.CCI_TYPES})
    column_list = ("name", "cci_type", "district", "capacity", "has_computer", "has_internet",
                   "active")
    column_details_list = ("name", *LOCAL_NAMES, "cci_type", "registration_number", "district",
                           "capacity", "address", "phone", "email", "has_computer", "has_internet",
                           "active")
    column_export_list = column_details_list
    column_searchable_list = ("name", *LOCAL_NAMES, "registration_number")
    column_default_sort = "name"
    form_columns = ("name", *LOCAL_NAMES, "cci_type", "registration_number", "district", "capacity",
                    "address", "phone", "email", "has_computer", "has_internet", "active")
    form_args = {"capacity": {"validators": validators.capacity}}
    # A quantity, in the locale's digit grouping (10,000); files keep the plain number.
    column_formatters = {"name": _shown_name, "capacity": lambda v, c, m, n: (
        format_decimal(m.capacity) if c is not None and m.capacity is not None else m.capacity)}

    @property
    def column_filters(self):
        return (scoped_filter(Institution.district_id, _l("District"), District), "cci_type",
                "has_computer", "has_internet", "active")
