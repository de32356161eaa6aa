"""An imported file gives what typing its rows into the panel gives.

The import saves missing and found reports a batch at a time (exchange/bulk.py)
and matches a batch at a time (exchange/matching.py, matching/batch.py). These
tests enter the same rows by hand, one create form after another as a DCPU
officer would, then rebuild the same world, import the rows as a file, and
compare: the same records, the same audit entries, the same proposals with
the same scores and reasons."""
import csv
import io
import json

import pytest
from sqlalchemy import select, text

from extensions import db
from matches.registry import reset as reset_matching
from models import AuditLog, Base, FoundReport, Match, MissingReport, PoliceUnit, User
from tests.conftest import _wipe
from tests.helpers import submit
from tests.world import build_world

# (form field, heading in the file, how the file writes the value)
MISSING_ROWS = [
    {"child_name": "Ravi Kumar", "gender": "male", "age_years": "7", "height_cm": "120",
     "missing_at": "2026-10-20 10:00", "reason": "lost", "police_unit": "amd_ps1",
     "fir_number": "11/2026", "identification_marks": "mole on left cheek", "languages": "Gujarati"},
    {"child_name": "रवि", "gender": "male", "age_years": "6", "missing_at": "2026-10-15 08:30",
     "reason": "ran_away", "runaway_reason": "scolded", "police_unit": "amd_ps2",
     "father_name": "Suresh"},
    {"child_name": "સીતા", "gender": "female", "age_years": "5", "missing_at": "2026-10-25 18:00",
     "reason": "lost", "police_unit": "amd_ps1", "languages": "Gujarati, Hindi"},
    {"child_name": "Sita Devi", "gender": "female", "age_years": "6", "missing_at": "2026-09-01 12:00",
     "reason": "kidnapped", "police_unit": "amd_ps1", "father_name": "Ramesh",
     "place_missing": "Kalupur station"},
    {"child_name": "Ravi", "gender": "male", "age_years": "8", "missing_at": "2026-10-29 09:00",
     "reason": "lost", "police_unit": "amd_ps2", "status": "traced",
     "traced_at": "2026-10-31 10:00"},  # traced: matched at once, but not kept in the index
    {"child_name": "Mohan Lal", "gender": "male", "age_years": "12", "missing_at": "2026-08-01 07:00",
     "reason": "lost", "police_unit": "amd_ps2", "height_cm": "140"},
    {"child_name": "Munna", "gender": "male", "age_years": "7", "missing_at": "2026-10-28 16:00",
     "reason": "lost", "police_unit": "amd_ps1", "identification_marks": "burn mark on neck"},
    {"child_name": "रवी कुमार", "gender": "male", "age_years": "7", "missing_at": "2026-10-27 11:00",
     "reason": "lost", "police_unit": "amd_ps1", "fir_number": "12/2026",
     "languages": "Hindi", "father_name": "राम"},
]
FOUND_ROWS = [
    {"child_name": "प्रिया", "gender": "female", "estimated_age_years": "9",
     "found_at": "2026-10-10 09:00", "police_unit": "amd_ps1", "place_found": "Bus stand",
     "can_speak": "y"},
    {"child_name": "Meena", "gender": "female", "estimated_age_years": "12",
     "found_at": "2026-10-25 14:00", "police_unit": "amd_ps2", "languages": "Gujarati",
     "can_speak": "y"},
    {"child_name": "Priya Shah", "gender": "female", "estimated_age_years": "10",
     "found_at": "2026-10-12 19:30", "police_unit": "amd_ps1",
     "identification_marks": "scar on right hand", "can_speak": "y"},
    {"child_name": "મીના", "gender": "female", "estimated_age_years": "11",
     "found_at": "2026-10-30 08:00", "police_unit": "amd_ps2", "can_speak": "y"},
]
KINDS = {"missing": (MissingReport, "missing_report", MISSING_ROWS, "missing_at"),
         "found": (FoundReport, "found_report", FOUND_ROWS, "found_at")}
DATE_FIELDS = {"missing_at", "traced_at", "found_at"}


def _form_data(world, row):
    data = dict(row)
    data["police_unit"] = str(world.unit[row["police_unit"]])
    return data


def _file(world, rows) -> bytes:
    """The same rows as a district's spreadsheet holds them: units by name, dates DD/MM/YYYY."""
    with db.engine.connect() as connection:
        unit_names = dict(connection.execute(select(PoliceUnit.id, PoliceUnit.name)).all())
    headings = list(dict.fromkeys(key for row in rows for key in row))
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(headings)
    for row in rows:
        cells = []
        for key in headings:
            value = row.get(key, "")
            if key == "police_unit":
                value = unit_names[world.unit[value]]
            elif key in DATE_FIELDS and value:
                day, clock = value.split(" ")
                y, m, d = day.split("-")
                value = f"{d}/{m}/{y} {clock}"
            elif key == "can_speak":
                value = "yes"
            cells.append(value)
        writer.writerow(cells)
    return out.getvalue().encode("utf-8")


def _rebuild_world():
    """What the `world` fixture does after a test changed the database."""
    _wipe()
    if db.engine.dialect.name == "postgresql":
        for table in Base.metadata.sorted_tables:
            for column in table.primary_key.columns:
                db.session.execute(text(f"SELECT setval(pg_get_serial_sequence('{table.name}', "
                                        f"'{column.name}'), 1, false)"))
        db.session.commit()
    world = build_world()
    reset_matching()
    db.session.remove()
    return world


VOLATILE = {"id", "registered_at", "proposed_at", "created_at", "updated_at"}


def _snapshot(model, first_id):
    """New reports (in order), their proposals and the audit entries of both,
    with each new report named by its position instead of its id."""
    reports = db.session.scalars(select(model).where(model.id >= first_id).order_by(model.id)).all()
    position = {r.id: n for n, r in enumerate(reports)}
    table = model.__table__
    rows = [{c.key: getattr(r, c.key) for c in table.columns if c.key not in VOLATILE}
            for r in reports]
    own = "missing_report_id" if model is MissingReport else "found_report_id"
    matches = db.session.scalars(select(Match).where(getattr(Match, own).in_(position))).all()

    def named(match_values):
        out = {k: v for k, v in match_values.items() if k not in VOLATILE}
        out[own] = ("new", position[match_values[own]])
        return out

    proposals = sorted((named({c.key: getattr(m, c.key) for c in Match.__table__.columns})
                        for m in matches), key=repr)
    match_ids = {m.id: m for m in matches}
    audit = []
    for entry in db.session.scalars(select(AuditLog).where(AuditLog.table_name.in_(
            [table.name, "matches"])).order_by(AuditLog.id)):
        if entry.table_name == table.name and entry.record_id not in position:
            continue
        if entry.table_name == "matches" and entry.record_id not in match_ids:
            continue
        changes = {k: v for k, v in json.loads(entry.changes).items() if k not in VOLATILE}
        if entry.table_name == "matches":
            changes[own] = [None, ("new", position[changes[own][1]])]
            record = ("match", changes["found_report_id" if own == "missing_report_id"
                                       else "missing_report_id"][1])
        else:
            record = ("new", position[entry.record_id])
        audit.append((entry.table_name, entry.action, entry.username, entry.state_id,
                       entry.district_id, record, json.dumps(changes, sort_keys=True, default=str)))
    return rows, proposals, sorted(audit, key=repr)


@pytest.mark.parametrize("kind", ["missing", "found"])
def test_a_file_imports_as_the_same_rows_typed_by_hand(app, client, auth, world, kind, monkeypatch):
    from exchange import importer
    from exchange.importer import import_table
    from exchange.parse import read_table

    def not_row_by_row(*args, **kwargs):
        raise AssertionError("the batch was saved row by row, not in bulk")
    model, endpoint, rows, _when = KINDS[kind]
    with app.app_context():
        first_id = (db.session.scalar(select(db.func.max(model.id))) or 0) + 1
        data = _file(world, rows)
        reset_matching()

    auth.login("dcpu_amd")
    for row in rows:
        # The rows are different children whose names may sound alike: the officer
        # says so, as the import (which has its own duplicate rules) does not ask.
        response = submit(client, f"/admin/{endpoint}/new/",
                          {**_form_data(world, row), "not_a_duplicate": "1"})
        assert response.status_code == 302, response.get_data(as_text=True)[-2000:]
    with app.app_context():
        by_hand = _snapshot(model, first_id)

    with app.app_context():
        world_again = _rebuild_world()
        assert world_again.unit == world.unit
        user = db.session.scalar(select(User).where(User.username == "dcpu_amd"))
        monkeypatch.setattr(importer, "_save_batch", not_row_by_row)  # the bulk path is compared
        with app.test_request_context():
            result = import_table(kind, read_table(data, f"{kind}.csv"), user)
        monkeypatch.undo()
        assert (len(result.imported), len(result.rejected)) == (len(rows), 0), result.rejected
        # each line is reported with the id of its own record
        names = dict(db.session.execute(select(model.id, model.child_name).where(
            model.id.in_([pk for _line, pk in result.imported]))).all())
        assert [names[pk] for _line, pk in sorted(result.imported)] == [r["child_name"] for r in rows]
        imported = _snapshot(model, first_id)

    records, proposals, audit = imported
    assert len(records) == len(rows) and len(proposals) >= len(rows)  # there is something to compare
    assert result.proposals == len(proposals)
    assert records == by_hand[0]
    assert proposals == by_hand[1]
    assert audit == by_hand[2]
    assert {a[1] for a in audit} == {"create"} and len(audit) == len(records) + len(proposals)


def test_a_batch_that_fails_is_saved_row_by_row(app, world, monkeypatch):
    """A failure inside the batch (here: the bulk insert refusing) rolls it back and
    the rows are saved one by one through the view, matched as well: nothing lost,
    nothing twice."""
    from exchange import bulk
    from exchange.importer import import_table
    from exchange.parse import read_table

    def refuse(session, records):
        raise bulk.NotBulkInsertable("test")

    with app.app_context():
        data = _file(world, MISSING_ROWS)
        reset_matching()
        user = db.session.scalar(select(User).where(User.username == "dcpu_amd"))
        monkeypatch.setattr(bulk, "insert_new", refuse)
        with app.test_request_context():
            result = import_table("missing", read_table(data, "m.csv"), user)
        monkeypatch.undo()
        assert len(result.imported) == len(MISSING_ROWS) and not result.rejected
        ids = [pk for _line, pk in result.imported]
        assert db.session.scalar(select(db.func.count()).select_from(MissingReport).where(
            MissingReport.id.in_(ids))) == len(MISSING_ROWS)
        assert db.session.scalar(select(db.func.count()).select_from(Match).where(
            Match.missing_report_id.in_(ids))) == result.proposals > 0
