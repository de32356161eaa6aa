"""Faults: the server killed mid-write, and the database out of reach (issue #7).

Each test is bounded in time. The unreachable database is a closed port (or an
SQLite file in a folder that does not exist yet); the shared PostgreSQL server
is never stopped."""
import http.client
import os
import re
import signal
import socket
import sqlite3
import subprocess
import sys
import threading
import time
import urllib.parse

import pytest
from sqlalchemy import make_url, select

from app import BASE_DIR, create_app
from extensions import db
from models import FoundReport
from tests.world import PASSWORD

_CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"|value="([^"]+)"[^>]*name="csrf_token"')


class Browser:
    """A tiny cookie-keeping HTTP client (no extra dependency)."""

    def __init__(self, port, timeout=10):
        self.port, self.timeout, self.cookies = port, timeout, {}

    def request(self, method, path, form=None):
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=self.timeout)
        headers = {}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if form is not None:
            body = urllib.parse.urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        try:
            conn.request(method, path, body=body, headers=headers)
            response = conn.getresponse()
            html = response.read().decode("utf-8", "replace")
            for name, value in response.getheaders():
                if name.lower() == "set-cookie":
                    key, _, rest = value.partition("=")
                    self.cookies[key] = rest.split(";", 1)[0]
            return response.status, response.getheader("Location") or "", html
        finally:
            conn.close()

    def csrf(self, path):
        status, _loc, html = self.request("GET", path)
        assert status == 200, (path, status)
        match = _CSRF.search(html)
        return match.group(1) or match.group(2)

    def login(self, username, password=PASSWORD):
        token = self.csrf("/login")
        return self.request("POST", "/login", {"username": username, "password": password,
                                               "csrf_token": token})


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _database_url(app):
    with app.app_context():
        return db.engine.url.render_as_string(hide_password=False)


# ---- SIGKILL during a stream of writes ----------------------------------------------

def _start_gunicorn(url, port):
    env = {**os.environ, "DATABASE_URL": url, "SECRET_KEY": "fault-test-secret",
           "SESSION_COOKIE_SECURE": "0", "PYTHONUNBUFFERED": "1"}
    env.pop("FLASK_DEBUG", None)
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "--workers", "2", "--threads", "2",
         "--bind", f"127.0.0.1:{port}", "--timeout", "30", "app:create_app()"],
        cwd=BASE_DIR, env=env, stdout=subprocess.DEVNULL, stderr=open(os.environ.get("FAULT_LOG", os.devnull), "wb"),
        start_new_session=True)  # its own process group: master and workers die together
    deadline = time.monotonic() + 40
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError("gunicorn exited early (set FAULT_LOG=file to see why)")
        try:
            if Browser(port, timeout=2).request("GET", "/login")[0] == 200:
                return process
        except OSError:
            time.sleep(0.2)
    os.killpg(process.pid, signal.SIGKILL)
    raise AssertionError("gunicorn did not start in time")


def test_sigkill_during_writes_loses_no_acknowledged_write(app, world):
    url = _database_url(app)
    port = _free_port()
    server = _start_gunicorn(url, port)
    acknowledged, lock = [], threading.Lock()
    stop = threading.Event()
    started = threading.Event()

    def writer(worker):
        browser = Browser(port)
        try:
            assert browser.login("police_amd")[0] == 302
            token = browser.csrf("/admin/found_report/new/")
        except (OSError, http.client.HTTPException):
            return
        n = 0
        while not stop.is_set() and n < 400:
            n += 1
            name = f"Killtest {worker}-{n}"
            try:
                status, location, _html = browser.request("POST", "/admin/found_report/new/", {
                    "csrf_token": token, "child_name": name, "gender": "unknown",
                    "estimated_age_years": "6", "found_at": "2026-10-01 10:00",
                    "status": "open", "police_unit": str(world.unit["amd_ps1"]),
                    "not_a_duplicate": "1"})  # the names sound alike: different children
            except (OSError, http.client.HTTPException):  # the server died under this
                return                                        # request: not acknowledged
            if status == 302 and "/new/" not in location:
                with lock:
                    acknowledged.append(name)
                    if len(acknowledged) >= 10:
                        started.set()

    threads = [threading.Thread(target=writer, args=(w,)) for w in range(4)]
    for thread in threads:
        thread.start()
    try:
        assert started.wait(60), "no writes were acknowledged"
        time.sleep(0.5)  # kill in the middle of the stream, not at a quiet moment
    finally:
        os.killpg(server.pid, signal.SIGKILL)
        server.wait(10)
        stop.set()
        for thread in threads:
            thread.join(20)
    assert len(acknowledged) >= 10

    if make_url(url).get_backend_name() == "sqlite":
        conn = sqlite3.connect(make_url(url).database)
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        conn.close()
    with app.app_context():
        db.session.remove()
        stored = set(db.session.scalars(select(FoundReport.child_name).where(
            FoundReport.child_name.like("Killtest %"))))
        missing = set(acknowledged) - stored
        assert not missing, f"acknowledged but lost: {sorted(missing)[:5]}"
        assert len(stored) >= len(acknowledged)
        db.session.remove()


# ---- database out of reach ----------------------------------------------------------

def _outage_app(url):
    return create_app({"SECRET_KEY": "outage-secret", "SQLALCHEMY_DATABASE_URI": url,
                       "SESSION_COOKIE_SECURE": False,
                       "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True,
                                                     **({"connect_args": {"connect_timeout": 3}}
                                                        if url.startswith("postgresql") else {})}})


def _assert_try_again(response):
    html = response.get_data(as_text=True)
    assert response.status_code == 503
    assert "try again" in html and "Traceback" not in html and "OperationalError" not in html
    assert response.headers["Retry-After"]


def test_postgresql_on_a_closed_port_gets_a_try_again_page():
    outage = _outage_app("postgresql+psycopg://postgres@127.0.0.1:1/balsetu")
    client = outage.test_client()
    _assert_try_again(client.get("/login"))
    _assert_try_again(client.get("/login?next=/admin/child/"))  # no state left behind


class _Proxy:
    """A TCP forwarder standing in for the database server's port: closed until
    started, so the app sees the database leave and come back."""

    def __init__(self, port, target):
        self.port, self.target = port, target
        self.listener = None
        self.sockets = []

    def start(self):
        self.stopped = threading.Event()
        self.listener = socket.socket()
        self.listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.listener.bind(("127.0.0.1", self.port))
        self.listener.listen(16)
        self.listener.settimeout(0.2)
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self):
        while not self.stopped.is_set():
            try:
                client, _addr = self.listener.accept()
            except (socket.timeout, OSError):
                continue
            upstream = socket.create_connection(self.target)
            self.sockets += [client, upstream]
            for a, b in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pipe, args=(a, b), daemon=True).start()

    @staticmethod
    def _pipe(src, dst):
        try:
            while data := src.recv(65536):
                dst.sendall(data)
        except OSError:
            pass
        finally:
            for s in (src, dst):
                try:
                    s.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass

    def stop(self):
        """Close the port and cut every open connection, as a server going away would."""
        self.stopped.set()
        if self.listener:
            self.listener.close()
        for s in self.sockets:
            try:
                s.shutdown(socket.SHUT_RDWR)
                s.close()
            except OSError:
                pass
        self.sockets = []
        time.sleep(0.3)  # let the accept loop notice


def test_app_recovers_when_the_database_returns(app, world, tmp_path):
    url = make_url(_database_url(app))
    proxy = None
    if url.get_backend_name() == "postgresql":
        port = _free_port()
        proxy = _Proxy(port, (url.host or "127.0.0.1", url.port or 5432))
        outage_url = url.set(host="127.0.0.1", port=port).render_as_string(hide_password=False)
    else:
        # An SQLite file whose folder is not there yet (an unmounted disk).
        folder = tmp_path / "disk"
        outage_url = f"sqlite:///{folder}/balsetu.db"
    outage = _outage_app(outage_url)
    client = outage.test_client()
    _assert_try_again(client.get("/login"))
    _assert_try_again(client.get("/login"))

    # The database comes back.
    if proxy is not None:
        proxy.start()
    else:
        folder.mkdir()
        src = sqlite3.connect(url.database)
        dst = sqlite3.connect(folder / "balsetu.db")
        src.backup(dst)
        dst.close()
        src.close()
    try:
        from tests.conftest import Auth
        assert client.get("/login").status_code == 200
        assert Auth(client).login("dcpu_amd").status_code == 302
        page = client.get("/admin/missing_report/")
        assert page.status_code == 200 and "Priya amd" in page.get_data(as_text=True)
        if proxy is not None:
            # Signed in, the database goes away under open pooled connections ...
            proxy.stop()
            _assert_try_again(client.get("/admin/missing_report/"))
            _assert_try_again(client.get(f"/admin/child/details/?id={world.child['amd_cncp']}"))
            # ... and comes back: the same session goes on.
            proxy.start()
            page = client.get("/admin/missing_report/")
            assert page.status_code == 200 and "Priya amd" in page.get_data(as_text=True)
    finally:
        with outage.app_context():
            db.session.remove()
            db.engine.dispose()
        if proxy is not None:
            proxy.stop()


def test_database_lost_after_sign_in_gets_the_try_again_page(world, client, auth, monkeypatch):
    """The database fails in the middle of a signed-in request: the session is
    dropped with the user already loaded, and the page (and its headers) must
    not touch that detached user on the way out."""
    from sqlalchemy.exc import OperationalError

    from summaries import clocks
    auth.login("dcpu_amd")

    def lost(*args, **kwargs):
        raise OperationalError("SELECT 1", {}, Exception("server closed the connection unexpectedly"))

    monkeypatch.setattr(clocks, "counts", lost)
    _assert_try_again(client.get("/admin/"))
    monkeypatch.undo()
    assert client.get("/admin/").status_code == 200  # and the next request works again
