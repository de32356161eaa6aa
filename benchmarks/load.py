"""Load test: the app under gunicorn, 20 users at once, on SQLite and PostgreSQL.

    python benchmarks/load.py                          # both engines, 100,000 children
    python benchmarks/load.py --engines sqlite --runs 3 --seconds 60
    python benchmarks/load.py --postgres-admin postgresql+psycopg://postgres@127.0.0.1:5432/postgres
    python benchmarks/load.py --engines sqlite --database sqlite:////tmp/load.db   # reuse a built one

Data. For each engine it loads the demo (`demo.seed.seed_database`, the data
behind `flask --app app seed-demo`) with --seed-children children, then scales
the register to --children by cloning those children (new ids and child IDs,
Core executemany in chunks), into a throwaway SQLite file or a throwaway
PostgreSQL database (`balsetu_load`, created and dropped here).

Server. gunicorn with the project's gunicorn.conf.py (gthread worker class,
each worker warms its matching index when it starts), --workers 2 workers of
--threads 4 threads, on 127.0.0.1 and a free port.

Users. --clients 20 concurrent users (threads, http.client, cookies kept), each
a DCPU of the demo, signed in through /login. Each user repeatedly picks an
action from this mix and pauses between requests for a think time drawn from
an exponential distribution of mean --think seconds (1 s: a busy district
office; a person reads a page before the next click):

    sign-in (a new session: GET /login, POST /login, the home page it lands on) 5%
    list pages (children, children page 2-20, missing, found)                  40%
    details pages (a child, a missing report, a found report)                  30%
    edits (GET a missing report's form, POST it with the description changed)  10%
    match searches (/admin/matches/<missing|found>/<id>/)                      15%

The redirect after signing in is followed at once, as a browser does; every
other request is followed by a think time. The users first arrive over 10 s of
a 20 s warm-up (each signs in) and stay signed in from then on, so the runs
measure a working office, not 20 sign-ins in the same second. The offered rate
is what the users would send if every answer were instant (clients / think);
the achieved rate is what they managed. An error is an HTTP status of 400 or
more, a failed connection, a sign-in that does not sign in, or an edit that is
not saved.

Each run lasts --seconds; the script prints, per run and as the median over
--runs runs, requests per second (offered and achieved), p50/p95/p99 latency in
ms, the error count, p95 per request type, and where the machine's CPU went
(/proc): gunicorn, PostgreSQL's backends for this database, the load client,
and other processes (the client and whatever else runs share the machine with
the server). "quietest" is the run in which other processes used the least CPU.
Target: no errors and p95 under 300 ms. It then measures saturation: the same
users with no think time (a closed loop) for --saturation-seconds, the most the
two workers serve on this machine.
Only 127.0.0.1 is contacted."""
from __future__ import annotations

import argparse
import html as htmllib
import http.client
import math
import os
import random
import re
import secrets
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)

from sqlalchemy import create_engine, func, insert, make_url, select, text

PASSWORD = "load-password-1"
DEFAULT_PG_ADMIN = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
PG_DB = "balsetu_load"
TARGET_P95_MS = 300.0
_CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"|value="([^"]+)"[^>]*name="csrf_token"')
MIX = (("signin", 5), ("list", 40), ("details", 30), ("edit", 10), ("match", 15))
# Request types, in the order their p95 is printed.
KINDS = ("login_page", "signin", "home", "list", "details", "edit_form", "edit_save", "match")


# ---- data --------------------------------------------------------------------------

def build(url: str, children: int, seed_children: int) -> None:
    """Demo data, then children cloned up to `children`."""
    from app import create_app
    from demo.seed import seed_database
    from extensions import db
    from models import Base, Child, child_code
    from models.audit import system_actor

    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "load-build",
                      "TESTING": True})
    with app.app_context():
        Base.metadata.create_all(db.engine)
        token = system_actor.set("load-benchmark")
        try:
            seed_database(password=PASSWORD, children=seed_children, seed=7)
        finally:
            system_actor.reset(token)
        table = Child.__table__
        rows = [dict(r._mapping) for r in db.session.execute(select(table)).all()]
        have = len(rows)
        rng = random.Random(7)
        batch = []
        for n in range(children - have):
            row = dict(rng.choice(rows))
            row.pop("id")
            row["child_code"] = child_code.new_code()
            batch.append(row)
            if len(batch) == 5000:
                db.session.execute(insert(table), batch)
                batch = []
        if batch:
            db.session.execute(insert(table), batch)
        db.session.commit()
        if db.engine.dialect.name == "postgresql":
            db.session.execute(text("ANALYZE"))
            db.session.commit()
        total = db.session.scalar(select(func.count()).select_from(table))
        print(f"  loaded: {total:,} children ({have:,} from the demo, the rest cloned)", flush=True)
        db.session.remove()
        db.engine.dispose()


def targets(url: str) -> list[dict]:
    """Per DCPU account: ids of its district's children and reports."""
    engine = create_engine(url)
    out = []
    with engine.connect() as conn:
        users = conn.execute(text(
            "SELECT username, district_id FROM users WHERE role = 'dcpu' ORDER BY username")).all()
        for username, district in users:
            def ids(table, district=district):
                return [r[0] for r in conn.execute(text(
                    f"SELECT id FROM {table} WHERE district_id = :d AND archived_at IS NULL "
                    f"ORDER BY id LIMIT 400"), {"d": district})]
            info = {"username": username, "children": ids("children"),
                    "missing": ids("missing_reports"), "found": ids("found_reports")}
            if info["children"] and info["missing"] and info["found"]:
                out.append(info)
    engine.dispose()
    return out


# ---- server --------------------------------------------------------------------------

def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(url: str, port: int, workers: int, threads: int, log):
    env = {**os.environ, "DATABASE_URL": url, "SECRET_KEY": secrets.token_hex(16),
           "SESSION_COOKIE_SECURE": "0", "GUNICORN_BIND": f"127.0.0.1:{port}",
           "GUNICORN_WORKERS": str(workers), "GUNICORN_THREADS": str(threads)}
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "--config", os.path.join(ROOT, "gunicorn.conf.py")],
        cwd=ROOT, env=env, stdout=log, stderr=log, start_new_session=True)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn exited ({process.returncode}); see {log.name}")
        try:
            if Client(port).get("/login")[0] == 200:
                break
        except OSError:
            time.sleep(0.3)
    else:
        stop_server(process)
        raise RuntimeError("gunicorn did not start")
    # Both workers have warmed their matching index (gunicorn.conf.py) once the log says so.
    while time.monotonic() < deadline:
        with open(log.name, encoding="utf-8", errors="replace") as fh:
            if fh.read().count("matching index warm") >= workers:
                return process
        time.sleep(0.3)
    stop_server(process)
    raise RuntimeError("the workers did not warm their matching index")


def stop_server(process) -> None:
    try:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(20)
    except (ProcessLookupError, subprocess.TimeoutExpired):
        os.killpg(process.pid, signal.SIGKILL)


# ---- clients --------------------------------------------------------------------------

class Client:
    def __init__(self, port: int):
        self.port = port
        self.cookies: dict[str, str] = {}
        self.conn = None

    def _send(self, method, path, form=None):
        headers = {"Connection": "keep-alive"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if form is not None:
            body = urllib.parse.urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        for attempt in (1, 2):
            if self.conn is None:
                self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
            try:
                self.conn.request(method, path, body=body, headers=headers)
                response = self.conn.getresponse()
                page = response.read().decode("utf-8", "replace")
                break
            except (http.client.RemoteDisconnected, BrokenPipeError, ConnectionResetError):
                self.conn.close()
                self.conn = None  # a kept-alive connection the server closed: once more
                if attempt == 2:
                    raise
        for name, value in response.getheaders():
            if name.lower() == "set-cookie":
                key, _, rest = value.partition("=")
                self.cookies[key] = rest.split(";", 1)[0]
        return response.status, page, response.getheader("Location") or ""

    def get(self, path):
        return self._send("GET", path)

    def post(self, path, form):
        return self._send("POST", path, form)


def csrf(page: str) -> str:
    match = _CSRF.search(page)
    return (match.group(1) or match.group(2)) if match else ""


def form_values(page: str) -> dict:
    values = {}
    for tag in re.findall(r"<input[^>]*>", page):
        name = re.search(r'name="([^"]+)"', tag)
        if not name or 'type="file"' in tag or 'type="submit"' in tag:
            continue
        if 'type="checkbox"' in tag and "checked" not in tag:
            continue
        value = re.search(r'value="([^"]*)"', tag)
        values[name.group(1)] = value.group(1) if value else ""
    for name, body in re.findall(r'<select[^>]*name="([^"]+)"[^>]*>(.*?)</select>', page, re.DOTALL):
        chosen = re.search(r'<option[^>]*selected[^>]*value="([^"]*)"|<option[^>]*value="([^"]*)"[^>]*selected', body)
        values[name] = (chosen.group(1) or chosen.group(2)) if chosen else ""
    for name, body in re.findall(r'<textarea[^>]*name="([^"]+)"[^>]*>(.*?)</textarea>', page, re.DOTALL):
        values[name] = body.strip()
    return {k: htmllib.unescape(v) for k, v in values.items()}


class User:
    """One simulated user, kept (signed in, cookies and all) from the warm-up to the
    last run: signs in once, then acts from MIX until each run's deadline."""

    def __init__(self, port, info, seed):
        self.rng = random.Random(seed)
        self.client = Client(port)
        self.info, self.seed = info, seed
        self.think, self.deadline, self.record = 0.0, 0.0, None
        self.signed_in = False

    def pause(self):
        if self.think > 0:
            time.sleep(min(self.rng.expovariate(1 / self.think), 5 * self.think))

    def timed(self, kind, call, expect=None):
        """One request; `expect` checks the answer beyond its status."""
        start = time.perf_counter()
        try:
            status, page, location = call()
        except OSError as exc:
            status, page, location = 0, str(exc), ""
        elapsed = (time.perf_counter() - start) * 1000
        error = None
        if not 200 <= status < 400:
            error = f"{kind} {status}"
        elif expect is not None and not expect(status, location):
            error = f"{kind} {status} unexpected answer"
        self.record(kind, elapsed, error)
        return status, page, location

    def sign_in(self):
        self.client.cookies.clear()
        _s, page, _l = self.timed("login_page", lambda: self.client.get("/login"))
        self.pause()  # typing the password
        _s, _p, location = self.timed("signin", lambda: self.client.post("/login", {
            "username": self.info["username"], "password": PASSWORD, "csrf_token": csrf(page)}),
            expect=lambda status, loc: status == 302 and "/login" not in loc)
        if location:  # where a browser lands: the home page
            path = urllib.parse.urlsplit(location).path or "/admin/"
            self.timed("home", lambda: self.client.get(path))
        self.signed_in = True
        self.pause()

    def act(self):
        rng, info = self.rng, self.info
        kind = rng.choices([k for k, _w in MIX], weights=[w for _k, w in MIX])[0]
        if kind == "signin":
            self.sign_in()
            return
        if kind == "list":
            path = rng.choice(["/admin/child/", "/admin/missing_report/", "/admin/found_report/",
                               f"/admin/child/?page={rng.randint(1, 19)}"])
            self.timed("list", lambda: self.client.get(path))
        elif kind == "details":
            table, ids = rng.choice([("child", info["children"]), ("missing_report", info["missing"]),
                                     ("found_report", info["found"])])
            path = f"/admin/{table}/details/?id={rng.choice(ids)}"
            self.timed("details", lambda: self.client.get(path))
        elif kind == "edit":
            # Each user edits its own slice of reports, so no two users race on one row.
            ids = info["missing"][self.seed % 4::4] or info["missing"]
            url = f"/admin/missing_report/edit/?id={rng.choice(ids)}"
            _s, page, _l = self.timed("edit_form", lambda: self.client.get(url))
            self.pause()
            values = form_values(page)
            values["description"] = f"Checked on {time.strftime('%d-%m-%Y %H:%M:%S')}"
            # Saved: a redirect away from the form (a 200 is the form again, with errors).
            self.timed("edit_save", lambda: self.client.post(url, values),
                       expect=lambda status, loc: status == 302 and "/edit/" not in loc)
        else:
            kind_name, ids = rng.choice([("missing", info["missing"]), ("found", info["found"])])
            path = f"/admin/matches/{kind_name}/{rng.choice(ids)}/"
            self.timed("match", lambda: self.client.get(path))
        self.pause()

    def run(self, think, deadline, record, arrive_within=0.0):
        self.think, self.deadline, self.record = think, deadline, record
        if not self.signed_in:
            # First arrival (the warm-up): users come in spread over a few seconds.
            time.sleep(self.rng.uniform(0, arrive_within))
            self.sign_in()
        while time.monotonic() < self.deadline:
            self.act()


def pct(samples, p):
    """Nearest-rank percentile of sorted samples."""
    if not samples:
        return float("nan")
    return samples[min(len(samples), max(1, math.ceil(p / 100 * len(samples)))) - 1]


# ---- where the CPU went (Linux /proc): server, database, this client, everything else ------

def _stat_fields(pid) -> list[str]:
    with open(f"/proc/{pid}/stat") as fh:
        return fh.read().rsplit(")", 1)[1].split()  # fields from the 3rd (state) on


def _serving_pids(server_pid: int | None, database: str | None) -> tuple[list[int], list[int]]:
    """The gunicorn master and its workers; the PostgreSQL backends serving `database`."""
    server, backends = [server_pid] if server_pid else [], []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            if server_pid and int(_stat_fields(entry)[1]) == server_pid:
                server.append(int(entry))
            elif database:
                with open(f"/proc/{entry}/cmdline", "rb") as fh:
                    words = fh.read().replace(b"\0", b" ").decode(errors="replace").split()
                if words[:1] == ["postgres:"] and database in words:
                    backends.append(int(entry))
        except (OSError, IndexError, ValueError):
            pass
    return server, backends


def _cpu_of(pids) -> float:
    ticks = 0
    for pid in pids:
        try:
            fields = _stat_fields(pid)
            ticks += int(fields[11]) + int(fields[12])  # utime, stime
        except (OSError, IndexError, ValueError):
            pass
    return ticks / os.sysconf("SC_CLK_TCK")


def cpu_snapshot(server_pid: int | None, database: str | None) -> tuple[float, ...]:
    """(machine busy, machine total, server, database, client) CPU seconds so far."""
    tick = os.sysconf("SC_CLK_TCK")
    with open("/proc/stat") as fh:
        values = [int(v) for v in fh.readline().split()[1:]]
    total = sum(values[:8])
    busy = total - values[3] - values[4]  # less idle and iowait
    server, backends = _serving_pids(server_pid, database)
    return busy / tick, total / tick, _cpu_of(server), _cpu_of(backends), time.process_time()


def run_once(users: list[User], think: float, seconds: float, server_pid: int | None = None,
             database: str | None = None, arrive_within: float = 0.0) -> dict:
    samples: list[tuple[str, float]] = []
    errors: list[str] = []
    lock = threading.Lock()

    def record(kind, ms, error):
        with lock:
            samples.append((kind, ms))
            if error:
                errors.append(error)

    load_before = os.getloadavg()[0]
    cpu_before = cpu_snapshot(server_pid, database)
    start = time.perf_counter()
    deadline = time.monotonic() + seconds
    threads = [threading.Thread(target=u.run, args=(think, deadline, record, arrive_within))
               for u in users]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - start
    busy, total, server, dbms, client = (
        b - a for a, b in zip(cpu_before, cpu_snapshot(server_pid, database)))
    cores = total / elapsed  # the machine's cores, as /proc/stat counts them
    times = sorted(ms for _k, ms in samples)
    by_kind = {k: sorted(ms for kind, ms in samples if kind == k) for k in KINDS}
    return {"requests": len(times), "seconds": elapsed, "rps": len(times) / elapsed,
            "offered": len(users) / think if think > 0 else float("inf"),
            "p50": pct(times, 50), "p95": pct(times, 95), "p99": pct(times, 99),
            "errors": len(errors), "error_kinds": sorted(set(errors))[:5],
            "kind_p95": {k: pct(v, 95) for k, v in by_kind.items()},
            "kind_n": {k: len(v) for k, v in by_kind.items()},
            "load": (load_before, os.getloadavg()[0]),
            # CPU: the server's (gunicorn and PostgreSQL) per request, and the machine's
            # use in cores (of `cores`).
            "server_cpu_ms": (server + dbms) * 1000 / max(1, len(times)),
            "cpu": {"cores": cores, "busy": busy / elapsed, "server": server / elapsed,
                    "database": dbms / elapsed, "client": client / elapsed,
                    "others": max(0.0, busy - server - dbms - client) / elapsed}}


def show(label, r):
    offered = "" if r["offered"] == float("inf") else f"offered {r['offered']:5.1f}  "
    print(f"  {label:<10} {r['requests']:>6g} req  {offered}achieved {r['rps']:6.1f} req/s  "
          f"p50 {r['p50']:6.1f} ms  p95 {r['p95']:6.1f} ms  p99 {r['p99']:6.1f} ms  "
          f"errors {r['errors']:g}" + (f"  {r['error_kinds']}" if r["errors"] else "")
          + (f"  (load {r['load'][0]:.2f} -> {r['load'][1]:.2f})" if "load" in r else ""),
          flush=True)


def show_cpu(r):
    c = r["cpu"]
    database = f", PostgreSQL {c['database']:.2f}" if c["database"] else ""
    print(f"  {'':<10} CPU: server {r['server_cpu_ms']:.1f} ms per request; machine busy "
          f"{c['busy']:.2f} of {c['cores']:.0f} cores: gunicorn {c['server']:.2f}{database}, "
          f"load client {c['client']:.2f}, other processes {c['others']:.2f}", flush=True)


def show_kinds(r):
    print("  " + " " * 10 + " p95 by type: " + "  ".join(
        f"{k} {r['kind_p95'][k]:.0f}" + (f" (n={r['kind_n'][k]})" if "kind_n" in r else "")
        for k in KINDS), flush=True)


def median_of(results: list[dict]) -> dict:
    median = {k: statistics.median(r[k] for r in results)
              for k in ("requests", "rps", "offered", "p50", "p95", "p99", "errors", "seconds")}
    median["error_kinds"] = []
    median["kind_p95"] = {k: statistics.median(r["kind_p95"][k] for r in results) for k in KINDS}
    median["server_cpu_ms"] = statistics.median(r["server_cpu_ms"] for r in results)
    median["cpu"] = {k: statistics.median(r["cpu"][k] for r in results) for k in results[0]["cpu"]}
    return median


def run_engine(name: str, url: str, args, built: bool) -> dict:
    if not built:
        print(f"== {name}: loading {args.children:,} children", flush=True)
        t0 = time.perf_counter()
        build(url, args.children, args.seed_children)
        print(f"  built in {time.perf_counter() - t0:.0f} s", flush=True)
    else:
        print(f"== {name}: the database given", flush=True)
    accounts = targets(url)
    port = free_port()
    # PostgreSQL's backends are processes of their own: their CPU is the server's too.
    database = make_url(url).database if url.startswith("postgresql") else None
    print(f"  gunicorn: {args.workers} workers, gthread, {args.threads} threads each; "
          f"{args.clients} users, think time {args.think:g} s (exponential mean)", flush=True)
    with tempfile.NamedTemporaryFile("w+b", prefix=f"gunicorn-{name}-", suffix=".log",
                                     delete=False) as log:
        server = start_server(url, port, args.workers, args.threads, log)
        try:
            users = [User(port, accounts[i % len(accounts)], seed=i) for i in range(args.clients)]
            # Warm-up: every user signs in (arriving over 10 s) and works for a while.
            run_once(users, args.think, 20.0, server.pid, database, arrive_within=10.0)
            results = []
            for n in range(args.runs):
                results.append(run_once(users, args.think, args.seconds, server.pid, database))
                show(f"run {n + 1}", results[-1])
                show_kinds(results[-1])
                show_cpu(results[-1])
            saturation = None
            if args.saturation_seconds > 0:
                saturation = run_once(users, 0.0, args.saturation_seconds, server.pid, database)
        finally:
            stop_server(server)
        print(f"  gunicorn log: {log.name}")
    median = median_of(results)
    show("median", median)
    show_kinds(median)
    show_cpu(median)
    # The quietest run: the one in which other processes used the least CPU.
    quietest = min(results, key=lambda r: r["cpu"]["others"])
    show("quietest", quietest)
    show_cpu(quietest)
    # No error in any run (not only in the median), and the median p95 under the target.
    errors = sum(r["errors"] for r in results)
    verdict = "met" if errors == 0 and median["p95"] < TARGET_P95_MS else "MISSED"
    print(f"  target (no errors, p95 < {TARGET_P95_MS:.0f} ms) at {median['offered']:.0f} req/s "
          f"offered: {verdict} ({errors} errors in {len(results)} runs)", flush=True)
    if saturation is not None:
        show("saturated", saturation)
        show_kinds(saturation)
        show_cpu(saturation)
        print(f"  saturation (no think time): {saturation['rps']:.1f} req/s, "
              f"{saturation['rps'] / median['rps']:.1f} times the rate served above", flush=True)
    median["saturation"] = saturation
    return median


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--engines", default="sqlite,postgresql")
    parser.add_argument("--children", type=int, default=100_000)
    parser.add_argument("--seed-children", type=int, default=3000,
                        help="children the demo seed creates before cloning")
    parser.add_argument("--clients", type=int, default=20, help="concurrent users")
    parser.add_argument("--think", type=float, default=1.0,
                        help="mean think time between a user's requests, seconds")
    parser.add_argument("--seconds", type=float, default=60, help="length of each run")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--saturation-seconds", type=float, default=30,
                        help="length of the closed-loop run with no think time (0: none)")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=4, help="gthread threads per worker")
    parser.add_argument("--database", help="use this already built database (one engine) "
                                           "instead of building a throwaway one")
    parser.add_argument("--postgres-admin", default=os.environ.get("LOAD_PG_ADMIN", DEFAULT_PG_ADMIN),
                        help="a PostgreSQL URL used to create and drop the throwaway database")
    args = parser.parse_args(argv)
    load = os.getloadavg()
    print(f"machine: {os.cpu_count()} cores, load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}")
    summary = {}
    engines = args.engines.split(",")
    if args.database:
        if len(engines) != 1:
            parser.error("--database takes one engine")
        summary[engines[0]] = run_engine(engines[0], args.database, args, built=True)
        engines = []
    for name in engines:
        if name == "sqlite":
            with tempfile.TemporaryDirectory(prefix="balsetu-load-") as folder:
                summary[name] = run_engine(name, f"sqlite:///{folder}/load.db", args, built=False)
        elif name == "postgresql":
            admin = create_engine(args.postgres_admin, isolation_level="AUTOCOMMIT")
            with admin.connect() as conn:
                conn.execute(text(f"DROP DATABASE IF EXISTS {PG_DB} WITH (FORCE)"))
                conn.execute(text(f"CREATE DATABASE {PG_DB}"))
            url = admin.url.set(database=PG_DB).render_as_string(hide_password=False)
            try:
                summary[name] = run_engine(name, url, args, built=False)
            finally:
                with admin.connect() as conn:
                    conn.execute(text(f"DROP DATABASE IF EXISTS {PG_DB} WITH (FORCE)"))
                admin.dispose()
        else:
            parser.error(f"unknown engine {name}")
    load = os.getloadavg()
    print(f"== summary (medians of {args.runs} runs; load average now {load[0]:.2f} "
          f"{load[1]:.2f} {load[2]:.2f})")
    for name, r in summary.items():
        show(name, r)
        if r["saturation"] is not None:
            show(f"{name[:6]} sat", r["saturation"])


if __name__ == "__main__":
    main()
