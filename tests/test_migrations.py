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


def _diff(url):
    app = create_app({"TESTING": True, "SECRET_KEY": "x", "SQLALCHEMY_DATABASE_URI": url})
    with app.app_context():
        upgrade(directory=MIGRATIONS_DIR)
        with db.engine.connect() as connection:
            diff = compare_metadata(MigrationContext.configure(connection), Base.metadata)
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
