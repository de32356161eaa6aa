"""One matching index per worker process, caught up from the database before
every use, so a record saved through any worker is found by every other.

Catching up reads the change log of reports (models/report_changes.py, written
in the transaction of each save) from where this worker last stood, and
re-reads the reports named there; re-adding is idempotent. The order comes
from the database, never from a clock: a worker whose clock is wrong, or a
transaction that commits long after it wrote, is seen all the same.

* SQLite (one writer at a time): the rows after the last id read.
* PostgreSQL: before reading, the oldest transaction still running (the
  snapshot's xmin) is noted; every transaction before it has ended, so the
  next catch-up reads the rows of that transaction and later ones, skipping
  those it has applied already. Nothing that commits late is missed.

Each catch-up first reads, in one query, where the log stands and the matching
generation; a new generation (`restore` writes one: models/settings.py) or a
changed pet name builds the index again. With nothing changed a catch-up is
two small indexed queries.

Everything is read on a connection of its own, never through the caller's
session: the index holds committed records only, so a transaction rolled back
after a search leaves nothing behind in it."""
import os
import threading

from flask import current_app
from sqlalchemy import func, literal_column, select
from sqlalchemy.orm import Session, joinedload

from extensions import db
from matches.records import MODEL_OF, engine_id, engine_record, in_index
from matching import DEFAULT_PET_NAMES, MatchIndex, Weights, default_weights
from models import District, FoundReport, MissingReport, PetName, ReportChange
from models.report_changes import PET_NAME
from models.settings import MATCHING_GENERATION, SiteSetting

# PostgreSQL: the oldest transaction still running (every earlier one has ended).
OLDEST_RUNNING = literal_column("pg_snapshot_xmin(pg_current_snapshot())::text::bigint")
LOAD_CHUNK = 500  # report ids per IN (...)


def _state() -> dict:
    """Per application (tests run several), per process. `mark`: where this
    index stands in the change log (SQLite: the last id read; PostgreSQL: the
    oldest transaction running at the last catch-up); `applied`: the changes
    from that transaction on already read (PostgreSQL), id -> transaction."""
    return current_app.extensions.setdefault("balsetu_matching", {
        "lock": threading.Lock(), "index": None, "generation": None, "mark": None,
        "applied": {}})


def pet_names(session=None) -> dict:
    table = dict(DEFAULT_PET_NAMES)
    for row in (session or db.session).scalars(select(PetName)):
        formal = tuple(n.strip() for n in (row.formal_names or "").split(",") if n.strip())
        table[row.pet_name] = formal
    return table


def _by_transaction(session) -> bool:
    return session.get_bind().dialect.name == "postgresql"


def _where_things_stand(session):
    """(generation, mark) in one query: a new generation rebuilds the index, the
    mark is where the change log stands."""
    generation = (select(SiteSetting.value).where(SiteSetting.key == MATCHING_GENERATION)
                  .scalar_subquery())
    if _by_transaction(session):
        mark = OLDEST_RUNNING
    else:
        mark = select(func.coalesce(func.max(ReportChange.id), 0)).scalar_subquery()
    return session.execute(select(generation, mark)).one()


def _changes(session, since, mark):
    query = select(ReportChange.id, ReportChange.kind, ReportChange.record_id, ReportChange.txid)
    if _by_transaction(session):
        query = query.where(ReportChange.txid >= since)
    else:
        query = query.where(ReportChange.id > since, ReportChange.id <= mark)
    return session.execute(query).all()


def _select_reports(model):
    return select(model).options(joinedload(model.district).joinedload(District.state))


def match_weights() -> Weights:
    """The estimated parameters of this site (MATCH_WEIGHTS_FILE), else the shipped ones.
    Read at every build: a new estimate starts a new matching generation."""
    path = current_app.config.get("MATCH_WEIGHTS_FILE")
    if path and os.path.exists(path):
        return Weights.load(path)
    return default_weights()


def _build(session, state: dict, generation, mark) -> None:
    applied = {}
    if _by_transaction(session):
        # Changes from the mark on, committed before the reports are read: the
        # build holds them already (the next catch-up need not read them again).
        applied = {row.id: row.txid for row in _changes(session, mark, mark)}
    index = MatchIndex(pet_names(session), match_weights())
    for model in (MissingReport, FoundReport):
        for report in session.scalars(_select_reports(model)):
            if in_index(report):
                index.add(engine_record(report))
    state.update(index=index, generation=generation, mark=mark, applied=applied)


def _catch_up(session, state: dict, generation, mark) -> None:
    """Re-read the reports changed since the last catch-up; build again if a
    pet name changed."""
    applied = state["applied"]
    changed: dict[str, set[int]] = {}
    for row in _changes(session, state["mark"], mark):
        if row.id not in applied:
            changed.setdefault(row.kind, set()).add(row.record_id)
            if row.txid is not None:
                applied[row.id] = row.txid
    if PET_NAME in changed:
        _build(session, state, generation, mark)
        return
    for kind, ids in changed.items():
        _reread(session, state["index"], kind, sorted(ids))
    # Rows before the new mark are never read again: forget them.
    state["applied"] = {change: txid for change, txid in applied.items() if txid >= mark}
    state["mark"] = mark


def _reread(session, index, kind: str, ids: list[int]) -> None:
    model = MODEL_OF[kind]
    for start in range(0, len(ids), LOAD_CHUNK):
        chunk = ids[start:start + LOAD_CHUNK]
        seen = set()
        for report in session.scalars(_select_reports(model).where(model.id.in_(chunk))):
            refresh(index, report)
            seen.add(report.id)
        for gone in set(chunk) - seen:  # deleted: out of the index
            rid = f"{kind}:{gone}"
            if rid in index:
                index.remove(rid)


def current_index() -> MatchIndex:
    state = _state()
    with state["lock"], Session(db.engine) as session:
        generation, mark = _where_things_stand(session)
        if state["index"] is None or generation != state["generation"]:
            _build(session, state, generation, mark)
        else:
            _catch_up(session, state, generation, mark)
        return state["index"]


def refresh(index, report) -> None:
    rid = engine_id(report)
    if rid in index:
        index.remove(rid)
    if in_index(report):
        index.add(engine_record(report))


def reset() -> None:
    """Forget this process's index (tests; another process rebuilds after a
    `restore` by the matching generation)."""
    state = _state()
    with state["lock"]:
        state.update(index=None, generation=None, mark=None, applied={})
