"""The statutory clocks as of now: what a DCPU must see without searching.

Each clock is a query of the records (children, reports or orders) that are
overdue today; the dashboard counts them and the overdue list shows them, both
through the user's read scope (access.scope.read_clause), so the number on the
dashboard is the length of the list it links to.

As of today (India time):
- not_produced: found children not produced before the CWC/JJB and found more
  than 24 hours ago.
- sir_cwc / sir_jjb: SIRs ordered, not complied with, whose 15-day limit (order
  date + 15 days) is before today.
- cwc_final: CNCP children first produced more than 4 calendar months ago (the
  limit is before today) with no final disposition of the CWC (CWC_CLOSING_TYPES).
- jjb_4m / jjb_6m: CCL children whose inquiry has run past 4 / 6 months with no
  disposal order or "inquiry closed" order (JJB_CLOSING_TYPES).
- missing_4m: open missing reports (neither traced nor closed) reported to the
  police more than 4 calendar months ago: they also go to the AHTU.
- without_icp: children in care now with no ICP.
- progress_missing: children in care in one institution for the whole of last
  month with no progress entry for last month.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

from flask_babel import lazy_gettext as _l
from sqlalchemy import exists, func, not_, or_, select

from access import roles
from access.rights import can_open
from access.scope import read_clause
from extensions import db
from models.institutions import CCL, CNCP, category_of
from models import CarePlan, Child, CwcOrder, FoundReport, JjbOrder, MissingReport, Placement, ProgressEntry
from models.orders import CWC_CLOSING_TYPES, JJB_CLOSING_TYPES
from summaries.indicators import PRODUCTION_HOURS, SIR_DAYS, SIR_ORDERED
from summaries.periods import Month, opened_before, today_in_india


@dataclass(frozen=True)
class Clock:
    key: str
    label: object
    model: type
    screen: str  # access.rights screen whose list the records belong to
    conditions: object  # (now, today) -> list of SQL conditions on `model`
    date_column: str  # the date the clock started from, shown in the list
    not_for: frozenset = frozenset()
    # The children it concerns (CNCP or CCL; None: both). A CCI sees the clocks
    # of the children its type of institution cares for (models/institutions.py).
    category: str | None = None


def _not_produced(now, today):
    F = FoundReport
    return [F.archived_at.is_(None), F.produced_at.is_(None),
            F.found_at <= now - timedelta(hours=PRODUCTION_HOURS)]


def _sir(model):
    def conditions(now, today):
        return [model.archived_at.is_(None), model.order_type == SIR_ORDERED,
                model.complied_on.is_(None), model.order_date < today - timedelta(days=SIR_DAYS),
                # EXISTS, not IN: a lookup of each order's child, not a list of every live child.
                exists(select(1).where(Child.id == model.child_id, Child.archived_at.is_(None)))]
    return conditions


def _pending(category, order_model, closing_types, months):
    def conditions(now, today):
        closed = exists(select(1).where(order_model.child_id == Child.id,
                                        order_model.order_type.in_(closing_types),
                                        order_model.archived_at.is_(None)))
        return [Child.archived_at.is_(None), Child.category == category,
                Child.case_opened_on < opened_before(today, months), not_(closed)]
    return conditions


def _missing_4m(now, today):
    M = MissingReport
    return [M.archived_at.is_(None), M.traced_at.is_(None), M.closed_at.is_(None),
            M.status == "open", M.reported_on < opened_before(today, 4)]


def _in_care_now():
    return exists(select(1).where(Placement.child_id == Child.id, Placement.left_on.is_(None)))


def _without_icp(now, today):
    has_icp = exists(select(1).where(CarePlan.child_id == Child.id, CarePlan.archived_at.is_(None)))
    return [Child.archived_at.is_(None), _in_care_now(), not_(has_icp)]


def _progress_missing(now, today):
    month = Month.of(today).shift(-1)
    whole_month = exists(select(1).where(
        Placement.child_id == Child.id, Placement.admitted_on <= month.first_day,
        or_(Placement.left_on.is_(None), Placement.left_on > month.last_day)))
    entered = exists(select(1).where(ProgressEntry.child_id == Child.id,
                                     ProgressEntry.archived_at.is_(None),
                                     ProgressEntry.month == month.first_day))
    return [Child.archived_at.is_(None), whole_month, not_(entered)]


CLOCKS = (
    Clock("not_produced", _l("Found children not produced within 24 hours"), FoundReport,
          "found_report", _not_produced, "found_at", category=CNCP),
    Clock("sir_cwc", _l("SIRs overdue (15 days), CWC"), CwcOrder, "cwc_order", _sir(CwcOrder),
          "order_date", category=CNCP),
    Clock("sir_jjb", _l("SIRs overdue (15 days), JJB"), JjbOrder, "jjb_order", _sir(JjbOrder),
          "order_date", category=CCL),
    Clock("cwc_final", _l("CWC cases without a final order after 4 months"), Child, "child",
          _pending("CNCP", CwcOrder, CWC_CLOSING_TYPES, 4), "case_opened_on", frozenset({roles.JJB}),
          category=CNCP),
    Clock("jjb_4m", _l("JJB inquiries pending beyond 4 months"), Child, "child",
          _pending("CCL", JjbOrder, JJB_CLOSING_TYPES, 4), "case_opened_on", frozenset({roles.CWC}),
          category=CCL),
    Clock("jjb_6m", _l("JJB inquiries pending beyond 6 months"), Child, "child",
          _pending("CCL", JjbOrder, JJB_CLOSING_TYPES, 6), "case_opened_on", frozenset({roles.CWC}),
          category=CCL),
    Clock("missing_4m", _l("Missing children untraced for more than 4 months"), MissingReport,
          "missing_report", _missing_4m, "reported_on"),
    Clock("without_icp", _l("Children in care without an ICP"), Child, "child", _without_icp,
          "admitted_on"),
    Clock("progress_missing", _l("Last month's progress not entered"), Child, "child",
          _progress_missing, "admitted_on"),
)
CLOCK_BY_KEY = {c.key: c for c in CLOCKS}


def visible_clocks(user) -> list[Clock]:
    category = category_of(user.institution) if user.institution is not None else None
    return [c for c in CLOCKS if can_open(user.role, c.screen) and user.role not in c.not_for
            and (category is None or c.category in (None, category))]


def _now():
    return datetime.now(timezone.utc), today_in_india()


def query(clock: Clock, user, now=None, today=None):
    if now is None or today is None:
        now, today = _now()
    return select(clock.model).where(read_clause(user, clock.model), *clock.conditions(now, today))


def count(clock: Clock, user, now=None, today=None) -> int:
    if now is None or today is None:
        now, today = _now()
    return db.session.scalar(select(func.count()).select_from(clock.model).where(
        read_clause(user, clock.model), *clock.conditions(now, today)))


def counts(user) -> list[tuple[Clock, int]]:
    now, today = _now()
    return [(clock, count(clock, user, now, today)) for clock in visible_clocks(user)]
