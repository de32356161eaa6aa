"""Settings of the installation that live in its database, not in its code.

`database_purpose`: `training` marks a database made for training
(`flask --app app seed-demo --training`); an app started with BALSETU_TRAINING=1
refuses any database without that mark, and a marked database always shows the
training banner.

`matching_generation`: a random value that `restore` replaces; a worker whose
matching index was built under another value builds it again (matches/registry.py).

Nothing on the web can write this table."""
import secrets

from sqlalchemy import String, delete, insert, inspect, select
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base

DATABASE_PURPOSE = "database_purpose"
TRAINING = "training"
MATCHING_GENERATION = "matching_generation"


class SiteSetting(Base):
    __tablename__ = "site_settings"

    key: Mapped[str] = mapped_column(String(60), primary_key=True)
    value: Mapped[str] = mapped_column(String(200))


def database_purpose(connection) -> str | None:
    """The mark of the database behind `connection` (a SQLAlchemy Connection);
    None when it is unmarked or the table does not exist yet (not migrated)."""
    if not inspect(connection).has_table(SiteSetting.__tablename__):
        return None
    return connection.scalar(select(SiteSetting.value).where(SiteSetting.key == DATABASE_PURPOSE))


def mark_training(session) -> None:
    """Marks the session's database as a training database (CLI only)."""
    setting = session.get(SiteSetting, DATABASE_PURPOSE)
    if setting is None:
        session.add(SiteSetting(key=DATABASE_PURPOSE, value=TRAINING))
    else:
        setting.value = TRAINING


def new_matching_generation(connection) -> str:
    """Replace the matching generation (a SQLAlchemy Connection, committed by the
    caller): every running worker rebuilds its matching index at its next use."""
    generation = secrets.token_hex(8)
    connection.execute(delete(SiteSetting).where(SiteSetting.key == MATCHING_GENERATION))
    connection.execute(insert(SiteSetting).values(key=MATCHING_GENERATION, value=generation))
    return generation


def training_refusal(url: str) -> str:
    """What an app in training mode says when its database is not a training one."""
    return (f"BALSETU_TRAINING=1 (training mode), but the database {url} is not marked as a "
            "training database, so Bal Setu refuses to start: practice must never touch real "
            "records. Create a training database with "
            "`BALSETU_TRAINING=1 flask --app app seed-demo --training` (into an empty database, "
            "for example DATABASE_URL=sqlite:///$PWD/instance/training.db), or unset "
            "BALSETU_TRAINING to run normally.")
