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
from wtforms.fields.choices import SelectChoice

from access import roles
from extensions import db
from matching import fold_name
from models import District, FoundReport, MissingReport, State, User
from models.base import INDIA
from models.local_names import local_name_column
from models.names import first_name
from public.rules import (
    FOUND_STILL_LOOKED_FOR,
    public_contacts,
    public_found,
    public_missing,
)

PAGE_SIZE = 20
MAX_PAGE = 500  # 10,000 children: past that, a person narrows the search
COUNTS_SECONDS = 60  # the home page's counts are recomputed at most once a minute per process
AGE_TOLERANCE = 2  # ages are told or judged: a search for 9 finds 7 to 11
CHILDLINE = "1098"
POLICE = "112"  # the emergency number, police included, everywhere in India
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
        gender=report.gender, district=str(report.district),  # in the page's script
        state=str(report.district.state), day=when.astimezone(INDIA).date() if when else None,
        has_photo=report.photo_id is not None,
        unit_name=str(unit) if unit else None, unit_phone=unit.phone if unit else None)


def public_photo(kind: str, report_id: int):
    """The photo of a listed child, or None: the same rules as the listing."""
    model = KINDS.get(kind)
    if model is None:
        return None
    report = db.session.scalar(select(model).where(model.id == report_id,
                                                   *_filters(model, Criteria())))
    return report.photo if report is not None else None


# The home page's figures, each saying what it counts: reports not archived, by
# what became of the child, and how many of them this page lists (the same
# clauses as the search, public/rules.py).
COUNT_ROWS = (
    ("still_missing", MissingReport, MissingReport.status == "open"),
    ("traced", MissingReport, MissingReport.status == "traced"),
    ("found_waiting", FoundReport, FoundReport.status.in_(FOUND_STILL_LOOKED_FOR)
     & FoundReport.missing_report_id.is_(None)),
    ("found_home", FoundReport, (FoundReport.status == "restored")
     | FoundReport.missing_report_id.is_not(None)),
)
LISTED_COUNTS = (("listed_missing", MissingReport, public_missing),
                 ("listed_found", FoundReport, public_found))


def counts() -> dict[str, dict[str, int]]:
    """The home page's figures (COUNT_ROWS by gender with totals, and how many
    children the page lists). The public home page is the most visited page: the
    figures are kept for a minute in each process rather than counted over every
    report on every visit."""
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
    for key, model, clause in COUNT_ROWS:
        by_gender = dict(db.session.execute(
            select(model.gender, func.count()).where(model.archived_at.is_(None), clause)
            .group_by(model.gender)).all())
        row = {code: by_gender.get(code, 0) for code in GENDER_CODES}
        row["total"] = sum(by_gender.values())
        out[key] = row
    for key, model, listed in LISTED_COUNTS:
        out[key] = {"total": db.session.scalar(select(func.count()).select_from(model).where(listed()))}
    return out


def helplines() -> list[tuple[str, str]]:
    """Police 112 and Childline 1098, the configured state helpline, and each
    state's own number."""
    lines = [(_("Police"), POLICE), (_("Childline"), CHILDLINE)]
    configured = (current_app.config.get("STATE_HELPLINE") or "").strip()
    if configured:
        lines.append((_("State helpline"), configured))
    for name, number in db.session.execute(
            select(local_name_column(State), State.helpline).where(State.active.is_(True),
                                                     State.helpline.is_not(None))
            .order_by(State.name)):
        number = (number or "").strip()
        if number and number not in (configured, CHILDLINE, POLICE):
            lines.append((_("%(state)s helpline", state=name), number))
    return lines


UNKNOWN_DISTRICT = "state-"  # a citizen form's value for "I don't know the district" of a state


def district_choices(unknown: bool = False) -> list[SelectChoice]:
    """Every active district of every active state, grouped by state (an
    <optgroup> each), named in the page's script. States where Bal Setu has a DCPU
    come first (the pilot's parents find their own state at the top), then the
    rest in order. With `unknown`, each state begins with "I don't know the
    district" (value "state-<id>", read by `chosen_place`)."""
    rows = db.session.execute(
        select(District.id, local_name_column(District), State.id, local_name_column(State)).join(State)
        .where(District.active.is_(True), State.active.is_(True))
        .order_by(State.name, District.name)).all()
    staffed = set(db.session.scalars(
        select(District.state_id).join(User, User.district_id == District.id)
        .where(User.role == roles.DCPU, User.is_enabled.is_(True))).all())
    rows.sort(key=lambda row: row[2] not in staffed)  # stable: names stay in order
    out, states = [], set()
    for pk, name, state_id, state in rows:
        if unknown and state_id not in states:
            states.add(state_id)
            out.append(SelectChoice(f"{UNKNOWN_DISTRICT}{state_id}",
                                    _("%(state)s: I don't know the district", state=state),
                                    optgroup=state))
        out.append(SelectChoice(str(pk) if unknown else pk, name, optgroup=state))
    return out


def chosen_place(value: str) -> tuple[int | None, int]:
    """(district id or None, state id) of a citizen form's district choice, one
    of `district_choices(unknown=True)` (the form checked it)."""
    if value.startswith(UNKNOWN_DISTRICT):
        return None, int(value[len(UNKNOWN_DISTRICT):])
    district = db.session.get(District, int(value))
    return district.id, district.state_id
