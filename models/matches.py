"""Proposed matches between a missing and a found child, and the national
pet-name table the matching engine uses."""
from datetime import datetime

from sqlalchemy import Float, ForeignKey, Index, String, Text, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.base import Audited, Base, TimestampMixin, UTCDateTime, VersionedMixin, utcnow
from models.found import FoundReport
from models.missing import MissingReport
from models.orders import CwcOrder
from models.users import User


# What a pair can be. A reviewer confirms or rejects a proposal; confirming a
# pair closes the other proposals of both its reports (a child is one child).
PROPOSED = "proposed"
CONFIRMED = "confirmed"
REJECTED = "rejected"
CLOSED = "closed"

_CONFIRMED_ONLY = text("status = 'confirmed'")


class Match(Audited, VersionedMixin, TimestampMixin, Base):
    """A pair the engine proposed; a reviewer confirms or rejects it once.

    A rejected pair is kept, so it is never proposed again. At most one
    confirmed pair per missing report and per found report: the two partial
    unique indexes make two reviewers confirming at once fail in the database,
    whatever the application checked before."""

    __tablename__ = "matches"
    __table_args__ = (UniqueConstraint("missing_report_id", "found_report_id"),
                      Index("ix_matches_status_score", "status", "score"),
                      Index("uq_matches_confirmed_missing", "missing_report_id", unique=True,
                            sqlite_where=_CONFIRMED_ONLY, postgresql_where=_CONFIRMED_ONLY),
                      Index("uq_matches_confirmed_found", "found_report_id", unique=True,
                            sqlite_where=_CONFIRMED_ONLY, postgresql_where=_CONFIRMED_ONLY))

    id: Mapped[int] = mapped_column(primary_key=True)
    missing_report_id: Mapped[int] = mapped_column(ForeignKey("missing_reports.id"), index=True)
    found_report_id: Mapped[int] = mapped_column(ForeignKey("found_reports.id"), index=True)
    score: Mapped[float] = mapped_column(Float)
    reasons: Mapped[str] = mapped_column(Text, default="{}")  # JSON from the engine
    status: Mapped[str] = mapped_column(String(10), default=PROPOSED)
    proposed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    decision_note: Mapped[str | None] = mapped_column(String(500))
    # Confirming opens the restoration step; the CWC's order closes it.
    restoration_order_id: Mapped[int | None] = mapped_column(ForeignKey("cwc_orders.id"))

    missing_report: Mapped[MissingReport] = relationship()
    found_report: Mapped[FoundReport] = relationship()
    decided_by: Mapped[User | None] = relationship()
    restoration_order: Mapped[CwcOrder | None] = relationship()

    @property
    def district_id(self):
        """For the audit log: a match is filed with the missing child's district."""
        return self.missing_report.district_id if self.missing_report else None

    def __str__(self) -> str:
        return f"{self.missing_report} ↔ {self.found_report}"


class PetName(Audited, TimestampMixin, Base):
    """National additions to the engine's built-in pet-name table."""

    __tablename__ = "pet_names"

    id: Mapped[int] = mapped_column(primary_key=True)
    pet_name: Mapped[str] = mapped_column(String(60), unique=True)
    # Formal given names it often stands for, comma-separated (may be empty).
    formal_names: Mapped[str | None] = mapped_column(String(300))
    added_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    def __str__(self) -> str:
        return self.pet_name
