"""What a person reads instead of the machine's values (issue #12, item 9): the
audit log's labels, dates and place names; the match page's names as written;
the overdue lists' children."""
import json
from datetime import timedelta

from sqlalchemy import select

from extensions import db
from models import AuditLog, FoundReport, Match, MissingReport
from tests.conftest import csrf_from
from tests.helpers import edit_fields
from tests.world import NOW


def test_the_audit_log_shows_labels_dates_and_names_not_codes(app, client, auth, world):
    auth.login("dcpu_amd")
    url = f"/admin/missing_report/edit/?id={world.missing['amd_ps1']}"
    fields = edit_fields(client, url)
    fields.update(status="traced", traced_at="2026-11-28 09:15", police_unit=str(world.unit["amd_ps2"]))
    assert client.post(url, data=fields).status_code == 302
    with app.app_context():
        entry = db.session.scalars(select(AuditLog).where(
            AuditLog.table_name == "missing_reports", AuditLog.record_id == world.missing["amd_ps1"])
            .order_by(AuditLog.id.desc())).first()
        stored = json.loads(entry.changes)
        assert stored["status"] == ["open", "traced"]  # the log keeps the codes
    log = client.get("/admin/audit_log/").get_data(as_text=True)
    row = log[log.index("Ahmedabad PS 2") - 600:log.index("Ahmedabad PS 2") + 600]
    assert "Ahmedabad PS 1" in row  # the unit by name, not its id
    assert "Traced" in row and "→ traced" not in row
    assert "28 Nov 2026, 09:15" in row  # day first, India time, month named
    assert "T03:45" not in log and "+00:00" not in log


def test_the_match_page_shows_names_as_written(app, client, auth, world):
    with app.app_context():
        missing = MissingReport(child_name="લક્ષ્મી", father_name="Suresh", gender="female", age_years=8,
                                district_id=world.district["amd"], police_unit_id=world.unit["amd_ps1"],
                                missing_at=NOW - timedelta(days=9), reason="lost")
        found = FoundReport(child_name="Lakshmi", father_name="सुरेश", gender="female", estimated_age_years=8,
                            district_id=world.district["amd"], found_at=NOW - timedelta(days=2), status="open")
        db.session.add_all([missing, found])
        db.session.flush()
        reasons = {"name": {"verdict": "agrees", "points": 30.0, "detail": "laksmi / laksmi"},
                   "father_name": {"verdict": "agrees", "points": 10.0, "detail": "suresh / suresh"}}
        match = Match(missing_report=missing, found_report=found, score=80, reasons=json.dumps(reasons))
        db.session.add(match)
        db.session.commit()
        match_id = match.id
    auth.login("dcpu_amd")
    page = client.get(f"/admin/matches/pair/{match_id}/").get_data(as_text=True)
    assert "laksmi / laksmi" not in page and "suresh / suresh" not in page
    assert "લક્ષ્મી / Lakshmi" in page and "Suresh / सुरेश" in page
    assert csrf_from(client.get(f"/admin/matches/pair/{match_id}/"))


def test_an_overdue_list_of_orders_names_the_child(app, client, auth, world):
    from models import Child, CwcOrder
    with app.app_context():
        child = db.session.get(Child, world.child["amd_cncp"])
        order = CwcOrder(child=child, district_id=child.district_id, order_type="sir_ordered",
                         order_number="CWC/AMD/SIR/9", order_date=NOW.date() - timedelta(days=40))
        db.session.add(order)
        db.session.commit()
        name, code = child.name, child.display_code
    auth.login("dcpu_amd")
    page = client.get("/admin/summary/overdue/sir_cwc/").get_data(as_text=True)
    assert "overdue-list" in page
    assert f"{name} · {code}" in page
