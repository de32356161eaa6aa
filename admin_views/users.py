"""Accounts: a national admin creates states' admins; a state admin creates,
disables and resets the accounts of their own state, below their own role."""
import secrets

from flask import flash
from flask_admin.actions import action
from flask_babel import gettext as _, lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import func, select
from wtforms import PasswordField, SelectField
from wtforms.validators import Length, Optional

from access import roles
from access.scope import write_clause
from admin_views.base import ScopedModelView
from admin_views.labels import LABELS, help_for
from extensions import db
from forms.auth import MIN_PASSWORD_LENGTH
from models import User


def _temporary_password() -> str:
    return secrets.token_urlsafe(9)


class UserView(ScopedModelView):
    screen = "user"
    column_labels = LABELS
    column_descriptions = help_for("user")
    column_list = ("username", "full_name", "role", "state", "district", "police_unit",
                   "institution", "is_enabled", "last_login_at")
    column_details_list = ("username", "full_name", "role", "state", "district", "police_unit",
                           "institution", "phone", "email", "is_enabled", "must_change_password",
                           "language", "last_login_at", "created_at")
    column_export_list = column_list
    column_searchable_list = ("username", "full_name")
    column_filters = ("role", "is_enabled")
    column_default_sort = "username"
    column_formatters = {"role": lambda v, c, m, n: roles.role_label(m.role)}
    form_columns = ("username", "full_name", "role", "state", "district", "police_unit",
                    "institution", "phone", "email", "is_enabled", "new_password")
    form_extra_fields = {
        "role": SelectField(_l("Role"), choices=[], description=help_for("user")["role"]),
        "new_password": PasswordField(
            _l("Temporary password"), validators=[Optional(), Length(min=MIN_PASSWORD_LENGTH, max=200)],
            description=_l("Leave empty to generate one. The user must change it at first sign-in.")),
    }
    form_args = {"username": {"validators": [Length(min=3, max=80)]}}

    def create_form(self, obj=None):
        return self._with_roles(super().create_form(obj))

    def edit_form(self, obj=None):
        return self._with_roles(super().edit_form(obj))

    def _with_roles(self, form):
        form.role.choices = [(code, roles.role_label(code))
                             for code in roles.grantable_roles(current_user.role)]
        return form

    def check_record(self, form):
        role = form.role.data
        state, district = form.state.data, form.district.data
        unit, institution = form.police_unit.data, form.institution.data
        name = (form.username.data or "").strip()
        clash = db.session.scalar(select(User.id).where(func.lower(User.username) == name.lower()))
        if clash is not None and str(clash) != str(self._editing_id()):
            form.username.errors.append(_("This username is taken."))
        if role in roles.NEEDS_STATE and state is None and district is None:
            form.state.errors.append(_("This role needs a state."))
        if role in roles.NEEDS_DISTRICT and district is None:
            form.district.errors.append(_("This role needs a district."))
        if role in roles.NEEDS_POLICE_UNIT and unit is None:
            form.police_unit.errors.append(_("A police account needs its police unit."))
        if role in roles.NEEDS_INSTITUTION and institution is None:
            form.institution.errors.append(_("A CCI account needs its institution."))
        if district is not None and state is not None and district.state_id != state.id:
            form.district.errors.append(_("This district is not in the state chosen."))
        if unit is not None and district is not None and unit.district_id != district.id:
            form.police_unit.errors.append(_("This police unit is not in the district chosen."))
        if institution is not None and district is not None and institution.district_id != district.id:
            form.institution.errors.append(_("This institution is not in the district chosen."))

    def _editing_id(self):
        from flask import request
        return request.args.get("id") if request.endpoint.endswith("edit_view") else None

    def on_model_change(self, form, model, is_created):
        model.username = model.username.strip()
        if model.district is not None:
            model.state_id = model.district.state_id
        if model.role not in roles.NEEDS_DISTRICT:
            model.district = None
        if model.role not in roles.NEEDS_POLICE_UNIT:
            model.police_unit = None
        if model.role not in roles.NEEDS_INSTITUTION:
            model.institution = None
        if model.role in roles.NATIONAL_ROLES:
            model.state = None
        if is_created or form.new_password.data:
            password = form.new_password.data or _temporary_password()
            model.set_password(password)
            model.must_change_password = True
            if not form.new_password.data:
                flash(_("Temporary password for %(user)s: %(password)s — give it to them in "
                        "person; they must change it at first sign-in.",
                        user=model.username, password=password), "info")
        super().on_model_change(form, model, is_created)

    def _managed(self, ids):
        pks = [int(i) for i in ids if str(i).isdigit()]
        return db.session.query(User).filter(User.id.in_(pks), User.id != current_user.id,
                                             write_clause(current_user, User)).all()

    @action("disable", _l("Disable"), _l("Disable the selected accounts?"))
    def action_disable(self, ids):
        users = self._managed(ids)
        for user in users:
            user.is_enabled = False
        db.session.commit()
        flash(_("%(count)s accounts were disabled.", count=len(users)), "success")

    @action("enable", _l("Enable"), _l("Enable the selected accounts?"))
    def action_enable(self, ids):
        users = self._managed(ids)
        for user in users:
            user.is_enabled = True
        db.session.commit()
        flash(_("%(count)s accounts were enabled.", count=len(users)), "success")

    @action("reset_password", _l("Reset password"),
            _l("Give the selected accounts a new temporary password?"))
    def action_reset_password(self, ids):
        for user in self._managed(ids):
            password = _temporary_password()
            user.set_password(password)
            user.must_change_password = True
            flash(_("Temporary password for %(user)s: %(password)s", user=user.username,
                    password=password), "info")
        db.session.commit()

    def is_action_allowed(self, name):
        if name in ("disable", "enable", "reset_password"):
            return self.can_edit
        return super().is_action_allowed(name)
