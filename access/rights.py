"""What each role may do with each kind of record, beyond seeing it.

Letters: c create, e edit, a archive (and restore), x export, d decide a match, m moderate
(accept or reject) a citizen's report. Reading is
decided by the scope (access/scope.py); a role absent from a table cannot
open that screen at all. Source: DESIGN.md roles table and "Decisions"."""
from access import roles as R

_NAT = {R.NATIONAL_ADMIN: "x", R.NATIONAL_VIEWER: "x"}
_STATE = {R.STATE_ADMIN: "eax", R.STATE_OFFICER: "x"}

RIGHTS: dict[str, dict[str, str]] = {
    "child": {**_NAT, **_STATE, R.DCPU: "ceax", R.CCI: "cex", R.CWC: "cex", R.JJB: "cex"},
    "missing_report": {**_NAT, **_STATE, R.DCPU: "ceax", R.POLICE: "cex"},
    "found_report": {**_NAT, **_STATE, R.DCPU: "ceax", R.POLICE: "cex", R.CCI: "cex",
                     R.CWC: "cex", R.NGO: "ce"},
    "police_report": {**_NAT, **_STATE, R.DCPU: "ceax", R.POLICE: "cex"},
    "cwc_order": {**_NAT, **_STATE, R.DCPU: "ax", R.CWC: "cex", R.CCI: ""},
    "jjb_order": {**_NAT, **_STATE, R.DCPU: "ax", R.JJB: "cex", R.CCI: ""},
    "transfer": {**_NAT, R.STATE_ADMIN: "x", R.STATE_OFFICER: "x", R.DCPU: "cx", R.CCI: "c",
                 R.CWC: "", R.JJB: ""},
    "care_plan": {**_NAT, **_STATE, R.DCPU: "ceax", R.CCI: "ce", R.CWC: "", R.JJB: ""},
    "progress_entry": {**_NAT, **_STATE, R.DCPU: "ceax", R.CCI: "ce", R.CWC: "", R.JJB: ""},
    "institution": {R.NATIONAL_ADMIN: "cex", R.NATIONAL_VIEWER: "x", R.STATE_ADMIN: "cex",
                    R.STATE_OFFICER: "x", R.DCPU: "x", R.CCI: ""},
    "police_unit": {R.NATIONAL_ADMIN: "cex", R.NATIONAL_VIEWER: "x", R.STATE_ADMIN: "cex",
                    R.STATE_OFFICER: "x", R.DCPU: "x"},
    "district": {R.NATIONAL_ADMIN: "ce", R.NATIONAL_VIEWER: "", R.STATE_ADMIN: "",
                 R.STATE_OFFICER: ""},
    "state": {R.NATIONAL_ADMIN: "ce", R.NATIONAL_VIEWER: ""},
    "user": {R.NATIONAL_ADMIN: "ce", R.STATE_ADMIN: "ce"},
    # d: decide (confirm or reject) a proposed match.
    "match": {R.DCPU: "d", R.POLICE: "d", R.CWC: "d", R.STATE_ADMIN: "", R.STATE_OFFICER: "",
              R.NATIONAL_ADMIN: "", R.NATIONAL_VIEWER: ""},
    "pet_name": {R.NATIONAL_ADMIN: "ce", R.STATE_ADMIN: "ce", R.DCPU: ""},
    "audit_log": {R.NATIONAL_ADMIN: "x", R.NATIONAL_VIEWER: "", R.STATE_ADMIN: "x",
                  R.STATE_OFFICER: "", R.DCPU: ""},
    # Citizens' reports from the public page: the DCPU and the police of the district
    # named accept or reject them (m); state and national roles read them.
    "citizen_report": {R.NATIONAL_ADMIN: "", R.NATIONAL_VIEWER: "", R.STATE_ADMIN: "",
                       R.STATE_OFFICER: "", R.DCPU: "m", R.POLICE: "m"},
    # c: import records from CSV/XLSX (exchange/); exports follow each kind's "x".
    "import": {R.NATIONAL_ADMIN: "c", R.STATE_ADMIN: "c", R.DCPU: "c"},
    # Monthly summary (aggregates of the user's jurisdiction; x: download CSV/XLSX).
    "summary": {**_NAT, **_STATE, R.DCPU: "x", R.POLICE: "x", R.CCI: "x", R.CWC: "x", R.JJB: "x"},
}


def can_open(role: str, screen: str) -> bool:
    return role in RIGHTS.get(screen, {})


def can(role: str, screen: str, right: str) -> bool:
    return right in RIGHTS.get(screen, {}).get(role, "")
