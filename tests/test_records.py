"""Audit trail, refused concurrent edits, archive instead of delete, transfers."""
import json

from sqlalchemy import select

from extensions import db
from models import AuditLog, Child, CwcOrder, MissingReport, Transfer
from tests.conftest import csrf_from
from tests.helpers import edit_fields


def _get(app, model, id):
    with app.app_context():
        row = db.session.get(model, id)
        db.session.expunge_all()
        return row


def test_edit_is_audited_with_field_changes(app, client, auth, world):
    auth.login("dcpu_amd")
    url = f"/admin/missing_report/edit/?id={world.missing['amd_ps1']}"
    fields = edit_fields(client, url)
    fields.update(height_cm="125", clothes="Blue frock")
    response = client.post(url, data=fields)
    assert response.status_code == 302, response.get_data(as_text=True)
    with app.app_context():
        entry = db.session.scalars(select(AuditLog).where(
            AuditLog.table_name == "missing_reports",
            AuditLog.record_id == world.missing["amd_ps1"]).order_by(AuditLog.id.desc())).first()
        changes = json.loads(entry.changes)
        assert entry.username == "dcpu_amd" and entry.action == "update"
        assert changes["height_cm"] == [120, 125]
        assert changes["clothes"] == [None, "Blue frock"]
        assert entry.district_id == world.district["amd"]
    # The DCPU reads it in the log; another district's DCPU does not.
    log = client.get("/admin/audit_log/").get_data(as_text=True)
    assert "Blue frock" in log
    auth.logout()
    auth.login("dcpu_srt")
    assert "Blue frock" not in client.get("/admin/audit_log/").get_data(as_text=True)


def test_second_of_two_concurrent_edits_is_refused(app, world):
    first, second = app.test_client(), app.test_client()
    from tests.conftest import Auth
    Auth(first).login("dcpu_amd")
    Auth(second).login("police_amd")
    url = f"/admin/missing_report/edit/?id={world.missing['amd_ps1']}"
    form_a, form_b = edit_fields(first, url), edit_fields(second, url)
    form_a["clothes"] = "Red shirt"
    form_b["clothes"] = "Green shirt"
    assert first.post(url, data=form_a).status_code == 302
    refused = second.post(url, data=form_b)
    assert refused.status_code == 200
    assert "Someone else saved this record" in refused.get_data(as_text=True)
    # What the second person typed is still in their form, not lost.
    assert "Green shirt" in refused.get_data(as_text=True)
    assert _get(app, MissingReport, world.missing["amd_ps1"]).clothes == "Red shirt"


def test_delete_is_archive_with_reason_and_restore(app, client, auth, world):
    auth.login("dcpu_amd")
    child_id = world.child["amd_cncp"]
    before = client.get("/admin/child/").get_data(as_text=True)
    assert f"details/?id={child_id}" in before
    # No hard delete on any path.
    token = csrf_from(before)
    assert client.post("/admin/child/delete/", data={"id": child_id, "csrf_token": token}).status_code == 404
    client.post("/admin/child/action/", data={"action": "delete", "rowid": [child_id], "csrf_token": token})
    assert _get(app, Child, child_id) is not None

    # Archiving needs a reason.
    url = f"/admin/child/archive/?id={child_id}"
    page = client.get(url)
    empty = client.post(url, data={"reason": "", "csrf_token": csrf_from(page)})
    assert empty.status_code == 200 and _get(app, Child, child_id).archived_at is None
    client.post(url, data={"reason": "Duplicate entry", "csrf_token": csrf_from(page)})
    archived = _get(app, Child, child_id)
    assert archived.archived_at is not None and archived.archive_reason == "Duplicate entry"
    assert f"details/?id={child_id}" not in client.get("/admin/child/").get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(AuditLog.action).where(
            AuditLog.record_id == child_id, AuditLog.table_name == "children")
            .order_by(AuditLog.id.desc())) == "archive"

    # The DCPU lists archived records with the filter and restores them.
    listing = client.get("/admin/child/?flt0_archive_show=1")
    assert f"details/?id={child_id}" in listing.get_data(as_text=True), "archived filter"
    client.post("/admin/child/action/", data={"action": "restore", "rowid": [child_id],
                                              "csrf_token": csrf_from(listing)})
    assert _get(app, Child, child_id).archived_at is None


def test_accepted_transfer_keeps_the_id_and_moves_the_scope(app, client, auth, world):
    child_id, transfer_id = world.child["srt_cncp"], world.transfer["srt_to_amd"]
    code_before = _get(app, Child, child_id).child_code
    # The sending side cannot accept its own request.
    auth.login("cci_srt")
    page = client.get(f"/admin/transfer/details/?id={transfer_id}")
    assert "Accept the child" not in page.get_data(as_text=True)
    client.post(f"/admin/transfer/decide/?id={transfer_id}",
                data={"decision": "accept", "csrf_token": csrf_from(page)})
    assert _get(app, Transfer, transfer_id).status == "requested"
    auth.logout()

    auth.login("cci_amd")
    page = client.get(f"/admin/transfer/details/?id={transfer_id}")
    assert "Accept the child" in page.get_data(as_text=True)
    client.post(f"/admin/transfer/decide/?id={transfer_id}",
                data={"decision": "accept", "csrf_token": csrf_from(page)})
    child = _get(app, Child, child_id)
    assert child.child_code == code_before
    assert child.institution_id == world.cci["amd_home"]
    assert child.district_id == world.district["amd"]
    assert _get(app, Transfer, transfer_id).status == "accepted"
    assert client.get(f"/admin/child/details/?id={child_id}").status_code == 200
    auth.logout()

    # The history stays with the child: the Surat CWC order is now read in Ahmedabad.
    auth.login("dcpu_amd")
    assert "CWC-srt-1" in client.get("/admin/cwc_order/").get_data(as_text=True)
    auth.logout()
    auth.login("dcpu_srt")
    assert client.get(f"/admin/child/details/?id={child_id}").status_code == 302


def test_placements_follow_admissions_transfers_and_exits(app, client, auth, world):
    from models import Placement

    def stays(child_id):
        with app.app_context():
            rows = db.session.scalars(select(Placement).where(Placement.child_id == child_id)
                                      .order_by(Placement.id)).all()
            return [(r.institution_id, r.left_on is None, r.exit_kind) for r in rows]

    child_id = world.child["srt_cncp"]
    assert stays(child_id) == [(world.cci["srt_home"], True, None)]
    auth.login("cci_amd")
    page = client.get(f"/admin/transfer/details/?id={world.transfer['srt_to_amd']}")
    client.post(f"/admin/transfer/decide/?id={world.transfer['srt_to_amd']}",
                data={"decision": "accept", "csrf_token": csrf_from(page)})
    assert stays(child_id) == [(world.cci["srt_home"], False, "transfer"),
                               (world.cci["amd_home"], True, None)]
    auth.logout()
    auth.login("dcpu_amd")
    url = f"/admin/child/edit/?id={child_id}"
    fields = edit_fields(client, url)
    fields["status"] = "restored"
    assert client.post(url, data=fields).status_code == 302
    assert stays(child_id)[-1] == (world.cci["amd_home"], False, "restoration")
