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
from datetime import date

from flask import current_app, session
from flask_admin.contrib.sqla.fields import QuerySelectField
from flask_babel import force_locale, format_decimal
from flask_babel import gettext as _
from flask_login import login_user
from sqlalchemy import func, select
from werkzeug.datastructures import MultiDict

from access import roles
from access.rights import CREATE, EXPORT, can, can_open
from access.scope import assign_clause, read_clause, write_clause
from exchange import ExchangeError
from exchange import columns as file_columns
from exchange.cells import neutralise
from exchange.dates import parse_date, parse_datetime
from exchange.memo import populate_new, remember
from exchange.parse import Table
from extensions import db
from matching import fold_name
from models import Child, District, Institution, MissingReport, PoliceUnit
from models import child_code as codes
from models.base import today_in_india

BATCH = 1000  # rows per transaction: one INSERT, one scope check, one matching pass
BULK_KINDS = ("missing", "found")  # saved by exchange/bulk.py; children through the session
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
        return _("%(total)s rows: %(imported)s imported, %(present)s already present, "
                 "%(rejected)s rejected.", total=format_decimal(self.total),
                 imported=format_decimal(len(self.imported)),
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


class Importer:
    def __init__(self, kind: str, user, mapping: dict, language: str):
        self.kind, self.user, self.mapping, self.language = kind, user, mapping, language
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
            text = raw.strip() if isinstance(raw, str) else raw
            if column.kind == "bool":
                self._bool(row, column, text)
                continue
            if text in ("", None):
                continue
            label = _Label(column)
            if column.kind in ("text", "ref"):
                if column.kind == "ref":
                    row.extras["source_ref"] = str(text)[:100]
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
                wanted.setdefault(column.field, {})[column.by] = str(text)
        self._relations(row, wanted, state)
        row.identity = self._identity(row)
        return row

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
                                column=file_columns.label_of(column), value=text))
            return
        if value:
            row.data[column.field] = value

    def _relations(self, row, wanted, state):
        order = ["district", "police_unit", "institution", "placed_institution", "child"]
        models = {"district": District, "police_unit": PoliceUnit, "institution": Institution,
                  "placed_institution": Institution}
        for name in sorted(wanted, key=order.index):
            given = wanted[name]
            label = _Label(file_columns.Column(name, "relation", field=name))
            if name == "child":
                child_id = db.session.scalar(select(Child.id).where(
                    Child.child_code == codes.clean(given.get("code", "")),
                    assign_clause(self.user, Child)))
                if child_id is None:
                    row.errors.append(_("%(column)s: “%(value)s” is not a child in your records.",
                                        column=label, value=given.get("code", "")))
                else:
                    row.data["child"] = str(child_id)
                continue
            by = "code" if "code" in given else "name"
            obj, error = self.refs.find(models[name], by, given[by],
                                        district=row.objects.get("district"), state=state)
            if error:
                row.errors.append(f"{label}: {error}")
                continue
            row.objects[name] = obj
            row.data[name] = str(obj.id)
        unit, district = row.objects.get("police_unit"), row.objects.get("district")
        if self.kind == "missing" and unit is not None and district is not None \
                and unit.district_id != district.id:
            row.errors.append(_("The police unit “%(unit)s” is not in the district “%(district)s”.",
                                unit=unit.name, district=district.name))

    # -- identity: the row seen before? --------------------------------------------
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
        if row.extras.get("source_ref"):
            return ("ref", file_columns.squash(row.extras["source_ref"]))
        if self.kind == "children" and row.extras.get("child_code"):
            return ("code", row.extras["child_code"])
        if self.kind == "missing" and row.data.get("fir_number") and row.objects.get("police_unit"):
            return ("fir", row.objects["police_unit"].id, file_columns.squash(row.data["fir_number"]))
        name_field = "name" if self.kind == "children" else "child_name"
        folded = fold_name(row.data.get(name_field) or "")
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
                candidates += [(("fir", unit, squashed.get(fir) or file_columns.squash(fir)), pk)
                               for pk, fir, unit in db.session.execute(
                    select(MissingReport.id, MissingReport.fir_number, MissingReport.police_unit_id)
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
        valid = self.view.validate_form(form)
        flashes = session.pop("_flashes", [])
        if not valid:
            for name, errors in form.errors.items():
                label = form[name].label.text if name in form._fields else name
                for error in errors if isinstance(errors, list) else [errors]:
                    row.errors.append(f"{label}: {error}")
            row.errors += [str(message) for _c, message in flashes]
            if not row.errors:
                row.errors.append(_("The row was not accepted."))
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

    def prepare(self, model, form) -> None:
        """What `ScopedModelView.on_model_change` does to a new record before its
        flush and scope check (those follow once for the whole batch). The report
        views add steps after it that an import cannot reach (accepting a
        citizen's report opened from the moderation queue; withdrawing a display
        approval, which a new record does not have); a step added there that an
        import can reach belongs here too."""
        with db.session.no_autoflush:
            self.view.on_photo(form, model)
            if hasattr(model, "registered_by_id") and model.registered_by_id is None:
                model.registered_by_id = self.user.id
            self.view.set_jurisdiction(model, True)

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
        """The post-flush check of `ScopedModelView.on_model_change`, for many rows."""
        if not ids:
            return set()
        inside = set(db.session.scalars(select(self.model.id).where(
            self.model.id.in_(ids), write_clause(self.user, self.model))))
        return set(ids) - inside


class _Label:
    """A column's label, looked up only when a message needs it."""

    def __init__(self, column):
        self.column = column

    def __str__(self):
        return str(file_columns.label_of(self.column))


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
        importer = Importer(kind, user, mapping, language)
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
    todo, pending, repeats = [], {}, []
    for row in rows:
        if row.errors:
            result.rejected.append((row.line, row.cells, "; ".join(row.errors)))
            continue
        if row.identity is None:
            result.rejected.append((row.line, row.cells, _(
                "A row without a name needs a source reference (source_ref) so that it is "
                "imported once only.")))
            continue
        if row.identity in importer.seen:
            result.present.append((row.line, importer.seen[row.identity][1]))
            continue
        if row.identity in pending:  # the same record twice in this batch
            repeats.append((row, pending[row.identity]))
            continue
        if row.identity in existing:
            pk, readable = existing[row.identity]
            if readable:
                importer.seen[row.identity] = (row.line, pk)
                result.present.append((row.line, pk))
            else:
                result.rejected.append((row.line, row.cells, _(
                    "This reference is already used by a record outside your jurisdiction; "
                    "ask the DCPU or state admin.")))
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
            result.present.append((row.line, importer.seen[row.identity][1]))
        else:
            result.rejected.append((row.line, row.cells, _(
                "The same record as line %(line)s, which was rejected.", line=first.line)))


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
