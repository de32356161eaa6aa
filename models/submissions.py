"""Month-end reports as submitted: a DCPU's for its district, a CCI's for its home.

The figures are kept exactly as they were submitted (JSON of the summary's total
row), with who submitted them and when; the summary page shows a later change to
the month beside the submitted figure, as a revision (summaries/submissions.py)."""
from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.base import Base, UTCDateTime, utcnow
from models.geography import District
from models.institutions import Institution
from models.users import User

DISTRICT, INSTITUTION = "district", "institution"


class MonthlySubmission(Base):
    __tablename__ = "monthly_submissions"
    __table_args__ = (UniqueConstraint("month", "unit_level", "unit_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    month: Mapped[date] = mapped_column(Date, index=True)  # the month's first day
    unit_level: Mapped[str] = mapped_column(String(12))   # DISTRICT or INSTITUTION
    unit_id: Mapped[int] = mapped_column(Integer)          # the district's or the institution's id
    # The unit's district (its own, or the institution's): for the state's list.
    district_id: Mapped[int] = mapped_column(ForeignKey("districts.id"), index=True)
    institution_id: Mapped[int | None] = mapped_column(ForeignKey("institutions.id"))
    figures: Mapped[str] = mapped_column(Text)  # JSON: indicator key -> {gender: n} | number
    submitted_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    submitted_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    district: Mapped[District] = relationship()
    institution: Mapped[Institution | None] = relationship()
    submitted_by: Mapped[User] = relationship()
