"""The audit log: who changed which record, when, and which fields from what to what.

One session listener writes it for every `Audited` class, so a change made
through the panel, a CLI command or an import is recorded the same way."""
import contextvars
import json
from datetime import date, datetime

from sqlalchemy import ForeignKey, Integer, String, Text, event, insert, inspect, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from models.base import Audited, Base, UTCDateTime, utcnow

# Who is acting outside a request (CLI commands, imports): a username.
system_actor: contextvars.ContextVar[str] = contextvars.ContextVar("system_actor", default="system")

_SKIP = {"version", "created_at", "updated_at"}


class AuditLog(Base):
    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    username: Mapped[str] = mapped_column(String(80))
    action: Mapped[str] = mapped_column(String(20))  # create, update, archive, restore, ...
    table_name: Mapped[str] = mapped_column(String(40), index=True)
    record_id: Mapped[int] = mapped_column(Integer, index=True)
    changes: Mapped[str] = mapped_column(Text, default="{}")  # JSON: field -> [old, new]
    # The record's jurisdiction at the time, so the log is scoped like the records.
    state_id: Mapped[int | None] = mapped_column(Integer, index=True)
    district_id: Mapped[int | None] = mapped_column(Integer, index=True)

    @property
    def change_dict(self) -> dict:
        return json.loads(self.changes or "{}")


def _current_actor() -> tuple[int | None, str]:
    try:
        from flask import has_request_context
        from flask_login import current_user
        if has_request_context() and current_user and current_user.is_authenticated:
            return current_user.id, current_user.username
    except Exception:  # outside Flask entirely (benchmarks, scripts)
        pass
    return None, system_actor.get()


def _plain(value):
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    if isinstance(value, bytes):
        return f"<{len(value)} bytes>"
    return value


def _changes(obj, created: bool) -> dict:
    state = inspect(obj)
    skip = _SKIP | set(getattr(obj, "audit_exclude", ())) | set(getattr(obj, "audit_ignore", ()))
    out = {}
    for attr in state.mapper.column_attrs:
        key = attr.key
        if key in skip:
            continue
        hist = state.attrs[key].history
        if created:
            value = getattr(obj, key)
            if value is not None and value != "":
                out[key] = [None, _plain(value)]
        elif hist.has_changes():
            old = hist.deleted[0] if hist.deleted else None
            new = hist.added[0] if hist.added else None
            if old != new:
                out[key] = [_plain(old), _plain(new)]
    for key in getattr(obj, "audit_exclude", ()):
        if not created and state.attrs[key].history.has_changes():
            out[key] = ["***", "***"]
    return out


def _action(changes: dict, created: bool) -> str:
    if created:
        return "create"
    if "archived_at" in changes:
        return "archive" if changes["archived_at"][1] else "restore"
    return "update"


def _jurisdiction(connection, obj, states: dict) -> tuple[int | None, int | None]:
    """The record's (state, district); `states` caches district -> state for one flush."""
    from models.geography import District
    district_id = getattr(obj, "district_id", None)
    if district_id is None and getattr(obj, "child_id", None):
        child = obj.__dict__.get("child")  # already loaded: no query
        if child is not None and child.district_id is not None:
            district_id = child.district_id
        else:
            from models.children import Child
            district_id = connection.scalar(select(Child.district_id).where(Child.id == obj.child_id))
    if district_id is None and hasattr(obj, "to_institution_id"):
        from models.institutions import Institution
        district_id = connection.scalar(
            select(Institution.district_id).where(Institution.id == obj.to_institution_id))
    state_id = getattr(obj, "state_id", None)
    if district_id is not None:
        if district_id not in states:
            states[district_id] = connection.scalar(
                select(District.state_id).where(District.id == district_id))
        state_id = states[district_id]
    return state_id, district_id


@event.listens_for(Session, "after_flush")
def _write_audit(session, flush_context):
    _insert_entries(session, ((obj, _changes(obj, created), created)
                              for obj, created in [(o, True) for o in session.new]
                              + [(o, False) for o in session.dirty]
                              if isinstance(obj, Audited)))


def _insert_entries(session, items) -> None:
    """One audit row per (record, changes, created) with changes, by the acting
    user, in the record's jurisdiction: the flush listener and bulk inserts share it."""
    rows = []
    user_id, username = _current_actor()
    connection = session.connection()
    states: dict = {}
    for obj, changes, created in items:
        if not isinstance(obj, Audited) or not changes:
            continue
        state_id, district_id = _jurisdiction(connection, obj, states)
        rows.append({
            "at": utcnow(), "user_id": user_id, "username": username,
            "action": _action(changes, created), "table_name": obj.__tablename__,
            "record_id": obj.id, "changes": json.dumps(changes, ensure_ascii=False, default=str),
            "state_id": state_id, "district_id": district_id,
        })
    if rows:
        connection.execute(insert(AuditLog), rows)


def log_created(session, objects) -> None:
    """The entries `_write_audit` writes for new records, for records inserted
    without a flush (exchange/bulk.py inserts imported rows in bulk): one
    "create" entry per object, by the same rules (`_changes` of a new record,
    `_action`, `_jurisdiction`, the acting user). Each object must hold the
    values it was inserted with, its id included. tests/test_exchange_batch.py
    compares these entries with those the listener writes for the same rows
    saved from the panel."""
    _insert_entries(session, ((obj, _created_changes(obj), True) for obj in objects
                              if isinstance(obj, Audited)))


def _created_changes(obj) -> dict:
    """What `_changes(obj, True)` returns, without reading attribute histories
    (a record inserted without a flush has none, and reading them for every
    column was most of the cost of auditing a bulk insert)."""
    skip = _SKIP | set(getattr(obj, "audit_exclude", ())) | set(getattr(obj, "audit_ignore", ()))
    state = inspect(obj)
    values = state.dict  # a new record holds every value it has in its dict
    out = {}
    for attr in state.mapper.column_attrs:
        if attr.key in skip:
            continue
        value = values.get(attr.key)
        if value is not None and value != "":
            out[attr.key] = [None, _plain(value)]
    return out
