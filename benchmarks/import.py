"""Benchmark of the import: N missing reports from one CSV file, on SQLite.

    python benchmarks/import.py                       # 100,000 rows, target 60 s
    python benchmarks/import.py --rows 20000 --found 2000
    python benchmarks/import.py --postgres postgresql+psycopg://postgres@127.0.0.1:5432/bench

It builds a fresh database (a SQLite file in a temporary directory, or the
PostgreSQL database given, whose tables are dropped first), one state of 10
districts with 4 police units each, a state admin to act as, and `--found`
found-child reports to match against (so the searches have something to find).
Then it writes a CSV of N missing reports as a district's spreadsheet would
hold them (names in Latin, Devanagari and Gujarati, dates DD/MM/YYYY HH:MM,
police stations by name, an FIR number per row) and times the whole import
through `exchange.importer.import_table` (the same path as
`flask --app app import missing FILE --user USER`): parsing, the panel's form
validation per row, scope checks, audit log, placements and name keys, batch
commits, and the matching index kept up to date with proposals stored for
each batch. It prints rows per second against the 60 s target, then times
importing the same file again (every row "already present") and the first
`current_index()` catch-up after the import (what the next search pays).
"""
from __future__ import annotations

import argparse
import csv
import io
import os
import random
import shutil
import sys
import tempfile
import time
from datetime import datetime, timedelta

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

TARGET_S = 60.0
DISTRICTS = ("Ahmedabad", "Surat", "Vadodara", "Rajkot", "Bhavnagar", "Jamnagar", "Kutch",
             "Panchmahal", "Dahod", "Banaskantha")


def _names(rng):
    from demo import names as N
    pool = []
    for community in N.COMMUNITIES.values():
        surnames = N.SURNAMES[community["surnames"]]
        for _ in range(400):
            script = rng.choice(N.SCRIPTS)
            boy = rng.random() < 0.5
            given = rng.choice(N.HINDU_BOYS if boy else N.HINDU_GIRLS)[script]
            father = rng.choice(N.HINDU_MEN)[script]
            pool.append((f"{given} {rng.choice(surnames)[script]}", father,
                         "male" if boy else "female"))
    return pool


def build(app, found: int, seed: int):
    from extensions import db
    from models import Base, District, FoundReport, PoliceUnit, State, User
    rng = random.Random(seed)
    with app.app_context():
        Base.metadata.drop_all(db.engine)
        Base.metadata.create_all(db.engine)
        state = State(name="Gujarat", code="GJ")
        db.session.add(state)
        units = []
        for i, name in enumerate(DISTRICTS):
            d = District(name=name, code=f"GJ-{i:02d}", state=state)
            db.session.add(d)
            for j in range(4):
                units.append(PoliceUnit(name=f"{name} PS {j + 1}", kind="station", district=d,
                                        code=f"GJ-{i:02d}-PS{j + 1}"))
        db.session.add_all(units)
        admin = User(username="bench_admin", role="state_admin", state=state,
                     must_change_password=False, password_hash="x")
        db.session.add(admin)
        db.session.flush()
        pool = _names(rng)
        now = datetime(2026, 11, 1, 10, 0)
        rows = []
        for _ in range(found):
            name, father, gender = rng.choice(pool)
            unit = rng.choice(units)
            rows.append(FoundReport(child_name=name, father_name=father, gender=gender,
                                    estimated_age_years=rng.randint(4, 16), district_id=unit.district_id,
                                    police_unit_id=unit.id, found_at=now - timedelta(days=rng.randint(0, 300)),
                                    status="open"))
        db.session.add_all(rows)
        db.session.commit()
        return [(u.name, u.district.name) for u in units]


def write_csv(n: int, units, seed: int) -> bytes:
    rng = random.Random(seed + 1)
    pool = _names(rng)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["FIR No", "Police Station", "District", "Name of Child", "Father's Name",
                     "Sex", "Age", "Height", "Date Missing", "Place Missing", "Reason",
                     "Identification Marks", "Languages"])
    start = datetime(2025, 1, 1, 8, 0)
    for i in range(n):
        name, father, gender = rng.choice(pool)
        unit, district = rng.choice(units)
        when = start + timedelta(minutes=rng.randint(0, 600 * 24 * 60))
        writer.writerow([f"{i + 1}/2025", unit, district, name, father, gender,
                         rng.randint(3, 17), rng.randint(90, 170), when.strftime("%d/%m/%Y %H:%M"),
                         f"Near bus stand {rng.randint(1, 50)}", rng.choice(["lost", "kidnapped", "unknown"]),
                         rng.choice(["", "mole on left cheek", "scar on right hand", "burn mark on neck"]),
                         rng.choice(["Gujarati", "Hindi", "Gujarati, Hindi", ""])])
    return out.getvalue().encode("utf-8")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--found", type=int, default=2000)
    parser.add_argument("--batch", type=int, default=500)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--postgres", help="a PostgreSQL URL instead of SQLite")
    args = parser.parse_args()

    tmp = tempfile.mkdtemp(prefix="balsetu-import-bench-")
    url = args.postgres or f"sqlite:///{os.path.join(tmp, 'bench.db')}"
    from app import create_app
    from extensions import db
    from exchange.importer import import_table
    from exchange.parse import read_table
    from matches.registry import current_index
    from models import Match, MissingReport, User
    from sqlalchemy import func, select

    app = create_app({"TESTING": True, "SECRET_KEY": "bench", "SQLALCHEMY_DATABASE_URI": url})
    try:
        units = build(app, args.found, args.seed)
        data = write_csv(args.rows, units, args.seed)
        print(f"engine: {url.split(':')[0]}; rows: {args.rows:,}; found reports to match: "
              f"{args.found:,}; file: {len(data) / 1e6:.1f} MB; batch {args.batch}")
        with app.app_context():
            user = db.session.scalar(select(User).where(User.username == "bench_admin"))
            current_index()  # the index a running worker already holds
            done = [0]
            t0 = time.perf_counter()

            def progress(n):
                done[0] += n
                if done[0] % 20000 < n:
                    print(f"  {done[0]:>7,} rows  {time.perf_counter() - t0:6.1f} s", flush=True)

            table = read_table(data, "missing.csv")
            result = import_table("missing", table, user, progress=progress, batch_size=args.batch)
            elapsed = time.perf_counter() - t0
            count = db.session.scalar(select(func.count()).select_from(MissingReport))
            matches = db.session.scalar(select(func.count()).select_from(Match))
            index = current_index.__globals__["_state"]()["index"]
            in_index = sum(1 for rid in index.ids if rid.startswith("missing:") and rid in index)
            print(f"imported {len(result.imported):,}, already present {len(result.present):,}, "
                  f"rejected {len(result.rejected):,}; {count:,} missing reports in the database; "
                  f"{in_index:,} in this process's matching index; {matches:,} proposals stored")
            verdict = "within" if elapsed <= TARGET_S else "OVER"
            print(f"import: {elapsed:.1f} s = {args.rows / elapsed:,.0f} rows/s "
                  f"({verdict} the {TARGET_S:.0f} s target)")
            for line, _cells, reason in result.rejected[:5]:
                print(f"  rejected line {line}: {reason}")

            t1 = time.perf_counter()
            again = import_table("missing", read_table(data, "missing.csv"), user)
            print(f"same file again: {time.perf_counter() - t1:.1f} s; imported "
                  f"{len(again.imported):,}, already present {len(again.present):,}")
            t2 = time.perf_counter()
            current_index()
            print(f"first index catch-up after the import (next search pays it): "
                  f"{time.perf_counter() - t2:.1f} s")
            db.session.remove()
            if args.postgres:
                from models import Base
                Base.metadata.drop_all(db.engine)
            db.engine.dispose()
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
