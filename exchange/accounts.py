"""Accounts from a file (docs/accounts.md): a rollout list, one person a row,
read into accounts that pass the account form's own rules (access/accounts.py)
within the manager's reach (access/scope.py assign_clause), then created
together, each with a generated temporary password.

All or nothing: a file with any bad row creates no account. The sheet of
temporary passwords is handed out person by person, so a file half created
would leave the manager sorting out who got an account, and the same file
uploaded again after a fix would clash with the usernames it had already
taken. The preview lists every bad row with its reason; the manager corrects
the file and uploads it again."""
import re
from dataclasses import dataclass, field

from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from access import accounts, roles
from access.scope import assign_clause, write_clause
from auth.passwords import temporary_password
from exchange import ExchangeError
from exchange.parse import read_table
from extensions import db
from models import District, Institution, PoliceUnit, State, User

COLUMNS = ("username", "full_name", "role", "state", "district", "police_unit", "institution",
           "phone", "email", "language")
REQUIRED = ("username", "full_name", "role")
MAX_ACCOUNTS = 100  # scrypt, slow on purpose: about 0.1-0.2 s an account, well inside a request
MAX_FILE_BYTES = 1024 * 1024
LENGTHS = {"username": 80, "full_name": 150, "phone": 40, "email": 120}
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


@dataclass
class AccountRow:
    line: int                                     # the line in the file
    values: dict                                  # column -> text as written
    role: str | None = None                       # the role code, once read
    account: dict = field(default_factory=dict)   # User fields, resolved
    problems: list = field(default_factory=list)  # messages in the user's language


def _heading(text: str) -> str:
    return re.sub(r"[\s-]+", "_", str(text).strip().lower())


def _text(value) -> str:
    return str(value).strip() if value is not None else ""


class _Places:
    """The states, districts, police units and institutions the manager may
    point an account at, found by name or code (case does not matter)."""

    def __init__(self, manager):
        self.states = self._index(State, manager, ("name", "code"))
        self.districts = self._index(District, manager, ("name", "code"))
        self.units = self._index(PoliceUnit, manager, ("name", "code"))
        self.institutions = self._index(Institution, manager, ("name", "registration_number"))

    @staticmethod
    def _index(model, manager, keys):
        index = {}
        for row in db.session.scalars(select(model).where(assign_clause(manager, model))):
            for key in {(getattr(row, k) or "").strip().lower() for k in keys} - {""}:
                index.setdefault(key, []).append(row)
        return index

    @staticmethod
    def find(index, text, within=None):
        """(row, problem): the one row `text` names (inside `within`, a test), or a
        problem: "none" or "several"."""
        found = [r for r in index.get(text.lower(), []) if within is None or within(r)]
        if len(found) == 1:
            return found[0], None
        return None, "none" if not found else "several"


def _role_codes(manager) -> dict:
    """What a file may write for each role it may give: the code, or its name in
    English, Hindi or Gujarati."""
    codes = {}
    for code in roles.grantable_roles(manager.role):
        codes[code] = code
        for language in current_app.config["LANGUAGES"]:
            with force_locale(language):
                codes[str(roles.role_label(code)).strip().lower()] = code
    return codes


def check_headings(headings) -> list[str]:
    """Problems with the file's heading row, or none."""
    names = [_heading(h) for h in headings if _text(h)]
    out = []
    unknown = [h for h in names if h not in COLUMNS]
    if unknown:
        out.append(_("These columns are not columns of an accounts file: %(columns)s. The "
                     "columns are: %(known)s.", columns=", ".join(unknown), known=", ".join(COLUMNS)))
    repeated = sorted({h for h in names if names.count(h) > 1})
    if repeated:
        out.append(_("These columns are given twice: %(columns)s.", columns=", ".join(repeated)))
    missing = [c for c in REQUIRED if c not in names]
    if missing:
        out.append(_("These columns are missing: %(columns)s.", columns=", ".join(missing)))
    return out


def read_accounts(manager, data: bytes, filename: str = "") -> list[AccountRow]:
    """Every row of the file as an account to create, each with its problems.
    Raises ExchangeError when the file cannot be read as an accounts file."""
    if len(data or b"") > MAX_FILE_BYTES:
        raise ExchangeError(_("The file is larger than %(size)s MB; an accounts file holds at "
                              "most %(count)s accounts.", size=MAX_FILE_BYTES // (1024 * 1024),
                              count=MAX_ACCOUNTS))
    table = read_table(data, filename)
    problems = check_headings(table.headings)
    if problems:
        raise ExchangeError(" ".join(problems))
    headings = [_heading(h) for h in table.headings]
    rows = [(table.first_line + n, row) for n, row in enumerate(table.rows) if row is not None]
    if not rows:
        raise ExchangeError(_("The file has column headings but no accounts."))
    if len(rows) > MAX_ACCOUNTS:
        raise ExchangeError(_("The file has %(count)s accounts; create at most %(max)s at a time.",
                              count=len(rows), max=MAX_ACCOUNTS))
    places, role_codes = _Places(manager), _role_codes(manager)
    out, first_line_of = [], {}
    for line, cells in rows:
        values = {h: _text(v) for h, v in zip(headings, cells) if h}
        row = AccountRow(line=line, values={c: values.get(c, "") for c in COLUMNS})
        _check_row(manager, row, places, role_codes)
        name = row.values["username"].lower()
        if name in first_line_of:
            row.problems.append(_("The username %(value)s is given twice in the file (first on "
                                  "line %(line)s).", value=row.values["username"],
                                  line=first_line_of[name]))
        elif name:
            first_line_of[name] = line
        out.append(row)
    return out


def _check_row(manager, row: AccountRow, places: _Places, role_codes: dict) -> None:
    values, problems = row.values, row.problems
    for column in REQUIRED:
        if not values[column]:
            problems.append(_("The column %(column)s is empty.", column=column))
    for column, longest in LENGTHS.items():
        if len(values[column]) > longest:
            problems.append(_("The column %(column)s is longer than %(count)s characters.",
                              column=column, count=longest))
    if values["email"] and not EMAIL.match(values["email"]):
        problems.append(_("The email address %(value)s is not valid.", value=values["email"]))
    languages = tuple(current_app.config["LANGUAGES"])
    if values["language"] and values["language"].lower() not in languages:
        problems.append(_("The language must be one of %(codes)s.", codes=", ".join(languages)))

    role = role_codes.get(values["role"].lower()) if values["role"] else None
    row.role = role
    if values["role"] and role is None:
        problems.append(_("The role %(value)s is not one you may give. Write one of: %(roles)s.",
                          value=values["role"], roles=", ".join(roles.grantable_roles(manager.role))))

    state = district = unit = institution = None
    if values["state"]:
        state, missing = places.find(places.states, values["state"])
        if missing:
            problems.append(_("No state %(value)s among the states you manage.",
                              value=values["state"]))
    if values["district"]:
        district, missing = places.find(
            places.districts, values["district"],
            (lambda d: d.state_id == state.id) if state is not None else None)
        if missing == "several":
            problems.append(_("%(value)s names more than one district: write its code, or the "
                              "state too.", value=values["district"]))
        elif missing:
            problems.append(_("No district %(value)s among the districts you manage (write its "
                              "name or code as on the Districts screen).", value=values["district"]))
    in_district = (lambda r: r.district_id == district.id) if district is not None else None
    if values["police_unit"]:
        unit, missing = places.find(places.units, values["police_unit"], in_district)
        if missing == "several":
            problems.append(_("%(value)s names more than one police unit: write its code.",
                              value=values["police_unit"]))
        elif missing:
            problems.append(_("No police unit %(value)s in the district given (write its name or "
                              "code as on the Police units screen).", value=values["police_unit"]))
    if values["institution"]:
        institution, missing = places.find(places.institutions, values["institution"], in_district)
        if missing == "several":
            problems.append(_("%(value)s names more than one institution: write its registration "
                              "number.", value=values["institution"]))
        elif missing:
            problems.append(_("No institution %(value)s in the district given (write its name or "
                              "registration number as on the Institutions screen).",
                              value=values["institution"]))
    if role is None or any(values[c] and obj is None for c, obj in (
            ("state", state), ("district", district), ("police_unit", unit),
            ("institution", institution))):
        return  # the rules below would only repeat what is said
    if state is None and role not in roles.NATIONAL_ROLES:
        # As on the account form: the district's state, or the state admin's own.
        state = district.state if district is not None else (
            manager.state if manager.role == roles.STATE_ADMIN else None)
    for column, message in accounts.problems(
            manager, username=values["username"], role=role,
            state=state, district=district, police_unit=unit, institution=institution):
        if not (column == "username" and not values["username"]):  # already said: empty
            problems.append(message)
    row.account = {
        "username": values["username"], "full_name": values["full_name"], "role": role,
        "state": state, "district": district, "police_unit": unit, "institution": institution,
        "phone": values["phone"] or None, "email": values["email"] or None,
        "language": values["language"].lower() or None}


def create_accounts(manager, rows: list[AccountRow]) -> list[tuple[User, str]]:
    """Create every account of `rows` (none may have a problem) in one
    transaction, each with a new temporary password it must change at first
    sign-in. The passwords are returned, to be shown once, and kept nowhere."""
    assert rows and not any(row.problems for row in rows)
    created = []
    for row in rows:
        user = User(**row.account, is_enabled=True, must_change_password=True)
        password = temporary_password()
        user.set_password(password)
        db.session.add(user)
        created.append((user, password))
    try:
        db.session.flush()
    except IntegrityError:  # a username taken at this very moment, by another request
        db.session.rollback()
        raise ExchangeError(_("One of these usernames was taken while the accounts were being "
                              "created; nothing was created. Upload the file again.")) from None
    # The same check again on save as the account form's (admin_views/base.py).
    ids = [user.id for user, _password in created]
    allowed = set(db.session.scalars(select(User.id).where(
        User.id.in_(ids), write_clause(manager, User))))
    if allowed != set(ids):
        db.session.rollback()
        raise ExchangeError(_("Some of these accounts would fall outside your jurisdiction; "
                              "nothing was created."))
    db.session.commit()
    return created
