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


def test_existing_reports_get_reported_on_and_cases_their_opening_day(tmp_path):
    """Revision 3d5b7f9a1c2e: reported_on is the India day of registration, and a
    child's case opens on the earliest of its first production and first order."""
    app = create_app({"TESTING": True, "SECRET_KEY": "x",
                      "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'before.db'}"})
    with app.app_context():
        upgrade(directory=MIGRATIONS_DIR, revision="6f1a2b3c4d5e")
        stamp = "2026-10-01 00:00:00"
        common = f"1, '{stamp}', '{stamp}'"  # version, created_at, updated_at
        with db.engine.begin() as connection:
            run = connection.execute
            run(text("INSERT INTO states (id, name, code, active, created_at, updated_at) "
                     f"VALUES (1, 'Gujarat', 'GJ', 1, '{stamp}', '{stamp}')"))
            run(text("INSERT INTO districts (id, state_id, name, code, active, created_at, updated_at) "
                     f"VALUES (1, 1, 'Ahmedabad', 'AMD', 1, '{stamp}', '{stamp}')"))
            # 20:00 UTC on 31 October is 1 November in India.
            run(text("INSERT INTO missing_reports (id, district_id, child_name, gender, missing_at, "
                     "reason, status, publish_consent, registered_at, version, created_at, updated_at) "
                     f"VALUES (1, 1, 'A', 'female', '{stamp}', 'lost', 'open', 0, "
                     f"'2026-10-31 20:00:00', {common})"))
            for pk, opened in ((1, None), (2, "2026-05-01"), (3, None)):
                run(text("INSERT INTO children (id, child_code, district_id, name, gender, category, "
                         "status, hearing_impaired, speech_impaired, case_opened_on, registered_at, "
                         "version, created_at, updated_at) VALUES (:pk, :code, 1, 'C', 'male', 'CNCP', "
                         f"'in_care', 0, 0, :opened, '{stamp}', {common})"),
                    {"pk": pk, "code": f"BS{pk:08d}", "opened": opened})
            for table, pk, child, day in (("cwc_orders", 1, 1, "2026-06-10"),
                                          ("jjb_orders", 1, 2, "2026-06-01"),
                                          ("cwc_orders", 2, 2, "2026-04-01")):
                run(text(f"INSERT INTO {table} (id, child_id, district_id, order_type, order_number, "
                         f"order_date, version, created_at, updated_at) VALUES "
                         f"({pk}, {child}, 1, 'sir_ordered', 'n', '{day}', {common})"))
            # Produced at 19:00 UTC on 8 June: 9 June in India, before child 1's first order.
            run(text("INSERT INTO found_reports (id, district_id, child_name, gender, found_at, "
                     "can_speak, can_hear, status, victim_or_witness, public_display_approved, "
                     "produced_at, child_id, registered_at, version, created_at, updated_at) VALUES "
                     f"(1, 1, 'F', 'male', '{stamp}', 1, 1, 'open', 0, 0, '2026-06-08 19:00:00', 1, "
                     f"'{stamp}', {common})"))
        upgrade(directory=MIGRATIONS_DIR)
        with db.engine.connect() as connection:
            reported = connection.execute(text("SELECT reported_on FROM missing_reports")).scalar()
            found = connection.execute(text("SELECT reported_on FROM found_reports")).scalar()
            opened = dict(connection.execute(text("SELECT id, case_opened_on FROM children")).all())
        db.engine.dispose()
    assert reported == "2026-11-01" and found == "2026-10-01"
    # 1: production (9 June) before its order; 2: the day entered is kept; 3: no case yet.
    assert opened == {1: "2026-06-09", 2: "2026-05-01", 3: None}
