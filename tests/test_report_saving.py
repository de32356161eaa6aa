"""After saving a report the officer lands on it, with its possible matches or
"none yet"; a report that looks like one registered already is shown the older
ones first and saved only when the officer says it is a different child
(issue #12, item 6)."""
from datetime import timedelta

from sqlalchemy import func, select

from extensions import db
from models import MissingReport
from tests.helpers import submit
from tests.world import NOW

MISSING_FORM = {
    "child_name": "Priya amd", "gender": "female", "age_years": "9",
    "missing_at": "2026-11-20 10:00", "place_missing": "Kalupur", "reason": "lost",
    "status": "open",
}


def _count(app, model, **where):
    with app.app_context():
        query = select(func.count()).select_from(model)
        for column, value in where.items():
            query = query.where(getattr(model, column) == value)
        return db.session.scalar(query)


def test_a_saved_found_report_opens_with_its_possible_matches(app, client, auth, world):
    with app.app_context():
        db.session.add(MissingReport(
            child_name="Rahul", father_name="Suresh", gender="male", age_years=9,
            district_id=world.district["srt"], police_unit_id=world.unit["srt_ps1"],
            missing_at=NOW - timedelta(days=20), reason="lost"))
        db.session.commit()
    auth.login("police_amd")
    response = submit(client, "/admin/found_report/new/", {
        "child_name": "राहुल", "father_name": "सुरेश", "gender": "male",
        "estimated_age_years": "9", "found_at": "2026-11-25 11:00", "place_found": "Kalupur station",
        "status": "open", "can_speak": "y", "can_hear": "y"})
    assert response.status_code == 302
    assert "/admin/found_report/details/?id=" in response.headers["Location"]
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert 'id="possible-matches"' in page and "Rahul" in page and "/admin/matches/pair/" in page


def test_a_report_with_no_candidate_says_we_keep_looking(app, client, auth, world):
    auth.login("police_amd")
    response = submit(client, "/admin/found_report/new/", {
        "gender": "unknown", "estimated_age_years": "3", "found_at": "2026-11-25 11:00",
        "place_found": "Bus stand", "status": "open"})
    assert response.status_code == 302
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert 'id="no-matches-yet"' in page and "We keep looking" in page


def test_a_likely_duplicate_is_shown_before_saving(app, client, auth, world):
    """Priya of Ahmedabad is registered and open; the same name in Gujarati script,
    same district, is held back with the older report shown, nothing saved."""
    before = _count(app, MissingReport)
    auth.login("police_amd")
    data = {**MISSING_FORM, "child_name": "પ્રિયા amd", "guardian_name": "Kept Value"}
    response = submit(client, "/admin/missing_report/new/", data)
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert 'id="possible-duplicates"' in html
    assert f"/admin/missing_report/details/?id={world.missing['amd_ps1']}" in html
    assert "Kept Value" in html  # what was typed stays in the form
    assert _count(app, MissingReport) == before

    # "A different child": saved, and the officer lands on it.
    saved = submit(client, "/admin/missing_report/new/", {**data, "not_a_duplicate": "1"})
    assert saved.status_code == 302
    assert "/admin/missing_report/details/?id=" in saved.headers["Location"]
    assert _count(app, MissingReport) == before + 1


def test_no_warning_for_another_district_another_age_or_a_closed_report(app, client, auth, world):
    kavya = {**MISSING_FORM, "child_name": "Kavya"}
    auth.login("police_amd")
    assert submit(client, "/admin/missing_report/new/", kavya).status_code == 302
    again = submit(client, "/admin/missing_report/new/", {**kavya, "child_name": "Kaavya"})
    assert again.status_code == 200 and 'id="possible-duplicates"' in again.get_data(as_text=True)
    older = {**kavya, "age_years": "15"}  # a girl of 15 is not the girl of 9
    assert submit(client, "/admin/missing_report/new/", older).status_code == 302
    auth.logout()
    auth.login("police_srt")  # another district
    assert submit(client, "/admin/missing_report/new/", kavya).status_code == 302
    auth.logout()
    with app.app_context():
        for report in db.session.scalars(select(MissingReport).where(
                MissingReport.child_name == "Kavya", MissingReport.district_id == world.district["amd"])):
            report.status, report.traced_at = "traced", NOW  # traced: no longer a duplicate
        db.session.commit()
    auth.login("police_amd")
    assert submit(client, "/admin/missing_report/new/", kavya).status_code == 302
    assert _count(app, MissingReport, child_name="Kavya") == 4
