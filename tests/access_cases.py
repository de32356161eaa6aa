"""The expectation table of the access matrix (tests/test_access_matrix.py),
written out by hand from DESIGN.md ("Who uses it", "Privacy", "Access rules
every view obeys", "Decisions") and access/rights.py, plus small helpers to
talk to the panel like a person (HTML forms, flashed messages).

Nothing here calls access/scope.py: the tables below say what each role must
see, so a bug in the scopes shows up as a failing case."""
import csv
import io
import re
from html.parser import HTMLParser

from access.rights import ARCHIVE, CREATE, EDIT, EXPORT, MODERATE

# --------------------------------------------------------------------------
# Who: one representative account per role, in Ahmedabad (Gujarat).
# --------------------------------------------------------------------------
ROLES = ("national", "viewer", "stateadmin_gj", "stateofficer_gj", "dcpu_amd", "police_amd",
         "sjpu_amd", "cci_amd", "cwc_amd", "jjb_amd", "ngo_amd")
NATIONAL = {"national", "viewer"}
STATE = {"stateadmin_gj", "stateofficer_gj"}

# --------------------------------------------------------------------------
# What each role may do on each screen (access/rights.py, checked against the
# DESIGN roles table). None: the screen does not open (403). Letters: c create,
# e edit, a archive/restore, x export. Reading is the scope table below.
# --------------------------------------------------------------------------
_COLS = ROLES
_RIGHTS_ROWS = {
    #                 national viewer sadm_gj sofc_gj dcpu   police  sjpu   cci    cwc    jjb    ngo
    "missing_report": ("x",    "x",   "eax",  "x",    "ceax", "cex",  "cex", None,  None,  None,  None),
    "found_report":   ("x",    "x",   "eax",  "x",    "ceax", "cex",  "cex", "cex", "cex", None,  "ce"),
    "police_report":  ("x",    "x",   "eax",  "x",    "ceax", "cex",  "cex", None,  None,  None,  None),
    "child":          ("x",    "x",   "eax",  "x",    "ceax", None,   None,  "cex", "cex", "cex", None),
    "care_plan":      ("x",    "x",   "eax",  "x",    "ceax", None,   None,  "ce",  "",    "",    None),
    "progress_entry": ("x",    "x",   "eax",  "x",    "ceax", None,   None,  "ce",  "",    "",    None),
    "transfer":       ("x",    "x",   "x",    "x",    "cx",   None,   None,  "c",   "",    "",    None),
    "cwc_order":      ("x",    "x",   "eax",  "x",    "ax",   None,   None,  "",    "cex", None,  None),
    "jjb_order":      ("x",    "x",   "eax",  "x",    "ax",   None,   None,  "",    None,  "cex", None),
    "institution":    ("cex",  "x",   "cex",  "x",    "x",    None,   None,  "",    None,  None,  None),
    "police_unit":    ("cex",  "x",   "cex",  "x",    "x",    None,   None,  None,  None,  None,  None),
    "district":       ("ce",   "",    "e",    "",     None,   None,   None,  None,  None,  None,  None),
    "state":          ("ce",   "",    None,   None,   None,   None,   None,  None,  None,  None,  None),
    "user":           ("ce",   None,  "ce",   None,   None,   None,   None,  None,  None,  None,  None),
    "audit_log":      ("x",    "",    "x",    "",     "",     None,   None,  None,  None,  None,  None),
    # the access log (sign-ins, exports, records opened): the state admin and the national admin
    "access_log":     ("x",    None,  "x",    None,   None,   None,   None,  None,  None,  None,  None),
    # m: accept or reject a citizen's report (the DCPU and all police of the district named)
    "citizen_report": ("",     "",    "",     "",     "m",    "m",    "m",   None,  None,  None,  None),
}
RIGHTS = {view: dict(zip(_COLS, row)) for view, row in _RIGHTS_ROWS.items()}
VIEWS = tuple(RIGHTS)
# Transfers are decided, not edited (admin_views/transfers.py): no 'e' for anyone.


def opens(role, view):
    return RIGHTS[view][role] is not None


# The grid above writes each right as its letter.
LETTER_OF = {CREATE: "c", EDIT: "e", ARCHIVE: "a", EXPORT: "x", MODERATE: "m"}


def may(role, view, right):
    return LETTER_OF[right] in (RIGHTS[view][role] or "")


# The month-end report (summaries/submissions.py): who submits which unit's, and
# who reads the summary that lists which units have submitted (everyone else: 403).
SUBMITTERS = {"district:amd": {"dcpu_amd"}, "district:srt": set(),
              "institution:amd_home": {"cci_amd"}, "institution:amd_obs": set()}
SUMMARY_READERS = set(ROLES) - {"ngo_amd"}


# Roles that may list archived rows and restore them (DESIGN "Archive": a DCPU
# or state admin; the national admin too, where it holds the archive right).
RESTORERS = {"national", "stateadmin_gj", "dcpu_amd"}

# --------------------------------------------------------------------------
# The world's records per screen (tests/world.py), with where each belongs:
# a district (amd, srt, pune), a state (gj, mh) or nowhere (national).
# --------------------------------------------------------------------------
GROUP = {"missing_report": "missing", "found_report": "found", "police_report": "police",
         "child": "child", "care_plan": "icp", "progress_entry": "progress",
         "transfer": "transfer", "cwc_order": "cwc", "jjb_order": "jjb", "institution": "cci",
         "police_unit": "unit", "district": "district", "state": "state", "user": "user",
         "audit_log": "audit", "access_log": "access", "citizen_report": "citizen"}


def _by_district(*names):
    return {f"{d}_{n}": d for d in ("amd", "srt", "pune") for n in names}


_USERS = {"police2_amd": "amd"}  # first: the account the user-screen cases act on
for _d in ("amd", "srt", "pune"):
    for _r in ("police2", "dcpu", "police", "sjpu", "cci", "cciobs", "cwc", "jjb", "ngo"):
        _USERS[f"{_r}_{_d}"] = _d
_USERS.update({"stateadmin_gj": "gj", "stateofficer_gj": "gj", "stateadmin_mh": "mh",
               "stateofficer_mh": "mh", "national": None, "viewer": None})

RECORDS = {
    "missing_report": _by_district("ps1", "ps2"),
    "found_report": _by_district("ps1", "ngo"),
    "police_report": _by_district("ps1"),
    "child": _by_district("cncp", "ccl"),
    "care_plan": {"amd": "amd", "srt": "srt", "pune": "pune"},
    "progress_entry": {"amd": "amd", "srt": "srt", "pune": "pune"},
    "cwc_order": {"amd": "amd", "srt": "srt", "pune": "pune"},
    "jjb_order": {"amd": "amd", "srt": "srt", "pune": "pune"},
    # Surat's Children's Home sends a CNCP child to Ahmedabad's: both sides' business.
    "transfer": {"srt_to_amd": "srt"},
    "institution": _by_district("home", "obs"),
    "police_unit": _by_district("ps1", "ps2", "sjpu"),
    "district": {"amd": "amd", "srt": "srt", "pune": "pune"},
    "state": {"gj": "gj", "mh": "mh"},
    "user": _USERS,
    # audit rows: the "create" row of each district's CNCP child (looked up at run time)
    "audit_log": {"amd": "amd", "srt": "srt", "pune": "pune"},
    # access-log rows: each district's DCPU opening its CNCP child (tests/world.py)
    "access_log": {"amd": "amd", "srt": "srt", "pune": "pune"},
    # a citizen's report waiting in each district's queue
    "citizen_report": {"amd": "amd", "srt": "srt", "pune": "pune"},
}
GJ_PLACES = {"amd", "srt", "gj"}
HOME = {role: ("amd" if role not in NATIONAL | STATE else None) for role in ROLES}


def _keys(view, where):
    return {k for k, place in RECORDS[view].items() if where(place)}


ALL, GJ, AMD = "ALL", "GJ", "AMD"


def _resolve(view, spec):
    if spec == ALL:
        return set(RECORDS[view])
    if spec == GJ:
        return _keys(view, lambda p: p in GJ_PLACES)
    if spec == AMD:
        return _keys(view, lambda p: p == "amd")
    return set(spec)


# --------------------------------------------------------------------------
# What each role reads (DESIGN "Who uses it", "Where a record belongs").
# A role absent from a screen's row reads nothing there.
# --------------------------------------------------------------------------
_NAT_STATE = {"national": ALL, "viewer": ALL, "stateadmin_gj": GJ, "stateofficer_gj": GJ}
_VISIBLE = {
    # missing reports: the district of the unit/DCPU that registered them; police read
    # the whole district's (a station edits only its own unit's).
    "missing_report": {**_NAT_STATE, "dcpu_amd": AMD, "police_amd": AMD, "sjpu_amd": AMD},
    # found reports: the district where found; a CCI the children placed with it; an NGO
    # its own submissions; the CWC those of its district (children produced before it).
    "found_report": {**_NAT_STATE, "dcpu_amd": AMD, "police_amd": AMD, "sjpu_amd": AMD,
                     "cci_amd": {"amd_ps1"}, "cwc_amd": AMD, "ngo_amd": {"amd_ngo"}},
    # police records: a station its own unit's, an SJPU its district's.
    "police_report": {**_NAT_STATE, "dcpu_amd": AMD, "police_amd": {"amd_ps1"},
                      "sjpu_amd": {"amd_ps1"}},
    # children: a CCI its own children; the CWC the district's CNCP; the JJB its CCL.
    "child": {**_NAT_STATE, "dcpu_amd": AMD, "cci_amd": {"amd_cncp"}, "cwc_amd": {"amd_cncp"},
              "jjb_amd": {"amd_ccl"}},
    # case records follow the child (all world ICPs, progress and CWC orders are on the
    # CNCP child in the Children's Home; JJB orders on the CCL child in the Observation Home).
    "care_plan": {**_NAT_STATE, "dcpu_amd": AMD, "cci_amd": AMD, "cwc_amd": AMD},
    "progress_entry": {**_NAT_STATE, "dcpu_amd": AMD, "cci_amd": AMD, "cwc_amd": AMD},
    "cwc_order": {**_NAT_STATE, "dcpu_amd": AMD, "cci_amd": AMD, "cwc_amd": AMD},
    "jjb_order": {**_NAT_STATE, "dcpu_amd": AMD, "jjb_amd": AMD},
    # a CNCP child coming to Ahmedabad's Children's Home: the receiving home, the DCPU and
    # the CWC of Ahmedabad see it; the JJB (CCL only) does not.
    "transfer": {**_NAT_STATE, "dcpu_amd": ALL, "cci_amd": ALL, "cwc_amd": ALL},
    "institution": {**_NAT_STATE, "dcpu_amd": AMD, "cci_amd": {"amd_home"}},
    "police_unit": {**_NAT_STATE, "dcpu_amd": AMD},
    "district": {**_NAT_STATE},
    "state": {"national": ALL, "viewer": ALL},
    "user": {"national": ALL, "stateadmin_gj": GJ},
    "audit_log": {**_NAT_STATE, "dcpu_amd": AMD},
    "access_log": {"national": ALL, "stateadmin_gj": GJ},
    # citizens' reports: the district named; its DCPU and every police unit of it.
    "citizen_report": {**_NAT_STATE, "dcpu_amd": AMD, "police_amd": AMD, "sjpu_amd": AMD},
}
# What each role may change (edit, archive, restore) among what it reads; only
# meaningful where the role holds 'e' or 'a'.
_WRITABLE = {
    "missing_report": {"stateadmin_gj": GJ, "dcpu_amd": AMD, "police_amd": {"amd_ps1"},
                       "sjpu_amd": AMD},
    "found_report": {"stateadmin_gj": GJ, "dcpu_amd": AMD, "police_amd": {"amd_ps1"},
                     "sjpu_amd": AMD, "cci_amd": {"amd_ps1"}, "cwc_amd": AMD,
                     "ngo_amd": {"amd_ngo"}},
    "police_report": {"stateadmin_gj": GJ, "dcpu_amd": AMD, "police_amd": {"amd_ps1"},
                      "sjpu_amd": {"amd_ps1"}},
    "child": {"stateadmin_gj": GJ, "dcpu_amd": AMD, "cci_amd": {"amd_cncp"},
              "cwc_amd": {"amd_cncp"}, "jjb_amd": {"amd_ccl"}},
    "care_plan": {"stateadmin_gj": GJ, "dcpu_amd": AMD, "cci_amd": AMD},
    "progress_entry": {"stateadmin_gj": GJ, "dcpu_amd": AMD, "cci_amd": AMD},
    "cwc_order": {"stateadmin_gj": GJ, "dcpu_amd": AMD, "cwc_amd": AMD},
    "jjb_order": {"stateadmin_gj": GJ, "dcpu_amd": AMD, "jjb_amd": AMD},
    "transfer": {},
    "institution": {"national": ALL, "stateadmin_gj": GJ},
    "police_unit": {"national": ALL, "stateadmin_gj": GJ},
    "district": {"national": ALL, "stateadmin_gj": GJ},
    "state": {"national": ALL},
    # a state admin manages every account of the state below state admin
    "user": {"national": ALL, "stateadmin_gj": "USER_GJ"},
    "audit_log": {},
    "access_log": {},
    # those who moderate (accept or reject) a citizen's report; nobody edits one
    "citizen_report": {"dcpu_amd": AMD, "police_amd": AMD, "sjpu_amd": AMD},
}


def visible(view, role):
    return _resolve(view, _VISIBLE[view].get(role, ()))


def writable(view, role):
    spec = _WRITABLE[view].get(role, ())
    if spec == "USER_GJ":
        return _resolve(view, GJ) - {"stateadmin_gj"}
    return _resolve(view, spec) & visible(view, role)


# --------------------------------------------------------------------------
# Sensitive fields (DESIGN "Sensitive fields"): the "secret-" strings each
# world record holds, and who may see them.
# --------------------------------------------------------------------------
def secrets_of(view, key):
    d = key.split("_")[0]
    table = {
        "child": {f"{d}_cncp": [f"secret-contact-{d}", f"secret-medical-{d}"],
                  f"{d}_ccl": [f"secret-offence-{d}"]},
        "missing_report": {f"{d}_ps1": [f"secret-phone-{d}"], f"{d}_ps2": [f"secret-phone2-{d}"]},
        "found_report": {f"{d}_ps1": [f"secret-finder-{d}"]},
        "police_report": {f"{d}_ps1": [f"secret-summary-{d}"]},
        "cwc_order": {d: [f"secret-cwc-{d}"]},
        "care_plan": {d: [f"secret-health-{d}"]},
        "progress_entry": {d: [f"secret-counsel-{d}"]},
        # the audit row of a child's creation carries the child's sensitive values
        "audit_log": {d: [f"secret-contact-{d}", f"secret-medical-{d}"]},
        "citizen_report": {d: [f"secret-reporter-{d}"]},
    }
    return set(table.get(view, {}).get(key, ()))


# national and viewer never; NGOs never ("not to NGOs"); police only on their own
# unit's records (the ones they may edit); the DCPU, CCI, CWC, JJB of the district
# and the state officers (and admin) on what they read.
NEVER_SENSITIVE = {"national", "viewer", "ngo_amd"}


def sees_sensitive(view, role, key):
    if role in NEVER_SENSITIVE:
        return False
    if role == "police_amd":
        return key in writable(view, role)
    return key in visible(view, role)


def allowed_secrets(view, role, keys):
    out = set()
    for key in keys:
        if sees_sensitive(view, role, key):
            out |= secrets_of(view, key)
    return out


SECRET = re.compile(r"secret-[a-z0-9]+-[a-z]+")


def secrets_in(text):
    return set(SECRET.findall(text))


# --------------------------------------------------------------------------
# Which record stands for "in", "ro", "near" and "out" for a role and screen.
#   in:   a record the role reads (one it may change, if it may change any)
#   ro:   a record it reads but may not change (where it holds 'e' or 'a')
#   near: a record of its own district/state that is outside its scope
#   out:  another district's record (srt, else pune); for state roles Pune's
# --------------------------------------------------------------------------
def _first(view, keys):
    for key in RECORDS[view]:
        if key in keys:
            return key
    return None


def record_for(view, role, scope):
    seen = visible(view, role)
    if scope == "in":
        if may(role, view, EDIT) or may(role, view, ARCHIVE):
            return _first(view, writable(view, role)) or _first(view, seen)
        return _first(view, seen)
    if scope == "ro":
        if not (may(role, view, EDIT) or may(role, view, ARCHIVE)):
            return None
        return _first(view, seen - writable(view, role))
    if scope == "near":
        home = HOME[role]
        if home is None:
            return None
        return _first(view, _keys(view, lambda p: p == home) - seen)
    if scope == "out":
        if role in NATIONAL:
            return None
        places = ("pune", "mh") if role in STATE else ("srt", "pune", "gj", "mh")
        for place in places:
            key = _first(view, _keys(view, lambda p: p == place) - seen)
            if key:
                return key
        return None
    raise ValueError(scope)


# --------------------------------------------------------------------------
# CSV export: a string that marks each record's row.
# --------------------------------------------------------------------------
_CHILD_NAME = {"amd": "राहुल", "srt": "રાહુલ", "pune": "Rahul"}
_PLACE = {"amd": "Ahmedabad", "srt": "Surat", "pune": "Pune"}


def marker(view, key):
    d, _, rest = key.partition("_")
    return {
        "missing_report": lambda: {"ps1": "Priya", "ps2": "Meena"}[rest] + f" {d}",
        "found_report": lambda: {"ps1": "Ravi", "ngo": "Sita"}[rest] + f" {d}",
        "police_report": lambda: f"FIR-{d}-1",
        "child": lambda: _CHILD_NAME[d] if rest == "cncp" else f"Kiran {d}",
        "care_plan": lambda: _CHILD_NAME[d],
        "progress_entry": lambda: _CHILD_NAME[d],
        "cwc_order": lambda: f"CWC-{d}-1",
        "jjb_order": lambda: f"JJB-{d}-1",
        "transfer": lambda: "CWC-srt-1",
        "institution": lambda: _PLACE[d] + {"home": " Children's Home", "obs": " Observation Home"}[rest],
        "police_unit": lambda: _PLACE[d] + {"ps1": " PS 1", "ps2": " PS 2", "sjpu": " SJPU"}[rest],
        "district": lambda: _PLACE[d],
        "state": lambda: {"gj": "Gujarat", "mh": "Maharashtra"}[key],
        "user": lambda: key,
        "citizen_report": lambda: f"Asha {d}",
    }[view]()


def csv_rows(text):
    rows = list(csv.reader(io.StringIO(text)))
    return rows[1:] if rows else []


def csv_has(rows, needle):
    return any(needle == cell or cell.endswith(" " + needle) for row in rows for cell in row)


# --------------------------------------------------------------------------
# Relation dropdowns of the create forms, and what each role may point at.
# --------------------------------------------------------------------------
SELECTS = {
    "missing_report": ("police_unit", "district"),
    "found_report": ("district", "police_unit", "placed_institution"),
    "police_report": ("police_unit",),
    "child": ("institution", "district"),
    "transfer": ("to_institution",),
    "institution": ("district",),
    "police_unit": ("district",),
    "district": ("state",),
    "user": ("state", "district", "police_unit", "institution"),
}
SELECT_TARGET = {"police_unit": "police_unit", "district": "district",
                 "institution": "institution", "placed_institution": "institution",
                 "to_institution": "institution", "state": "state"}


def assignable(target, role, field=None):
    """Reference rows a role may point a new record at (DESIGN: nothing
    outside the jurisdiction; a police station files under its own unit; a
    transfer may go to any institution of the state, the receiving side decides)."""
    if field == "to_institution":
        return _resolve("institution", ALL if role in NATIONAL else GJ)
    if role in NATIONAL:
        return _resolve(target, ALL)
    if role in STATE:
        return _resolve(target, GJ)
    if target == "police_unit" and role == "police_amd":
        return {"amd_ps1"}
    if target == "institution" and role == "cci_amd":
        return {"amd_home"}
    return _resolve(target, AMD)


# Ajax-select relations per screen: relation -> screen whose records it lists.
AJAX = {
    "found_report": {"child": "child", "missing_report": "missing_report"},
    "police_report": {"missing_report": "missing_report", "found_report": "found_report",
                      "child": "child"},
    "cwc_order": {"child": "child"},
    "jjb_order": {"child": "child"},
    "care_plan": {"child": "child"},
    "progress_entry": {"child": "child"},
    "transfer": {"child": "child"},
}
AJAX_TERM = {"child": lambda d: d if d != "amd" else "Kiran", "missing_report": lambda d: d,
             "found_report": lambda d: d}

ARCHIVABLE = {"missing_report", "found_report", "police_report", "child", "care_plan",
              "progress_entry", "cwc_order", "jjb_order"}
PHOTO_VIEWS = {"child", "missing_report", "found_report", "citizen_report"}
MODEL_TABLE = {"missing_report": "missing_reports", "found_report": "found_reports",
               "police_report": "police_reports", "child": "children", "care_plan": "care_plans",
               "progress_entry": "progress_entries", "transfer": "transfers",
               "cwc_order": "cwc_orders", "jjb_order": "jjb_orders",
               "institution": "institutions", "police_unit": "police_units",
               "district": "districts", "state": "states", "user": "users",
               "audit_log": "audit_log", "access_log": "access_log",
               "citizen_report": "citizen_reports"}

# The harmless text field an edit changes, per screen.
EDIT_FIELD = {"missing_report": "clothes", "found_report": "clothes", "police_report": "number",
              "child": "identification_marks", "care_plan": "education_plan",
              "progress_entry": "education", "cwc_order": "order_number",
              "jjb_order": "order_number", "institution": "phone", "police_unit": "phone",
              "district": "name_gu", "state": "helpline", "user": "full_name",
              "transfer": "reason", "audit_log": "username", "access_log": "username",
              "citizen_report": "clothes"}

# --------------------------------------------------------------------------
# HTML forms, read like a browser reads them.
# --------------------------------------------------------------------------


class _Forms(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms = []
        self._form = None
        self._select = None
        self._textarea = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self._form = {"action": a.get("action"), "fields": [], "selects": {}}
            self.forms.append(self._form)
        if self._form is None:
            return
        if tag == "input":
            kind = (a.get("type") or "text").lower()
            if a.get("name") and kind not in ("submit", "file", "button", "image", "reset"):
                if kind in ("checkbox", "radio") and "checked" not in a:
                    return
                self._form["fields"].append((a["name"], a.get("value") or ""))
        elif tag == "select" and a.get("name"):
            self._select = {"name": a["name"], "options": [], "chosen": None}
            self._form["selects"][a["name"]] = self._select
        elif tag == "option" and self._select is not None:
            value = a.get("value", "")
            self._select["options"].append(value)
            if "selected" in a:
                self._select["chosen"] = value
        elif tag == "textarea" and a.get("name"):
            self._textarea = [a["name"], ""]

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea[1] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "select" and self._select is not None:
            self._select = None
        elif tag == "textarea" and self._textarea is not None and self._form is not None:
            name, text = self._textarea
            for newline in ("\r\n", "\n"):
                if text.startswith(newline):
                    text = text[len(newline):]
                    break
            self._form["fields"].append((name, text))
            self._textarea = None


def main_form(html):
    """The record form of a create/edit page: field values as a browser would
    send them, and the options of each <select>."""
    parser = _Forms()
    parser.feed(html)
    for form in parser.forms:
        names = [n for n, _ in form["fields"]]
        if "csrf_token" in names and form["action"] not in ("/logout",) and (
                form["selects"] or len(names) > 2):
            data = dict(form["fields"])
            for name, sel in form["selects"].items():
                chosen = sel["chosen"] if sel["chosen"] is not None else (
                    sel["options"][0] if sel["options"] else "")
                data[name] = chosen
            return data, {n: s["options"] for n, s in form["selects"].items()}
    raise AssertionError("no record form in the page")


def option_ids(options):
    return {int(v) for v in options if v.isdigit()}


LIST_COUNT = re.compile(r'class="nav-link active">\s*List(?:\s*\((\d[\d,]*)\))?\s*</a>')


def list_count(html):
    match = LIST_COUNT.search(html)
    assert match, "no 'List' tab on the page"
    return int(match.group(1).replace(",", "")) if match.group(1) else 0


def row_ids(html, endpoint):
    return {int(i) for i in re.findall(rf"/admin/{endpoint}/details/\?id=(\d+)", html)}


def page_messages(html):
    """Flashed alerts and field errors shown on a page (for failure messages)."""
    alerts = [re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", m)).replace("&times;", "").replace("×", "").strip()
              for m in re.findall(r'<div class="alert[^"]*"[^>]*>(.*?)</div>', html, re.S)]
    errors = [f"{name}: {text.strip()}" for name, block in re.findall(
        r'name="([^"]+)"[^>]*>\s*<div class="invalid-feedback">(.*?)</div>', html, re.S)
        for text in re.findall(r"<li>([^<]+)</li>", block)]
    return [a for a in alerts if a] + errors


# --------------------------------------------------------------------------
# Accounts from a file (/admin/user/bulk/): who may create one account ('c' on
# "user") may create them from a file, each row in their own scope. A row per
# place: a district the role manages (in), one of another state (out), one
# that does not exist (none): out and none must read alike.
# --------------------------------------------------------------------------
ACCOUNT_FILE_URLS = ("/admin/user/bulk/", "/admin/user/bulk/create/")
ACCOUNT_FILE_DISTRICT = {"in": "Ahmedabad", "out": "Pune", "none": "Atlantis"}


def account_file(username, district) -> bytes:
    return f"username,full_name,role,district\n{username},Matrix Person,cwc,{district}\n".encode()


# --------------------------------------------------------------------------
# The child's case file (admin_views/case_file.py): which sections each role
# finds on it (DESIGN roles table; a section the role may not open is absent,
# not "restricted"). Identity and placements are the child's own record.
# The case file acts on Ahmedabad's CNCP child (the JJB: its CCL child).
# --------------------------------------------------------------------------
CASE_ROLES_OPEN = {r for r in ROLES if opens(r, "child")}
_CASE_ALL = {"identity", "placements", "transfers", "cwc_orders", "jjb_orders", "care_plans",
             "progress", "police_records", "missing_reports", "found_reports", "matches",
             "history"}
_CASE_HIGH = _CASE_ALL - {"jjb_orders"}  # a CNCP child: no JJB orders, so no empty section
CASE_SECTIONS = {
    "national": _CASE_HIGH, "viewer": _CASE_HIGH, "stateadmin_gj": _CASE_HIGH,
    "stateofficer_gj": _CASE_HIGH, "dcpu_amd": _CASE_HIGH,
    # a CCI: its children's case records and the found reports placed with it
    "cci_amd": {"identity", "placements", "transfers", "cwc_orders", "care_plans", "progress",
                "found_reports"},
    # the CWC: no police records, no missing reports, no audit log; it reviews matches
    "cwc_amd": {"identity", "placements", "transfers", "cwc_orders", "care_plans", "progress",
                "found_reports", "matches"},
    # the JJB, on its CCL child: JJB orders, no CWC orders (a CCL child has none)
    "jjb_amd": {"identity", "placements", "transfers", "jjb_orders", "care_plans", "progress"},
}
# The case file's sections and the screen whose records each shows.
CASE_SECTION_VIEW = {"transfers": "transfer", "cwc_orders": "cwc_order", "jjb_orders": "jjb_order",
                     "care_plans": "care_plan", "progress": "progress_entry",
                     "police_records": "police_report", "missing_reports": "missing_report",
                     "found_reports": "found_report"}


def case_child(role, scope):
    """The child whose case file a case opens: in (the role's own), near (its
    district's, outside its scope), out (another district's or state's)."""
    own = "amd_ccl" if role == "jjb_amd" else "amd_cncp"
    if scope == "in":
        return own
    if scope == "near":
        if HOME[role] is None:
            return None
        other = "amd_cncp" if own == "amd_ccl" else "amd_ccl"
        return other if other not in visible("child", role) else None
    if role in NATIONAL:
        return None
    return "pune_cncp" if role in STATE else "srt_cncp"


# The records about Ahmedabad's children each section lists, by (screen, world key).
# Linked for the case (tests/test_access_matrix.py): Ahmedabad's first missing and
# found reports and police record are about its CNCP child, with a match between them.
CASE_ROWS = {
    "amd_cncp": {"cwc_orders": ("cwc_order", "amd"), "care_plans": ("care_plan", "amd"),
                 "progress": ("progress_entry", "amd"),
                 "police_records": ("police_report", "amd_ps1"),
                 "missing_reports": ("missing_report", "amd_ps1"),
                 "found_reports": ("found_report", "amd_ps1")},
    "amd_ccl": {"jjb_orders": ("jjb_order", "amd")},
}

# --------------------------------------------------------------------------
# Import (/admin/import/, exchange/): the kinds each role may import, those whose
# screen it creates records on (access/rights.py "import"); None: the screen does
# not open. The police import their own missing and found reports (issue #15).
# --------------------------------------------------------------------------
_ALL_KINDS = ("missing", "found", "children")
IMPORTS = {"national": _ALL_KINDS, "viewer": None, "stateadmin_gj": _ALL_KINDS,
           "stateofficer_gj": None, "dcpu_amd": _ALL_KINDS, "police_amd": ("missing", "found"),
           "sjpu_amd": ("missing", "found"), "cci_amd": None, "cwc_amd": None, "jjb_amd": None,
           "ngo_amd": None}
# A missing report's police unit inside each importer's jurisdiction and one just
# outside it (a station imports for itself, the SJPU and the DCPU for the
# district, the state admin for the state; the national admin has no outside).
IMPORT_UNITS = {"national": ("Pune PS 1", None), "stateadmin_gj": ("Surat PS 1", "Pune PS 1"),
                "dcpu_amd": ("Ahmedabad PS 2", "Surat PS 1"),
                "police_amd": ("Ahmedabad PS 1", "Ahmedabad PS 2"),
                "sjpu_amd": ("Ahmedabad PS 2", "Surat PS 1")}
