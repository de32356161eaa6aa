"""Matching quality on two independent registers, side by side, in one run.

    python benchmarks/matching_eval.py                          # 20,000 missing reports
    python benchmarks/matching_eval.py --missing 20000,200000 --queries 1000 --seed 1

Registers (each: missing reports, found reports, and found reports whose true missing
report is known):

* ``today``: ``benchmarks/matching.py``'s generator (the one the engine was built
  alongside), with twice ``--missing`` records (half of them missing reports);
* ``ncrb``: ``benchmarks/register_ncrb.py``, written from published figures (NCRB
  age and gender split, tracing, states) and its own hand-written names in three
  scripts; it shares no code or word list with the engine.

Queries are found children searched against the missing register (``search(found,
k=10)``), as in issue #13. For each register, method and query label it prints top-1
and top-10 (the true missing report first / among the ten), for all queries, for
children with no name, and for children giving only a pet name.

Methods:

* ``old engine``: the engine before the Fellegi–Sunter change, imported from git
  (``--old-rev``, default the commit before it), same API;
* ``engine (EM here)``: the engine with weights estimated by EM on the register being
  searched (no labels: ``matching.estimate.estimate`` over its found reports), as
  `flask --app app estimate-match-weights` does on a site's register;
* ``engine (shipped)``: the engine with the shipped weights (``matching/weights.json``,
  estimated without labels on a ``today`` register of another seed and size);
* ``naive``: name similarity (rapidfuzz ratio of the raw names, any script) x 0.6 +
  age closeness x 0.3 + same gender x 0.1, over every missing report.

Nothing is tuned on either register's labels. Calibration: for every result in the
top 10 of every query, its probability (the old engine: score / 100) in bins of 0.1,
the number of results in the bin and the share that are the true pair.
"""
from __future__ import annotations

import argparse
import importlib
import importlib.util
import os
import shutil
import subprocess
import sys
import tempfile
import time

import numpy as np

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)

OLD_REV = "eb114b7"   # main before the Fellegi–Sunter engine (#13)
BINS = np.linspace(0, 1, 11)


def _module(name, path):
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def old_engine(rev: str):
    """The ``matching`` package of commit ``rev``, imported as ``old_matching``."""
    tmp = tempfile.mkdtemp(prefix="old_matching_")
    archive = subprocess.run(["git", "-C", ROOT, "archive", rev, "matching"], check=True,
                             capture_output=True).stdout
    subprocess.run(["tar", "-x", "-C", tmp], input=archive, check=True)
    shutil.move(os.path.join(tmp, "matching"), os.path.join(tmp, "old_matching"))
    sys.path.insert(0, tmp)
    return importlib.import_module("old_matching")


# ---------------------------------------------------------------- registers
def register_today(n_missing, n_queries, seed):
    gen = _module("bench_matching", os.path.join(ROOT, "benchmarks", "matching.py"))
    from matching import fold_name
    records, queries = gen.generate(2 * n_missing, 2 * n_queries, seed)
    pets = {fold_name(p) for p in gen.PETS_BOY + gen.PETS_GIRL}
    out = []
    for q, truth in queries:
        if q["kind"] != "found":
            continue
        if not q["name"]:
            label = "nameless"
        elif fold_name(q["name"]) in pets:
            label = "pet"
        else:
            label = "named"
        out.append((q, truth, label))
    return records, out[:n_queries]


def register_ncrb(n_missing, n_queries, seed):
    gen = _module("register_ncrb", os.path.join(ROOT, "benchmarks", "register_ncrb.py"))
    return gen.generate(n_missing, n_queries, seed)


REGISTERS = {"today": register_today, "ncrb": register_ncrb}


# ---------------------------------------------------------------- methods
def naive_ranker(records):
    """Name similarity + age + gender over every missing report."""
    from rapidfuzz import fuzz, process
    missing = [r for r in records if r["kind"] == "missing"]
    ids = np.array([r["id"] for r in missing])
    names = [(r["name"] or "").lower() for r in missing]
    ages = np.array([r["age_years"] if r["age_years"] is not None else np.nan for r in missing],
                    float)
    genders = np.array([r["gender"] or "" for r in missing])

    def search(q, k=10):
        sim = np.zeros(len(missing))
        if q["name"]:
            sim = np.asarray(process.cdist([q["name"].lower()], names, scorer=fuzz.ratio)[0],
                             float) / 100
        age = np.clip(1 - np.abs(ages - (q["age_years"] or np.nan)) / 5, 0, 1)
        score = 0.6 * sim + 0.3 * np.nan_to_num(age) + 0.1 * (genders == (q["gender"] or "?"))
        top = np.argsort(-score, kind="stable")[:k]
        return [(ids[i], float(score[i])) for i in top]
    return search


def engine_ranker(index):
    def search(q, k=10):
        return [(r.id, r.probability) for r in index.search(q, k=k)]
    return search


def old_ranker(index):
    def search(q, k=10):
        return [(r.id, r.score / 100.0) for r in index.search(q, k=k)]
    return search


def evaluate(search, queries):
    hits = {"all": [], "nameless": [], "pet": [], "named": []}
    calib = []
    for q, truth, label in queries:
        res = search(q, 10)
        ids = [r[0] for r in res]
        row = (bool(ids[:1] == [truth]), truth in ids)
        hits["all"].append(row)
        hits[label].append(row)
        calib.extend((p, rid == truth) for rid, p in res)
    out = {}
    for label, rows in hits.items():
        a = np.array(rows, bool).reshape(-1, 2)
        out[label] = (a[:, 0].mean() if len(a) else np.nan, a[:, 1].mean() if len(a) else np.nan,
                      len(a))
    c = np.array(calib, float).reshape(-1, 2)
    table = []
    for lo, hi in zip(BINS[:-1], BINS[1:]):
        sel = (c[:, 0] >= lo) & ((c[:, 0] < hi) if hi < 1 else (c[:, 0] <= hi))
        table.append((lo, hi, int(sel.sum()), float(c[sel, 1].mean()) if sel.any() else np.nan))
    out["calibration"] = table
    return out


def run(register, n_missing, n_queries, seed, old_rev):
    from matching import MatchIndex
    from matching.estimate import estimate

    t0 = time.perf_counter()
    records, queries = REGISTERS[register](n_missing, n_queries, seed)
    info = {"register": register, "missing": sum(r["kind"] == "missing" for r in records),
            "found": sum(r["kind"] == "found" for r in records), "queries": len(queries),
            "gen_s": time.perf_counter() - t0}
    results = {}
    old = old_engine(old_rev)
    t0 = time.perf_counter()
    index = old.MatchIndex.from_records(records)
    info["old_build_s"] = time.perf_counter() - t0
    results["old engine"] = evaluate(old_ranker(index), queries)
    del index
    t0 = time.perf_counter()
    index = MatchIndex.from_records(records)
    info["build_s"] = time.perf_counter() - t0
    results["engine (shipped)"] = evaluate(engine_ranker(index), queries)
    t0 = time.perf_counter()
    index.weights = estimate(index, [r for r in records if r["kind"] == "found"], seed=seed)
    info["em_s"] = time.perf_counter() - t0
    info["em_prior"] = index.weights.prior
    results["engine (EM here)"] = evaluate(engine_ranker(index), queries)
    del index
    results["naive"] = evaluate(naive_ranker(records), queries)
    return info, results


def print_run(info, results):
    print(f"\n== register {info['register']}: {info['missing']:,} missing, {info['found']:,} found "
          f"reports, {info['queries']} found children searched ==")
    print(f"   (generated in {info['gen_s']:.0f} s; build {info['build_s']:.1f} s, old engine "
          f"{info['old_build_s']:.1f} s; EM {info['em_s']:.0f} s, priors "
          + ", ".join(f"{k} {v:.2g}" for k, v in info["em_prior"].items()) + ")")
    hdr = (f"{'method':<18} {'top-1':>6} {'top-10':>7} {'no name: top-1':>15} {'top-10':>7} "
           f"{'pet name only: top-10':>22} {'named: top-10':>14}")
    print(hdr)
    print("-" * len(hdr))
    for method, r in results.items():
        print(f"{method:<18} {r['all'][0]:>6.3f} {r['all'][1]:>7.3f} {r['nameless'][0]:>15.3f} "
              f"{r['nameless'][1]:>7.3f} {r['pet'][1]:>22.3f} {r['named'][1]:>14.3f}")
    n = results["naive"]
    print(f"   queries: {n['all'][2]} (no name {n['nameless'][2]}, pet name only {n['pet'][2]}, "
          f"named {n['named'][2]})")
    print("   calibration (top-10 results of every query): bin | results | share true")
    methods = [m for m in results if m != "naive"]
    print("   " + f"{'bin':<10}" + "".join(f"{m:>26}" for m in methods))
    for i, (lo, hi, _, _) in enumerate(results[methods[0]]["calibration"]):
        cells = []
        for m in methods:
            _, _, count, share = results[m]["calibration"][i]
            cells.append(f"{count:>14,} {share:>10.2f}" if count else f"{count:>14,} {'-':>10}")
        print("   " + f"{lo:.1f}-{hi:.1f}   " + "".join(f"{c:>26}" for c in cells))


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--missing", default="20000", help="missing reports per register (list)")
    ap.add_argument("--queries", type=int, default=1000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--registers", default="today,ncrb")
    ap.add_argument("--old-rev", default=OLD_REV)
    args = ap.parse_args(argv)
    for n in [int(x) for x in args.missing.split(",") if x]:
        for register in args.registers.split(","):
            info, results = run(register, n, args.queries, args.seed, args.old_rev)
            print_run(info, results)
            sys.stdout.flush()


if __name__ == "__main__":
    main()
