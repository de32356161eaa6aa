"""The access log: who signed in and out, who exported what (which screen, the
filters, how many rows), and who opened which child's record (JJ Act s.74
confidentiality; the DPDP Act).

Kept apart from the edit history (models/audit.py, what changed): reading
changes nothing there. It is append-only from the app: rows are inserted
(access/access_log.py writes them), and an attempt to change or delete one
through the ORM fails; the panel shows it read-only, to the state admin (their
state) and the national admin."""
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import ForeignKey, Index, Integer, String, Text, event
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.base import Base, UTCDateTime, utcnow
from models.children import Child

# What an entry records (a named constant each, stored as is).
SIGN_IN = "sign_in"
SIGN_OUT = "sign_out"
EXPORT = "export"
OPEN = "open"
ACCESS_ACTIONS = (
    (SIGN_IN, _l("Signed in")),
    (SIGN_OUT, _l("Signed out")),
    (EXPORT, _l("Exported")),
    (OPEN, _l("Opened a child's record")),
)


class AccessLog(Base):
    __tablename__ = "access_log"
    # The state admin's list: their state's entries, newest first.
    __table_args__ = (Index("ix_access_log_state_at", "state_id", "at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    username: Mapped[str] = mapped_column(String(80))
    role: Mapped[str] = mapped_column(String(20))
    action: Mapped[str] = mapped_column(String(10), index=True)
    screen: Mapped[str] = mapped_column(String(60))  # the page (its endpoint)
    # The record opened, or the kind of record exported.
    table_name: Mapped[str | None] = mapped_column(String(40))
    record_id: Mapped[int | None] = mapped_column(Integer)
    # The child whose record it is, when there is a child profile behind it. No
    # foreign key: the log outlives what it describes (as the audit log's record_id).
    child_id: Mapped[int | None] = mapped_column(Integer, index=True)
    filters: Mapped[str | None] = mapped_column(Text)  # exports: the query (JSON)
    row_count: Mapped[int | None] = mapped_column(Integer)  # exports: rows written
    address: Mapped[str | None] = mapped_column(String(64))
    # Whose entry it is: the record's state and district (a child's record opened),
    # else the user's; the log is scoped by them.
    state_id: Mapped[int | None] = mapped_column(Integer)
    district_id: Mapped[int | None] = mapped_column(Integer)

    child: Mapped[Child | None] = relationship(
        primaryjoin="foreign(AccessLog.child_id) == Child.id", viewonly=True)


class AppendOnly(Exception):
    """The access log is never changed or deleted from the app."""


@event.listens_for(AccessLog, "before_update")
@event.listens_for(AccessLog, "before_delete")
def _refuse_change(mapper, connection, target):
    raise AppendOnly("The access log is append-only.")
