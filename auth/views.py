"""Sign-in, sign-out, the password change and the language choice. Sessions:
auth/sessions.py; failed sign-ins and locks: auth/signin_locks.py; the password
policy and check: auth/passwords.py."""
from flask import Blueprint, current_app, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import func, select, update

from access import access_log
from auth import passwords, sessions
from auth.redirects import safe_next
from auth.signin_locks import SigninGuard, audit_signin, client_address, lock_message
from extensions import db
from forms.auth import ChangePasswordForm, LoginForm
from models import User
from models.base import utcnow

bp = Blueprint("auth", __name__)

# Pages a user who must change their password may still reach, and the files the
# password page itself loads (its stylesheet comes from Flask-Admin's static files;
# the browser asks for the icon).
_OPEN_DURING_CHANGE = {"auth.change_password", "auth.logout", "auth.set_language", "static",
                       "admin.static", "favicon"}


@bp.before_app_request
def force_password_change():
    if (current_user.is_authenticated and current_user.must_change_password
            and request.endpoint not in _OPEN_DURING_CHANGE):
        return redirect(url_for("auth.change_password"))


@bp.route("/")
def index():
    """Staff go to the panel; visitors to the public page, except on an empty
    install, where the sign-in page says how to create the first admin."""
    if current_user.is_authenticated:
        return redirect(url_for("admin.index"))
    if db.session.scalar(select(User.id).limit(1)) is None:
        return redirect(url_for("auth.login"))
    return redirect(url_for("public.home"))


@bp.route("/login", methods=["GET", "POST"])
def login():
    target = safe_next(request.args.get("next"))
    if current_user.is_authenticated:
        return redirect(target or url_for("admin.index"))
    form = LoginForm()
    status = 200
    if form.validate_on_submit():
        attempted = form.username.data.strip().lower()
        guard = SigninGuard(attempted, client_address())
        user = db.session.scalar(select(User).where(func.lower(User.username) == attempted))
        locked = guard.locked()
        if locked:
            # Locked: the password is not even checked, so guessing goes nowhere;
            # the lock was audited once, when it was made.
            flash(lock_message(locked), "error")
            status = 429
        elif not passwords.verify(user, form.password.data):
            audit_signin("signin_failed", attempted, user,
                         "unknown_user" if user is None else "wrong_password", guard.address)
            became = guard.failed(user)  # commits
            if became:
                flash(lock_message(became), "error")
                status = 429
            else:
                flash(_("Wrong username or password."), "error")
        elif not user.is_enabled:
            audit_signin("signin_failed", attempted, user, "disabled", guard.address)
            db.session.commit()
            flash(_("This account is disabled. Ask your state admin to enable it."), "error")
        else:
            guard.succeeded()
            sessions.start(user)
            access_log.note_sign_in(user)
            # A plain UPDATE: concurrent sign-ins of one account must not collide
            # on the optimistic lock (version) that guards edits of the account.
            db.session.execute(update(User).where(User.id == user.id).values(
                last_login_at=utcnow()).execution_options(synchronize_session=False))
            db.session.commit()
            if user.must_change_password:
                return redirect(url_for("auth.change_password"))
            return redirect(target or url_for("admin.index"))
    empty = db.session.scalar(select(func.count()).select_from(User)) == 0
    return render_template("auth/login.html", form=form, empty_install=empty), status


@bp.route("/logout", methods=["POST"])
def logout():
    """Signing out ends every session of the account, on every device."""
    if current_user.is_authenticated:
        access_log.note_sign_out()  # while the user is still known
        sessions.sign_out(current_user.id)
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
            current_user.set_password(form.new_password.data)  # ends every session...
            current_user.must_change_password = False
            db.session.commit()
            sessions.keep_this_session(current_user)  # ...but this one
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
