"""Proposals, confirmations, rejections and the restoration step.

Every change goes through the session, so the audit listener records it.
Proposals are made when a report is saved or imported (and by `flask --app app
rematch`), never by reading a page. A decision is refused unless both reports
are still open and live; a decision raced by another reviewer fails in the
database (version columns, the confirmed-pair indexes of models/matches.py)
and is reported as `DecisionRefused`, never as an error page."""
import contextlib
import json
from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError

from access.scope import read_clause
from extensions import db
from matches.records import MODEL_OF
from matches.registry import current_index
from matching.calibration import PROPOSAL_THRESHOLD, as_score
from models import Child, CwcOrder, FoundReport, Match, MissingReport
from models.base import today_in_india, utcnow
from models.matches import CLOSED, CONFIRMED, PROPOSED, REJECTED

NOT_WAITING = _l("This match is no longer waiting for a decision.")
MISSING_NOT_OPEN = _l("This missing child is already traced or closed.")
FOUND_NOT_OPEN = _l("This found child is already linked to a missing child or no longer open.")
ARCHIVED = _l("One of the two reports is archived: no decision can be taken on it.")
CHANGED_MEANWHILE = _l("Someone else decided on these records a moment ago: nothing was "
                       "saved. Here is how they stand now.")


class DecisionRefused(Exception):
    """A decision that would contradict the records; the message says why."""

# Proposals below this score (the calibrated probability in percent) are not stored:
# they would only be noise in queues (matching/calibration.py says how it is chosen).
PROPOSAL_FLOOR = as_score(PROPOSAL_THRESHOLD)
CANDIDATES = 20


def _pair(report, other_id: str):
    kind, _, pk = other_id.partition(":")
    other = db.session.get(MODEL_OF[kind], int(pk))
    if isinstance(report, MissingReport):
        return report, other
    return other, report


def waiting_clause():
    """Proposals a reviewer can still decide: both reports live (not archived)
    and open, the found child not linked yet. The queue lists and the home page
    counts with this one clause; `refusal` says the same of one pair."""
    return ((Match.status == PROPOSED)
            & Match.missing_report.has((MissingReport.archived_at.is_(None))
                                       & (MissingReport.status == "open"))
            & Match.found_report.has((FoundReport.archived_at.is_(None))
                                     & (FoundReport.status == "open")
                                     & FoundReport.missing_report_id.is_(None)))


def queue_clause(user):
    """A reviewer's "New possible matches": waiting pairs in their scope at or
    above their own threshold. The queue lists it; the home page counts it."""
    return (read_clause(user, Match) & waiting_clause()
            & (Match.score >= (user.match_threshold or 0)))


def about(report):
    """The pairs of which `report` (missing or found) is one side."""
    side = Match.missing_report_id if isinstance(report, MissingReport) else Match.found_report_id
    return side == report.id


def restoration_waiting_clause():
    """Confirmed pairs whose restoration order is still to be recorded."""
    return ((Match.status == CONFIRMED) & Match.restoration_order_id.is_(None)
            & Match.missing_report.has(MissingReport.archived_at.is_(None))
            & Match.found_report.has(FoundReport.archived_at.is_(None)))


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
                          reasons=reasons, status=PROPOSED)
            db.session.add(match)
        elif match.status == PROPOSED and abs(match.score - result.score) >= 0.05:
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
            status=PROPOSED))
    return proposals


def refusal(match: Match):
    """Why no decision may be taken on this pair now, or None."""
    missing, found = match.missing_report, match.found_report
    if match.status != PROPOSED:
        return NOT_WAITING
    if missing.archived_at is not None or found.archived_at is not None:
        return ARCHIVED
    if missing.status != "open":
        return MISSING_NOT_OPEN
    if found.status != "open" or found.missing_report_id is not None:
        return FOUND_NOT_OPEN
    return None


@contextlib.contextmanager
def _deciding():
    """Make the changes of the block and commit them, or undo everything and say
    the records changed meanwhile: a version column (another reviewer saved
    first) or a confirmed-pair index (another pair of one of the reports was
    confirmed first) refused them, at the commit or at a flush before it."""
    try:
        yield
        db.session.commit()
    except (StaleDataError, IntegrityError):
        db.session.rollback()
        raise DecisionRefused(CHANGED_MEANWHILE) from None


def confirm(match: Match, user, note: str) -> None:
    """Link the two records, mark the missing child traced, open restoration,
    and close the other proposals of both reports: one child, one pair."""
    reason = refusal(match)
    if reason is not None:
        raise DecisionRefused(reason)
    now = utcnow()
    with _deciding():
        match.status, match.decided_at, match.decided_by_id = CONFIRMED, now, user.id
        match.decision_note = note or None
        missing, found = match.missing_report, match.found_report
        missing.status, missing.traced_at = "traced", now
        found.missing_report_id = missing.id
        if found.child_id and missing.child_id is None:
            missing.child_id = found.child_id
        # The other proposals of either child are closed (and audited like any change).
        others = db.session.scalars(select(Match).where(
            Match.status == PROPOSED, Match.id != match.id,
            (Match.missing_report_id == missing.id) | (Match.found_report_id == found.id)))
        for other in others:
            other.status, other.decided_at, other.decided_by_id = CLOSED, now, user.id


def confirm_candidate(report, other, result, user, note: str) -> Match:
    """Confirm a candidate shown on a report's page (computed there, perhaps never
    stored): the pair's proposal is used, or made now with the engine's `result`,
    and confirmed through `confirm` with all its checks. A refused pair stores
    nothing."""
    missing, found = (report, other) if isinstance(report, MissingReport) else (other, report)
    match = db.session.scalar(select(Match).where(
        Match.missing_report_id == missing.id, Match.found_report_id == found.id))
    if match is None:
        match = Match(missing_report_id=missing.id, found_report_id=found.id,
                      score=round(result.score, 1), status=PROPOSED,
                      reasons=json.dumps(result.as_dict()["reasons"], ensure_ascii=False))
        match.missing_report, match.found_report = missing, found
        reason = refusal(match)
        if reason is not None:
            raise DecisionRefused(reason)
        db.session.add(match)
    confirm(match, user, note)
    return match


def reject(match: Match, user, note: str) -> None:
    reason = refusal(match)
    if reason is not None:
        raise DecisionRefused(reason)
    with _deciding():
        match.status, match.decided_at, match.decided_by_id = REJECTED, utcnow(), user.id
        match.decision_note = note


def record_restoration(match: Match, user, order_number: str, order_date: date) -> CwcOrder:
    """The CWC's restoration order closes the restoration step. A found child
    without a profile gets one, so the order has a child to belong to."""
    if match.status != CONFIRMED or match.restoration_order_id is not None:
        raise DecisionRefused(NOT_WAITING)
    if match.missing_report.archived_at is not None or match.found_report.archived_at is not None:
        raise DecisionRefused(ARCHIVED)
    with _deciding():
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
    return order
