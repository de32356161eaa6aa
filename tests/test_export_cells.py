"""Exported cells never become spreadsheet formulas, and an import gives back
exactly what was exported (issue #11, item 13; exchange/cells.py)."""
import csv
import io

import pytest
from openpyxl import load_workbook
from sqlalchemy import delete, select

from extensions import db
from models import District, MissingReport, User
from tests.world import NOW
from tests.test_exchange import BAL_SETU_OWN

# What people type, or what a hostile citizen's report carries.
HOSTILE = {
    "child_name": '=HYPERLINK("http://evil.example/x","Open the photo")',
    "aliases": "@raju",
    "father_name": "'Quoted",       # an apostrophe typed by a person stays
    "mother_name": "'=still text",  # and one before a formula character too
    "guardian_phone": "+91 98765 43210",
    "description": "-5 cm scar on the left knee",
    "place_missing": "=1+1",
    "clothes": "＝SUM(A1)",         # the full-width sign some keyboards type
    "guardian_name": "+Asha",
}
FORMULA_STARTS = ("=", "+", "-", "@", "＝")


def _add_hostile(app, world, ref):
    with app.app_context():
        report = MissingReport(
            source_ref=ref, gender="female", age_years=9, district_id=world.district["amd"],
            police_unit_id=world.unit["amd_ps1"], missing_at=NOW, reason="lost", **HOSTILE)
        db.session.add(report)
        db.session.commit()
        db.session.remove()


def _stored(app, ref):
    with app.app_context():
        report = db.session.scalar(select(MissingReport).where(MissingReport.source_ref == ref))
        values = {field: getattr(report, field) for field in HOSTILE} if report else None
        db.session.remove()
    return values


def _drop(app, ref):
    with app.app_context():
        db.session.execute(delete(MissingReport).where(MissingReport.source_ref == ref))
        db.session.commit()
        db.session.remove()


def _import(app, data, name):
    from exchange.importer import import_table
    from exchange.parse import read_table
    with app.app_context():
        user = db.session.scalar(select(User).where(User.username == "dcpu_amd"))
        with app.test_request_context():
            result = import_table("missing", read_table(data, name), user)
            rejects = result.rejects_csv()
        db.session.remove()
    return result, rejects


def _without_own_numbers(data: bytes, fmt: str) -> bytes:
    """The exported file as another system would send it back: Bal Setu's own report
    numbers and versions emptied (they name records of this database only)."""
    if fmt == "csv":
        rows = _csv_rows(data)
        own = [i for i, heading in enumerate(rows[0]) if heading in BAL_SETU_OWN]
        out = io.StringIO()
        csv.writer(out).writerows([rows[0]] + [["" if i in own else c for i, c in enumerate(r)]
                                               for r in rows[1:]])
        return out.getvalue().encode("utf-8")
    book = load_workbook(io.BytesIO(data))
    sheet = book.worksheets[0]
    for column in sheet.iter_cols(min_row=1, max_row=1):
        if column[0].value in BAL_SETU_OWN:
            for cell in next(sheet.iter_cols(min_col=column[0].column, max_col=column[0].column,
                                             min_row=2)):
                cell.value = None
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _csv_rows(data: bytes):
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))


def _assert_no_cell_starts_a_formula(rows):
    for row in rows:
        for cell in row:
            assert not (isinstance(cell, str) and cell.lstrip()[:1] in FORMULA_STARTS), cell


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_record_export_neutralises_formulas_and_an_import_gives_back_what_was_stored(
        app, client, auth, world, fmt):
    ref = f"CELLS/{fmt}"
    _add_hostile(app, world, ref)
    auth.login("dcpu_amd")
    response = client.get(f"/admin/export/missing.{fmt}")
    assert response.status_code == 200
    data = response.data
    if fmt == "csv":
        rows = _csv_rows(data)
    else:
        sheet = load_workbook(io.BytesIO(data)).worksheets[0]  # not data_only: formulas would show
        assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)
        rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    head, mine = rows[0], next(r for r in rows if ref in r)
    cells = dict(zip(head, mine))
    assert cells["child_name"] == "'" + HOSTILE["child_name"]
    assert cells["guardian_phone"] == "'+91 98765 43210"
    assert cells["father_name"] == "''Quoted" and cells["mother_name"] == "''=still text"
    _assert_no_cell_starts_a_formula(rows)

    before = _stored(app, ref)
    _drop(app, ref)  # the file now names a report this database no longer holds:
    result, _rejects = _import(app, _without_own_numbers(data, fmt), f"export.{fmt}")
    assert not result.rejected, result.rejected
    assert _stored(app, ref) == before == HOSTILE


def test_flask_admins_list_export_neutralises_formulas(app, client, auth, world):
    _add_hostile(app, world, "CELLS/list")
    auth.login("dcpu_amd")
    response = client.get("/admin/missing_report/export/csv/")
    text = response.get_data(as_text=True)
    rows = list(csv.reader(io.StringIO(text)))
    assert any(cell == "'" + HOSTILE["child_name"] for row in rows for cell in row)
    _assert_no_cell_starts_a_formula(rows)


def test_the_rejects_file_neutralises_formulas_and_reads_back(app, world):
    hostile = '=HYPERLINK("http://evil.example","x")'
    data = "\n".join(["source_ref,child_name,gender,missing_at,police_unit",
                      f'REJ/1,"{hostile.replace(chr(34), chr(34) * 2)}",robot,01/10/2026 10:00,Ahmedabad PS 1',
                      ""]).encode()
    result, rejects = _import(app, data, "bad.csv")
    assert len(result.rejected) == 1
    rows = _csv_rows(rejects)
    assert rows[1][1] == "'" + hostile
    _assert_no_cell_starts_a_formula(rows)
    # The person corrects the gender in the rejects file and imports it again.
    fixed = io.StringIO()
    writer = csv.writer(fixed)
    for row in rows:
        writer.writerow([("female" if cell == "robot" else cell) for cell in row[:5]])
    again, _ = _import(app, fixed.getvalue().encode(), "fixed.csv")
    assert not again.rejected, again.rejected
    with app.app_context():
        assert db.session.get(MissingReport, again.imported[0][1]).child_name == hostile
        db.session.remove()


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_summary_downloads_neutralise_formulas(app, client, auth, world, fmt):
    with app.app_context():
        district = db.session.get(District, world.district["srt"])
        district.name = "=HYPERLINK(\"http://evil.example\",\"Surat\")"
        db.session.commit()
        db.session.remove()
    auth.login("stateofficer_gj")
    response = client.get(f"/admin/summary/download.{fmt}", query_string={"month": "2026-10"})
    assert response.status_code == 200
    if fmt == "csv":
        rows = _csv_rows(response.data)
    else:
        sheet = load_workbook(io.BytesIO(response.data)).worksheets[0]
        assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)
        rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert any(cell == "'=HYPERLINK(\"http://evil.example\",\"Surat\")" for row in rows for cell in row)
    _assert_no_cell_starts_a_formula(rows)
