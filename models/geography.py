"""States, districts and police units: the map every record is scoped by."""
from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.base import ActiveMixin, Audited, Base, TimestampMixin
from models.local_names import LocalNames


class State(LocalNames, Audited, ActiveMixin, TimestampMixin, Base):
    __tablename__ = "states"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    code: Mapped[str] = mapped_column(String(10), unique=True)
    helpline: Mapped[str | None] = mapped_column(String(40))

    districts: Mapped[list["District"]] = relationship(back_populates="state")



class District(LocalNames, Audited, ActiveMixin, TimestampMixin, Base):
    __tablename__ = "districts"
    __table_args__ = (UniqueConstraint("state_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    state_id: Mapped[int] = mapped_column(ForeignKey("states.id"), index=True)
    name: Mapped[str] = mapped_column(String(100))
    code: Mapped[str] = mapped_column(String(20), unique=True)

    state: Mapped[State] = relationship(back_populates="districts")



class PoliceUnit(LocalNames, Audited, ActiveMixin, TimestampMixin, Base):
    """A police station, SJPU or AHTU (kind from choices.POLICE_UNIT_KINDS)."""

    __tablename__ = "police_units"

    id: Mapped[int] = mapped_column(primary_key=True)
    district_id: Mapped[int] = mapped_column(ForeignKey("districts.id"), index=True)
    name: Mapped[str] = mapped_column(String(150))
    kind: Mapped[str] = mapped_column(String(20))
    code: Mapped[str | None] = mapped_column(String(30), unique=True)
    phone: Mapped[str | None] = mapped_column(String(40))

    district: Mapped[District] = relationship()

    @property
    def works_district_wide(self) -> bool:
        """SJPU and AHTU officers work district-wide; a station only its own."""
        return self.kind in ("sjpu", "ahtu")

