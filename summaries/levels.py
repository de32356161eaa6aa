"""Which unit a summary is about, and whether the user may see it.

Levels: national, state, district, institution. A summary of a unit has a row
for each unit one level down (the states of the nation, the districts of a
state, the institutions of a district; an institution has one row, itself)
and a total for the unit.

A user may summarise their own jurisdiction and the units inside it: national
roles everything; state roles their state; DCPU, police, CWC and JJB members
their district; CCI staff their institution. The summary is aggregate figures
only (no child is named), so a CWC or JJB member sees the district's figures
of both categories. A level above the user's own answers 403; a unit outside
their scope answers exactly as a unit that does not exist (404)."""
from __future__ import annotations

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, or_, select

from access import roles
from extensions import db
from models import District, Institution, State
from models.local_names import local_name_column

LEVELS = ("national", "state", "district", "institution")
LEVEL_LABELS = {"national": _l("National"), "state": _l("State"),
                "district": _l("District"), "institution": _l("Institution")}
ROW_LEVEL = {"national": "state", "state": "district", "district": "institution",
             "institution": "institution"}


class SummaryError(Exception):
    """A parameter the summary cannot answer: status 400, 403 or 404, and a message."""

    def __init__(self, status: int, message):
        super().__init__(str(message))
        self.status, self.message = status, message


@dataclass(frozen=True)
class Selection:
    """One unit at one level, with its ancestry (for breadcrumbs and scope)."""

    level: str
    state_id: int | None = None
    district_id: int | None = None
    institution_id: int | None = None
    name: object = ""

    @property
    def unit_id(self) -> int | None:
        return {"national": None, "state": self.state_id, "district": self.district_id,
                "institution": self.institution_id}[self.level]

    @property
    def row_level(self) -> str:
        return ROW_LEVEL[self.level]

    def params(self) -> dict:
        """The URL parameters naming this selection."""
        out = {"level": self.level}
        if self.level != "national":
            out[self.level] = self.unit_id
        return out


# ---- building selections --------------------------------------------------------
def national() -> Selection:
    return Selection("national", name=_l("India"))


def of_state(state: State) -> Selection:
    return Selection("state", state_id=state.id, name=str(state))  # in the page's script


def of_district(district: District) -> Selection:
    return Selection("district", state_id=district.state_id, district_id=district.id,
                     name=str(district))


def of_institution(institution: Institution) -> Selection:
    district = institution.district
    return Selection("institution", state_id=district.state_id, district_id=district.id,
                     institution_id=institution.id, name=str(institution))


def home(user) -> Selection | None:
    """The user's own jurisdiction; None for roles without one (NGO)."""
    role = user.role
    if role in roles.NATIONAL_ROLES:
        return national()
    if role in roles.STATE_ROLES:
        state = db.session.get(State, user.state_id) if user.state_id else None
        return of_state(state) if state else None
    if role == roles.CCI:
        institution = db.session.get(Institution, user.institution_id) if user.institution_id else None
        return of_institution(institution) if institution else None
    if role in (roles.DCPU, roles.CWC, roles.JJB, roles.POLICE):
        district_id = (user.police_unit.district_id if role == roles.POLICE and user.police_unit
                       else user.district_id)
        district = db.session.get(District, district_id) if district_id else None
        return of_district(district) if district else None
    return None


def contains(outer: Selection, inner: Selection) -> bool:
    """Whether `inner` lies within `outer` (or is it)."""
    depth = LEVELS.index
    if depth(inner.level) < depth(outer.level):
        return False
    if outer.level == "national":
        return True
    return getattr(inner, f"{outer.level}_id") == outer.unit_id


def _as_id(value, what):
    try:
        number = int(str(value).strip())
    except (TypeError, ValueError):
        raise SummaryError(400, _l("The %(what)s must be given by its number.", what=what))
    if number <= 0 or number > 2**31 - 1:
        raise SummaryError(404, _l("There is no such %(what)s in your scope.", what=what))
    return number


_WHAT = {"state": _l("state"), "district": _l("district"), "institution": _l("institution")}
_MODEL = {"state": State, "district": District, "institution": Institution}
_BUILD = {"state": of_state, "district": of_district, "institution": of_institution}


def resolve(user, level: str | None, params: dict) -> Selection:
    """The selection a request asks for, checked against the user's scope.

    `params` holds the unit ids (state=, district=, institution=). With no
    level, the user's own jurisdiction; with a level but no unit, the user's
    own unit at that level when they have one."""
    own = home(user)
    if own is None:
        raise SummaryError(403, _l("Your role has no jurisdiction to summarise."))
    if not level:
        level = own.level
    if level not in LEVELS:
        raise SummaryError(400, _l("Unknown level: choose national, state, district or institution."))
    if LEVELS.index(level) < LEVELS.index(own.level):
        raise SummaryError(403, _l("Your scope does not include this level (%(level)s).",
                                   level=LEVEL_LABELS[level]))
    if level == "national":
        return own
    raw = params.get(level)
    if raw in (None, ""):
        if own.level == level:
            unit_id = own.unit_id
        else:
            raise SummaryError(400, _l("Choose a %(what)s.", what=_WHAT[level]))
    else:
        unit_id = _as_id(raw, _WHAT[level])
    row = db.session.get(_MODEL[level], unit_id)
    if row is None:
        raise SummaryError(404, _l("There is no such %(what)s in your scope.", what=_WHAT[level]))
    selection = _BUILD[level](row)
    if not contains(own, selection):
        raise SummaryError(404, _l("There is no such %(what)s in your scope.", what=_WHAT[level]))
    return selection


def find_by_name_or_code(model, text: str, state_id: int | None = None):
    """A state or district named or coded `text` (any case), for the command line."""
    wanted = text.strip().lower()
    query = select(model).where(or_(func.lower(model.name) == wanted, func.lower(model.code) == wanted))
    if state_id is not None and model is District:
        query = query.where(District.state_id == state_id)
    return db.session.scalars(query).all()


# ---- the rows of a summary ----------------------------------------------------
def row_units(selection: Selection) -> list[tuple[int, str, str]]:
    """(id, code, name) of the units one level down, by their English name; the
    name given is the one of the page's language (models/local_names.py)."""
    if selection.level == "national":
        query = select(State.id, State.code, local_name_column(State)).order_by(State.name)
    elif selection.level == "state":
        query = (select(District.id, District.code, local_name_column(District))
                 .where(District.state_id == selection.state_id).order_by(District.name))
    elif selection.level == "district":
        query = (select(Institution.id, Institution.registration_number, local_name_column(Institution))
                 .where(Institution.district_id == selection.district_id).order_by(Institution.name))
    else:
        query = (select(Institution.id, Institution.registration_number, local_name_column(Institution))
                 .where(Institution.id == selection.institution_id))
    return [(r[0], r[1] or "", r[2]) for r in db.session.execute(query)]


def choices_for(user) -> dict:
    """Units the user may pick in the form, by level (in their scope)."""
    own = home(user)
    out = {"levels": [], "states": [], "districts": [], "institutions": []}
    if own is None:
        return out
    out["levels"] = list(LEVELS[LEVELS.index(own.level):])
    state_name, district_name = local_name_column(State), local_name_column(District)
    if own.level == "national":
        out["states"] = db.session.execute(select(State.id, state_name).order_by(State.name)).all()
        out["districts"] = db.session.execute(
            select(District.id, district_name, state_name).join(State, State.id == District.state_id)
            .order_by(State.name, District.name)).all()
    elif own.level == "state":
        out["states"] = db.session.execute(select(State.id, state_name).where(State.id == own.state_id)).all()
        out["districts"] = db.session.execute(
            select(District.id, district_name, state_name).join(State, State.id == District.state_id)
            .where(District.state_id == own.state_id).order_by(District.name)).all()
    elif own.level == "district":
        out["districts"] = db.session.execute(
            select(District.id, district_name, state_name).join(State, State.id == District.state_id)
            .where(District.id == own.district_id)).all()
    inst = select(Institution.id, local_name_column(Institution), district_name).join(
        District, District.id == Institution.district_id)
    if own.level == "state":
        inst = inst.where(District.state_id == own.state_id)
    elif own.level == "district":
        inst = inst.where(Institution.district_id == own.district_id)
    elif own.level == "institution":
        inst = inst.where(Institution.id == own.institution_id)
    out["institutions"] = db.session.execute(inst.order_by(District.name, Institution.name).limit(1000)).all()
    return out
