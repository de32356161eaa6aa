"""Transfers between institutions. The child ID never changes; history stays."""
from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.base import Audited, Base, TimestampMixin, UTCDateTime, VersionedMixin, utcnow
from models.children import Child
from models.institutions import Institution
from models.users import User


# A request waits for the receiving side, which accepts or declines it.
REQUESTED = "requested"
ACCEPTED = "accepted"
DECLINED = "declined"

_WAITING_ONLY = text("status = 'requested'")


class Transfer(Audited, VersionedMixin, TimestampMixin, Base):
    """One waiting transfer per child: a partial unique index, so two requests
    sent at once cannot both succeed on either engine."""

    __tablename__ = "transfers"
    __table_args__ = (Index("uq_transfers_waiting_child", "child_id", unique=True,
                            sqlite_where=_WAITING_ONLY, postgresql_where=_WAITING_ONLY),)

    id: Mapped[int] = mapped_column(primary_key=True)
    child_id: Mapped[int] = mapped_column(ForeignKey("children.id"), index=True)
    from_institution_id: Mapped[int | None] = mapped_column(ForeignKey("institutions.id"), index=True)
    to_institution_id: Mapped[int] = mapped_column(ForeignKey("institutions.id"), index=True)
    # The CWC or JJB order that allows the transfer.
    order_reference: Mapped[str] = mapped_column(String(120))
    reason: Mapped[str | None] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(10), default=REQUESTED, index=True)
    requested_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    requested_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    child: Mapped[Child] = relationship()
    from_institution: Mapped[Institution | None] = relationship(foreign_keys=[from_institution_id])
    to_institution: Mapped[Institution] = relationship(foreign_keys=[to_institution_id])
    requested_by: Mapped[User | None] = relationship(foreign_keys=[requested_by_id])
    decided_by: Mapped[User | None] = relationship(foreign_keys=[decided_by_id])

    def __str__(self) -> str:
        return f"T-{self.id}"
