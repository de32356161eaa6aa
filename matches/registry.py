"""One matching index per worker process, caught up from the database before
every use, so a record saved through any worker is found by every other.

Catching up reads reports whose `updated_at` is at or after the last sync less
an overlap (a transaction may commit a little after its timestamp) and
re-adds or removes them; re-adding is idempotent."""
import threading
from datetime import timedelta

from flask import current_app
from sqlalchemy import func, select
from sqlalchemy.orm import joinedload

from extensions import db
from matching import DEFAULT_PET_NAMES, MatchIndex
from matches.records import engine_id, engine_record, in_index
from models import District, FoundReport, MissingReport, PetName
from models.base import utcnow

OVERLAP = timedelta(minutes=2)


def _state() -> dict:
    """Per application (tests run several), per process."""
    return current_app.extensions.setdefault("balsetu_matching", {
        "lock": threading.Lock(), "index": None, "synced_at": None, "pet_version": None})


def pet_names() -> dict:
    table = dict(DEFAULT_PET_NAMES)
    for row in db.session.scalars(select(PetName)):
        formal = tuple(n.strip() for n in (row.formal_names or "").split(",") if n.strip())
        table[row.pet_name] = formal
    return table


def _pet_version():
    return db.session.execute(select(func.count(PetName.id), func.max(PetName.updated_at))).one()


def _reports(model, since=None):
    query = select(model).options(joinedload(model.district).joinedload(District.state))
    if since is not None:
        query = query.where(model.updated_at >= since)
    return db.session.scalars(query)


def _build():
    index = MatchIndex(pet_names())
    for model in (MissingReport, FoundReport):
        for report in _reports(model):
            if in_index(report):
                index.add(engine_record(report))
    return index


def current_index() -> MatchIndex:
    state = _state()
    with state["lock"]:
        started = utcnow()
        version = _pet_version()
        if state["index"] is None or version != state["pet_version"]:
            state["index"] = _build()
        else:
            since = state["synced_at"] - OVERLAP
            for model in (MissingReport, FoundReport):
                for report in _reports(model, since):
                    refresh(state["index"], report)
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
        state.update(index=None, synced_at=None, pet_version=None)
