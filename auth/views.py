from flask import Blueprint, current_app, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user
from sqlalchemy import func, select

from auth.redirects import safe_next
from extensions import db, login_manager
from forms.auth import ChangePasswordForm, LoginForm
from models import User
from models.base import utcnow

bp = Blueprint("auth", __name__)

# Pages a user who must change their password may still reach.
_OPEN_DURING_CHANGE = {"auth.change_password", "auth.logout", "auth.set_language", "static"}


@login_manager.user_loader
def load_user(user_id: str):
    if not user_id.isdigit():
        return None
    user = db.session.get(User, int(user_id))
    # Disabling an account also ends the sessions it already has.
    return user if user is not None and user.is_enabled else None


@bp.before_app_request
def force_password_change():
    if (current_user.is_authenticated and current_user.must_change_password
            and request.endpoint not in _OPEN_DURING_CHANGE):
        return redirect(url_for("auth.change_password"))


@bp.route("/")
def index():
    if current_user.is_authenticated:
        return redirect(url_for("admin.index"))
    return redirect(url_for("auth.login"))


@bp.route("/login", methods=["GET", "POST"])
def login():
    target = safe_next(request.args.get("next"))
    if current_user.is_authenticated:
        return redirect(target or url_for("admin.index"))
    form = LoginForm()
    if form.validate_on_submit():
        user = db.session.scalar(select(User).where(
            func.lower(User.username) == form.username.data.strip().lower()))
        if user is None or not user.check_password(form.password.data):
            flash(_("Wrong username or password."), "error")
        elif not user.is_enabled:
            flash(_("This account is disabled. Ask your state admin to enable it."), "error")
        else:
            login_user(user)
            session.permanent = True  # expires after PERMANENT_SESSION_LIFETIME idle
            user.last_login_at = utcnow()
            db.session.commit()
            if user.must_change_password:
                return redirect(url_for("auth.change_password"))
            return redirect(target or url_for("admin.index"))
    empty = db.session.scalar(select(func.count()).select_from(User)) == 0
    return render_template("auth/login.html", form=form, empty_install=empty)


@bp.route("/logout", methods=["POST"])
def logout():
    logout_user()
    flash(_("You have signed out."), "info")
    return redirect(url_for("auth.login"))


@bp.route("/password", methods=["GET", "POST"])
@login_required
def change_password():
    form = ChangePasswordForm()
    if form.validate_on_submit():
        if not current_user.check_password(form.current_password.data):
            form.current_password.errors.append(_("The current password is wrong."))
        else:
            current_user.set_password(form.new_password.data)
            current_user.must_change_password = False
            db.session.commit()
            flash(_("Your password was changed."), "success")
            return redirect(url_for("admin.index"))
    return render_template("auth/change_password.html", form=form)


@bp.route("/language/<code>")
def set_language(code: str):
    if code in current_app.config["LANGUAGES"]:
        session["language"] = code
        if current_user.is_authenticated:
            current_user.language = code
            db.session.commit()
    return redirect(safe_next(request.args.get("next")) or url_for("auth.index"))
