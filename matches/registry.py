"""One matching index per worker process, caught up from the database before
every use, so a record saved through any worker is found by every other.

Catching up reads reports whose `updated_at` is at or after the last sync less
an overlap (a transaction may commit a little after its timestamp) and
re-adds or removes them; re-adding is idempotent. A report already caught up
at the same version and `updated_at` is not read again, so the overlap costs one
narrow query, not a reload of every report saved in the last two minutes (after
an import of 100,000 rows that reload took seconds on every search)."""
import threading
from datetime import timedelta

from flask import current_app
from sqlalchemy import func, select
from sqlalchemy.orm import joinedload

from extensions import db
from matches.records import KIND_OF, engine_id, engine_record, in_index
from matching import DEFAULT_PET_NAMES, MatchIndex
from models import District, FoundReport, MissingReport, PetName
from models.base import utcnow

OVERLAP = timedelta(minutes=2)


def _state() -> dict:
    """Per application (tests run several), per process."""
    return current_app.extensions.setdefault("balsetu_matching", {
        "lock": threading.Lock(), "index": None, "synced_at": None, "pet_version": None,
        "recent": {}})


def pet_names() -> dict:
    table = dict(DEFAULT_PET_NAMES)
    for row in db.session.scalars(select(PetName)):
        formal = tuple(n.strip() for n in (row.formal_names or "").split(",") if n.strip())
        table[row.pet_name] = formal
    return table


def _pet_version():
    return db.session.execute(select(func.count(PetName.id), func.max(PetName.updated_at))).one()


def _select_reports(model):
    return select(model).options(joinedload(model.district).joinedload(District.state))


def _reports(model):
    return db.session.scalars(_select_reports(model))


def _build(recent: dict, since):
    index = MatchIndex(pet_names())
    for model in (MissingReport, FoundReport):
        for report in _reports(model):
            if in_index(report):
                index.add(engine_record(report))
            if report.updated_at is not None and report.updated_at >= since:
                recent[engine_id(report)] = (report.version, report.updated_at)
    return index


def _catch_up(index, recent: dict, since) -> None:
    """Refresh the reports changed since `since` that this index has not seen at
    their current version; forget what is older than the overlap."""
    for model in (MissingReport, FoundReport):
        stamps = db.session.execute(select(model.id, model.version, model.updated_at)
                                    .where(model.updated_at >= since)).all()
        changed = [row.id for row in stamps
                   if recent.get(f"{KIND_OF[model]}:{row.id}") != (row.version, row.updated_at)]
        for start in range(0, len(changed), 500):
            query = _select_reports(model).where(model.id.in_(changed[start:start + 500]))
            for report in db.session.scalars(query):
                refresh(index, report)
                recent[engine_id(report)] = (report.version, report.updated_at)
    for key in [key for key, (_version, at) in recent.items() if at < since]:
        del recent[key]


def current_index() -> MatchIndex:
    state = _state()
    with state["lock"]:
        started = utcnow()
        version = _pet_version()
        if state["index"] is None or version != state["pet_version"]:
            state["recent"] = {}
            state["index"] = _build(state["recent"], started - OVERLAP)
        else:
            _catch_up(state["index"], state["recent"], state["synced_at"] - OVERLAP)
        state["synced_at"] = started
        state["pet_version"] = version
        return state["index"]


def refresh(index, report) -> None:
    rid = engine_id(report)
    if rid in index:
        index.remove(rid)
    if in_index(report):
        index.add(engine_record(report))


def reset() -> None:
    """Forget the index (tests, and after a database restore)."""
    state = _state()
    with state["lock"]:
        state.update(index=None, synced_at=None, pet_version=None, recent={})
