"""Orders of the Child Welfare Committee and the Juvenile Justice Board."""
from datetime import date

from sqlalchemy import Date, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship, declared_attr

from models.base import ArchiveMixin, Audited, Base, TimestampMixin, VersionedMixin
from models.children import Child
from models.geography import District

# What ends a case (one definition: the summaries, the statutory clocks and the
# dashboard's pending lists all use it). A CWC case ends with a final
# disposition of any kind (restoration, foster care, sponsorship, after-care,
# legally free for adoption, or an order typed "final order"); a JJB inquiry
# with a disposal order under s.18 of the JJ Act or an "inquiry closed" order.
# Interim steps (declaration, age determination, medical examination, interim
# placement, SIR, transfer, bail, placement pending inquiry, referral to the
# CWC) do not end it.
CWC_DISPOSITION_TYPES = ("restoration", "foster_care", "sponsorship", "after_care",
                         "legally_free", "final_order")
JJB_DISPOSITION_TYPES = ("admonition", "group_counselling", "community_service", "fine",
                         "probation", "special_home")
CWC_CLOSING_TYPES = CWC_DISPOSITION_TYPES
JJB_CLOSING_TYPES = JJB_DISPOSITION_TYPES + ("inquiry_closed",)


class _Order(Audited, ArchiveMixin, VersionedMixin, TimestampMixin):
    sensitive_fields = ("notes",)

    id: Mapped[int] = mapped_column(primary_key=True)
    order_type: Mapped[str] = mapped_column(String(40), index=True)
    order_number: Mapped[str] = mapped_column(String(60))
    order_date: Mapped[date] = mapped_column(Date, index=True)
    next_hearing_date: Mapped[date | None] = mapped_column(Date)
    # When the order was complied with, e.g. the SIR submitted (15-day clock).
    complied_on: Mapped[date | None] = mapped_column(Date)
    notes: Mapped[str | None] = mapped_column(Text)

    @declared_attr
    def child_id(cls) -> Mapped[int]:
        return mapped_column(ForeignKey("children.id"), index=True)

    @declared_attr
    def district_id(cls) -> Mapped[int]:
        # The district of the committee or board that made the order.
        return mapped_column(ForeignKey("districts.id"), index=True)

    @declared_attr
    def child(cls) -> Mapped[Child]:
        return relationship()

    @declared_attr
    def district(cls) -> Mapped[District]:
        return relationship()

    def __str__(self) -> str:
        return f"{self.order_number} ({self.order_date})"


class CwcOrder(_Order, Base):
    __tablename__ = "cwc_orders"
    # The summaries' pending cases: a child's live orders of a type by a date, from the index alone.
    __table_args__ = (Index("ix_cwc_orders_child_type_archived_date",
                            "child_id", "order_type", "archived_at", "order_date"),)


class JjbOrder(_Order, Base):
    __tablename__ = "jjb_orders"
    __table_args__ = (Index("ix_jjb_orders_child_type_archived_date",
                            "child_id", "order_type", "archived_at", "order_date"),)
