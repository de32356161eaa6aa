"""User accounts. Roles and what they may do live in access/roles.py."""
from datetime import datetime

from flask_login import UserMixin
from sqlalchemy import Boolean, ForeignKey, Integer, String, event, text
from sqlalchemy.orm import Mapped, mapped_column, relationship
from werkzeug.security import check_password_hash, generate_password_hash

from matching.calibration import QUEUE_DEFAULT_THRESHOLD, as_score
from models.base import Audited, Base, TimestampMixin, UTCDateTime, VersionedMixin
from models.geography import District, PoliceUnit, State
from models.institutions import Institution


class User(Audited, UserMixin, VersionedMixin, TimestampMixin, Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(80), unique=True)
    full_name: Mapped[str] = mapped_column(String(150), default="")
    password_hash: Mapped[str] = mapped_column(String(255), default="")
    role: Mapped[str] = mapped_column(String(30), index=True)
    state_id: Mapped[int | None] = mapped_column(ForeignKey("states.id"), index=True)
    district_id: Mapped[int | None] = mapped_column(ForeignKey("districts.id"), index=True)
    police_unit_id: Mapped[int | None] = mapped_column(ForeignKey("police_units.id"))
    institution_id: Mapped[int | None] = mapped_column(ForeignKey("institutions.id"))
    phone: Mapped[str | None] = mapped_column(String(40))
    email: Mapped[str | None] = mapped_column(String(120))
    is_enabled: Mapped[bool] = mapped_column(Boolean, default=True)
    must_change_password: Mapped[bool] = mapped_column(Boolean, default=True)
    language: Mapped[str | None] = mapped_column(String(5))
    last_login_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Proposals at or above this score (probability in percent) appear in the user's
    # "New possible matches"; the default comes from the calibration (matching/calibration.py).
    match_threshold: Mapped[int] = mapped_column(
        Integer, default=round(as_score(QUEUE_DEFAULT_THRESHOLD)))
    # Every session cookie carries the generation it was signed in under; raising it
    # ends every session of the account at once, on every worker (auth/sessions.py).
    session_generation: Mapped[int] = mapped_column(Integer, nullable=False, default=0,
                                                    server_default=text("0"))

    state: Mapped[State | None] = relationship()
    district: Mapped[District | None] = relationship()
    police_unit: Mapped[PoliceUnit | None] = relationship()
    institution: Mapped[Institution | None] = relationship()

    # The hash is never shown, exported or audited; sign-in times and session
    # generations are not changes a person made.
    audit_exclude = ("password_hash",)
    audit_ignore = ("last_login_at", "session_generation")

    def set_password(self, password: str) -> None:
        """A new password ends every session of the account (the caller keeps its
        own, if it is the account's owner: auth/sessions.py); an account's first
        password has none to end."""
        if self.password_hash:
            self.end_sessions()
        # Werkzeug's default method is scrypt.
        self.password_hash = generate_password_hash(password)

    def end_sessions(self) -> None:
        self.session_generation = (self.session_generation or 0) + 1

    def check_password(self, password: str) -> bool:
        return bool(self.password_hash) and check_password_hash(self.password_hash, password)

    @property
    def is_active(self) -> bool:  # Flask-Login: a disabled account cannot sign in
        return bool(self.is_enabled)

    def __str__(self) -> str:
        return self.username


@event.listens_for(User.is_enabled, "set")
def _disabling_ends_sessions(user, value, old, initiator):
    """Disabling an account ends its sessions for good, whichever path disables it
    (an action, the edit form, a script): enabling it again revives none."""
    if value is False and old is not False:
        user.end_sessions()
