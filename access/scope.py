"""Jurisdiction scopes as SQL clauses: the one source every access path uses.

`read_clause(user, Model)` selects the rows a user may see at all;
`write_clause(user, Model)` the rows they may change; `assign_clause(user, Model)`
the reference rows (districts, units, institutions) they may point a record at.
A row outside these answers exactly as a row that does not exist."""
from sqlalchemy import false, or_, select, true

from access import roles
from models import (AccessLog, AuditLog, CarePlan, Child, CitizenReport, CwcOrder, District, FoundReport,
                    Institution, JjbOrder, Match, MissingReport, PetName, PoliceReport, PoliceUnit,
                    ProgressEntry, State, Transfer, User)

_CHILD_LINKED = (CarePlan, ProgressEntry)


def districts_of_state(state_id):
    return select(District.id).where(District.state_id == state_id)


def _police_district(user):
    return user.police_unit.district_id if user.police_unit else None


def _own_district(user):
    return _police_district(user) if user.role == roles.POLICE else user.district_id


def _district_scope(user, column):
    """Reach by geography alone: everything, a state, or one district."""
    if user.role in roles.NATIONAL_ROLES:
        return true()
    if user.role in roles.STATE_ROLES:
        return column.in_(districts_of_state(user.state_id))
    district_id = _own_district(user)
    return column == district_id if district_id else false()


def _child_scope(user):
    role = user.role
    if role in roles.NATIONAL_ROLES or role in roles.STATE_ROLES or role == roles.DCPU:
        return _district_scope(user, Child.district_id)
    if role == roles.CCI:
        return Child.institution_id == user.institution_id if user.institution_id else false()
    if role == roles.CWC:
        return (Child.district_id == user.district_id) & (Child.category == "CNCP")
    if role == roles.JJB:
        return (Child.district_id == user.district_id) & (Child.category == "CCL")
    return false()


def _users_of_institution(institution_id):
    return select(User.id).where(User.institution_id == institution_id)


def read_clause(user, model):
    if user is None or not getattr(user, "is_authenticated", False):
        return false()
    role = user.role
    if model is Child:
        return _child_scope(user)
    if model in _CHILD_LINKED or model in (CwcOrder, JjbOrder):
        # Case records follow the child: the district that holds the child now.
        if (model is CwcOrder and role == roles.JJB) or (model is JjbOrder and role == roles.CWC):
            return false()
        if role in (roles.POLICE, roles.NGO):
            return false()
        return model.child_id.in_(select(Child.id).where(_child_scope(user)))
    if model is MissingReport:
        if role in (roles.CCI, roles.CWC, roles.JJB, roles.NGO):
            return false()
        return _district_scope(user, MissingReport.district_id)
    if model is FoundReport:
        if role == roles.CCI:
            return or_(FoundReport.placed_institution_id == user.institution_id,
                       FoundReport.registered_by_id.in_(_users_of_institution(user.institution_id)))
        if role == roles.NGO:
            return FoundReport.registered_by_id == user.id
        if role == roles.JJB:
            return false()
        return _district_scope(user, FoundReport.district_id)
    if model is CitizenReport:
        # The district the citizen named: its DCPU and all its police units (a station
        # too: a report from the public belongs to no unit yet).
        # A citizen who did not know the district named the state: every DCPU of the
        # state reads it (the police of one district would not know it was theirs).
        if role in (roles.CCI, roles.CWC, roles.JJB, roles.NGO):
            return false()
        if role in roles.STATE_ROLES:
            return CitizenReport.state_id == user.state_id
        # So does a report naming a district where Bal Setu has no DCPU yet (a state
        # in rollout): otherwise nobody would read it.
        named = _district_scope(user, CitizenReport.district_id)
        if role == roles.DCPU and user.district_id:
            own_state = select(District.state_id).where(District.id == user.district_id).scalar_subquery()
            staffed = select(User.district_id).where(
                User.role == roles.DCPU, User.is_enabled.is_(True), User.district_id.is_not(None))
            nobody_else = or_(CitizenReport.district_id.is_(None),
                              CitizenReport.district_id.not_in(staffed))
            return or_(named, nobody_else & (CitizenReport.state_id == own_state))
        return named
    if model is PoliceReport:
        if role == roles.POLICE:
            unit = user.police_unit
            if unit is None:
                return false()
            if unit.works_district_wide:
                return PoliceReport.district_id == unit.district_id
            return PoliceReport.police_unit_id == unit.id
        if role in (roles.CCI, roles.CWC, roles.JJB, roles.NGO):
            return false()
        return _district_scope(user, PoliceReport.district_id)
    if model is Transfer:
        if role in roles.NATIONAL_ROLES:
            return true()
        if role == roles.CCI:
            return or_(Transfer.from_institution_id == user.institution_id,
                       Transfer.to_institution_id == user.institution_id)
        if role in (roles.POLICE, roles.NGO):
            return false()
        institutions = select(Institution.id).where(_district_scope(user, Institution.district_id))
        incoming = Transfer.to_institution_id.in_(institutions)
        if role in (roles.CWC, roles.JJB):
            # A committee or board sees children coming in only of its own category.
            category = "CNCP" if role == roles.CWC else "CCL"
            incoming = incoming & Transfer.child_id.in_(
                select(Child.id).where(Child.category == category))
        return or_(Transfer.child_id.in_(select(Child.id).where(_child_scope(user))), incoming)
    if model is Institution:
        if role == roles.CCI:
            return Institution.id == user.institution_id
        return _district_scope(user, Institution.district_id)
    if model is PoliceUnit:
        return _district_scope(user, PoliceUnit.district_id)
    if model is District:
        return _district_scope(user, District.id)
    if model is State:
        if role in roles.NATIONAL_ROLES:
            return true()
        return State.id == user.state_id
    if model is User:
        if role == roles.NATIONAL_ADMIN:
            return true()
        if role == roles.STATE_ADMIN:
            return User.state_id == user.state_id
        return User.id == user.id
    if model is Match:
        # A reviewer holding either side's scope sees the pair (as match cards).
        return or_(
            Match.missing_report_id.in_(select(MissingReport.id).where(read_clause(user, MissingReport))),
            Match.found_report_id.in_(select(FoundReport.id).where(read_clause(user, FoundReport))))
    if model is PetName:
        return true()  # the pet-name table is national reference data
    if model is AccessLog:
        # Entries about a record are filed under its state, others under the user's.
        if role == roles.NATIONAL_ADMIN:
            return true()
        if role == roles.STATE_ADMIN:
            return AccessLog.state_id == user.state_id
        return false()
    if model is AuditLog:
        if role in roles.NATIONAL_ROLES:
            return true()
        if role in roles.STATE_ROLES:
            return AuditLog.state_id == user.state_id
        if role == roles.DCPU:
            return AuditLog.district_id == user.district_id
        return false()
    return false()


def write_clause(user, model):
    """Rows a user may edit or archive: their read scope, narrowed where the
    design says so (a police station edits only its own unit's reports)."""
    role = user.role
    if role == roles.NATIONAL_VIEWER or role == roles.STATE_OFFICER:
        return false()
    clause = read_clause(user, model)
    if role == roles.POLICE and model in (MissingReport, FoundReport):
        unit = user.police_unit
        if unit is None:
            return false()
        if not unit.works_district_wide:
            clause = clause & (model.police_unit_id == unit.id)
    if role == roles.STATE_ADMIN and model is User:
        clause = clause & User.role.in_(roles.grantable_roles(roles.STATE_ADMIN))
    return clause


def assign_clause(user, model):
    """Reference rows a user may point a record at (form choices, and the
    check again on save)."""
    role = user.role
    if model is PoliceUnit and role == roles.POLICE:
        unit = user.police_unit
        if unit is None:
            return false()
        if unit.works_district_wide:
            return PoliceUnit.district_id == unit.district_id
        return PoliceUnit.id == unit.id
    if model is Child:
        return _child_scope(user) & Child.archived_at.is_(None)
    clause = read_clause(user, model)
    if hasattr(model, "active"):
        clause = clause & (model.active.is_(True))
    return clause


# The roles that accept or decline transfers (receive_clause is false for others).
RECEIVING_ROLES = frozenset({roles.CCI, roles.DCPU})


def receive_clause(user):
    """Transfers this user may accept or decline: those coming to an
    institution of theirs (the receiving side decides)."""
    if user.role == roles.CCI:
        return Transfer.to_institution_id == user.institution_id
    if user.role == roles.DCPU:  # the receiving district's DCPU may act for its institution
        return Transfer.to_institution_id.in_(
            select(Institution.id).where(_district_scope(user, Institution.district_id)))
    return false()
