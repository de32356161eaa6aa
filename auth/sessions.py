"""Sessions that end when they should (OWASP ASVS 3.3; DESIGN "Limits").

The session stays a signed cookie; what makes it revocable is one number on the
account's row, its session generation, which the user loader reads anyway (one
lookup by primary key, no extra query per request). A session is signed in
under the account's generation of that moment; sign-out, a password change or
reset, and disabling the account raise the generation, which ends every session
of the account on every worker and machine, copied cookies included.

Limits: idle, SESSION_IDLE_MINUTES (Flask refuses a session cookie signed longer
ago than PERMANENT_SESSION_LIFETIME, and signs it again at every request); in
all, SESSION_ABSOLUTE_HOURS from sign-in, however busy the session."""
import time
from datetime import timedelta

from flask import Flask, current_app, flash, session
from flask_babel import gettext as _
from flask_login import login_user, logout_user
from sqlalchemy import update

from extensions import db, login_manager
from models import User

GENERATION = "_generation"
SIGNED_IN_AT = "_signed_in_at"
# What survives signing in and out: the language the person chose.
_KEPT = ("language",)
# Flask-Login's keys and ours: what a session that ended loses.
_SIGNED_IN_KEYS = ("_user_id", "_fresh", "_id", GENERATION, SIGNED_IN_AT)


def init_app(app: Flask) -> None:
    app.permanent_session_lifetime = timedelta(minutes=app.config["SESSION_IDLE_MINUTES"])


def _fresh_session() -> None:
    """An empty session but for the language: nothing chosen before signing in
    (the CSRF secret above all) outlives it."""
    kept = {key: session[key] for key in _KEPT if key in session}
    session.clear()
    session.update(kept)


def start(user: User) -> None:
    """Sign `user` in on a fresh session, under the account's current generation."""
    _fresh_session()
    login_user(user)
    session.permanent = True  # the idle limit applies
    session[GENERATION] = user.session_generation or 0
    session[SIGNED_IN_AT] = int(time.time())


def keep_this_session(user: User) -> None:
    """After the owner changed the password (which ended every session): this
    one goes on, the others stay ended."""
    session[GENERATION] = user.session_generation or 0


def end_all(user_id: int) -> None:
    """End every session of the account. A plain UPDATE: it must not collide with
    the optimistic lock (version) that guards edits of the account."""
    db.session.execute(update(User).where(User.id == user_id).values(
        session_generation=User.session_generation + 1).execution_options(synchronize_session=False))
    db.session.commit()


def sign_out(user_id: int) -> None:
    end_all(user_id)
    logout_user()
    _fresh_session()


def _current(user: User) -> bool:
    if session.get(GENERATION) != (user.session_generation or 0):
        return False
    signed_in_at = session.get(SIGNED_IN_AT)
    limit = float(current_app.config["SESSION_ABSOLUTE_HOURS"]) * 3600
    return isinstance(signed_in_at, int) and 0 <= time.time() - signed_in_at < limit


@login_manager.user_loader
def load_user(user_id: str):
    if not user_id.isdigit():
        return None
    user = db.session.get(User, int(user_id))
    if user is None or not user.is_enabled:
        return None
    if not _current(user):
        # Signed out elsewhere, password changed or reset, account disabled (which
        # raised the generation too), or the absolute limit reached: this cookie
        # signs no one in any more.
        for key in _SIGNED_IN_KEYS:
            session.pop(key, None)
        flash(_("Your session has ended. Please sign in again."), "info")
        return None
    return user
