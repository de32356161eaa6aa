"""Missing-child reports: what the police SOP and Form 17 record."""
from datetime import date, datetime

from sqlalchemy import Boolean, Date, ForeignKey, Index, Integer, String, Text, event
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.base import (ArchiveMixin, Audited, Base, TimestampMixin, UTCDateTime,
                         VersionedMixin, fill_reported_on, utcnow)
from models.children import Child
from models.description import ChildDescription
from models.geography import District, PoliceUnit
from models.photos import Photo
from models.users import User


class MissingReport(ChildDescription, Audited, ArchiveMixin, VersionedMixin, TimestampMixin, Base):
    __tablename__ = "missing_reports"
    # FIR number: an import recognises a report seen before by it (exchange/importer.py).
    __table_args__ = (Index("ix_missing_reports_district_registered", "district_id", "registered_at"),
                      Index("ix_missing_reports_district_reported", "district_id", "reported_on"),
                      Index("ix_missing_reports_fir_number", "fir_number"))

    sensitive_fields = ("guardian_phone", "guardian_address", "reported_by_phone")

    id: Mapped[int] = mapped_column(primary_key=True)
    # Jurisdiction: the district of the police unit or DCPU that registered it.
    district_id: Mapped[int] = mapped_column(ForeignKey("districts.id"), index=True)
    police_unit_id: Mapped[int | None] = mapped_column(ForeignKey("police_units.id"), index=True)
    registered_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    registered_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    # The day the child was reported to the police or the DCPU (an FIR/GD date
    # when the file has one): "reported in the month" counts by it, not by when
    # the record reached Bal Setu (an import of an old report is not new).
    reported_on: Mapped[date | None] = mapped_column(Date, index=True)  # filled on save

    # The first name as the public card shows it, folded (models/names.py): the
    # public search matches this and nothing else of the name.
    first_name_folded: Mapped[str | None] = mapped_column(String(200), index=True)
    age_years: Mapped[int | None] = mapped_column(Integer)
    description: Mapped[str | None] = mapped_column(Text)

    place_missing: Mapped[str | None] = mapped_column(String(300))
    missing_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    reason: Mapped[str] = mapped_column(String(20), default="unknown")
    runaway_reason: Mapped[str | None] = mapped_column(String(20))

    guardian_name: Mapped[str | None] = mapped_column(String(200))
    guardian_relation: Mapped[str | None] = mapped_column(String(60))
    guardian_phone: Mapped[str | None] = mapped_column(String(40))
    guardian_address: Mapped[str | None] = mapped_column(String(500))
    reported_by_name: Mapped[str | None] = mapped_column(String(200))
    reported_by_phone: Mapped[str | None] = mapped_column(String(40))
    gd_number: Mapped[str | None] = mapped_column(String(60))
    fir_number: Mapped[str | None] = mapped_column(String(60))
    # The source system's own ID (ZIPNET, CCTNS, a district register): imports
    # recognise a row seen before by it (exchange/). Unique per kind.
    source_ref: Mapped[str | None] = mapped_column(String(100), unique=True)
    # The police officer investigating the case: whom the DCPU or another
    # district calls about the child (issue #15 item 8).
    investigating_officer: Mapped[str | None] = mapped_column(String(200))
    investigating_officer_phone: Mapped[str | None] = mapped_column(String(40))

    status: Mapped[str] = mapped_column(String(10), default="open", index=True)
    traced_at: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Who traced the child, and where (a police feed sends them with the status).
    traced_by: Mapped[str | None] = mapped_column(String(200))
    traced_place: Mapped[str | None] = mapped_column(String(300))
    publish_consent: Mapped[bool] = mapped_column(Boolean, default=False)
    child_id: Mapped[int | None] = mapped_column(ForeignKey("children.id"), index=True)
    photo_id: Mapped[int | None] = mapped_column(ForeignKey("photos.id"))
    # Merged by a DCPU into the report of the same child that survives (archived,
    # reason "merged into <number>"): matches/merging.py.
    merged_into_id: Mapped[int | None] = mapped_column(ForeignKey("missing_reports.id"))

    district: Mapped[District] = relationship()
    police_unit: Mapped[PoliceUnit | None] = relationship()
    registered_by: Mapped[User | None] = relationship(foreign_keys=[registered_by_id])
    child: Mapped[Child | None] = relationship()
    photo: Mapped[Photo | None] = relationship()
    merged_into: Mapped["MissingReport | None"] = relationship(remote_side=[id], foreign_keys=[merged_into_id])

    def __str__(self) -> str:
        return f"M-{self.id} {self.child_name or ''}".strip()


event.listen(MissingReport, "before_insert", fill_reported_on)
event.listen(MissingReport, "before_update", fill_reported_on)


@event.listens_for(MissingReport, "before_insert")
@event.listens_for(MissingReport, "before_update")
def _status_dates(mapper, connection, report):
    """The summaries count by when a report was traced or closed, not only its status."""
    if report.status == "traced" and report.traced_at is None:
        report.traced_at = utcnow()
    if report.status == "closed" and report.closed_at is None:
        report.closed_at = utcnow()
    if report.status == "open":
        report.traced_at = report.closed_at = None
