"""`flask --app app backup` and `restore`: back up, change, restore, compare (issue #7)."""
import os
import shutil
import sqlite3
import stat
import threading

import pytest
from sqlalchemy import delete, select, text

from app import create_app
from extensions import db
from models import AuditLog, Child, SiteSetting
from models.settings import MATCHING_GENERATION
from tests.conftest import fingerprint


def _engine(app):
    with app.app_context():
        return db.engine.dialect.name


@pytest.fixture
def instance_in(app, tmp_path):
    """Default backup folder (and pre-restore safety copies) under a temp dir."""
    saved = app.instance_path
    app.instance_path = str(tmp_path / "instance")
    yield tmp_path / "instance"
    app.instance_path = saved


def _cli(app, *args):
    result = app.test_cli_runner().invoke(args=list(args))
    assert result.exit_code == 0, result.output + repr(result.exception)
    return result.output


def _needs_tools(app):
    if _engine(app) == "postgresql" and not (shutil.which("pg_dump") and shutil.which("pg_restore")):
        pytest.skip("pg_dump/pg_restore are not installed")


def test_backup_change_restore_compare(app, world, tmp_path, instance_in):
    _needs_tools(app)
    target = tmp_path / "copy.bak"
    with app.app_context():
        before = fingerprint()
    output = _cli(app, "backup", "--to", str(target))
    assert "Backup written to" in output and target.stat().st_size > 0

    with app.app_context():  # the day goes on: a record is changed and one added
        child = db.session.get(Child, world.child["amd_cncp"])
        child.name = "Changed after the backup"
        db.session.add(AuditLog(username="x", action="update", table_name="children",
                                record_id=child.id))
        db.session.commit()
        assert fingerprint() != before

    output = _cli(app, "restore", str(target), "--yes")
    assert "Restored from" in output and "saved to" in output
    safety = list((instance_in / "backups").iterdir())
    assert len(safety) == 1 and "before-restore" in safety[0].name
    with app.app_context():
        db.session.remove()
        # The one thing restore adds: a new matching generation (every worker rebuilds).
        assert db.session.get(SiteSetting, MATCHING_GENERATION) is not None
        db.session.execute(delete(SiteSetting).where(SiteSetting.key == MATCHING_GENERATION))
        db.session.commit()
        assert fingerprint() == before
        assert db.session.get(Child, world.child["amd_cncp"]).name != "Changed after the backup"
        # the restored database takes writes again
        db.session.get(Child, world.child["amd_cncp"]).name = "Writable"
        db.session.rollback()


def test_default_backup_goes_to_the_instance_folder(app, world, instance_in):
    _needs_tools(app)
    output = _cli(app, "backup")
    files = list((instance_in / "backups").iterdir())
    assert len(files) == 1 and str(files[0]) in output


def test_restore_refuses_a_file_that_is_not_a_backup(app, world, tmp_path):
    if _engine(app) != "sqlite":
        pytest.skip("SQLite checks the file first; pg_restore refuses on its own")
    bogus = tmp_path / "bogus.db"
    bogus.write_bytes(b"not a database at all" * 100)
    with app.app_context():
        before = fingerprint()
    result = app.test_cli_runner().invoke(args=["restore", str(bogus), "--yes"])
    assert result.exit_code != 0 and "not a usable SQLite database" in result.output
    with app.app_context():
        assert fingerprint() == before


def test_sqlite_backup_is_consistent_during_writes(app, world, tmp_path):
    """The online backup copies a consistent snapshot while another connection writes."""
    if _engine(app) != "sqlite":
        pytest.skip("SQLite's online backup; PostgreSQL uses pg_dump's snapshot")
    with app.app_context():
        live = db.engine.url.database
    stop = threading.Event()
    written = []

    def writer():
        conn = sqlite3.connect(live, timeout=30)
        conn.execute("CREATE TABLE IF NOT EXISTS backup_probe (n INTEGER PRIMARY KEY, pad TEXT)")
        n = 0
        while not stop.is_set() and n < 20000:
            n += 1
            conn.execute("INSERT INTO backup_probe (n, pad) VALUES (?, ?)", (n, "x" * 500))
            conn.commit()
            written.append(n)
        conn.close()

    thread = threading.Thread(target=writer)
    thread.start()
    try:
        while len(written) < 200:
            threading.Event().wait(0.01)
        copies = []
        for i in range(3):
            target = tmp_path / f"during-{i}.db"
            _cli(app, "backup", "--to", str(target))
            copies.append(target)
    finally:
        stop.set()
        thread.join()
        conn = sqlite3.connect(live, timeout=30)
        conn.execute("DROP TABLE IF EXISTS backup_probe")
        conn.commit()
        conn.close()
    for target in copies:
        conn = sqlite3.connect(target)
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        count, top = conn.execute("SELECT count(*), max(n) FROM backup_probe").fetchone()
        assert count == top and count >= 200  # a prefix of the writes: nothing torn
        assert conn.execute("SELECT count(*) FROM users").fetchone()[0] > 0
        conn.close()
    assert os.path.exists(live)
    with app.app_context():
        assert db.session.execute(text("SELECT count(*) FROM children")).scalar() > 0
        db.session.remove()
    with app.app_context():
        assert db.session.scalar(select(Child.id).limit(1)) is not None


# ---- backups are private (issue #11, item 16) ------------------------------------------------
@pytest.fixture
def usual_umask():
    """A server's usual umask (022): files are world-readable unless made private."""
    saved = os.umask(0o022)
    yield
    os.umask(saved)


def _mode(path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


def test_backups_are_readable_by_their_owner_only(app, world, tmp_path, instance_in, usual_umask):
    _needs_tools(app)
    _cli(app, "backup")
    folder = instance_in / "backups"
    (made,) = list(folder.iterdir())
    assert _mode(folder) == 0o700 and _mode(made) == 0o600
    chosen = tmp_path / "chosen.bak"
    _cli(app, "backup", "--to", str(chosen))
    assert _mode(chosen) == 0o600
    # Never over an existing file: the backup there is kept as it was.
    result = app.test_cli_runner().invoke(args=["backup", "--to", str(chosen)])
    assert result.exit_code != 0 and "exists already" in result.output


def test_the_postgresql_password_never_reaches_the_command_line(tmp_path, monkeypatch, usual_umask):
    """pg_dump's arguments are visible to every user through `ps`; the password
    goes through PGPASSWORD. A stand-in pg_dump on PATH records what it got."""
    tools, seen = tmp_path / "bin", tmp_path / "seen"
    tools.mkdir()
    (tools / "pg_dump").write_text(
        "#!/bin/sh\n"
        f'printf "%s\\n" "$@" > "{seen}.args"\n'
        f'printf "%s" "$PGPASSWORD" > "{seen}.env"\n'
        'while [ $# -gt 0 ]; do [ "$1" = "--file" ] && shift && out="$1"; shift; done\n'
        'printf "PGDMP" > "$out"\n')
    (tools / "pg_dump").chmod(0o755)
    monkeypatch.setenv("PATH", f"{tools}{os.pathsep}{os.environ['PATH']}")
    secret_app = create_app({"TESTING": True, "SECRET_KEY": "test-secret",
                             "SQLALCHEMY_DATABASE_URI":
                                 "postgresql+psycopg://balsetu:s3cret-pw@127.0.0.1:1/balsetu"})
    target = tmp_path / "pg.dump"
    result = secret_app.test_cli_runner().invoke(args=["backup", "--to", str(target)])
    assert result.exit_code == 0, result.output
    arguments = (tmp_path / "seen.args").read_text()
    assert "s3cret-pw" not in arguments and "postgresql://balsetu@127.0.0.1:1/balsetu" in arguments
    assert (tmp_path / "seen.env").read_text() == "s3cret-pw"
    assert _mode(target) == 0o600 and target.read_bytes() == b"PGDMP"
