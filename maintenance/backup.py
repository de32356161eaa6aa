"""Backups while the app runs, and restoring one.

SQLite: SQLite's online backup API copies a consistent snapshot page by page
while workers keep reading and writing (WAL); the copy is checked with
`PRAGMA integrity_check`. PostgreSQL: `pg_dump --format=custom` (a consistent
snapshot in one transaction) and `pg_restore --clean`. Photos live in the
database, so a backup holds them too.

A backup holds every child's record: it is written readable by its owner only
(mode 600, in a folder of mode 700), and the PostgreSQL password reaches
pg_dump and pg_restore through the environment (PGPASSWORD), never on their
command line, where `ps` shows it to every user of the machine.

After a restore, the running workers' matching indexes describe the database
that was replaced: `restore` writes a new matching generation, and each worker
rebuilds its index at its next use (matches/registry.py). The restored change
log is emptied (the rebuild reads every report)."""
import os
import shutil
import sqlite3
import subprocess

import click
from flask import current_app
from flask.cli import with_appcontext
from sqlalchemy import delete, inspect
from sqlalchemy.engine import URL, make_url

from extensions import db
from models.base import now_in_india
from models.report_changes import ReportChange
from models.settings import SiteSetting, new_matching_generation


def _url():
    return make_url(current_app.config["SQLALCHEMY_DATABASE_URI"])


def _sqlite_path(url) -> str:
    if not url.database or url.database == ":memory:":
        raise click.ClickException("An in-memory database cannot be backed up.")
    return url.database


PRIVATE_FILE, PRIVATE_FOLDER = 0o600, 0o700


def _default_target(suffix: str) -> str:
    folder = os.path.join(current_app.instance_path, "backups")
    os.makedirs(folder, mode=PRIVATE_FOLDER, exist_ok=True)
    os.chmod(folder, PRIVATE_FOLDER)  # also a folder made before backups were private
    stamp = now_in_india().strftime("%Y%m%d-%H%M%S")
    return os.path.join(folder, f"balsetu-{stamp}{suffix}")


def _reserve(target: str) -> None:
    """Create the backup file, empty and private, before anything is written to
    it; refuse a file that exists already (never overwrite a backup)."""
    try:
        os.close(os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE_FILE))
    except FileExistsError:
        raise click.ClickException(f"{target} exists already; choose another file.")
    except OSError as exc:
        raise click.ClickException(f"{target} cannot be written: {exc.strerror}.")


def _libpq(url) -> str:
    """The SQLAlchemy URL as libpq understands it (no +psycopg driver), without
    the password (which goes through the environment: `_pg_env`)."""
    query = {k: v for k, v in url.query.items() if k.lower() != "password"}
    return URL.create("postgresql", username=url.username, host=url.host, port=url.port,
                      database=url.database, query=query).render_as_string(hide_password=False)


def _pg_env(url) -> dict:
    env = dict(os.environ)
    password = url.password or url.query.get("password")
    if password:
        env["PGPASSWORD"] = str(password)
    return env


def _run(command: list[str], env: dict) -> None:
    tool = command[0]
    if shutil.which(tool) is None:
        raise click.ClickException(f"{tool} is not installed (Debian: apt-get install postgresql-client).")
    # umask 077: whatever the tool creates is its owner's alone.
    done = subprocess.run(command, env=env, capture_output=True, text=True, umask=0o077)
    if done.returncode != 0:
        raise click.ClickException(f"{tool} failed: {done.stderr.strip()}")


def _check_sqlite(path: str) -> None:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        verdict = conn.execute("PRAGMA integrity_check").fetchone()[0]
    except sqlite3.DatabaseError as exc:
        raise click.ClickException(f"{path} is not a usable SQLite database: {exc}")
    finally:
        conn.close()
    if verdict != "ok":
        raise click.ClickException(f"{path} failed the integrity check: {verdict}")


def sqlite_copy(source: str, target: str, journal: str = "DELETE") -> None:
    """Copy one SQLite database onto another with the online backup API. A backup
    is one self-contained file (journal DELETE); the live database stays in WAL."""
    src = sqlite3.connect(source, timeout=30)
    dst = sqlite3.connect(target, timeout=30)
    try:
        src.execute("PRAGMA busy_timeout=30000")
        dst.execute("PRAGMA busy_timeout=30000")
        src.backup(dst, pages=1024, sleep=0.005)  # in steps, so writers are not held up
        dst.execute(f"PRAGMA journal_mode={journal}")
    finally:
        dst.close()
        src.close()


@click.command("backup")
@click.option("--to", "target", type=click.Path(dir_okay=False),
              help="File to write (default: instance/backups/balsetu-DATE-TIME.db or .dump).")
@with_appcontext
def backup(target: str | None) -> None:
    """Make a consistent copy of the database while the app keeps running."""
    url = _url()
    if url.get_backend_name() == "sqlite":
        source = _sqlite_path(url)
        if not os.path.exists(source):
            raise click.ClickException(f"There is no database at {source}.")
        target = target or _default_target(".db")
        _reserve(target)
        sqlite_copy(source, target)
        _check_sqlite(target)
    elif url.get_backend_name() == "postgresql":
        target = target or _default_target(".dump")
        _reserve(target)
        _run(["pg_dump", "--format=custom", "--no-owner", "--file", target, _libpq(url)], _pg_env(url))
    else:
        raise click.ClickException(f"No backup method for {url.get_backend_name()}.")
    click.echo(f"Backup written to {target} ({os.path.getsize(target):,} bytes).")


@click.command("restore")
@click.argument("source", type=click.Path(exists=True, dir_okay=False))
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
@click.option("--no-safety-copy", is_flag=True,
              help="Do not back up the current database before replacing it.")
@with_appcontext
def restore(source: str, yes: bool, no_safety_copy: bool) -> None:
    """Replace the database with a backup (stop the app first where you can)."""
    url = _url()
    backend = url.get_backend_name()
    if backend == "sqlite":
        _check_sqlite(source)
    if not yes:
        click.confirm(f"Replace the database {url.render_as_string(hide_password=True)} "
                      f"with {source}?", abort=True)
    db.session.remove()
    db.engine.dispose()  # no pooled connection holds the old database open
    if backend == "sqlite":
        live = _sqlite_path(url)
        if not no_safety_copy and os.path.exists(live):
            safety = _default_target("-before-restore.db")
            _reserve(safety)
            sqlite_copy(live, safety)
            click.echo(f"The current database was saved to {safety}.")
        sqlite_copy(source, live, journal="WAL")
        _check_sqlite(live)
    elif backend == "postgresql":
        if not no_safety_copy:
            safety = _default_target("-before-restore.dump")
            _reserve(safety)
            _run(["pg_dump", "--format=custom", "--no-owner", "--file", safety, _libpq(url)],
                 _pg_env(url))
            click.echo(f"The current database was saved to {safety}.")
        _run(["pg_restore", "--clean", "--if-exists", "--no-owner", "--single-transaction",
              "--dbname", _libpq(url), source], _pg_env(url))
    else:
        raise click.ClickException(f"No restore method for {backend}.")
    _new_matching_generation()
    click.echo(f"Restored from {source}.")


def _new_matching_generation() -> None:
    """Every running worker rebuilds its matching index. A backup made before
    these tables existed is brought up to date by `flask db upgrade`, whose
    new tables start empty: nothing to do then."""
    with db.engine.begin() as connection:
        tables = inspect(connection)
        if tables.has_table(ReportChange.__tablename__):
            connection.execute(delete(ReportChange))
        if tables.has_table(SiteSetting.__tablename__):
            new_matching_generation(connection)
