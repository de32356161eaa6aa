"""Import and export pages (exchange/).

Import: upload -> preview (first rows, heading -> column mapping, unknown
headings, missing required columns) -> confirm -> result (counts, rows already
present, a download of the rejected rows). Between the steps the upload is
kept under instance/exchange/ by a random token bound to the user who sent
it; the rejects file likewise. A token of another user answers as one that
does not exist (404).

Export: the same column set, scoped and filtered as the list screen (the list's
own search and filter arguments are passed through)."""
import json
import os
import re
import secrets
import time

from flask import Response, abort, current_app, request
from flask_admin import BaseView, expose
from flask_babel import gettext as _, lazy_gettext as _l
from flask_login import current_user
from wtforms import BooleanField, FileField, HiddenField, SelectField
from wtforms.validators import DataRequired

from access import access_log
from admin_views.gate import RoleGate
from exchange import KINDS, ExchangeError
from exchange import columns as file_columns
from exchange.exporter import rows_for, to_csv, to_xlsx
from exchange.importer import check_headings, import_table, may_export, may_import
from exchange.parse import read_table
from extensions import db
from forms.base import BaseForm
from models.base import now_in_india

KEEP_SECONDS = 6 * 3600
_TOKEN = re.compile(r"^[A-Za-z0-9_-]{20,64}$")
PREVIEW_ROWS = 10


class UploadForm(BaseForm):
    kind = SelectField(_l("What the file holds"), validators=[DataRequired()],
                       description=_l("Each kind has its own columns, listed below."))
    upload = FileField(_l("File (CSV or XLSX)"),
                       description=_l("A CSV file saved as UTF-8, or an Excel workbook (.xlsx)."))


class ConfirmForm(BaseForm):
    token = HiddenField()
    dry_run = BooleanField(_l("Only check the rows; write nothing"),
                           description=_l("Shows what would be imported and what rejected, without saving anything."))


def _store_dir():
    path = current_app.config.get("EXCHANGE_DIR") or os.path.join(current_app.instance_path, "exchange")
    os.makedirs(path, mode=0o700, exist_ok=True)
    return path


def _put(data: bytes, meta: dict) -> str:
    _sweep()
    token = secrets.token_urlsafe(24)
    base = os.path.join(_store_dir(), token)
    with open(os.open(base + ".bin", os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600), "wb") as fh:
        fh.write(data)
    with open(os.open(base + ".json", os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600), "w") as fh:
        json.dump({**meta, "user_id": current_user.id, "at": time.time()}, fh)
    return token


def _get(token: str, purpose: str):
    """(data, meta) of the user's own stored file, or None."""
    if not token or not _TOKEN.match(token):
        return None
    base = os.path.join(_store_dir(), token)
    try:
        with open(base + ".json") as fh:
            meta = json.load(fh)
        if meta.get("user_id") != current_user.id or meta.get("purpose") != purpose:
            return None
        if time.time() - meta.get("at", 0) > KEEP_SECONDS:
            return None
        with open(base + ".bin", "rb") as fh:
            return fh.read(), meta
    except (OSError, ValueError):
        return None


def _drop(token: str) -> None:
    for suffix in (".bin", ".json"):
        try:
            os.remove(os.path.join(_store_dir(), token + suffix))
        except OSError:
            pass


def _sweep() -> None:
    """Forget stored files older than KEEP_SECONDS."""
    now = time.time()
    for name in os.listdir(_store_dir()):
        path = os.path.join(_store_dir(), name)
        try:
            if now - os.path.getmtime(path) > KEEP_SECONDS:
                os.remove(path)
        except OSError:
            pass


class ImportView(RoleGate, BaseView):
    screen = "import"

    def role_may_open(self):
        return super().role_may_open() and any(may_import(current_user, k) for k in KINDS)

    def _kinds(self):
        return [(k, str(file_columns.KIND_LABELS[k])) for k in KINDS if may_import(current_user, k)]

    @expose("/", methods=("GET", "POST"))
    def index(self):
        form = UploadForm()
        form.kind.choices = self._kinds()
        error = None
        if form.validate_on_submit():
            kind = form.kind.data
            upload = request.files.get("upload")
            data = upload.read() if upload else b""
            filename = upload.filename if upload else ""
            try:
                table = read_table(data, filename)
                mapping, unknown, repeated, missing = check_headings(
                    kind, table, current_user.language or "en")
            except ExchangeError as exc:
                error = str(exc)
            else:
                token = None if missing else _put(data, {"purpose": "upload", "kind": kind,
                                                         "filename": filename})
                return self.render("admin/exchange/preview.html", kind=kind,
                                   kind_label=file_columns.KIND_LABELS[kind], table=table,
                                   rows=[r for r in table.rows if r is not None][:PREVIEW_ROWS],
                                   total=sum(1 for r in table.rows if r is not None),
                                   mapping=mapping, unknown=unknown, repeated=repeated,
                                   missing=missing, label_of=file_columns.label_of, filename=filename,
                                   form=ConfirmForm(token=token), token=token)
        elif request.method == "POST" and not error:
            error = _("Choose what the file holds and the file itself.")
        return self.render("admin/exchange/upload.html", form=form, error=error,
                           columns=file_columns.COLUMNS, kind_labels=file_columns.KIND_LABELS,
                           label_of=file_columns.label_of)

    @expose("/confirm/", methods=("POST",))
    def confirm(self):
        form = ConfirmForm()
        if not form.validate_on_submit():
            abort(400)
        stored = _get(form.token.data, "upload")
        if stored is None:
            abort(404)
        data, meta = stored
        kind = meta["kind"]
        if not may_import(current_user, kind):
            abort(403)
        user = db.session.get(type(current_user._get_current_object()), current_user.id)
        try:
            result = import_table(kind, read_table(data, meta.get("filename", "")), user,
                                  dry_run=bool(form.dry_run.data))
        except ExchangeError as exc:
            _drop(form.token.data)
            return self.render("admin/exchange/upload.html", form=self._fresh_upload(),
                               error=str(exc), columns=file_columns.COLUMNS,
                               kind_labels=file_columns.KIND_LABELS, label_of=file_columns.label_of)
        _drop(form.token.data)
        rejects_token = None
        if result.rejected:
            rejects_token = _put(result.rejects_csv(), {"purpose": "rejects", "kind": kind,
                                                        "filename": meta.get("filename", ""),
                                                        "rows": len(result.rejected)})
        return self.render("admin/exchange/result.html", result=result,
                           kind_label=file_columns.KIND_LABELS[kind], kind=kind,
                           rejects_token=rejects_token, screen=file_columns.SCREENS[kind])

    def _fresh_upload(self):
        form = UploadForm(formdata=None)
        form.kind.choices = self._kinds()
        return form

    @expose("/rejects/<token>/")
    def rejects(self, token):
        stored = _get(token, "rejects")
        if stored is None:
            abort(404)
        data, meta = stored
        access_log.note_export(f"{file_columns.MODELS[meta['kind']].__tablename__}:rejects",
                               meta.get("rows", 0))
        name = os.path.splitext(os.path.basename(meta.get("filename") or "import"))[0]
        name = re.sub(r"[^A-Za-z0-9_.-]+", "_", name) or "import"
        return Response(data, mimetype="text/csv", headers={
            "Content-Disposition": f'attachment; filename="{name}.rejects.csv"',
            "Cache-Control": "private, no-store"})


class ExportView(RoleGate, BaseView):
    def role_may_open(self):
        return any(may_export(current_user, k) for k in KINDS)

    @expose("/")
    def index(self):
        kinds = [(k, file_columns.KIND_LABELS[k]) for k in KINDS if may_export(current_user, k)]
        return self.render("admin/exchange/export.html", kinds=kinds)

    @expose("/<kind>.<fmt>")
    def download(self, kind, fmt):
        if kind not in KINDS or fmt not in ("csv", "xlsx"):
            abort(404)
        if not may_export(current_user, kind):
            abort(403)
        written = []  # the rows, counted as they are written

        def counted(rows):
            for row in rows:
                written.append(None)
                yield row
        rows = counted(rows_for(kind))
        stamp = now_in_india().strftime("%Y%m%d")
        if fmt == "csv":
            data, mime = to_csv(rows), "text/csv"
        else:
            data = to_xlsx(rows)
            mime = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        access_log.note_export(file_columns.MODELS[kind].__tablename__, len(written) - 1)
        return Response(data, mimetype=mime, headers={
            "Content-Disposition": f'attachment; filename="balsetu-{kind}-{stamp}.{fmt}"',
            "Cache-Control": "private, no-store"})


def register(admin) -> None:
    category = _l("Data exchange")
    admin.add_view(ImportView(name=_l("Import records"), category=category, endpoint="import",
                              url="/admin/import"))
    admin.add_view(ExportView(name=_l("Export records"), category=category, endpoint="export",
                              url="/admin/export"))
