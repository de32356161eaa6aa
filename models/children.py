"""The child profile: one record and one child ID for life."""
from datetime import date, datetime

from sqlalchemy import Boolean, Date, ForeignKey, Index, Integer, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models import child_code
from models.base import (ArchiveMixin, Audited, Base, TimestampMixin, UTCDateTime,
                         VersionedMixin, utcnow)
from models.geography import District
from models.institutions import Institution
from models.photos import Photo

LIVE = text("archived_at IS NULL")
ARCHIVED = text("archived_at IS NOT NULL")


class Child(Audited, ArchiveMixin, VersionedMixin, TimestampMixin, Base):
    __tablename__ = "children"
    # The lists read live rows in their sort order from these partial indexes
    # (`WHERE archived_at IS NULL`), 20 rows at a time, never sorting the table:
    # nationally by registration or by name, within a district (the DCPU's and
    # CWC's scope, and "List (N)" there, read from the index alone) the same,
    # district first. The id ends each key: the ties of a bulk import, in order.
    # tests/test_list_plans.py checks both engines' plans use them (#16).
    __table_args__ = (Index("ix_children_live_registered", "registered_at", "id",
                            sqlite_where=LIVE, postgresql_where=LIVE),
                      Index("ix_children_live_district_registered", "district_id", "registered_at", "id",
                            sqlite_where=LIVE, postgresql_where=LIVE),
                      Index("ix_children_live_name", "name", "id", sqlite_where=LIVE, postgresql_where=LIVE),
                      Index("ix_children_live_district_name", "district_id", "name", "id",
                            sqlite_where=LIVE, postgresql_where=LIVE),
                      # The archived list (a restoring role's): 1% of rows.
                      Index("ix_children_archived", "archived_at",
                            sqlite_where=ARCHIVED, postgresql_where=ARCHIVED),
                      Index("ix_children_institution_registered", "institution_id", "registered_at"),
                      Index("ix_children_district_archived_status", "district_id", "archived_at",
                            "status", "category", "case_opened_on"))

    name_sources = ("name", "father_name", "mother_name")
    sensitive_fields = ("guardian_contact", "address", "medical_notes", "offence_details")

    id: Mapped[int] = mapped_column(primary_key=True)
    child_code: Mapped[str] = mapped_column(String(10), unique=True, default=child_code.new_code)
    # Jurisdiction: the current institution's district, or the CWC/JJB district
    # handling the case when the child is not in a CCI (kept by admin_views).
    district_id: Mapped[int] = mapped_column(ForeignKey("districts.id"), index=True)
    institution_id: Mapped[int | None] = mapped_column(ForeignKey("institutions.id"), index=True)

    name: Mapped[str] = mapped_column(String(200))
    aliases: Mapped[str | None] = mapped_column(String(300))
    name_folded: Mapped[str | None] = mapped_column(String(200), index=True)
    name_key: Mapped[str | None] = mapped_column(String(40), index=True)
    father_name: Mapped[str | None] = mapped_column(String(200))
    father_name_folded: Mapped[str | None] = mapped_column(String(200))
    father_name_key: Mapped[str | None] = mapped_column(String(40), index=True)
    mother_name: Mapped[str | None] = mapped_column(String(200))
    mother_name_folded: Mapped[str | None] = mapped_column(String(200))
    mother_name_key: Mapped[str | None] = mapped_column(String(40), index=True)

    gender: Mapped[str] = mapped_column(String(12), index=True)
    date_of_birth: Mapped[date | None] = mapped_column(Date)
    estimated_age_years: Mapped[int | None] = mapped_column(Integer)
    age_recorded_on: Mapped[date | None] = mapped_column(Date)

    category: Mapped[str] = mapped_column(String(4), index=True)
    sub_category: Mapped[str | None] = mapped_column(String(30))
    status: Mapped[str] = mapped_column(String(20), default="in_care", index=True)
    languages: Mapped[str | None] = mapped_column(String(200))
    identification_marks: Mapped[str | None] = mapped_column(String(500))
    disability: Mapped[str | None] = mapped_column(String(300))
    hearing_impaired: Mapped[bool] = mapped_column(Boolean, default=False)
    speech_impaired: Mapped[bool] = mapped_column(Boolean, default=False)
    admitted_on: Mapped[date | None] = mapped_column(Date)
    # First production before the CWC (CNCP) or JJB (CCL): the case's 4-month clock.
    case_opened_on: Mapped[date | None] = mapped_column(Date, index=True)
    registered_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)

    # Sensitive (DESIGN "Sensitive fields")
    guardian_contact: Mapped[str | None] = mapped_column(String(300))
    address: Mapped[str | None] = mapped_column(String(500))
    medical_notes: Mapped[str | None] = mapped_column(Text)
    offence_details: Mapped[str | None] = mapped_column(Text)

    photo_id: Mapped[int | None] = mapped_column(ForeignKey("photos.id"))
    # The source system's own ID (ZIPNET, CCTNS, a district register): imports
    # recognise a row seen before by it (exchange/). Unique per kind.
    source_ref: Mapped[str | None] = mapped_column(String(100), unique=True)

    district: Mapped[District] = relationship()
    institution: Mapped[Institution | None] = relationship()
    photo: Mapped[Photo | None] = relationship()

    @property
    def display_code(self) -> str:
        return child_code.display(self.child_code)

    def age_on(self, day: date) -> int | None:
        """Age in whole years on `day`, from the birth date or the estimate."""
        if self.date_of_birth:
            born = self.date_of_birth
            return day.year - born.year - ((day.month, day.day) < (born.month, born.day))
        if self.estimated_age_years is not None and self.age_recorded_on:
            return self.estimated_age_years + (day - self.age_recorded_on).days // 365
        return self.estimated_age_years

    def __str__(self) -> str:
        return f"{self.display_code} {self.name}"
