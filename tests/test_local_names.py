"""Names of places and units in the page's script (issue #12, item 8): Gujarati
pages show Gujarati names, English pages English ones, files and the matching
engine keep English; the state admin keeps the local names of the state's
districts and nothing else of them."""
import json
from datetime import timedelta

import pytest
from sqlalchemy import select

from extensions import db
from matches.records import engine_record
from models import District, FoundReport, Match, MissingReport, PoliceUnit
from tests.helpers import edit_fields
from tests.world import NOW

AHMEDABAD_GU, AHMEDABAD_HI = "અમદાવાદ", "अहमदाबाद"


@pytest.fixture
def named(app, world):
    with app.app_context():
        district = db.session.get(District, world.district["amd"])
        district.name_gu, district.name_hi = AHMEDABAD_GU, AHMEDABAD_HI
        unit = db.session.get(PoliceUnit, world.unit["amd_ps1"])
        unit.name_gu = "અમદાવાદ પોલીસ સ્ટેશન 1"
        db.session.commit()
    return world


def _in(client, language, path):
    client.get(f"/language/{language}?next=/admin/")
    return client.get(path).get_data(as_text=True)


def test_lists_and_match_cards_speak_the_pages_script(app, client, auth, named):
    with app.app_context():
        missing = MissingReport(child_name="Rahul", gender="male", age_years=9,
                                district_id=named.district["amd"], police_unit_id=named.unit["amd_ps1"],
                                missing_at=NOW - timedelta(days=5), reason="lost")
        found = FoundReport(child_name="Rahul", gender="male", estimated_age_years=9,
                            district_id=named.district["amd"], found_at=NOW, status="open")
        db.session.add_all([missing, found])
        db.session.flush()
        match = Match(missing_report=missing, found_report=found, score=80, reasons=json.dumps({}))
        db.session.add(match)
        db.session.commit()
        match_id = match.id
        # The engine keeps the English name: the same for every worker and page.
        assert engine_record(missing)["district"] == "Ahmedabad"
    auth.login("dcpu_amd")
    try:
        page = _in(client, "gu", f"/admin/matches/pair/{match_id}/")
        assert AHMEDABAD_GU in page and "અમદાવાદ પોલીસ સ્ટેશન 1" in page
        assert AHMEDABAD_HI in _in(client, "hi", f"/admin/matches/pair/{match_id}/")
        english = _in(client, "en", f"/admin/matches/pair/{match_id}/")
        assert "Ahmedabad" in english and AHMEDABAD_GU not in english
    finally:
        client.get("/language/en?next=/admin/")


def test_the_state_admin_keeps_a_districts_local_names_only(app, client, auth, world):
    auth.login("stateadmin_gj")
    url = f"/admin/district/edit/?id={world.district['amd']}"
    fields = edit_fields(client, url)
    assert "name_gu" in fields and "code" not in fields and "name" not in fields
    fields.update(name_gu=AHMEDABAD_GU, code="HACKED")  # a forged code is not taken
    assert client.post(url, data=fields).status_code == 302
    with app.app_context():
        district = db.session.get(District, world.district["amd"])
        assert district.name_gu == AHMEDABAD_GU and district.code != "HACKED"
    # Another state's district does not exist for them.
    assert client.get(f"/admin/district/edit/?id={world.district['pune']}").status_code == 302
    with app.app_context():
        assert db.session.scalar(select(District.name_gu).where(District.id == world.district["pune"])) is None


def test_the_monthly_summary_names_its_rows_in_the_pages_script(app, client, auth, named):
    auth.login("stateofficer_gj")
    try:
        page = _in(client, "gu", "/admin/summary/?level=state&state=%d" % named.state["gj"])
        assert AHMEDABAD_GU in page
        assert AHMEDABAD_GU not in _in(client, "en", "/admin/summary/?level=state&state=%d" % named.state["gj"])
    finally:
        client.get("/language/en?next=/admin/")


def test_the_public_page_names_districts_in_its_script(app, client, named):
    client.get("/language/gu?next=/public/")
    try:
        form = client.get("/public/report/seen").get_data(as_text=True)
        assert AHMEDABAD_GU in form  # the district to choose, in Gujarati
    finally:
        client.get("/language/en?next=/public/")
    assert "Ahmedabad" in client.get("/public/report/seen").get_data(as_text=True)
