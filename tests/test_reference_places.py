"""Every state and district of India, in the page's script (#12 item 14):
`flask --app app load-places` adds what the database lacks without renaming what
is there; the public forms group the districts by state, the states with a DCPU
first; a citizen's report naming a district where Bal Setu has no DCPU yet
reaches the DCPUs of its state."""
import re

from sqlalchemy import func, select

from extensions import db
from models import CitizenReport, District, State
from reference_data import india_places, load_india
from tests.test_public import _form_data, _send
from tests.test_public_forms import _saved


def _counts(app):
    with app.app_context():
        counts = (db.session.scalar(select(func.count()).select_from(State)),
                  db.session.scalar(select(func.count()).select_from(District)))
        db.session.remove()
    return counts


def _load(app):
    with app.app_context():
        loaded = load_india()
        db.session.commit()
        db.session.remove()
    return loaded


def test_the_list_holds_every_state_and_district_in_three_scripts():
    states = india_places()
    assert len(states) == 36  # 28 states and 8 union territories
    gujarat = next(s for s in states if s["code"] == "GJ")
    assert len(gujarat["districts"]) == 34
    assert {"name": "Banaskantha", "name_hi": "बनासकांठा", "name_gu": "બનાસકાંઠા"} in gujarat["districts"]
    for state in states:
        assert state["name_hi"] and state["name_gu"], state["name"]
        for district in state["districts"]:
            assert re.fullmatch(r"[\u0900-\u097F\s()\-.0-9]+", district["name_hi"]), district
            assert re.fullmatch(r"[\u0A80-\u0AFF\s()\-.0-9]+", district["name_gu"]), district
    assert sum(len(s["districts"]) for s in states) > 700


def test_loading_adds_what_is_missing_and_renames_nothing(app, world):
    states_before, districts_before = _counts(app)
    with app.app_context():
        ahmedabad = db.session.get(District, world.district["amd"])
        kept = (ahmedabad.name, ahmedabad.code, ahmedabad.state_id)
        db.session.remove()
    loaded = _load(app)
    states_after, districts_after = _counts(app)
    assert loaded.states_added == states_after - states_before == 34  # the world has GJ and MH
    assert loaded.districts_added == districts_after - districts_before > 700
    with app.app_context():
        ahmedabad = db.session.get(District, world.district["amd"])
        assert (ahmedabad.name, ahmedabad.code, ahmedabad.state_id) == kept
        assert ahmedabad.name_gu == "અમદાવાદ"  # an empty local name is filled in
        assert db.session.scalar(select(func.count()).select_from(District).where(
            District.state_id == world.state["gj"], District.name == "Ahmedabad")) == 1
        banaskantha = db.session.scalar(select(District).where(District.name == "Banaskantha"))
        assert banaskantha.state_id == world.state["gj"] and banaskantha.code == "GJ-BANASKANTHA"
        db.session.remove()
    again = _load(app)
    assert (again.states_added, again.districts_added, again.names_filled) == (0, 0, 0)
    assert _counts(app) == (states_after, districts_after)


def test_the_command_loads_them(app, world):
    result = app.test_cli_runner().invoke(args=["load-places"])
    assert result.exit_code == 0, result.output
    assert "34 states and" in result.output
    assert "0 states and 0 districts" in app.test_cli_runner().invoke(args=["load-places"]).output


def test_the_public_form_offers_every_district_grouped_by_state_in_the_pages_script(app, client, world):
    _load(app)
    client.get("/language/gu")
    html = client.get("/public/report/missing").get_data(as_text=True)
    select_html = re.search(r'<select[^>]*name="district".*?</select>', html, re.S).group(0)
    groups = re.findall(r'<optgroup label="([^"]+)"', select_html)
    assert len(groups) == 36
    assert groups[:2] == ["ગુજરાત", "મહારાષ્ટ્ર"]  # the states with a DCPU first
    assert "બનાસકાંઠા" in select_html and "તમિલનાડુ" in groups
    assert "Banaskantha" not in select_html
    client.get("/language/en")


def test_a_report_naming_a_district_without_a_dcpu_reaches_the_states_dcpus(app, client, auth, world):
    _load(app)
    with app.app_context():
        banaskantha = db.session.scalar(select(District.id).where(District.name == "Banaskantha"))
        db.session.remove()
    response = _send(client, "seen", _form_data("seen", world, district=str(banaskantha),
                                                child_name="Northborder Child"))
    assert response.status_code == 302
    assert _saved(app, child_name="Northborder Child")["district_id"] == banaskantha
    response = _send(client, "seen", _form_data("seen", world, district=str(world.district["srt"]),
                                                child_name="Suratonly Child"))
    assert response.status_code == 302
    for user, sees_unstaffed, sees_surat in (("dcpu_amd", True, False), ("dcpu_srt", True, True),
                                             ("dcpu_pune", False, False), ("police_amd", False, False)):
        auth.login(user)
        queue = client.get("/admin/citizen_report/").get_data(as_text=True)
        assert ("Northborder Child" in queue) == sees_unstaffed, user
        assert ("Suratonly Child" in queue) == sees_surat, user
        auth.logout()
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(CitizenReport).where(
            CitizenReport.child_name.in_(("Northborder Child", "Suratonly Child")))) == 2
        db.session.remove()
