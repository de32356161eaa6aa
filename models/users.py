"""User accounts. Roles and what they may do live in access/roles.py."""
from datetime import datetime

from flask_login import UserMixin
from sqlalchemy import Boolean, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship
from werkzeug.security import check_password_hash, generate_password_hash

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
    # Proposals at or above this score appear in the user's "New possible matches".
    match_threshold: Mapped[int] = mapped_column(Integer, default=50)

    state: Mapped[State | None] = relationship()
    district: Mapped[District | None] = relationship()
    police_unit: Mapped[PoliceUnit | None] = relationship()
    institution: Mapped[Institution | None] = relationship()

    # The hash is never shown, exported or audited; sign-in times are not changes.
    audit_exclude = ("password_hash",)
    audit_ignore = ("last_login_at",)

    def set_password(self, password: str) -> None:
        # Werkzeug's default method is scrypt.
        self.password_hash = generate_password_hash(password)

    def check_password(self, password: str) -> bool:
        return bool(self.password_hash) and check_password_hash(self.password_hash, password)

    @property
    def is_active(self) -> bool:  # Flask-Login: a disabled account cannot sign in
        return bool(self.is_enabled)

    def __str__(self) -> str:
        return self.username
