"""Proposals, confirmations, rejections and the restoration step.

Every change goes through the session, so the audit listener records it."""
import json
from datetime import date

from sqlalchemy import select

from extensions import db
from matches.records import MODEL_OF
from matches.registry import current_index
from models import Child, CwcOrder, Match, MissingReport
from models.base import today_in_india, utcnow

# Proposals below this score are not stored: they would only be noise in queues.
PROPOSAL_FLOOR = 30.0
CANDIDATES = 20


def _pair(report, other_id: str):
    kind, _, pk = other_id.partition(":")
    other = db.session.get(MODEL_OF[kind], int(pk))
    if isinstance(report, MissingReport):
        return report, other
    return other, report


def search(report, k=CANDIDATES):
    """Ranked candidates for a report, from every state (tracing is national)."""
    from matches.records import engine_record
    return current_index().search(engine_record(report), k=k)


def propose_for(report) -> list[Match]:
    """Match a new or edited report at once and keep the proposals worth a look.
    Decided pairs (confirmed or rejected) are left as they are: never re-proposed."""
    if report.archived_at is not None:
        return []
    results = search(report)
    proposals = []
    for result in results:
        if result.score < PROPOSAL_FLOOR:
            continue
        missing, found = _pair(report, result.id)
        if missing is None or found is None:
            continue
        match = db.session.scalar(select(Match).where(
            Match.missing_report_id == missing.id, Match.found_report_id == found.id))
        reasons = json.dumps(result.as_dict()["reasons"], ensure_ascii=False)
        if match is None:
            match = Match(missing_report=missing, found_report=found, score=round(result.score, 1),
                          reasons=reasons, status="proposed")
            db.session.add(match)
        elif match.status == "proposed" and abs(match.score - result.score) >= 0.05:
            match.score, match.reasons = round(result.score, 1), reasons
        proposals.append(match)
    db.session.commit()
    return proposals


def new_proposals(report, results, others=None) -> list[Match]:
    """The Match rows `propose_for` adds for a report saved just now, from its
    search `results` (the same floor, pairing, score and reasons), unsaved: the
    caller stores them (an import stores a batch's at once, exchange/matching.py).
    No pair of a report saved just now can be proposed or decided already, so
    there is nothing to look up or leave alone. The other report of each pair
    is taken from `others` (engine id -> report) when the caller has loaded
    them, else loaded as `propose_for` loads it."""
    if report.archived_at is not None:
        return []
    proposals = []
    for result in results:
        if result.score < PROPOSAL_FLOOR:
            continue
        if others is None:
            missing, found = _pair(report, result.id)
        else:
            other = others.get(result.id)
            missing, found = (report, other) if isinstance(report, MissingReport) else (other, report)
        if missing is None or found is None:
            continue
        proposals.append(Match(
            missing_report=missing, found_report=found, score=round(result.score, 1),
            reasons=json.dumps(result.as_dict()["reasons"], ensure_ascii=False),
            status="proposed"))
    return proposals


def confirm(match: Match, user, note: str) -> None:
    """Link the two records, mark the missing child traced, open restoration."""
    now = utcnow()
    match.status, match.decided_at, match.decided_by_id = "confirmed", now, user.id
    match.decision_note = note or None
    missing, found = match.missing_report, match.found_report
    missing.status, missing.traced_at = "traced", now
    found.missing_report_id = missing.id
    if found.child_id and missing.child_id is None:
        missing.child_id = found.child_id
    db.session.commit()


def reject(match: Match, user, note: str) -> None:
    match.status, match.decided_at, match.decided_by_id = "rejected", utcnow(), user.id
    match.decision_note = note
    db.session.commit()


def record_restoration(match: Match, user, order_number: str, order_date: date) -> CwcOrder:
    """The CWC's restoration order closes the restoration step. A found child
    without a profile gets one, so the order has a child to belong to."""
    found = match.found_report
    child = found.child
    if child is None:
        child = Child(name=found.child_name or match.missing_report.child_name or "—",
                      father_name=found.father_name or match.missing_report.father_name,
                      mother_name=found.mother_name or match.missing_report.mother_name,
                      gender=found.gender, estimated_age_years=found.estimated_age_years,
                      age_recorded_on=today_in_india(), category="CNCP", sub_category="missing_runaway",
                      status="restored", district_id=found.district_id,
                      institution_id=found.placed_institution_id,
                      languages=found.languages, identification_marks=found.identification_marks)
        db.session.add(child)
        found.child = child
    else:
        child.status = "restored"
    order = CwcOrder(child=child, district_id=child.district_id, order_type="restoration",
                     order_number=order_number, order_date=order_date)
    db.session.add(order)
    match.restoration_order = order
    found.status = "restored"
    match.missing_report.child = child
    db.session.commit()
    return order
