"""Helpers that turn the fixed lists into Flask-Admin options and filters."""
from flask import has_request_context
from flask_admin.contrib.sqla.filters import IntEqualFilter
from flask_login import current_user

from access.scope import read_clause
from extensions import db

# Every district of India (about 780) fits; the cap only keeps a runaway table from
# drawing a page of tens of thousands of options (#16 makes it searchable).
MAX_OPTIONS = 2000


def as_choices(mapping: dict) -> dict:
    """{column: CHOICES} -> form_choices (a list per column)."""
    return {column: list(choices) for column, choices in mapping.items()}


class ScopedFilter(IntEqualFilter):
    """An equality filter on a foreign key whose options are the rows of
    `remote` in the user's scope. Flask-Admin computes options once at start,
    so ScopedModelView asks for them again on every request. Integer-typed, so a
    value that is not a number is refused rather than compared as text."""

    def __init__(self, column, name, remote):
        super().__init__(column, name, options=self.scoped_options)
        self.remote = remote

    def scoped_options(self):
        if not has_request_context() or not current_user.is_authenticated:
            return [("", "")]  # at start-up: a placeholder that makes it a dropdown
        rows = db.session.query(self.remote).filter(read_clause(current_user, self.remote))
        return [(str(r.id), str(r)) for r in rows.order_by(self.remote.name).limit(MAX_OPTIONS)]


def scoped_filter(column, label, remote):
    return ScopedFilter(column, label, remote)
