"""A district's month by police station (issue #14 item 10): for the SP and the SJPU.

The same definitions as the district's own figures (summaries/indicators.py),
grouped by the report's police unit instead of its district; a report with no
unit recorded has a row of its own. Totals only (no gender split): the rows are
for follow-up by station, the gendered figures are the district's table."""
from __future__ import annotations

from dataclasses import dataclass, field

from flask_babel import lazy_gettext as _l
from sqlalchemy import and_, func, or_, select

from extensions import db
from models import FoundReport, MissingReport, PoliceUnit
from models.local_names import local_name_column
from summaries.indicators import _n
from summaries.periods import Month

COLUMNS = (("missing.reported", _l("Missing children reported")),
           ("missing.traced", _l("Traced in the month")),
           ("missing.untraced", _l("Untraced at month end")),
           ("missing.untraced_4m", _l("Untraced for more than 4 months")),
           ("found.registered", _l("Found children reported")))
NOTE = _l("Each report in the row of the police station or unit recorded on it, counted as in "
          "the district's tables; reports with no station recorded have a row of their own.")


@dataclass
class StationRow:
    unit_id: int | None
    name: object
    values: dict = field(default_factory=dict)


def by_station(district_id: int, month: Month) -> list[StationRow]:
    M, F = MissingReport, FoundReport
    first, last, start, end = month.first_day, month.last_day, month.start, month.end
    untraced = and_(or_(M.traced_at.is_(None), M.traced_at >= end),
                    or_(M.closed_at.is_(None), M.closed_at >= end))
    missing = db.session.execute(
        select(M.police_unit_id, _n(M.reported_on >= first),
               _n(and_(M.traced_at >= start, M.traced_at < end)), _n(untraced),
               _n(and_(untraced, M.reported_on < month.shift(-3).first_day)))
        .where(M.district_id == district_id, M.archived_at.is_(None), M.reported_on <= last,
               or_(M.traced_at >= start, and_(M.traced_at.is_(None),
                                              or_(M.closed_at.is_(None), M.closed_at >= start))))
        .group_by(M.police_unit_id)).all()
    found = dict(db.session.execute(
        select(F.police_unit_id, func.count()).where(
            F.district_id == district_id, F.archived_at.is_(None), F.reported_on >= first,
            F.reported_on <= last).group_by(F.police_unit_id)).all())
    units = db.session.execute(select(PoliceUnit.id, local_name_column(PoliceUnit)).where(
        PoliceUnit.district_id == district_id).order_by(PoliceUnit.name)).all()
    rows = {unit_id: StationRow(unit_id, name) for unit_id, name in units}
    rows[None] = StationRow(None, _l("No police station recorded"))
    for unit_id, reported, traced, open_, old in missing:
        row = rows.setdefault(unit_id, StationRow(unit_id, str(unit_id)))
        row.values.update({"missing.reported": int(reported or 0), "missing.traced": int(traced or 0),
                           "missing.untraced": int(open_ or 0), "missing.untraced_4m": int(old or 0)})
    for unit_id, count in found.items():
        rows.setdefault(unit_id, StationRow(unit_id, str(unit_id))).values["found.registered"] = count
    out = [row for key, row in rows.items() if key is not None]
    if rows[None].values:
        out.append(rows[None])
    return out
