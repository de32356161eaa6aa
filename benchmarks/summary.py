"""Benchmark of the monthly summaries on a national-sized register.

    python benchmarks/summary.py                          # SQLite and PostgreSQL, 1M + 1M
    python benchmarks/summary.py --engines sqlite --children 100000 --reports 100000
    python benchmarks/summary.py --postgres postgresql+psycopg://postgres@127.0.0.1:5432/bench_summ
    python benchmarks/summary.py --engines sqlite --children 200000 --reports 200000 --sqlite /tmp/b.db
    python benchmarks/summary.py --engines sqlite --sqlite /tmp/b.db --reuse   # measure again, no reload

For each engine it builds a fresh schema (`Base.metadata.create_all`: a SQLite file
in a temporary directory, or the PostgreSQL database given, whose tables are
dropped at the end) and bulk-loads (SQLAlchemy Core, in chunks) 30 states of 10
districts with 4 CCIs each; N children (default 1,000,000) with their stays in
CCIs (5% transferred once, a quarter left care), CWC/JJB orders, ICPs and a
month of progress entries; and N reports (default 1,000,000: 60% missing, 40%
found) with matches between some of them, all spread over the two years before
the measured month (2026-10), with 1% archived. It then times
`summaries.table.build` (what the page, the downloads and the command line all
run: every figure for every row and the total) for a national summary (a row
per state), a state summary (a row per district) and a district summary (a row
per institution), each `--repeats` times after one warm-up, and prints the
median and the number of SQL statements against the target: under 1 s for a
state summary on both engines.

PostgreSQL tables are ANALYZEd after loading (autovacuum would do it in
production); SQLite gets ANALYZE too (`--no-analyze` to skip it)."""
from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
from datetime import date, datetime, timedelta, timezone

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from sqlalchemy import event, insert, text  # noqa: E402

DEFAULT_PG = "postgresql+psycopg://postgres@127.0.0.1:5432/bench_summ"
TARGET_S = 1.0
CHUNK = 10000
MONTH = "2026-10"
GENDERS = (("male", "female", "transgender", "unknown"), (55, 42, 2, 1))
CCI_TYPES = ("childrens_home", "observation_home", "open_shelter", "saa")
REASONS = ("lost", "ran_away", "kidnapped", "trafficked", "abandoned", "unknown")
RUNAWAY = ("scolded", "study_pressure", "family_conflict", "eloped", "other")
CWC_TYPES = ("declaration_cncp", "interim_placement", "sir_ordered", "restoration", "legally_free",
             "final_order")
JJB_TYPES = ("bail", "sir_ordered", "admonition", "probation", "special_home", "inquiry_closed")


def _india_day(moment: datetime) -> date:
    return (moment + timedelta(hours=5, minutes=30)).date()


def load_matches(engine, rng, when, n_missing: int, n_found: int, n_matches: int, ref: dict) -> None:
    """Matches between random reports; a report is confirmed with one other report
    at most (the database's partial unique indexes)."""
    from models import Match
    rows, pairs, confirmed_missing, confirmed_found = [], set(), set(), set()

    def put(chunk):
        if chunk:
            with engine.begin() as conn:
                conn.execute(insert(Match.__table__), chunk)
    while len(rows) < n_matches:
        pair = (rng.randint(1, n_missing), rng.randint(1, n_found))
        if pair in pairs:
            continue
        pairs.add(pair)
        proposed = when()
        status = rng.choices(("proposed", "confirmed", "rejected"), (5, 3, 2))[0]
        if status == "confirmed":
            if pair[0] in confirmed_missing or pair[1] in confirmed_found:
                status = "rejected"
            else:
                confirmed_missing.add(pair[0])
                confirmed_found.add(pair[1])
        rows.append({"missing_report_id": pair[0], "found_report_id": pair[1], "score": 60.0,
                     "reasons": "{}", "status": status, "proposed_at": proposed,
                     "decided_at": None if status == "proposed" else proposed + timedelta(days=2),
                     "version": 1, **ref})
        if len(rows) % CHUNK == 0:
            put(rows[-CHUNK:])
    put(rows[len(rows) - len(rows) % CHUNK:])


def finish(app, engine) -> dict:
    """Sequences and planner statistics after a bulk load; the tables' row counts."""
    from models import Base
    if engine.dialect.name == "postgresql":
        for table in Base.metadata.sorted_tables:
            if "id" in table.c and table.c.id.primary_key:
                with engine.begin() as conn:
                    conn.execute(text(f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "
                                      f"coalesce((SELECT max(id) FROM {table.name}), 1))"))
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.execute(text("VACUUM ANALYZE"))
    elif not app.config.get("BENCH_NO_ANALYZE"):
        with engine.begin() as conn:
            conn.exec_driver_sql("ANALYZE")
    counts = {}
    with engine.connect() as conn:
        for table in ("children", "placements", "missing_reports", "found_reports", "cwc_orders",
                      "jjb_orders", "care_plans", "progress_entries", "matches"):
            counts[table] = conn.exec_driver_sql(f"SELECT count(*) FROM {table}").scalar()
    return counts


def reload_matches(app, n_reports: int, seed: int) -> None:
    """--matches-only: replace the matches of a database loaded before (a load that
    stopped at its matches keeps its children and reports) and finish it."""
    from extensions import db
    from models import Match
    rng = random.Random(seed + 1)
    end = datetime(2026, 10, 31, 18, 30, tzinfo=timezone.utc)
    stamp = datetime(2024, 1, 1, tzinfo=timezone.utc)

    def when():
        return end - timedelta(seconds=rng.randint(0, 730 * 86400) + rng.randint(-86400 * 20, 0))
    with app.app_context():
        engine = db.engine
        with engine.begin() as conn:
            conn.execute(Match.__table__.delete())
            n_missing = conn.exec_driver_sql("SELECT max(id) FROM missing_reports").scalar()
            n_found = conn.exec_driver_sql("SELECT max(id) FROM found_reports").scalar()
        load_matches(engine, rng, when, n_missing, n_found, n_reports // 20,
                     {"created_at": stamp, "updated_at": stamp})
        print("   " + ", ".join(f"{k} {v:,}" for k, v in finish(app, engine).items()), flush=True)


def load(app, n_children: int, n_reports: int, seed: int) -> dict:
    from extensions import db
    from models import (Base, CarePlan, Child, CwcOrder, District, FoundReport, Institution,
                        JjbOrder, MissingReport, Placement, ProgressEntry, State)
    rng = random.Random(seed)
    t0 = time.perf_counter()
    end = datetime(2026, 10, 31, 18, 30, tzinfo=timezone.utc)  # end of October, India time
    span = 730 * 86400
    stamp = datetime(2024, 1, 1, tzinfo=timezone.utc)
    ref = dict(created_at=stamp, updated_at=stamp)

    def when():
        return end - timedelta(seconds=rng.randint(0, span) + rng.randint(-86400 * 20, 0))

    def gender():
        return rng.choices(*GENDERS)[0]

    with app.app_context():
        engine = db.engine
        Base.metadata.drop_all(engine)
        Base.metadata.create_all(engine)

        def put(model, rows):
            if rows:
                with engine.begin() as conn:
                    conn.execute(insert(model.__table__), rows)

        states, districts, homes = [], [], []  # homes: (id, district id, type)
        put(State, [{"id": s + 1, "name": f"State {s + 1:02d}", "code": f"S{s + 1:02d}", "active": True, **ref}
                    for s in range(30)])
        put(District, [{"id": s * 10 + k + 1, "state_id": s + 1, "name": f"District {s + 1:02d}-{k + 1:02d}",
                        "code": f"D{s + 1:02d}{k + 1:02d}", "active": True, **ref}
                       for s in range(30) for k in range(10)])
        districts = list(range(1, 301))
        rows = []
        for d in districts:
            for n, kind in enumerate(CCI_TYPES):
                homes.append((len(homes) + 1, d, kind))
                rows.append({"id": len(homes), "district_id": d, "name": f"{kind} {d}", "cci_type": kind,
                             "capacity": 250, "has_computer": True, "has_internet": True, "active": True,
                             "version": 1, **ref})
        put(Institution, rows)
        homes_of = {}
        for h in homes:
            homes_of.setdefault(h[1], []).append(h)

        # Children, their stays, orders, ICPs and progress.
        child_id = stay_id = order_id = plan_id = 0
        month_first = date(2026, 10, 1)
        while child_id < n_children:
            children, stays, cwc, jjb, plans, progress = [], [], [], [], [], []
            for _ in range(min(CHUNK, n_children - child_id)):
                child_id += 1
                d = rng.choice(districts)
                category = "CCL" if rng.random() < 0.2 else "CNCP"
                home = rng.choice(homes_of[d])
                registered = when()
                admitted = registered.date()
                opened = admitted + timedelta(days=rng.randint(0, 3))
                left = kind = None
                status = "in_care"
                r = rng.random()
                if r < 0.25:
                    left = admitted + timedelta(days=rng.randint(1, 400))
                    status, kind = rng.choice((("restored", "restoration"), ("adopted", "adoption"),
                                               ("absconded", "absconded"), ("turned_18", "turned_18")))
                    if left > end.date():
                        left, kind, status = None, None, "in_care"
                final_home = home
                if r > 0.95:  # transferred once, half of them to another district
                    moved = admitted + timedelta(days=rng.randint(1, 300))
                    if moved <= end.date():
                        d2 = d if rng.random() < 0.5 else rng.choice(districts)
                        final_home = rng.choice(homes_of[d2])
                        stay_id += 1
                        stays.append({"id": stay_id, "child_id": child_id, "institution_id": home[0],
                                      "admitted_on": admitted, "left_on": moved, "exit_kind": "transfer", **ref})
                        admitted = moved
                stay_id += 1
                stays.append({"id": stay_id, "child_id": child_id, "institution_id": final_home[0],
                              "admitted_on": admitted, "left_on": left, "exit_kind": kind, **ref})
                children.append({
                    "id": child_id, "child_code": f"B{child_id:09d}", "district_id": final_home[1],
                    "institution_id": final_home[0], "name": f"Child {child_id}", "gender": gender(),
                    "category": category, "status": status, "hearing_impaired": False,
                    "speech_impaired": False, "registered_at": registered, "admitted_on": registered.date(),
                    "case_opened_on": opened, "version": 1,
                    "archived_at": end if rng.random() < 0.01 else None, **ref})
                if rng.random() < 0.3:
                    order_id += 1
                    bag, types = (jjb, JJB_TYPES) if category == "CCL" else (cwc, CWC_TYPES)
                    day = opened + timedelta(days=rng.randint(0, 200))
                    bag.append({"id": order_id, "child_id": child_id, "district_id": final_home[1],
                                "order_type": rng.choice(types), "order_number": f"O{order_id}",
                                "order_date": min(day, end.date()), "version": 1,
                                "complied_on": day + timedelta(days=10) if rng.random() < 0.6 else None,
                                **ref})
                if rng.random() < 0.6:
                    plan_id += 1
                    plans.append({"id": plan_id, "child_id": child_id, "prepared_on": opened, "version": 1, **ref})
                if left is None and rng.random() < 0.5:
                    progress.append({"child_id": child_id, "month": month_first, "version": 1, **ref})
            put(Child, children)
            put(Placement, stays)
            put(CwcOrder, cwc)
            put(JjbOrder, jjb)
            put(CarePlan, plans)
            put(ProgressEntry, progress)

        # Reports: 60% missing, 40% found; matches between some.
        n_missing = int(n_reports * 0.6)
        done = 0
        while done < n_missing:
            rows = []
            for _ in range(min(CHUNK, n_missing - done)):
                done += 1
                registered = when()
                reported = _india_day(registered)
                if rng.random() < 0.1:  # an old report imported late: reported long before
                    reported -= timedelta(days=rng.randint(30, 600))
                reason = rng.choice(REASONS)
                traced = registered + timedelta(days=rng.randint(1, 300)) if rng.random() < 0.7 else None
                if traced and traced > end:
                    traced = None
                rows.append({"id": done, "district_id": rng.choice(districts), "registered_at": registered,
                             "reported_on": reported, "missing_at": registered - timedelta(hours=5), "gender": gender(),
                             "age_years": rng.randint(0, 17), "reason": reason,
                             "runaway_reason": rng.choice(RUNAWAY) if reason == "ran_away" else None,
                             "status": "traced" if traced else "open", "traced_at": traced,
                             "publish_consent": False, "version": 1,
                             "archived_at": end if rng.random() < 0.01 else None, **ref})
            put(MissingReport, rows)
        done = 0
        n_found = n_reports - n_missing
        while done < n_found:
            rows = []
            for _ in range(min(CHUNK, n_found - done)):
                done += 1
                registered = when()
                d = rng.choice(districts)
                produced = registered + timedelta(hours=rng.choice((2, 12, 20, 30, 50))) if rng.random() < 0.9 else None
                restored = registered + timedelta(days=rng.randint(1, 60)) if rng.random() < 0.5 else None
                rows.append({"id": done, "district_id": d, "registered_at": registered,
                             "reported_on": _india_day(registered), "found_at": registered - timedelta(hours=1), "gender": gender(),
                             "estimated_age_years": rng.randint(0, 17), "can_speak": True, "can_hear": True,
                             "produced_at": produced, "restored_at": restored if restored and restored < end else None,
                             "status": "restored" if restored else "open",
                             "placed_institution_id": rng.choice(homes_of[d])[0] if rng.random() < 0.3 else None,
                             "public_display_approved": False, "version": 1,
                             "archived_at": end if rng.random() < 0.01 else None, **ref})
            put(FoundReport, rows)
        load_matches(engine, rng, when, n_missing, n_found, n_reports // 20, ref)

        counts = finish(app, engine)
    return {"counts": counts, "load_s": time.perf_counter() - t0}


def measure(app, repeats: int):
    from extensions import db
    from models import District, State
    from summaries import levels, table
    from summaries.periods import Month
    month = Month.parse(MONTH)
    out = []
    with app.test_request_context(headers={"Accept-Language": "en"}):
        state = db.session.get(State, 15)
        district = db.session.get(District, 143)
        statements = []
        listener = lambda *a, **k: statements.append(1)  # noqa: E731
        for title, selection in (("national (30 state rows)", levels.national()),
                                 (f"state {state.name} (10 district rows)", levels.of_state(state)),
                                 (f"district {district.name} (4 CCI rows)", levels.of_district(district))):
            table.build(selection, month)  # warm-up
            samples = []
            for _ in range(repeats):
                db.session.expire_all()
                start = time.perf_counter()
                table.build(selection, month)
                samples.append(time.perf_counter() - start)
            event.listen(db.engine, "before_cursor_execute", listener)
            statements.clear()
            table.build(selection, month)
            event.remove(db.engine, "before_cursor_execute", listener)
            out.append((title, samples, len(statements)))
    return out


def run_engine(label, url, args):
    from app import create_app
    app = create_app({"TESTING": True, "SECRET_KEY": "bench", "SQLALCHEMY_DATABASE_URI": url,
                      "BENCH_NO_ANALYZE": args.no_analyze})
    if args.matches_only:
        print(f"\n== {label}: reloading the matches", flush=True)
        reload_matches(app, args.reports, args.seed)
        return []
    if args.reuse:
        print(f"\n== {label}: reusing the data already loaded", flush=True)
    else:
        print(f"\n== {label}: loading {args.children:,} children and {args.reports:,} reports ...", flush=True)
        info = load(app, args.children, args.reports, args.seed)
        print(f"   loaded in {info['load_s']:.0f} s: " + ", ".join(f"{k} {v:,}" for k, v in info["counts"].items()))
    if args.load_only:
        return []
    results = measure(app, args.repeats)
    print(f"\n   {'summary of ' + MONTH:40} {'median':>9} {'min':>8} {'max':>8} {'n':>3} {'SQL':>4}")
    for title, samples, statements in results:
        verdict = ""
        if title.startswith("state"):
            verdict = "meets target (<1 s)" if statistics.median(samples) < TARGET_S else "MISSES target (<1 s)"
        print(f"   {title:40} {statistics.median(samples):8.3f}s {min(samples):7.3f}s {max(samples):7.3f}s "
              f"{len(samples):3d} {statements:4d}  {verdict}", flush=True)
    if url.startswith("postgresql") and not args.keep:
        from extensions import db
        from models import Base
        with app.app_context():
            Base.metadata.drop_all(db.engine)
    return results


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--engines", default="sqlite,postgresql")
    parser.add_argument("--children", type=int, default=1_000_000)
    parser.add_argument("--reports", type=int, default=1_000_000)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--postgres", default=DEFAULT_PG, help="a database the benchmark may wipe")
    parser.add_argument("--keep", action="store_true", help="keep the PostgreSQL tables")
    parser.add_argument("--sqlite", metavar="PATH", help="the SQLite file (kept afterwards) instead of a "
                        "temporary one")
    parser.add_argument("--reuse", action="store_true", help="measure the data already loaded (in --sqlite "
                        "PATH, or in --postgres kept with --keep) instead of loading afresh; implies --keep")
    parser.add_argument("--load-only", action="store_true", help="load (with --sqlite PATH or --keep), "
                        "measure later with --reuse")
    parser.add_argument("--no-analyze", action="store_true", help="skip ANALYZE on SQLite")
    parser.add_argument("--matches-only", action="store_true", help="replace the matches of the data "
                        "already loaded (--sqlite PATH or --keep) and finish it (statistics)")
    args = parser.parse_args()
    if args.reuse or args.matches_only:
        args.keep = True
    for engine in args.engines.split(","):
        if engine == "sqlite" and args.sqlite:
            run_engine("SQLite", f"sqlite:///{os.path.abspath(args.sqlite)}", args)
        elif engine == "sqlite":
            folder = tempfile.mkdtemp(prefix="balsetu-summary-bench-")
            try:
                run_engine("SQLite", f"sqlite:///{os.path.join(folder, 'bench.db')}", args)
            finally:
                shutil.rmtree(folder, ignore_errors=True)
        elif engine == "postgresql":
            run_engine("PostgreSQL", args.postgres, args)
        else:
            raise SystemExit(f"unknown engine {engine}")


if __name__ == "__main__":
    main()
