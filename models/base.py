"""Declarative base and the mixins every record shares."""
from datetime import date, datetime, timezone
from zoneinfo import ZoneInfo

from sqlalchemy import MetaData, DateTime, ForeignKey, Integer, String, Boolean
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, declared_attr
from sqlalchemy.types import TypeDecorator


# Named constraints let Alembic alter SQLite tables in batch mode.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utcnow() -> datetime:
    return datetime.now(timezone.utc)


INDIA = ZoneInfo("Asia/Kolkata")


def now_in_india() -> datetime:
    """The time in India (aware), whatever the server's own time zone."""
    return datetime.now(INDIA)


def today_in_india() -> date:
    """India's date: every "today" of the app (date checks, ages, months), never
    the server's local date (a UTC server is a day behind from 00:00 to 05:30 IST)."""
    return now_in_india().date()


def reported_day(registered_at) -> date:
    """A report's default reported-on day: the day it was registered, in India
    (a naive time is India time, as UTCDateTime reads it); today if not yet set."""
    if registered_at is None:
        return today_in_india()
    if registered_at.tzinfo is None:
        return registered_at.date()
    return registered_at.astimezone(INDIA).date()


def fill_reported_on(mapper, connection, report) -> None:
    """before_insert/before_update of missing and found reports: a reported-on day
    left empty (a form, a file without it) becomes the day the report was
    registered, in India; so it is never empty, and the summaries count every report."""
    if report.reported_on is None:
        report.reported_on = reported_day(report.registered_at)


class UTCDateTime(TypeDecorator):
    """Timestamps are stored in UTC and always come back timezone-aware.

    A naive value given to the database (a date typed in a list filter) is
    India time, the only time users type. SQLite keeps no zone, so naive values
    read back are UTC by construction."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            value = value.replace(tzinfo=INDIA)
        return value.astimezone(timezone.utc)

    def process_result_value(self, value, dialect):
        if value is not None and value.tzinfo is None:
            value = value.replace(tzinfo=timezone.utc)
        return value


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class TimestampMixin:
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)


class VersionedMixin:
    """Optimistic locking: every UPDATE checks and bumps `version`.

    The edit form also carries the version the user saw, so a save based on a
    stale page is refused (admin_views.base) instead of overwriting silently."""

    version: Mapped[int] = mapped_column(Integer, nullable=False, default=1)

    @declared_attr.directive
    def __mapper_args__(cls):
        return {"version_id_col": cls.__table__.c.version}


class ArchiveMixin:
    """Children, reports and orders are archived with a reason, never deleted."""

    # No index of its own: 99% of rows are live, and SQLite took `archived_at IS NULL`
    # for a selective condition, then sorted every row (#16). Lists use partial
    # indexes `WHERE archived_at IS NULL` on their sort keys instead (models/children.py).
    archived_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    archive_reason: Mapped[str | None] = mapped_column(String(500))

    @declared_attr
    def archived_by_id(cls) -> Mapped[int | None]:
        return mapped_column(ForeignKey("users.id"))

    @property
    def is_archived(self) -> bool:
        return self.archived_at is not None


class ActiveMixin:
    """Reference data is deactivated, not deleted, once records point to it."""

    active: Mapped[bool] = mapped_column(Boolean, nullable=False, default=True)


class Audited:
    """Marker: changes to instances of this class go to the audit log."""

    # Columns whose values are sensitive (DESIGN "Sensitive fields").
    sensitive_fields: tuple[str, ...] = ()
