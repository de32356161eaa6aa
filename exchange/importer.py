"""Import rows through the panel's own forms and checks.

Each row is turned into the form data a person would post (dates as the form
reads them, choices as codes, relations as ids found by name or code among
the rows the user may point a record at), then the view's create form is
filled with it and validated by the view (`validate_form`: field validators,
unknown choices, `check_record`), and the record is built as the view builds
it (populate, then what `on_model_change` does before its flush:
registered_by, `set_jurisdiction`).

Missing and found reports are then saved a batch at a time (exchange/bulk.py:
one INSERT per batch, the same listeners, defaults and audit entries as a
flush), the batch passes the view's post-save scope check (`write_clause`)
as a whole, and is matched as a whole (exchange/matching.py: the same
proposals as matching each report at once). Children are saved through the
session (the placements listener works on the session), one flush per batch.
A batch in which anything fails is rolled back and saved again row by row,
each through the view's own `on_model_change`, so a bad row is rejected with
its reason and the others are imported.

A row seen before is "already present", not imported again: by its source
reference, else (missing reports) FIR number with police unit, else (children)
the child ID, else by its content key (district, folded name, gender, and the
date and time missing or found, or the birth date or age)."""
import csv
import gc
import io
import threading
import time as clock
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime

from flask import current_app, session
from flask_admin.contrib.sqla.fields import QuerySelectField
from flask_babel import force_locale, format_decimal
from flask_babel import gettext as _
from flask_login import login_user
from sqlalchemy import func, select
from werkzeug.datastructures import MultiDict

from access import roles
from access.rights import CREATE, EDIT, EXPORT, can, can_open
from access.scope import assign_clause, read_clause
from exchange import ExchangeError
from exchange import columns as file_columns
from exchange.cells import neutralise
from exchange.dates import parse_date, parse_datetime
from exchange.memo import populate_new, remember
from exchange.parse import FORMULA_WITHOUT_VALUE, MAX_CELL, BadCell, Table
from extensions import db
from matching import fold_name
from models import Child, District, Institution, MissingReport, PoliceUnit
from models import child_code as codes
from models.base import today_in_india

BATCH = 1000  # rows per transaction: one INSERT, one scope check, one matching pass
BULK_KINDS = ("missing", "found")  # saved by exchange/bulk.py; children through the session
UPDATED_KINDS = ("missing", "found")  # a row naming a report held updates it; children: present
READ_ONLY = {roles.NATIONAL_VIEWER, roles.STATE_OFFICER}


def may_import(user, kind: str) -> bool:
    return (user is not None and user.role not in READ_ONLY and can_open(user.role, "import")
            and can(user.role, "import", CREATE) and can_open(user.role, file_columns.SCREENS[kind]))


def may_export(user, kind: str) -> bool:
    return user is not None and can(user.role, file_columns.SCREENS[kind], EXPORT)


@dataclass
class ImportResult:
    kind: str
    headings: list[str]
    total: int = 0
    imported: list[tuple[int, int]] = field(default_factory=list)   # (line, record id)
    present: list[tuple[int, int | None]] = field(default_factory=list)
    updated: list[tuple[int, int]] = field(default_factory=list)     # (line, record id)
    rejected: list[tuple[int, list, str]] = field(default_factory=list)  # (line, cells, reason)
    proposals: int = 0
    seconds: float = 0.0
    dry_run: bool = False

    def rejects_csv(self) -> bytes:
        """The rejected rows: the file's own columns, the line, and the reason."""
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow([neutralise(h) for h in (*self.headings, "line", "rejection_reason")])
        for line, cells, reason in self.rejected:
            writer.writerow([neutralise(_plain(c)) for c in cells] + [line, neutralise(reason)])
        return ("\ufeff" + out.getvalue()).encode("utf-8")

    def summary(self) -> str:
        return _("%(total)s rows: %(imported)s imported, %(updated)s updated, %(present)s "
                 "already present, %(rejected)s rejected.", total=format_decimal(self.total),
                 imported=format_decimal(len(self.imported)),
                 updated=format_decimal(len(self.updated)),
                 present=format_decimal(len(self.present)),
                 rejected=format_decimal(len(self.rejected)))


def _plain(cell) -> str:
    if isinstance(cell, date):
        return cell.isoformat()
    return "" if cell is None else str(cell)


def find_view(screen: str):
    for admin in current_app.extensions.get("admin", []):
        for view in admin._views:
            if getattr(view, "endpoint", None) == screen:
                return view
    raise LookupError(screen)


# ---- references by name or code, within the user's assign scope -------------
class References:
    """Districts, police units, institutions the user may point a record at,
    looked up by code or name (loaded once per import)."""

    def __init__(self, user):
        self.user = user
        self.tables = {}
        self.answers: dict[tuple, tuple] = {}
        for model, code_attr in ((District, "code"), (PoliceUnit, "code"),
                                 (Institution, "registration_number")):
            rows = db.session.scalars(select(model).where(assign_clause(user, model))).all()
            by_code, by_name = {}, {}
            for row in rows:
                code = getattr(row, code_attr)
                if code:
                    by_code[file_columns.squash(code)] = row
                by_name.setdefault(file_columns.squash(row.name), []).append(row)
            self.tables[model] = (by_code, by_name, code_attr)

    def find(self, model, by: str, text: str, district=None, state: str | None = None):
        """(row, None) or (None, why not); remembered per question (a file names
        the same few places again and again)."""
        question = (model, by, text, district.id if district is not None else None, state)
        answer = self.answers.get(question)
        if answer is None:
            answer = self.answers[question] = self._find(model, by, text, district, state)
        return answer

    def _find(self, model, by, text, district, state):
        by_code, by_name, code_attr = self.tables[model]
        key = file_columns.squash(text)
        if by == "code" or (key in by_code and key not in by_name):  # a code in a name column too
            row = by_code.get(key)
            if row is not None:
                return row, None
            if key not in by_name:
                return None, self._missing(model, code_attr, text)
        rows = by_name.get(key, [])
        if len(rows) > 1 and district is not None:
            rows = [r for r in rows if getattr(r, "district_id", None) == district.id]
        if len(rows) > 1 and state:
            rows = [r for r in rows if file_columns.squash(_state_of(r)) == file_columns.squash(state)]
        if len(rows) == 1:
            return rows[0], None
        if len(rows) > 1:
            return None, _("“%(value)s” names more than one place; give its code.", value=text)
        return None, self._missing(model, "name", text)

    def _missing(self, model, attr, text):
        code_attr = self.tables[model][2]
        exists = db.session.scalar(select(model.id).where(
            func.lower(getattr(model, code_attr)) == text.strip().lower()
            if attr == code_attr else func.lower(model.name) == text.strip().lower()).limit(1))
        if exists is None and attr != code_attr:
            exists = db.session.scalar(select(model.id).where(
                func.lower(getattr(model, code_attr)) == text.strip().lower()).limit(1))
        if exists is not None:
            return _("“%(value)s” is outside your jurisdiction.", value=text)
        return _("“%(value)s” is not known.", value=text)


def _state_of(row):
    district = row if isinstance(row, District) else row.district
    return district.state.name if district is not None else ""


# ---- one row -----------------------------------------------------------------
@dataclass
class Row:
    line: int
    cells: list
    data: MultiDict = field(default_factory=MultiDict)
    objects: dict = field(default_factory=dict)      # relation field -> object
    extras: dict = field(default_factory=dict)       # model attributes set after populate
    errors: list = field(default_factory=list)
    identity: tuple | None = None
    given: set = field(default_factory=set)          # form fields the row has a value for


class Importer:
    def __init__(self, kind: str, user, mapping: dict, language: str, headings=None):
        self.kind, self.user, self.mapping, self.language = kind, user, mapping, language
        # A reason names a column as the file does ("Sex", not the panel's "Gender").
        headings = headings or []
        self.heading = {column.key: (headings[p].strip() if p < len(headings) else "")
                        or str(file_columns.label_of(column)) for p, column in mapping.items()}
        self.field_heading = {}
        self.field_kinds = {column.field: column.kind for column in mapping.values() if column.field}
        for column in mapping.values():
            if column.field:
                self.field_heading.setdefault(column.field, self.heading[column.key])
        self.model = file_columns.MODELS[kind]
        self.view = find_view(file_columns.SCREENS[kind])
        self.form_class = self.view._create_form_class
        self.refs = References(user)
        self.choices = {c.key: file_columns.choice_lookup(c, language)
                        for c in mapping.values() if c.kind == "choice"}
        self.choice_cache: dict[str, dict] = {}
        self.seen: dict[tuple, tuple[int, int | None]] = {}   # identity -> (line, id)

    # -- cells to form data ------------------------------------------------------
    def convert(self, line: int, cells: list) -> Row:
        row = Row(line, cells)
        wanted: dict[str, dict] = {}
        state = None
        for position, column in self.mapping.items():
            raw = cells[position] if position < len(cells) else ""
            if isinstance(raw, BadCell):
                row.errors.append(self._bad_cell(line, column, raw))
                continue
            text = raw.strip() if isinstance(raw, str) else raw
            if column.kind == "bool":
                self._bool(row, column, text)
                continue
            if text in ("", None):
                continue
            if column.field:
                row.given.add(column.field)
            label = self.heading[column.key]
            if column.kind in ("text", "ref"):
                if column.kind == "ref":
                    # Never cut: two references alike in their first 100
                    # characters would become one record.
                    longest = self.model.__table__.c.source_ref.type.length
                    if len(str(text)) > longest:
                        row.errors.append(_too_long(label, text, longest))
                    else:
                        row.extras["source_ref"] = str(text)
                else:
                    row.data[column.field] = str(text)
            elif column.kind == "int":
                row.data[column.field] = _integer(text)
            elif column.kind == "date":
                day = parse_date(text)
                if day is None:
                    row.errors.append(_("%(column)s: “%(value)s” is not a date (write DD/MM/YYYY).",
                                        column=label, value=text))
                elif column.field is None:
                    row.extras[column.key] = day
                else:
                    row.data[column.field] = day.isoformat()
            elif column.kind == "datetime":
                moment = parse_datetime(text)
                if moment is None:
                    row.errors.append(_("%(column)s: “%(value)s” is not a date and time (write "
                                        "DD/MM/YYYY HH:MM).", column=label, value=text))
                else:
                    row.data[column.field] = moment.strftime("%Y-%m-%d %H:%M")
            elif column.kind == "choice":
                code = self._choice(column, text)
                if code is None:
                    allowed = ", ".join(c for c, _l in column.choices)
                    row.errors.append(_("%(column)s: “%(value)s” is not one of: %(allowed)s.",
                                        column=label, value=text, allowed=allowed))
                else:
                    row.data[column.field] = code
            elif column.kind == "state":
                state = str(text)
            elif column.kind == "code":
                if not codes.is_valid(str(text)):
                    row.errors.append(_("%(column)s: “%(value)s” is not a valid child ID (its "
                                        "check character does not agree).", column=label, value=text))
                else:
                    row.extras["child_code"] = codes.clean(str(text))
            elif column.kind == "relation":
                wanted.setdefault(column.field, {})[column.by] = (str(text), label)
            elif column.kind == "record":
                self._record_number(row, label, str(text))
            elif column.kind == "version":
                if not str(text).isdigit():
                    row.errors.append(_("%(column)s: “%(value)s” is not a version number.",
                                        column=label, value=text))
                else:
                    row.extras["version"] = int(text)
        self._relations(row, wanted, state)
        row.identity = self._identity(row)
        return row

    def _bad_cell(self, line: int, column, cell: BadCell) -> str:
        if cell.why == FORMULA_WITHOUT_VALUE:
            return _("%(column)s: formula without a value (the workbook was saved without "
                     "calculating it; open it in Excel, save it and upload it again).",
                     column=self.heading[column.key])
        return _("Line %(line)s, column %(column)s: the cell holds %(count)s characters, more "
                 "than %(max)s; the row was not imported.", line=line,
                 column=self.heading[column.key], count=format_decimal(cell.length),
                 max=format_decimal(MAX_CELL))

    def _record_number(self, row: Row, label, text: str) -> None:
        """Bal Setu's own report number, as exported ("M-120"; the number alone
        is read too): the row is an update of that report."""
        prefix = file_columns.RECORD_PREFIX[self.kind]
        digits = text.strip().upper()
        if digits.startswith(prefix):
            digits = digits[len(prefix):].lstrip("-/ ")
        if not digits.isdigit() or len(digits) > 9:  # an INTEGER column: below 2^31
            row.errors.append(_("%(column)s: “%(value)s” is not a Bal Setu report number (such "
                                "as %(example)s).", column=label, value=text,
                                example=f"{prefix}-120"))
        else:
            row.extras["record_id"] = int(digits)

    def _choice(self, column, text):
        """The code a cell names (the spellings of `choice_lookup`), remembered
        per cell text: a file repeats the same few words."""
        cache = self.choice_cache.setdefault(column.key, {})
        if text not in cache:
            cache[text] = self.choices[column.key].get(file_columns.squash(text))
        return cache[text]

    def _bool(self, row, column, text):
        word = file_columns.squash(text) if text not in (None, "") else ""
        if word == "":
            value = column.default or ""
        elif word in file_columns.TRUE_WORDS:
            value = "y"
        elif word in file_columns.FALSE_WORDS:
            value = ""
        else:
            row.errors.append(_("%(column)s: write yes or no, not “%(value)s”.",
                                column=self.heading[column.key], value=text))
            return
        if word:
            row.given.add(column.field)
        if value:
            row.data[column.field] = value

    def _relations(self, row, wanted, state):
        order = ["district", "police_unit", "institution", "placed_institution", "child"]
        models = {"district": District, "police_unit": PoliceUnit, "institution": Institution,
                  "placed_institution": Institution}
        for name in sorted(wanted, key=order.index):
            given = wanted[name]
            if name == "child":
                code, label = given.get("code", ("", ""))
                child_id = db.session.scalar(select(Child.id).where(
                    Child.child_code == codes.clean(code), assign_clause(self.user, Child)))
                if child_id is None:
                    row.errors.append(_("%(column)s: “%(value)s” is not a child in your records.",
                                        column=label, value=code))
                else:
                    row.data["child"] = str(child_id)
                continue
            found = {}
            for by in ("code", "name"):  # a name and a code given must name one place
                if by not in given:
                    continue
                text, label = given[by]
                obj, error = self.refs.find(models[name], by, text,
                                            district=row.objects.get("district"), state=state)
                if error:
                    row.errors.append(f"{label}: {error}")
                    break
                found[by] = (obj, text, label)
            if len(found) != len(given):
                continue
            obj = found.get("code", found.get("name"))[0]
            if len(found) == 2 and found["code"][0].id != found["name"][0].id:
                row.errors.append(_("%(name_column)s “%(name)s” and %(code_column)s “%(code)s” "
                                    "are not the same place.",
                                    name_column=found["name"][2], name=found["name"][1],
                                    code_column=found["code"][2], code=found["code"][1]))
                continue
            row.objects[name] = obj
            row.data[name] = str(obj.id)
        unit, district = row.objects.get("police_unit"), row.objects.get("district")
        if self.kind == "missing" and unit is not None and district is not None \
                and unit.district_id != district.id:
            row.errors.append(_("The police unit “%(unit)s” is not in the district “%(district)s”.",
                                unit=unit.name, district=district.name))

    # -- identity: the row seen before? --------------------------------------------
    def nameless(self, row: Row) -> str:
        """Why a row that could not be recognised again is refused: what the
        form says of it first (a name too long to be one), else its empty name."""
        if self.build(row) is None:
            return "; ".join(row.errors)
        name_field = "name" if self.kind == "children" else "child_name"
        heading = self.field_heading.get(name_field)
        if heading and not row.data.get(name_field):
            return _("%(column)s: the name is empty. A row without a name is imported only with "
                     "a source reference (source_ref), so that it is imported once only.",
                     column=heading)
        return _("A row without a name needs a source reference (source_ref) so that it is "
                 "imported once only.")

    def unknown_number(self, row: Row) -> str:
        number = "-".join((file_columns.RECORD_PREFIX[self.kind], str(row.extras["record_id"])))
        return _("%(column)s: Bal Setu holds no report %(number)s in your records; leave the "
                 "column empty to register a new report.",
                 column=self.heading.get("report_number", "report_number"), number=number)

    def _district_id(self, row):
        for name in ("institution", "placed_institution", "police_unit", "district"):
            obj = row.objects.get(name)
            if obj is not None and (self.kind != "found" or name == "district"):
                return obj.district_id if name != "district" else obj.id
        if self.kind == "found" and row.objects.get("police_unit") is not None:
            return row.objects["police_unit"].district_id
        user = self.user
        if user.role == roles.POLICE and user.police_unit is not None:
            return user.police_unit.district_id
        return user.district_id

    def _identity(self, row):
        if row.extras.get("record_id"):
            return ("id", row.extras["record_id"])
        if row.extras.get("source_ref"):
            return ("ref", file_columns.squash(row.extras["source_ref"]))
        if self.kind == "children" and row.extras.get("child_code"):
            return ("code", row.extras["child_code"])
        name_field = "name" if self.kind == "children" else "child_name"
        folded = fold_name(row.data.get(name_field) or "")
        if self.kind == "missing" and row.data.get("fir_number") and row.objects.get("police_unit"):
            # One FIR often covers several children (siblings): the child is
            # part of the report's identity.
            return ("fir", row.objects["police_unit"].id, file_columns.squash(row.data["fir_number"]),
                    folded)
        if not folded:
            return None
        if self.kind == "children":
            when = row.data.get("date_of_birth") or row.data.get("estimated_age_years") or ""
        else:
            when = row.data.get("missing_at" if self.kind == "missing" else "found_at", "")
        return ("key", self._district_id(row), folded, row.data.get("gender", ""), when)

    def _record_identity(self, record):
        """The identity of a stored record (a row of its columns is enough)."""
        if self.kind == "children":
            folded, when = record.name_folded, (record.date_of_birth.isoformat()
                                                if record.date_of_birth else
                                                str(record.estimated_age_years or ""))
        else:
            from models.base import INDIA
            moment = record.missing_at if self.kind == "missing" else record.found_at
            folded = record.child_name_folded
            when = moment.astimezone(INDIA).strftime("%Y-%m-%d %H:%M") if moment else ""
        return ("key", record.district_id, folded, record.gender, when)

    def lookup_existing(self, rows: list[Row]) -> dict[tuple, tuple[int, bool]]:
        """identity -> (record id, in the user's read scope) for the batch's rows.
        The queries fetch only the columns an identity is made of, and keep only
        the identities the batch asks about (an FIR number such as "12/2025"
        exists at every police station; a name such as "Rahul Patel" many times)."""
        model, found = self.model, {}
        wanted = {r.identity for r in rows if r.identity}
        candidates = []
        numbers = [r.identity[1] for r in rows if r.identity and r.identity[0] == "id"]
        if numbers:
            candidates += [(("id", pk), pk) for pk in db.session.scalars(
                select(model.id).where(model.id.in_(numbers)))]
        refs = {r.extras["source_ref"] for r in rows if r.identity and r.identity[0] == "ref"}
        if refs:
            candidates += [(("ref", file_columns.squash(ref)), pk) for pk, ref in db.session.execute(
                select(model.id, model.source_ref).where(model.source_ref.in_(list(refs))))]
        if self.kind == "children":
            codes_wanted = [r.identity[1] for r in rows if r.identity and r.identity[0] == "code"]
            if codes_wanted:
                candidates += [(("code", code), pk) for pk, code in db.session.execute(
                    select(Child.id, Child.child_code).where(Child.child_code.in_(codes_wanted)))]
        if self.kind == "missing":
            firs = {r.data["fir_number"] for r in rows if r.identity and r.identity[0] == "fir"}
            if firs:
                squashed = {fir: file_columns.squash(fir) for fir in firs}  # the same number at each unit
                candidates += [(("fir", unit, squashed.get(fir) or file_columns.squash(fir),
                                 folded or ""), pk)
                               for pk, fir, unit, folded in db.session.execute(
                    select(MissingReport.id, MissingReport.fir_number, MissingReport.police_unit_id,
                           MissingReport.child_name_folded)
                    .where(MissingReport.fir_number.in_(list(firs))))]
        folded = {r.identity[2] for r in rows if r.identity and r.identity[0] == "key"}
        if folded:
            if self.kind == "children":
                column, when = Child.name_folded, (Child.date_of_birth, Child.estimated_age_years)
            else:
                column = model.child_name_folded
                when = (model.missing_at if self.kind == "missing" else model.found_at,)
            for record in db.session.execute(select(model.id, model.district_id, column,
                                                    model.gender, *when).where(
                    column.in_(list(folded)), read_clause(self.user, model))):
                candidates.append((self._record_identity(record), record.id))
        candidates = [(identity, pk) for identity, pk in candidates if identity in wanted]
        if not candidates:
            return found
        readable = set(db.session.scalars(select(model.id).where(
            model.id.in_([pk for _i, pk in candidates]), read_clause(self.user, model))))
        for identity, pk in candidates:
            found.setdefault(identity, (pk, pk in readable))
        return found

    # -- building and saving as the view does ----------------------------------------
    def build(self, row: Row):
        """Validate one row as the panel's create view does and build its record
        as the view would before saving it (not added to the session). Returns
        (record, form), or None with `row.errors` filled."""
        row.errors = []
        form = self._form(row.data)
        for name, bound in form._fields.items():
            if isinstance(bound, QuerySelectField):
                obj = row.objects.get(name)
                bound.query = [obj] if obj is not None else None
                bound._object_list = None  # choices are the row's own, never a previous row's
        if not self._validate(row, form):
            return None
        extras = dict(row.extras)
        if "age_recorded_on" in extras and extras["age_recorded_on"] > today_in_india():
            row.errors.append(_("%(column)s: this date is in the future.",
                                column=_("Age recorded on")))
            return None
        model = self.view.build_new_instance()
        populate_new(form, model)
        for key, value in extras.items():
            setattr(model, key, value)
        return model, form

    def _validate(self, row: Row, form) -> bool:
        """The view's `validate_form`; its reasons into `row.errors`, one per
        field (the first: "ten" is not a number, so not out of range either),
        each named by the file's own heading."""
        valid = self.view.validate_form(form)
        flashes = session.pop("_flashes", [])
        if valid:
            return True
        for name, errors in form.errors.items():
            label = self.field_heading.get(name) or (form[name].label.text if name in form._fields
                                                      else name)
            errors = errors if isinstance(errors, list) else [errors]
            if errors:
                row.errors.append(f"{label}: {errors[0]}")
        row.errors += [str(message) for _c, message in flashes]
        if not row.errors:
            row.errors.append(_("The row was not accepted."))
        return False

    # -- a row naming a report Bal Setu holds: an edit, as in the panel ---------------
    def update(self, row: Row, record, dry_run=False) -> str | None:
        """Apply the row's values to `record` through the view's edit form: the
        same checks, optimistic locking (`version`), scope check and audit as
        an edit in the panel. Cells left empty leave the stored value (a feed
        need not carry every column). Returns "updated", "unchanged" (the row
        says what Bal Setu holds), or None with `row.errors` filled."""
        row.errors = []
        if self.says_what_is_stored(row, record):
            return "unchanged"
        if not can(self.user.role, file_columns.SCREENS[self.kind], EDIT):
            # The panel's edit right: a role that may not edit a report in the
            # panel (the national admin reads them) does not change it by a file.
            row.errors.append(_("Your role may not change reports held in Bal Setu; this row "
                                "differs from the report held."))
            return None
        if self.out_of_scope([record.id]):
            row.errors.append(_("This report is outside your jurisdiction: you may not change it."))
            return None
        form = self.view._edit_form_class(None, obj=record, meta={"csrf": False})
        given = MultiDict(row.data)
        for name in row.given:
            bound = form._fields.get(name)
            if bound is None:
                continue
            if isinstance(bound, QuerySelectField):
                obj = row.objects.get(name)
                bound.query = [obj] if obj is not None else None
                bound._object_list = None
            bound.process(given)
        if not self._validate(row, form):
            return None
        changed = [name for name in row.given
                   if name in form._fields and not _same(form[name].data, getattr(record, name))]
        new_ref = row.extras.get("source_ref")
        if new_ref and new_ref != record.source_ref:
            changed.append("source_ref")
        if not changed:
            return "unchanged"
        version = row.extras.get("version")
        if version is not None and version != record.version:
            row.errors.append(_(
                "Bal Setu holds a newer version of this report (version %(stored)s; the file "
                "was made from version %(given)s): export the report again and change that.",
                stored=record.version, given=version))
            return None
        if dry_run:
            return "updated"
        if new_ref:
            record.source_ref = new_ref
        form.version_seen.data = str(version if version is not None else record.version)
        saved = self.view.update_model(form, record)
        flashes = [str(message) for _c, message in session.pop("_flashes", [])]
        if not saved:
            db.session.rollback()
            row.errors += flashes or [_("The record could not be saved.")]
            return None
        return "updated"

    def says_what_is_stored(self, row: Row, record) -> bool:
        """The row's cells, read as the form would be given them, equal what the
        record holds: re-importing a file (or a daily feed's unchanged rows)
        costs no form. Anything else goes through the edit form, which decides."""
        if row.extras.get("source_ref") and row.extras["source_ref"] != record.source_ref:
            return False
        for name in row.given:
            kind = self.field_kinds.get(name)
            new = row.data.get(name)
            if kind == "relation":
                old = getattr(record, name + "_id", None)
                if new is None or old is None or str(old) != new:
                    return False
                continue
            old = getattr(record, name, None)
            if kind == "bool":
                same = bool(old) == (new == "y")
            elif old is None or new is None:
                same = old is None and new is None
            elif kind == "datetime":
                from models.base import INDIA
                same = old.astimezone(INDIA).strftime("%Y-%m-%d %H:%M") == new
            elif kind == "date":
                same = old.isoformat() == new
            else:
                same = str(old) == new
            if not same:
                return False
        return True

    def prepare(self, model, form) -> None:
        """What the view's `on_model_change` does to a new record before its
        flush and scope check (`prepare_record`, the same method; the check
        follows once for the whole batch). The report views add steps after it
        that an import cannot reach (accepting a citizen's report opened from
        the moderation queue; withdrawing a display approval, which a new
        record does not have)."""
        with db.session.no_autoflush:
            self.view.prepare_record(form, model, True, self.user)

    def save(self, row: Row, batched: bool = False):
        """Validate and save one row through the session as the panel's create
        view does. Returns the new record, or None with `row.errors` filled.
        May raise on save.

        `batched`: the view's `on_model_change` without its flush and scope
        check, which `_save_batch` then does once for the whole batch (the
        same check, the same clause); a batch that fails it is saved again
        row by row through `on_model_change` itself."""
        built = self.build(row)
        if built is None:
            return None
        model, form = built
        db.session.add(model)
        if batched:
            self.prepare(model, form)
        else:
            self.view.on_model_change(form, model, True)
        return model

    def _form(self, data: MultiDict):
        """The view's create form holding this row's data. One instance is
        re-processed row after row (WTForms `process`): building thirty fields
        anew for each of 100,000 rows was most of an import's time; and its
        fields remember what they made of a value (exchange/memo.py)."""
        if getattr(self, "_form_instance", None) is None:
            self._form_instance = self.form_class(data, meta={"csrf": False})
            remember(self._form_instance)
        else:
            self._form_instance.process(data)
        return self._form_instance

    def out_of_scope(self, ids: list[int]) -> set[int]:
        """The post-flush check of the view's `on_model_change`, for many rows."""
        return self.view.outside_scope(ids, self.user)


def _same(new, old) -> bool:
    """A form's value and the stored one are the same (an empty text is no
    value; a time typed in India and one stored in UTC compare as moments;
    a place as its row)."""
    if new in ("", None) and old in ("", None):
        return True
    if isinstance(new, datetime) and isinstance(old, datetime):
        return _aware(new) == _aware(old)
    if hasattr(new, "id") and hasattr(old, "id"):
        return new is old or (type(new) is type(old) and new.id == old.id)
    return new == old


def _aware(moment: datetime) -> datetime:
    from models.base import INDIA
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=INDIA)


def _too_long(label, text, longest: int) -> str:
    return _("%(column)s: %(count)s characters, more than the %(max)s this column holds; "
             "nothing was cut, shorten it.", column=label, count=format_decimal(len(str(text))),
             max=format_decimal(longest))


def _integer(text) -> str:
    text = str(text).strip()
    try:
        number = float(text)
        if number.is_integer():
            return str(int(number))
    except ValueError:
        pass
    return text


# ---- the whole file ------------------------------------------------------------
def check_headings(kind: str, table: Table, language: str):
    """(mapping, unknown headings, repeated headings, missing required columns)."""
    mapping, unknown, repeated = file_columns.map_headings(kind, table.headings, language)
    if not mapping:
        raise ExchangeError(_("None of the column headings is known for %(kind)s, so this is "
                              "not a table of them. See the documented column set.",
                              kind=file_columns.KIND_LABELS[kind]))
    form_class = find_view(file_columns.SCREENS[kind])._create_form_class
    have = {c.key for c in mapping.values()}
    missing = [c for c in file_columns.required_columns(kind, form_class) if c.key not in have]
    return mapping, unknown, repeated, missing


def import_table(kind: str, table: Table, user, dry_run=False, progress=None,
                 batch_size=BATCH) -> ImportResult:
    """Import a parsed table acting as `user`. Raises ExchangeError (nothing
    written) when the file as a whole cannot be imported. `progress(n)` is
    called after each batch with the rows it held."""
    language = user.language or current_app.config.get("BABEL_DEFAULT_LOCALE", "en")
    with current_app.test_request_context("/admin/import/", method="POST"), force_locale(language):
        login_user(user)
        if not may_import(user, kind):
            raise ExchangeError(_("Your role may not import %(kind)s.", kind=file_columns.KIND_LABELS[kind]))
        mapping, _unknown, _repeated, missing = check_headings(kind, table, language)
        if missing:
            raise ExchangeError(_("The file lacks required columns: %(columns)s. Nothing was "
                                  "imported.", columns=", ".join(c.key for c in missing)))
        importer = Importer(kind, user, mapping, language, table.headings)
        result = ImportResult(kind=kind, headings=table.headings, dry_run=dry_run)
        started = clock.perf_counter()
        lines = [(table.first_line + i, cells) for i, cells in enumerate(table.rows) if cells is not None]
        result.total = len(lines)
        matcher = None
        if kind in ("missing", "found") and not dry_run:
            from exchange.matching import BatchMatcher
            matcher = BatchMatcher()
        # The districts, units, institutions and reports this import has loaded
        # stay loaded from one batch's commit to the next, instead of being
        # read again row by row (a rollback still expires them).
        orm_session = db.session()
        expire_on_commit, orm_session.expire_on_commit = orm_session.expire_on_commit, False
        try:
            with _fewer_gc_passes():
                for start in range(0, len(lines), batch_size):
                    batch = lines[start:start + batch_size]
                    _import_batch(importer, batch, result, dry_run, matcher)
                    if progress:
                        progress(len(batch))
        finally:
            orm_session.expire_on_commit = expire_on_commit
        result.rejected.sort(key=lambda item: item[0])
        result.seconds = clock.perf_counter() - started
        return result


@contextmanager
def _fewer_gc_passes():
    """An import makes millions of short-lived objects, nearly all freed at once
    by reference counting; Python's cycle collector, run every 700 allocations,
    walks the live objects (the whole file among them) again and again: a sixth
    of an import's time. It runs less often during the import (still often
    enough to free the few cycles rows leave behind). The setting is the
    process's: with imports running in several threads, the last one to end
    puts it back."""
    with _GC_LOCK:
        if not _GC_USERS:
            _GC_USERS.append(gc.get_threshold())
            gc.set_threshold(100_000, 50, 100)
        _GC_USERS.append(None)
    try:
        yield
    finally:
        with _GC_LOCK:
            _GC_USERS.pop()
            if len(_GC_USERS) == 1:
                gc.set_threshold(*_GC_USERS.pop())


_GC_LOCK = threading.Lock()
_GC_USERS: list = []  # the thresholds to put back, then one entry per running import


def _import_batch(importer: Importer, batch, result: ImportResult, dry_run, matcher):
    rows = [importer.convert(line, cells) for line, cells in batch]
    existing = importer.lookup_existing([r for r in rows if r.identity and not r.errors])
    todo, pending, repeats, updates = [], {}, [], []
    for row in rows:
        if row.errors:
            result.rejected.append((row.line, row.cells, "; ".join(row.errors)))
            continue
        if row.identity is None:
            result.rejected.append((row.line, row.cells, importer.nameless(row)))
            continue
        if row.identity in importer.seen:  # imported from an earlier line of the file
            _again(importer, row, result, updates)
            continue
        if row.identity in pending:  # the same record twice in this batch
            repeats.append((row, pending[row.identity]))
            continue
        if row.identity in existing:
            pk, readable = existing[row.identity]
            if readable and importer.kind in UPDATED_KINDS:
                updates.append((row, pk))
            elif readable:
                importer.seen[row.identity] = (row.line, pk)
                result.present.append((row.line, pk))
            elif row.identity[0] == "id":
                result.rejected.append((row.line, row.cells, importer.unknown_number(row)))
            else:
                result.rejected.append((row.line, row.cells, _(
                    "This reference is already used by a record outside your jurisdiction; "
                    "ask the DCPU or state admin.")))
            continue
        if row.identity[0] == "id":  # names a report Bal Setu does not hold
            result.rejected.append((row.line, row.cells, importer.unknown_number(row)))
            continue
        pending[row.identity] = row
        todo.append(row)
    if importer.kind in BULK_KINDS:
        saved = _insert_batch(importer, todo, dry_run, matcher, result)
    else:
        saved = _save_batch(importer, todo, dry_run, matcher, result)
    if saved is None:  # something failed: again row by row, each in its own transaction
        saved = []
        for row in todo:
            single = _save_batch(importer, [row], dry_run, matcher, result)
            if single is None:
                result.rejected.append((row.line, row.cells, "; ".join(row.errors)))
            else:
                saved += single
    for row, record_id in saved:
        if row.errors:
            result.rejected.append((row.line, row.cells, "; ".join(row.errors)))
            continue
        importer.seen[row.identity] = (row.line, record_id)
        result.imported.append((row.line, record_id))
    for row, first in repeats:
        if row.identity in importer.seen:
            _again(importer, row, result, updates)
        else:
            result.rejected.append((row.line, row.cells, _(
                "The same record as line %(line)s, which was rejected.", line=first.line)))
    _update_batch(importer, updates, result, dry_run)


def _again(importer: Importer, row: Row, result: ImportResult, updates: list) -> None:
    """A row about a record an earlier line of the file imported: a report is
    updated by it, in the order of the file (a feed may register a report and
    trace it further down); a child is already present."""
    pk = importer.seen[row.identity][1]
    if importer.kind in UPDATED_KINDS and pk is not None:
        updates.append((row, pk))
    else:
        result.present.append((row.line, pk))


def _update_batch(importer: Importer, updates, result: ImportResult, dry_run):
    """Rows naming reports Bal Setu holds: each an edit of its report (committed
    one by one, as the panel saves them); a row that says what is stored
    already changes nothing."""
    if not updates:
        return
    # First only the columns the file holds: a file imported again is mostly
    # rows that say what is stored, and those need no record loaded.
    table = importer.model.__table__.c
    names = {"id", "source_ref"} | {
        name + "_id" if kind == "relation" else name
        for name, kind in importer.field_kinds.items()}
    stored = {r.id: r for r in db.session.execute(select(*[table[n] for n in names if n in table])
                                                  .where(table.id.in_([pk for _row, pk in updates])))}
    for row, pk in updates:
        if pk not in stored:  # imported by this dry run, which saved nothing
            result.present.append((row.line, pk))
            continue
        if importer.says_what_is_stored(row, stored[pk]):
            result.present.append((row.line, pk))
            continue
        outcome = importer.update(row, db.session.get(importer.model, pk), dry_run=dry_run)
        if outcome == "updated":
            result.updated.append((row.line, pk))
        elif outcome == "unchanged":
            result.present.append((row.line, pk))
        else:
            result.rejected.append((row.line, row.cells, "; ".join(row.errors)))
    if dry_run:
        db.session.rollback()


def _insert_batch(importer: Importer, rows: list[Row], dry_run, matcher, result):
    """Build every row's record as the view does, insert them with one statement
    (exchange/bulk.py), check the batch's scope as the view checks one record,
    match them, commit: [(row, id or None)]. None (all rolled back) when any of
    it fails; the caller then saves the rows one by one."""
    from exchange.bulk import NotBulkInsertable, insert_new
    built = {}  # id(row) -> record
    proposals = 0
    try:
        for row in rows:
            made = importer.build(row)
            if made is not None:
                model, form = made
                importer.prepare(model, form)
                built[id(row)] = model
        models = list(built.values())
        insert_new(db.session, models)
        if importer.out_of_scope([m.id for m in models]):
            raise _OutOfScopeBatch()
        if matcher is not None:
            proposals = matcher.add_and_propose(models)
        if dry_run:
            db.session.rollback()
        else:
            db.session.commit()
    except Exception as exc:  # noqa: BLE001  (any failure: the rows go one by one)
        db.session.rollback()
        if matcher is not None:
            matcher.forget(list(built.values()))
        if not isinstance(exc, (NotBulkInsertable, _OutOfScopeBatch)):
            current_app.logger.warning("Batch import failed, saving row by row: %r", exc)
        return None
    result.proposals += proposals
    return [(row, built[id(row)].id if id(row) in built else None) for row in rows]


class _OutOfScopeBatch(Exception):
    """A record of the batch fell outside the user's write scope."""


def _save_batch(importer: Importer, rows: list[Row], dry_run, matcher=None, result=None):
    """Save rows through the session in one transaction: [(row, id or None)], or
    None (rolled back) when a save raised or a record fell outside the user's scope."""
    # not at the top: admin_views imports exchange
    from admin_views.base import OutOfScope
    batched = len(rows) > 1
    saved = []
    models = []
    try:
        with db.session.no_autoflush:
            for row in rows:
                saved.append((row, importer.save(row, batched=batched)))
        db.session.flush()
        models = [m for _r, m in saved if m is not None]
        if batched and importer.out_of_scope([m.id for m in models]):
            raise OutOfScope("batch")
        records = [(row, m.id if m is not None else None) for row, m in saved]
        proposals = matcher.add_and_propose(models) if matcher is not None and models else 0
        if dry_run:
            db.session.rollback()
        else:
            db.session.commit()
        if result is not None:
            result.proposals += proposals
        return records
    except Exception as exc:  # noqa: BLE001  (the view's own handler decides the message)
        db.session.rollback()
        if matcher is not None:
            matcher.forget(models)
        if not batched and rows:
            rows[0].errors.append(_error_message(importer.view, exc))
        return None


def _error_message(view, exc) -> str:
    from sqlalchemy.exc import IntegrityError
    from wtforms import ValidationError
    if isinstance(exc, ValidationError):
        return str(exc)
    if isinstance(exc, IntegrityError):
        return _("The record was not saved: it conflicts with another record or lacks a "
                 "required value.")
    current_app.logger.exception("Import of a row failed")
    return _("The record could not be saved (%(error)s).", error=type(exc).__name__)
