"""Found-child reports: a child recovered, rescued or arriving at a CCI's door."""
from datetime import date, datetime

from sqlalchemy import Boolean, Date, ForeignKey, Index, Integer, String, Text, event
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.base import (ArchiveMixin, Audited, Base, TimestampMixin, UTCDateTime,
                         VersionedMixin, fill_reported_on, utcnow)
from models.children import Child
from models.description import ChildDescription
from models.geography import District, PoliceUnit
from models.institutions import Institution
from models.missing import MissingReport
from models.photos import Photo
from models.users import User


class FoundReport(ChildDescription, Audited, ArchiveMixin, VersionedMixin, TimestampMixin, Base):
    __tablename__ = "found_reports"
    __table_args__ = (Index("ix_found_reports_district_registered", "district_id", "registered_at"),
                      Index("ix_found_reports_district_reported", "district_id", "reported_on"),)

    sensitive_fields = ("finder_contact", "family_details")

    id: Mapped[int] = mapped_column(primary_key=True)
    # Jurisdiction: the district where the child was found.
    district_id: Mapped[int] = mapped_column(ForeignKey("districts.id"), index=True)
    police_unit_id: Mapped[int | None] = mapped_column(ForeignKey("police_units.id"), index=True)
    registered_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    registered_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    # The day the child was reported to the police or the DCPU (an FIR/GD date
    # when the file has one): "reported in the month" counts by it, not by when
    # the record reached Bal Setu (an import of an old report is not new).
    reported_on: Mapped[date | None] = mapped_column(Date, index=True)  # filled on save

    found_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    place_found: Mapped[str | None] = mapped_column(String(300))
    found_by: Mapped[str | None] = mapped_column(String(200))
    finder_contact: Mapped[str | None] = mapped_column(String(200))
    circumstances: Mapped[str | None] = mapped_column(Text)
    accompanied_by: Mapped[str | None] = mapped_column(String(300))

    family_details: Mapped[str | None] = mapped_column(Text)
    estimated_age_years: Mapped[int | None] = mapped_column(Integer)
    can_speak: Mapped[bool] = mapped_column(Boolean, default=True)
    can_hear: Mapped[bool] = mapped_column(Boolean, default=True)

    placed_institution_id: Mapped[int | None] = mapped_column(ForeignKey("institutions.id"), index=True)
    produced_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    child_id: Mapped[int | None] = mapped_column(ForeignKey("children.id"), index=True)
    # Indexed: the public listing asks, for every missing report, whether a found
    # report linked to it protects the child (public/rules.py protected_missing).
    missing_report_id: Mapped[int | None] = mapped_column(ForeignKey("missing_reports.id"), index=True)
    status: Mapped[str] = mapped_column(String(10), default="open", index=True)
    restored_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # DESIGN "Privacy": a found child appears on the public page only after the CWC
    # of the district records its approval (who and when), and never a victim or
    # witness of an offence (nor a child in conflict with law: public/queries.py).
    victim_or_witness: Mapped[bool] = mapped_column(Boolean, default=False)
    public_display_approved: Mapped[bool] = mapped_column(Boolean, default=False)
    public_display_approved_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    public_display_approved_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    photo_id: Mapped[int | None] = mapped_column(ForeignKey("photos.id"))
    # Merged by a DCPU into the report of the same child that survives (archived,
    # reason "merged into <number>"): matches/merging.py.
    merged_into_id: Mapped[int | None] = mapped_column(ForeignKey("found_reports.id"))
    # The source system's own ID (ZIPNET, CCTNS, a district register): imports
    # recognise a row seen before by it (exchange/). Unique per kind.
    source_ref: Mapped[str | None] = mapped_column(String(100), unique=True)

    district: Mapped[District] = relationship()
    police_unit: Mapped[PoliceUnit | None] = relationship()
    registered_by: Mapped[User | None] = relationship(foreign_keys=[registered_by_id])
    public_display_approved_by: Mapped[User | None] = relationship(
        foreign_keys=[public_display_approved_by_id])
    placed_institution: Mapped[Institution | None] = relationship()
    child: Mapped[Child | None] = relationship()
    missing_report: Mapped[MissingReport | None] = relationship()
    photo: Mapped[Photo | None] = relationship()
    merged_into: Mapped["FoundReport | None"] = relationship(remote_side=[id], foreign_keys=[merged_into_id])

    def __str__(self) -> str:
        return f"F-{self.id} {self.child_name or ''}".strip()

    def set_public_display(self, approved_by_id: int | None) -> None:
        """Record the CWC's approval for public display (by whom, when), or with
        None withdraw it; the two fields never disagree with the flag."""
        self.public_display_approved = approved_by_id is not None
        self.public_display_approved_by_id = approved_by_id
        self.public_display_approved_at = utcnow() if approved_by_id is not None else None


event.listen(FoundReport, "before_insert", fill_reported_on)
event.listen(FoundReport, "before_update", fill_reported_on)


@event.listens_for(FoundReport, "before_insert")
@event.listens_for(FoundReport, "before_update")
def _status_dates(mapper, connection, report):
    if report.status == "restored" and report.restored_at is None:
        report.restored_at = utcnow()
