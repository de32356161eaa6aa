"""Accounts: a national admin creates states' admins; a state admin creates
(one by one, or many from a file: admin_views/account_file.py), disables and
resets the accounts of their own state, below their own role, sees which are
locked out of sign-in and unlocks them."""
from flask import flash, g, request
from flask_admin import expose
from flask_admin.actions import action
from flask_admin.contrib.sqla.filters import BaseSQLAFilter
from flask_babel import gettext as _, lazy_gettext as _l
from display import show_datetime
from flask_login import current_user
from sqlalchemy import func
from wtforms import PasswordField, SelectField
from wtforms.validators import Length, Optional

from access import accounts, roles
from access.rights import CREATE
from access.scope import write_clause
from admin_views.account_file import AccountFileMixin
from admin_views.base import ScopedModelView, record_id
from admin_views.labels import LABELS, help_for
from auth import signin_locks
from auth.passwords import PasswordPolicy, temporary_password
from auth.redirects import safe_next
from extensions import db
from models import User


class LockedFilter(BaseSQLAFilter):
    """'Sign-in: locked' lists the accounts locked out of sign-in now."""

    def __init__(self):
        super().__init__(User.username, _l("Sign-in"), options=(("locked", _l("locked")),))

    def validate(self, value):
        return value == "locked"

    def apply(self, query, value, alias=None):
        return query.filter(func.lower(User.username).in_(signin_locks.locked_usernames()))

    def operation(self):
        return _l("show")


class UserView(AccountFileMixin, ScopedModelView):
    screen = "user"
    # Accounts from a file: the same right as creating one account.
    _GATES = {**ScopedModelView._GATES, "bulk_view": CREATE, "bulk_create_view": CREATE}
    column_labels = {**LABELS, "signin_locked": _l("Sign-in locked until")}
    column_descriptions = {**help_for("user"), "signin_locked": _l(
        "After too many wrong passwords, sign-in is refused until this time (from one computer "
        "or network, or from everywhere). 'Unlock sign-in' or a password reset lifts it.")}
    column_list = ("username", "full_name", "role", "state", "district", "police_unit",
                   "institution", "is_enabled", "last_login_at", "signin_locked")
    column_details_list = ("username", "full_name", "role", "state", "district", "police_unit",
                           "institution", "phone", "email", "is_enabled", "must_change_password",
                           "language", "last_login_at", "signin_locked", "created_at")
    column_export_list = ("username", "full_name", "role", "state", "district", "police_unit",
                          "institution", "is_enabled", "last_login_at")
    column_searchable_list = ("username", "full_name")
    column_filters = ("role", "is_enabled", LockedFilter())
    column_default_sort = "username"
    form_columns = ("username", "full_name", "role", "state", "district", "police_unit",
                    "institution", "phone", "email", "is_enabled", "new_password")
    form_extra_fields = {
        "role": SelectField(_l("Role"), choices=[], description=help_for("user")["role"]),
        "new_password": PasswordField(
            _l("Temporary password"), validators=[Optional(), PasswordPolicy()],
            description=_l("Leave empty to generate one, shown once on the next page. The user "
                           "must change it at first sign-in. Setting one also lifts a sign-in lock.")),
    }
    form_args = {"username": {"validators": [Length(min=3, max=80)]}}
    create_template = "admin/user_create.html"
    edit_template = "admin/user_edit.html"
    list_template = "admin/user_list.html"

    @property
    def column_formatters(self):
        return {"role": lambda v, c, m, n: roles.role_label(m.role),
                "signin_locked": self._locked_until}

    # ---- sign-in locks ------------------------------------------------------
    def get_list(self, page, sort_column, sort_desc, search, filters, execute=True, page_size=None):
        count, rows = super().get_list(page, sort_column, sort_desc, search, filters,
                                       execute=execute, page_size=page_size)
        if execute:
            g.signin_locked = signin_locks.locked_until(rows)  # one query for the page
        return count, rows

    def _locked_until(self, view, context, model, name):
        known = g.get("signin_locked")  # the list page's, read in one query
        if known is None:
            known = signin_locks.locked_until([model])  # the details page: one account
        until = known.get(model.id)
        return show_datetime(until) if until else ""

    def _lift_locks(self, users, reason):
        """Lift the sign-in locks of `users` (already scoped), auditing each lift."""
        for user in signin_locks.lift(users):
            signin_locks.audit_signin("signin_unlocked", user.username, user, reason, "",
                                      actor=current_user)

    def edit_form(self, obj=None):
        return self._with_roles(super().edit_form(obj))

    def _with_roles(self, form):
        form.role.choices = [(code, roles.role_label(code))
                             for code in roles.grantable_roles(current_user.role)]
        return form

    def check_record(self, form):
        editing_id = record_id(self._editing_id())
        editing = db.session.get(User, editing_id) if editing_id else None
        found = accounts.problems(
            current_user, username=form.username.data, role=form.role.data,
            state=form.state.data, district=form.district.data,
            police_unit=form.police_unit.data, institution=form.institution.data, editing=editing)
        for field, message in found:
            getattr(form, field).errors.append(message)

    def _editing_id(self):
        return request.args.get("id") if request.endpoint.endswith("edit_view") else None

    # ---- the form: what each role needs (static/account_form.js) ---------------
    def create_form(self, obj=None):
        form = self._with_roles(super().create_form(obj))
        if (request.method == "GET" and current_user.role == roles.STATE_ADMIN
                and form.state.data is None):
            form.state.data = current_user.state  # their own state: the only one they manage
        return form

    def render(self, template, **kwargs):
        # The account form shows the state, district, unit and institution only
        # for the roles that have them (access/roles.py NEEDS_*).
        kwargs.setdefault("account_fields", {
            "state": sorted(roles.NEEDS_STATE), "district": sorted(roles.NEEDS_DISTRICT),
            "police_unit": sorted(roles.NEEDS_POLICE_UNIT),
            "institution": sorted(roles.NEEDS_INSTITUTION)})
        return super().render(template, **kwargs)

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
            password = form.new_password.data or temporary_password()
            model.set_password(password)
            model.must_change_password = True
            if not form.new_password.data:
                self._show_once(model.username, password)
            if not is_created:
                self._lift_locks([model], "password_reset")
        super().on_model_change(form, model, is_created)

    # ---- temporary passwords: on the response page only ------------------------
    # Never flashed: a flashed message travels in the session cookie, which is
    # signed but readable. The page that answers the save shows them, once.
    def _show_once(self, username, password):
        g.setdefault("temporary_passwords", []).append((username, password))

    def _with_temporary_passwords(self, response):
        shown = g.pop("temporary_passwords", None)
        if not shown or getattr(response, "status_code", None) not in (301, 302, 303):
            return response  # not saved: nothing to show
        next_url = safe_next(response.location) or self.get_url(".index_view")
        return self.render("admin/temporary_passwords.html", passwords=shown, next_url=next_url)

    @expose("/new/", methods=("GET", "POST"))
    def create_view(self):
        return self._with_temporary_passwords(super().create_view())

    @expose("/action/", methods=("POST",))
    def action_view(self):
        return self._with_temporary_passwords(super().action_view())

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
        users = self._managed(ids)
        for user in users:
            password = temporary_password()
            user.set_password(password)  # ends the account's sessions
            user.must_change_password = True
            self._show_once(user.username, password)
        self._lift_locks(users, "password_reset")
        db.session.commit()

    @action("unlock", _l("Unlock sign-in"),
            _l("Lift the sign-in locks of the selected accounts?"))
    def action_unlock(self, ids):
        users = self._managed(ids)
        self._lift_locks(users, "unlocked")
        db.session.commit()
        flash(_("%(count)s accounts may sign in again.", count=len(users)), "success")

    def is_action_allowed(self, name):
        if name in ("disable", "enable", "reset_password", "unlock"):
            return self.can_edit
        return super().is_action_allowed(name)
