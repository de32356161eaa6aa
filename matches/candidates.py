"""A report's possible matches as the engine ranks them at page time, and a
reviewer's own search of the register ranked against the report (issue #13
item 3). Reading stores nothing: proposals are stored only when a report is
saved (matches/workflow.py), and then only above the proposal threshold; a page
shows the best candidates whatever their score, so a child with no name always
has someone to compare with.

The other side of each candidate is shown as a match card only
(matches/records.card): the one window across jurisdictions."""
from dataclasses import dataclass
from datetime import datetime, time

from sqlalchemy import select

from access.scope import read_clause
from extensions import db
from matches import workflow
from matches.records import INDIA, MODEL_OF, card, engine_record
from matches.strength import strength
from models import FoundReport, Match, MissingReport

CANDIDATES_SHOWN = 20   # at least the top 20 (issue #13 item 3)
REGISTER_SCORED = 500   # rows of the register a search scores at most, newest first
REGISTER_SHOWN = 50


@dataclass
class Candidate:
    engine_id: str
    other: object          # the other report (shown only as `card`)
    card: dict
    score: float
    reasons: dict          # field -> {"verdict", "points", "detail"}
    strength: dict
    match: Match | None    # the stored pair, when there is one


def other_model(report):
    return FoundReport if isinstance(report, MissingReport) else MissingReport


def _candidates(report, results, user=None) -> list[Candidate]:
    """Results of the engine as candidates, best first, with their stored pair.
    A photo shows on a card when the matches' photo page serves it: the record
    is in the `user`'s scope, or a stored pair holds it."""
    model = other_model(report)
    ids = [int(result.id.partition(":")[2]) for result in results]
    others = {r.id: r for r in db.session.scalars(select(model).where(model.id.in_(ids)))} if ids else {}
    if ids:
        own, theirs = ((Match.missing_report_id, Match.found_report_id) if model is FoundReport
                       else (Match.found_report_id, Match.missing_report_id))
        stored = {getattr(m, theirs.key): m for m in db.session.scalars(
            select(Match).where(own == report.id, theirs.in_(ids)))}
    else:
        stored = {}
    in_scope = set(db.session.scalars(select(model.id).where(
        model.id.in_(ids), read_clause(user, model)))) if ids and user is not None else set()
    out = []
    for result, pk in zip(results, ids):
        other = others.get(pk)
        if other is None:
            continue
        shown = card(other)
        shown["in_scope"] = pk in in_scope
        shown["has_photo"] = shown["has_photo"] and (pk in in_scope or pk in stored)
        out.append(Candidate(result.id, other, shown, result.score,
                             result.as_dict()["reasons"], strength(result.score), stored.get(pk)))
    out.sort(key=lambda c: (-c.score, c.engine_id))
    return out


def candidates(report, user=None, k: int = CANDIDATES_SHOWN) -> list[Candidate]:
    """The best `k` candidates of the other kind for `report`, strongest first."""
    return _candidates(report, workflow.search(report, k=k), user)


def _open_clause(model):
    """Children still being looked for (matches/records.in_index), in SQL."""
    clause = (model.archived_at.is_(None)) & (model.status == "open")
    if model is FoundReport:
        clause = clause & FoundReport.missing_report_id.is_(None)
    return clause


def register_query(report, wanted: dict):
    """The open reports of the other kind that fit a reviewer's search, from every
    state (tracing is national), newest first. `wanted` holds what was given of:
    age_from, age_to, gender, state, district, date_from, date_to, marks, language."""
    model = other_model(report)
    age = model.age_years if model is MissingReport else model.estimated_age_years
    when = model.missing_at if model is MissingReport else model.found_at
    query = select(model.id).where(_open_clause(model))
    if wanted.get("age_from") is not None:
        query = query.where(age >= wanted["age_from"])
    if wanted.get("age_to") is not None:
        query = query.where(age <= wanted["age_to"])
    if wanted.get("gender"):
        query = query.where(model.gender.in_((wanted["gender"], "unknown")))
    if wanted.get("district") is not None:
        query = query.where(model.district_id == wanted["district"].id)
    elif wanted.get("state") is not None:
        query = query.where(model.district.has(state_id=wanted["state"].id))
    if wanted.get("date_from") is not None:
        query = query.where(when >= datetime.combine(wanted["date_from"], time.min, INDIA))
    if wanted.get("date_to") is not None:
        query = query.where(when <= datetime.combine(wanted["date_to"], time.max, INDIA))
    for column, text in ((model.identification_marks, wanted.get("marks")),
                         (model.languages, wanted.get("language"))):
        for word in (text or "").split():
            query = query.where(column.ilike(f"%{_escaped(word)}%", escape="\\"))
    return query.order_by(when.desc(), model.id.desc()).limit(REGISTER_SCORED)


def _escaped(word: str) -> str:
    return word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def search_register(report, wanted: dict, user=None, shown: int = REGISTER_SHOWN) -> list[Candidate]:
    """The reports that fit `wanted`, ranked by the engine against `report`."""
    kind = "found" if other_model(report) is FoundReport else "missing"
    rids = [f"{kind}:{pk}" for pk in db.session.scalars(register_query(report, wanted))]
    if not rids:
        return []
    from matches.registry import current_index
    results = current_index().score_some(engine_record(report), rids)[:shown]
    return _candidates(report, results, user)


def pair_result(report, other_id: str):
    """The engine's result for `report` and one other report (engine id), or None
    when the pair cannot be a match (same kind, gone, not open, found before
    going missing)."""
    kind, _, pk = other_id.partition(":")
    if MODEL_OF.get(kind) is not other_model(report) or not pk.isdigit():
        return None
    from matches.registry import current_index
    return current_index().score_one(engine_record(report), other_id)
