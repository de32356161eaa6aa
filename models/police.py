"""Police records: GD entry, FIR, recovery memo, production report."""
from datetime import date

from sqlalchemy import Date, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.base import ArchiveMixin, Audited, Base, TimestampMixin, VersionedMixin
from models.children import Child
from models.found import FoundReport
from models.geography import District, PoliceUnit
from models.missing import MissingReport


class PoliceReport(Audited, ArchiveMixin, VersionedMixin, TimestampMixin, Base):
    __tablename__ = "police_reports"

    sensitive_fields = ("summary",)

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(20))
    number: Mapped[str] = mapped_column(String(60))
    police_unit_id: Mapped[int] = mapped_column(ForeignKey("police_units.id"), index=True)
    # Jurisdiction: the unit's district (kept by admin_views).
    district_id: Mapped[int] = mapped_column(ForeignKey("districts.id"), index=True)
    report_date: Mapped[date] = mapped_column(Date, index=True)
    missing_report_id: Mapped[int | None] = mapped_column(ForeignKey("missing_reports.id"))
    found_report_id: Mapped[int | None] = mapped_column(ForeignKey("found_reports.id"))
    child_id: Mapped[int | None] = mapped_column(ForeignKey("children.id"), index=True)
    summary: Mapped[str | None] = mapped_column(Text)

    police_unit: Mapped[PoliceUnit] = relationship()
    district: Mapped[District] = relationship()
    missing_report: Mapped[MissingReport | None] = relationship()
    found_report: Mapped[FoundReport | None] = relationship()
    child: Mapped[Child | None] = relationship()

    def __str__(self) -> str:
        return f"{self.kind.upper()} {self.number}"
