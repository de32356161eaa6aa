"""A hand-built dataset for the monthly summaries, centred on March 2026.

Every record is here for a reason written beside it; tests/test_summaries.py
holds the right answers. India time: March 2026 runs from 2026-02-28 18:30 UTC
to 2026-03-31 18:30 UTC. Gujarat has Ahmedabad (amd) and Surat (srt);
Maharashtra has Pune."""
from datetime import date, datetime
from types import SimpleNamespace

from extensions import db
from models import (CarePlan, Child, CwcOrder, District, FoundReport, Institution, JjbOrder, Match,
                    MissingReport, ProgressEntry, State)
from models.base import INDIA
from tests.world import _user, ids_of


def ist(y, m, d, h=10, mi=0, s=0):
    return datetime(y, m, d, h, mi, s, tzinfo=INDIA)


ARCHIVED = ist(2026, 4, 20)


def build_summary_world():
    w = SimpleNamespace(state={}, district={}, cci={}, user={}, child={}, missing={}, found={},
                        match={}, cwc={}, jjb={})
    gj, mh = State(name="Gujarat", code="GJ"), State(name="Maharashtra", code="MH")
    w.state.update(gj=gj, mh=mh)
    for key, name, code, state in (("amd", "Ahmedabad", "GJ-AMD", gj), ("srt", "Surat", "GJ-SRT", gj),
                                   ("pune", "Pune", "MH-PUN", mh)):
        w.district[key] = District(name=name, code=code, state=state)
    d = w.district
    for key, name, kind, district, capacity in (
            ("amd_home", "Ahmedabad Children's Home", "childrens_home", d["amd"], 50),
            ("amd_obs", "Ahmedabad Observation Home", "observation_home", d["amd"], 30),
            ("srt_home", "Surat Children's Home", "childrens_home", d["srt"], 40),
            ("pune_home", "Pune Children's Home", "childrens_home", d["pune"], 20)):
        w.cci[key] = Institution(name=name, cci_type=kind, district=district, capacity=capacity,
                                 registration_number=key)
    db.session.add_all([*w.state.values(), *d.values(), *w.cci.values()])
    db.session.flush()

    u = w.user
    u["viewer"] = _user("s_viewer", "national_viewer")
    u["stateofficer_gj"] = _user("s_stateofficer_gj", "state_officer", state=gj)
    for key in ("amd", "srt", "pune"):
        common = dict(state=d[key].state, district=d[key])
        u[f"dcpu_{key}"] = _user(f"s_dcpu_{key}", "dcpu", **common)
    common = dict(state=gj, district=d["amd"])
    u["cci_amd"] = _user("s_cci_amd", "cci", institution=w.cci["amd_home"], **common)
    u["cwc_amd"] = _user("s_cwc_amd", "cwc", **common)
    u["jjb_amd"] = _user("s_jjb_amd", "jjb", **common)
    u["ngo_amd"] = _user("s_ngo_amd", "ngo", **common)
    db.session.add_all(u.values())
    db.session.flush()

    # ---- missing reports ---------------------------------------------------------------
    def missing(key, district, gender, age, reason, registered, runaway=None, **more):
        w.missing[key] = MissingReport(
            child_name=f"Missing {key}", district=d[district], gender=gender, age_years=age,
            reason=reason, runaway_reason=runaway, registered_at=registered,
            missing_at=registered, **more)
    # 00:10 on 1 March India time is still February in UTC: March.
    missing("m1", "amd", "female", 9, "lost", ist(2026, 3, 1, 0, 10))
    # 23:50 on 28 February India time: February; traced 23:30 on 31 March: March.
    missing("m2", "amd", "transgender", 13, "ran_away", ist(2026, 2, 28, 23, 50), runaway="scolded",
            status="traced", traced_at=ist(2026, 3, 31, 23, 30))
    # Registered in November (M-4) and untraced: more than 4 months.
    missing("m3", "amd", "male", 16, "kidnapped", ist(2025, 11, 15))
    # Registered 1 December (M-3): untraced, not yet 4 months; age not known.
    missing("m4", "amd", "male", None, "unknown", ist(2025, 12, 1))
    # Closed without being traced in March: reported, not untraced.
    missing("m5", "amd", "female", 4, "trafficked", ist(2026, 3, 10), status="closed",
            closed_at=ist(2026, 3, 20))
    # Archived: nowhere.
    missing("m6", "amd", "female", 7, "lost", ist(2026, 3, 5), archived_at=ARCHIVED,
            archive_reason="Duplicate")
    # 23:59 on 31 March: March; gender not known.
    missing("m7", "amd", "unknown", 12, "abandoned", ist(2026, 3, 31, 23, 59))
    # 00:00 on 1 April: April.
    missing("m8", "amd", "male", 10, "ran_away", ist(2026, 4, 1, 0, 0), runaway="study_pressure")
    # Traced in April: untraced at the end of March; ran away without a reason given.
    missing("s1", "srt", "transgender", 15, "ran_away", ist(2026, 3, 15), status="traced",
            traced_at=ist(2026, 4, 2))
    missing("p1", "pune", "male", 17, "lost", ist(2026, 3, 2))

    # ---- found reports -------------------------------------------------------------------
    def found(key, district, gender, registered, found_at, produced=None, **more):
        w.found[key] = FoundReport(
            child_name=f"Found {key}", district=d[district], gender=gender, registered_at=registered,
            found_at=found_at, produced_at=produced, **more)
    # Produced within 24 hours; placed in a CCI.
    found("f1", "amd", "male", ist(2026, 3, 3), ist(2026, 3, 2, 10), ist(2026, 3, 3, 9),
          placed_institution=w.cci["amd_home"], status="placed")
    # Produced one second late; restored in March.
    found("f2", "amd", "female", ist(2026, 3, 10), ist(2026, 3, 10, 8), ist(2026, 3, 11, 8, 0, 1),
          status="restored", restored_at=ist(2026, 3, 25))
    # Found on 31 March, never produced: its 24 hours end in April.
    found("f3", "amd", "transgender", ist(2026, 3, 31, 22), ist(2026, 3, 31, 12))
    # Found and registered in February, never produced: its 24 hours end on 1 March.
    found("f4", "amd", "male", ist(2026, 2, 28, 21), ist(2026, 2, 28, 20))
    found("f5", "amd", "female", ist(2026, 3, 6), ist(2026, 3, 6), archived_at=ARCHIVED,
          archive_reason="Duplicate")
    # Produced exactly 24 hours after being found: in time.
    found("f6", "amd", "male", ist(2026, 3, 5), ist(2026, 3, 5, 10), ist(2026, 3, 6, 10))
    found("g1", "srt", "unknown", ist(2026, 3, 12), ist(2026, 3, 12))
    db.session.add_all([*w.missing.values(), *w.found.values()])
    db.session.flush()

    # ---- matches (filed with the missing child's district) ------------------------------------
    m, f = w.missing, w.found
    w.match["x1"] = Match(missing_report=m["m2"], found_report=f["f1"], score=90, status="confirmed",
                          proposed_at=ist(2026, 2, 20), decided_at=ist(2026, 3, 31, 23, 30))
    w.match["x2"] = Match(missing_report=m["m1"], found_report=f["g1"], score=80, status="proposed",
                          proposed_at=ist(2026, 3, 5))
    w.match["x3"] = Match(missing_report=m["s1"], found_report=f["f2"], score=70, status="rejected",
                          proposed_at=ist(2026, 3, 6), decided_at=ist(2026, 3, 8))
    w.match["x4"] = Match(missing_report=m["m6"], found_report=f["f6"], score=95, status="proposed",
                          proposed_at=ist(2026, 3, 7))
    db.session.add_all(w.match.values())

    # ---- children and their stays ------------------------------------------------------------------
    def child(key, cci, gender, category, admitted, opened=None, **more):
        w.child[key] = Child(name=f"Child {key}", gender=gender, category=category,
                             institution=w.cci[cci], district=w.cci[cci].district,
                             admitted_on=admitted, case_opened_on=opened, registered_at=ist(2025, 1, 1),
                             **more)
        db.session.add(w.child[key])
    child("c1", "amd_home", "male", "CNCP", date(2026, 1, 10), date(2025, 10, 31))
    child("c2", "amd_obs", "transgender", "CCL", date(2025, 12, 1), date(2025, 11, 30))
    child("c3", "srt_home", "female", "CNCP", date(2026, 2, 1), date(2026, 3, 3))
    child("c4", "amd_home", "male", "CNCP", date(2026, 2, 10))
    child("c5", "pune_home", "unknown", "CNCP", date(2026, 3, 5), date(2026, 3, 5))
    child("c6", "amd_home", "female", "CNCP", date(2025, 6, 1), date(2025, 6, 1))
    child("c7", "amd_home", "male", "CNCP", date(2026, 3, 10), date(2026, 3, 10))
    child("c8", "amd_obs", "male", "CCL", date(2025, 1, 1), date(2025, 1, 2))
    child("c9", "amd_obs", "female", "CCL", date(2025, 5, 1), date(2025, 5, 1))
    child("c10", "amd_obs", "male", "CCL", date(2026, 3, 28), date(2026, 3, 28))
    db.session.flush()

    def move(key, day, institution=None, status=None):
        c = w.child[key]
        c.movement_on = day
        if institution:
            c.institution = w.cci[institution]
            c.district = w.cci[institution].district
        if status:
            c.status = status
        db.session.flush()
    move("c3", date(2026, 3, 15), institution="amd_home")   # across districts, within Gujarat
    move("c4", date(2026, 3, 20), institution="amd_obs")    # within Ahmedabad
    move("c5", date(2026, 3, 25), institution="srt_home")   # across states
    move("c6", date(2026, 3, 31), status="restored")
    move("c8", date(2026, 4, 1), status="absconded")
    c7 = w.child["c7"]
    c7.archived_at, c7.archive_reason = ARCHIVED, "Duplicate"
    db.session.flush()

    c = w.child
    db.session.add_all([
        CarePlan(child=c["c1"], prepared_on=date(2026, 1, 15)),
        CarePlan(child=c["c4"], prepared_on=date(2026, 2, 11)),
        CarePlan(child=c["c5"], prepared_on=date(2026, 3, 6)),
        CarePlan(child=c["c8"], prepared_on=date(2026, 4, 10)),  # after March
        CarePlan(child=c["c9"], prepared_on=date(2026, 1, 1), archived_at=ARCHIVED,
                 archive_reason="Wrong child"),
        ProgressEntry(child=c["c1"], month=date(2026, 3, 1)),
        ProgressEntry(child=c["c8"], month=date(2026, 3, 1)),
        ProgressEntry(child=c["c9"], month=date(2026, 3, 1), archived_at=ARCHIVED,
                      archive_reason="Wrong child"),
    ])

    def order(model, bag, key, child_key, district, kind, day, complied=None, **more):
        bag[key] = model(child=c[child_key], district=d[district], order_type=kind,
                         order_number=key, order_date=day, complied_on=complied, **more)
        db.session.add(bag[key])
    order(CwcOrder, w.cwc, "o1", "c1", "amd", "sir_ordered", date(2026, 3, 10))  # due 25 March
    order(CwcOrder, w.cwc, "o2", "c3", "amd", "sir_ordered", date(2026, 3, 20))  # due 4 April
    order(CwcOrder, w.cwc, "o3", "c1", "amd", "legally_free", date(2026, 3, 31))
    # A sponsorship order is a final disposition: it closes c6's case too (#14 defect 2).
    order(CwcOrder, w.cwc, "o4", "c6", "amd", "sponsorship", date(2026, 3, 31))
    order(CwcOrder, w.cwc, "o5", "c6", "amd", "restoration", date(2026, 3, 30))
    # On the day c3 was first produced (an earlier order would open its case earlier).
    order(CwcOrder, w.cwc, "o6", "c3", "srt", "sir_ordered", date(2026, 3, 3), date(2026, 3, 10))
    order(CwcOrder, w.cwc, "o7", "c1", "amd", "medical_examination", date(2026, 3, 5),
          archived_at=ARCHIVED, archive_reason="Entered twice")
    order(JjbOrder, w.jjb, "j1", "c2", "amd", "sir_ordered", date(2026, 3, 1), date(2026, 3, 20))
    order(JjbOrder, w.jjb, "j2", "c8", "amd", "probation", date(2026, 3, 12))
    order(JjbOrder, w.jjb, "j3", "c9", "amd", "inquiry_closed", date(2026, 4, 5))
    order(JjbOrder, w.jjb, "j4", "c2", "amd", "sir_ordered", date(2026, 2, 1))
    order(JjbOrder, w.jjb, "j5", "c8", "amd", "bail", date(2026, 3, 5))
    db.session.commit()
    return ids_of(w)


import pytest  # noqa: E402


@pytest.fixture(scope="module")
def summary_world(app):
    """This module's own database contents: the shared world is rebuilt after it."""
    from tests.conftest import _wipe
    with app.app_context():
        _wipe()
        ids = build_summary_world()
        db.session.remove()
    yield ids
    with app.app_context():
        _wipe()
        db.session.remove()
