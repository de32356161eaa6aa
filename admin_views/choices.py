"""Helpers that turn the fixed lists into Flask-Admin options and filters."""
import typing
from time import monotonic

from flask import current_app, has_request_context
from flask_admin.contrib.sqla.filters import IntEqualFilter
from flask_login import current_user
from sqlalchemy import event, func, select
from sqlalchemy.orm import Session

from access.scope import read_clause
from extensions import db
from models.local_names import local_name_column, page_language

# Every district of India (about 780) fits, and the CCIs of a state; above it a
# national list of institutions is cut here and says so in its last option
# (narrow by district first) rather than losing the rest silently (#16).
MAX_OPTIONS = 2000
# Options are the same for every user of one scope: computed once per scope and
# language, again after OPTIONS_SECONDS or as soon as this process saves a change
# to a table options are drawn from.
OPTIONS_SECONDS = 60

_cache: dict = {}
_generation = [0]


def as_choices(mapping: dict) -> dict:
    """{column: CHOICES} -> form_choices (a list per column)."""
    return {column: list(choices) for column, choices in mapping.items()}


def cached_for_scope(what: tuple, compute):
    """compute(), once per `what`, scope of the signed-in user and page language."""
    user = current_user
    key = (what, user.role, user.state_id, user.district_id, user.institution_id,
           user.police_unit_id, page_language(), _generation[0])
    hit = _cache.get(key)
    if hit is not None and monotonic() - hit[0] < OPTIONS_SECONDS:
        return hit[1]
    value = compute()
    _cache[key] = (monotonic(), value)
    return value


@event.listens_for(Session, "after_flush")
def _options_changed(session, _context):
    """A saved district, institution, unit...: every cached option list is stale."""
    remotes = {flt_remote for flt_remote in ScopedFilter.remotes}
    if any(isinstance(obj, tuple(remotes)) for obj in (*session.new, *session.dirty, *session.deleted)):
        _generation[0] += 1
        _cache.clear()


class ScopedFilter(IntEqualFilter):
    """An equality filter on a foreign key whose options are the rows of
    `remote` in the user's scope. Flask-Admin computes options once at start,
    so ScopedModelView asks for them again on every request (from a cache per
    scope). Integer-typed, so a value that is not a number is refused rather
    than compared as text."""

    remotes: typing.ClassVar[set] = set()  # every remote some filter draws options from

    def __init__(self, column, name, remote):
        super().__init__(column, name, options=self.scoped_options)
        self.remote = remote
        ScopedFilter.remotes.add(remote)

    def scoped_options(self):
        if not has_request_context() or not current_user.is_authenticated:
            return [("", "")]  # at start-up: a placeholder that makes it a dropdown
        return cached_for_scope(("options", self.remote.__name__), self._options)

    def _options(self):
        remote, scope = self.remote, read_clause(current_user, self.remote)
        rows = db.session.execute(select(remote.id, local_name_column(remote)).where(scope)
                                  .order_by(remote.name).limit(MAX_OPTIONS)).all()
        options = [(str(pk), name) for pk, name in rows]
        if len(rows) == MAX_OPTIONS:
            total = db.session.scalar(select(func.count()).select_from(remote).where(scope))
            if total > MAX_OPTIONS:
                from flask_babel import gettext as _
                current_app.logger.info("%s filter: %s options, %s listed", remote.__name__, total,
                                        MAX_OPTIONS)
                options.append(("", _("%(count)s more not listed: filter by district first",
                                       count=total - MAX_OPTIONS)))
        return options


def scoped_filter(column, label, remote):
    return ScopedFilter(column, label, remote)
