"""The day a child's case opens (Child.case_opened_on): the first production
before the CWC or JJB, or the first order of either, whichever is earlier.

Kept at flush time so that every path (panel forms, imports, the demo, scripts)
fills it the same way; an earlier production or order moves it back, a later one
leaves it. The migration 3d5b7f9a1c2e fills it for the rows that predate this."""
from __future__ import annotations

from sqlalchemy import event
from sqlalchemy.orm import Session

from models.base import INDIA
from models.children import Child
from models.found import FoundReport
from models.orders import CwcOrder, JjbOrder


def _opening_day(record):
    """(child, day) that the record opens the case on, or None."""
    if getattr(record, "archived_at", None) is not None:
        return None
    if isinstance(record, (CwcOrder, JjbOrder)):
        day = record.order_date
    elif isinstance(record, FoundReport):
        produced = record.produced_at
        if produced is None:
            return None
        day = (produced if produced.tzinfo is None else produced.astimezone(INDIA)).date()
    else:
        return None
    return day


@event.listens_for(Session, "before_flush")
def _open_cases(session, flush_context, instances):
    for record in list(session.new) + list(session.dirty):
        day = _opening_day(record)
        if day is None:
            continue
        with session.no_autoflush:
            child = record.child
            if child is None and record.child_id is not None:
                child = session.get(Child, record.child_id)
        if child is not None and (child.case_opened_on is None or day < child.case_opened_on):
            child.case_opened_on = day
