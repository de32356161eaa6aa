"""The same child registered twice: before a missing (or found) report is saved,
the matching engine searches the open reports of the same kind for it
(DESIGN "Matching records": "and of the same kind, to warn of duplicates"),
whatever the script of the name, or with no name at all."""
from datetime import datetime

from sqlalchemy import select

from access.scope import read_clause
from extensions import db
from matches.records import INDIA, engine_record
from matches.registry import current_index
from matching.calibration import LIKELY, as_score
from models import MissingReport
from models.report_changes import KIND_OF

# The probability (matching/calibration.py) from which a report of the same kind
# is shown: more likely the same child than not, so a warning is worth a look.
DUPLICATE_SCORE = as_score(LIKELY)
SHOWN = 5
SEARCHED = 20  # the same-kind results read, before scope and the score

# The form fields the engine reads (matches/records.engine_record).
FORM_FIELDS = ("child_name", "aliases", "father_name", "mother_name", "gender", "age_years",
               "estimated_age_years", "height_cm", "identification_marks", "languages", "build",
               "complexion", "clothes", "missing_at", "found_at")


def _record(model, values: dict, district, report_id) -> dict:
    """The engine's record of a report not saved yet (or being edited): built on
    a transient report, which never joins the session."""
    report = model(**{k: v for k, v in values.items() if hasattr(model, k)})
    report.id = report_id
    report.district = district
    when = "missing_at" if model is MissingReport else "found_at"
    moment = getattr(report, when)
    if isinstance(moment, datetime) and moment.tzinfo is None:
        setattr(report, when, moment.replace(tzinfo=INDIA))  # typed: India time
    record = engine_record(report)
    record["id"] = f"{KIND_OF[model]}:{report_id}" if report_id else f"{KIND_OF[model]}:new"
    return record


def likely_duplicates(model, values: dict, district, user, report_id=None) -> list:
    """Open, live reports of `model`'s kind that `user` may open, which the engine
    scores at or above `DUPLICATE_SCORE` against the report described by
    `values`, most likely first. `report_id` (an edit) is never its own duplicate."""
    results = current_index().search_same_kind(_record(model, values, district, report_id), k=SEARCHED)
    scores = {int(r.id.partition(":")[2]): r.score for r in results if r.score >= DUPLICATE_SCORE}
    if not scores:
        return []
    reports = db.session.scalars(select(model).where(
        model.id.in_(scores), model.id != (report_id or 0), model.status == "open",
        model.archived_at.is_(None), read_clause(user, model))).all()
    reports.sort(key=lambda r: (-scores[r.id], -r.id))
    return reports[:SHOWN]
