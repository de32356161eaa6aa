"""A small hand-built world for the tests: two districts of Gujarat and one of
Maharashtra, one account per role in each, and records in and out of every
scope. Names are stable so tests can say `world.child["amd_cncp"]`."""
import random
from datetime import date, datetime, timedelta, timezone
from types import SimpleNamespace

from extensions import db
from models import (AccessLog, CarePlan, Child, CitizenReport, CwcOrder, District, FoundReport, Institution,
                    JjbOrder, MissingReport, PoliceReport, PoliceUnit, ProgressEntry, State,
                    Transfer, User, child_code)

PASSWORD = "test-password-1"
NOW = datetime(2026, 11, 1, 6, 30, tzinfo=timezone.utc)


_HASH = {}


def _user(username, role, **links):
    user = User(username=username, full_name=username.replace("_", " ").title(), role=role,
                must_change_password=False, **links)
    if "hash" not in _HASH:  # scrypt is slow on purpose: hash the shared password once
        user.set_password(PASSWORD)
        _HASH["hash"] = user.password_hash
    user.password_hash = _HASH["hash"]
    return user


def build_world():
    """Insert the world and return a namespace of the objects by short name."""
    w = SimpleNamespace(state={}, district={}, unit={}, cci={}, user={}, child={}, missing={},
                        found={}, police={}, cwc={}, jjb={}, transfer={}, icp={}, progress={},
                        citizen={}, access={})
    gj = State(name="Gujarat", code="GJ")
    mh = State(name="Maharashtra", code="MH")
    w.state.update(gj=gj, mh=mh)
    for key, name, code, state in (("amd", "Ahmedabad", "GJ-AMD", gj), ("srt", "Surat", "GJ-SRT", gj),
                                   ("pune", "Pune", "MH-PUN", mh)):
        w.district[key] = District(name=name, code=code, state=state)
    for key in ("amd", "srt", "pune"):
        d = w.district[key]
        w.unit[f"{key}_ps1"] = PoliceUnit(name=f"{d.name} PS 1", kind="station", district=d, code=f"{key}-ps1")
        w.unit[f"{key}_ps2"] = PoliceUnit(name=f"{d.name} PS 2", kind="station", district=d, code=f"{key}-ps2")
        w.unit[f"{key}_sjpu"] = PoliceUnit(name=f"{d.name} SJPU", kind="sjpu", district=d, code=f"{key}-sjpu")
        w.cci[f"{key}_home"] = Institution(name=f"{d.name} Children's Home", cci_type="childrens_home",
                                           district=d, capacity=50, registration_number=f"{key}-1")
        w.cci[f"{key}_obs"] = Institution(name=f"{d.name} Observation Home", cci_type="observation_home",
                                          district=d, capacity=30, registration_number=f"{key}-2")
    db.session.add_all([*w.state.values(), *w.district.values(), *w.unit.values(), *w.cci.values()])
    db.session.flush()

    w.user["national"] = _user("national", "national_admin")
    w.user["viewer"] = _user("viewer", "national_viewer")
    for key, state in (("gj", gj), ("mh", mh)):
        w.user[f"stateadmin_{key}"] = _user(f"stateadmin_{key}", "state_admin", state=state)
        w.user[f"stateofficer_{key}"] = _user(f"stateofficer_{key}", "state_officer", state=state)
    for key in ("amd", "srt", "pune"):
        d = w.district[key]
        common = dict(state=d.state, district=d)
        w.user[f"dcpu_{key}"] = _user(f"dcpu_{key}", "dcpu", **common)
        w.user[f"police_{key}"] = _user(f"police_{key}", "police", police_unit=w.unit[f"{key}_ps1"], **common)
        w.user[f"police2_{key}"] = _user(f"police2_{key}", "police", police_unit=w.unit[f"{key}_ps2"], **common)
        w.user[f"sjpu_{key}"] = _user(f"sjpu_{key}", "police", police_unit=w.unit[f"{key}_sjpu"], **common)
        w.user[f"cci_{key}"] = _user(f"cci_{key}", "cci", institution=w.cci[f"{key}_home"], **common)
        w.user[f"cciobs_{key}"] = _user(f"cciobs_{key}", "cci", institution=w.cci[f"{key}_obs"], **common)
        w.user[f"cwc_{key}"] = _user(f"cwc_{key}", "cwc", **common)
        w.user[f"jjb_{key}"] = _user(f"jjb_{key}", "jjb", **common)
        w.user[f"ngo_{key}"] = _user(f"ngo_{key}", "ngo", **common)
    db.session.add_all(w.user.values())
    db.session.flush()

    for key in ("amd", "srt", "pune"):
        d = w.district[key]
        w.child[f"{key}_cncp"] = Child(
            name={"amd": "राहुल", "srt": "રાહુલ", "pune": "Rahul"}[key], father_name="Suresh",
            gender="male", estimated_age_years=10, age_recorded_on=date(2026, 1, 1), category="CNCP",
            sub_category="missing_runaway", institution=w.cci[f"{key}_home"], district=d,
            guardian_contact=f"secret-contact-{key}", medical_notes=f"secret-medical-{key}",
            languages="Gujarati, Hindi", registered_at=NOW)
        w.child[f"{key}_ccl"] = Child(
            name=f"Kiran {key}", gender="transgender", estimated_age_years=16,
            age_recorded_on=date(2026, 1, 1), category="CCL", sub_category="petty",
            institution=w.cci[f"{key}_obs"], district=d, offence_details=f"secret-offence-{key}",
            registered_at=NOW)
        w.missing[f"{key}_ps1"] = MissingReport(
            child_name=f"Priya {key}", gender="female", age_years=9, height_cm=120, district=d,
            police_unit=w.unit[f"{key}_ps1"], missing_at=NOW - timedelta(days=30), reason="lost",
            guardian_phone=f"secret-phone-{key}", registered_at=NOW - timedelta(days=29),
            registered_by=w.user[f"police_{key}"])
        w.missing[f"{key}_ps2"] = MissingReport(
            child_name=f"Meena {key}", gender="female", age_years=12, district=d,
            police_unit=w.unit[f"{key}_ps2"], missing_at=NOW - timedelta(days=10), reason="ran_away",
            runaway_reason="scolded", guardian_phone=f"secret-phone2-{key}",
            registered_by=w.user[f"police2_{key}"])
        w.found[f"{key}_ps1"] = FoundReport(
            child_name=f"Ravi {key}", gender="male", estimated_age_years=7, district=d,
            police_unit=w.unit[f"{key}_ps1"], found_at=NOW - timedelta(days=2),
            placed_institution=w.cci[f"{key}_home"], finder_contact=f"secret-finder-{key}",
            registered_by=w.user[f"police_{key}"])
        w.found[f"{key}_ngo"] = FoundReport(
            child_name=f"Sita {key}", gender="female", estimated_age_years=5, district=d,
            found_at=NOW - timedelta(days=1), registered_by=w.user[f"ngo_{key}"])
        db.session.add_all([w.child[f"{key}_cncp"], w.child[f"{key}_ccl"], w.missing[f"{key}_ps1"],
                            w.missing[f"{key}_ps2"], w.found[f"{key}_ps1"], w.found[f"{key}_ngo"]])
        db.session.flush()
        w.police[f"{key}_ps1"] = PoliceReport(kind="fir", number=f"FIR-{key}-1", report_date=date(2026, 10, 2),
                                              police_unit=w.unit[f"{key}_ps1"], district=d,
                                              missing_report=w.missing[f"{key}_ps1"], summary=f"secret-summary-{key}")
        w.cwc[key] = CwcOrder(child=w.child[f"{key}_cncp"], district=d, order_type="interim_placement",
                              order_number=f"CWC-{key}-1", order_date=date(2026, 10, 5), notes=f"secret-cwc-{key}")
        w.jjb[key] = JjbOrder(child=w.child[f"{key}_ccl"], district=d, order_type="bail",
                              order_number=f"JJB-{key}-1", order_date=date(2026, 10, 6))
        w.icp[key] = CarePlan(child=w.child[f"{key}_cncp"], prepared_on=date(2026, 10, 10),
                              education_plan="School", health_plan=f"secret-health-{key}")
        w.progress[key] = ProgressEntry(child=w.child[f"{key}_cncp"], month=date(2026, 10, 1),
                                        education="Class 4", counselling=f"secret-counsel-{key}")
        db.session.add_all([w.police[f"{key}_ps1"], w.cwc[key], w.jjb[key], w.icp[key], w.progress[key]])
    # A pending transfer from Surat's home to Ahmedabad's home.
    w.transfer["srt_to_amd"] = Transfer(child=w.child["srt_cncp"], from_institution=w.cci["srt_home"],
                                        to_institution=w.cci["amd_home"], order_reference="CWC-srt-1",
                                        requested_by=w.user["cci_srt"])
    db.session.add(w.transfer["srt_to_amd"])
    # A citizen's report from the public page waiting in each district's queue.
    for key in ("amd", "srt", "pune"):
        w.citizen[key] = CitizenReport(
            kind="missing", reference=child_code.new_code(random.Random(f"citizen-{key}")),
            district=w.district[key], child_name=f"Asha {key}", gender="female", age_years=8,
            place="Bus stand", event_at=NOW - timedelta(days=3), reporter_name="Lata",
            reporter_phone=f"secret-reporter-{key}", declaration_accepted=True,
            submitted_at=NOW - timedelta(days=2))
    db.session.add_all(w.citizen.values())
    # The access log: each district's DCPU opened its CNCP child's record.
    for key in ("amd", "srt", "pune"):
        dcpu, child = w.user[f"dcpu_{key}"], w.child[f"{key}_cncp"]
        w.access[key] = AccessLog(
            at=NOW, user_id=dcpu.id, username=dcpu.username, role=dcpu.role, action="open",
            screen="child.details_view", table_name="children", record_id=child.id,
            child_id=child.id, state_id=w.district[key].state_id, district_id=w.district[key].id)
    db.session.add_all(w.access.values())
    db.session.commit()
    return ids_of(w)


def ids_of(w):
    """The same namespace with ids instead of objects (safe across sessions)."""
    out = SimpleNamespace()
    for group, objects in vars(w).items():
        setattr(out, group, {name: obj.id for name, obj in objects.items()})
    return out
