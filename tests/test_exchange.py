"""Import and export (exchange/): round trip, rejects, re-import, scope, broken files, access."""
import csv
import io
import re

import pytest
from sqlalchemy import delete, func, select

from extensions import db
from models import (
    AuditLog,
    CarePlan,
    Child,
    CwcOrder,
    FoundReport,
    JjbOrder,
    Match,
    MissingReport,
    Placement,
    PoliceReport,
    ProgressEntry,
    Transfer,
    User,
)
from tests.conftest import csrf_from, fingerprint


@pytest.fixture(autouse=True)
def _exchange_dir(app, tmp_path):
    """Uploads and rejects files of these tests stay out of instance/."""
    app.config["EXCHANGE_DIR"] = str(tmp_path / "exchange")
    yield
    app.config.pop("EXCHANGE_DIR", None)


def _csv(rows) -> bytes:
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    return out.getvalue().encode("utf-8")


def _read(data: bytes):
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))


def _import(app, username, kind, data, name="file.csv", **kw):
    from exchange.importer import import_table
    from exchange.parse import read_table
    with app.app_context():
        user = db.session.scalar(select(User).where(User.username == username))
        with app.test_request_context():
            result = import_table(kind, read_table(data, name), user, **kw)
            result.summary_text = result.summary()
            result.rejects = _read(result.rejects_csv())
        db.session.remove()
        return result


def _upload(client, kind, data, name="file.csv"):
    page = client.get("/admin/import/")
    assert page.status_code == 200
    return client.post("/admin/import/", data={
        "csrf_token": csrf_from(page), "kind": kind, "upload": (io.BytesIO(data), name)},
        content_type="multipart/form-data")


def _confirm(client, preview, dry_run=False, csrf=None):
    html = preview.get_data(as_text=True)
    token = re.search(r'name="token"[^>]*value="([^"]+)"|value="([^"]+)"[^>]*name="token"', html)
    assert token, html[-2000:]
    data = {"csrf_token": csrf or csrf_from(html), "token": token.group(1) or token.group(2)}
    if dry_run:
        data["dry_run"] = "y"
    return client.post("/admin/import/confirm/", data=data)


MISSING_HEAD = ["FIR No", "Police Station", "Name of Child", "Sex", "Age", "Date Missing",
                "Reason", "Reason for running away", "Source ID"]


# ---- the happy path, synonyms, dates, scripts ----------------------------------
def test_import_with_synonyms_indian_dates_and_any_script(app, world):
    data = _csv([MISSING_HEAD,
                 ["101/2026", "Ahmedabad PS 1", "Priya Shah", "F", "9", "03/10/2026 14:30", "lost", "", ""],
                 ["102/2026", "amd-ps2", "राहुल", "boy", "11", "04-10-2026", "ran away", "scolded", ""],
                 ["", "", "ગીતા", "girl", "8", "2026-10-05", "Lost", "", "ZIPNET/GJ/1"]])
    result = _import(app, "dcpu_amd", "missing", data)
    assert (len(result.imported), len(result.present), len(result.rejected)) == (3, 0, 0), result.rejected
    with app.app_context():
        rows = db.session.scalars(select(MissingReport).where(
            MissingReport.id.in_([pk for _l, pk in result.imported])).order_by(MissingReport.id)).all()
        assert [r.child_name for r in rows] == ["Priya Shah", "राहुल", "ગીતા"]
        assert rows[0].missing_at.astimezone().strftime("%d") and rows[0].fir_number == "101/2026"
        from models.base import INDIA
        assert rows[0].missing_at.astimezone(INDIA).strftime("%Y-%m-%d %H:%M") == "2026-10-03 14:30"
        assert rows[1].police_unit_id == world.unit["amd_ps2"] and rows[1].runaway_reason == "scolded"
        assert rows[2].source_ref == "ZIPNET/GJ/1" and rows[2].district_id == world.district["amd"]
        assert all(r.registered_by.username == "dcpu_amd" for r in rows)
        # audited as the importing user, like a hand entry
        audits = db.session.scalars(select(AuditLog).where(
            AuditLog.table_name == "missing_reports", AuditLog.record_id.in_([r.id for r in rows]))).all()
        assert {a.username for a in audits} == {"dcpu_amd"} and len(audits) == 3


def test_reimport_creates_nothing(app, world):
    data = _csv([MISSING_HEAD,
                 ["201/2026", "Ahmedabad PS 1", "Asha", "female", "9", "03/10/2026", "lost", "", ""],
                 ["", "", "Ravi Kumar", "male", "10", "04/10/2026 10:00", "lost", "", ""],
                 ["", "", "Meera", "female", "7", "05/10/2026", "lost", "", "CCTNS/77"]])
    first = _import(app, "dcpu_amd", "missing", data)
    assert len(first.imported) == 3
    with app.app_context():
        before = fingerprint()
    again = _import(app, "dcpu_amd", "missing", data)
    assert (len(again.imported), len(again.present), len(again.rejected)) == (0, 3, 0)
    assert sorted(pk for _l, pk in again.present) == sorted(pk for _l, pk in first.imported)
    with app.app_context():
        assert fingerprint() == before
    # the same row twice in one file is one record
    twice = _import(app, "dcpu_amd", "missing", _csv([MISSING_HEAD] + [
        ["", "", "Sunil", "male", "12", "06/10/2026", "lost", "", "CCTNS/78"]] * 2))
    assert (len(twice.imported), len(twice.present)) == (1, 1)


# ---- the rejects file: one case per kind of bad row ------------------------------
BAD_ROWS = [
    (["", "Surat PS 1", "Out Of Scope", "male", "9", "03/10/2026", "lost", "", ""], "outside your jurisdiction"),
    (["", "No Such PS", "Unknown Unit", "male", "9", "03/10/2026", "lost", "", ""], "is not known"),
    (["", "", "Bad Date", "male", "9", "31/02/2026", "lost", "", ""], "is not a date"),
    (["", "", "Future", "male", "9", "01/01/2099", "lost", "", ""], "in the future"),
    (["", "", "Bad Gender", "alien", "9", "03/10/2026", "lost", "", ""], "is not one of"),
    (["", "", "Bad Age", "male", "abc", "03/10/2026", "lost", "", ""], "Not a valid integer"),
    (["", "", "Too Old", "male", "30", "03/10/2026", "lost", "", ""], "between 0 and 17"),
    (["", "", "Ran Away", "male", "9", "03/10/2026", "ran_away", "", ""], "Say why the child ran away"),
    (["", "", "", "male", "9", "03/10/2026", "lost", "", ""], "Name of Child: the name is empty"),
    (["", "", "No Date", "male", "9", "", "lost", "", ""], "Date Missing: This field is required."),
]


def test_every_bad_row_is_in_the_rejects_file_with_its_reason(app, world):
    good = ["", "", "Good Row", "male", "9", "03/10/2026", "lost", "", ""]
    data = _csv([MISSING_HEAD, good] + [row for row, _m in BAD_ROWS])
    result = _import(app, "dcpu_amd", "missing", data)
    assert len(result.imported) == 1 and len(result.rejected) == len(BAD_ROWS)
    header, *rows = result.rejects
    assert header == MISSING_HEAD + ["line", "rejection_reason"]
    for (row, message), rejected in zip(BAD_ROWS, rows):
        assert rejected[:len(row)] == row
        assert message in rejected[-1], (row, rejected[-1])
    assert [int(r[-2]) for r in rows] == list(range(3, 3 + len(BAD_ROWS)))


def test_children_and_found_rows_are_checked_by_their_own_forms(app, world):
    children = _import(app, "dcpu_amd", "children", _csv([
        ["child_code", "name", "gender", "estimated_age_years", "category", "sub_category", "institution"],
        ["", "Asha", "female", "8", "CNCP", "orphan", "Ahmedabad Children's Home"],
        ["7K3M9Q2PXA", "Bad Code", "female", "8", "CNCP", "orphan", "Ahmedabad Children's Home"],
        ["", "Wrong Sub", "male", "8", "CNCP", "heinous", "Ahmedabad Children's Home"],
        ["", "Other Home", "male", "8", "CNCP", "orphan", "Surat Children's Home"],
    ]))
    assert len(children.imported) == 1
    reasons = [r[-1] for r in children.rejects[1:]]
    assert "not a valid child ID" in reasons[0]
    assert "does not belong to the category" in reasons[1]
    assert "outside your jurisdiction" in reasons[2]
    with app.app_context():
        child = db.session.get(Child, children.imported[0][1])
        # placements follow as for a hand entry
        assert db.session.scalar(select(func.count()).select_from(Placement).where(
            Placement.child_id == child.id)) == 1
    found = _import(app, "dcpu_amd", "found", _csv([
        ["source_ref", "child_name", "gender", "estimated_age_years", "found_at", "produced_at"],
        ["F/1", "Lost Boy", "male", "6", "20/10/2026 09:00", "21/10/2026 09:00"],
        ["F/2", "Early", "male", "6", "20/10/2026 09:00", "19/10/2026 09:00"],
    ]))
    assert len(found.imported) == 1
    assert "cannot be produced before being found" in found.rejects[1][-1]


# ---- scope ---------------------------------------------------------------------------
def test_a_district_user_cannot_import_into_another_district(app, world):
    with app.app_context():
        before = fingerprint()
    result = _import(app, "dcpu_amd", "missing", _csv([
        ["District", "Name of Child", "Sex", "Date Missing"],
        ["Surat", "Elsewhere", "male", "03/10/2026"],
        ["GJ-SRT", "Elsewhere Too", "male", "03/10/2026"],
        ["Pune", "Other State", "male", "03/10/2026"]]))
    assert not result.imported and len(result.rejected) == 3
    assert all("outside your jurisdiction" in r[-1] for r in result.rejects[1:])
    with app.app_context():
        assert fingerprint() == before


@pytest.mark.parametrize("username", ["cci_amd", "viewer", "stateofficer_gj", "ngo_amd"])
def test_roles_without_the_import_right_are_refused(app, world, username):
    from exchange import ExchangeError
    with app.app_context():
        before = fingerprint()
    with pytest.raises(ExchangeError):
        _import(app, username, "missing", _csv([["Name of Child", "Sex", "Date Missing"],
                                                ["X", "male", "03/10/2026"]]))
    with app.app_context():
        assert fingerprint() == before


def test_state_admin_imports_within_the_state_only(app, world):
    result = _import(app, "stateadmin_gj", "missing", _csv([
        ["Police Station", "Name of Child", "Sex", "Date Missing"],
        ["Surat PS 2", "In State", "male", "03/10/2026"],
        ["Pune PS 1", "Other State", "male", "03/10/2026"]]))
    assert len(result.imported) == 1 and "outside your jurisdiction" in result.rejects[1][-1]


# ---- broken files write nothing ------------------------------------------------------------
BROKEN = [
    ("latin1.csv", "Name of Child,Sex,Date Missing\nJos\xe9,male,03/10/2026\n".encode("cp1252"), "not in UTF-8"),
    ("utf16.csv", "Name of Child,Sex,Date Missing\nA,male,03/10/2026\n".encode("utf-16-le"), "UTF-16"),
    ("photo.csv", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), "not a table"),
    ("empty.csv", b"", "empty"),
    ("prose.csv", b"This is a letter to the DCPU\nabout a missing child.\n", "does not look like a table"),
    ("other.csv", b"fruit,size\nmango,big\n", "None of the column headings"),
    ("nogender.csv", b"Name of Child,Date Missing\nA,03/10/2026\n", "lacks required columns"),
    ("old.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "old Excel"),
    ("bad.xlsx", b"PK\x03\x04" + b"garbage" * 10, "not an Excel workbook"),
]


@pytest.mark.parametrize("name,data,message", BROKEN, ids=[b[0] for b in BROKEN])
def test_a_broken_file_gets_a_clear_message_and_writes_nothing(app, client, auth, world, name, data, message):
    from exchange import ExchangeError
    auth.login("dcpu_amd")
    with app.app_context():
        before = fingerprint()
    with pytest.raises(ExchangeError, match=message):
        _import(app, "dcpu_amd", "missing", data, name=name)
    page = _upload(client, "missing", data, name)
    assert page.status_code == 200 and message in page.get_data(as_text=True)
    assert 'name="token"' not in page.get_data(as_text=True)
    with app.app_context():
        assert fingerprint() == before


def test_utf16_with_bom_and_utf8_with_bom_are_read(app, world):
    text = "Name of Child,Sex,Date Missing\nराहुल Utf,male,03/10/2026\n"
    for data in (text.encode("utf-16"), b"\xef\xbb\xbf" + text.replace("Utf", "Bom").encode()):
        assert len(_import(app, "dcpu_amd", "missing", data).imported) == 1


def test_xlsx_with_date_cells(app, world):
    from datetime import datetime

    from openpyxl import Workbook
    book = Workbook()
    sheet = book.active
    sheet.append(["Name of Child", "Sex", "Age", "Date Missing"])
    sheet.append(["Xlsx Child", "female", 7, datetime(2026, 10, 3, 15, 45)])
    out = io.BytesIO()
    book.save(out)
    result = _import(app, "dcpu_amd", "missing", out.getvalue(), name="m.xlsx")
    assert len(result.imported) == 1, result.rejected
    with app.app_context():
        from models.base import INDIA
        report = db.session.get(MissingReport, result.imported[0][1])
        assert report.missing_at.astimezone(INDIA).strftime("%d/%m/%Y %H:%M") == "03/10/2026 15:45"


# ---- round trip: export, import into an empty database, compare -----------------------------
def _export(client, kind, fmt="csv", **args):
    response = client.get(f"/admin/export/{kind}.{fmt}", query_string=args)
    assert response.status_code == 200, response.status_code
    return response.data


def _empty_records():
    for model in (Match, PoliceReport, CwcOrder, JjbOrder, CarePlan, ProgressEntry, Transfer,
                  Placement, FoundReport, MissingReport, Child):
        db.session.execute(delete(model))
    db.session.commit()


BAL_SETU_OWN = ("report_number", "version")  # what this Bal Setu numbers, another would not


def _without_own_numbers(rows):
    """The rows as another system holds them: Bal Setu's report numbers and
    versions left empty (they name records of this database only)."""
    own = [i for i, heading in enumerate(rows[0]) if heading in BAL_SETU_OWN]
    return [rows[0]] + [["" if i in own else cell for i, cell in enumerate(row)] for row in rows[1:]]


def test_round_trip_export_import_compare(app, client, auth, world):
    auth.login("stateadmin_gj")
    exported = {kind: _export(client, kind) for kind in ("children", "missing", "found")}
    rows = {kind: _without_own_numbers(_read(data)) for kind, data in exported.items()}
    exported = {kind: _csv(kind_rows) for kind, kind_rows in rows.items()}
    assert len(rows["missing"]) == 1 + 4 and len(rows["children"]) == 1 + 4 and len(rows["found"]) == 1 + 4
    assert any("secret-phone-amd" in r for r in rows["missing"])  # the state admin sees them
    with app.app_context():
        _empty_records()
    from matches.registry import reset
    with app.app_context():
        reset()
    for kind in ("children", "missing", "found"):
        result = _import(app, "stateadmin_gj", kind, exported[kind])
        assert len(result.imported) == len(rows[kind]) - 1, (kind, result.rejected)
    for kind in ("children", "missing", "found"):
        again = _without_own_numbers(_read(_export(client, kind)))
        assert again[0] == rows[kind][0]
        assert sorted(again[1:]) == sorted(rows[kind][1:]), kind
    # and importing the exported file again creates nothing
    for kind in ("children", "missing", "found"):
        assert len(_import(app, "stateadmin_gj", kind, exported[kind]).present) == len(rows[kind]) - 1


def test_xlsx_export_reads_back(app, client, auth, world):
    auth.login("dcpu_amd")
    data = _export(client, "missing", "xlsx")
    from exchange.parse import read_table
    with app.test_request_context():
        table = read_table(data, "x.xlsx")
    assert table.headings[0] == "source_ref" and len([r for r in table.rows if r]) == 2


def test_export_follows_the_list_filters_and_search(app, client, auth, world):
    auth.login("dcpu_amd")
    rows = _read(_export(client, "missing", search="Meena"))
    assert len(rows) == 2 and "Meena amd" in rows[1]
    rows = _read(_export(client, "missing", flt0_status_equals="traced"))
    assert len(rows) == 1


def test_export_scope_and_sensitive_columns(app, client, auth, world):
    auth.login("police_amd")  # a station: district-wide reading, sensitive on its own unit only
    text = _export(client, "missing").decode("utf-8-sig")
    assert "Priya amd" in text and "Meena amd" in text and "Priya srt" not in text
    assert "secret-phone-amd" in text and "secret-phone2-amd" not in text
    auth.logout()
    auth.login("viewer")
    text = _export(client, "children").decode("utf-8-sig")
    assert "Kiran pune" in text and "secret-" not in text
    auth.logout()
    auth.login("cwc_amd")
    text = _export(client, "children").decode("utf-8-sig")
    assert "राहुल" in text and "Kiran amd" not in text and "Kiran srt" not in text


def test_flask_admin_own_csv_export_still_works(client, auth, world):
    auth.login("dcpu_amd")
    response = client.get("/admin/missing_report/export/csv/")
    assert response.status_code == 200 and "Priya amd" in response.get_data(as_text=True)


# ---- the upload page: preview, confirm, result, rejects ----------------------------------------
def test_upload_preview_confirm_and_rejects_download(app, client, auth, world):
    auth.login("dcpu_amd")
    data = _csv([MISSING_HEAD + ["Colour of bag"],
                 ["301/2026", "Ahmedabad PS 1", "Preview Child", "F", "9", "03/10/2026", "lost", "", "", "red"],
                 ["", "Surat PS 1", "Out Of Scope", "M", "9", "03/10/2026", "lost", "", "", "blue"]])
    with app.app_context():
        before = fingerprint()
    preview = _upload(client, "missing", data)
    html = preview.get_data(as_text=True)
    assert preview.status_code == 200 and "Preview Child" in html and "Colour of bag" in html
    assert "fir_number" in html and "not used" in html
    with app.app_context():
        assert fingerprint() == before  # nothing written by the preview
    checked = _confirm(client, preview, dry_run=True)
    assert "nothing was saved" in checked.get_data(as_text=True)
    with app.app_context():
        assert fingerprint() == before
    preview = _upload(client, "missing", data)
    result = _confirm(client, preview)
    html = result.get_data(as_text=True)
    assert result.status_code == 200 and 'id="imported">1<' in html and 'id="rejected">1<' in html
    link = re.search(r'href="(/admin/import/rejects/[^"]+)"', html).group(1)
    download = client.get(link)
    assert download.status_code == 200 and "outside your jurisdiction" in download.get_data(as_text=True)
    # the token is spent: confirming again finds nothing
    assert _confirm(client, preview).status_code == 404
    # another user's rejects file and upload answer as if they did not exist
    auth.logout()
    auth.login("dcpu_srt")
    assert client.get(link).status_code == 404
    auth.logout()
    auth.login("stateadmin_gj")
    assert client.get(link).status_code == 404
    auth.logout()
    auth.login("dcpu_amd")
    preview = _upload(client, "missing", data)
    auth.logout()
    auth.login("stateadmin_gj")  # a fresh session: its own CSRF token, dcpu_amd's upload token
    assert _confirm(client, preview, csrf=auth.csrf("/admin/import/")).status_code == 404


def test_a_guessed_token_is_not_a_path(client, auth, world):
    auth.login("dcpu_amd")
    for token in ("../../secret_key", "..%2F..%2Fsecret_key", "x" * 30):
        assert client.get(f"/admin/import/rejects/{token}/").status_code == 404


# ---- every role x path ----------------------------------------------------------------------
ROLES = ["national", "viewer", "stateadmin_gj", "stateofficer_gj", "dcpu_amd", "police_amd",
         "sjpu_amd", "cci_amd", "cwc_amd", "jjb_amd", "ngo_amd"]
IMPORTERS = {"national", "stateadmin_gj", "dcpu_amd", "police_amd", "sjpu_amd"}


@pytest.mark.parametrize("username", ROLES)
def test_access_matrix(app, client, auth, world, username):
    from access.rights import EXPORT, can
    from exchange.columns import SCREENS
    auth.login(username)
    with app.app_context():
        role = db.session.scalar(select(User.role).where(User.username == username))
    expected = 200 if username in IMPORTERS else 403
    assert client.get("/admin/import/").status_code == expected
    assert client.get("/admin/import/rejects/" + "a" * 32 + "/").status_code == (
        404 if username in IMPORTERS else 403)
    token = auth.csrf("/password")
    assert client.post("/admin/import/confirm/", data={"csrf_token": token, "token": "b" * 32}
                       ).status_code == (404 if username in IMPORTERS else 403)
    exporter = any(can(role, SCREENS[k], EXPORT) for k in SCREENS)
    assert client.get("/admin/export/").status_code == (200 if exporter else 403)
    for kind, screen in SCREENS.items():
        status = client.get(f"/admin/export/{kind}.csv").status_code
        if not exporter:
            assert status == 403
        else:
            assert status == (200 if can(role, screen, EXPORT) else 403), (kind, status)


def test_signed_out_is_sent_to_sign_in(client, world):
    for path in ("/admin/import/", "/admin/export/", "/admin/export/missing.csv"):
        response = client.get(path)
        assert response.status_code == 302 and "/login" in response.headers["Location"]


# ---- command line ---------------------------------------------------------------------------
def test_cli_import_dry_run_rejects_and_user(app, world, tmp_path):
    source = tmp_path / "m.csv"
    source.write_bytes(_csv([MISSING_HEAD,
                             ["401/2026", "Ahmedabad PS 1", "Cli Child", "F", "9", "03/10/2026", "lost", "", ""],
                             ["", "", "Bad", "F", "9", "31/02/2026", "lost", "", ""]]))
    runner = app.test_cli_runner()
    with app.app_context():
        before = fingerprint()
    result = runner.invoke(args=["import", "missing", str(source), "--user", "dcpu_amd", "--dry-run",
                                 "--rejects", str(tmp_path / "r.csv")])
    assert result.exit_code == 0, result.output
    assert "Dry run" in result.output and "1 imported" in result.output
    with app.app_context():
        assert fingerprint() == before
    assert "is not a date" in (tmp_path / "r.csv").read_text("utf-8-sig")
    result = runner.invoke(args=["import", "missing", str(source), "--user", "dcpu_amd"])
    assert result.exit_code == 0 and "1 imported" in result.output
    assert (tmp_path / "m.csv.rejects.csv").exists()
    result = runner.invoke(args=["import", "missing", str(source), "--user", "cci_amd"])
    assert result.exit_code != 0 and "may not import" in result.output
    (tmp_path / "bad.csv").write_bytes("Name of Child,Sex\nJos\xe9,male\n".encode("cp1252"))
    result = runner.invoke(args=["import", "missing", str(tmp_path / "bad.csv"), "--user", "dcpu_amd"])
    assert result.exit_code != 0 and "UTF-8" in result.output
