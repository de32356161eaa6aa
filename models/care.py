"""Individual Care Plan (Form 7) and monthly progress entries."""
from datetime import date

from sqlalchemy import Date, ForeignKey, Index, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.base import ArchiveMixin, Audited, Base, TimestampMixin, VersionedMixin
from models.children import Child


class CarePlan(Audited, ArchiveMixin, VersionedMixin, TimestampMixin, Base):
    __tablename__ = "care_plans"
    # The summaries' "without an ICP": a child's live plans prepared by a date, from the index alone.
    __table_args__ = (Index("ix_care_plans_child_archived_prepared", "child_id", "archived_at", "prepared_on"),)

    sensitive_fields = ("health_plan", "counselling_plan", "notes")

    id: Mapped[int] = mapped_column(primary_key=True)
    child_id: Mapped[int] = mapped_column(ForeignKey("children.id"), index=True)
    prepared_on: Mapped[date] = mapped_column(Date)
    review_on: Mapped[date | None] = mapped_column(Date)
    education_plan: Mapped[str | None] = mapped_column(Text)
    health_plan: Mapped[str | None] = mapped_column(Text)
    counselling_plan: Mapped[str | None] = mapped_column(Text)
    vocational_plan: Mapped[str | None] = mapped_column(Text)
    restoration_plan: Mapped[str | None] = mapped_column(Text)
    notes: Mapped[str | None] = mapped_column(Text)

    child: Mapped[Child] = relationship()

    def __str__(self) -> str:
        return f"ICP {self.prepared_on}"


class ProgressEntry(Audited, ArchiveMixin, VersionedMixin, TimestampMixin, Base):
    __tablename__ = "progress_entries"
    __table_args__ = (UniqueConstraint("child_id", "month"),
                      # The summaries' "progress not entered": a live entry for a month, from the index alone.
                      Index("ix_progress_entries_child_month_archived", "child_id", "month", "archived_at"))

    sensitive_fields = ("health", "counselling", "notes")

    id: Mapped[int] = mapped_column(primary_key=True)
    child_id: Mapped[int] = mapped_column(ForeignKey("children.id"), index=True)
    month: Mapped[date] = mapped_column(Date, index=True)  # first day of the month
    education: Mapped[str | None] = mapped_column(Text)
    health: Mapped[str | None] = mapped_column(Text)
    counselling: Mapped[str | None] = mapped_column(Text)
    vocational: Mapped[str | None] = mapped_column(Text)
    notes: Mapped[str | None] = mapped_column(Text)

    child: Mapped[Child] = relationship()

    def __str__(self) -> str:
        return f"{self.month:%Y-%m}"
