"""The moderation queue of citizens' reports, and the CWC's approval of a found
child for public display, through the panel pages a person uses."""
import json
from datetime import timedelta

import pytest
from sqlalchemy import select

from extensions import db
from models import AuditLog, CitizenReport, FoundReport, Match, MissingReport, Photo
from tests import access_cases
from tests.conftest import csrf_from
from tests.helpers import db_fingerprint, edit_fields, jpeg, row_count
from tests.world import NOW


def _row(app, model, pk):
    with app.app_context():
        row = db.session.get(model, pk)
        db.session.expunge_all()
        db.session.remove()
    return row


def _add(app, *records):
    with app.app_context():
        db.session.add_all(records)
        db.session.commit()
        ids = [r.id for r in records]
        db.session.remove()
    return ids


def _seen(world, **extra):
    values = {"kind": "seen", "district_id": world.district["amd"], "child_name": "Chhotu",
                  "gender": "male", "age_years": 6, "place": "Maninagar railway station",
                  "event_at": NOW - timedelta(days=1), "reporter_name": "Dinesh",
                  "reporter_phone": "98250 11111", "declaration_accepted": True,
                  "description": "Sitting alone on platform 2."}
    values.update(extra)
    return CitizenReport(**values)


def _accept(client, endpoint, citizen_id, changes=None):
    """Open the accept form (the create form filled in), change a little, save."""
    url = f"/admin/{endpoint}/new/?citizen_report={citizen_id}&url=/admin/citizen_report/"
    page = client.get(url)
    assert page.status_code == 200, page.status_code
    data, _ = access_cases.main_form(page.get_data(as_text=True))
    data.update(changes or {})
    return page, client.post(url, data=data)


# ---- the queue ---------------------------------------------------------------------------
def test_the_queue_shows_the_district_reports_waiting(app, client, auth, world):
    (decided,) = _add(app, _seen(world, child_name="Decided Child", status="rejected",
                                 reject_reason="Duplicate"))
    auth.login("police_amd")
    html = client.get("/admin/citizen_report/").get_data(as_text=True)
    assert "Asha amd" in html and "Asha srt" not in html and "Decided Child" not in html
    assert "List (1)" in html
    every = client.get("/admin/citizen_report/?flt0_status_is=all").get_data(as_text=True)
    assert "Decided Child" in every and "Asha srt" not in every
    rejected = client.get("/admin/citizen_report/?flt0_status_is=rejected").get_data(as_text=True)
    assert "Decided Child" in rejected and "Asha amd" not in rejected
    # Found by the reference as the sender reads it out.
    reference = _row(app, CitizenReport, decided).display_reference
    found = client.get("/admin/citizen_report/", query_string={
        "search": reference.lower(), "flt0_status_is": "all"}).get_data(as_text=True)
    assert "Decided Child" in found and "Asha amd" not in found


def test_citizen_reports_are_never_created_or_edited_in_the_panel(app, client, auth, world):
    auth.login("dcpu_amd")
    before = db_fingerprint(app)
    token = csrf_from(client.get("/admin/citizen_report/"))
    rid = world.citizen["amd"]
    assert client.get("/admin/citizen_report/new/").status_code == 403
    assert client.post("/admin/citizen_report/new/", data={
        "csrf_token": token, "child_name": "Forged"}).status_code == 403
    assert client.get(f"/admin/citizen_report/edit/?id={rid}").status_code == 403
    assert client.post(f"/admin/citizen_report/edit/?id={rid}", data={
        "csrf_token": token, "status": "accepted"}).status_code == 403
    assert db_fingerprint(app) == before


# ---- accepting -------------------------------------------------------------------------
def test_accepting_a_missing_child_report_creates_the_report_and_runs_matching(app, client, auth, world):
    # A found child in Ahmedabad who could be Asha: matching must propose the pair.
    (found,) = _add(app, FoundReport(
        child_name="Asha", gender="female", estimated_age_years=8, district_id=world.district["amd"],
        found_at=NOW - timedelta(days=1), place_found="Bus stand", status="open"))
    citizen = world.citizen["amd"]
    auth.login("police_amd")
    page, response = _accept(client, "missing_report", citizen)
    html = page.get_data(as_text=True)
    assert "Filled in from the citizen&#39;s report CR-" in html or "Filled in from the citizen's report CR-" in html
    assert 'value="Asha amd"' in html and 'value="secret-reporter-amd"' in html
    assert response.status_code == 302 and response.location.endswith("/admin/citizen_report/")
    row = _row(app, CitizenReport, citizen)
    assert row.status == "accepted" and row.decided_by_id == world.user["police_amd"]
    report = _row(app, MissingReport, row.missing_report_id)
    assert (report.child_name, report.district_id, report.police_unit_id) == (
        "Asha amd", world.district["amd"], world.unit["amd_ps1"])
    assert report.registered_by_id == world.user["police_amd"]
    assert report.guardian_phone == "secret-reporter-amd" and report.status == "open"
    with app.app_context():
        match = db.session.scalar(select(Match).where(Match.missing_report_id == report.id,
                                                      Match.found_report_id == found))
        assert match is not None and match.status == "proposed"
        log = db.session.scalar(select(AuditLog).where(
            AuditLog.table_name == "citizen_reports", AuditLog.record_id == citizen,
            AuditLog.action == "update"))
        assert log.username == "police_amd" and json.loads(log.changes)["status"] == ["received", "accepted"]
        db.session.remove()
    # Once accepted, it cannot be accepted again.
    again = client.get(f"/admin/missing_report/new/?citizen_report={citizen}")
    assert again.status_code == 302 and f"/admin/citizen_report/details/?id={citizen}" in again.location
    assert row_count(app, MissingReport) == 7


def test_accepting_a_seen_child_report_creates_a_found_report_with_its_photo(app, client, auth, world):
    (citizen,) = _add(app, _seen(world, photo=Photo(data=jpeg((32, 32), (10, 200, 10)), mime="image/jpeg", width=32,
                                                    height=32)))
    photo_id = _row(app, CitizenReport, citizen).photo_id
    auth.login("dcpu_amd")
    details = client.get(f"/admin/citizen_report/details/?id={citizen}").get_data(as_text=True)
    assert 'id="accept"' in details and "98250 11111" in details
    _page, response = _accept(client, "found_report", citizen, {"clothes": "Red shirt"})
    assert response.status_code == 302
    row = _row(app, CitizenReport, citizen)
    found = _row(app, FoundReport, row.found_report_id)
    assert row.status == "accepted"
    assert (found.child_name, found.district_id, found.place_found, found.clothes) == (
        "Chhotu", world.district["amd"], "Maninagar railway station", "Red shirt")
    assert found.circumstances == "Sitting alone on platform 2." and found.photo_id == photo_id
    assert found.finder_contact == "98250 11111" and not found.public_display_approved


def test_a_form_error_while_accepting_keeps_it_waiting(app, client, auth, world):
    auth.login("dcpu_amd")
    before = db_fingerprint(app)
    _page, response = _accept(client, "missing_report", world.citizen["amd"], {"gender": ""})
    assert response.status_code == 200
    assert db_fingerprint(app) == before
    assert _row(app, CitizenReport, world.citizen["amd"]).status == "received"


def test_two_officers_accepting_at_once_register_it_once(app, world):
    from tests.conftest import Auth
    first, second = app.test_client(), app.test_client()
    Auth(first).login("dcpu_amd")
    Auth(second).login("sjpu_amd")
    url = f"/admin/missing_report/new/?citizen_report={world.citizen['amd']}"
    form_a = access_cases.main_form(first.get(url).get_data(as_text=True))[0]
    form_b = access_cases.main_form(second.get(url).get_data(as_text=True))[0]
    assert first.post(url, data=form_a).status_code == 302
    count = row_count(app, MissingReport)
    refused = second.post(url, data=form_b)
    assert refused.status_code == 302 and "/admin/citizen_report/details/" in refused.location
    assert row_count(app, MissingReport) == count


@pytest.mark.parametrize("username", ["dcpu_srt", "police_srt", "cwc_amd", "ngo_amd",
                                      "stateadmin_gj", "national"])
def test_who_may_not_accept_sees_no_such_report(app, client, auth, world, username):
    auth.login(username)
    before = db_fingerprint(app)
    citizen = world.citizen["amd"]
    for endpoint in ("missing_report", "found_report"):
        response = client.get(f"/admin/{endpoint}/new/?citizen_report={citizen}")
        missing = client.get(f"/admin/{endpoint}/new/?citizen_report=999999")
        assert response.status_code in (403, 404) and response.status_code == missing.status_code
    assert db_fingerprint(app) == before


def test_a_report_of_one_kind_cannot_be_accepted_as_the_other(client, auth, world):
    auth.login("dcpu_amd")
    assert client.get(f"/admin/found_report/new/?citizen_report={world.citizen['amd']}").status_code == 404


# ---- rejecting ------------------------------------------------------------------------
def test_rejecting_needs_a_reason_and_keeps_the_report(app, client, auth, world):
    citizen = world.citizen["amd"]
    auth.login("sjpu_amd")
    url = f"/admin/citizen_report/reject/?id={citizen}"
    page = client.get(url)
    assert page.status_code == 200
    before = db_fingerprint(app)
    token = csrf_from(page)
    for bad, message in (({"reason": "Some words"}, "Choose a reason."),
                         ({"reason_code": "made_up"}, "Not a valid choice"),
                         ({"reason_code": "other", "reason": "  "},
                          "Write the reason for the person who sent the report.")):
        refused = client.post(url, data={"csrf_token": token, **bad})
        assert refused.status_code == 200 and message in refused.get_data(as_text=True), bad
        assert db_fingerprint(app) == before
    done = client.post(url, data={"csrf_token": token, "reason_code": "duplicate",
                                  "reason": "Already registered as M-1 at Ahmedabad PS 1."})
    assert done.status_code == 302
    row = _row(app, CitizenReport, citizen)
    assert row.status == "rejected" and row.reject_reason == "Already registered as M-1 at Ahmedabad PS 1."
    assert row.reject_reason_code == "duplicate"
    assert row.decided_by_id == world.user["sjpu_amd"] and row.missing_report_id is None
    assert row_count(app, CitizenReport) == 3  # kept
    # Decided: no second decision, and no accepting it either.
    again = client.post(url, data={"csrf_token": csrf_from(page), "reason_code": "other",
                                   "reason": "Twice"})
    assert again.status_code == 302 and _row(app, CitizenReport, citizen).reject_reason.startswith("Already")
    assert client.get(f"/admin/missing_report/new/?citizen_report={citizen}").status_code == 302


def test_out_of_district_users_see_the_report_as_not_existing(app, client, auth, world):
    auth.login("dcpu_srt")
    citizen = world.citizen["amd"]
    assert client.get(f"/admin/citizen_report/details/?id={citizen}").status_code == \
        client.get("/admin/citizen_report/details/?id=999999").status_code
    token = csrf_from(client.get("/admin/citizen_report/"))
    before = db_fingerprint(app)
    out = client.post(f"/admin/citizen_report/reject/?id={citizen}",
                      data={"csrf_token": token, "reason_code": "other", "reason": "Not mine"})
    none = client.post("/admin/citizen_report/reject/?id=999999",
                       data={"csrf_token": token, "reason_code": "other", "reason": "Not mine"})
    assert (out.status_code, out.location) == (none.status_code, none.location)
    assert db_fingerprint(app) == before
    assert "Asha amd" not in client.get("/admin/citizen_report/?flt0_status_is=all").get_data(as_text=True)


# ---- the CWC's approval for public display --------------------------------------------------
def _decide_display(client, found_id, decision):
    token = csrf_from(client.get(f"/admin/found_report/details/?id={found_id}"))
    return client.post(f"/admin/found_report/public_display/?id={found_id}",
                       data={"csrf_token": token, "decision": decision})


def test_the_district_cwc_approves_and_withdraws_public_display(app, client, auth, world):
    found = world.found["amd_ps1"]
    auth.login("cwc_amd")
    assert 'id="public-display"' in client.get(f"/admin/found_report/details/?id={found}").get_data(as_text=True)
    assert _decide_display(client, found, "approve").status_code == 302
    row = _row(app, FoundReport, found)
    assert row.public_display_approved and row.public_display_approved_by_id == world.user["cwc_amd"]
    assert row.public_display_approved_at is not None
    assert found in _public_found(client)
    assert _decide_display(client, found, "withdraw").status_code == 302
    row = _row(app, FoundReport, found)
    assert not row.public_display_approved and row.public_display_approved_by_id is None
    assert found not in _public_found(client)


def _public_found(client):
    import re
    html = client.get("/public/search?kind=found").get_data(as_text=True)
    return {int(i) for i in re.findall(r'data-kind="found" data-id="(\d+)"', html)}


@pytest.mark.parametrize("username,status", [("dcpu_amd", 403), ("police_amd", 403),
                                             ("stateadmin_gj", 403), ("cwc_srt", 302)])
def test_no_one_else_approves_public_display(app, client, auth, world, username, status):
    found = world.found["amd_ps1"]
    auth.login(username)
    token = csrf_from(client.get("/password"))
    before = db_fingerprint(app)
    response = client.post(f"/admin/found_report/public_display/?id={found}",
                           data={"csrf_token": token, "decision": "approve"})
    none = client.post("/admin/found_report/public_display/?id=999999",
                       data={"csrf_token": token, "decision": "approve"})
    assert response.status_code == status and (response.status_code, response.location) == (
        none.status_code, none.location)
    assert db_fingerprint(app) == before
    assert 'id="public-display"' not in client.get(f"/admin/found_report/details/?id={found}").get_data(as_text=True)


def test_approval_is_refused_for_a_victim_a_witness_or_a_child_in_conflict_with_law(app, client, auth, world):
    victim, ccl = _add(app, FoundReport(child_name="Victim", gender="female", estimated_age_years=12,
                                        district_id=world.district["amd"], found_at=NOW,
                                        victim_or_witness=True),
                       FoundReport(child_name="Ccl", gender="male", estimated_age_years=15,
                                   district_id=world.district["amd"], found_at=NOW,
                                   child_id=world.child["amd_ccl"]))
    auth.login("cwc_amd")
    for found, message in ((victim, "victim or witness"), (ccl, "in conflict with law")):
        before = db_fingerprint(app)
        response = _decide_display(client, found, "approve")
        page = client.get(response.location).get_data(as_text=True)
        assert message in page
        assert db_fingerprint(app) == before and not _row(app, FoundReport, found).public_display_approved


def test_marking_an_approved_child_as_a_victim_withdraws_the_approval(app, client, auth, world):
    found = world.found["amd_ps1"]
    auth.login("cwc_amd")
    _decide_display(client, found, "approve")
    assert found in _public_found(client)
    auth.logout()
    auth.login("police_amd")
    url = f"/admin/found_report/edit/?id={found}"
    fields = edit_fields(client, url)
    fields["victim_or_witness"] = "y"
    assert client.post(url, data=fields).status_code == 302
    row = _row(app, FoundReport, found)
    assert row.victim_or_witness and not row.public_display_approved
    assert found not in _public_found(client)


def test_the_victim_field_is_on_the_found_report_form(client, auth, world):
    auth.login("police_amd")
    html = client.get("/admin/found_report/new/").get_data(as_text=True)
    assert 'name="victim_or_witness"' in html
    assert "The child is a victim or witness of an offence" in html
