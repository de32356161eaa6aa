"""The migrations produce exactly the models' schema, on SQLite and PostgreSQL."""
import os
import uuid

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import upgrade
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from app import MIGRATIONS_DIR, create_app
from extensions import db
from models import Base
from models.search import include_object


def _diff(url):
    app = create_app({"TESTING": True, "SECRET_KEY": "x", "SQLALCHEMY_DATABASE_URI": url})
    with app.app_context():
        upgrade(directory=MIGRATIONS_DIR)
        with db.engine.connect() as connection:
            context = MigrationContext.configure(connection, opts={"include_object": include_object})
            diff = compare_metadata(context, Base.metadata)
        db.engine.dispose()
    return diff


def test_migrations_match_models_on_sqlite(tmp_path):
    assert _diff(f"sqlite:///{tmp_path / 'migrated.db'}") == []


@pytest.mark.skipif(not os.environ.get("TEST_DATABASE_URL", "").startswith("postgresql"),
                    reason="PostgreSQL run only")
def test_migrations_match_models_on_postgresql():
    base = make_url(os.environ["TEST_DATABASE_URL"])
    name = f"balsetu_migrations_{uuid.uuid4().hex[:8]}"
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        assert _diff(base.set(database=name).render_as_string(hide_password=False)) == []
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def test_existing_missing_reports_get_the_public_first_name(tmp_path):
    """The revision adding first_name_folded fills it for the reports already there."""
    app = create_app({"TESTING": True, "SECRET_KEY": "x",
                      "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'before.db'}"})
    with app.app_context():
        upgrade(directory=MIGRATIONS_DIR, revision="2b51aad8fb3c")
        stamp = "2026-10-01 00:00:00"
        with db.engine.begin() as connection:
            connection.execute(text(
                "INSERT INTO states (id, name, code, active, created_at, updated_at) "
                f"VALUES (1, 'Gujarat', 'GJ', 1, '{stamp}', '{stamp}')"))
            connection.execute(text(
                "INSERT INTO districts (id, state_id, name, code, active, created_at, updated_at) "
                f"VALUES (1, 1, 'Ahmedabad', 'AMD', 1, '{stamp}', '{stamp}')"))
            for pk, name in ((1, "પ્રિયા Shah"), (2, "Ravi Kumar"), (3, None)):
                connection.execute(text(
                    "INSERT INTO missing_reports (id, district_id, child_name, gender, missing_at, "
                    "reason, status, publish_consent, version, registered_at, created_at, updated_at) VALUES "
                    f"(:pk, 1, :name, 'female', '{stamp}', 'lost', 'open', 1, 1, '{stamp}', '{stamp}', '{stamp}')"),
                    {"pk": pk, "name": name})
        upgrade(directory=MIGRATIONS_DIR)
        with db.engine.connect() as connection:
            folded = dict(connection.execute(text("SELECT id, first_name_folded FROM missing_reports")).all())
        db.engine.dispose()
    from matching import fold_name
    assert folded == {1: fold_name("Priya"), 2: fold_name("Ravi"), 3: None}
