"""Fixtures: the app (SQLite by default, PostgreSQL with TEST_DATABASE_URL),
a pristine world restored after any test that changed it, a client and a
sign-in helper (flaskr style)."""
import hashlib
import os
import re

import pytest
from sqlalchemy import select, text

from app import create_app
from extensions import db
from matches.registry import reset as reset_matching
from models import Base
from tests.world import PASSWORD, build_world


def _database_url(tmp_path_factory):
    url = os.environ.get("TEST_DATABASE_URL")
    if url:
        return url
    return f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.db'}"


@pytest.fixture(scope="session")
def app(tmp_path_factory):
    app = create_app({
        "TESTING": True,
        "SECRET_KEY": "test-secret",
        "SQLALCHEMY_DATABASE_URI": _database_url(tmp_path_factory),
        "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True},
        # the shipped matching weights, whatever an estimate left under instance/
        "MATCH_WEIGHTS_FILE": "",
    })
    with app.app_context():
        Base.metadata.drop_all(db.engine)
        Base.metadata.create_all(db.engine)
    return app


# The access log records reading (a record opened, an export, a sign-in): a read
# adds to it by design, so "nothing changed" is judged without it
# (tests/test_access_log.py checks what it records). The change log of reports
# follows the reports themselves (and `restore` empties it):
# tests/test_matching_changes.py checks it.
NOT_RECORDS = {"access_log", "report_changes"}


def _record_tables():
    return [t for t in Base.metadata.sorted_tables if t.name not in NOT_RECORDS]


def fingerprint():
    """A hash of every row of every table of records: equal means nothing changed."""
    if db.engine.dialect.name == "postgresql":
        # One round trip: the server hashes each table's rows in key order.
        parts = " UNION ALL ".join(
            f"SELECT '{t.name}' AS name, md5(coalesce(string_agg(x::text, '|' ORDER BY "
            f"{', '.join('x.' + c.name for c in t.primary_key.columns)}), '')) AS h "
            f"FROM {t.name} x" for t in _record_tables())
        rows = db.session.execute(text(parts)).all()
        return hashlib.sha256(repr(rows).encode()).hexdigest()
    digest = hashlib.sha256()
    for table in _record_tables():
        rows = db.session.execute(select(table).order_by(*table.primary_key.columns)).all()
        digest.update(table.name.encode())
        digest.update(repr(rows).encode())
    return digest.hexdigest()


def _wipe():
    db.session.rollback()
    for table in reversed(Base.metadata.sorted_tables):
        db.session.execute(table.delete())
    db.session.commit()


_PRISTINE = {}


@pytest.fixture
def world(app):
    """The hand-built world, as it was built: rebuilt only after a test changed it."""
    with app.app_context():
        if "ids" not in _PRISTINE or fingerprint() != _PRISTINE["hash"]:
            _wipe()
            if db.engine.dialect.name == "postgresql":
                for table in Base.metadata.sorted_tables:
                    for column in table.primary_key.columns:
                        db.session.execute(text(
                            f"SELECT setval(pg_get_serial_sequence('{table.name}', '{column.name}'), 1, false)"))
                db.session.commit()
            _PRISTINE["ids"] = build_world()
            _PRISTINE["hash"] = fingerprint()
            reset_matching()  # ids are reused by the rebuilt world
        db.session.remove()
    return _PRISTINE["ids"]


@pytest.fixture
def client(app):
    return app.test_client()


_CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"|value="([^"]+)"[^>]*name="csrf_token"')


class Auth:
    """Signs in and out through the real pages, like a person would."""

    def __init__(self, client):
        self.client = client

    def csrf(self, path="/login"):
        page = self.client.get(path).get_data(as_text=True)
        match = _CSRF.search(page)
        assert match, f"no CSRF token on {path}"
        return match.group(1) or match.group(2)

    def login(self, username, password=PASSWORD):
        token = self.csrf("/login")
        return self.client.post("/login", data={"username": username, "password": password,
                                                "csrf_token": token})

    def logout(self):
        token = self.csrf("/password")
        return self.client.post("/logout", data={"csrf_token": token})


@pytest.fixture
def auth(client):
    return Auth(client)


def csrf_from(response_or_html):
    html = response_or_html if isinstance(response_or_html, str) else response_or_html.get_data(as_text=True)
    match = _CSRF.search(html)
    assert match, "no CSRF token in page"
    return match.group(1) or match.group(2)
