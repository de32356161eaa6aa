"""The roles of DESIGN.md, their rank, and which roles each may grant."""
from flask_babel import lazy_gettext as _l

NATIONAL_ADMIN = "national_admin"
NATIONAL_VIEWER = "national_viewer"
STATE_ADMIN = "state_admin"
STATE_OFFICER = "state_officer"
DCPU = "dcpu"
POLICE = "police"  # station, SJPU or AHTU: the unit's kind decides its reach
CCI = "cci"
CWC = "cwc"
JJB = "jjb"
NGO = "ngo"

ROLES = (
    (NATIONAL_ADMIN, _l("National admin")),
    (NATIONAL_VIEWER, _l("National viewer")),
    (STATE_ADMIN, _l("State admin")),
    (STATE_OFFICER, _l("State officer")),
    (DCPU, _l("DCPU officer")),
    (POLICE, _l("Police / SJPU / AHTU officer")),
    (CCI, _l("CCI staff")),
    (CWC, _l("CWC member")),
    (JJB, _l("JJB member")),
    (NGO, _l("NGO")),
)
ALL_ROLES = tuple(code for code, _ in ROLES)

NATIONAL_ROLES = {NATIONAL_ADMIN, NATIONAL_VIEWER}
STATE_ROLES = {STATE_ADMIN, STATE_OFFICER}
DISTRICT_ROLES = {DCPU, POLICE, CCI, CWC, JJB, NGO}

# What each role is attached to: the account form requires exactly these.
NEEDS_STATE = STATE_ROLES | DISTRICT_ROLES
NEEDS_DISTRICT = DISTRICT_ROLES
NEEDS_POLICE_UNIT = {POLICE}
NEEDS_INSTITUTION = {CCI}

# Roles that see the sensitive fields of records in their scope (DESIGN
# "Sensitive fields"); police see them only on their own unit's records.
CASE_ROLES = {STATE_ADMIN, STATE_OFFICER, DCPU, CCI, CWC, JJB, POLICE, NGO}

# Roles that may list archived records and restore them.
ARCHIVE_ROLES = {NATIONAL_ADMIN, STATE_ADMIN, DCPU}


def grantable_roles(role: str) -> tuple[str, ...]:
    """Roles an account manager may give: a national admin any role; a state
    admin every role below state admin; nobody else manages accounts."""
    if role == NATIONAL_ADMIN:
        return ALL_ROLES
    if role == STATE_ADMIN:
        return tuple(r for r in ALL_ROLES if r in ({STATE_OFFICER} | DISTRICT_ROLES))
    return ()


def role_label(code: str):
    for value, label in ROLES:
        if value == code:
            return label
    return code
