"""Match review in the panel: proposals on save, the queue, the pair page,
confirm and reject, the window across jurisdictions, restoration."""
import json
from datetime import timedelta

import pytest
from sqlalchemy import select

from extensions import db
from models import AuditLog, CwcOrder, FoundReport, Match, MissingReport
from tests.conftest import Auth, csrf_from
from tests.helpers import edit_fields, submit
from tests.world import NOW


@pytest.fixture
def surat_rahul(app, world):
    """A boy missing from Surat, written in Latin script, with family contacts."""
    with app.app_context():
        report = MissingReport(
            child_name="Rahul", father_name="Suresh", gender="male", age_years=9, height_cm=128,
            identification_marks="mole on left cheek", languages="Gujarati, Hindi",
            district_id=world.district["srt"], police_unit_id=world.unit["srt_ps1"],
            missing_at=NOW - timedelta(days=60), reason="lost",
            guardian_phone="secret-phone-rahul", guardian_address="secret-address-rahul",
            reported_by_phone="secret-reporter-rahul", description="secret-description")
        db.session.add(report)
        db.session.commit()
        return report.id


def _register_found_in_ahmedabad(client):
    """A police officer in Ahmedabad registers a found boy whose name is in Hindi script."""
    response = submit(client, "/admin/found_report/new/", {
        "child_name": "राहुल", "father_name": "सुरेश", "gender": "male",
        "estimated_age_years": "10", "height_cm": "130", "identification_marks": "mole on cheek",
        "languages": "Hindi", "found_at": "2026-10-25 11:00", "place_found": "Kalupur station",
        "status": "open", "can_speak": "y", "can_hear": "y"})
    assert response.status_code == 302, response.get_data(as_text=True)[-2000:]


def _match(app, missing_id):
    with app.app_context():
        match = db.session.scalar(select(Match).where(Match.missing_report_id == missing_id))
        db.session.expunge_all()
        return match


def test_a_found_child_in_another_script_and_district_is_proposed(app, client, auth, surat_rahul):
    auth.login("police_amd")
    _register_found_in_ahmedabad(client)
    match = _match(app, surat_rahul)
    assert match is not None and match.status == "proposed" and match.score >= 50
    reasons = json.loads(match.reasons)
    assert reasons["name"]["verdict"] == "agrees"

    # The DCPU of Ahmedabad sees it in the queue and on the pair page as a match card only.
    auth.logout()
    auth.login("dcpu_amd")
    queue = client.get("/admin/matches/").get_data(as_text=True)
    assert f"/admin/matches/pair/{match.id}/" in queue
    page = client.get(f"/admin/matches/pair/{match.id}/").get_data(as_text=True)
    assert "Rahul" in page and "Suresh" in page and "mole on left cheek" in page
    assert "secret-" not in page
    assert "Surat PS 1" in page  # the unit to call
    # On every CRUD path the other record still does not exist.
    assert client.get(f"/admin/missing_report/details/?id={surat_rahul}").status_code == 302


def test_confirm_links_marks_traced_and_is_audited(app, client, auth, surat_rahul):
    auth.login("police_amd")
    _register_found_in_ahmedabad(client)
    match = _match(app, surat_rahul)
    auth.logout()
    auth.login("dcpu_amd")
    page = client.get(f"/admin/matches/pair/{match.id}/")
    response = client.post(f"/admin/matches/pair/{match.id}/decide/",
                           data={"decision": "confirm", "note": "Father identified the photo",
                                 "csrf_token": csrf_from(page)})
    assert response.status_code == 302
    with app.app_context():
        missing = db.session.get(MissingReport, surat_rahul)
        found = db.session.get(FoundReport, match.found_report_id)
        decided = db.session.get(Match, match.id)
        assert missing.status == "traced" and missing.traced_at is not None
        assert found.missing_report_id == surat_rahul
        assert decided.status == "confirmed" and decided.decided_by.username == "dcpu_amd"
        audited = {(a.table_name, a.action) for a in db.session.scalars(
            select(AuditLog).where(AuditLog.username == "dcpu_amd"))}
        assert ("matches", "update") in audited and ("missing_reports", "update") in audited

    # The Surat side sees the traced report and the restoration waiting.
    auth.logout()
    auth.login("dcpu_srt")
    queue = client.get("/admin/matches/").get_data(as_text=True)
    assert f"/admin/matches/pair/{match.id}/" in queue


def test_rejected_pair_never_comes_back(app, client, auth, surat_rahul):
    auth.login("police_amd")
    _register_found_in_ahmedabad(client)
    match = _match(app, surat_rahul)
    auth.logout()
    auth.login("dcpu_srt")  # the missing side's reviewer may decide too
    page = client.get(f"/admin/matches/pair/{match.id}/")
    no_reason = client.post(f"/admin/matches/pair/{match.id}/decide/",
                            data={"decision": "reject", "note": "", "csrf_token": csrf_from(page)})
    assert no_reason.status_code == 302 and _match(app, surat_rahul).status == "proposed"
    client.post(f"/admin/matches/pair/{match.id}/decide/",
                data={"decision": "reject", "note": "Different mole, parents say no",
                      "csrf_token": csrf_from(page)})
    assert _match(app, surat_rahul).status == "rejected"

    # Editing the found report runs matching again; the pair stays rejected.
    auth.logout()
    auth.login("police_amd")
    url = f"/admin/found_report/edit/?id={match.found_report_id}"
    fields = edit_fields(client, url)
    fields["clothes"] = "Grey shirt"
    assert client.post(url, data=fields).status_code == 302
    with app.app_context():
        pairs = db.session.scalars(select(Match).where(Match.missing_report_id == surat_rahul)).all()
        assert [m.status for m in pairs] == ["rejected"]
    auth.logout()
    auth.login("dcpu_amd")
    assert f"/admin/matches/pair/{match.id}/" not in client.get("/admin/matches/").get_data(as_text=True)


def test_queue_and_pairs_respect_scope(app, client, auth, surat_rahul):
    auth.login("police_amd")
    _register_found_in_ahmedabad(client)
    match = _match(app, surat_rahul)
    for username, sees in (("dcpu_pune", False), ("police_pune", False), ("cwc_srt", False),
                           ("cwc_amd", True), ("sjpu_srt", True)):
        auth.logout()
        auth.login(username)
        queue = client.get("/admin/matches/").get_data(as_text=True)
        assert (f"/admin/matches/pair/{match.id}/" in queue) is sees, username
        pair = client.get(f"/admin/matches/pair/{match.id}/")
        assert pair.status_code == (200 if sees else 404), username
        if not sees:
            token = auth.csrf("/admin/matches/")
            client.post(f"/admin/matches/pair/{match.id}/decide/",
                        data={"decision": "confirm", "csrf_token": token})
            assert _match(app, surat_rahul).status == "proposed"
    for username in ("ngo_amd", "cci_amd", "jjb_amd"):
        auth.logout()
        auth.login(username)
        assert client.get("/admin/matches/").status_code == 403


def test_threshold_is_the_users_own(app, client, auth, surat_rahul):
    auth.login("police_amd")
    _register_found_in_ahmedabad(client)
    match = _match(app, surat_rahul)
    auth.logout()
    auth.login("dcpu_amd")
    page = client.get("/admin/matches/")
    client.post("/admin/matches/", data={"threshold": "100", "csrf_token": csrf_from(page)})
    assert f"/admin/matches/pair/{match.id}/" not in client.get("/admin/matches/").get_data(as_text=True)
    bad = client.post("/admin/matches/", data={"threshold": "500", "csrf_token": csrf_from(page)})
    assert bad.status_code == 200 and "between 0 and 100" in bad.get_data(as_text=True)


def test_cwc_records_the_restoration_order(app, client, auth, surat_rahul):
    auth.login("police_amd")
    _register_found_in_ahmedabad(client)
    match = _match(app, surat_rahul)
    auth.logout()
    auth.login("cwc_amd")
    page = client.get(f"/admin/matches/pair/{match.id}/")
    client.post(f"/admin/matches/pair/{match.id}/decide/",
                data={"decision": "confirm", "csrf_token": csrf_from(page)})
    page = client.get(f"/admin/matches/pair/{match.id}/")
    assert "Record the restoration order" in page.get_data(as_text=True)
    client.post(f"/admin/matches/pair/{match.id}/restoration/",
                data={"order_number": "CWC/AMD/2026/77", "order_date": "2026-10-27",
                      "csrf_token": csrf_from(page)})
    with app.app_context():
        decided = db.session.get(Match, match.id)
        order = decided.restoration_order
        assert order is not None and order.order_type == "restoration"
        assert order.child.status == "restored" and decided.found_report.status == "restored"
        assert db.session.scalar(select(CwcOrder.id).where(CwcOrder.order_number == "CWC/AMD/2026/77"))


def test_match_card_photo_is_served_only_through_a_pair(app, client, auth, world, surat_rahul):
    from models import Photo
    with app.app_context():
        photo = Photo(data=b"\xff\xd8fake", mime="image/jpeg", width=1, height=1)
        report = db.session.get(MissingReport, surat_rahul)
        report.photo = photo
        db.session.commit()
    auth.login("dcpu_amd")
    assert client.get(f"/admin/matches/photo/missing/{surat_rahul}/").status_code == 404
    auth.logout()
    auth.login("police_amd")
    _register_found_in_ahmedabad(client)
    auth.logout()
    auth.login("dcpu_amd")
    assert client.get(f"/admin/matches/photo/missing/{surat_rahul}/").status_code == 200
    auth.logout()
    auth.login("dcpu_pune")
    assert client.get(f"/admin/matches/photo/missing/{surat_rahul}/").status_code == 404
