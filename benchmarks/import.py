"""Benchmark of the import: N missing reports from one CSV file, as `flask import` runs it.

    python benchmarks/import.py                    # 100,000 rows on SQLite, 3 runs (target 60 s)
    python benchmarks/import.py --found 2000       # 2,000 more found children to match against
    python benchmarks/import.py --rows 20000 --runs 1 --progress
    python benchmarks/import.py --postgres postgresql+psycopg://postgres@127.0.0.1:5432/bench_import

Each run starts from the same database: the demo (`seed-demo`: 2 states, 5
districts, 19 police units, 300 missing and 200 found-child reports, a third of
the found children without a name) plus `--found` more found-child reports
generated the demo's way (default none), and the process's matching index
already built, as a running worker holds it. (SQLite: a file in a temporary
directory; PostgreSQL: the database given, whose tables are dropped first and
last.) Every imported report is matched against the found children; the
proposals stored grow with their number (with `--found 2000`, about seven per
report, most of them with a nameless found child), and storing them is most of
the time then.

The file is what a state's records cell would send: N missing reports in the
documented column set with the headings district spreadsheets use (FIR No,
Police Station or PS Code, District, Name of Child, Sex, Date Missing, ...),
names written in Latin, Devanagari or Gujarati script as the demo writes them
(families of the communities of Gujarat, with their surnames, middle names and
suffixes), police stations by name or by code, dates as DD/MM/YYYY HH:MM,
DD-MM-YYYY or ISO, and about 1% bad rows of eight kinds (impossible or future
dates, unknown or out-of-state police stations, a station of another district,
an unknown gender, an adult's age, a runaway without the reason) and a few
repeated rows. It is imported as `stateadmin_gujarat` through
`exchange.cli.import_file`, the function `flask --app app import` runs
(reading the file, every row through the create form's checks, scope, audit,
name keys, the matching index kept up to date and proposals stored, the
rejects file written), with its progress bar off unless `--progress`.

Printed per run: seconds, rows per second, imported / updated / already present /
rejected, proposals stored, CPU seconds; then the median of the runs against
the 60 s target; then, after the last run, the first index catch-up after the
import (paid by the next search in this process: it reads the reports the
change log names, the imported ones) and importing the same file again (every
row already present).
"""
from __future__ import annotations

import argparse
import csv
import io
import os
import random
import re
import shutil
import statistics
import sys
import tempfile
import time
from collections import Counter
from datetime import UTC, date, datetime, timedelta

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

TARGET_S = 60.0
USER = "stateadmin_gujarat"
HEADINGS = ["Sr No", "FIR No", "Police Station", "PS Code", "District", "Name of Child",
            "Father's Name", "Mother's Name", "Sex", "Age", "Height (cm)", "Date Missing",
            "Place Missing", "Reason", "Reason for running away", "Identification Marks",
            "Languages", "Complainant Mobile"]
SEX = {"male": ("M", "M", "M", "Male", "boy", "पुरुष"), "female": ("F", "F", "F", "Female", "girl", "છોકરી"),
       "transgender": ("T", "Transgender")}
BAD_SHARE = 0.01
REPEATS = 25  # rows repeated later in the file: "already present"


def _builder(seed: int):
    """The demo's generator of families and their names (demo/seed.py), for realistic rows."""
    from demo.seed import _Builder
    return _Builder(random.Random(seed), datetime.now(UTC).date(), seed)


def build_database(app, found: int, seed: int) -> None:
    """The demo, plus `found` found-child reports across its districts."""
    from demo import places
    from demo.seed import seed_database
    from extensions import db
    from matches.registry import reset
    from models import Base, District, FoundReport, PoliceUnit
    from models.audit import system_actor
    with app.app_context():
        Base.metadata.drop_all(db.engine)
        Base.metadata.create_all(db.engine)
        token = system_actor.set("benchmark")
        try:
            seed_database(password="bench-password-1", seed=seed)
            b = _builder(seed + 7)
            districts = {d.code: d for d in db.session.query(District)}
            units = {}
            for unit in db.session.query(PoliceUnit).filter(PoliceUnit.kind == "station"):
                units.setdefault(unit.district_id, []).append(unit)
            reports = []
            for _ in range(found):
                meta = b.weighted({d["code"]: d["weight"] for d in places.DISTRICTS})
                spec = next(d for d in places.DISTRICTS if d["code"] == meta)
                district = districts[meta]
                gender = b.weighted({"male": 55, "female": 41, "transgender": 2, "unknown": 2})
                age = b.rng.choices(range(18), weights=[4, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 8, 9, 9, 9, 8, 6])[0]
                family = b.family(spec["state"], gender)
                script = b.script_for(spec["state"])
                name = father = mother = None
                if age >= 3 and b.chance(0.7):
                    child, f, m = family.render(script)
                    name = child if b.chance(0.5) else family.given[script]
                    father = f if b.chance(0.4) else None
                    mother = m if b.chance(0.2) else None
                reports.append(FoundReport(
                    child_name=name, father_name=father, mother_name=mother, gender=gender,
                    estimated_age_years=age, height_cm=b.height(age, gender) if b.chance(0.75) else None,
                    identification_marks=b.mark(), languages=family.languages if age >= 3 else None,
                    district=district, police_unit=b.pick(units[district.id]),
                    found_at=b.moment(b.rng.uniform(1, 540), office=False), status="open",
                    place_found=b.pick(spec["places"])))
            db.session.add_all(reports)
            db.session.commit()
        finally:
            system_actor.reset(token)
        reset()


def write_csv(app, n: int, seed: int) -> bytes:
    """N missing reports as a state's spreadsheet holds them (see the module doc)."""
    from demo import places
    from extensions import db
    from models import District, PoliceUnit
    b = _builder(seed + 1)
    rng = b.rng
    with app.app_context():
        districts = {d.id: d for d in db.session.query(District)}
        units = [(u.name, u.code, districts[u.district_id]) for u in
                 db.session.query(PoliceUnit).filter(PoliceUnit.kind.in_(("station", "sjpu")))]
    spec = {d["code"]: d for d in places.DISTRICTS}
    gujarat = [u for u in units if u[2].code.startswith("GJ")]
    weights = [spec[u[2].code]["weight"] for u in gujarat]
    elsewhere = [u for u in units if not u[2].code.startswith("GJ")]
    today = datetime.now(UTC).date()
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(HEADINGS)
    fir = {}
    written = []
    for i in range(n):
        if written and i >= n - REPEATS:
            writer.writerow(rng.choice(written))
            continue
        unit_name, unit_code, district = rng.choices(gujarat, weights=weights)[0]
        gender = b.weighted({"male": 52, "female": 46, "transgender": 2})
        age = rng.choices(range(1, 18), weights=[2, 2, 3, 3, 4, 4, 4, 5, 5, 6, 7, 9, 11, 12, 12, 11, 9])[0]
        family = b.family("GJ", gender)
        name, father, mother = family.render(b.script_for("GJ"))
        when = datetime.combine(today - timedelta(days=rng.randint(1, 540)), datetime.min.time()) \
            + timedelta(minutes=rng.randint(0, 24 * 60 - 1))
        style = rng.random()
        if style < 0.7:
            written_when = when.strftime("%d/%m/%Y %H:%M")
        elif style < 0.9:
            written_when = when.strftime("%d-%m-%Y")
        else:
            written_when = when.strftime("%Y-%m-%d %H:%M")
        if age <= 6:
            reason = b.weighted({"lost": 55, "kidnapped": 20, "abandoned": 5, "unknown": 20})
        else:
            reason = b.weighted({"lost": 20, "ran_away": 45, "kidnapped": 13, "trafficked": 6,
                                 "unknown": 16})
        runaway = b.pick(["scolded", "study_pressure", "family_conflict", "eloped", "other"]) \
            if reason == "ran_away" else ""
        fir[unit_code] = fir.get(unit_code, 0) + 1
        by_code = rng.random() < 0.3
        row = [str(i + 1), f"{fir[unit_code]}/{when.year}", "" if by_code else unit_name,
               unit_code if by_code else "", district.name, name,
               father if rng.random() < 0.8 else "", mother if rng.random() < 0.3 else "",
               b.pick(SEX[gender]), str(age),
               str(b.height(age, gender)) if rng.random() < 0.6 else "", written_when,
               b.pick(spec[district.code]["places"]) if rng.random() < 0.7 else "",
               reason.replace("_", " "), runaway.replace("_", " "), b.mark() or "",
               family.languages, b.phone() if rng.random() < 0.5 else ""]
        if rng.random() < BAD_SHARE:
            _spoil(row, rng, elsewhere, units, district)
        else:
            written.append(row)
        writer.writerow(row)
    return out.getvalue().encode("utf-8")


def _spoil(row, rng, elsewhere, units, district) -> None:
    """One of the mistakes real files hold; each is rejected with its reason."""
    kind = rng.randrange(8)
    if kind == 0:
        row[11] = "31/02/2025"                                  # no such date
    elif kind == 1:
        row[11] = (date.today() + timedelta(days=40)).strftime("%d/%m/%Y")  # in the future
    elif kind == 2:
        row[2], row[3] = "Nowhere Police Station", ""           # unknown station
    elif kind == 3:
        unit = rng.choice(elsewhere)                            # another state: out of scope
        row[2], row[3], row[4] = unit[0], "", unit[2].name
    elif kind == 4:
        row[8] = "X"                                            # not a gender
    elif kind == 5:
        row[9] = "25"                                           # not a child
    elif kind == 6:
        row[13], row[14] = "ran away", ""                       # the reason is required
    else:
        other = rng.choice([u for u in units if u[2].id != district.id])
        row[2], row[3] = other[0], ""                           # a station of another district


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--found", type=int, default=0,
                        help="found-child reports added to the demo's 200 for the rows to match against")
    parser.add_argument("--runs", type=int, default=3, help="runs, each from the same database")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--progress", action="store_true", help="show the CLI's progress bar")
    parser.add_argument("--postgres", help="a PostgreSQL URL instead of SQLite (tables are dropped)")
    parser.add_argument("--keep", help="write the generated CSV here as well")
    args = parser.parse_args()

    tmp = tempfile.mkdtemp(prefix="balsetu-import-bench-")
    url = args.postgres or f"sqlite:///{os.path.join(tmp, 'bench.db')}"
    from app import create_app
    app = create_app({"TESTING": True, "SECRET_KEY": "bench", "SQLALCHEMY_DATABASE_URI": url})
    from sqlalchemy import func, select

    from exchange.cli import import_file
    from extensions import db
    from matches.registry import current_index
    from models import Base, Match, MissingReport

    path = os.path.join(tmp, "missing.csv")
    runs = []
    try:
        build_database(app, args.found, args.seed)
        data = write_csv(app, args.rows, args.seed)
        with open(path, "wb") as fh:
            fh.write(data)
        if args.keep:
            shutil.copyfile(path, args.keep)
        print(f"engine: {url.split(':')[0]}; rows: {args.rows:,} ({len(data) / 1e6:.1f} MB); "
              f"found-child reports to match against: {args.found + 200:,}; acting as {USER}; "
              f"progress bar {'on' if args.progress else 'off'}", flush=True)
        for run in range(1, args.runs + 1):
            if run > 1:
                build_database(app, args.found, args.seed)
            with app.app_context():
                before = db.session.scalar(select(func.count()).select_from(Match))
                current_index()  # the index a running worker already holds
                cpu = time.process_time()
                done = import_file("missing", path, USER, progress=args.progress)
                cpu = time.process_time() - cpu
                result = done.result
                proposals = db.session.scalar(select(func.count()).select_from(Match)) - before
                runs.append((done.seconds, cpu))
                print(f"run {run}: {done.seconds:6.1f} s = {args.rows / done.seconds:6,.0f} rows/s "
                      f"(CPU {cpu:.1f} s); imported {len(result.imported):,}, updated "
                      f"{len(result.updated):,}, already present {len(result.present):,}, "
                      f"rejected {len(result.rejected):,}; "
                      f"{proposals:,} proposals stored", flush=True)
                if run == 1:
                    reasons = Counter(re.sub(r"“[^”]*”", "“…”", reason)
                                      for _line, _cells, reason in result.rejected)
                    print("  rejected, by reason: " + "; ".join(
                        f"{reason} ({count})" for reason, count in reasons.most_common()))
                db.session.remove()
        seconds = statistics.median([s for s, _c in runs])
        verdict = "within" if seconds <= TARGET_S else "OVER"
        print(f"median of {len(runs)} run(s): {seconds:.1f} s = {args.rows / seconds:,.0f} rows/s, "
              f"CPU {statistics.median([c for _s, c in runs]):.1f} s ({verdict} the {TARGET_S:.0f} s target)")

        with app.app_context():
            t = time.perf_counter()
            index = current_index()
            count = db.session.scalar(select(func.count()).select_from(MissingReport))
            print(f"first index catch-up after the import (the next search in this process "
                  f"pays it): {time.perf_counter() - t:.1f} s; {count:,} missing reports, "
                  f"{len(index):,} records in the index")
            t = time.perf_counter()
            again = import_file("missing", path, USER, progress=False)
            print(f"same file again: {time.perf_counter() - t:.1f} s; imported "
                  f"{len(again.result.imported):,}, updated {len(again.result.updated):,}, "
                  f"already present {len(again.result.present):,}")
            db.session.remove()
            if args.postgres:
                Base.metadata.drop_all(db.engine)
            db.engine.dispose()
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
