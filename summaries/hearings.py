"""Hearings coming up and overdue before a CWC or JJB: the next hearing dates of
its orders, as of India's today.

A child's hearing is the next hearing date of the child's latest live order
(by order date, then entry): an earlier order's date was answered, or moved,
by the order made after it. It is overdue when that date has passed and no
order has been recorded since; "this week" is today and the six days after.
Rows go through the user's read scope (access.scope.read_clause) and, for a
committee or board member, the orders of their own district; the home page's
figures and the list count the same query."""
from __future__ import annotations

from datetime import timedelta

from sqlalchemy import and_, exists, func, or_, select
from sqlalchemy.orm import aliased, joinedload

from access.scope import read_clause
from extensions import db
from models import Child
from models.base import today_in_india

WEEK_DAYS = 7
OVERDUE, THIS_WEEK = "overdue", "this_week"


def _latest(model):
    """The order is its child's latest live order."""
    later = aliased(model)
    return ~exists(select(1).where(
        later.child_id == model.child_id, later.archived_at.is_(None),
        or_(later.order_date > model.order_date,
            and_(later.order_date == model.order_date, later.id > model.id))))


def _conditions(model, user, kind, today):
    live_child = exists(select(1).where(Child.id == model.child_id, Child.archived_at.is_(None)))
    when = (model.next_hearing_date < today if kind == OVERDUE else
            model.next_hearing_date.between(today, today + timedelta(days=WEEK_DAYS - 1)))
    conditions = [read_clause(user, model), model.archived_at.is_(None),
                  model.next_hearing_date.is_not(None), when, live_child, _latest(model)]
    if user.district_id is not None:  # a committee or board: the orders it made
        conditions.append(model.district_id == user.district_id)
    return conditions


def listing(model, user, kind, limit=500, today=None):
    today = today or today_in_india()
    query = (select(model).where(*_conditions(model, user, kind, today))
             .options(joinedload(model.child).joinedload(Child.institution))
             .order_by(model.next_hearing_date, model.id).limit(limit))
    return db.session.scalars(query).all()


def count(model, user, kind, today=None) -> int:
    today = today or today_in_india()
    return db.session.scalar(select(func.count()).select_from(model).where(
        *_conditions(model, user, kind, today)))
