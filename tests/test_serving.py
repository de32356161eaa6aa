"""Start-up checks (serving/checks.py): settings that would weaken sign-in or
sessions are refused before anyone is served; gunicorn refuses several workers
where they would not share one database (README "Running in production")."""
import os
import signal
import socket
import subprocess
import sys
import time

import pytest

from app import create_app
from serving.checks import UnsafeSettings

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


@pytest.mark.parametrize("settings,named", [
    ({"SIGNIN_FAILURE_LIMIT": 5, "SIGNIN_ACCOUNT_LIMIT": 5}, "SIGNIN_ACCOUNT_LIMIT (5) must be higher"),
    ({"SIGNIN_ACCOUNT_LIMIT": 0}, "must be at least 1"),
    ({"SESSION_IDLE_MINUTES": 900, "SESSION_ABSOLUTE_HOURS": 12}, "SESSION_IDLE_MINUTES"),
])
def test_the_app_refuses_unsafe_sign_in_and_session_settings(tmp_path, settings, named):
    with pytest.raises(UnsafeSettings, match="refuses to start") as refused:
        create_app({"TESTING": True, "SECRET_KEY": "x",
                    "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'x.db'}", **settings})
    assert named in str(refused.value)


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _gunicorn(database_url, workers, log_path):
    env = {**os.environ, "DATABASE_URL": database_url, "SECRET_KEY": "x",
           "GUNICORN_WORKERS": str(workers), "GUNICORN_BIND": f"127.0.0.1:{_free_port()}",
           "SESSION_COOKIE_SECURE": "0"}
    for name in ("RATELIMIT_STORAGE_URI", "PROXY_COUNT", "BALSETU_TRAINING"):
        env.pop(name, None)
    log = open(log_path, "w+")
    process = subprocess.Popen([sys.executable, "-m", "gunicorn", "--config", "gunicorn.conf.py"],
                               cwd=ROOT, env=env, stdout=log, stderr=log, start_new_session=True)
    return process, log


def test_gunicorn_refuses_several_workers_on_an_in_memory_database(tmp_path):
    process, log = _gunicorn("sqlite://", 2, tmp_path / "gunicorn.log")
    try:
        assert process.wait(60) != 0
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
    log.seek(0)
    text = log.read()
    assert "refuses to start" in text and "in-memory SQLite database" in text
    assert "Booting worker" not in text


def test_gunicorn_starts_several_workers_on_one_database_and_names_what_is_per_worker(tmp_path):
    process, log = _gunicorn(f"sqlite:///{tmp_path / 'shared.db'}", 2, tmp_path / "gunicorn.log")
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and process.poll() is None:
            log.seek(0)
            if log.read().count("Booting worker") >= 2:
                break
            time.sleep(0.2)
        assert process.poll() is None, "gunicorn stopped"
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
    log.seek(0)
    text = log.read()
    assert "refuses" not in text
    assert "counted by each of the 2 workers" in text  # the public submission limits


def test_migrating_keeps_the_logs_that_exist(tmp_path):
    """Running the migrations (Alembic's logging file config) must not silence the
    app's log when it exists already: its warnings (the forwarded-header one, a
    database outage) must still be written."""
    from flask_migrate import upgrade

    from app import MIGRATIONS_DIR
    app = create_app({"TESTING": True, "SECRET_KEY": "x",
                      "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'm.db'}"})
    app.logger.info("the app's log exists before the migrations run")
    with app.app_context():
        upgrade(directory=MIGRATIONS_DIR)
    assert not app.logger.disabled


def test_python_app_py_listens_where_host_and_port_say():
    from app import listen_address
    assert listen_address({}) == ("127.0.0.1", 5000)  # this computer only, unless told
    assert listen_address({"HOST": "0.0.0.0", "PORT": "8080"}) == ("0.0.0.0", 8080)
    assert listen_address({"HOST": " ", "PORT": ""}) == ("127.0.0.1", 5000)
    for bad in ("http", "0", "70000", "-1"):
        with pytest.raises(SystemExit, match="PORT must be a number"):
            listen_address({"PORT": bad})
