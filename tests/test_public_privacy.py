"""The public page shows no more than its cards (issue #11, items 18 and 19).

- The search matches only what a card shows: a missing child's first name, and
  no name of a found child; a surname (whole or a prefix) narrows nothing.
- The search is rate-limited per address like the citizens' forms, with a
  translated 429 page.
- A report linked to a protected child (s.74: a victim or witness, sexual abuse
  or trafficking, in conflict with law...) is never listed, whatever the report's
  own flags; a card never names an AHTU or SJPU."""
import itertools
import re
from datetime import date, timedelta

import pytest
from sqlalchemy import select

from extensions import db, limiter
from models import Child, FoundReport, PoliceUnit
from tests.conftest import csrf_from
from tests.test_public import _add, _found, _missing, _photo
from tests.world import NOW

_ADDRESSES = (f"10.18.{i // 250}.{i % 250 + 1}" for i in itertools.count())


def _search(client, kind="missing", address=None, **args):
    response = client.get("/public/search", query_string={"kind": kind, **args},
                          environ_base={"REMOTE_ADDR": address or next(_ADDRESSES)})
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    return {int(i) for i in re.findall(rf'data-kind="{kind}" data-id="(\d+)"', html)}, html


def _cards(html):
    """The results only (the search form and links repeat what was typed)."""
    return html.split('id="results"', 1)[1]


# ---- item 18: the search matches what the card shows ----------------------------------------
def test_a_missing_childs_surname_narrows_nothing(app, client, world):
    priya, other_priya, shah = _add(app, _missing(world, "Priya Secretsurname"),
                                    _missing(world, "Priya Patel"), _missing(world, "Secretsurname Shah"))
    by_first_name, _ = _search(client, name="Priya")
    assert {priya, other_priya} <= by_first_name and shah not in by_first_name
    # The full name, or the first name with a wrong surname, finds what the first name finds.
    assert _search(client, name="Priya Secretsurname")[0] == by_first_name
    assert _search(client, name="Priya Wrongsurname")[0] == by_first_name
    # The surname alone, or its beginning, finds only a child whose first name it is.
    for probe in ("Secretsurname", "Secr", "secretsur"):
        found, _ = _search(client, name=probe)
        assert priya not in found and shah in found, probe
    assert priya in _search(client, name="Pri")[0]  # the first name's beginning is on the card


def test_a_found_childs_name_is_never_searched(app, client, world):
    gopal, other = _add(app, _found(world, "Gopal Secretname"), _found(world, "Ravi Kumar"))
    everyone, _ = _search(client, kind="found")
    assert {gopal, other} <= everyone
    for probe in ("Gopal", "Secretname", "Secr", "Gopal Secretname", "ગોપાલ", "Nobody"):
        found, html = _search(client, kind="found", name=probe)
        assert found == everyone, probe  # the name changes nothing: nothing to learn from it
        assert 'id="name-not-searched"' in html
        assert "Gopal" not in _cards(html) and "Secretname" not in _cards(html)
    assert 'id="name-not-searched"' not in _search(client, kind="found")[1]


def test_the_search_is_rate_limited_with_a_translated_page(app, client, world):
    address = next(_ADDRESSES)
    limiter.reset()
    app.config["PUBLIC_SEARCH_LIMIT"] = "3 per minute"
    try:
        for _ in range(3):
            _search(client, name="Priya", address=address)
        response = client.get("/public/search", query_string={"name": "Priyanka"},
                              environ_base={"REMOTE_ADDR": address})
        assert response.status_code == 429
        html = response.get_data(as_text=True)
        assert "Too many searches from this computer or network" in html and "1098" in html
        assert "Too many reports" not in html
        client.get("/language/gu")
        response = client.get("/public/search", environ_base={"REMOTE_ADDR": address})
        assert response.status_code == 429
        html = response.get_data(as_text=True)
        assert "Too many searches" not in html and 'id="limited"' in html and "1098" in html
        client.get("/language/en")
        # Another address searches; the citizens' forms keep their own counters.
        _search(client, name="Priya")
        assert client.get("/public/report/missing",
                          environ_base={"REMOTE_ADDR": address}).status_code == 200
    finally:
        app.config["PUBLIC_SEARCH_LIMIT"] = "60 per minute; 600 per hour"
        limiter.reset()


# ---- item 19: a report linked to a protected child is never listed --------------------------
def _child(world, **values):
    base = {"name": "Linked Child", "gender": "female", "estimated_age_years": 9,
            "age_recorded_on": date(2026, 1, 1), "category": "CNCP", "sub_category": "missing_runaway",
            "district_id": world.district["amd"], "institution_id": world.cci["amd_home"],
            "registered_at": NOW}
    base.update(values)
    return Child(**base)


@pytest.mark.parametrize("protection", [
    {"sub_category": "abused"}, {"sub_category": "drugs_trafficking"}, {"sub_category": "abuser"},
    {"sub_category": "child_marriage"}, {"category": "CCL", "sub_category": "petty"},
])
def test_a_report_linked_to_a_protected_child_is_not_listed(app, client, world, protection):
    (protected,) = _add(app, _child(world, **protection))
    (plain,) = _add(app, _child(world))
    listed_missing, hidden_missing = _add(app, _missing(world, "Linkplain Girl", child_id=plain,
                                                        photo=_photo()),
                                          _missing(world, "Linkprotected Girl", child_id=protected,
                                                   photo=_photo()))
    listed_found, hidden_found = _add(app, _found(world, child_id=plain, photo=_photo()),
                                      _found(world, child_id=protected, photo=_photo()))
    missing, html = _search(client)
    assert listed_missing in missing and hidden_missing not in missing
    assert "Linkprotected" not in _cards(html)
    found, _ = _search(client, kind="found")
    assert listed_found in found and hidden_found not in found
    assert client.get(f"/public/photo/missing/{hidden_missing}").status_code == 404
    assert client.get(f"/public/photo/found/{hidden_found}").status_code == 404
    assert client.get(f"/public/photo/missing/{listed_missing}").status_code == 200


def test_a_child_recorded_as_a_victim_anywhere_is_protected_everywhere(app, client, world):
    """The missing report says nothing; a found-child report of the same child (or
    one linked to the report) says victim or witness."""
    (child,) = _add(app, _child(world))
    via_child, via_link = _add(app, _missing(world, "Viachild Girl", child_id=child),
                               _missing(world, "Vialink Girl"))
    _add(app, _found(world, child_id=child, victim_or_witness=True, public_display_approved=False),
         _found(world, missing_report_id=via_link, victim_or_witness=True,
                public_display_approved=False))
    (approved_same_child,) = _add(app, _found(world, child_id=child))
    missing, _ = _search(client)
    assert via_child not in missing and via_link not in missing
    assert approved_same_child not in _search(client, kind="found")[0]


def test_the_cwc_cannot_approve_a_child_linked_to_a_protected_one(app, client, auth, world):
    (child,) = _add(app, _child(world, sub_category="abused"))
    (report,) = _add(app, _found(world, child_id=child, public_display_approved=False))
    auth.login("cwc_amd")
    page = client.get(f"/admin/found_report/details/?id={report}")
    response = client.post(f"/admin/found_report/public_display/?id={report}",
                           data={"csrf_token": csrf_from(page), "decision": "approve"},
                           follow_redirects=True)
    assert "nothing about the child may be made public" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(FoundReport, report).public_display_approved is False
        db.session.remove()


@pytest.mark.parametrize("kind", ["ahtu", "sjpu"])
def test_a_card_never_names_the_ahtu_or_sjpu(app, client, world, kind):
    with app.app_context():
        if kind == "ahtu":
            unit = PoliceUnit(name="Ahmedabad Anti Human Trafficking Unit", kind="ahtu",
                              district_id=world.district["amd"], code="amd-ahtu", phone="079-1111")
            db.session.add(unit)
            db.session.commit()
            unit_id = unit.id
        else:
            unit_id = world.unit["amd_sjpu"]
        unit_name = db.session.get(PoliceUnit, unit_id).name
        db.session.remove()
    found, missing = _add(app, _found(world, police_unit_id=unit_id),
                          _missing(world, "Unitcard Girl", police_unit_id=unit_id))
    for search_kind, report in (("found", found), ("missing", missing)):
        ids, html = _search(client, kind=search_kind)
        assert report in ids
        card = html.split(f'data-id="{report}"', 1)[1].split('class="card h-100', 1)[0]
        assert unit_name not in card and "Trafficking" not in card and "SJPU" not in card
        assert "Ahmedabad PS 1" in card  # the district's police station


def test_a_card_of_a_station_names_that_station(app, client, world):
    (report,) = _add(app, _found(world, police_unit_id=world.unit["amd_ps2"],
                                 found_at=NOW - timedelta(days=1)))
    ids, html = _search(client, kind="found")
    card = html.split(f'data-id="{report}"', 1)[1].split('class="card h-100', 1)[0]
    assert "Ahmedabad PS 2" in card
