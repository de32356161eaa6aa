"""What each role may do with each kind of record, beyond seeing it.

Reading is decided by the scope (access/scope.py); a role absent from a screen's
table cannot open that screen at all, and a role mapped to NOTHING opens it to
read only. Source: DESIGN.md roles table and "Decisions"."""
from access import roles

# The rights a role may hold on a screen.
CREATE = "create"
EDIT = "edit"
ARCHIVE = "archive"      # and restore
EXPORT = "export"        # download CSV/XLSX
DECIDE = "decide"        # confirm or reject a proposed match
MODERATE = "moderate"    # accept or reject a citizen's report
SUBMIT = "submit"        # submit the month-end report of one's own unit (summaries/submissions.py)
NOTHING: frozenset = frozenset()
# Bundles that recur across screens.
MANAGE = frozenset({CREATE, EDIT, ARCHIVE, EXPORT})   # the DCPU on its district's records
KEEP = frozenset({CREATE, EDIT, EXPORT})              # those who enter and correct records
ENTER = frozenset({CREATE, EDIT})
READ_EXPORT = frozenset({EXPORT})

_NATIONAL = {roles.NATIONAL_ADMIN: READ_EXPORT, roles.NATIONAL_VIEWER: READ_EXPORT}
_STATE = {roles.STATE_ADMIN: frozenset({EDIT, ARCHIVE, EXPORT}), roles.STATE_OFFICER: READ_EXPORT}

RIGHTS: dict[str, dict[str, frozenset]] = {
    "child": {**_NATIONAL, **_STATE, roles.DCPU: MANAGE, roles.CCI: KEEP, roles.CWC: KEEP,
              roles.JJB: KEEP},
    "missing_report": {**_NATIONAL, **_STATE, roles.DCPU: MANAGE, roles.POLICE: KEEP},
    "found_report": {**_NATIONAL, **_STATE, roles.DCPU: MANAGE, roles.POLICE: KEEP, roles.CCI: KEEP,
                     roles.CWC: KEEP, roles.NGO: ENTER},
    "police_report": {**_NATIONAL, **_STATE, roles.DCPU: MANAGE, roles.POLICE: KEEP},
    "cwc_order": {**_NATIONAL, **_STATE, roles.DCPU: frozenset({ARCHIVE, EXPORT}), roles.CWC: KEEP,
                  roles.CCI: NOTHING},
    "jjb_order": {**_NATIONAL, **_STATE, roles.DCPU: frozenset({ARCHIVE, EXPORT}), roles.JJB: KEEP,
                  roles.CCI: NOTHING},
    # Transfers are requested and decided, never edited (admin_views/transfers.py).
    "transfer": {**_NATIONAL, roles.STATE_ADMIN: READ_EXPORT, roles.STATE_OFFICER: READ_EXPORT,
                 roles.DCPU: frozenset({CREATE, EXPORT}), roles.CCI: frozenset({CREATE}),
                 roles.CWC: NOTHING, roles.JJB: NOTHING},
    "care_plan": {**_NATIONAL, **_STATE, roles.DCPU: MANAGE, roles.CCI: ENTER, roles.CWC: NOTHING,
                  roles.JJB: NOTHING},
    "progress_entry": {**_NATIONAL, **_STATE, roles.DCPU: MANAGE, roles.CCI: ENTER,
                       roles.CWC: NOTHING, roles.JJB: NOTHING},
    "institution": {roles.NATIONAL_ADMIN: KEEP, roles.NATIONAL_VIEWER: READ_EXPORT,
                    roles.STATE_ADMIN: KEEP, roles.STATE_OFFICER: READ_EXPORT,
                    roles.DCPU: READ_EXPORT, roles.CCI: NOTHING},
    "police_unit": {roles.NATIONAL_ADMIN: KEEP, roles.NATIONAL_VIEWER: READ_EXPORT,
                    roles.STATE_ADMIN: KEEP, roles.STATE_OFFICER: READ_EXPORT,
                    roles.DCPU: READ_EXPORT},
    # A state admin keeps the Hindi and Gujarati names of the state's districts.
    "district": {roles.NATIONAL_ADMIN: ENTER, roles.NATIONAL_VIEWER: NOTHING,
                 roles.STATE_ADMIN: frozenset({EDIT}), roles.STATE_OFFICER: NOTHING},
    "state": {roles.NATIONAL_ADMIN: ENTER, roles.NATIONAL_VIEWER: NOTHING},
    "user": {roles.NATIONAL_ADMIN: ENTER, roles.STATE_ADMIN: ENTER},
    "match": {roles.DCPU: frozenset({DECIDE}), roles.POLICE: frozenset({DECIDE}),
              roles.CWC: frozenset({DECIDE}), roles.STATE_ADMIN: NOTHING,
              roles.STATE_OFFICER: NOTHING, roles.NATIONAL_ADMIN: NOTHING,
              roles.NATIONAL_VIEWER: NOTHING},
    "pet_name": {roles.NATIONAL_ADMIN: ENTER, roles.STATE_ADMIN: ENTER, roles.DCPU: NOTHING},
    "audit_log": {roles.NATIONAL_ADMIN: READ_EXPORT, roles.NATIONAL_VIEWER: NOTHING,
                  roles.STATE_ADMIN: READ_EXPORT, roles.STATE_OFFICER: NOTHING,
                  roles.DCPU: NOTHING},
    # Sign-ins, sign-outs, exports and children's records opened (models/access_log.py):
    # read, never changed, by the state admin (their state) and the national admin.
    "access_log": {roles.NATIONAL_ADMIN: READ_EXPORT, roles.STATE_ADMIN: READ_EXPORT},
    # Citizens' reports from the public page: the DCPU and the police of the district
    # named accept or reject them; state and national roles read them.
    "citizen_report": {roles.NATIONAL_ADMIN: NOTHING, roles.NATIONAL_VIEWER: NOTHING,
                       roles.STATE_ADMIN: NOTHING, roles.STATE_OFFICER: NOTHING,
                       roles.DCPU: frozenset({MODERATE}), roles.POLICE: frozenset({MODERATE})},
    # CREATE here: import records from CSV/XLSX (exchange/); exports follow each kind's EXPORT.
    # The police import their own records (they own the CCTNS data): the kinds their
    # role enters (missing and found reports), each row within their jurisdiction.
    "import": {roles.NATIONAL_ADMIN: frozenset({CREATE}), roles.STATE_ADMIN: frozenset({CREATE}),
               roles.DCPU: frozenset({CREATE}), roles.POLICE: frozenset({CREATE})},
    # Monthly summary: aggregates of the user's jurisdiction. The DCPU submits its
    # district's month-end report, a CCI its home's; everyone who reads the
    # summary sees which units have submitted.
    "summary": {**_NATIONAL, **_STATE, roles.DCPU: frozenset({EXPORT, SUBMIT}),
                roles.POLICE: READ_EXPORT, roles.CCI: frozenset({EXPORT, SUBMIT}),
                roles.CWC: READ_EXPORT, roles.JJB: READ_EXPORT},
}

def can_open(role: str, screen: str) -> bool:
    return role in RIGHTS.get(screen, {})


def can(role: str, screen: str, right: str) -> bool:
    return right in RIGHTS.get(screen, {}).get(role, NOTHING)
