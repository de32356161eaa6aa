"""The home page's figures, each defined once: the number on the home page and
the list it opens are the same query (the role's read scope, live rows and the
figure's own condition), so they cannot disagree.

A list opened from a figure carries `?figure=<key>`; ScopedModelView applies
the figure's condition to its rows, count and export, and says above the list
which figure it shows."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from flask import request
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import func, select

from access.rights import MODERATE, can, can_open
from access.scope import RECEIVING_ROLES, read_clause, receive_clause
from extensions import db
from models import CitizenReport, Child, FoundReport, MissingReport, Transfer
from models.institutions import CNCP, category_of
from models.transfers import REQUESTED


@dataclass(frozen=True)
class Figure:
    key: str
    model: type
    screen: str  # the list it opens (access.rights screen, Flask-Admin endpoint)
    label: object
    condition: Callable  # () -> SQL condition, besides read scope and live rows
    right: str | None = None  # a right the role needs besides opening the list
    for_category: str | None = None  # a CCI sees it only for children of this category
    only_roles: frozenset | None = None

    def applies_to(self, user) -> bool:
        if not can_open(user.role, self.screen):
            return False
        if self.only_roles is not None and user.role not in self.only_roles:
            return False
        if self.right is not None and not can(user.role, self.screen, self.right):
            return False
        if self.for_category is not None and user.institution is not None:
            return category_of(user.institution) == self.for_category
        return True


FIGURES = (
    Figure("in_care", Child, "child", _l("Children in care"), lambda: Child.status == "in_care"),
    Figure("open_missing", MissingReport, "missing_report", _l("Open missing reports"),
           lambda: MissingReport.status == "open"),
    Figure("open_found", FoundReport, "found_report", _l("Open found-child reports"),
           lambda: FoundReport.status == "open", for_category=CNCP),
    Figure("citizen_waiting", CitizenReport, "citizen_report", _l("Citizens' reports waiting for a decision"),
           lambda: CitizenReport.status == "received", right=MODERATE),
    Figure("transfers_to_decide", Transfer, "transfer", _l("Transfers waiting for your decision"),
           lambda: receive_clause(current_user) & (Transfer.status == REQUESTED),
           only_roles=RECEIVING_ROLES),
)
FIGURE_BY_KEY = {figure.key: figure for figure in FIGURES}


def for_user(user) -> list[Figure]:
    return [figure for figure in FIGURES if figure.applies_to(user)]


def condition(figure: Figure, user):
    """The figure's rows among the records the user may read: what the home page
    counts and what ScopedModelView adds to the list it opens."""
    model = figure.model
    clause = read_clause(user, model) & figure.condition()
    if hasattr(model, "archived_at"):
        clause = clause & model.archived_at.is_(None)
    return clause


def count(figure: Figure, user) -> int:
    return db.session.scalar(select(func.count()).select_from(figure.model)
                             .where(condition(figure, user)))


def requested(screen: str) -> Figure | None:
    """The figure a list request asks for, if it is one of this list's."""
    figure = FIGURE_BY_KEY.get(request.args.get("figure", ""))
    if figure is None or figure.screen != screen:
        return None
    return figure
