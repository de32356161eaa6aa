"""The access log (issue #11, item 17): sign-ins, sign-outs, every export (who,
what, filters, rows) and every child's record opened are recorded, apart from
the edit history; the state admin (their state) and the national admin read
it, filtered by user, child, date and action; nothing can change it. Writing
it costs one INSERT per request."""
import csv
import io
import json
import re
from datetime import datetime, timezone

import pytest
from sqlalchemy import event, func, select

from extensions import db
from models import AccessLog, AuditLog, Child
from models.access_log import AppendOnly
from tests.conftest import csrf_from


def _last_id(app):
    with app.app_context():
        value = db.session.scalar(select(func.max(AccessLog.id))) or 0
        db.session.remove()
    return value


def _entries_since(app, last):
    with app.app_context():
        rows = db.session.scalars(select(AccessLog).where(AccessLog.id > last)
                                  .order_by(AccessLog.id)).all()
        out = [{c.name: getattr(r, c.name) for c in AccessLog.__table__.columns} for r in rows]
        db.session.remove()
    return out


# ---- sign-in and sign-out --------------------------------------------------------------------
def test_sign_in_and_sign_out_are_recorded_and_a_failed_sign_in_is_not(app, client, auth, world):
    last = _last_id(app)
    auth.login("dcpu_amd", password="wrong-password")
    assert _entries_since(app, last) == []  # failures go to the audit log, as before
    auth.login("dcpu_amd")
    auth.logout()
    signed_in, signed_out = _entries_since(app, last)
    assert (signed_in["action"], signed_out["action"]) == ("sign_in", "sign_out")
    for entry in (signed_in, signed_out):
        assert entry["username"] == "dcpu_amd" and entry["user_id"] == world.user["dcpu_amd"]
        assert entry["role"] == "dcpu" and entry["address"] == "127.0.0.1"
        assert (entry["state_id"], entry["district_id"]) == (world.state["gj"], world.district["amd"])


# ---- exports ----------------------------------------------------------------------------
def test_every_export_is_recorded_with_its_filters_and_rows(app, client, auth, world):
    auth.login("national")
    last = _last_id(app)
    response = client.get("/admin/export/children.csv", query_string={"search": "Kiran"})
    rows = list(csv.reader(io.StringIO(response.data.decode("utf-8-sig"))))[1:]
    (entry,) = _entries_since(app, last)
    assert (entry["action"], entry["username"], entry["table_name"]) == ("export", "national", "children")
    assert entry["row_count"] == len(rows) == 3 and json.loads(entry["filters"]) == {"search": "Kiran"}
    assert entry["screen"] == "export.download" and entry["state_id"] is None

    last = _last_id(app)
    auth.logout()
    auth.login("dcpu_amd")
    last = _last_id(app)
    listed = client.get("/admin/missing_report/export/csv/", query_string={"flt0_status_equals": "open"})
    lines = list(csv.reader(io.StringIO(listed.get_data(as_text=True))))[1:]
    summary = client.get("/admin/summary/download.xlsx", query_string={"month": "2026-10"})
    assert summary.status_code == 200
    flask_admin, monthly = _entries_since(app, last)
    assert (flask_admin["table_name"], flask_admin["row_count"]) == ("missing_reports", len(lines))
    assert json.loads(flask_admin["filters"]) == {"flt0_status_equals": "open"}
    assert monthly["table_name"] == "summary" and monthly["row_count"] > 0
    assert json.loads(monthly["filters"]) == {"month": "2026-10"}
    assert flask_admin["district_id"] == monthly["district_id"] == world.district["amd"]


def test_a_refused_export_is_not_recorded(app, client, auth, world):
    auth.login("cci_amd")
    last = _last_id(app)
    assert client.get("/admin/export/missing.csv").status_code == 403
    assert _entries_since(app, last) == []


# ---- a child's record opened ---------------------------------------------------------------
def test_opening_a_childs_record_is_recorded_once_per_page(app, client, auth, world):
    auth.login("dcpu_amd")
    child = world.child["amd_cncp"]
    last = _last_id(app)
    assert client.get("/admin/child/").status_code == 200  # a list opens no record
    assert client.get(f"/admin/child/details/?id={child}").status_code == 200
    assert client.get(f"/admin/child/edit/?id={child}").status_code == 200
    assert client.get(f"/admin/care_plan/details/?id={world.icp['amd']}").status_code == 200
    assert client.get(f"/admin/missing_report/details/?id={world.missing['amd_ps1']}").status_code == 200
    # Out of scope: answers as a record that does not exist, and nothing was opened.
    client.get(f"/admin/child/details/?id={world.child['srt_cncp']}")
    client.get("/admin/institution/details/?id=%d" % world.cci["amd_home"])  # not a child's record
    details, edit, plan, report = _entries_since(app, last)
    assert [e["screen"] for e in (details, edit, plan, report)] == [
        "child.details_view", "child.edit_view", "care_plan.details_view", "missing_report.details_view"]
    for entry in (details, edit, plan):
        assert entry["action"] == "open" and entry["child_id"] == child
        assert (entry["state_id"], entry["district_id"]) == (world.state["gj"], world.district["amd"])
    assert (details["table_name"], details["record_id"]) == ("children", child)
    assert (plan["table_name"], plan["record_id"]) == ("care_plans", world.icp["amd"])
    assert (report["table_name"], report["record_id"]) == ("missing_reports", world.missing["amd_ps1"])
    assert report["child_id"] is None


def test_writing_it_costs_one_insert_on_a_details_page(app, client, auth, world):
    auth.login("dcpu_amd")
    url = f"/admin/child/details/?id={world.child['amd_cncp']}"
    client.get(url)  # warm: nothing cached differs between the first and the counted request
    statements = []
    with app.app_context():
        engine = db.engine

    def seen(conn, cursor, statement, parameters, context, executemany):
        statements.append(statement.split(None, 1)[0].upper())

    event.listen(engine, "before_cursor_execute", seen)
    try:
        assert client.get(url).status_code == 200
    finally:
        event.remove(engine, "before_cursor_execute", seen)
    writes = [s for s in statements if s in ("INSERT", "UPDATE", "DELETE")]
    assert writes == ["INSERT"], statements


def test_the_access_log_is_kept_apart_from_the_audit_log(app, client, auth, world):
    with app.app_context():
        before = db.session.scalar(select(func.count()).select_from(AuditLog))
        db.session.remove()
    auth.login("dcpu_amd")
    client.get(f"/admin/child/details/?id={world.child['amd_cncp']}")
    client.get("/admin/export/children.csv")
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(AuditLog)) == before
        db.session.remove()


# ---- the panel screen ----------------------------------------------------------------------
def _listed_ids(html):
    return {int(i) for i in re.findall(r"/admin/access_log/details/\?id=(\d+)", html)}


def _visible(app, where=None):
    with app.app_context():
        query = select(AccessLog.id)
        ids = set(db.session.scalars(query.where(where) if where is not None else query))
        db.session.remove()
    return ids


def test_the_state_admin_reads_their_states_entries_with_filters(app, client, auth, world):
    with app.app_context():  # a Pune entry, a Surat one by another user, an old one
        db.session.add_all([
            AccessLog(at=datetime(2026, 3, 1, 6, 0, tzinfo=timezone.utc), user_id=world.user["dcpu_amd"],
                      username="dcpu_amd", role="dcpu", action="export", screen="export.download",
                      table_name="children", row_count=7, state_id=world.state["gj"],
                      district_id=world.district["amd"]),
            AccessLog(user_id=world.user["cwc_srt"], username="cwc_srt", role="cwc", action="open",
                      screen="child.details_view", table_name="children",
                      record_id=world.child["srt_cncp"], child_id=world.child["srt_cncp"],
                      state_id=world.state["gj"], district_id=world.district["srt"])])
        db.session.commit()
        child_code = db.session.get(Child, world.child["srt_cncp"]).child_code
        db.session.remove()
    auth.login("stateadmin_gj")
    page = client.get("/admin/access_log/").get_data(as_text=True)
    assert "Access log" in page
    gujarat = _visible(app, AccessLog.state_id == world.state["gj"])
    listed = _listed_ids(page)
    assert listed <= gujarat and world.access["pune"] not in listed and world.access["amd"] in listed

    def filtered(**args):
        return _listed_ids(client.get("/admin/access_log/", query_string=args).get_data(as_text=True))

    by_user = filtered(flt0_username_equals="cwc_srt")
    assert by_user and by_user == _visible(app, (AccessLog.username == "cwc_srt")
                                           & (AccessLog.state_id == world.state["gj"]))
    typed = child_code[:4].lower() + " " + child_code[4:]  # case and spaces do not matter
    by_code = filtered(flt0_child_name_or_child_id_is=typed)
    by_name = filtered(flt0_child_name_or_child_id_is="રાહુલ")  # Surat's child, any script: "Rahul"
    srt_child = _visible(app, AccessLog.child_id == world.child["srt_cncp"])
    assert by_code == srt_child and by_name >= srt_child and world.access["srt"] in by_code
    by_action = filtered(flt0_action_equals="export")
    assert by_action and by_action == _visible(app, (AccessLog.action == "export")
                                               & (AccessLog.state_id == world.state["gj"]))
    march = filtered(flt0_when_between="2026-03-01 00:00:00 to 2026-03-31 23:59:59")
    assert len(march) == 1


@pytest.mark.parametrize("username", ["viewer", "stateofficer_gj", "dcpu_amd", "police_amd", "cwc_amd"])
def test_nobody_else_reads_it(client, auth, world, username):
    auth.login(username)
    assert client.get("/admin/access_log/").status_code == 403
    assert client.get(f"/admin/access_log/details/?id={world.access['amd']}").status_code == 403
    assert "/admin/access_log/" not in client.get("/admin/").get_data(as_text=True)


def test_it_cannot_be_changed_from_the_panel_or_the_app(app, client, auth, world):
    auth.login("national")
    entry = world.access["amd"]
    page = client.get("/admin/access_log/")
    token = csrf_from(page)
    assert client.get(f"/admin/access_log/edit/?id={entry}").status_code == 403
    assert client.post(f"/admin/access_log/edit/?id={entry}",
                       data={"csrf_token": token, "username": "forged"}).status_code == 403
    assert client.get("/admin/access_log/new/").status_code == 403
    assert client.post("/admin/access_log/delete/", data={"id": entry, "csrf_token": token}).status_code in (403, 404)
    assert client.get(f"/admin/access_log/archive/?id={entry}").status_code in (403, 404)
    with app.app_context():
        row = db.session.get(AccessLog, entry)
        row.username = "forged"
        with pytest.raises(AppendOnly):
            db.session.commit()
        db.session.rollback()
        with pytest.raises(AppendOnly):
            db.session.delete(db.session.get(AccessLog, entry))
            db.session.commit()
        db.session.rollback()
        assert db.session.get(AccessLog, entry).username == "dcpu_amd"
        db.session.remove()
