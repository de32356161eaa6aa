"""Load test: the app under gunicorn, many clients at once, on SQLite and PostgreSQL.

    python benchmarks/load.py                          # both engines, 100,000 children
    python benchmarks/load.py --engines sqlite --runs 3 --requests 60
    python benchmarks/load.py --postgres-admin postgresql+psycopg://postgres@127.0.0.1:5432/postgres

For each engine it loads the demo (`demo.seed.seed_database`, the data behind
`flask --app app seed-demo`) with --seed-children children, then scales the
register to --children by cloning those children (new ids and child IDs, Core
executemany in chunks), into a throwaway SQLite file or a throwaway PostgreSQL
database (`balsetu_load`, created and dropped here). It starts gunicorn with
--workers workers (gthread, --threads each) on 127.0.0.1 and a free port, and
drives --clients concurrent clients (threads, http.client, cookies kept), each
signing in as a demo DCPU and making --requests requests of this mix:

    sign-in (sign out and in again)   5%      list pages (children, missing, found)  40%
    details pages (children, reports) 30%      edits (GET form, POST same values)     10%
    match searches (/admin/matches/<kind>/<id>/)                                     15%

It prints requests per second, p50, p95 and p99 latency (ms) and the error count
(HTTP >= 400 or a failed connection) per run, and the median over --runs runs.
Target: no errors and p95 under 300 ms. Only 127.0.0.1 is contacted."""
from __future__ import annotations

import argparse
import http.client
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

from sqlalchemy import create_engine, func, insert, select, text  # noqa: E402

PASSWORD = "load-password-1"
DEFAULT_PG_ADMIN = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
PG_DB = "balsetu_load"
TARGET_P95_MS = 300.0
_CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"|value="([^"]+)"[^>]*name="csrf_token"')
MIX = (("signin", 5), ("list", 40), ("details", 30), ("edit", 10), ("match", 15))


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
            def ids(table):
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
           "SESSION_COOKIE_SECURE": "0"}
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "--workers", str(workers), "--threads", str(threads),
         "--bind", f"127.0.0.1:{port}", "--timeout", "60", "app:create_app()"],
        cwd=ROOT, env=env, stdout=log, stderr=log, start_new_session=True)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if Client(port).get("/login")[0] == 200:
                return process
        except OSError:
            time.sleep(0.3)
    stop_server(process)
    raise RuntimeError("gunicorn did not start")


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
                html = response.read().decode("utf-8", "replace")
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
        return response.status, html

    def get(self, path):
        return self._send("GET", path)

    def post(self, path, form):
        return self._send("POST", path, form)


def csrf(html: str) -> str:
    match = _CSRF.search(html)
    return (match.group(1) or match.group(2)) if match else ""


def form_values(html: str) -> dict:
    values = {}
    for tag in re.findall(r"<input[^>]*>", html):
        name = re.search(r'name="([^"]+)"', tag)
        if not name or 'type="file"' in tag or 'type="submit"' in tag:
            continue
        if 'type="checkbox"' in tag and "checked" not in tag:
            continue
        value = re.search(r'value="([^"]*)"', tag)
        values[name.group(1)] = value.group(1) if value else ""
    for name, body in re.findall(r'<select[^>]*name="([^"]+)"[^>]*>(.*?)</select>', html, re.S):
        chosen = re.search(r'<option[^>]*selected[^>]*value="([^"]*)"|<option[^>]*value="([^"]*)"[^>]*selected', body)
        values[name] = (chosen.group(1) or chosen.group(2)) if chosen else ""
    for name, body in re.findall(r'<textarea[^>]*name="([^"]+)"[^>]*>(.*?)</textarea>', html, re.S):
        values[name] = body.strip()
    import html as htmllib
    return {k: htmllib.unescape(v) for k, v in values.items()}


def drive(port: int, info: dict, n_requests: int, seed: int, samples: list, errors: list,
          lock: threading.Lock) -> None:
    rng = random.Random(seed)
    client = Client(port)
    kinds = [k for k, w in MIX for _ in range(w)]

    def timed(label, call):
        start = time.perf_counter()
        try:
            status, html = call()
        except OSError as exc:
            status, html = 0, str(exc)
        elapsed = (time.perf_counter() - start) * 1000
        ok = 200 <= status < 400
        with lock:
            samples.append(elapsed)
            if not ok:
                errors.append(f"{label}: {status}")
        return status, html

    def sign_in():
        _s, page = timed("GET /login", lambda: client.get("/login"))
        timed("POST /login", lambda: client.post("/login", {
            "username": info["username"], "password": PASSWORD, "csrf_token": csrf(page)}))

    sign_in()
    done = 2
    while done < n_requests:
        kind = rng.choice(kinds)
        if kind == "signin":
            client.cookies.clear()
            sign_in()
            done += 2
        elif kind == "list":
            path = rng.choice(["/admin/child/", "/admin/missing_report/", "/admin/found_report/",
                               f"/admin/child/?page={rng.randint(1, 20)}"])
            timed(f"GET {path}", lambda: client.get(path))
            done += 1
        elif kind == "details":
            table, ids = rng.choice([("child", info["children"]), ("missing_report", info["missing"]),
                                     ("found_report", info["found"])])
            path = f"/admin/{table}/details/?id={rng.choice(ids)}"
            timed(f"GET {path}", lambda: client.get(path))
            done += 1
        elif kind == "edit":
            # Each client edits its own slice of reports, so no two clients race on one row.
            ids = info["missing"][seed % 4::4] or info["missing"]
            url = f"/admin/missing_report/edit/?id={rng.choice(ids)}"
            _s, page = timed(f"GET {url}", lambda: client.get(url))
            values = form_values(page)
            values["description"] = f"Checked on {time.strftime('%d-%m-%Y %H:%M:%S')}"
            timed(f"POST {url}", lambda: client.post(url, values))
            done += 2
        else:
            kind_name, ids = rng.choice([("missing", info["missing"]), ("found", info["found"])])
            path = f"/admin/matches/{kind_name}/{rng.choice(ids)}/"
            timed(f"GET {path}", lambda: client.get(path))
            done += 1


def run_once(port: int, accounts: list[dict], clients: int, requests: int, seed: int) -> dict:
    samples: list[float] = []
    errors: list[str] = []
    lock = threading.Lock()
    threads = [threading.Thread(target=drive, args=(port, accounts[i % len(accounts)], requests,
                                                    seed * 100 + i, samples, errors, lock))
               for i in range(clients)]
    start = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - start
    samples.sort()

    def pct(p):
        return samples[min(len(samples) - 1, int(round(p / 100 * (len(samples) - 1))))]

    return {"requests": len(samples), "seconds": elapsed, "rps": len(samples) / elapsed,
            "p50": pct(50), "p95": pct(95), "p99": pct(99), "errors": len(errors),
            "error_kinds": sorted(set(errors))[:5]}


def show(label, r):
    print(f"  {label:<8} {r['requests']:>6} req  {r['rps']:7.1f} req/s  p50 {r['p50']:7.1f} ms  "
          f"p95 {r['p95']:7.1f} ms  p99 {r['p99']:7.1f} ms  errors {r['errors']}"
          + (f"  {r['error_kinds']}" if r["errors"] else ""), flush=True)


def run_engine(name: str, url: str, args) -> dict:
    print(f"== {name}: loading {args.children:,} children", flush=True)
    t0 = time.perf_counter()
    build(url, args.children, args.seed_children)
    print(f"  built in {time.perf_counter() - t0:.0f} s", flush=True)
    accounts = targets(url)
    port = free_port()
    with tempfile.NamedTemporaryFile("w+b", prefix=f"gunicorn-{name}-", suffix=".log",
                                     delete=False) as log:
        server = start_server(url, port, args.workers, args.threads, log)
        try:
            run_once(port, accounts, args.clients, max(10, args.requests // 5), seed=0)  # warm-up
            results = []
            for n in range(args.runs):
                results.append(run_once(port, accounts, args.clients, args.requests, seed=n + 1))
                show(f"run {n + 1}", results[-1])
        finally:
            stop_server(server)
        print(f"  gunicorn log: {log.name}")
    median = {k: statistics.median(r[k] for r in results)
              for k in ("requests", "rps", "p50", "p95", "p99", "errors", "seconds")}
    median["error_kinds"] = []
    show("median", median)
    verdict = "met" if median["errors"] == 0 and median["p95"] < TARGET_P95_MS else "MISSED"
    print(f"  target (no errors, p95 < {TARGET_P95_MS:.0f} ms): {verdict}", flush=True)
    return median


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--engines", default="sqlite,postgresql")
    parser.add_argument("--children", type=int, default=100_000)
    parser.add_argument("--seed-children", type=int, default=3000,
                        help="children the demo seed creates before cloning")
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--requests", type=int, default=60, help="requests per client per run")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=4, help="gthread threads per worker")
    parser.add_argument("--postgres-admin", default=os.environ.get("LOAD_PG_ADMIN", DEFAULT_PG_ADMIN),
                        help="a PostgreSQL URL used to create and drop the throwaway database")
    args = parser.parse_args(argv)
    try:
        load = os.getloadavg()
        print(f"machine: {os.cpu_count()} cores, load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}")
    except OSError:
        pass
    summary = {}
    for name in args.engines.split(","):
        if name == "sqlite":
            with tempfile.TemporaryDirectory(prefix="balsetu-load-") as folder:
                summary[name] = run_engine(name, f"sqlite:///{folder}/load.db", args)
        elif name == "postgresql":
            admin = create_engine(args.postgres_admin, isolation_level="AUTOCOMMIT")
            with admin.connect() as conn:
                conn.execute(text(f"DROP DATABASE IF EXISTS {PG_DB} WITH (FORCE)"))
                conn.execute(text(f"CREATE DATABASE {PG_DB}"))
            url = admin.url.set(database=PG_DB).render_as_string(hide_password=False)
            try:
                summary[name] = run_engine(name, url, args)
            finally:
                with admin.connect() as conn:
                    conn.execute(text(f"DROP DATABASE IF EXISTS {PG_DB} WITH (FORCE)"))
                admin.dispose()
        else:
            parser.error(f"unknown engine {name}")
    print("== summary (medians)")
    for name, r in summary.items():
        show(name, r)


if __name__ == "__main__":
    main()
