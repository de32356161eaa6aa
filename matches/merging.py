"""Merging two reports of the same kind that turn out to be one child (issue
#13 item 4). A DCPU picks the report that survives; every link of the other
moves to it (its possible and decided matches, found reports linked to it,
police records, citizen reports accepted into it, its photo and child profile
when the survivor has none, its names as other names); the other is archived
with the reason "merged into <number>" and points at the survivor. Each moved
link is an ordinary audited change (models/audit.py), so both histories stay
readable. The access log is append-only (models/access_log.py): its entries
stay on the archived report, which points at the survivor.

Refused when either report is closed or archived, when both have a confirmed
match to different children, or when both are linked to different child
profiles: those are two children, or a decision to undo first."""
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from extensions import db
from models import CitizenReport, FoundReport, Match, MissingReport, PoliceReport
from models.base import utcnow
from models.matches import CLOSED, CONFIRMED, PROPOSED

SAME_REPORT = _l("Choose another report: a report cannot be merged into itself.")
NOT_LIVE = _l("Only reports that are not closed or archived can be merged.")
TWO_CONFIRMED = _l("Both reports have a confirmed match, to different children: they are "
                   "not the same child, or one confirmation must be undone first.")
TWO_CHILDREN = _l("The two reports are linked to different child profiles: they cannot be merged.")

# What moves, by name, for the page that asks before merging.
MOVES = {
    "matches": _l("Possible and decided matches"),
    "found_reports": _l("Found-child reports linked to it"),
    "police_reports": _l("Police records"),
    "citizen_reports": _l("Citizen reports accepted into it"),
    "photo": _l("Photo"),
    "child": _l("Link to the child's profile"),
    "names": _l("Names, kept as other names"),
}


class MergeRefused(Exception):
    """A merge that would join two children, or touch a closed record."""


def _side(model):
    return Match.missing_report_id if model is MissingReport else Match.found_report_id


def _other_side(model):
    return Match.found_report_id if model is MissingReport else Match.missing_report_id


def number(report) -> str:
    return f"{'M' if isinstance(report, MissingReport) else 'F'}-{report.id}"


def _confirmed(report):
    model = type(report)
    return db.session.scalar(select(Match).where(_side(model) == report.id, Match.status == CONFIRMED))


def refusal(survivor, merged):
    """Why these two may not be merged, or None."""
    if survivor.id == merged.id or type(survivor) is not type(merged):
        return SAME_REPORT
    for report in (survivor, merged):
        if report.archived_at is not None or report.status == "closed":
            return NOT_LIVE
    kept, gone = _confirmed(survivor), _confirmed(merged)
    if kept is not None and gone is not None:
        other = _other_side(type(survivor)).key
        if getattr(kept, other) != getattr(gone, other):
            return TWO_CONFIRMED
    if survivor.child_id and merged.child_id and survivor.child_id != merged.child_id:
        return TWO_CHILDREN
    return None


def _links(merged) -> dict:
    """The rows and fields that move from `merged`, by the names of MOVES."""
    model = type(merged)
    links = {"matches": db.session.scalars(select(Match).where(_side(model) == merged.id)
                                           .order_by(Match.id)).all()}
    column = "missing_report_id" if model is MissingReport else "found_report_id"
    if model is MissingReport:
        links["found_reports"] = db.session.scalars(select(FoundReport).where(
            FoundReport.missing_report_id == merged.id)).all()
    links["police_reports"] = db.session.scalars(select(PoliceReport).where(
        getattr(PoliceReport, column) == merged.id)).all()
    links["citizen_reports"] = db.session.scalars(select(CitizenReport).where(
        getattr(CitizenReport, column) == merged.id)).all()
    return links


def _new_names(survivor, merged) -> list[str]:
    have = {n.strip().casefold() for n in [survivor.child_name or "", *(survivor.aliases or "").split(",")]
            if n.strip()}
    names = []
    for name in [merged.child_name or "", *(merged.aliases or "").split(",")]:
        if name.strip() and name.strip().casefold() not in have:
            names.append(name.strip())
            have.add(name.strip().casefold())
    return names


def preview(survivor, merged) -> list[tuple[str, int]]:
    """What will move to the survivor: (label, how many), only what there is."""
    counts = {name: len(rows) for name, rows in _links(merged).items()}
    counts["photo"] = int(merged.photo_id is not None and survivor.photo_id is None)
    counts["child"] = int(merged.child_id is not None and survivor.child_id is None)
    counts["names"] = len(_new_names(survivor, merged))
    return [(MOVES[name], count) for name, count in counts.items() if count]


def merge(survivor, merged, user) -> None:
    """Move every link of `merged` to `survivor` and archive `merged`; one
    transaction, committed here. Raises MergeRefused (nothing changed)."""
    reason = refusal(survivor, merged)
    if reason is not None:
        raise MergeRefused(reason)
    model = type(merged)
    side, other_side = _side(model).key, _other_side(model).key
    links = _links(merged)
    now = utcnow()
    survivor_pairs = {getattr(m, other_side): m for m in db.session.scalars(
        select(Match).where(_side(model) == survivor.id))}
    gone_confirmed = None
    for match in links["matches"]:
        twin = survivor_pairs.get(getattr(match, other_side))
        if twin is not None:
            # The survivor has this pair already: the merged report's copy stays
            # with it, closed if it was waiting (one pair, one decision).
            if match.status == PROPOSED:
                match.status, match.decided_at, match.decided_by_id = CLOSED, now, user.id
            continue
        setattr(match, side, survivor.id)
        if match.status == CONFIRMED:
            gone_confirmed = match
    for row in links.get("found_reports", ()):
        row.missing_report_id = survivor.id
    column = "missing_report_id" if model is MissingReport else "found_report_id"
    for row in links["police_reports"] + links["citizen_reports"]:
        setattr(row, column, survivor.id)
    if merged.photo_id is not None and survivor.photo_id is None:
        survivor.photo_id, merged.photo_id = merged.photo_id, None
    if merged.child_id is not None and survivor.child_id is None:
        survivor.child_id = merged.child_id
    names = _new_names(survivor, merged)
    if names:
        survivor.aliases = ", ".join(filter(None, [survivor.aliases, *names]))
    if gone_confirmed is not None and _confirmed(survivor) is None:
        # The survivor inherits the confirmed pair, so it is traced (or linked) as the other was.
        if model is MissingReport:
            survivor.status, survivor.traced_at = merged.status, merged.traced_at
        else:
            survivor.missing_report_id = merged.missing_report_id
            survivor.status = merged.status
    if model is FoundReport and merged.missing_report_id is not None:
        merged.missing_report_id = None
    merged.merged_into_id = survivor.id
    merged.archived_at, merged.archived_by_id = now, user.id
    merged.archive_reason = f"merged into {number(survivor)}"
    db.session.flush()
    db.session.commit()
