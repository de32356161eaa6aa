"""Writing the access log (models/access_log.py): at most one INSERT per request.

A page notes what it gave a person while it answers: `note_sign_in`,
`note_sign_out` (auth/views.py), `note_export` (every export: who, which kind,
the filters, the rows written) and `note_open` (a child's record shown:
admin_views/base.py). When the answer is a success (below 400), the notes of
the request are written in one statement, on a short transaction of their own:
the request's session may hold work of its own, which this never commits, and
its rendering is never held up by a commit (which would expire what it loaded)."""
import json

from flask import g, request
from flask_login import current_user
from sqlalchemy import insert, select, text

from extensions import db
from models import Child, District
from models.access_log import EXPORT, OPEN, SIGN_IN, SIGN_OUT, AccessLog


def init_app(app) -> None:
    app.after_request(_write_notes)


def _note(user, action: str, **values) -> None:
    if user is None or not getattr(user, "is_authenticated", False):
        return
    entry = {"user_id": user.id, "username": user.username, "role": user.role,
             "action": action, "screen": (request.endpoint or "")[:60],
             "address": (request.remote_addr or "")[:64] or None,
             "table_name": None, "record_id": None, "child_id": None, "filters": None,
             "row_count": None, "state_id": user.state_id, "district_id": user.district_id}
    entry.update(values)  # every entry has every key: one multi-row INSERT
    g.setdefault("access_notes", []).append(entry)


def note_sign_in(user) -> None:
    _note(user, SIGN_IN)


def note_sign_out(user=None) -> None:
    _note(user if user is not None else current_user, SIGN_OUT)


def note_export(table_name: str, row_count: int) -> None:
    """An export by the signed-in user: the kind of rows, how many, and the
    filters (the query string: search, filters, sort, month, level...)."""
    filters = {key: values if len(values) > 1 else values[0]
               for key, values in request.args.to_dict(flat=False).items()}
    _note(current_user, EXPORT, table_name=table_name[:40], row_count=row_count,
          filters=json.dumps(filters, ensure_ascii=False, sort_keys=True) if filters else None)


def note_open(record) -> None:
    """A child's record shown to the signed-in user (details or edit page), filed
    under the record's district and state."""
    child_id = record.id if isinstance(record, Child) else getattr(record, "child_id", None)
    district_id = getattr(record, "district_id", None)
    if district_id is None and child_id is not None:
        child = record if isinstance(record, Child) else record.child
        district_id = child.district_id if child is not None else None
    # The state is looked up inside the same INSERT (no query of its own).
    state = (select(District.state_id).where(District.id == district_id).scalar_subquery()
             if district_id is not None else None)
    _note(current_user, OPEN, table_name=record.__tablename__, record_id=record.id,
          child_id=child_id, district_id=district_id, state_id=state)


def _write_notes(response):
    notes = g.pop("access_notes", None)
    if notes and response.status_code < 400:
        with db.engine.begin() as connection:
            if connection.dialect.name == "postgresql":
                # This transaction only: the page does not wait for the log's WAL flush
                # (an entry of the last moment may be lost in a server crash; none is
                # ever half written).
                connection.execute(text("SET LOCAL synchronous_commit TO OFF"))
            connection.execute(insert(AccessLog).values(notes))
    return response
