"""Month-end submission of the monthly report (issue #14 item 7).

Each DCPU submits its district's report, each CCI its home's, once the month
has ended. What was submitted is kept as it was (models/submissions.py: the
total row's figures as JSON, who, when); the summary of that unit then shows,
beside each figure that has changed since, the figure as submitted (a
revision, never a silent change). The state and national summaries list which
units have submitted."""
from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from access import roles
from access.rights import SUBMIT, can
from extensions import db
from models import District, MonthlySubmission
from models.submissions import DISTRICT, INSTITUTION
from summaries.levels import Selection, SummaryError
from summaries.periods import Month


def unit_of(selection: Selection) -> tuple[str, int] | None:
    """(unit level, unit id) of a unit that submits; None above a district."""
    if selection.level == "district":
        return DISTRICT, selection.district_id
    if selection.level == "institution":
        return INSTITUTION, selection.institution_id
    return None


def may_submit(user, selection: Selection) -> bool:
    """A DCPU for its own district, a CCI for its own home."""
    if not can(user.role, "summary", SUBMIT):
        return False
    if user.role == roles.DCPU:
        return selection.level == "district" and selection.district_id == user.district_id
    if user.role == roles.CCI:
        return selection.level == "institution" and selection.institution_id == user.institution_id
    return False


def is_closed(month: Month) -> bool:
    return month < Month.current()


def find(selection: Selection, month: Month) -> MonthlySubmission | None:
    unit = unit_of(selection)
    if unit is None:
        return None
    return db.session.scalar(select(MonthlySubmission).where(
        MonthlySubmission.month == month.first_day, MonthlySubmission.unit_level == unit[0],
        MonthlySubmission.unit_id == unit[1]))


def _frozen(values: dict) -> dict:
    return {key: value for key, value in values.items() if value is not None}


def submit(user, selection: Selection, month: Month, summary) -> MonthlySubmission:
    """Keep the summary's total figures as submitted; SummaryError if it may not be."""
    if not may_submit(user, selection):
        raise SummaryError(403, _l("Only the DCPU of the district (or the CCI, for its own home) "
                                   "submits its month-end report."))
    if not is_closed(month):
        raise SummaryError(400, _l("A month's report is submitted once the month has ended."))
    if find(selection, month) is not None:
        raise SummaryError(400, _l("This month's report has already been submitted."))
    level, unit_id = unit_of(selection)
    row = MonthlySubmission(month=month.first_day, unit_level=level, unit_id=unit_id,
                            district_id=selection.district_id,
                            institution_id=selection.institution_id if level == INSTITUTION else None,
                            figures=json.dumps(_frozen(summary.total.values), sort_keys=True),
                            submitted_by_id=user.id)
    db.session.add(row)
    db.session.commit()
    return row


def revisions(submission: MonthlySubmission | None, summary) -> dict:
    """{indicator key: the figure as submitted} where today's figure differs."""
    if submission is None:
        return {}
    submitted = json.loads(submission.figures)
    out = {}
    for key, value in submitted.items():
        now = summary.total.values.get(key)
        if now != value:
            out[key] = value
    return out


@dataclass
class Status:
    """Which units of a row have submitted (district or CCI: 0 or 1 of 1)."""

    unit_id: int
    name: str
    submitted: int
    expected: int
    latest: object = None  # the submission (one unit) or None


def status(selection: Selection, month: Month, rows) -> list[Status]:
    """Per row of the summary: its month-end reports submitted, out of expected.
    National: a state's districts; state: a district (its DCPU); district: each CCI."""
    first: date = month.first_day
    S = MonthlySubmission
    out = []
    if selection.level == "national":
        expected = dict(db.session.execute(select(District.state_id, func.count()).group_by(
            District.state_id)).all())
        done = dict(db.session.execute(
            select(District.state_id, func.count()).select_from(S).join(District, District.id == S.district_id)
            .where(S.month == first, S.unit_level == DISTRICT).group_by(District.state_id)).all())
        for row in rows:
            out.append(Status(row.unit_id, row.name, done.get(row.unit_id, 0), expected.get(row.unit_id, 0)))
    elif selection.level in ("state", "district"):
        level = DISTRICT if selection.level == "state" else INSTITUTION
        found = {s.unit_id: s for s in db.session.scalars(select(S).where(
            S.month == first, S.unit_level == level, S.unit_id.in_([r.unit_id for r in rows])))}
        for row in rows:
            latest = found.get(row.unit_id)
            out.append(Status(row.unit_id, row.name, int(latest is not None), 1, latest))
    return out

