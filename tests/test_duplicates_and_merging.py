"""The same child registered twice (issue #13 item 4): the engine searches the
same kind before a report is saved or edited, whatever the name's script or
with no name; a DCPU merges two reports of one child, every link moving to the
report kept, both histories kept, and refuses what would join two children."""
import json
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from extensions import db
from models import (
    AuditLog,
    CitizenReport,
    FoundReport,
    Match,
    MissingReport,
    Photo,
    PoliceReport,
)
from models.matches import CONFIRMED, PROPOSED
from tests.conftest import csrf_from
from tests.helpers import edit_fields, submit
from tests.world import NOW

FOUND_FORM = {"gender": "female", "estimated_age_years": "8", "height_cm": "122",
              "identification_marks": "burn mark on left hand", "found_at": "2026-10-31 09:00",
              "place_found": "Kalupur railway station", "status": "open"}


def _count(app, model):
    with app.app_context():
        return db.session.scalar(select(func.count(model.id)))


def test_a_nameless_found_child_registered_twice_is_warned(app, client, auth, world):
    """No name to compare: the engine still finds the same girl (age, marks,
    height, place, date) registered by the station an hour before."""
    auth.login("police_amd")
    assert submit(client, "/admin/found_report/new/", FOUND_FORM).status_code == 302
    before = _count(app, FoundReport)
    again = submit(client, "/admin/found_report/new/", {**FOUND_FORM, "found_at": "2026-10-31 10:00"})
    assert again.status_code == 200
    html = again.get_data(as_text=True)
    assert 'id="possible-duplicates"' in html and 'id="not_a_duplicate"' in html
    assert _count(app, FoundReport) == before
    # A boy of 15 is not that girl: saved at once.
    assert submit(client, "/admin/found_report/new/", {
        **FOUND_FORM, "gender": "male", "estimated_age_years": "15", "identification_marks": "",
        "height_cm": "160"}).status_code == 302


def test_an_edit_that_makes_a_report_look_like_another_is_warned(app, client, auth, world):
    auth.login("police2_amd")  # the station of Meena's report
    url = f"/admin/missing_report/edit/?id={world.missing['amd_ps2']}"
    fields = edit_fields(client, url)
    # Meena (12) becomes "Priya amd", 9: the same as the open report of Priya.
    changed = {**fields, "child_name": "Priya amd", "age_years": "9", "csrf_token": csrf_from(client.get(url))}
    response = client.post(url, data=changed)
    assert response.status_code == 200 and 'id="possible-duplicates"' in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(MissingReport, world.missing["amd_ps2"]).child_name == "Meena amd"
    saved = client.post(url, data={**changed, "not_a_duplicate": "1",
                                   "csrf_token": csrf_from(client.get(url))})
    assert saved.status_code == 302
    # An edit that changes nothing the engine reads is not held back.
    fields = edit_fields(client, url)
    plain = client.post(url, data={**fields, "guardian_name": "Someone",
                                   "csrf_token": csrf_from(client.get(url))})
    assert plain.status_code == 302


@pytest.fixture
def two_reports(app, world):
    """Priya amd registered twice in Ahmedabad, the second with a photo, a pet
    name, a police record, a citizen's report, a found child linked and a proposal."""
    with app.app_context():
        first = db.session.get(MissingReport, world.missing["amd_ps1"])
        photo = Photo(data=b"jpeg", mime="image/jpeg", width=1, height=1)
        second = MissingReport(
            child_name="Priya", aliases="Pinki", gender="female", age_years=9, district_id=first.district_id,
            police_unit_id=world.unit["amd_ps2"], missing_at=NOW - timedelta(days=29), reason="lost",
            photo=photo)
        db.session.add(second)
        db.session.flush()
        police = PoliceReport(kind="gd", number="GD-2", report_date=NOW.date(),
                              police_unit_id=world.unit["amd_ps2"], district_id=first.district_id,
                              missing_report_id=second.id)
        citizen = db.session.get(CitizenReport, world.citizen["amd"])
        citizen.missing_report_id = second.id
        proposal = Match(missing_report_id=second.id, found_report_id=world.found["srt_ngo"],
                         score=35.0, status=PROPOSED)
        db.session.add_all([police, proposal])
        db.session.commit()
        return first.id, second.id, police.id, citizen.id, proposal.id


def _merge_url(report_id, other, keep="this"):
    return f"/admin/missing_report/merge/?id={report_id}&other={other}&keep={keep}"


def test_a_dcpu_merges_and_every_link_moves_with_its_history(app, client, auth, two_reports):
    first, second, police, citizen, proposal = two_reports
    auth.login("dcpu_amd")
    preview = client.get(_merge_url(first, f"M-{second}"))
    html = preview.get_data(as_text=True)
    assert preview.status_code == 200 and 'id="merge-preview"' in html
    for said in ("Possible and decided matches: 1", "Police records: 1",
                 "Citizen reports accepted into it: 1", "Photo: 1", "Names, kept as other names: 2"):
        assert said in html
    with app.app_context():
        last_audit = db.session.scalar(select(func.max(AuditLog.id)))
    done = client.post(f"/admin/missing_report/merge/?id={first}",
                       data={"csrf_token": csrf_from(preview), "other": f"M-{second}", "keep": "this"})
    assert done.status_code == 302 and f"details/?id={first}" in done.headers["Location"]
    with app.app_context():
        kept, gone = db.session.get(MissingReport, first), db.session.get(MissingReport, second)
        assert gone.archived_at is not None and gone.archive_reason == f"merged into M-{first}"
        assert gone.merged_into_id == first and gone.photo_id is None
        assert kept.photo_id is not None and "Pinki" in kept.aliases
        assert db.session.get(Match, proposal).missing_report_id == first
        assert db.session.get(PoliceReport, police).missing_report_id == first
        assert db.session.get(CitizenReport, citizen).missing_report_id == first
        tables = {(row.table_name, row.record_id) for row in db.session.scalars(
            select(AuditLog).where(AuditLog.id > last_audit))}
        assert {("matches", proposal), ("police_reports", police), ("citizen_reports", citizen),
                ("missing_reports", first), ("missing_reports", second)} <= tables
        entry = db.session.scalar(select(AuditLog).where(AuditLog.table_name == "matches",
                                                         AuditLog.record_id == proposal)
                                  .order_by(AuditLog.id.desc()))
        assert json.loads(entry.changes)["missing_report_id"] == [second, first]
    page = client.get(f"/admin/missing_report/details/?id={second}").get_data(as_text=True)
    assert 'id="merged-into"' in page


def test_a_merge_is_refused_for_two_children_or_a_closed_report(app, client, auth, world, two_reports):
    first, second, *_ = two_reports
    with app.app_context():
        for missing_id, found_key in ((first, "amd_ps1"), (second, "amd_ngo")):
            db.session.add(Match(missing_report_id=missing_id, found_report_id=world.found[found_key],
                                 score=80.0, status=CONFIRMED))
        db.session.commit()
    auth.login("dcpu_amd")
    page = client.get(_merge_url(first, second)).get_data(as_text=True)
    assert 'id="merge-refused"' in page and "confirmed match, to different children" in page
    refused = client.post(f"/admin/missing_report/merge/?id={first}",
                          data={"csrf_token": csrf_from(client.get(_merge_url(first, second))),
                                "other": str(second)})
    assert refused.status_code == 200
    with app.app_context():
        assert db.session.get(MissingReport, second).archived_at is None
        db.session.execute(Match.__table__.delete().where(Match.status == CONFIRMED))
        db.session.get(MissingReport, second).status = "closed"
        db.session.commit()
    page = client.get(_merge_url(first, second)).get_data(as_text=True)
    assert "not closed or archived" in page
    assert "not closed or archived" in client.get(_merge_url(second, first)).get_data(as_text=True)


def test_merging_is_for_the_dcpu_of_the_district(app, client, auth, world, two_reports):
    first, second, *_ = two_reports
    auth.login("police_amd")
    assert client.get(_merge_url(first, second)).status_code == 403
    auth.logout()
    auth.login("dcpu_srt")
    assert client.get(_merge_url(first, second)).status_code == 404
    auth.logout()
    auth.login("dcpu_amd")
    # A report of another district, or that does not exist, is no report to merge with.
    other = client.get(_merge_url(first, world.missing["srt_ps1"])).get_data(as_text=True)
    assert "No such report in your district" in other
    assert "No such report in your district" in client.get(_merge_url(first, "abc")).get_data(as_text=True)
    assert "cannot be merged into itself" in client.get(_merge_url(first, first)).get_data(as_text=True)


def test_the_engine_searches_the_same_kind_leaving_the_query_out():
    """MatchIndex.search_same_kind: records of the query's own kind only, its own
    id left out, an earlier record found as well as a later one."""
    from matching import DEFAULT_PET_NAMES, MatchIndex
    base = {"gender": "female", "age_years": 8, "state": "Gujarat", "district": "Ahmedabad",
            "identification_marks": "mole on right cheek"}
    index = MatchIndex.from_records([
        {**base, "id": "missing:1", "kind": "missing", "name": "Dhara", "event_date": "2026-11-30"},
        {**base, "id": "missing:2", "kind": "missing", "name": "Dhara", "event_date": "2026-11-28"},
        {**base, "id": "found:3", "kind": "found", "name": "", "event_date": "2026-12-01"},
    ], DEFAULT_PET_NAMES)
    query = {**base, "id": "missing:1", "kind": "missing", "name": "Dhara", "event_date": "2026-11-30"}
    results = index.search_same_kind(query, k=5)
    assert [r.id for r in results] == ["missing:2"]
    assert [r.id for r in index.search(query, k=5)] == ["found:3"]
