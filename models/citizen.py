"""Citizens' reports from the public page: "My child is missing" and "I have seen
a child". Each waits in the moderation queue of the district it names until the
DCPU or the district's police accept it (a missing or found report is created
from it, admin_views/moderation.py) or reject it with a reason. It is never
deleted: the person who sent it follows its status by its reference."""
from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models import child_code
from models.base import (
    Audited,
    Base,
    TimestampMixin,
    UTCDateTime,
    VersionedMixin,
    utcnow,
)
from models.description import ChildDescription
from models.found import FoundReport
from models.geography import District
from models.missing import MissingReport
from models.photos import Photo
from models.users import User

KINDS = ("missing", "seen")
STATUSES = ("received", "accepted", "rejected")
REFERENCE_PREFIX = "CR-"


class CitizenReport(ChildDescription, Audited, VersionedMixin, TimestampMixin, Base):
    __tablename__ = "citizen_reports"

    # The person who wrote in is a contact like a guardian's: not for every eye.
    sensitive_fields = ("reporter_phone",)
    # A salted hash of the sender's address, kept to see floods from one place;
    # it is machinery, not something a person changed, so it stays out of the log.
    audit_exclude = ("address_hash",)

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(10), index=True)  # missing | seen
    # Unguessable, shown as CR-7K3M-9Q2P-XR (models/child_code.py's alphabet and check).
    reference: Mapped[str] = mapped_column(String(10), unique=True, default=child_code.new_code)
    # Jurisdiction: the district the citizen named.
    district_id: Mapped[int] = mapped_column(ForeignKey("districts.id"), index=True)

    age_years: Mapped[int | None] = mapped_column(Integer)
    description: Mapped[str | None] = mapped_column(Text)
    place: Mapped[str | None] = mapped_column(String(300))  # missing from, or seen at
    event_at: Mapped[datetime] = mapped_column(UTCDateTime)  # went missing, or was seen
    reporter_name: Mapped[str] = mapped_column(String(200))
    reporter_phone: Mapped[str] = mapped_column(String(40))
    reporter_relation: Mapped[str | None] = mapped_column(String(60))
    # The family's own word that the child's photo and first name may be published.
    publish_consent: Mapped[bool] = mapped_column(Boolean, default=False)
    declaration_accepted: Mapped[bool] = mapped_column(Boolean, default=False)
    language: Mapped[str | None] = mapped_column(String(5))  # the language the form was filled in
    photo_id: Mapped[int | None] = mapped_column(ForeignKey("photos.id"))
    submitted_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    address_hash: Mapped[str | None] = mapped_column(String(64), index=True)

    status: Mapped[str] = mapped_column(String(10), default="received", index=True)
    reject_reason: Mapped[str | None] = mapped_column(String(500))
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    missing_report_id: Mapped[int | None] = mapped_column(ForeignKey("missing_reports.id"))
    found_report_id: Mapped[int | None] = mapped_column(ForeignKey("found_reports.id"))

    district: Mapped[District] = relationship()
    photo: Mapped[Photo | None] = relationship()
    decided_by: Mapped[User | None] = relationship()
    missing_report: Mapped[MissingReport | None] = relationship()
    found_report: Mapped[FoundReport | None] = relationship()

    @property
    def display_reference(self) -> str:
        return display_reference(self.reference)

    def __str__(self) -> str:
        return self.display_reference


def display_reference(code: str | None) -> str:
    return REFERENCE_PREFIX + child_code.display(code) if code else ""


def clean_reference(text: str | None) -> str | None:
    """The stored form of a reference as typed (any case, spaces, dashes, with or
    without the CR- prefix), or None when it cannot be one."""
    code = child_code.clean(text or "")
    if len(code) == 12 and code.startswith("CR"):
        code = code[2:]
    return code if child_code.is_valid(code) else None
