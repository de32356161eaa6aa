"""A daily feed from the police (issue #15): the import's defects, one file each
that failed before the fix, then rows that update reports Bal Setu holds, and
police units importing their own records."""
import csv
import io

import pytest
from sqlalchemy import func, select

from extensions import db
from models import AuditLog, FoundReport, MissingReport, User
from models.base import INDIA
from tests.conftest import fingerprint


def _csv(rows) -> bytes:
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    return out.getvalue().encode("utf-8")


def _import(app, username, data, kind="missing", name="feed.csv", **kw):
    from exchange.importer import import_table
    from exchange.parse import read_table
    with app.app_context():
        user = db.session.scalar(select(User).where(User.username == username))
        with app.test_request_context():
            result = import_table(kind, read_table(data, name), user, **kw)
            result.summary_text = result.summary()
            result.reasons = {line: reason for line, _cells, reason in result.rejected}
        db.session.remove()
    return result


def _missing(**where):
    return db.session.scalars(select(MissingReport).filter_by(**where).order_by(MissingReport.id)).all()


HEAD = ["FIR No", "Police Station", "Name of Child", "Sex", "Age", "Date Missing"]


# ---- 1. siblings under one FIR are two reports ------------------------------------
def test_two_siblings_under_one_fir_are_two_reports(app, world):
    data = _csv([HEAD, ["55/2026", "Ahmedabad PS 1", "Ravi Patel", "male", "9", "03/10/2026"],
                 ["55/2026", "Ahmedabad PS 1", "Sita Patel", "female", "7", "03/10/2026"]])
    first = _import(app, "dcpu_amd", data)
    assert (len(first.imported), len(first.present), len(first.rejected)) == (2, 0, 0), first.reasons
    again = _import(app, "dcpu_amd", data)
    assert (len(again.imported), len(again.present)) == (0, 2)
    with app.app_context():
        assert [r.child_name for r in _missing(fir_number="55/2026")] == ["Ravi Patel", "Sita Patel"]


# ---- 2. over-long values are refused, never cut -------------------------------------
def test_an_over_long_source_reference_is_refused_not_cut(app, world):
    long_a, long_b = "CCTNS/" + "7" * 100 + "A", "CCTNS/" + "7" * 100 + "B"
    result = _import(app, "dcpu_amd", _csv([
        ["Source ID", "Name of Child", "Sex", "Date Missing"],
        [long_a, "Long One", "male", "03/10/2026"], [long_b, "Long Two", "male", "03/10/2026"]]))
    assert not result.imported and len(result.rejected) == 2
    assert all("Source ID: 107 characters, more than the 100" in r for r in result.reasons.values())
    with app.app_context():
        assert not _missing(child_name="Long One") and not _missing(child_name="Long Two")


# ---- 3. a district name and code that disagree ---------------------------------------
def test_a_district_name_and_code_that_disagree_reject_the_row(app, world):
    result = _import(app, "stateadmin_gj", _csv([
        ["District", "District Code", "Name of Child", "Sex", "Date Missing"],
        ["Ahmedabad", "GJ-SRT", "Disagreeing", "male", "03/10/2026"],
        ["Ahmedabad", "GJ-AMD", "Agreeing", "male", "03/10/2026"]]))
    assert len(result.imported) == 1 and list(result.reasons) == [2]
    assert result.reasons[2] == ("District “Ahmedabad” and District Code “GJ-SRT” are not the "
                                 "same place.")


# ---- 4. XLSX formulas without a value --------------------------------------------------
def _xlsx(rows) -> bytes:
    from openpyxl import Workbook
    book = Workbook()
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)  # openpyxl calculates nothing: a formula is saved without its value
    return out.getvalue()


def test_an_xlsx_formula_without_a_value_rejects_its_row(app, world):
    data = _xlsx([["Name of Child", "Sex", "Age", "Date Missing"],
                  ["Formula Age", "male", "=4+5", "03/10/2026"],
                  ["Plain Age", "male", "9", "03/10/2026"]])
    result = _import(app, "dcpu_amd", data, name="feed.xlsx")
    assert len(result.imported) == 1 and list(result.reasons) == [2]
    assert result.reasons[2].startswith("Age: formula without a value")


# ---- 5. a cell over 131,072 characters ------------------------------------------------
def test_a_huge_cell_rejects_its_row_and_the_file_goes_on(app, world):
    result = _import(app, "dcpu_amd", _csv([
        ["Name of Child", "Sex", "Date Missing", "Description"],
        ["Huge", "male", "03/10/2026", "x" * 131_073],
        ["Normal", "male", "03/10/2026", "thin"]]))
    assert len(result.imported) == 1
    assert result.reasons == {2: "Line 2, column Description: the cell holds 131,073 characters, "
                                 "more than 131,072; the row was not imported."}


# ---- 6. one clear reason, in the file's words, in the user's language ----------------
def test_reasons_use_the_files_headings_one_per_problem(app, world):
    result = _import(app, "dcpu_amd", _csv([
        ["Name of Child", "Sex", "Age", "Date Missing"],
        ["   ", "male", "9", "03/10/2026"],
        ["Ten Years", "male", "ten", "03/10/2026"],
        ["No Sex", "", "9", "03/10/2026"]]))
    assert not result.imported
    assert result.reasons[2].startswith("Name of Child: the name is empty.")
    assert result.reasons[3] == "Age: Not a valid integer value."
    assert result.reasons[4] == "Sex: This field is required."


def test_reasons_in_the_users_language(app, world):
    with app.app_context():
        user = db.session.scalar(select(User).where(User.username == "dcpu_amd"))
        user.language = "hi"
        db.session.commit()
    try:
        result = _import(app, "dcpu_amd", _csv([["Name of Child", "लिंग", "Date Missing"],
                                                ["Hindi Reasons", "", "03/10/2026"]]))
        assert result.reasons[2] == "लिंग: यह जानकारी भरना आवश्यक है।"
    finally:
        with app.app_context():
            db.session.scalar(select(User).where(User.username == "dcpu_amd")).language = None
            db.session.commit()


# ---- 7. updates -------------------------------------------------------------------------
FEED = ["Source ID", "FIR No", "Police Station", "Name of Child", "Sex", "Age", "Date Missing",
        "Case Status", "Traced on", "IO Name", "Traced by", "Place traced"]


def test_a_feed_row_updates_its_report_as_a_panel_edit(app, world):
    opened = ["CCTNS/900", "900/2026", "Ahmedabad PS 1", "Feed Child", "female", "8",
              "03/10/2026 00:10", "open", "", "SI R. Desai", "", ""]
    first = _import(app, "police_amd", _csv([FEED, opened]))
    assert len(first.imported) == 1, first.reasons
    pk = first.imported[0][1]
    traced = opened[:7] + ["traced", "05/10/2026 18:30", "", "Kalupur RPF", "Kalupur railway station"]
    second = _import(app, "police_amd", _csv([FEED, traced]))
    assert (len(second.imported), len(second.updated), len(second.rejected)) == (0, 1, 0), second.reasons
    assert "1 updated" in second.summary_text
    with app.app_context():
        report = db.session.get(MissingReport, pk)
        assert report.status == "traced" and report.version == 2
        assert report.traced_at.astimezone(INDIA).strftime("%d/%m/%Y %H:%M") == "05/10/2026 18:30"
        assert report.missing_at.astimezone(INDIA).strftime("%H:%M") == "00:10"  # kept
        assert (report.traced_by, report.traced_place) == ("Kalupur RPF", "Kalupur railway station")
        assert report.investigating_officer == "SI R. Desai"  # an empty cell leaves it
        audit = db.session.scalars(select(AuditLog).where(
            AuditLog.table_name == "missing_reports", AuditLog.record_id == pk,
            AuditLog.action == "update")).all()
        assert len(audit) == 1 and audit[0].username == "police_amd"
        assert set(audit[0].change_dict) == {"status", "traced_at", "traced_by", "traced_place"}
        before = fingerprint()
    # the same file again changes nothing
    again = _import(app, "police_amd", _csv([FEED, traced]))
    assert (len(again.imported), len(again.updated), len(again.present)) == (0, 0, 1)
    with app.app_context():
        assert fingerprint() == before


def test_an_update_goes_through_the_panels_checks(app, world):
    first = _import(app, "dcpu_amd", _csv([FEED, ["CCTNS/901", "", "", "Checked", "male", "9",
                                                  "03/10/2026", "open", "", "", "", ""]]))
    pk = first.imported[0][1]
    bad = _import(app, "dcpu_amd", _csv([FEED, ["CCTNS/901", "", "", "Checked", "male", "9",
                                                "03/10/2026", "traced", "01/10/2026", "", "", ""]]))
    assert bad.reasons == {2: "Traced on: The child cannot be traced before going missing."}
    with app.app_context():
        assert db.session.get(MissingReport, pk).version == 1


def _export_rows(client, kind="missing"):
    response = client.get(f"/admin/export/{kind}.csv")
    assert response.status_code == 200
    return list(csv.reader(io.StringIO(response.data.decode("utf-8-sig"))))


def test_an_exported_file_names_the_report_and_a_stale_row_is_refused(app, client, auth, world):
    auth.login("dcpu_amd")
    head, *rows = _export_rows(client)
    assert head[-2:] == ["report_number", "version"]
    row = next(r for r in rows if "Priya amd" in r)
    number, version = row[-2], row[-1]
    with app.app_context():
        report = db.session.get(MissingReport, world.missing["amd_ps1"])
        assert number == f"M-{report.id}" and version == str(report.version)
    # someone edits the report in Bal Setu after the export ...
    with app.app_context():
        report = db.session.get(MissingReport, world.missing["amd_ps1"])
        report.place_missing = "Changed in Bal Setu"
        db.session.commit()
    # ... so the exported row, changed and sent back, is refused
    stale = list(row)
    stale[head.index("description")] = "Changed in the file"
    result = _import(app, "dcpu_amd", _csv([head, stale]))
    assert not result.updated and "holds a newer version of this report (version 2; the file " \
        "was made from version 1)" in result.reasons[2]
    with app.app_context():
        report = db.session.get(MissingReport, world.missing["amd_ps1"])
        assert report.place_missing == "Changed in Bal Setu" and report.description != "Changed in the file"
    # exported again, the change applies; by the report number alone
    head, *rows = _export_rows(client)
    fresh = next(r for r in rows if "Priya amd" in r)
    fresh[head.index("description")] = "Changed in the file"
    result = _import(app, "dcpu_amd", _csv([head, fresh]))
    assert len(result.updated) == 1, result.reasons
    with app.app_context():
        report = db.session.get(MissingReport, world.missing["amd_ps1"])
        assert (report.description, report.version) == ("Changed in the file", 3)


def test_a_report_number_outside_the_users_records_is_refused(app, world):
    with app.app_context():
        other = db.session.get(MissingReport, world.missing["srt_ps1"]).id
        last = db.session.scalar(select(func.max(MissingReport.id)))
    result = _import(app, "dcpu_amd", _csv([
        ["report_number", "Name of Child", "Sex", "Date Missing"],
        [f"M-{other}", "Elsewhere", "male", "03/10/2026"],
        [f"M-{last + 100}", "Nowhere", "male", "03/10/2026"],
        ["F-1", "Wrong Kind", "male", "03/10/2026"],
        ["M-99999999999", "Too Big", "male", "03/10/2026"]]))
    assert not result.imported and not result.updated
    assert "holds no report" in result.reasons[2] and "holds no report" in result.reasons[3]
    assert "is not a Bal Setu report number" in result.reasons[4]
    assert "is not a Bal Setu report number" in result.reasons[5]


# ---- 9. police units import their own records --------------------------------------------
def test_a_police_station_imports_its_own_records_only(app, world):
    with app.app_context():
        before = db.session.scalar(select(func.count()).select_from(MissingReport))
    result = _import(app, "police_amd", _csv([
        HEAD,
        ["301/2026", "Ahmedabad PS 1", "Own Unit", "male", "9", "03/10/2026"],
        ["302/2026", "", "No Unit Named", "male", "9", "03/10/2026"],
        ["303/2026", "Ahmedabad PS 2", "Other Station", "male", "9", "03/10/2026"],
        ["304/2026", "Surat PS 1", "Other District", "male", "9", "03/10/2026"]]))
    assert len(result.imported) == 2
    assert set(result.reasons) == {4, 5}
    assert all("outside your jurisdiction" in reason for reason in result.reasons.values())
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(MissingReport)) == before + 2
        assert {r.police_unit_id for r in _missing(registered_by_id=db.session.scalar(
            select(User.id).where(User.username == "police_amd")))} == {world.unit["amd_ps1"]}


def test_a_police_station_cannot_update_another_stations_report(app, world):
    first = _import(app, "police2_amd", _csv([FEED, ["CCTNS/950", "950/2026", "Ahmedabad PS 2",
                                                     "Their Child", "male", "9", "03/10/2026",
                                                     "open", "", "", "", ""]]))
    assert len(first.imported) == 1, first.reasons
    result = _import(app, "police_amd", _csv([FEED, ["CCTNS/950", "950/2026", "Ahmedabad PS 2",
                                                     "Their Child", "male", "9", "03/10/2026",
                                                     "traced", "05/10/2026", "", "", ""]]))
    assert not result.updated and "outside your jurisdiction" in result.reasons[2]


def test_the_sjpu_imports_found_children_of_its_district(app, world):
    result = _import(app, "sjpu_amd", _csv([
        ["source_ref", "District", "child_name", "gender", "found_at"],
        ["SJPU/1", "Ahmedabad", "Found Here", "male", "20/10/2026 09:00"],
        ["SJPU/2", "Surat", "Found Elsewhere", "male", "20/10/2026 09:00"]]), kind="found")
    assert len(result.imported) == 1 and "outside your jurisdiction" in result.reasons[3]
    with app.app_context():
        assert db.session.scalar(select(FoundReport.district_id).where(
            FoundReport.source_ref == "SJPU/1")) == world.district["amd"]


@pytest.mark.parametrize("username", ["police_amd", "sjpu_amd"])
def test_police_do_not_import_children(app, world, username):
    from exchange import ExchangeError
    with pytest.raises(ExchangeError):
        _import(app, username, _csv([["name", "gender"], ["X", "male"]]), kind="children")


def test_a_row_known_by_fir_unit_and_child_updates_and_a_dry_run_writes_nothing(app, world):
    head = HEAD + ["Case Status", "Traced on"]
    first = _import(app, "dcpu_amd", _csv([head, ["77/2026", "Ahmedabad PS 2", "Kiran Shah", "male",
                                                  "10", "03/10/2026", "open", ""]]))
    pk = first.imported[0][1]
    traced = _csv([head, ["77/2026", "Ahmedabad PS 2", "Kiran Shah", "male", "10", "03/10/2026",
                          "traced", "04/10/2026"]])
    with app.app_context():
        before = fingerprint()
    checked = _import(app, "dcpu_amd", traced, dry_run=True)
    assert checked.updated == [(2, pk)] and not checked.imported
    with app.app_context():
        assert fingerprint() == before
    done = _import(app, "dcpu_amd", traced)
    assert done.updated == [(2, pk)]
    with app.app_context():
        assert db.session.get(MissingReport, pk).status == "traced"


def test_a_report_registered_and_traced_further_down_one_file(app, world):
    opened = ["CCTNS/960", "960/2026", "Ahmedabad PS 1", "Same File", "male", "9", "03/10/2026",
              "open", "", "", "", ""]
    traced = opened[:7] + ["traced", "04/10/2026 11:00", "", "Kalupur RPF", "Kalupur"]
    result = _import(app, "police_amd", _csv([FEED, opened, traced, traced]))
    assert (len(result.imported), len(result.updated), len(result.present)) == (1, 1, 1), result.reasons
    with app.app_context():
        report = db.session.get(MissingReport, result.imported[0][1])
        assert (report.status, report.traced_place, report.version) == ("traced", "Kalupur", 2)


def test_an_over_long_name_is_refused_with_its_heading(app, world):
    result = _import(app, "dcpu_amd", _csv([["Name of Child", "Sex", "Date Missing"],
                                            ["N" * 201, "male", "03/10/2026"]]))
    assert not result.imported and result.reasons[2].startswith("Name of Child: ")
    assert "200" in result.reasons[2]


def test_a_role_that_may_not_edit_reports_does_not_change_one_by_a_file(app, world):
    first = _import(app, "dcpu_amd", _csv([FEED, ["CCTNS/970", "", "", "National Read", "male", "9",
                                                  "03/10/2026", "open", "", "", "", ""]]))
    pk = first.imported[0][1]
    same = ["CCTNS/970", "", "", "National Read", "male", "9", "03/10/2026", "open", "", "", "", ""]
    assert _import(app, "national", _csv([FEED, same])).present == [(2, pk)]
    changed = same[:7] + ["traced", "04/10/2026", "", "", ""]
    result = _import(app, "national", _csv([FEED, changed]))
    assert not result.updated and "may not change reports" in result.reasons[2]
    with app.app_context():
        assert db.session.get(MissingReport, pk).status == "open"
