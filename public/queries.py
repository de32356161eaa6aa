"""What the public page reads: the listing of missing and found children (only
through public/rules.py), the counts on the home page, the helplines and the
districts a visitor may choose.

Listed children come out as `PublicEntry` values holding only the fields the
privacy rules allow, so a template cannot reach anything else of a record."""
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from time import monotonic

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import func, select
from sqlalchemy.orm import joinedload

from extensions import db
from matching import fold_name
from models import District, FoundReport, MissingReport, State
from models.base import INDIA
from models.names import first_name
from public.rules import public_contacts, public_found, public_missing

PAGE_SIZE = 20
MAX_PAGE = 500  # 10,000 children: past that, a person narrows the search
COUNTS_SECONDS = 60  # the home page's counts are recomputed at most once a minute per process
AGE_TOLERANCE = 2  # ages are told or judged: a search for 9 finds 7 to 11
CHILDLINE = "1098"
KINDS = {"missing": MissingReport, "found": FoundReport}
GENDER_CODES = ("female", "male", "transgender", "unknown")


@dataclass(frozen=True)
class PublicEntry:
    kind: str
    id: int
    first_name: str | None  # missing children only; a found child is shown without a name
    age: int | None
    gender: str
    district: str
    state: str
    day: date | None
    has_photo: bool
    unit_name: str | None
    unit_phone: str | None


@dataclass(frozen=True)
class Criteria:
    name: str = ""
    age: int | None = None
    gender: str = ""
    district_id: int | None = None
    date_from: date | None = None
    date_to: date | None = None


def searched_first_name(model, text: str | None) -> str:
    """What of a typed name the search matches: a search matches only what a
    public card shows. A missing child's card shows the first name, so the
    first word typed is compared with the first name alone (folded by the
    matching normaliser, like the stored first_name_folded, so "પ્રિયા" finds
    "Priya"); a surname or a full name narrows nothing. A found child's card
    shows no name: its name is never searched."""
    if model is not MissingReport:
        return ""
    return fold_name(first_name(text) or "")


def _columns(model):
    if model is MissingReport:
        return MissingReport.age_years, MissingReport.missing_at
    return FoundReport.estimated_age_years, FoundReport.found_at


def _india_start(day: date) -> datetime:
    return datetime.combine(day, time(0), tzinfo=INDIA)


def _filters(model, criteria: Criteria) -> list:
    age_column, date_column = _columns(model)
    clauses = [public_missing() if model is MissingReport else public_found()]
    name = searched_first_name(model, criteria.name)
    if name:
        # Folded names are Latin letters and spaces only: nothing to escape.
        clauses.append(MissingReport.first_name_folded.like(f"{name}%"))
    if criteria.age is not None:
        clauses.append(age_column.between(criteria.age - AGE_TOLERANCE, criteria.age + AGE_TOLERANCE))
    if criteria.gender:
        clauses.append(model.gender == criteria.gender)
    if criteria.district_id:
        clauses.append(model.district_id == criteria.district_id)
    if criteria.date_from:
        clauses.append(date_column >= _india_start(criteria.date_from))
    if criteria.date_to:
        clauses.append(date_column < _india_start(criteria.date_to + timedelta(days=1)))
    return clauses


def search(kind: str, criteria: Criteria, page: int = 1) -> tuple[list[PublicEntry], int, int]:
    """One page of listed children of `kind` ("missing" or "found"), newest first,
    how many are listed in all, and the page shown (within the pages there are)."""
    model = KINDS[kind]
    _age, date_column = _columns(model)
    clauses = _filters(model, criteria)
    total = db.session.scalar(select(func.count()).select_from(model).where(*clauses))
    page = max(1, min(page, MAX_PAGE, -(-total // PAGE_SIZE)))
    rows = db.session.scalars(
        select(model).where(*clauses)
        .options(joinedload(model.district).joinedload(District.state),
                 joinedload(model.police_unit))
        .order_by(date_column.desc(), model.id.desc())
        .limit(PAGE_SIZE).offset((page - 1) * PAGE_SIZE)).all()
    contacts = public_contacts(rows)
    return [_entry(kind, row, contacts[row.id]) for row in rows], total, page


def _entry(kind: str, report, unit) -> PublicEntry:
    missing = kind == "missing"
    when = report.missing_at if missing else report.found_at
    return PublicEntry(
        kind=kind, id=report.id,
        first_name=first_name(report.child_name) if missing else None,
        age=report.age_years if missing else report.estimated_age_years,
        gender=report.gender, district=report.district.name,
        state=report.district.state.name, day=when.astimezone(INDIA).date() if when else None,
        has_photo=report.photo_id is not None,
        unit_name=unit.name if unit else None, unit_phone=unit.phone if unit else None)


def public_photo(kind: str, report_id: int):
    """The photo of a listed child, or None: the same rules as the listing."""
    model = KINDS.get(kind)
    if model is None:
        return None
    report = db.session.scalar(select(model).where(model.id == report_id,
                                                   *_filters(model, Criteria())))
    return report.photo if report is not None else None


def counts() -> dict[str, dict[str, int]]:
    """Children reported missing and found (not archived), by gender, with totals.
    The public home page is the most visited page: the figures are kept for a
    minute in each process rather than counted over every report on every visit."""
    cache = current_app.extensions.setdefault("balsetu_public_counts", {})
    if cache and monotonic() - cache["at"] < COUNTS_SECONDS:
        return cache["value"]
    value = _counts_now()
    cache.update(at=monotonic(), value=value)
    return value


def forget_counts() -> None:
    current_app.extensions.pop("balsetu_public_counts", None)


def _counts_now() -> dict[str, dict[str, int]]:
    out = {}
    for kind, model in KINDS.items():
        by_gender = dict(db.session.execute(
            select(model.gender, func.count()).where(model.archived_at.is_(None))
            .group_by(model.gender)).all())
        row = {code: by_gender.get(code, 0) for code in GENDER_CODES}
        row["total"] = sum(by_gender.values())
        out[kind] = row
    return out


def helplines() -> list[tuple[str, str]]:
    """Childline 1098, the configured state helpline, and each state's own number."""
    lines = [(_("Childline"), CHILDLINE)]
    configured = (current_app.config.get("STATE_HELPLINE") or "").strip()
    if configured:
        lines.append((_("State helpline"), configured))
    for name, number in db.session.execute(
            select(State.name, State.helpline).where(State.active.is_(True),
                                                     State.helpline.is_not(None))
            .order_by(State.name)):
        number = (number or "").strip()
        if number and number not in (configured, CHILDLINE):
            lines.append((_("%(state)s helpline", state=name), number))
    return lines


def district_choices() -> list[tuple[int, str]]:
    """Active districts of active states, named with their state when there are several."""
    rows = db.session.execute(
        select(District.id, District.name, State.name).join(State)
        .where(District.active.is_(True), State.active.is_(True))
        .order_by(State.name, District.name)).all()
    several = len({state for _i, _n, state in rows}) > 1
    return [(pk, f"{name} ({state})" if several else name) for pk, name, state in rows]
