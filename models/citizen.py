"""Citizens' reports from the public page: "My child is missing" and "I have seen
a child". Each waits in the moderation queue of the district it names until the
DCPU or the district's police accept it (a missing or found report is created
from it, admin_views/moderation.py) or reject it with a reason. It is never
deleted: the person who sent it follows its status by its reference."""
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import Boolean, ForeignKey, Integer, String, Text, event, select
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
from models.geography import District, State
from models.missing import MissingReport
from models.photos import Photo
from models.users import User

KINDS = ("missing", "seen")
STATUSES = ("received", "accepted", "rejected")
REFERENCE_PREFIX = "CR-"

# Why a citizen's report is not accepted, as the moderator chooses it, with what
# the person who sent it can do next: both shown on the status page in the page's
# language. "other" needs the moderator's note.
REJECT_REASONS = (
    ("duplicate", _l("This child was already reported."),
     _l("Nothing more to do: the officers work on the earlier report. For news of it, call "
        "the police station where the child was reported or Childline 1098.")),
    ("not_enough", _l("The report did not hold enough to act on."),
     _l("Call Childline 1098 or go to the nearest police station and tell them what you know. "
        "You may also send a new report with more details.")),
    ("not_a_child", _l("The person reported is not a child (18 years or older)."),
     _l("For a missing adult, go to the nearest police station or call 112.")),
    ("outside_area", _l("The place is outside the districts Bal Setu serves."),
     _l("Go to the police station of that place or call 112 or Childline 1098: they work in "
        "every district.")),
    ("already_safe", _l("The child is already back with the family or in safe care."),
     _l("Nothing more to do. Thank you for telling us.")),
    ("other", _l("Another reason: see the officer's note."),
     _l("For questions, call Childline 1098 or the police station of the district.")),
)
OTHER_REASON = "other"


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
    # Jurisdiction: the district the citizen named, or none when they did not know
    # it: then the state they named, whose DCPUs all read it (access/scope.py).
    district_id: Mapped[int | None] = mapped_column(ForeignKey("districts.id"), index=True)
    state_id: Mapped[int] = mapped_column(ForeignKey("states.id"), index=True)

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
    # A standard reason (REJECT_REASONS), and the moderator's note; reports rejected
    # before the standard reasons have the note alone.
    reject_reason_code: Mapped[str | None] = mapped_column(String(20))
    reject_reason: Mapped[str | None] = mapped_column(String(500))
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    missing_report_id: Mapped[int | None] = mapped_column(ForeignKey("missing_reports.id"))
    found_report_id: Mapped[int | None] = mapped_column(ForeignKey("found_reports.id"))

    district: Mapped[District | None] = relationship()
    state: Mapped[State] = relationship()
    photo: Mapped[Photo | None] = relationship()
    decided_by: Mapped[User | None] = relationship()
    missing_report: Mapped[MissingReport | None] = relationship()
    found_report: Mapped[FoundReport | None] = relationship()

    @property
    def display_reference(self) -> str:
        return display_reference(self.reference)

    def __str__(self) -> str:
        return self.display_reference

    @property
    def reject_reason_texts(self) -> tuple[str, str] | None:
        """(the standard reason, the next step) in the page's language, or None."""
        for code, reason, next_step in REJECT_REASONS:
            if code == self.reject_reason_code:
                return str(reason), str(next_step)
        return None


@event.listens_for(CitizenReport, "before_insert")
def _state_of_the_district(mapper, connection, target):
    """A report naming a district belongs to that district's state."""
    if target.state_id is None and target.district_id is not None:
        target.state_id = connection.scalar(
            select(District.state_id).where(District.id == target.district_id))


def display_reference(code: str | None) -> str:
    return REFERENCE_PREFIX + child_code.display(code) if code else ""


def clean_reference(text: str | None) -> str | None:
    """The stored form of a reference as typed (any case, spaces, dashes, with or
    without the CR- prefix), or None when it cannot be one."""
    code = child_code.clean(text or "")
    if len(code) == 12 and code.startswith("CR"):
        code = code[2:]
    return code if child_code.is_valid(code) else None
