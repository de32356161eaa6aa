"""Benchmark of the panel's child screens on a state-sized register.

    python benchmarks/panel.py                                  # SQLite and PostgreSQL
    python benchmarks/panel.py --engines sqlite --children 100000 --repeats 20
    python benchmarks/panel.py --postgres postgresql+psycopg://postgres@127.0.0.1:5432/test
    python benchmarks/panel.py --try-indexes                    # also measure candidate indexes

For each engine it builds a fresh schema (`Base.metadata.create_all`; a SQLite file
under a temporary directory, or the PostgreSQL database given, whose tables are
dropped again at the end), bulk-inserts N children (SQLAlchemy Core executemany in
chunks) over 30 districts of 4 states, one district (the DCPU's) holding a large
share (default 12,000, enough for page 500 of the list: offset 9,980 at 20 a page),
and then, signed in through /login as that district's DCPU with the Flask test
client, times (time.perf_counter around client.get: server time, no network):

    the children list, first page      /admin/child/
    the children list, page 500        /admin/child/?page=499   (pages are 0-based)
    a child's details page             /admin/child/details/?id=N
    the child's case file              /admin/child/case/?id=N   (issue #12: target 100 ms)
    care plans searched by a child's name and by child ID
                                       /admin/care_plan/?search=...   (target 100 ms)

after warm-up requests, each at least 15 times, and prints the median and p90 in ms
against the 150 ms target. It also records the SQL each page runs (statement count,
slowest statements) and prints the plans of the slowest list and count queries, so a
missed target can be traced to its cause. With --try-indexes the pages are measured
again with candidate composite indexes created in the benchmark's own database only.

PostgreSQL tables are ANALYZEd after loading (autovacuum would do it in production);
SQLite gets no ANALYZE, as a pilot's file never does.
"""
from __future__ import annotations

import argparse
import os
import random
import re
import shutil
import statistics
import sys
import tempfile
import time
from datetime import datetime, timedelta, timezone
from urllib.parse import quote

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from sqlalchemy import event, func, insert, inspect, select, text  # noqa: E402
from sqlalchemy.exc import DBAPIError

TARGET_MS = 150.0
# The case file and the searches by child (issue #12 "Done means").
CASE_TARGET_MS = 100.0
DEFAULT_PG = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
PASSWORD = "bench-password-1"
CHUNK = 5000

STATES = (
    ("Gujarat", "GJ", ("Ahmedabad", "Surat", "Vadodara", "Rajkot", "Bhavnagar", "Jamnagar", "Kutch",
                       "Panchmahal", "Dahod", "Banaskantha")),
    ("Maharashtra", "MH", ("Mumbai", "Pune", "Nagpur", "Nashik", "Thane", "Aurangabad", "Solapur",
                           "Kolhapur")),
    ("Rajasthan", "RJ", ("Jaipur", "Jodhpur", "Udaipur", "Kota", "Ajmer", "Bikaner")),
    ("Madhya Pradesh", "MP", ("Bhopal", "Indore", "Gwalior", "Jabalpur", "Ujjain", "Rewa")),
)
HOMES = (("childrens_home", "Government Children's Home"), ("observation_home", "Observation Home"),
         ("open_shelter", "Open Shelter"), ("saa", "Specialised Adoption Agency"))

# Variants tried with --try-indexes, in the benchmark's own database only:
# (label, DDL that sets the variant up, DDL that undoes it). A variant whose
# index the models already declare (or lack) is skipped.
VARIANTS = (
    ("without ix_children_district_registered",
     "DROP INDEX ix_children_district_registered",
     "CREATE INDEX ix_children_district_registered ON children (district_id, registered_at)"),
    ("with (district_id, registered_at)",
     "CREATE INDEX ix_bench_children_district_registered ON children (district_id, registered_at)",
     "DROP INDEX ix_bench_children_district_registered"),
    ("with (district_id, archived_at, registered_at)",
     "CREATE INDEX ix_bench_children_district_archived_registered "
     "ON children (district_id, archived_at, registered_at)",
     "DROP INDEX ix_bench_children_district_archived_registered"),
)

_CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"|value="([^"]+)"[^>]*name="csrf_token"')


# --------------------------------------------------------------------------- data
def _name_pool(rng):
    """(name, father, mother) triples in Latin, Devanagari and Gujarati, from the demo lists."""
    from demo import names
    pool = []
    for community in names.COMMUNITIES.values():
        surnames = names.SURNAMES[community["surnames"]]
        for _ in range(600):
            s = rng.choice(names.SCRIPTS)
            sn = rng.choice(surnames)[s]
            kids = community["boys"] + community["girls"]
            pool.append((f"{rng.choice(kids)[s]} {sn}", f"{rng.choice(community['men'])[s]} {sn}",
                         f"{rng.choice(community['women'])[s]} {sn}"))
    return pool


class _Folds:
    """fold_name / phonetic_key, once per distinct name."""

    def __init__(self):
        from matching import fold_name, phonetic_key
        self.fold, self.key, self.cache = fold_name, phonetic_key, {}

    def __call__(self, name):
        if name not in self.cache:
            self.cache[name] = (self.fold(name) or None, self.key(name) or None)
        return self.cache[name]


def load(app, n_children: int, big: int, seed: int) -> dict:
    """Fresh schema and data; returns the ids and counts the measurement needs."""
    from extensions import db
    from models import Base, Child, District, Institution, State, User
    from models.child_code import new_code

    rng = random.Random(seed)
    t0 = time.perf_counter()
    with app.app_context():
        engine = db.engine
        Base.metadata.drop_all(engine)
        Base.metadata.create_all(engine)
        now = datetime.now(timezone.utc).replace(microsecond=0)
        stamp = now - timedelta(days=2000)
        ref = dict(created_at=stamp, updated_at=stamp)
        with engine.begin() as conn:
            districts = []  # (id, state_id, name)
            homes = {}      # district id -> [(institution id, type)]
            for s_name, s_code, d_names in STATES:
                state_id = conn.execute(insert(State.__table__).returning(State.__table__.c.id),
                                        {"name": s_name, "code": s_code, "active": True, **ref}).scalar_one()
                for d_name in d_names:
                    d_id = conn.execute(insert(District.__table__).returning(District.__table__.c.id), {
                        "state_id": state_id, "name": d_name, "active": True,
                        "code": f"{s_code}-{d_name[:3].upper()}{len(districts)}", **ref}).scalar_one()
                    districts.append((d_id, state_id, d_name))
                    homes[d_id] = []
                    for n, (cci_type, label) in enumerate(HOMES):
                        i_id = conn.execute(insert(Institution.__table__).returning(Institution.__table__.c.id), {
                            "district_id": d_id, "name": f"{label}, {d_name}", "cci_type": cci_type,
                            "registration_number": f"{s_code}/{d_id}/{n}", "capacity": 100,
                            "has_computer": True, "has_internet": n % 2 == 0, "active": True,
                            "version": 1, **ref}).scalar_one()
                        homes[d_id].append((i_id, cci_type))
            big_district = districts[0]  # Ahmedabad
            user = User(username="bench_dcpu", role="dcpu", must_change_password=False)
            user.set_password(PASSWORD)
            conn.execute(insert(User.__table__), {
                "username": "bench_dcpu", "full_name": "Bench DCPU", "password_hash": user.password_hash,
                "role": "dcpu", "state_id": big_district[1], "district_id": big_district[0],
                "is_enabled": True, "must_change_password": False, "version": 1, **ref})
            conn.execute(insert(User.__table__), {
                "username": "bench_national", "full_name": "Bench national admin",
                "password_hash": user.password_hash, "role": "national_admin",
                "is_enabled": True, "must_change_password": False, "version": 1, **ref})

        # Children: `big` in the DCPU's district, the rest over the other 29.
        others = districts[1:]
        weights = [rng.uniform(0.3, 1.7) for _ in others]
        pool = _name_pool(rng)
        folds = _Folds()
        table = Child.__table__
        inserted = 0
        per_district = {}
        while inserted < n_children:
            rows = []
            for _ in range(min(CHUNK, n_children - inserted)):
                if inserted + len(rows) < big:
                    d_id = big_district[0]
                else:
                    d_id = rng.choices(others, weights=weights)[0][0]
                per_district[d_id] = per_district.get(d_id, 0) + 1
                category = "CCL" if rng.random() < 0.2 else "CNCP"
                inst_id, cci_type = rng.choice([h for h in homes[d_id]
                                                if (h[1] == "observation_home") == (category == "CCL")])
                name, father, mother = rng.choice(pool)
                (nf, nk), (ff, fk), (mf, mk) = folds(name), folds(father), folds(mother)
                registered = now - timedelta(seconds=rng.randint(3600, 5 * 365 * 86400))
                age = rng.randint(12, 17) if category == "CCL" else rng.randint(0, 17)
                rows.append({
                    "child_code": new_code(), "district_id": d_id, "institution_id": inst_id,
                    "name": name, "aliases": None, "name_folded": nf, "name_key": nk,
                    "father_name": father, "father_name_folded": ff, "father_name_key": fk,
                    "mother_name": mother, "mother_name_folded": mf, "mother_name_key": mk,
                    "gender": rng.choices(("male", "female", "transgender", "unknown"), (58, 39, 2, 1))[0],
                    "date_of_birth": None, "estimated_age_years": age,
                    "age_recorded_on": registered.date(), "category": category,
                    "sub_category": rng.choice(("petty", "serious")) if category == "CCL"
                    else rng.choice(("orphan", "missing_runaway", "no_home", "working_begging")),
                    "status": rng.choices(("in_care", "restored", "transferred"), (70, 25, 5))[0],
                    "languages": "Gujarati, Hindi", "identification_marks": "Mole on the left cheek",
                    "hearing_impaired": False, "speech_impaired": False,
                    "admitted_on": registered.date(), "registered_at": registered,
                    "guardian_contact": "Father: +91 98250 00000", "address": f"{d_id}, Main Road",
                    "medical_notes": "Healthy.", "offence_details": None,
                    "archived_at": registered + timedelta(days=30) if rng.random() < 0.01 else None,
                    "archive_reason": None, "version": 1, "created_at": registered,
                    "updated_at": registered,
                })
            with engine.begin() as conn:
                conn.execute(insert(table), rows)
            inserted += len(rows)
        if engine.dialect.name == "postgresql":  # what autovacuum does after a bulk load
            with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
                conn.execute(text("VACUUM ANALYZE"))
        info = describe(app)
        _load_case_records(engine, info["detail_id"], info["case"], info["district_id"])
    info["smallest"] = min(per_district.values())
    info["largest_other"] = max(v for k, v in per_district.items() if k != big_district[0])
    info["load_s"] = time.perf_counter() - t0
    return info


def describe(app) -> dict:
    """The ids and counts the measurement needs, read from a loaded database."""
    from extensions import db
    from models import Child, District, Institution, State, User

    table = Child.__table__
    with app.app_context():
        engine = db.engine
        with engine.connect() as conn:
            dcpu = conn.execute(select(User.__table__.c.district_id)
                                .where(User.__table__.c.username == "bench_dcpu")).scalar_one()
            big_name = conn.scalar(select(District.__table__.c.name).where(District.__table__.c.id == dcpu))
            total = conn.scalar(select(func.count()).select_from(table))
            in_big = conn.scalar(select(func.count()).select_from(table).where(table.c.district_id == dcpu))
            live = conn.scalar(select(func.count()).select_from(table).where(
                table.c.district_id == dcpu, table.c.archived_at.is_(None)))
            # A child in the middle of the district's list, for the details page.
            middle = conn.scalar(select(table.c.id).where(
                table.c.district_id == dcpu, table.c.archived_at.is_(None))
                .order_by(table.c.registered_at.desc()).offset(live // 2).limit(1))
            case = conn.execute(select(table.c.name, table.c.child_code, table.c.institution_id,
                                       table.c.registered_at).where(table.c.id == middle)).one()
            n_districts = conn.scalar(select(func.count()).select_from(District.__table__))
            n_states = conn.scalar(select(func.count()).select_from(State.__table__))
            n_homes = conn.scalar(select(func.count()).select_from(Institution.__table__))
    return {"case_name": case.name.split()[0], "case_code": case.child_code, "case": case,
            "case_records": 68, "total": total, "district": big_name, "district_id": dcpu,
            "in_district": in_big, "live": live, "detail_id": middle, "districts": n_districts,
            "states": n_states, "homes": n_homes, "smallest": 0, "largest_other": 0, "load_s": 0.0}


def _load_case_records(engine, child_id, child, district_id) -> int:
    """A case file worth reading for the measured child (two stays, a year of
    orders, plans and progress, their audit entries), and an ICP for every tenth
    child of the district, so the care-plan list searched by child has rows."""
    from models import AuditLog, CarePlan, Child, CwcOrder, Placement, ProgressEntry
    start = child.registered_at.date()
    ref = dict(created_at=child.registered_at, updated_at=child.registered_at)
    versioned = dict(version=1, **ref)
    with engine.begin() as conn:
        others = conn.scalars(select(Child.__table__.c.id).where(
            Child.__table__.c.district_id == district_id).order_by(Child.__table__.c.id)).all()[::10]
        conn.execute(insert(CarePlan.__table__), [
            {"child_id": cid, "prepared_on": start + timedelta(days=10), "education_plan": "School",
             "health_plan": "Check-ups", **versioned} for cid in others if cid != child_id])
        conn.execute(insert(Placement.__table__), [
            {"child_id": child_id, "institution_id": child.institution_id, "admitted_on": start,
             "left_on": start + timedelta(days=40), "exit_kind": "transfer", **ref},
            {"child_id": child_id, "institution_id": child.institution_id,
             "admitted_on": start + timedelta(days=40), "left_on": None, "exit_kind": None, **ref}])
        orders = [{"child_id": child_id, "district_id": district_id, "order_type": "interim_placement",
                   "order_number": f"CWC/BENCH/{n}", "order_date": start + timedelta(days=30 * n),
                   "next_hearing_date": start + timedelta(days=30 * n + 20), "notes": "Review.",
                   **versioned} for n in range(12)]
        conn.execute(insert(CwcOrder.__table__), orders)
        conn.execute(insert(CarePlan.__table__), [
            {"child_id": child_id, "prepared_on": start + timedelta(days=10 + 180 * n),
             "education_plan": "School", "health_plan": "Check-ups", **versioned} for n in range(2)])
        conn.execute(insert(ProgressEntry.__table__), [
            {"child_id": child_id, "month": (start + timedelta(days=31 * n)).replace(day=1),
             "education": "Class 5", "health": "Well", **versioned} for n in range(1, 13)])
        conn.execute(insert(AuditLog.__table__), [
            {"at": child.registered_at + timedelta(days=n), "username": "bench_dcpu", "action": "update",
             "table_name": "children", "record_id": child_id, "changes": '{"status": ["in_care", "in_care"]}',
             "state_id": None, "district_id": district_id} for n in range(40)])
    if engine.dialect.name == "postgresql":
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.execute(text("VACUUM ANALYZE"))
    return len(orders) + 2 + 12 + 2 + 40


# --------------------------------------------------------------------------- measuring
def sign_in(client, username=None, password=PASSWORD):
    page = client.get("/login").get_data(as_text=True)
    match = _CSRF.search(page)
    assert match, "no CSRF token on /login"
    response = client.post("/login", data={"username": username or "bench_dcpu", "password": password,
                                           "csrf_token": match.group(1) or match.group(2)})
    location = response.headers.get("Location", "")
    if response.status_code != 302 or "/login" in location or "/password" in location:
        raise SystemExit(f"sign-in failed: {response.status_code} {location}")


def timed(client, path, repeats, warmup):
    for _ in range(warmup):
        _get(client, path)
    samples = []
    for _ in range(repeats):
        start = time.perf_counter()
        _get(client, path)
        samples.append((time.perf_counter() - start) * 1000)
    return samples


def _get(client, path):
    response = client.get(path)
    if response.status_code != 200:
        raise SystemExit(f"GET {path} answered {response.status_code}")
    return response


def p90(samples):
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(round(0.9 * (len(ordered) - 1))))]


class SqlRecorder:
    """Every statement a request runs, with its own time."""

    def __init__(self, engine):
        self.engine, self.rows, self.on = engine, [], False
        event.listen(engine, "before_cursor_execute", self._before)
        event.listen(engine, "after_cursor_execute", self._after)

    def _before(self, conn, cursor, statement, parameters, context, executemany):
        conn.info["bench_t"] = time.perf_counter()

    def _after(self, conn, cursor, statement, parameters, context, executemany):
        if self.on:
            self.rows.append((statement, parameters, (time.perf_counter() - conn.info["bench_t"]) * 1000))

    def record(self, client, path):
        self.rows, self.on = [], True
        try:
            _get(client, path)
        finally:
            self.on = False
        return list(self.rows)

    def close(self):
        event.remove(self.engine, "before_cursor_execute", self._before)
        event.remove(self.engine, "after_cursor_execute", self._after)


def explain(engine, statement, parameters) -> list[str]:
    with engine.connect() as conn:
        if engine.dialect.name == "sqlite":
            rows = conn.exec_driver_sql("EXPLAIN QUERY PLAN " + statement, parameters).all()
            return [f"{r[-1]}" for r in rows]
        rows = conn.exec_driver_sql("EXPLAIN (ANALYZE, BUFFERS) " + statement, parameters).all()
        return [r[0] for r in rows]


def _short(sql, width=150):
    sql = " ".join(sql.split())
    return sql if len(sql) <= width else sql[:width - 3] + "..."


def measure(app, info, args, label, show_sql):
    from extensions import db
    pages = (
        ("children list, first page", "/admin/child/"),
        ("children list, page 500", "/admin/child/?page=499"),
        ("child details page", f"/admin/child/details/?id={info['detail_id']}"),
        ("child's case file", f"/admin/child/case/?id={info['detail_id']}"),
        ("care plans, search by name", f"/admin/care_plan/?search={quote(info['case_name'])}"),
        ("care plans, search by child ID", f"/admin/care_plan/?search={info['case_code']}"),
    )
    results = []
    with app.app_context():
        engine = db.engine
    client = app.test_client()
    sign_in(client)
    first = _get(client, "/admin/child/").get_data(as_text=True)
    listed = re.search(r"List \(([\d,]+)\)", first)
    page500 = _get(client, "/admin/child/?page=499").get_data(as_text=True)
    rows500 = len(set(re.findall(r"details/\?id=(\d+)", page500)))
    for title, path in pages:
        samples = timed(client, path, args.repeats, args.warmup)
        results.append((label, title, path, samples))
    recorder = SqlRecorder(engine)
    try:
        sql = {path: recorder.record(client, path) for _t, path in pages}
    finally:
        recorder.close()
    return results, sql, (listed.group(1) if listed else "?"), rows500


def report(engine_name, results, target=TARGET_MS):
    print(f"\n  {'page':34} {'median':>9} {'p90':>9} {'min':>8} {'n':>4}  target   verdict")
    for label, title, path, samples in results:
        page_target = CASE_TARGET_MS if ("/case/" in path or "search=" in path) else target
        med = statistics.median(samples)
        verdict = "meets target" if med <= page_target else "MISSES target"
        print(f"  {title:34} {med:7.1f}ms {p90(samples):7.1f}ms "
              f"{min(samples):6.1f}ms {len(samples):4}  {page_target:.0f} ms  {verdict}")


IDS_ONLY = ("SELECT id FROM children WHERE district_id = {d} AND archived_at IS NULL "
            "ORDER BY registered_at DESC, id DESC LIMIT 20 OFFSET 9980")


def print_ids_only(engine, district_id):
    """The page-500 query reduced to ids (a deferred join: rows and joins for 20 ids only)."""
    sql = IDS_ONLY.format(d=int(district_id))
    with engine.connect() as conn:
        start = time.perf_counter()
        conn.exec_driver_sql(sql).all()
        ms = (time.perf_counter() - start) * 1000
    print(f"    ids-only page-500 query (deferred join), {ms:.1f} ms: {sql}")
    for line in explain(engine, sql, ()):
        print(f"      {line}")


def print_sql(engine, sql_by_path, explain_top=True):
    for path, rows in sql_by_path.items():
        total = sum(ms for _s, _p, ms in rows)
        print(f"\n  SQL of {path}: {len(rows)} statements, {total:.1f} ms in the database")
        for statement, params, ms in sorted(rows, key=lambda r: -r[2])[:3]:
            print(f"    {ms:7.1f} ms  {_short(statement)}")
        if explain_top and "page=499" in path:
            for statement, params, ms in sorted(rows, key=lambda r: -r[2])[:2]:
                if not statement.lstrip().upper().startswith("SELECT"):
                    continue
                print(f"    plan of: {_short(statement, 110)}")
                for line in explain(engine, statement, params):
                    print(f"      {line}")


# --------------------------------------------------------------------------- national scale (#16)
SCALE_TARGET_MS = 50.0   # every list page and search
RECORD_TARGET_MS = 30.0  # details and edit
SEARCHES = ("ram", "રામ", "राम", "ramesh patel")


def stock_app(url):
    """Stock Flask-Admin 2.2 over the same table, in the same process: a plain
    ModelView with the same list columns, sorts and searched columns, nothing else."""
    from flask import Flask
    from flask_admin import Admin
    from flask_admin.contrib.sqla import ModelView
    from flask_sqlalchemy import SQLAlchemy

    from models import Child

    app = Flask("stock")
    app.config.update(SQLALCHEMY_DATABASE_URI=url, SECRET_KEY="stock", TESTING=True)
    stock_db = SQLAlchemy()
    stock_db.init_app(app)
    from flask_babel import Babel
    Babel(app)  # Flask-Admin's forms ask for it when Flask-Babel is installed

    class StockChildView(ModelView):
        column_list = ("child_code", "name", "gender", "category", "status", "institution",
                       "district", "registered_at")
        column_sortable_list = ("child_code", "name", "registered_at", "status")
        column_default_sort = ("registered_at", True)
        column_searchable_list = ("name", "aliases", "name_folded")
        can_view_details = True
        page_size = 20

    admin = Admin(app, name="stock", url="/stock")
    admin.add_view(StockChildView(Child, stock_db, endpoint="stock_child", url="/stock/child"))
    return app, stock_db


def scale_pages(info, role):
    """(title, our path, stock path or None) for one role."""
    pages = [("list page 1", "/admin/child/", "/stock/child/"),
             ("list page 500", "/admin/child/?page=499", "/stock/child/?page=499"),
             ("page 500 sorted by name", "/admin/child/?sort=1&page=499", "/stock/child/?sort=1&page=499")]
    pages += [(f'search "{term}"', f"/admin/child/?search={quote(term)}", f"/stock/child/?search={quote(term)}")
              for term in SEARCHES]
    pages.append(("child details page", f"/admin/child/details/?id={info['detail_id']}",
                  f"/stock/child/details/?id={info['detail_id']}"))
    if role == "DCPU":  # a national admin reads children, it does not edit them
        pages.append(("child edit form", f"/admin/child/edit/?id={info['detail_id']}",
                      f"/stock/child/edit/?id={info['detail_id']}"))
    return pages


def page_target(title):
    return RECORD_TARGET_MS if ("details" in title or "edit" in title) else SCALE_TARGET_MS


def measure_scale(app, info, args, url):
    """Each page for each role, interleaved with stock Flask-Admin's page:
    ours, stock, ours, stock... so both see the same machine load."""
    from extensions import db
    stock, stock_db = (stock_app(url) if args.stock else (None, None))
    stock_client = stock.test_client() if stock else None
    table = []
    sql = {}
    for role, username in (("national", "bench_national"), ("DCPU", "bench_dcpu")):
        client = app.test_client()
        sign_in(client, username)
        heading = re.search(r"List \(([^)]*)\)", _get(client, "/admin/child/").get_data(as_text=True))
        print(f"  {role}: list heading says List ({heading.group(1) if heading else '?'})")
        for title, ours, theirs in scale_pages(info, role):
            with_stock = stock_client is not None and theirs and role == "national"
            for _ in range(args.warmup):
                _get(client, ours)
                if with_stock:
                    _get(stock_client, theirs)
            mine, base = [], []
            for _ in range(args.repeats):
                t = time.perf_counter()
                _get(client, ours)
                mine.append((time.perf_counter() - t) * 1000)
                if with_stock:
                    t = time.perf_counter()
                    _get(stock_client, theirs)
                    base.append((time.perf_counter() - t) * 1000)
            table.append((role, title, mine, base))
        with app.app_context():
            recorder = SqlRecorder(db.engine)
        try:
            for title, ours, _t in scale_pages(info, role):
                sql[f"{role} {ours}"] = recorder.record(client, ours)
        finally:
            recorder.close()
    if stock_db is not None:
        with stock.app_context():
            stock_db.engine.dispose()
    return table, sql


def report_scale(engine_name, table):
    print(f"\n  {engine_name}: medians of {len(table[0][2])} requests (ms), stock Flask-Admin "
          f"interleaved for the national admin")
    print(f"  {'role':9} {'page':28} {'ours':>8} {'p90':>8} {'stock':>8} {'ratio':>6}  target  verdict")
    for role, title, mine, base in table:
        med = statistics.median(mine)
        stock = f"{statistics.median(base):8.1f}" if base else f"{'-':>8}"
        ratio = f"{med / statistics.median(base):6.2f}" if base else f"{'-':>6}"
        target = page_target(title)
        verdict = "meets" if med <= target else "MISSES"
        print(f"  {role:9} {title:28} {med:8.1f} {p90(mine):8.1f} {stock} {ratio}  {target:4.0f}    {verdict}")


def print_slowest_sql(engine, sql_by_page, explain_slowest=True):
    for page, rows in sql_by_page.items():
        total = sum(ms for _s, _p, ms in rows)
        slow = sorted(rows, key=lambda r: -r[2])[:2]
        print(f"\n  SQL of {page}: {len(rows)} statements, {total:.1f} ms in the database")
        for statement, params, ms in slow:
            print(f"    {ms:7.1f} ms  {_short(statement)}")
        if explain_slowest and slow and slow[0][2] > 10 and slow[0][0].lstrip().upper().startswith("SELECT"):
            for line in explain(engine, slow[0][0], slow[0][1]):
                print(f"      {line}")


def sync_schema(app):
    """A kept database brought to the models' current indexes and columns without
    reloading it: missing tables, columns and indexes created, indexes the models
    no longer declare dropped, and each model's own backfill run (models.search)."""
    from extensions import db
    from models import Base

    try:
        from models import search as search_index
    except ImportError:  # a version of the app before #16
        search_index = None
    with app.app_context():
        engine = db.engine
        Base.metadata.create_all(engine)
        inspector = inspect(engine)
        with engine.begin() as conn:
            for table in Base.metadata.sorted_tables:
                have = {c["name"] for c in inspector.get_columns(table.name)}
                for column in table.columns:
                    if column.name not in have:
                        kind = column.type.compile(engine.dialect)
                        conn.exec_driver_sql(f"ALTER TABLE {table.name} ADD COLUMN {column.name} {kind}")
                        print(f"  sync: added column {table.name}.{column.name}")
                existing = {ix["name"] for ix in inspector.get_indexes(table.name)}
                wanted = {ix.name for ix in table.indexes}
                made_elsewhere = getattr(search_index, "NOT_IN_MODELS", frozenset())
                for name in sorted(existing - wanted - made_elsewhere):
                    if name.startswith("ix_"):
                        conn.exec_driver_sql(f"DROP INDEX {name}")
                        print(f"  sync: dropped index {name}")
        if search_index is not None:
            t = time.perf_counter()
            search_index.backfill(engine)
            print(f"  sync: search columns backfilled in {time.perf_counter() - t:.1f} s")
        for table in Base.metadata.sorted_tables:
            existing = {ix["name"] for ix in inspect(engine).get_indexes(table.name)}
            for index in table.indexes:
                if index.name not in existing:
                    t = time.perf_counter()
                    index.create(engine)
                    print(f"  sync: created index {index.name} in {time.perf_counter() - t:.1f} s")
        if engine.dialect.name == "postgresql":
            with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
                conn.execute(text("VACUUM ANALYZE"))


def kept_sqlite_path(args):
    folder = args.data_dir or os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))),
                                           ".bench")
    os.makedirs(folder, exist_ok=True)
    return os.path.join(folder, f"panel-{args.children}.db")


def loaded_rows(app):
    from extensions import db
    with app.app_context():
        try:
            with db.engine.connect() as conn:
                return conn.exec_driver_sql("SELECT count(*) FROM children").scalar()
        except DBAPIError:  # no schema yet
            return 0


def _pg_settings(app, settings):
    """SET name = value on every connection of the app's engine (this process only)."""
    from extensions import db

    def apply(dbapi_connection, record):
        with dbapi_connection.cursor() as cursor:
            for setting in settings:
                name, value = setting.split("=", 1)
                cursor.execute(f"SET {name.strip()} = {value.strip()}")
        dbapi_connection.commit()

    with app.app_context():
        event.listen(db.engine, "connect", apply)
        db.engine.dispose()
    print(f"  PostgreSQL settings for this run: {', '.join(settings)}")


def run_scale(name, url, args):
    """--scale: the national admin and the DCPU against stock Flask-Admin (#16)."""
    from app import create_app
    from extensions import db

    if name == "sqlite":
        url = f"sqlite:///{kept_sqlite_path(args)}"
    app = create_app({"TESTING": True, "SECRET_KEY": "bench", "SQLALCHEMY_DATABASE_URI": url})
    if args.reuse and loaded_rows(app) == args.children:
        print(f"\n=== {name}: {url} (kept data, reused)")
        if not args.no_sync:
            sync_schema(app)
        info = describe(app)
    else:
        info = load(app, args.children, args.district_children, args.seed)
        print(f"\n=== {name}: {url} (loaded in {info['load_s']:.1f} s)")
    print(f"  rows: {info['total']:,} children; the DCPU's district {info['district']} holds "
          f"{info['in_district']:,} ({info['live']:,} live); details page id {info['detail_id']}")
    if args.build_only:
        return
    if name == "postgresql" and args.pg_set:
        _pg_settings(app, args.pg_set)
    table, sql = measure_scale(app, info, args, url)
    report_scale(name, table)
    if args.show_sql:
        with app.app_context():
            print_slowest_sql(db.engine, sql)
    with app.app_context():
        db.engine.dispose()


def run_engine(name, url, args):
    from app import create_app
    from extensions import db
    from models import Base

    tmpdir = None
    if name == "sqlite":
        tmpdir = tempfile.mkdtemp(prefix="balsetu-bench-")
        url = f"sqlite:///{os.path.join(tmpdir, 'bench.db')}"
    app = create_app({"TESTING": True, "SECRET_KEY": "bench", "SQLALCHEMY_DATABASE_URI": url})
    try:
        info = load(app, args.children, args.district_children, args.seed)
        print(f"\n=== {name}: {url}")
        print(f"  rows: {info['total']:,} children in {info['districts']} districts of {info['states']} states "
              f"({info['homes']} institutions); the DCPU's district {info['district']} holds "
              f"{info['in_district']:,} ({info['live']:,} not archived); other districts "
              f"{info['smallest']:,} to {info['largest_other']:,} each; details page id {info['detail_id']}; "
              f"loaded in {info['load_s']:.1f} s")
        if info["live"] < 10_000:
            print("  WARNING: fewer than 10,000 live children in the district: page 500 is short or empty")
        results, sql, listed, rows500 = measure(app, info, args, "as built", True)
        print(f"  list header says List ({listed}); page 500 shows {rows500} children; "
              f"{args.warmup} warm-up + {args.repeats} timed requests per page")
        report(name, results)
        with app.app_context():
            engine = db.engine
        print_sql(engine, sql)
        print_ids_only(engine, info["district_id"])
        if args.try_indexes and engine.dialect.name == "postgresql":
            # The planner's SSD setting, in this benchmark's connections only.
            def ssd(dbapi_connection, record):
                with dbapi_connection.cursor() as cursor:
                    cursor.execute("SET random_page_cost = 1.1")
            event.listen(engine, "connect", ssd)
            engine.dispose()
            try:
                results, sql, _l, _r = measure(app, info, args, "ssd", False)
                print("\n  variant 'random_page_cost = 1.1' (SSD planner setting, these connections only):")
                report(name, results)
                print_sql(engine, {p: r for p, r in sql.items() if "page=499" in p})
            finally:
                event.remove(engine, "connect", ssd)
                engine.dispose()
        if args.try_indexes:
            for label, setup, undo in VARIANTS:
                existing = {tuple(ix["column_names"]): ix["name"]
                            for ix in inspect(engine).get_indexes("children")}
                if setup.startswith("DROP") and setup.split()[2] not in existing.values():
                    print(f"\n  variant '{label}': skipped, the models declare no such index")
                    continue
                if setup.startswith("CREATE"):
                    columns = tuple(c.strip() for c in setup.split("(")[1].rstrip(")").split(","))
                    if columns in existing:
                        print(f"\n  variant '{label}': skipped, the models already declare "
                              f"{existing[columns]}")
                        continue
                with engine.begin() as conn:
                    conn.exec_driver_sql(setup)
                    if engine.dialect.name == "postgresql":
                        conn.exec_driver_sql("ANALYZE children")
                engine.dispose()  # no pooled connection keeps a plan or snapshot of the old schema
                try:
                    results, sql, _l, _r = measure(app, info, args, label, False)
                    print(f"\n  variant '{label}' (benchmark database only):")
                    report(name, results)
                    print_sql(engine, {p: r for p, r in sql.items() if "page=499" in p})
                    print_ids_only(engine, info["district_id"])
                finally:
                    with engine.begin() as conn:
                        conn.exec_driver_sql(undo)
                    engine.dispose()
    finally:
        with app.app_context():
            if name == "postgresql":
                Base.metadata.drop_all(db.engine)  # the database is shared with the test suite
            db.engine.dispose()
        if tmpdir:
            shutil.rmtree(tmpdir, ignore_errors=True)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--engines", default="sqlite,postgresql",
                        help="comma-separated: sqlite, postgresql")
    parser.add_argument("--children", type=int, default=100_000, help="children in the register")
    parser.add_argument("--district-children", type=int, default=12_000,
                        help="children in the DCPU's district (>= 10,000 for page 500)")
    parser.add_argument("--repeats", type=int, default=20, help="timed requests per page (>= 15)")
    parser.add_argument("--warmup", type=int, default=3, help="untimed requests per page first")
    parser.add_argument("--postgres", default=os.environ.get("BENCH_DATABASE_URL", DEFAULT_PG),
                        help="PostgreSQL URL (its tables are dropped and re-created, then dropped)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--try-indexes", action="store_true",
                        help="measure again with candidate composite indexes (benchmark database only)")
    parser.add_argument("--scale", action="store_true",
                        help="#16: national admin and DCPU, searches, stock Flask-Admin interleaved; "
                             "keeps its data (SQLite under .bench/, the PostgreSQL tables)")
    parser.add_argument("--reuse", action="store_true",
                        help="with --scale: reuse the kept data if it has --children rows "
                             "(indexes and columns brought to the models' current ones)")
    parser.add_argument("--data-dir", help="with --scale: folder of the kept SQLite file (default .bench/)")
    parser.add_argument("--no-sync", action="store_true", help="with --reuse: leave the schema as it is")
    parser.add_argument("--build-only", action="store_true", help="with --scale: load, measure nothing")
    parser.add_argument("--no-stock", dest="stock", action="store_false",
                        help="with --scale: no stock Flask-Admin baseline")
    parser.add_argument("--pg-set", action="append", default=[], metavar="NAME=VALUE",
                        help="with --scale: a PostgreSQL setting for the benchmark's connections (jit=off)")
    parser.add_argument("--show-sql", action="store_true", help="with --scale: slowest SQL and plans")
    args = parser.parse_args(argv)
    args.district_children = min(args.district_children, args.children)
    print(f"Bal Setu panel benchmark: {args.children:,} children, DCPU district {args.district_children:,}, "
          f"target {TARGET_MS:.0f} ms median server time per page (Flask test client)")
    for name in [e.strip() for e in args.engines.split(",") if e.strip()]:
        if name not in ("sqlite", "postgresql"):
            parser.error(f"unknown engine {name!r}")
        runner = run_scale if args.scale else run_engine
        runner(name, args.postgres if name == "postgresql" else None, args)


if __name__ == "__main__":
    main()
