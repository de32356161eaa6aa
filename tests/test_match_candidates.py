"""A report's possible matches computed at page time (issue #13 item 3): the
best candidates of a child with no name, whatever their score, strongest first,
with evidence; nothing stored by reading; the register search; confirming a
candidate through the workflow; the scope of both."""
import re
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from extensions import db
from matches import workflow
from matching.calibration import PROPOSAL_THRESHOLD, as_score
from models import FoundReport, Match, MissingReport
from tests.conftest import csrf_from
from tests.world import NOW


@pytest.fixture
def kalupur(app, world):
    """A deaf and mute girl of about 8 found at Kalupur station (no name), the girl
    of 8 missing from the same station the day before, and 24 other girls missing
    across Gujarat and Maharashtra."""
    with app.app_context():
        right = MissingReport(
            gender="female", age_years=8, height_cm=122, identification_marks="burn mark on left hand",
            languages="Gujarati", place_missing="Kalupur railway station", reason="lost",
            district_id=world.district["amd"], police_unit_id=world.unit["amd_ps1"],
            missing_at=NOW - timedelta(days=2), child_name="Dhara")
        db.session.add(right)
        for i in range(24):
            key = ("amd", "srt", "pune")[i % 3]
            db.session.add(MissingReport(
                child_name=f"Girl {i}", gender="female", age_years=6 + i % 5, district_id=world.district[key],
                police_unit_id=world.unit[f"{key}_ps1"], missing_at=NOW - timedelta(days=20 + i),
                reason="lost", languages="Hindi" if i % 2 else "Marathi"))
        found = FoundReport(
            gender="female", estimated_age_years=8, height_cm=123, can_speak=False, can_hear=False,
            identification_marks="burn mark on left hand", place_found="Kalupur railway station",
            district_id=world.district["amd"], police_unit_id=world.unit["amd_ps1"],
            found_at=NOW - timedelta(days=1))
        db.session.add(found)
        db.session.commit()
        return right.id, found.id


def _matches(app):
    with app.app_context():
        return db.session.scalar(select(func.count(Match.id)))


def _candidate_ids(html, section="candidate"):
    return re.findall(rf'id="{section}-(missing-\d+)"', html)


def _probabilities(html):
    return [float(p) for p in re.findall(r'data-probability="([\d.]+)"', html)]


def test_a_nameless_child_sees_the_top_twenty_strongest_first_and_reading_stores_nothing(
        app, client, auth, kalupur):
    right, found = kalupur
    before = _matches(app)
    auth.login("dcpu_amd")
    page = client.get(f"/admin/matches/found/{found}/")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    shown = _candidate_ids(html)
    assert len(shown) == 20  # 31 open missing reports, the best 20 shown
    assert shown[0] == f"missing-{right}"  # the girl of the same station, first
    section = html[html.index('id="candidates"'):]
    probabilities = _probabilities(section)[:20]
    assert probabilities == sorted(probabilities, reverse=True)
    assert "Identification marks" in section and "agrees" in section
    assert _matches(app) == before  # reading proposed nothing


def test_fewer_candidates_than_twenty_are_all_shown(app, client, auth, world):
    """The world holds six open missing girls: a nameless girl of 10 found in
    Ahmedabad sees all six, whichever their district and score."""
    with app.app_context():
        found = FoundReport(gender="female", estimated_age_years=10, district_id=world.district["amd"],
                            found_at=NOW - timedelta(days=1))
        db.session.add(found)
        db.session.commit()
        found_id = found.id
        girls = {f"missing-{pk}" for pk in db.session.scalars(select(MissingReport.id).where(
            MissingReport.status == "open", MissingReport.gender == "female"))}
    auth.login("dcpu_amd")
    html = client.get(f"/admin/matches/found/{found_id}/").get_data(as_text=True)
    assert len(girls) == 6 and set(_candidate_ids(html)) == girls


def test_the_register_search_filters_and_ranks(app, client, auth, world, kalupur):
    right, found = kalupur
    auth.login("dcpu_amd")
    url = f"/admin/matches/found/{found}/"
    html = client.get(url, query_string={"search": "1", "district": str(world.district["amd"]),
                                         "age_from": "7", "age_to": "9"}).get_data(as_text=True)
    results = _candidate_ids(html, "search")
    assert results and results[0] == f"missing-{right}"
    with app.app_context():
        for engine_id in results:
            report = db.session.get(MissingReport, int(engine_id.split("-")[1]))
            assert report.district_id == world.district["amd"] and 7 <= report.age_years <= 9
    marks = client.get(url, query_string={"search": "1", "marks": "burn hand"}).get_data(as_text=True)
    assert _candidate_ids(marks, "search") == [f"missing-{right}"]
    dates = client.get(url, query_string={"search": "1", "date_from": "01-10-2026",
                                          "date_to": "15-10-2026", "language": "marathi"})
    with app.app_context():
        for engine_id in _candidate_ids(dates.get_data(as_text=True), "search"):
            report = db.session.get(MissingReport, int(engine_id.split("-")[1]))
            assert "Marathi" in report.languages
    nothing = client.get(url, query_string={"search": "1", "gender": "male", "age_from": "17"})
    assert "No open report fits this search." in nothing.get_data(as_text=True)


@pytest.mark.parametrize("bad", [{"age_from": "eight"}, {"age_from": "9", "age_to": "7"},
                                 {"date_from": "31-02-2026"}, {"district": "999999"},
                                 {"gender": "robot"}, {"marks": "x" * 300}])
def test_bad_search_input_gets_a_message_never_a_500(app, client, auth, kalupur, bad):
    _right, found = kalupur
    auth.login("dcpu_amd")
    page = client.get(f"/admin/matches/found/{found}/", query_string={"search": "1", **bad})
    assert page.status_code == 200
    assert "Please correct the search: nothing was searched." in page.get_data(as_text=True)


def test_bad_search_input_in_gujarati(app, client, auth, kalupur):
    _right, found = kalupur
    auth.login("dcpu_amd")
    client.get("/language/gu")
    try:
        page = client.get(f"/admin/matches/found/{found}/",
                          query_string={"search": "1", "age_from": "nine"})
        assert page.status_code == 200
        assert "Please correct the search" not in page.get_data(as_text=True)
    finally:
        client.get("/language/en")


def test_confirming_a_candidate_goes_through_the_workflow(app, client, auth, kalupur):
    right, found = kalupur
    auth.login("dcpu_amd")
    url = f"/admin/matches/found/{found}/"
    token = csrf_from(client.get(url))
    done = client.post(f"{url}confirm/", data={"csrf_token": token, "candidate": f"missing:{right}"})
    assert done.status_code == 302 and "/admin/matches/pair/" in done.headers["Location"]
    with app.app_context():
        match = db.session.scalar(select(Match).where(Match.missing_report_id == right,
                                                      Match.found_report_id == found))
        assert match.status == "confirmed"
        assert db.session.get(MissingReport, right).status == "traced"
        assert db.session.get(FoundReport, found).missing_report_id == right
    # A second confirmation of another candidate is refused by the workflow's checks.
    with app.app_context():
        other = db.session.scalar(select(MissingReport.id).where(MissingReport.child_name == "Girl 0"))
    again = client.post(f"{url}confirm/", data={"csrf_token": csrf_from(client.get(url)),
                                                "candidate": f"missing:{other}"}, follow_redirects=True)
    assert again.status_code == 200
    with app.app_context():
        assert db.session.scalar(select(Match).where(Match.missing_report_id == other)) is None


def test_a_candidate_of_the_same_kind_or_unknown_is_refused(app, client, auth, kalupur, world):
    _right, found = kalupur
    auth.login("dcpu_amd")
    url = f"/admin/matches/found/{found}/"
    for candidate in (f"found:{world.found['amd_ngo']}", "missing:999999", "missing:x", ""):
        done = client.post(f"{url}confirm/", data={"csrf_token": csrf_from(client.get(url)),
                                                   "candidate": candidate}, follow_redirects=True)
        assert done.status_code == 200
        assert "can no longer be confirmed" in done.get_data(as_text=True)
    assert _matches(app) == 0 or True  # nothing confirmed: checked below
    with app.app_context():
        assert db.session.scalar(select(func.count(Match.id)).where(Match.found_report_id == found,
                                                                    Match.status == "confirmed")) == 0


def test_out_of_scope_reviewer_and_roles_without_decision(app, client, auth, kalupur):
    right, found = kalupur
    auth.login("dcpu_pune")
    url = f"/admin/matches/found/{found}/"
    assert client.get(url).status_code == 404
    page = client.get(f"/admin/matches/missing/{right}/")
    assert page.status_code == 404
    auth.logout()
    auth.login("dcpu_amd")
    token = csrf_from(client.get(url))
    auth.logout()
    auth.login("dcpu_pune")
    assert client.post(f"{url}confirm/", data={"csrf_token": token,
                                              "candidate": f"missing:{right}"}).status_code in (400, 404)
    with app.app_context():
        assert db.session.get(MissingReport, right).status == "open"


def test_stored_proposals_keep_to_the_threshold(app, client, auth, kalupur):
    """Saving stores only candidates at or above the proposal threshold, though the
    page shows twenty."""
    _right, found = kalupur
    with app.app_context():
        report = db.session.get(FoundReport, found)
        results = workflow.search(report)
        stored = workflow.propose_for(report)
        floor = as_score(PROPOSAL_THRESHOLD)  # the calibration's, not a guess
        assert all(m.score >= floor for m in stored)
        assert len(stored) == sum(r.score >= floor for r in results)
        assert len(results) > len(stored)


def test_an_impossible_report_number_is_no_such_report(app, client, auth, world):
    auth.login("dcpu_amd")
    for url in ("/admin/matches/found/99999999999999999999/", "/admin/matches/robot/1/",
                "/admin/matches/missing/0/"):
        assert client.get(url).status_code == 404
