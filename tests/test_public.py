"""The public page (no sign-in): what it lists and never lists (DESIGN "Privacy"),
the search in any script, the helplines and counts, the citizens' forms with their
limits, and the status of a report by its reference."""
import io
import itertools
import re
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import func, select

from app import create_app
from extensions import db, limiter
from models import (
    AuditLog,
    Base,
    Child,
    CitizenReport,
    FoundReport,
    MissingReport,
    Photo,
    State,
)
from models.citizen import display_reference
from tests.conftest import csrf_from
from tests.helpers import db_fingerprint, jpeg, row_count
from tests.world import NOW

_ADDRESSES = (f"10.9.{i // 250}.{i % 250 + 1}" for i in itertools.count())


# ---- helpers -------------------------------------------------------------------------
def _add(app, *records):
    with app.app_context():
        db.session.add_all(records)
        db.session.commit()
        ids = [r.id for r in records]
        db.session.remove()
    return ids


def _photo():
    return Photo(data=jpeg((64, 48), (200, 120, 40)), mime="image/jpeg", width=64, height=48)


def _missing(world, name, **extra):
    values = {"child_name": name, "gender": "female", "age_years": 9, "district_id": world.district["amd"],
                  "police_unit_id": world.unit["amd_ps1"], "missing_at": NOW - timedelta(days=5),
                  "reason": "lost", "guardian_phone": "secret-guardian-phone", "father_name": "Secretfather",
                  "guardian_address": "secret-home-address", "publish_consent": True, "status": "open"}
    values.update(extra)
    return MissingReport(**values)


def _found(world, name="Gopal Secretname", **extra):
    values = {"child_name": name, "gender": "male", "estimated_age_years": 6,
                  "district_id": world.district["amd"], "police_unit_id": world.unit["amd_ps1"],
                  "found_at": NOW - timedelta(days=4), "finder_contact": "secret-finder-contact",
                  "family_details": "secret-family", "public_display_approved": True, "status": "open"}
    values.update(extra)
    return FoundReport(**values)


def _listed(client, kind="missing", **args):
    # Each search from its own address: the search is rate-limited per address.
    response = client.get("/public/search", query_string={"kind": kind, **args},
                          environ_base={"REMOTE_ADDR": next(_ADDRESSES)})
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    ids = {int(i) for i in re.findall(rf'data-kind="{kind}" data-id="(\d+)"', html)}
    return ids, html


def _form_data(kind, world, **overrides):
    data = {"district": str(world.district["amd"]), "child_name": "Kavya Patel", "gender": "female",
            "age_years": "7", "event_date": "2026-10-20", "place": "Kalupur station",
            "reporter_name": "Hema Patel", "reporter_phone": "+91 98765 43210",
            "clothes": "Yellow frock", "declaration": "y"}
    if kind == "missing":
        data.update(father_name="Ramesh", reporter_relation="Mother", publish_consent="y")
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def _send(client, kind, data, photo=None, address=None):
    """Fill in a citizen's form like a browser: GET it, POST it from one address."""
    url = f"/public/report/{kind}"
    page = client.get(url)
    assert page.status_code == 200
    payload = {"csrf_token": csrf_from(page), **data}
    if photo is not None:
        payload["photo"] = photo
    return client.post(url, data=payload, content_type="multipart/form-data",
                       environ_base={"REMOTE_ADDR": address or next(_ADDRESSES)})


# ---- home: helplines, counts, language, links ----------------------------------------------
def _home_counts(html):
    """{row id: {gender or total: figure}} of the home page's table."""
    out = {}
    for key, row in re.findall(r'id="counts-(\w+)">(.*?)</tr>', html, re.DOTALL):
        out[key] = {g: int(v.replace(",", "")) for g, v in re.findall(r'data-gender="(\w+)">([^<]*)<', row)}
    return out


def test_home_counts_say_what_they_count_and_how_many_are_listed(app, client, world):
    """#12 item 14: "reported missing 300" with 67 listed: each figure says what it
    counts (still missing, traced, found waiting, found home) and how many are listed."""
    _add(app, _missing(world, "Count Girl"), _missing(world, "Count Boy", gender="male"),
         _missing(world, "Count Trans", gender="transgender", publish_consent=False),
         _missing(world, "Count Traced", status="traced", traced_at=NOW),
         _missing(world, "Archived", archived_at=NOW), _found(world, gender="unknown"),
         _found(world, status="restored"))
    app.config["STATE_HELPLINE"] = "079-2555 0001"
    with app.app_context():
        from public.queries import forget_counts
        forget_counts()  # the home page keeps its figures for a minute
    try:
        html = client.get("/public/").get_data(as_text=True)
    finally:
        app.config["STATE_HELPLINE"] = ""
    assert "1098" in html and "079-2555 0001" in html
    clauses = {"still_missing": (MissingReport, MissingReport.status == "open"),
               "traced": (MissingReport, MissingReport.status == "traced"),
               "found_waiting": (FoundReport, FoundReport.status.in_(("open", "placed"))
                                 & FoundReport.missing_report_id.is_(None)),
               "found_home": (FoundReport, (FoundReport.status == "restored")
                              | FoundReport.missing_report_id.is_not(None))}
    shown = _home_counts(html)
    with app.app_context():
        for key, (model, clause) in clauses.items():
            for gender in ("female", "male", "transgender", "unknown"):
                expected = db.session.scalar(select(func.count()).select_from(model).where(
                    model.gender == gender, model.archived_at.is_(None), clause))
                assert shown[key][gender] == expected, (key, gender)
            assert shown[key]["total"] == sum(shown[key][g] for g in
                                              ("female", "male", "transgender", "unknown"))
        db.session.remove()
    assert shown["traced"]["female"] >= 1 and shown["still_missing"]["transgender"] >= 1
    # How many the page lists: the same numbers as the search's tabs.
    for kind in ("missing", "found"):
        listed = int(re.search(rf'id="listed-{kind}"[^>]*>([\d,]+)', html).group(1).replace(",", ""))
        count = re.search(r'id="result-count">([\d,]+)', _listed(client, kind=kind)[1]).group(1)
        assert listed == int(count.replace(",", "")), kind
    assert "Missing, not yet traced" in html and "Missing, now traced" in html


def test_counts_use_indian_digit_grouping(app, client, world, monkeypatch):
    from public import queries
    monkeypatch.setattr(queries, "counts", lambda: {
        key: {"female": 129270, "male": 1, "transgender": 2, "unknown": 3, "total": 129276}
        for key in ("still_missing", "traced", "found_waiting", "found_home", "listed_missing",
                    "listed_found")})
    html = client.get("/public/").get_data(as_text=True)
    assert "1,29,270" in html


def test_every_public_page_has_the_helplines_and_the_staff_sign_in(app, client, world):
    with app.app_context():
        db.session.get(State, world.state["gj"]).helpline = "181"
        db.session.commit()
        db.session.remove()
    for url in ("/public/", "/public/search", "/public/report/missing", "/public/report/seen",
                "/public/status", "/public/status?reference=nothing"):
        html = client.get(url).get_data(as_text=True)
        helplines = re.search(r'id="helplines".*?</div>', html, re.DOTALL).group(0)
        assert "1098" in helplines and "181" in helplines, url
        assert 'href="tel:112"' in helplines, url  # police, first
        assert 'href="/login"' in html, url


def test_language_switch_and_links_between_sign_in_and_public_page(client, world):
    page = client.get("/language/gu?next=/public/", follow_redirects=True)
    assert page.request.path == "/public/"
    assert '<html lang="gu">' in page.get_data(as_text=True)
    assert 'href="/public/"' in client.get("/login").get_data(as_text=True)


def test_root_sends_visitors_to_the_public_page_and_staff_to_the_panel(client, auth, world):
    response = client.get("/")
    assert response.status_code == 302 and response.location.endswith("/public/")
    auth.login("dcpu_amd")
    assert client.get("/").location.endswith("/admin/")


def test_root_on_an_empty_install_is_the_sign_in_page(tmp_path):
    empty = create_app({"TESTING": True, "SECRET_KEY": "x",
                        "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'empty.db'}"})
    with empty.app_context():
        Base.metadata.create_all(db.engine)
    client = empty.test_client()
    response = client.get("/")
    assert response.status_code == 302 and response.location.endswith("/login")
    assert "flask --app app create-admin" in client.get("/login").get_data(as_text=True)


# ---- what is listed, and what never is ------------------------------------------------------
def test_only_consenting_open_missing_children_are_listed_with_public_fields_only(app, client, world):
    with app.app_context():
        ccl = db.session.get(Child, world.child["amd_ccl"])
        ccl_id = ccl.id
        db.session.remove()
    listed, no_consent, traced, closed, archived, ccl_linked = _add(
        app, _missing(world, "Priya Secretsurname", photo=_photo()),
        _missing(world, "Nopublish Child", publish_consent=False),
        _missing(world, "Traced Child", status="traced", traced_at=NOW),
        _missing(world, "Closed Child", status="closed"),
        _missing(world, "Archived Child", archived_at=NOW),
        _missing(world, "Offender Child", child_id=ccl_id))
    ids, html = _listed(client)
    assert ids == {listed}  # the world's own reports have no consent: none of them either
    assert "Priya" in html
    for hidden in ("Secretsurname", "Secretfather", "secret-", "Nopublish", "Traced Child",
                   "Closed Child", "Archived Child", "Offender", "/admin/missing", "/photo/?id"):
        assert hidden not in html, hidden
    assert "Ahmedabad PS 1" in html  # the unit to contact
    # The photo is served by the public route, and only for a listed child.
    assert client.get(f"/public/photo/missing/{listed}").status_code == 200
    for other in (no_consent, traced, closed, archived, ccl_linked, 999999):
        assert client.get(f"/public/photo/missing/{other}").status_code == 404


def test_a_gujarati_query_finds_a_latin_name_and_a_hindi_one(app, client, world):
    latin, hindi, other = _add(app, _missing(world, "Priya Sharma"), _missing(world, "प्रिया"),
                               _missing(world, "Meena Shah"))
    ids, html = _listed(client, name="પ્રિયા")
    assert {latin, hindi} <= ids and other not in ids
    assert "Sharma" not in html  # the first name only
    ids, _ = _listed(client, name="meena")
    assert other in ids and latin not in ids


def test_search_filters_age_gender_district_and_date(app, client, world):
    girl, boy, surat = _add(
        app, _missing(world, "Filter Girl", age_years=9, missing_at=NOW - timedelta(days=40)),
        _missing(world, "Filter Boy", gender="male", age_years=15),
        _missing(world, "Filter Surat", district_id=world.district["srt"],
                 police_unit_id=world.unit["srt_ps1"]))
    assert _listed(client, age="10")[0] >= {girl} and boy not in _listed(client, age="10")[0]
    assert _listed(client, gender="male")[0] >= {boy} and girl not in _listed(client, gender="male")[0]
    assert _listed(client, district=world.district["srt"])[0] == {surat}
    recent = _listed(client, date_from=(NOW - timedelta(days=10)).date().isoformat())[0]
    assert boy in recent and girl not in recent
    old = _listed(client, date_to=(NOW - timedelta(days=30)).date().isoformat())[0]
    assert girl in old and boy not in old


def test_search_is_paginated(app, client, world):
    _add(app, *[_missing(world, f"Page Child {i}", missing_at=NOW - timedelta(hours=i))
                for i in range(25)])
    first, html = _listed(client, name="page")
    assert len(first) == 20 and "25 children listed" in html
    second, _ = _listed(client, name="page", page="2")
    assert len(second) == 5 and not first & second


def test_a_traced_child_leaves_the_public_page(app, client, auth, world):
    (report,) = _add(app, _missing(world, "Leaving Child", photo=_photo()))
    assert report in _listed(client)[0]
    auth.login("police_amd")
    from tests.helpers import edit_fields
    url = f"/admin/missing_report/edit/?id={report}"
    fields = edit_fields(client, url)
    fields.update(status="traced", traced_at=(NOW - timedelta(days=1)).strftime("%Y-%m-%d %H:%M"))
    assert client.post(url, data=fields).status_code == 302
    auth.logout()
    assert report not in _listed(client)[0]
    assert client.get(f"/public/photo/missing/{report}").status_code == 404


def test_found_children_appear_only_with_cwc_approval_and_never_victims_or_ccl(app, client, world):
    approved, unapproved, victim, ccl, restored, matched = _add(
        app, _found(world, photo=_photo()), _found(world, public_display_approved=False),
        _found(world, victim_or_witness=True), _found(world, child_id=world.child["amd_ccl"]),
        _found(world, status="restored"), _found(world, missing_report_id=world.missing["amd_ps1"]))
    (placed,) = _add(app, _found(world, status="placed"))
    ids, html = _listed(client, kind="found")
    assert ids == {approved, placed}
    assert "Gopal" not in html and "Secretname" not in html and "secret-" not in html
    assert client.get(f"/public/photo/found/{approved}").status_code == 200
    for other in (unapproved, victim, ccl, restored, matched):
        assert client.get(f"/public/photo/found/{other}").status_code == 404
    # Found children are shown without a name, and a name typed is not searched.
    assert _listed(client, kind="found", name="ગોપાલ")[0] == ids


def test_hostile_search_parameters_never_break_the_page(client, world):
    for args in ({"age": "abc"}, {"age": "99999999999999999999"}, {"district": "x"},
                 {"district": "99999999999999999999999"}, {"date_from": "2026-02-30"},
                 {"name": "%_\\' OR 1=1 --<xss-probe>"}, {"page": "-5"}, {"page": "10**30"},
                 {"kind": "children"}, {"gender": "robot"}, {"name": "a" * 5000},
                 {"_scheme": "javascript", "name": "x"}, {"_external": "1"}, {"_anchor": "<xss-probe>"}):
        response = client.get("/public/search", query_string=args)
        assert response.status_code == 200, args
        assert "<xss-probe" not in response.get_data(as_text=True)
    assert client.get("/public/photo/missing/abc").status_code == 404
    assert client.get("/public/photo/children/1").status_code == 404


# ---- citizens' reports ------------------------------------------------------------------
def test_a_missing_child_report_gives_a_reference_that_shows_its_status(app, client, world):
    response = _send(client, "missing", _form_data("missing", world),
                     photo=(io.BytesIO(jpeg((800, 600))), "kavya.jpg"))
    assert response.status_code == 302 and response.location.endswith("/public/report/received")
    page = client.get("/public/report/received").get_data(as_text=True)
    shown = re.search(r'id="reference">([^<]+)<', page).group(1)
    assert re.fullmatch(r"CR-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{2}", shown)
    with app.app_context():
        report = db.session.scalar(select(CitizenReport).where(CitizenReport.child_name == "Kavya Patel"))
        assert display_reference(report.reference) == shown
        assert (report.kind, report.status, report.district_id) == ("missing", "received", world.district["amd"])
        assert report.declaration_accepted and report.publish_consent
        assert report.reporter_phone == "+91 98765 43210" and report.father_name == "Ramesh"
        assert report.event_at.date() == date(2026, 10, 19)  # midnight India is 18:30 UTC the day before
        assert report.photo.mime == "image/jpeg" and report.photo.width == 800
        entry = db.session.scalar(select(AuditLog).where(AuditLog.table_name == "citizen_reports",
                                                         AuditLog.record_id == report.id))
        assert entry.username == "public" and entry.district_id == world.district["amd"]
        assert "address_hash" not in entry.changes
        db.session.remove()
    # The status, by the reference typed any way, and nothing else of the report.
    for typed in (shown, shown.lower().replace("-", " "), shown[3:]):
        status = client.get("/public/status", query_string={"reference": typed}).get_data(as_text=True)
        assert 'data-status="received"' in status, typed
        assert "Kavya" not in status and "98765" not in status
    unknown = client.get("/public/status", query_string={"reference": "CR-0000-0000-00"})
    assert 'id="no-report"' in unknown.get_data(as_text=True)


def test_a_seen_child_report_is_received(app, client, world):
    response = _send(client, "seen", _form_data("seen", world, child_name="", gender="unknown",
                                                age_years=""))
    assert response.status_code == 302
    with app.app_context():
        report = db.session.scalar(select(CitizenReport).order_by(CitizenReport.id.desc()))
        assert (report.kind, report.child_name, report.age_years, report.gender) == (
            "seen", None, None, "unknown")
        db.session.remove()


@pytest.mark.parametrize("change,message", [
    ({"declaration": None}, "Please read and confirm the declaration."),
    ({"district": ""}, "Choose the district."),
    ({"district": "999999"}, "Not a valid choice"),
    ({"child_name": "x" * 201}, "Field cannot be longer than 200 characters."),
    ({"reporter_phone": "call me"}, "Give a phone number we can call back"),
    ({"age_years": "19"}, "A missing child is under 18."),
    ({"event_date": "2099-01-01"}, "This date is in the future."),
])
def test_a_bad_form_gets_a_clear_message_and_writes_nothing(app, client, world, change, message):
    before = db_fingerprint(app)
    response = _send(client, "missing", _form_data("missing", world, **change))
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert message in html and 'id="form-errors"' in html
    assert "Kalupur station" in html  # what the citizen typed is kept in the form
    assert db_fingerprint(app) == before


@pytest.mark.parametrize("name,payload,message", [
    ("notes.txt", b"this is not a photo", "This file is not a photo"),
    ("cut.jpg", jpeg((400, 300))[:300], "This file is not a photo"),
    ("big.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * (20 * 1024 * 1024 + 10), "larger than 20 MB"),
])
def test_a_bad_photo_gets_a_clear_message_and_writes_nothing(app, client, world, name, payload, message):
    before = db_fingerprint(app)
    response = _send(client, "seen", _form_data("seen", world), photo=(io.BytesIO(payload), name))
    assert response.status_code == 200
    assert message in response.get_data(as_text=True)
    assert db_fingerprint(app) == before


def test_an_oversized_upload_is_refused_before_it_is_read(app, client, world):
    before = db_fingerprint(app)
    huge = b"\xff\xd8" + b"\x00" * (29 * 1024 * 1024)
    response = _send(client, "seen", _form_data("seen", world), photo=(io.BytesIO(huge), "huge.jpg"))
    assert response.status_code == 413
    html = response.get_data(as_text=True)
    assert "at most 20 MB" in html and "1098" in html
    assert db_fingerprint(app) == before


def test_the_rate_limit_answers_429_with_a_clear_message_and_writes_nothing(app, client, world):
    address = next(_ADDRESSES)
    limiter.reset()
    try:
        for i in range(5):  # PUBLIC_SUBMISSION_LIMIT: 5 per hour per address
            assert _send(client, "missing", _form_data("missing", world, child_name=f"Limit {i}"),
                         address=address).status_code == 302
        before, count = db_fingerprint(app), row_count(app, CitizenReport)
        response = _send(client, "seen", _form_data("seen", world, child_name="Limit 5"),
                         address=address)
        assert response.status_code == 429
        html = response.get_data(as_text=True)
        assert "Too many reports from this computer or network" in html and "nothing was saved" in html
        assert "1098" in html and "Traceback" not in html
        assert db_fingerprint(app) == before and row_count(app, CitizenReport) == count
        # Another address, and reading pages, are not limited.
        assert _send(client, "seen", _form_data("seen", world)).status_code == 302
        assert client.get("/public/search", environ_base={"REMOTE_ADDR": address}).status_code == 200
    finally:
        limiter.reset()


def test_failed_attempts_count_towards_the_attempt_limit(app, client, world):
    address = next(_ADDRESSES)
    limiter.reset()
    app.config["PUBLIC_ATTEMPT_LIMIT"] = "3 per hour"
    try:
        for _ in range(3):
            assert _send(client, "missing", _form_data("missing", world, declaration=None),
                         address=address).status_code == 200
        assert _send(client, "missing", _form_data("missing", world),
                     address=address).status_code == 429
    finally:
        app.config["PUBLIC_ATTEMPT_LIMIT"] = "30 per hour"
        limiter.reset()


def test_the_citizen_form_needs_its_csrf_token(app, client, world):
    before = db_fingerprint(app)
    response = client.post("/public/report/missing", data=_form_data("missing", world),
                           environ_base={"REMOTE_ADDR": next(_ADDRESSES)})
    assert response.status_code == 400
    assert "Nothing was saved" in response.get_data(as_text=True)
    assert "1098" in response.get_data(as_text=True)  # the public page's own error page
    assert db_fingerprint(app) == before


@pytest.mark.parametrize("value", ["<xss-probe>", '"><xss-probe onerror=alert(1)>', "\x00nul",
                                   "99999999999999999999999", "-1", "2026-02-30", "__None",
                                   "😀" * 500, "' OR '1'='1", "\u202e", ""])
def test_hostile_values_in_every_citizen_field_never_break_the_form(app, client, world, value):
    for kind in ("missing", "seen"):
        fields = _form_data(kind, world)
        for name in list(fields):
            data = {**fields, name: value}
            response = _send(client, kind, data)
            assert response.status_code in (200, 302), (kind, name, response.status_code)
            assert "<xss-probe" not in response.get_data(as_text=True)
    limiter.reset()


def test_the_status_shows_a_rejection_with_its_reason(app, client, world):
    with app.app_context():
        report = db.session.get(CitizenReport, world.citizen["amd"])
        report.status, report.reject_reason = "rejected", "The same child was reported twice."
        report.decided_at = datetime.now(UTC)
        shown = report.display_reference
        db.session.commit()
        db.session.remove()
    html = client.get("/public/status", query_string={"reference": shown}).get_data(as_text=True)
    assert 'data-status="rejected"' in html and "The same child was reported twice." in html
    assert "secret-reporter" not in html and "Asha" not in html


# ---- the demo ----------------------------------------------------------------------------
def test_the_demo_fills_the_public_page_and_ahmedabads_queue(tmp_path):
    from demo.seed import seed_database
    demo = create_app({"TESTING": True, "SECRET_KEY": "x",
                       "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'demo.db'}"})
    with demo.app_context():
        Base.metadata.create_all(db.engine)
        seed_database(password="demo-pass-123", children=150, seed=2026, today=date(2026, 3, 15))
        victims = db.session.scalars(select(FoundReport).where(FoundReport.victim_or_witness.is_(True))).all()
        assert all(not f.public_display_approved for f in victims)
        approved = db.session.scalars(select(FoundReport).where(FoundReport.public_display_approved.is_(True))).all()
        assert approved and all(f.public_display_approved_by.role == "cwc" for f in approved)
        db.session.remove()
    client = demo.test_client()
    for kind in ("missing", "found"):
        ids, _html = _listed(client, kind=kind)
        assert ids, f"no {kind} child on the demo's public page"
    from tests.conftest import Auth
    Auth(client).login("dcpu_ahmedabad", "demo-pass-123")
    queue = client.get("/admin/citizen_report/").get_data(as_text=True)
    assert "List (5)" in queue and "મીરા સોલંકી" in queue
    with demo.app_context():
        db.engine.dispose()
