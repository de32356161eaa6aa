import json

from flask import Blueprint, current_app, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_limiter.util import get_remote_address
from flask_login import current_user, login_required, login_user, logout_user
from limits import parse as parse_limit
from sqlalchemy import func, select, update

from access import access_log
from auth.redirects import safe_next
from extensions import db, limiter, login_manager
from forms.auth import ChangePasswordForm, LoginForm
from models import AuditLog, User
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
    """Staff go to the panel; visitors to the public page, except on an empty
    install, where the sign-in page says how to create the first admin."""
    if current_user.is_authenticated:
        return redirect(url_for("admin.index"))
    if db.session.scalar(select(User.id).limit(1)) is None:
        return redirect(url_for("auth.login"))
    return redirect(url_for("public.home"))


# ---- failed sign-ins: counted per account and per address ---------------------
# DESIGN "Limits": 5 failed sign-ins in 15 minutes lock the account (and, counted
# separately, the address) for 15 minutes. Successful sign-ins are never counted.
# The counters live in Flask-Limiter's storage: memory, or Redis when
# RATELIMIT_STORAGE_URI names one, so that every worker and machine shares them.

class SigninGuard:
    def __init__(self, username: str):
        self.address = get_remote_address() or "unknown"
        self.keys = (("account", username[:80]), ("address", self.address))
        cfg = current_app.config
        minutes = int(cfg["SIGNIN_LOCK_MINUTES"])
        self.failures = parse_limit(f"{int(cfg['SIGNIN_FAILURE_LIMIT'])} per {minutes} minutes")
        self.lock = parse_limit(f"1 per {minutes} minutes")
        self.enabled = limiter.enabled and limiter.initialized

    def locked(self) -> str | None:
        """'account' or 'address' when sign-in is locked, else None."""
        if not self.enabled:
            return None
        for kind, value in self.keys:
            if not limiter.limiter.test(self.lock, "signin-lock", kind, value):
                return kind
        return None

    def failed(self) -> str | None:
        """Count a failure; returns what became locked by it, if anything."""
        if not self.enabled:
            return None
        became = None
        for kind, value in self.keys:
            limiter.limiter.hit(self.failures, "signin-failures", kind, value)
            if not limiter.limiter.test(self.failures, "signin-failures", kind, value):
                limiter.limiter.hit(self.lock, "signin-lock", kind, value)
                became = became or kind
        return became


def _lock_message(kind: str) -> str:
    minutes = current_app.config["SIGNIN_LOCK_MINUTES"]
    if kind == "account":
        return _("Too many failed sign-ins for this account. To protect it, sign-in is locked "
                 "for %(minutes)s minutes. Wait and try again, or ask your state admin to reset "
                 "your password.", minutes=minutes)
    return _("Too many failed sign-ins from this computer or network. Sign-in from here is "
             "locked for %(minutes)s minutes. Wait and try again.", minutes=minutes)


def _audit_signin(action: str, attempted: str, user: User | None, reason: str, address: str):
    """Failed sign-ins go to the audit log, scoped to the account's state and district."""
    db.session.add(AuditLog(
        at=utcnow(), user_id=None, username=attempted[:80] or "-", action=action,
        table_name="users", record_id=user.id if user is not None else 0,
        changes=json.dumps({"reason": [None, reason], "address": [None, address[:64]]}),
        state_id=getattr(user, "state_id", None), district_id=getattr(user, "district_id", None)))
    db.session.commit()


@bp.route("/login", methods=["GET", "POST"])
def login():
    target = safe_next(request.args.get("next"))
    if current_user.is_authenticated:
        return redirect(target or url_for("admin.index"))
    form = LoginForm()
    status = 200
    if form.validate_on_submit():
        attempted = form.username.data.strip().lower()
        guard = SigninGuard(attempted)
        user = db.session.scalar(select(User).where(func.lower(User.username) == attempted))
        locked = guard.locked()
        if locked:
            # Locked: the password is not even checked, so guessing goes nowhere.
            _audit_signin("signin_failed", attempted, user, f"locked_{locked}", guard.address)
            flash(_lock_message(locked), "error")
            status = 429
        elif user is None or not user.check_password(form.password.data):
            became = guard.failed()
            _audit_signin("signin_failed", attempted, user,
                          "unknown_user" if user is None else "wrong_password", guard.address)
            if became:
                _audit_signin("signin_locked", attempted, user, became, guard.address)
                flash(_lock_message(became), "error")
                status = 429
            else:
                flash(_("Wrong username or password."), "error")
        elif not user.is_enabled:
            _audit_signin("signin_failed", attempted, user, "disabled", guard.address)
            flash(_("This account is disabled. Ask your state admin to enable it."), "error")
        else:
            login_user(user)
            access_log.note_sign_in(user)
            session.permanent = True  # expires after PERMANENT_SESSION_LIFETIME idle
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
    access_log.note_sign_out()
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
