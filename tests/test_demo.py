"""The demo pilot (`flask --app app seed-demo`): what trainers load and sign in to.

The seed runs once per module through the real CLI command (migrations
included) into an empty SQLite file of its own; the suite's shared `world`
database is not touched."""
from datetime import date, datetime, timezone

import pytest
from sqlalchemy import func, select

from app import create_app
from extensions import db
from models import (Base, CarePlan, Child, CwcOrder, District, FoundReport, Institution, JjbOrder,
                    MissingReport, PoliceReport, PoliceUnit, ProgressEntry, State, Transfer, User)
from models import child_code
from models import choices
from tests.conftest import Auth

DEMO_PASSWORD = "demo-pass-123"
DISTRICT_KEYS = ("ahmedabad", "surat", "vadodara", "rajkot", "pune")
DISTRICT_ROLES = {"dcpu": "dcpu", "police": "police", "sjpu": "police", "cci": "cci", "cwc": "cwc",
                  "jjb": "jjb", "ngo": "ngo"}
CCL_HOMES = {"observation_home", "special_home", "place_of_safety"}


def _app(url, **extra):
    return create_app({"TESTING": True, "SECRET_KEY": "demo-test", "SQLALCHEMY_DATABASE_URI": url,
                       "DEMO_PASSWORD": DEMO_PASSWORD, **extra})


def _run_cli(app, *args):
    with app.app_context():
        result = app.test_cli_runner().invoke(args=["seed-demo", *args])
        db.session.remove()
    return result


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    app = _app(f"sqlite:///{tmp_path_factory.mktemp('demo') / 'demo.db'}")
    result = _run_cli(app)
    assert result.exit_code == 0, result.output + repr(result.exception)
    app.seed_output = result.output
    return app


@pytest.fixture
def session(demo):
    with demo.app_context():
        yield db.session
        db.session.remove()


def _script(text):
    if any("\u0900" <= ch <= "\u097f" for ch in text):
        return "devanagari"
    if any("\u0a80" <= ch <= "\u0aff" for ch in text):
        return "gujarati"
    return "latin" if text.isascii() else "other"


def test_cli_prints_a_summary_with_the_accounts(demo):
    out = demo.seed_output
    assert "600 children" in out
    for name in ("dcpu_ahmedabad", "police_pune", "ahtu_gujarat", "national", "stateadmin_maharashtra"):
        assert name in out
    assert DEMO_PASSWORD not in out  # set by the trainer, so not echoed


def test_geography(session):
    states = {s.code: s for s in session.scalars(select(State))}
    assert {states["GJ"].name, states["MH"].name} == {"Gujarat", "Maharashtra"}
    every = session.scalars(select(District)).all()
    # The pilot's districts have police units, homes and accounts; the rest of
    # India's are there to be chosen (reference_data), every one in three scripts.
    assert len(states) == 36 and len(every) > 700
    assert all(d.code.startswith(d.state.code + "-") and d.name_hi and d.name_gu for d in every)
    districts = {d.name: d for d in every if d.name in ("Ahmedabad", "Surat", "Vadodara", "Rajkot", "Pune")}
    assert {n: districts[n].state.code for n in districts} == {
        "Ahmedabad": "GJ", "Surat": "GJ", "Vadodara": "GJ", "Rajkot": "GJ", "Pune": "MH"}
    assert (districts["Ahmedabad"].code, districts["Ahmedabad"].name_gu) == ("GJ-AMD", "અમદાવાદ")
    for district in districts.values():
        units = session.scalars(select(PoliceUnit).where(PoliceUnit.district_id == district.id)).all()
        kinds = [u.kind for u in units]
        assert 2 <= kinds.count("station") <= 3 and kinds.count("sjpu") == 1
        homes = session.scalars(select(Institution).where(Institution.district_id == district.id)
                                .order_by(Institution.id)).all()
        assert homes[0].cci_type == "childrens_home"
        assert all(h.capacity > 0 and h.registration_number for h in homes)
    ahtu = session.scalars(select(PoliceUnit).where(PoliceUnit.kind == "ahtu")).all()
    assert [(u.district.name, u.district.state.code) for u in ahtu] == [("Ahmedabad", "GJ")]
    gujarat_homes = session.scalars(select(Institution).join(District)
                                    .where(District.state_id == states["GJ"].id)).all()
    assert len(gujarat_homes) >= 8
    assert {h.cci_type for h in gujarat_homes} >= {"childrens_home", "observation_home", "saa",
                                                    "open_shelter"}
    assert {h.has_internet for h in gujarat_homes} == {True, False}
    # Every place and unit has its name in the three scripts (issue #12 item 8), each
    # distinct within its district (a district's within its state: Bilaspur is in two).
    for model in (State, District, PoliceUnit, Institution):
        rows = session.scalars(select(model)).all()
        assert all(r.name_hi and r.name_gu for r in rows), model.__name__
        assert all(any("\u0900" <= ch <= "\u097f" for ch in r.name_hi) for r in rows)
        assert all(any("\u0a80" <= ch <= "\u0aff" for ch in r.name_gu) for r in rows)
        in_district = {}
        for r in rows:
            parent = getattr(r, "district_id", None) or getattr(r, "state_id", None)
            in_district.setdefault(parent, []).append(r.name_gu)
        assert all(len(names) == len(set(names)) for names in in_district.values()), model.__name__


def test_accounts_have_the_right_roles_and_links(session):
    users = {u.username: u for u in session.scalars(select(User))}
    assert all(not u.must_change_password and u.is_enabled for u in users.values())
    assert users["national"].role == "national_admin" and users["national"].state_id is None
    for username, role, state in (("stateadmin_gujarat", "state_admin", "GJ"),
                                  ("stateofficer_gujarat", "state_officer", "GJ"),
                                  ("stateadmin_maharashtra", "state_admin", "MH")):
        assert (users[username].role, users[username].state.code) == (role, state)
        assert users[username].district_id is None
    for key in DISTRICT_KEYS:
        district = session.scalar(select(District).where(func.lower(District.name) == key))
        for prefix, role in DISTRICT_ROLES.items():
            user = users[f"{prefix}_{key}"]
            assert user.role == role, user.username
            assert (user.district_id, user.state_id) == (district.id, district.state_id), user.username
        first_station = session.scalar(select(PoliceUnit).where(
            PoliceUnit.district_id == district.id, PoliceUnit.kind == "station").order_by(PoliceUnit.id))
        assert users[f"police_{key}"].police_unit_id == first_station.id
        sjpu = users[f"sjpu_{key}"].police_unit
        assert (sjpu.kind, sjpu.district_id) == ("sjpu", district.id)
        first_home = session.scalar(select(Institution).where(
            Institution.district_id == district.id, Institution.cci_type == "childrens_home")
            .order_by(Institution.id))
        assert users[f"cci_{key}"].institution_id == first_home.id
    ahtu = users["ahtu_gujarat"]
    assert (ahtu.role, ahtu.police_unit.kind, ahtu.district.name, ahtu.state.code) == (
        "police", "ahtu", "Ahmedabad", "GJ")
    assert len({u.password_hash for u in users.values()}) == 1


def test_children_are_realistic_and_in_three_scripts(session):
    children = session.scalars(select(Child)).all()
    assert len(children) >= 500
    scripts = {}
    for child in children:
        scripts[_script(child.name)] = scripts.get(_script(child.name), 0) + 1
    assert scripts.get("latin", 0) >= 50 and scripts.get("gujarati", 0) >= 50 \
        and scripts.get("devanagari", 0) >= 50, scripts
    assert {c.gender for c in children} == {"male", "female", "transgender", "unknown"}
    assert {"CNCP", "CCL"} == {c.category for c in children}
    statuses = [c.status for c in children]
    assert statuses.count("in_care") > len(children) / 2 and "restored" in statuses
    now = datetime.now(timezone.utc)
    registered = [c.registered_at for c in children]
    assert all(r.tzinfo is not None and r < now for r in registered)
    assert (max(registered) - min(registered)).days > 365
    assert any(c.date_of_birth for c in children) and any(c.estimated_age_years is not None for c in children)
    codes = [c.child_code for c in children]
    assert len(set(codes)) == len(codes) and all(child_code.is_valid(code) for code in codes)
    for child in children:
        assert child.sub_category in choices.SUBCATEGORIES_BY_CATEGORY[child.category], child.name
        assert child.institution is not None and child.district_id == child.institution.district_id
        age = child.age_on(now.date())
        assert 0 <= age <= 21
        if child.status not in ("after_care", "turned_18"):
            assert age <= 17, (child.name, child.status, age)
        if child.category == "CCL":
            assert child.institution.cci_type in CCL_HOMES
            assert child.age_on(child.registered_at.date()) >= 12
            assert child.offence_details
        else:
            assert child.institution.cci_type not in CCL_HOMES
    assert any(c.guardian_contact for c in children) and any(c.medical_notes for c in children)
    assert any(c.disability for c in children) and any(c.hearing_impaired for c in children)


def test_missing_and_found_reports(session):
    missing = session.scalars(select(MissingReport)).all()
    found = session.scalars(select(FoundReport)).all()
    assert len(missing) >= 250 and len(found) >= 150
    for report in missing + found:
        if report.police_unit is not None:
            assert report.police_unit.district_id == report.district_id
    for m in missing:
        assert (m.runaway_reason is not None) == (m.reason == "ran_away")
        assert m.reason in choices.codes(choices.MISSING_REASONS)
        assert (m.traced_at is not None) == (m.status == "traced")
        assert m.registered_at >= m.missing_at
    assert {m.status for m in missing} == {"open", "traced", "closed"}
    assert any(m.publish_consent for m in missing)
    assert {"Pune", "Ahmedabad"} <= {m.district.name for m in missing}
    unnamed = sum(1 for f in found if not f.child_name) / len(found)
    assert 0.2 <= unnamed <= 0.45
    pairs = [f for f in found if f.missing_report is not None]
    assert len(pairs) >= 10
    assert all(f.found_at > f.missing_report.missing_at for f in pairs)
    assert any(f.district.state_id != f.missing_report.district.state_id for f in found
               if f.missing_report) or len(pairs) < 20
    assert any(f.district_id != f.missing_report.district_id for f in pairs)
    assert any(f.placed_institution for f in found)
    assert all(f.placed_institution.district_id == f.district_id for f in found if f.placed_institution)


def test_police_orders_transfers_and_care(session):
    police = session.scalars(select(PoliceReport)).all()
    assert {p.kind for p in police} == choices.codes(choices.POLICE_RECORD_KINDS)
    assert all(p.police_unit.district_id == p.district_id for p in police)
    cwc = session.scalars(select(CwcOrder)).all()
    jjb = session.scalars(select(JjbOrder)).all()
    assert cwc and jjb
    assert all(o.child.category == "CNCP" and o.order_type in choices.codes(choices.CWC_ORDER_TYPES) for o in cwc)
    assert all(o.child.category == "CCL" and o.order_type in choices.codes(choices.JJB_ORDER_TYPES) for o in jjb)
    # Every child with an order has a case, opened by its first order at the latest (#14 defect 3).
    for order in cwc + jjb:
        assert order.child.case_opened_on is not None
        assert order.child.case_opened_on <= order.order_date
    assert all(r.reported_on is not None for r in session.scalars(select(MissingReport)))
    transfers = session.scalars(select(Transfer)).all()
    accepted = [t for t in transfers if t.status == "accepted"]
    requested = [t for t in transfers if t.status == "requested"]
    assert len(accepted) >= 3 and len(requested) >= 2
    for t in accepted:
        assert t.child.institution_id == t.to_institution_id
        assert t.child.district_id == t.to_institution.district_id
        assert t.from_institution_id and t.decided_at and t.order_reference
    for t in requested:
        assert t.child.institution_id == t.from_institution_id and t.decided_at is None
    in_care = session.scalar(select(func.count()).select_from(Child).where(Child.status == "in_care"))
    planned = session.scalar(select(func.count(func.distinct(CarePlan.child_id))).join(Child)
                             .where(Child.status == "in_care"))
    assert planned >= in_care * 0.6
    months = session.scalars(select(ProgressEntry.month)).all()
    assert months and all(m.day == 1 and m < date.today() for m in months)


def test_demo_account_signs_in_without_a_forced_password_change(demo):
    client = demo.test_client()
    response = Auth(client).login("dcpu_ahmedabad", DEMO_PASSWORD)
    assert response.status_code == 302
    assert "/password" not in response.headers["Location"]
    page = client.get("/admin/child/")
    assert page.status_code == 200
    wrong = demo.test_client()
    assert "/admin" not in Auth(wrong).login("dcpu_ahmedabad", "not-the-password").headers.get("Location", "")


def _counts():
    return {table.name: db.session.scalar(select(func.count()).select_from(table))
            for table in Base.metadata.sorted_tables}


def test_second_run_is_refused_and_changes_nothing(demo):
    with demo.app_context():
        before = _counts()
    result = _run_cli(demo)
    assert result.exit_code != 0
    assert "empty database" in result.output
    with demo.app_context():
        assert _counts() == before
        db.session.remove()


def _snapshot(url, seed, today):
    """Seed a fresh schema directly and return the records' content (no ids, no audit times)."""
    from demo.seed import seed_database
    app = _app(url)
    with app.app_context():
        Base.metadata.create_all(db.engine)
        seed_database(password=DEMO_PASSWORD, children=40, seed=seed, today=today)
        rows = {
            "children": db.session.execute(select(
                Child.child_code, Child.name, Child.father_name, Child.gender, Child.date_of_birth,
                Child.estimated_age_years, Child.status, Child.registered_at, Child.institution_id)
                .order_by(Child.id)).all(),
            "missing": db.session.execute(select(
                MissingReport.child_name, MissingReport.missing_at, MissingReport.status,
                MissingReport.district_id).order_by(MissingReport.id)).all(),
            "found": db.session.execute(select(
                FoundReport.child_name, FoundReport.found_at, FoundReport.missing_report_id)
                .order_by(FoundReport.id)).all(),
            "orders": db.session.execute(select(CwcOrder.order_number, CwcOrder.order_type)
                                         .order_by(CwcOrder.id)).all(),
            "users": db.session.execute(select(User.username, User.full_name).order_by(User.id)).all(),
        }
        db.session.remove()
        db.engine.dispose()
    return rows


def test_same_seed_same_demo(tmp_path):
    today = date(2026, 3, 15)
    first = _snapshot(f"sqlite:///{tmp_path}/a.db", 7, today)
    again = _snapshot(f"sqlite:///{tmp_path}/b.db", 7, today)
    other = _snapshot(f"sqlite:///{tmp_path}/c.db", 8, today)
    assert first == again
    assert first["children"] != other["children"]
    assert len(first["children"]) == 40
    assert max(r.registered_at for r in first["children"]) < datetime(2026, 3, 15, tzinfo=timezone.utc)
