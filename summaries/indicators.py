"""The summary's figures, each computed by SQL aggregates grouped by unit and gender.

One query per family of figures (missing reports, found reports, matches,
stays in CCIs, capacity, CWC cases, CWC orders, JJB cases, JJB orders), each a
GROUP BY unit, gender with SUM(CASE ...) columns; Python only adds up the
aggregated rows. Archived rows (archived_at set) never count, nor do records
of an archived child.

Where a figure belongs:
- missing and found reports: the report's district; a match: its missing
  report's district (one place, never both sides);
- children in CCIs, admissions, exits, ICPs and monthly progress: the
  institution of the stay (Placement), and through it its district and state;
- CWC and JJB cases (new cases, pending cases): the district of the child's
  stay in a CCI open at the end of the month (the placement timeline), else
  the child's own district;
  CWC and JJB orders (by type, SIRs): the district of the committee or board.
Month-end submissions (summaries/submissions.py) keep the total row of a
district or institution as submitted; figures by police station are in
summaries/stations.py, with the same definitions.
Figures about reports, matches and orders have no institution, so at district
level they appear in the district's total only, and at institution level not
at all.

The definitions (DESIGN.md "Months in summaries" and issue #4), for a month M
with bounds start <= t < end in India time:
- missing.reported: reported_on in M (the day reported to the police or the
  DCPU: an FIR/GD date from an imported file, else the day of entry).
- missing.open_at_start: reported before M, neither traced nor closed before M.
- missing.traced: traced_at in M (a match confirmed or the report closed as traced).
- missing.traced_1d / _7d / _30d: traced in M, within 1, 7 or 30 days of the
  day reported (India dates).
- missing.recovery_rate (NCRB): traced in M ÷ (open at the start of M +
  reported in M), in percent; NCRB's all-India 2023 figure is 65.9%.
- missing.untraced: reported by the end of M, not traced by then, and not
  closed otherwise by then (a report closed without tracing, e.g. filed in
  error, is no longer untraced).
- missing.untraced_4m: untraced at the end of M and reported at least four
  calendar months before: reported in month M-4 or earlier.
- by reason, sub-reason (ran away) and age band: of the reports reported in M.
- found.registered: reported_on in M; found.restored: restored_at in M;
  found.placed: placed in a CCI (placed_institution set) in M: the day of
  admission of the found child's stay in that CCI, else the day produced before
  the CWC/JJB (India time), else the day reported.
- match.proposed: proposed_at in M; match.confirmed / match.rejected: decided
  in M with that outcome.
- match.found.*: the same matches counted in the found report's district, by the
  found child's gender (the district holding the child sees its matches).
- medians (never added up from rows, computed for each unit itself):
  missing.median_days_to_trace (reports traced in M: days from reported_on to
  the India day traced), found.median_days_to_restore (found children restored
  in M: days from found to restored), care.median_stay_days (stays ended in M
  other than by a transfer: days from admission to exit).
- missing.again_after_restoration: missing reports reported in M whose child
  had a stay in a CCI that ended in restoration on or before the day reported.
- care.opening: a stay open at the start of M (admitted before its first day,
  not left before it); care.opening + care.admissions - care.exits =
  care.in_care at every unit.
- care.in_care: a stay open at the end of M (admitted on or before M's last
  day, not left by then), by the CCI's type and the child's category.
- care.admissions: stays begun in M, except a transfer from another institution
  of the same unit (so at district and state level only transfers from outside
  count; at institution level every arrival counts).
- care.exit.<kind>: stays ended in M, by kind; a transfer to an institution of
  the same unit is not an exit of that unit.
- care.capacity: the capacity of the unit's active institutions; occupancy is
  in care at month end against it.
- cwc.new_cases / jjb.new_cases: CNCP / CCL children first produced
  (case_opened_on) in M.
- cwc.pending_4m: CNCP children first produced in M-4 or earlier (the 4-month
  limit ran out by the end of M) with no final disposition of the CWC dated by
  the end of M (restoration, foster care, sponsorship, after-care, legally free
  or a final order: models/orders.py CWC_CLOSING_TYPES).
  jjb.pending_4m / jjb.pending_6m: likewise for CCL children and a disposal
  order under s.18 or an "inquiry closed" order of the JJB (JJB_CLOSING_TYPES;
  4 months, and 6 with the 2-month extension; the 6-month figure is part of the
  4-month one).
- case_opened_on is the first production before the CWC/JJB or the first order,
  whichever is earlier (models/case_dates.py keeps it on every path).
- cwc.order.<type>, jjb.disposition.<type>: orders dated in M.
Statutory clocks come in two kinds, shown apart: deadlines that fell in M
(not_produced_24h, progress_missing) and what is outstanding at the end of M
(sir_overdue_*, without_icp).
- clock.not_produced_24h: found children whose 24-hour limit (found_at + 24 h)
  fell in M and who were not produced before the CWC/JJB by then (produced later,
  or not yet).
- clock.sir_overdue_cwc / _jjb: SIRs ordered whose 15-day limit (order date +
  15 days) was on or before M's last day and which were not complied with by
  the end of M.
- clock.without_icp: children in care at the end of M with no ICP prepared by then.
- clock.progress_missing: children in care in one institution for the whole of
  M (admitted by the 1st, still there at the end) with no progress entry for M.
"""
from __future__ import annotations

import statistics
from dataclasses import dataclass, field
from datetime import timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import (Date, Integer, and_, case, exists, func, literal_column, not_, or_, select,
                        text, true)
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import aliased
from sqlalchemy.sql.expression import FunctionElement

from extensions import db
from models import (CarePlan, Child, CwcOrder, District, FoundReport, Institution, JjbOrder,
                    Match, MissingReport, Placement, ProgressEntry)
from models import choices
from models.base import UTCDateTime
from models.orders import CWC_CLOSING_TYPES, JJB_CLOSING_TYPES, JJB_DISPOSITION_TYPES
from models.placements import EXIT_KINDS
from summaries.levels import Selection
from summaries.periods import Month, opened_before

GENDER_CODES = ("male", "female", "transgender", "unknown")

# JJB orders that dispose of an inquiry under s.18 of the JJ Act, and what closes
# a case, are defined once in models/orders.py.
DISPOSITION_TYPES = JJB_DISPOSITION_TYPES
SIR_ORDERED = "sir_ordered"
SIR_DAYS = 15
PRODUCTION_HOURS = 24
# Traced within a day (24 hours: on the day reported or the next), 7 and 30 days
# of the day reported, counted among the children traced in the month.
TRACED_WITHIN = (("missing.traced_1d", 1), ("missing.traced_7d", 7), ("missing.traced_30d", 30))
# NCRB, Crime in India 2023: missing children traced in 2023 ÷ (missing at the
# start of the year + reported in it), all India. The anchor a state compares with.
NCRB_RECOVERY_RATE_2023 = 65.9
# Percentages and medians of a unit's own records (never added up from rows).
MEDIANS = frozenset({"missing.median_days_to_trace", "found.median_days_to_restore",
                     "care.median_stay_days"})
RATES = frozenset({"missing.recovery_rate"}) | MEDIANS
AGE_BANDS = (("0_5", 0, 5, _l("0–5 years")), ("6_11", 6, 11, _l("6–11 years")),
             ("12_14", 12, 14, _l("12–14 years")), ("15_17", 15, 17, _l("15–17 years")))


# ---- the indicators and how they are shown ------------------------------------------
@dataclass(frozen=True)
class Indicator:
    key: str
    label: object
    belongs: str = "district"  # "district" (reports, orders, cases) or "institution" (stays)
    gendered: bool = True


@dataclass(frozen=True)
class Section:
    key: str
    title: object
    indicators: tuple[Indicator, ...] = field(default_factory=tuple)
    note: object = None  # "how this is counted", shown under the table


def _ind(key, label, belongs="district", gendered=True):
    return Indicator(key, label, belongs, gendered)


SECTIONS = (
    Section("missing", _l("Missing children"), (
        _ind("missing.open_at_start", _l("Missing at the start of the month")),
        _ind("missing.reported", _l("Reported in the month")),
        _ind("missing.traced", _l("Traced in the month")),
        _ind("missing.untraced", _l("Untraced at month end")),
        _ind("missing.untraced_4m", _l("Untraced for more than 4 months")))),
    Section("outcomes", _l("Tracing: outcomes"), (
        _ind("missing.traced_1d", _l("Traced within 24 hours of the report")),
        _ind("missing.traced_7d", _l("Traced within 7 days of the report")),
        _ind("missing.traced_30d", _l("Traced within 30 days of the report")),
        _ind("missing.recovery_rate", _l("Recovery rate (%), as NCRB counts it"), gendered=False),
        _ind("missing.median_days_to_trace", _l("Median days from report to tracing"),
             gendered=False),
        _ind("found.median_days_to_restore", _l("Median days from finding to restoration"),
             gendered=False),
        _ind("missing.again_after_restoration",
             _l("Reported missing again after being restored")))),
    Section("missing_reason", _l("Missing children reported in the month, by reason"), tuple(
        _ind(f"missing.reason.{code}", label) for code, label in choices.MISSING_REASONS)),
    Section("missing_runaway", _l("Ran away, by reason given"), tuple(
        _ind(f"missing.runaway.{code}", label) for code, label in choices.RUNAWAY_REASONS)),
    Section("missing_age", _l("Missing children reported in the month, by age"), tuple(
        _ind(f"missing.age.{key}", label) for key, _lo, _hi, label in AGE_BANDS)
        + (_ind("missing.age.unknown", _l("Age not known")),)),
    Section("found", _l("Found children"), (
        _ind("found.registered", _l("Registered in the month")),
        _ind("found.restored", _l("Restored to family")),
        _ind("found.placed", _l("Placed in a CCI")))),
    Section("matches", _l("Matches"), (
        _ind("match.proposed", _l("Proposed")),
        _ind("match.confirmed", _l("Confirmed")),
        _ind("match.rejected", _l("Rejected")))),
    Section("matches_found", _l("Matches of the found children of this area"), (
        _ind("match.found.proposed", _l("Proposed")),
        _ind("match.found.confirmed", _l("Confirmed")),
        _ind("match.found.rejected", _l("Rejected")))),
    Section("care", _l("Children in CCIs"), (
        _ind("care.opening", _l("In care at the start of the month"), "institution"),
        _ind("care.admissions", _l("Admissions"), "institution"),
        _ind("care.exits", _l("Exits"), "institution"),
        _ind("care.in_care", _l("In care at month end"), "institution"),
        _ind("care.median_stay_days", _l("Median length of stay of the exits (days)"),
             "institution", gendered=False),
        _ind("care.capacity", _l("Capacity"), "institution", gendered=False),
        _ind("care.occupancy", _l("Occupancy (%)"), "institution", gendered=False))),
    Section("care_type", _l("In care at month end, by CCI type"), tuple(
        _ind(f"care.type.{code}", label, "institution") for code, label in choices.CCI_TYPES)),
    Section("care_category", _l("In care at month end, by category"), (
        _ind("care.category.CNCP", _l("CNCP"), "institution"),
        _ind("care.category.CCL", _l("CCL"), "institution"))),
    Section("exits", _l("Exits in the month, by kind"), tuple(
        _ind(f"care.exit.{code}", label, "institution") for code, label in EXIT_KINDS)),
    Section("cwc", _l("Child Welfare Committee"), (
        _ind("cwc.new_cases", _l("New cases")),
        _ind("cwc.orders", _l("Orders")),
        _ind("cwc.legally_free", _l("Declared legally free for adoption")),
        _ind("cwc.pending_4m", _l("Cases pending beyond 4 months")))),
    Section("cwc_orders", _l("CWC orders in the month, by type"), tuple(
        _ind(f"cwc.order.{code}", label) for code, label in choices.CWC_ORDER_TYPES)),
    Section("jjb", _l("Juvenile Justice Board"), (
        _ind("jjb.new_cases", _l("New cases")),
        _ind("jjb.dispositions", _l("Dispositions")),
        _ind("jjb.pending_4m", _l("Inquiries pending beyond 4 months")),
        _ind("jjb.pending_6m", _l("Inquiries pending beyond 6 months")))),
    Section("jjb_dispositions", _l("JJB dispositions in the month, by type"), tuple(
        _ind(f"jjb.disposition.{code}", choices.label_of(choices.JJB_ORDER_TYPES, code))
        for code in DISPOSITION_TYPES)),
    # Two kinds of clock, never mixed: a deadline that fell in the month (missed
    # or kept, it belongs to that month), and what is still outstanding at its end.
    Section("clocks_month", _l("Statutory deadlines that fell in the month, missed"), (
        _ind("clock.not_produced_24h", _l("Found children not produced within 24 hours")),
        _ind("clock.progress_missing", _l("Monthly progress not entered"), "institution")),
        note=_l("A deadline counts in the month it fell in: the 24 hours after a child was found "
                "ended in the month and the child had not been produced by then; a child in one "
                "CCI for the whole month has no progress entry for it.")),
    Section("clocks_end", _l("Outstanding at month end"), (
        _ind("clock.sir_overdue_cwc", _l("SIRs overdue (15 days), CWC")),
        _ind("clock.sir_overdue_jjb", _l("SIRs overdue (15 days), JJB")),
        _ind("clock.without_icp", _l("Children in care without an ICP"), "institution")),
        note=_l("Everything still open on the month's last day, whenever its deadline fell: SIRs "
                "ordered more than 15 days before and not submitted; children in care with no "
                "ICP prepared by then.")),
)
NOTES = {
    "missing": _l("By the day the child was reported to the police or the DCPU (the FIR or GD "
                  "date), not the day the record was entered. Missing at the start: reported "
                  "before the month and neither traced nor closed before it. Untraced at month "
                  "end: reported by then and neither traced nor closed by then; more than 4 "
                  "months: reported in the fourth month before or earlier. A report belongs to "
                  "its district."),
    "outcomes": _l("Of the children traced in the month, those traced within a day (by the day "
                   "after the report), 7 and 30 days of the day reported. Recovery rate as NCRB "
                   "counts it: traced in the month ÷ (missing at its start + reported in it). "
                   "NCRB's national rate for 2023 was 65.9%. Medians: of the reports traced in "
                   "the month (days from the day reported), and of the found children restored "
                   "in it (days from the day found). Reported again: missing reports of the "
                   "month for a child whose earlier stay in a CCI ended in restoration."),
    "missing_reason": _l("Missing children reported in the month, by the reason recorded."),
    "missing_runaway": _l("Children reported in the month who ran away, by the reason given."),
    "missing_age": _l("Missing children reported in the month, by the age recorded on the report."),
    "found": _l("Reported in the month: by the day the found child was reported to the police "
                "or the DCPU. Restored: restored to the family in the month. Placed in a CCI: "
                "admitted in the month (the day of admission; else the day produced before the "
                "CWC, else the day reported)."),
    "matches": _l("A match counts in the district of the missing child's report: proposed in "
                  "the month, or confirmed or rejected in it."),
    "matches_found": _l("The same matches counted in the district where the found child was "
                        "reported, by the found child's gender: what the district holding the "
                        "child took part in."),
    "care": _l("Stays in CCIs, by their dates of admission and exit: in care at the start + "
               "admissions − exits = in care at month end. Length of stay: days from admission "
               "to exit of the stays that ended in the month (other than transfers). A transfer between two homes of the "
               "same district is neither an admission nor an exit of the district, so the rows "
               "of its homes may add up to more admissions and exits than the district's total."),
    "care_type": _l("Children in care at month end, by the type of CCI of their stay."),
    "care_category": _l("Children in care at month end, by category (in need of care and "
                        "protection, or in conflict with law)."),
    "exits": _l("Stays that ended in the month, by kind of exit; a transfer within the same "
                "unit is not an exit of the unit."),
    "cwc": _l("New cases: children first produced before the CWC in the month (or whose first "
              "order fell in it). Pending beyond 4 months: first produced 4 months or more "
              "before the month's end with no final disposition by then (restoration, foster "
              "care, sponsorship, after-care, legally free, or a final order). A case counts in "
              "the district of the child's stay at month end, else the child's district."),
    "cwc_orders": _l("Orders dated in the month, in the district of the committee that made them."),
    "jjb": _l("New cases: children first produced before the JJB in the month. An inquiry "
              "ends with a disposal order under s.18 (advice, group counselling, community "
              "service, fine, probation, special home) or an order closing it. Dispositions: "
              "disposal orders dated in the month."),
    "jjb_dispositions": _l("Disposal orders under s.18 dated in the month, in the district of "
                           "the board."),
}
SECTIONS = tuple(section if section.note is not None or section.key not in NOTES
                 else Section(section.key, section.title, section.indicators, NOTES[section.key])
                 for section in SECTIONS)
INDICATORS = {i.key: i for s in SECTIONS for i in s.indicators}


# ---- SQL helpers -------------------------------------------------------------------------
class plus_hours(FunctionElement):
    """timestamp + n hours, on both engines (SQLite keeps the fraction of seconds
    as stored, so the result compares exactly with stored values)."""

    type = UTCDateTime()
    inherit_cache = True
    name = "plus_hours"

    def __init__(self, column, hours: int):
        self.hours = int(hours)
        super().__init__(column)


@compiles(plus_hours)
def _plus_hours_default(element, compiler, **kw):
    column = compiler.process(list(element.clauses)[0], **kw)
    return f"({column} + INTERVAL '{element.hours} hours')"


@compiles(plus_hours, "sqlite")
def _plus_hours_sqlite(element, compiler, **kw):
    column = compiler.process(list(element.clauses)[0], **kw)
    return f"(strftime('%Y-%m-%d %H:%M:%S', {column}, '+{element.hours} hours') || substr({column}, 20))"


class india_day(FunctionElement):
    """The India date of a stored (UTC) timestamp, on both engines."""

    type = Date()
    inherit_cache = True
    name = "india_day"


@compiles(india_day)
def _india_day_default(element, compiler, **kw):
    column = compiler.process(next(iter(element.clauses)), **kw)
    return f"CAST(({column} AT TIME ZONE 'Asia/Kolkata') AS DATE)"


@compiles(india_day, "sqlite")
def _india_day_sqlite(element, compiler, **kw):
    column = compiler.process(next(iter(element.clauses)), **kw)
    return f"date({column}, '+330 minutes')"


class days_between(FunctionElement):
    """Whole days from the first date to the second (second - first)."""

    type = Integer()
    inherit_cache = True
    name = "days_between"


@compiles(days_between)
def _days_between_default(element, compiler, **kw):
    a, b = (compiler.process(c, **kw) for c in element.clauses)
    return f"({b} - {a})"


@compiles(days_between, "sqlite")
def _days_between_sqlite(element, compiler, **kw):
    a, b = (compiler.process(c, **kw) for c in element.clauses)
    return f"CAST(julianday({b}) - julianday({a}) AS INTEGER)"


def _n(condition):
    """SUM(CASE WHEN condition THEN 1 ELSE 0 END); a pair (cheap, costly) nests the
    costly test (a correlated EXISTS) inside the cheap one, so that it runs only on
    the rows that pass the cheap one (AND does not promise that, and a NULL on its
    left makes both engines evaluate its right)."""
    if isinstance(condition, tuple):
        cheap, costly = condition
        return func.sum(case((cheap, case((costly, 1), else_=0)), else_=0))
    return func.sum(case((condition, 1), else_=0))


@dataclass
class Attribution:
    joins: list
    where: list
    unit: object  # SQL expression of the row's unit, or None for one unit (the nation)
    district: object = None  # the District alias joined for state units


@dataclass(frozen=True)
class Grouping:
    """Figures within `within`, one group per unit of level `by`
    (nation, state, district or institution)."""

    by: str
    within: Selection

    def state_district_ids(self) -> list[int]:
        """The ids of the state's districts, looked up once per grouping: a list of
        values (rather than a subquery) lets both planners estimate the rows and
        reach them by the district indexes."""
        ids = self.__dict__.get("_district_ids")
        if ids is None:
            ids = list(db.session.scalars(select(District.id).where(
                District.state_id == self.within.state_id).order_by(District.id)))
            object.__setattr__(self, "_district_ids", ids)
        return ids

    def districts(self, district_col) -> Attribution | None:
        """For records that belong to a district; None where they have no place."""
        if self.by == "institution" or self.within.level == "institution":
            return None
        joins, where, unit = [], [], None
        if self.by == "state":
            D = aliased(District)
            joins.append((D, D.id == district_col))
            unit = D.state_id
        elif self.by == "district":
            unit = district_col
        if self.within.level == "state":
            where.append(district_col.in_(self.state_district_ids()))
        elif self.within.level == "district":
            where.append(district_col == self.within.district_id)
        return Attribution(joins, where, unit)

    def institutions(self, institution_col, I) -> Attribution:
        """For stays, through the institution `I` (already joined)."""
        joins, where, unit, D = [], [], None, None
        if self.by == "institution":
            unit = institution_col
        elif self.by == "district":
            unit = I.district_id
        elif self.by == "state":
            D = aliased(District)
            joins.append((D, D.id == I.district_id))
            unit = D.state_id
        if self.within.level == "state":
            where.append(I.district_id.in_(self.state_district_ids()))
        elif self.within.level == "district":
            where.append(I.district_id == self.within.district_id)
        elif self.within.level == "institution":
            where.append(institution_col == self.within.institution_id)
        return Attribution(joins, where, unit, D)

    def same_unit(self, other, outer_I, outer_D):
        """(joins, condition): the stay `other` (a Placement alias) is in the same
        unit as the outer stay. Joins rather than nested subqueries, so that the
        outer institution is correlated."""
        if self.by == "nation":
            return [], None  # any other stay is within the nation
        if self.by == "institution":
            return [], other.institution_id == outer_I.id
        QI = aliased(Institution)
        joins = [(QI, QI.id == other.institution_id)]
        if self.by == "district":
            return joins, QI.district_id == outer_I.district_id
        QD = aliased(District)
        joins.append((QD, QD.id == QI.district_id))
        return joins, QD.state_id == outer_D.state_id


Figures = dict  # unit id -> indicator key -> gender -> count (or -> int when not gendered)


def _run(base_model, attribution: Attribution, gender_col, columns, extra_joins=(), where=(),
         out: Figures | None = None) -> Figures:
    """SELECT unit, gender, SUM(CASE ...)... GROUP BY unit, gender; added into `out`."""
    unit = attribution.unit
    unit_col = (unit if unit is not None else literal_column("0")).label("unit")
    stmt = select(unit_col, gender_col.label("gender"),
                  *[_n(cond).label(f"c{i}") for i, (_k, cond) in enumerate(columns)])
    stmt = stmt.select_from(base_model)
    for target, onclause in (*extra_joins, *attribution.joins):
        stmt = stmt.join(target, onclause)
    stmt = stmt.where(*where, *attribution.where)
    stmt = stmt.group_by(unit, gender_col) if unit is not None else stmt.group_by(gender_col)
    out = out if out is not None else {}
    keys = [k for k, _c in columns]
    for row in db.session.execute(stmt):
        gender = row.gender if row.gender in GENDER_CODES else "unknown"
        figures = out.setdefault(row.unit, {})
        for key, value in zip(keys, row[2:]):
            cell = figures.setdefault(key, dict.fromkeys(GENDER_CODES, 0))
            cell[gender] += int(value or 0)
    return out


# ---- the families ----------------------------------------------------------------------------
def missing_figures(grouping: Grouping, month: Month, out: Figures) -> None:
    M = MissingReport
    attribution = grouping.districts(M.district_id)
    if attribution is None:
        return
    first, start, end = month.first_day, month.start, month.end
    reported = M.reported_on >= first  # (and on or before the last day: the WHERE)
    untraced = and_(or_(M.traced_at.is_(None), M.traced_at >= end),
                    or_(M.closed_at.is_(None), M.closed_at >= end))
    open_at_start = and_(M.reported_on < first,
                         or_(M.traced_at.is_(None), M.traced_at >= start),
                         or_(M.closed_at.is_(None), M.closed_at >= start))
    traced = and_(M.traced_at >= start, M.traced_at < end)
    four_months_ago = month.shift(-3).first_day  # reported in M-4 or earlier
    columns = [
        ("missing.open_at_start", open_at_start),
        ("missing.reported", reported),
        ("missing.traced", traced),
        ("missing.untraced", untraced),
        ("missing.untraced_4m", and_(untraced, M.reported_on < four_months_ago)),
    ]
    for key, days in TRACED_WITHIN:
        columns.append((key, and_(traced, days_between(M.reported_on, india_day(M.traced_at)) <= days)))
    restored_before = exists(select(1).where(Placement.child_id == M.child_id,
                                             Placement.exit_kind == "restoration",
                                             Placement.left_on <= M.reported_on))
    columns.append(("missing.again_after_restoration",
                    (and_(reported, M.child_id.is_not(None)), restored_before)))
    reasons = [code for code, _l in choices.MISSING_REASONS if code != "unknown"]
    for code in reasons:
        columns.append((f"missing.reason.{code}", and_(reported, M.reason == code)))
    columns.append(("missing.reason.unknown", and_(reported, or_(M.reason.is_(None),
                                                                  M.reason.not_in(reasons)))))
    runaway = and_(reported, M.reason == "ran_away")
    sub = [code for code, _l in choices.RUNAWAY_REASONS if code != "other"]
    for code in sub:
        columns.append((f"missing.runaway.{code}", and_(runaway, M.runaway_reason == code)))
    columns.append(("missing.runaway.other", and_(runaway, or_(M.runaway_reason.is_(None),
                                                                M.runaway_reason.not_in(sub)))))
    for key, low, high, _label in AGE_BANDS:
        columns.append((f"missing.age.{key}", and_(reported, M.age_years.between(low, high))))
    columns.append(("missing.age.unknown", and_(reported, or_(M.age_years.is_(None),
                                                               M.age_years < 0, M.age_years > 17))))
    where = [M.archived_at.is_(None), M.reported_on <= month.last_day,
             or_(M.traced_at >= start, and_(M.traced_at.is_(None),
                                            or_(M.closed_at.is_(None), M.closed_at >= start)))]
    _run(M, attribution, M.gender, columns, where=where, out=out)


def found_figures(grouping: Grouping, month: Month, out: Figures) -> None:
    F = FoundReport
    attribution = grouping.districts(F.district_id)
    if attribution is None:
        return
    start, end = month.start, month.end
    registered = and_(F.reported_on >= month.first_day, F.reported_on <= month.last_day)
    hours = timedelta(hours=PRODUCTION_HOURS)
    limit_in_month = and_(F.found_at >= start - hours, F.found_at < end - hours)
    columns = [
        ("found.registered", registered),
        ("found.restored", and_(F.restored_at >= start, F.restored_at < end)),
        ("clock.not_produced_24h", and_(limit_in_month, or_(
            F.produced_at.is_(None), F.produced_at > plus_hours(F.found_at, PRODUCTION_HOURS)))),
    ]
    where = [F.archived_at.is_(None),
             or_(registered, and_(F.restored_at >= start, F.restored_at < end), limit_in_month)]
    _run(F, attribution, F.gender, columns, where=where, out=out)
    # Placed in a CCI in the month: by the day of admission (the found child's stay
    # in that CCI), else the day produced before the CWC/JJB, else the day reported.
    P = Placement
    admitted = (select(func.min(P.admitted_on))
                .where(P.child_id == F.child_id, P.institution_id == F.placed_institution_id)
                .scalar_subquery())
    placed_on = func.coalesce(admitted, india_day(F.produced_at), F.reported_on)
    _run(F, attribution, F.gender, [("found.placed", true())], out=out, where=[
        F.archived_at.is_(None), F.placed_institution_id.is_not(None),
        placed_on >= month.first_day, placed_on <= month.last_day])


def match_figures(grouping: Grouping, month: Month, out: Figures) -> None:
    M, F, X = MissingReport, FoundReport, Match
    attribution = grouping.districts(M.district_id)
    if attribution is None:
        return
    start, end = month.start, month.end
    decided = and_(X.decided_at >= start, X.decided_at < end)
    columns = [
        ("match.proposed", and_(X.proposed_at >= start, X.proposed_at < end)),
        ("match.confirmed", and_(decided, X.status == "confirmed")),
        ("match.rejected", and_(decided, X.status == "rejected")),
    ]
    joins = [(M, M.id == X.missing_report_id), (F, F.id == X.found_report_id)]
    where = [M.archived_at.is_(None), F.archived_at.is_(None),
             or_(and_(X.proposed_at >= start, X.proposed_at < end), decided)]
    _run(X, attribution, M.gender, columns, extra_joins=joins, where=where, out=out)
    # The same matches seen from the found child's district (the district that
    # holds the child): the figures of its own found children, by their gender.
    found_side = [(key.replace("match.", "match.found."), condition) for key, condition in columns]
    _run(X, grouping.districts(F.district_id), F.gender, found_side, extra_joins=joins,
         where=where, out=out)


# The figures of stays that are not additive: a move between two units of a
# larger unit is an admission and an exit of each, but not of the larger unit.
NOT_ADDITIVE = frozenset({"care.admissions", "care.exits", "care.exit.transfer"})
DISTRICT_FAMILIES = ()  # filled below


def care_figures(grouping: Grouping, month: Month, out: Figures, only=None) -> None:
    P, K, I = Placement, Child, Institution
    attribution = grouping.institutions(P.institution_id, I)
    first, last = month.first_day, month.last_day
    in_care = or_(P.left_on.is_(None), P.left_on > last)
    left_in_month = and_(P.left_on.is_not(None), P.left_on >= first, P.left_on <= last)

    def linked(other_condition):
        """Another stay of the same child, in the same unit, meeting the condition."""
        Q = aliased(Placement)
        joins, same = grouping.same_unit(Q, I, attribution.district)
        conditions = [Q.child_id == P.child_id, Q.id != P.id, other_condition(Q)]
        if same is not None:
            conditions.append(same)
        inner = select(1).select_from(Q)
        for target, onclause in joins:
            inner = inner.join(target, onclause)
        return exists(inner.where(*conditions))

    from_same_unit = linked(lambda Q: and_(Q.left_on == P.admitted_on, Q.exit_kind == "transfer"))
    to_same_unit = linked(lambda Q: Q.admitted_on == P.left_on)
    is_transfer = and_(P.exit_kind.is_not(None), P.exit_kind == "transfer")
    has_icp = exists(select(1).where(CarePlan.child_id == P.child_id, CarePlan.archived_at.is_(None),
                                     CarePlan.prepared_on <= last))
    has_progress = exists(select(1).where(ProgressEntry.child_id == P.child_id,
                                          ProgressEntry.archived_at.is_(None),
                                          ProgressEntry.month == first))
    # Two queries: the stocks (stays open at the start or at the end of the month)
    # and the flows of the month (stays begun or ended in it), each over only the
    # stays it can count.
    open_at_start = and_(P.admitted_on < first, or_(P.left_on.is_(None), P.left_on >= first))
    stock = [("care.opening", open_at_start), ("care.in_care", in_care)]
    for code, _label in choices.CCI_TYPES:
        stock.append((f"care.type.{code}", and_(in_care, I.cci_type == code)))
    for code in ("CNCP", "CCL"):
        stock.append((f"care.category.{code}", and_(in_care, K.category == code)))
    stock.append(("clock.without_icp", (in_care, not_(has_icp))))
    stock.append(("clock.progress_missing", (and_(in_care, P.admitted_on <= first),
                                             not_(has_progress))))
    flows = [
        ("care.admissions", (P.admitted_on >= first, not_(from_same_unit))),
        ("care.exits", (left_in_month, or_(not_(is_transfer), not_(to_same_unit)))),
    ]
    for code, _label in EXIT_KINDS:
        condition = and_(left_in_month, P.exit_kind.is_not(None), P.exit_kind == code)
        if code == "transfer":
            condition = (condition, not_(to_same_unit))
        flows.append((f"care.exit.{code}", condition))
    if only is not None:
        stock = [(key, condition) for key, condition in stock if key in only]
        flows = [(key, condition) for key, condition in flows if key in only]
    joins = [(K, K.id == P.child_id), (I, I.id == P.institution_id)]
    if stock:
        where = [K.archived_at.is_(None), P.admitted_on <= last,
                 or_(P.left_on.is_(None), P.left_on >= first)]
        _run(P, attribution, K.gender, stock, extra_joins=joins, where=where, out=out)
    if flows:
        # Each arm a range of one index (institution, admitted_on / left_on).
        where = [K.archived_at.is_(None),
                 or_(and_(P.admitted_on >= first, P.admitted_on <= last),
                     and_(P.left_on >= first, P.left_on <= last, P.admitted_on <= last))]
        _run(P, attribution, K.gender, flows, extra_joins=joins, where=where, out=out)


def capacity_figures(grouping: Grouping, out: Figures) -> None:
    I = Institution
    attribution = grouping.institutions(I.id, I)
    unit = attribution.unit
    unit_col = (unit if unit is not None else literal_column("0")).label("unit")
    stmt = select(unit_col, func.sum(I.capacity)).select_from(I)
    for target, onclause in attribution.joins:
        stmt = stmt.join(target, onclause)
    stmt = stmt.where(I.active.is_(True), *attribution.where)
    if unit is not None:
        stmt = stmt.group_by(unit)
    for unit_id, capacity in db.session.execute(stmt):
        out.setdefault(unit_id, {})["care.capacity"] = int(capacity or 0)


CASES = (("CNCP", "cwc", CwcOrder, CWC_CLOSING_TYPES, (4,)),
         ("CCL", "jjb", JjbOrder, JJB_CLOSING_TYPES, (4, 6)))


def case_figures(grouping: Grouping, month: Month, out: Figures) -> None:
    """CWC and JJB cases, both categories in one pass over the children.

    A case belongs to the district the child was in at the end of the month: the
    district of the stay in a CCI open then (the placement timeline), else the
    child's own district (a child not in care). So a later transfer does not move
    a closed month's cases. Counted by the child's own district (one pass over
    the children, by index), then moved for the few children whose stay at month
    end was in another unit: + to the stay's unit, - to the child's."""
    K = Child
    attribution = grouping.districts(K.district_id)
    if attribution is None:
        return
    first, last = month.first_day, month.last_day
    columns = []
    for category, prefix, closing_model, closing_types, limits in CASES:
        of_category = K.category == category
        closed = exists(select(1).where(closing_model.child_id == K.id,
                                        closing_model.order_type.in_(closing_types),
                                        closing_model.archived_at.is_(None),
                                        closing_model.order_date <= last))
        columns.append((f"{prefix}.new_cases", and_(of_category, K.case_opened_on >= first)))
        for months in limits:
            cutoff = opened_before(month.next_first_day, months)
            columns.append((f"{prefix}.pending_{months}m",
                            (and_(of_category, K.case_opened_on < cutoff), not_(closed))))
    cases = [K.archived_at.is_(None), K.category.in_([c[0] for c in CASES]), K.case_opened_on <= last]
    _run(K, attribution, K.gender, columns, where=cases, out=out)
    if grouping.by != "nation":
        _move_to_stays(grouping, month, columns, cases, out)


def _move_to_stays(grouping: Grouping, month: Month, columns, cases, out: Figures) -> None:
    """Children in a CCI at the end of the month whose stay was in another
    district than their own today: their cases move to the stay's unit."""
    K, P, I = Child, Placement, Institution
    last = month.last_day
    if grouping.by == "state":
        stay_d, own_d = aliased(District), aliased(District)
        joins = [(stay_d, stay_d.id == I.district_id), (own_d, own_d.id == K.district_id)]
        stay_unit, own_unit = stay_d.state_id, own_d.state_id
    else:
        joins, stay_unit, own_unit = [], I.district_id, K.district_id
    where = [*cases, P.admitted_on <= last, or_(P.left_on.is_(None), P.left_on > last),
             I.district_id != K.district_id]
    within = grouping.within
    # Within a state or a district: one query per side, each reaching its rows by an
    # index (the stays of the unit's institutions; the unit's own children).
    if within.level == "state":
        ids = grouping.state_district_ids()
        units = set(ids) if grouping.by == "district" else {within.state_id}
        sides = ((1, [I.district_id.in_(ids)]), (-1, [K.district_id.in_(ids)]))
    elif within.level == "district":
        units = {within.district_id}
        sides = ((1, [I.district_id == within.district_id]), (-1, [K.district_id == within.district_id]))
    else:
        units, sides = None, ((0, []),)  # the nation: both sides in one pass
    for sign, scope in sides:
        stmt = (select(stay_unit, own_unit, K.gender, *[_n(c) for _k, c in columns])
                .select_from(P).join(K, K.id == P.child_id).join(I, I.id == P.institution_id))
        for target, onclause in joins:
            stmt = stmt.join(target, onclause)
        stmt = stmt.where(*where, *scope).group_by(stay_unit, own_unit, K.gender)
        for to_unit, from_unit, gender, *values in db.session.execute(stmt):
            if to_unit == from_unit:
                continue
            gender = gender if gender in GENDER_CODES else "unknown"
            moves = ((to_unit, 1), (from_unit, -1)) if sign == 0 else (
                ((to_unit, 1),) if sign > 0 else ((from_unit, -1),))
            for unit, step in moves:
                if units is not None and unit not in units:
                    continue
                figures = out.setdefault(unit, {})
                for (key, _c), value in zip(columns, values):
                    cell = figures.setdefault(key, dict.fromkeys(GENDER_CODES, 0))
                    cell[gender] += step * int(value or 0)


def _order_figures(grouping, month, out, model, prefix, types, counted_types, total_key):
    O, K = model, Child
    attribution = grouping.districts(O.district_id)
    if attribution is None:
        return
    first, last = month.first_day, month.last_day
    in_month = and_(O.order_date >= first, O.order_date <= last)
    sir_overdue = and_(O.order_type == SIR_ORDERED,
                       O.order_date <= last - timedelta(days=SIR_DAYS),
                       or_(O.complied_on.is_(None), O.complied_on > last))
    columns = [(total_key, and_(in_month, O.order_type.in_(counted_types)))]
    columns += [(f"{prefix}.{code}", and_(in_month, O.order_type == code)) for code in types]
    columns.append((f"clock.sir_overdue_{prefix.split('.')[0]}", sir_overdue))
    where = [O.archived_at.is_(None), K.archived_at.is_(None), or_(in_month, sir_overdue)]
    _run(O, attribution, K.gender, columns, extra_joins=[(K, K.id == O.child_id)], where=where,
         out=out)


def cwc_figures(grouping: Grouping, month: Month, out: Figures) -> None:
    """CWC orders (the cases are in case_figures)."""
    types = [code for code, _l in choices.CWC_ORDER_TYPES]
    _order_figures(grouping, month, out, CwcOrder, "cwc.order", types, types, "cwc.orders")


def jjb_figures(grouping: Grouping, month: Month, out: Figures) -> None:
    """JJB orders (the cases are in case_figures)."""
    _order_figures(grouping, month, out, JjbOrder, "jjb.disposition", DISPOSITION_TYPES,
                   DISPOSITION_TYPES, "jjb.dispositions")


def _medians(rows, key, out: Figures) -> None:
    by_unit: dict = {}
    for unit, days in rows:
        if days is not None:
            by_unit.setdefault(unit, []).append(int(days))
    for unit, values in by_unit.items():
        out.setdefault(unit, {})[key] = round(float(statistics.median(values)), 1)


def _fetch(attribution, base, value, where, joins=()):
    unit = attribution.unit
    stmt = select((unit if unit is not None else literal_column("0")).label("unit"), value)
    stmt = stmt.select_from(base)
    for target, onclause in (*joins, *attribution.joins):
        stmt = stmt.join(target, onclause)
    return db.session.execute(stmt.where(*where, *attribution.where)).all()


def median_figures(grouping: Grouping, month: Month, out: Figures) -> None:
    """Medians of the month's own records: days from report to tracing, from
    finding to restoration, and the length of the stays that ended (not by a
    transfer)."""
    start, end = month.start, month.end
    M, F, P, I, K = MissingReport, FoundReport, Placement, Institution, Child
    attribution = grouping.districts(M.district_id)
    if attribution is not None:
        _medians(_fetch(attribution, M, days_between(M.reported_on, india_day(M.traced_at)), [
            M.archived_at.is_(None), M.traced_at >= start, M.traced_at < end]),
            "missing.median_days_to_trace", out)
        attribution = grouping.districts(F.district_id)
        _medians(_fetch(attribution, F, days_between(india_day(F.found_at), india_day(F.restored_at)), [
            F.archived_at.is_(None), F.restored_at >= start, F.restored_at < end]),
            "found.median_days_to_restore", out)
    attribution = grouping.institutions(P.institution_id, I)
    _medians(_fetch(attribution, P, days_between(P.admitted_on, P.left_on), [
        K.archived_at.is_(None), P.left_on >= month.first_day, P.left_on <= month.last_day,
        P.exit_kind != "transfer"], joins=[(K, K.id == P.child_id), (I, I.id == P.institution_id)]),
        "care.median_stay_days", out)


FAMILIES = (missing_figures, found_figures, match_figures, care_figures, case_figures, cwc_figures,
            jjb_figures, median_figures)
DISTRICT_FAMILIES = (missing_figures, found_figures, match_figures, case_figures, cwc_figures,
                     jjb_figures)


def prepare_session() -> None:
    """PostgreSQL's JIT compiler costs seconds on these one-off aggregates (their
    estimated cost is high, their run short): off for this transaction only."""
    if db.session.get_bind().dialect.name == "postgresql":
        db.session.execute(text("SET LOCAL jit = off"))


def compute(grouping: Grouping, month: Month) -> Figures:
    """Every figure for every unit of the grouping."""
    prepare_session()
    out: Figures = {}
    for family in FAMILIES:
        family(grouping, month, out)
    capacity_figures(grouping, out)
    _derived(out)
    return out


def _derived(out: Figures) -> None:
    for figures in out.values():
        # NCRB: traced in the period ÷ (missing at its start + reported in it)
        if "missing.traced" in figures:
            base = (sum(figures.get("missing.open_at_start", {}).values())
                    + sum(figures.get("missing.reported", {}).values()))
            figures["missing.recovery_rate"] = (
                round(100.0 * sum(figures["missing.traced"].values()) / base, 1) if base else None)
    # legally free is an order type, also shown among the CWC headline figures
    for figures in out.values():
        if "cwc.order.legally_free" in figures:
            figures["cwc.legally_free"] = dict(figures["cwc.order.legally_free"])


def compute_total(grouping: Grouping, month: Month, rows: Figures, rows_by: str) -> Figures:
    """The unit's own figures, given its rows' figures (`rows`, grouped by `rows_by`).

    Additive figures are the sum of the rows (every unit of the level is a row);
    admissions and exits are counted again for the unit itself, and figures of
    reports and orders too when the rows are institutions (which have none)."""
    prepare_session()
    total: dict = {}
    for figures in rows.values():
        for key, value in figures.items():
            if key in RATES:
                continue
            if isinstance(value, dict):
                cell = total.setdefault(key, dict.fromkeys(GENDER_CODES, 0))
                for gender, n in value.items():
                    cell[gender] += n
            else:
                total[key] = total.get(key, 0) + value
    for key in NOT_ADDITIVE:
        total.pop(key, None)
    out: Figures = {}
    care_figures(grouping, month, out, only=NOT_ADDITIVE)
    median_figures(grouping, month, out)  # medians are the unit's own, never added up
    if rows_by == "institution":
        for family in DISTRICT_FAMILIES:
            family(grouping, month, out)
    unit = 0 if grouping.by == "nation" else grouping.within.unit_id
    for figures in out.values():  # one unit
        total.update(figures)
    _derived({unit: total})
    return {unit: total}


def trend(selection: Selection, months: list[Month]) -> dict:
    """For the chart and its table: per month and gender, missing reported and
    traced (not at institution level) and children in care at month end, for the
    selected unit. Two queries, one SUM(CASE) column per month, grouped by gender."""
    prepare_session()
    by = "nation" if selection.level == "national" else selection.level
    grouping = Grouping(by, selection)
    out = {"months": [str(m) for m in months], "reported": None, "traced": None, "by_gender": {}}

    def split(rows, names):
        """rows of (gender, month columns...) -> {name: {gender: [per month]}}"""
        series = {name: {g: [0] * len(months) for g in GENDER_CODES} for name in names}
        for gender, *values in rows:
            gender = gender if gender in GENDER_CODES else "unknown"
            for i, value in enumerate(values):
                name, month_index = names[i % len(names)], i // len(names)
                series[name][gender][month_index] += int(value or 0)
        for name in names:
            out["by_gender"][name] = series[name]
            out[name] = [sum(series[name][g][i] for g in GENDER_CODES) for i in range(len(months))]

    M = MissingReport
    attribution = grouping.districts(M.district_id)
    if attribution is not None:
        first, last = months[0], months[-1]
        columns = []
        for m in months:
            columns.append(_n(and_(M.reported_on >= m.first_day, M.reported_on <= m.last_day)))
            columns.append(_n(and_(M.traced_at >= m.start, M.traced_at < m.end)))
        stmt = select(M.gender, *columns).select_from(M)
        for target, onclause in attribution.joins:
            stmt = stmt.join(target, onclause)
        stmt = stmt.where(M.archived_at.is_(None), *attribution.where, or_(
            and_(M.reported_on >= first.first_day, M.reported_on <= last.last_day),
            and_(M.traced_at >= first.start, M.traced_at < last.end))).group_by(M.gender)
        split(db.session.execute(stmt).all(), ("reported", "traced"))
    P, K, I = Placement, Child, Institution
    attribution = grouping.institutions(P.institution_id, I)
    columns = [_n(and_(P.admitted_on <= m.last_day,
                       or_(P.left_on.is_(None), P.left_on > m.last_day))) for m in months]
    stmt = (select(K.gender, *columns).select_from(P).join(K, K.id == P.child_id)
            .join(I, I.id == P.institution_id))
    for target, onclause in attribution.joins:
        stmt = stmt.join(target, onclause)
    stmt = stmt.where(K.archived_at.is_(None), *attribution.where,
                      P.admitted_on <= months[-1].last_day,
                      or_(P.left_on.is_(None), P.left_on > months[0].last_day)).group_by(K.gender)
    split(db.session.execute(stmt).all(), ("in_care",))
    return out
