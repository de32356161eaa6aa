"""What makes an account one a manager may create: the rules the account form
(admin_views/users.py) and the accounts file (exchange/accounts.py) both apply.

An account holds exactly what its role needs (access/roles.py NEEDS_*): a state
for state and district roles, a district for district roles, a police unit for
police, an institution for CCI staff, and nothing more; the pieces agree (the
unit and the institution lie in the district, the district in the state); the
role is one the manager may grant. Which states, districts, units and
institutions the manager may name is the scope's business (assign_clause)."""
import re

from flask_babel import gettext as _
from sqlalchemy import func, select

from access import roles
from extensions import db
from models import User

USERNAME = re.compile(r"^[A-Za-z0-9._-]{3,80}$")


def username_taken(username: str, editing=None) -> bool:
    """Another account has this username (compared without regard to case, as sign-in does)."""
    clash = db.session.scalar(select(User.id).where(func.lower(User.username) == username.lower()))
    return clash is not None and (editing is None or clash != editing.id)


def problems(manager, *, username, role, state, district, police_unit, institution,
             editing=None) -> list[tuple[str, str]]:
    """(field, message) for each rule the account breaks, in the user's language.
    `editing`: the account being edited (its unchanged username is left as it is)."""
    out = []
    username = (username or "").strip()
    if editing is not None and username == editing.username:
        pass
    elif not USERNAME.match(username):
        out.append(("username", _("A username has 3 to 80 letters (a-z), digits, dots, dashes "
                                  "or underscores, and no spaces.")))
    elif username_taken(username, editing):
        out.append(("username", _("This username is taken.")))
    if role not in roles.grantable_roles(manager.role):
        out.append(("role", _("You may not give this role.")))
    if role in roles.NEEDS_STATE and state is None and district is None:
        out.append(("state", _("This role needs a state.")))
    if role in roles.NATIONAL_ROLES and state is not None:
        out.append(("state", _("This role has no state: leave it empty.")))
    if role in roles.NEEDS_DISTRICT and district is None:
        out.append(("district", _("This role needs a district.")))
    if role not in roles.NEEDS_DISTRICT and district is not None:
        out.append(("district", _("This role has no district: leave it empty.")))
    if role in roles.NEEDS_POLICE_UNIT and police_unit is None:
        out.append(("police_unit", _("A police account needs its police unit.")))
    if role not in roles.NEEDS_POLICE_UNIT and police_unit is not None:
        out.append(("police_unit", _("Only a police account has a police unit: leave it empty.")))
    if role in roles.NEEDS_INSTITUTION and institution is None:
        out.append(("institution", _("A CCI account needs its institution.")))
    if role not in roles.NEEDS_INSTITUTION and institution is not None:
        out.append(("institution", _("Only a CCI account has an institution: leave it empty.")))
    if district is not None and state is not None and district.state_id != state.id:
        out.append(("district", _("This district is not in the state chosen.")))
    if police_unit is not None and district is not None and police_unit.district_id != district.id:
        out.append(("police_unit", _("This police unit is not in the district chosen.")))
    if institution is not None and district is not None and institution.district_id != district.id:
        out.append(("institution", _("This institution is not in the district chosen.")))
    return out
