"""Failed sign-ins and sign-in locks (DESIGN "Limits"; OWASP ASVS 2.2.1).

Counted in the database (models/signin.py), so every worker and every machine
sees the same tries. Over the last SIGNIN_LOCK_MINUTES:
- SIGNIN_FAILURE_LIMIT (5) failures of one account from one address lock that
  account from that address: one person's typos lock only themselves;
- SIGNIN_ACCOUNT_LIMIT (20) failures of one account, from any addresses, lock
  the account everywhere: a stranger's five tries do not lock a member out;
- SIGNIN_ADDRESS_LIMIT (100) failures from one address, whatever the accounts,
  lock the address: one password tried on many accounts.
A lock lasts SIGNIN_LOCK_MINUTES. While it holds, the password is not checked
and nothing more is counted or audited: the audit log gets one entry per lock.
A successful sign-in clears the failures of its own account and address. A
state admin lifts an account's locks by unlocking it or resetting its password."""
import json
from datetime import timedelta

from flask import current_app
from flask_babel import gettext as _
from flask_limiter.util import get_remote_address
from sqlalchemy import and_, case, delete, func, or_, select

from extensions import db
from models import AuditLog, User
from models.base import utcnow
from models.signin import (ACCOUNT_LOCKS, LOCK_ACCOUNT, LOCK_ADDRESS, LOCK_PAIR, SigninFailure,
                           SigninLock)

USERNAME_MAX = 80
ADDRESS_MAX = 64


def client_address() -> str:
    """The client's address as the app sees it (behind a proxy: PROXY_COUNT)."""
    return (get_remote_address() or "unknown")[:ADDRESS_MAX]


class SigninGuard:
    """The locks and counters of one sign-in attempt: a typed username (folded to
    lower case, existing or not) from one address."""

    def __init__(self, username: str, address: str):
        self.username = username[:USERNAME_MAX]
        self.address = address[:ADDRESS_MAX]
        cfg = current_app.config
        self.window = timedelta(minutes=int(cfg["SIGNIN_LOCK_MINUTES"]))
        self.limits = {LOCK_PAIR: int(cfg["SIGNIN_FAILURE_LIMIT"]),
                       LOCK_ACCOUNT: int(cfg["SIGNIN_ACCOUNT_LIMIT"]),
                       LOCK_ADDRESS: int(cfg["SIGNIN_ADDRESS_LIMIT"])}

    def _covers(self, model):
        """Rows of `model` that concern this attempt, by kind for locks."""
        if model is SigninLock:
            return or_(
                and_(SigninLock.kind == LOCK_PAIR, SigninLock.username == self.username,
                     SigninLock.address == self.address),
                and_(SigninLock.kind == LOCK_ACCOUNT, SigninLock.username == self.username),
                and_(SigninLock.kind == LOCK_ADDRESS, SigninLock.address == self.address))
        return or_(SigninFailure.username == self.username, SigninFailure.address == self.address)

    def locked(self) -> str | None:
        """The kind of lock that refuses this attempt, or None."""
        return db.session.scalar(select(SigninLock.kind).where(
            SigninLock.locked_until > utcnow(), self._covers(SigninLock)).limit(1))

    def failed(self, user: User | None) -> str | None:
        """Count a failure; lock what reached its limit. Returns the kind of lock
        this failure made (audited once), or None. Commits."""
        now = utcnow()
        since = now - self.window
        db.session.execute(delete(SigninFailure).where(SigninFailure.failed_at <= since))
        db.session.add(SigninFailure(username=self.username, address=self.address, failed_at=now))
        db.session.flush()
        same_user = SigninFailure.username == self.username
        same_address = SigninFailure.address == self.address
        counts = db.session.execute(select(
            func.coalesce(func.sum(case((and_(same_user, same_address), 1), else_=0)), 0),
            func.coalesce(func.sum(case((same_user, 1), else_=0)), 0),
            func.coalesce(func.sum(case((same_address, 1), else_=0)), 0),
        ).where(SigninFailure.failed_at > since, self._covers(SigninFailure))).one()
        made = None
        # The widest lock first: it is the one the message and the audit name.
        for kind, count in ((LOCK_ADDRESS, counts[2]), (LOCK_ACCOUNT, counts[1]),
                            (LOCK_PAIR, counts[0])):
            if count >= self.limits[kind]:
                db.session.execute(delete(SigninLock).where(SigninLock.locked_until <= now))
                db.session.add(SigninLock(
                    kind=kind, locked_at=now, locked_until=now + self.window,
                    username=None if kind == LOCK_ADDRESS else self.username,
                    address=None if kind == LOCK_ACCOUNT else self.address))
                made = made or kind
        if made:
            audit_signin("signin_locked", self.username, user, made, self.address)
        db.session.commit()
        return made

    def succeeded(self) -> None:
        """The right password: this account's failures from this address are
        forgiven (those from elsewhere still count towards its ceiling)."""
        db.session.execute(delete(SigninFailure).where(
            SigninFailure.username == self.username, SigninFailure.address == self.address))


def lock_message(kind: str) -> str:
    minutes = current_app.config["SIGNIN_LOCK_MINUTES"]
    if kind == LOCK_PAIR:
        return _("Too many failed sign-ins for this account from this computer or network. "
                 "Sign-in is locked for %(minutes)s minutes. Wait and try again, or ask your "
                 "state admin to unlock your account.", minutes=minutes)
    if kind == LOCK_ACCOUNT:
        return _("Too many failed sign-ins for this account. To protect it, sign-in is locked "
                 "for %(minutes)s minutes. Wait and try again, or ask your state admin to reset "
                 "your password.", minutes=minutes)
    return _("Too many failed sign-ins from this computer or network. Sign-in from here is "
             "locked for %(minutes)s minutes. Wait and try again.", minutes=minutes)


def audit_signin(action: str, attempted: str, user: User | None, reason: str, address: str,
                 actor: User | None = None) -> None:
    """Sign-in events in the audit log, scoped to the account's state and district
    (added to the session; the caller commits)."""
    db.session.add(AuditLog(
        at=utcnow(), user_id=actor.id if actor is not None else None,
        username=(actor.username if actor is not None else attempted)[:USERNAME_MAX] or "-",
        action=action, table_name="users", record_id=user.id if user is not None else 0,
        changes=json.dumps({"reason": [None, reason], "address": [None, address[:ADDRESS_MAX]]}),
        state_id=getattr(user, "state_id", None), district_id=getattr(user, "district_id", None)))


# ---- what a state admin sees and does (admin_views/users.py) ------------------

def _folded(users) -> dict[str, User]:
    return {user.username.strip().lower(): user for user in users}


def locked_until(users) -> dict[int, object]:
    """Account id -> when its latest lock ends, for the accounts among `users`
    that are locked (from one address or everywhere). One query."""
    by_name = _folded(users)
    if not by_name:
        return {}
    rows = db.session.execute(select(SigninLock.username, func.max(SigninLock.locked_until)).where(
        SigninLock.kind.in_(ACCOUNT_LOCKS), SigninLock.username.in_(list(by_name)),
        SigninLock.locked_until > utcnow()).group_by(SigninLock.username)).all()
    return {by_name[name].id: until for name, until in rows}


def locked_usernames():
    """A subquery of the folded usernames locked now (the list filter)."""
    return select(SigninLock.username).where(SigninLock.kind.in_(ACCOUNT_LOCKS),
                                             SigninLock.locked_until > utcnow())


def lift(users) -> list[User]:
    """Lift the account locks of `users` and forget their failures; returns those
    that were locked. The caller audits and commits."""
    names = list(_folded(users))
    if not names:
        return []
    locked = locked_until(users)
    db.session.execute(delete(SigninLock).where(SigninLock.kind.in_(ACCOUNT_LOCKS),
                                                SigninLock.username.in_(names)))
    db.session.execute(delete(SigninFailure).where(SigninFailure.username.in_(names)))
    return [user for user in users if user.id in locked]
