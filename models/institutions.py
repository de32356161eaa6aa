"""Child Care Institutions (CCIs)."""
from sqlalchemy import Boolean, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.base import ActiveMixin, Audited, Base, TimestampMixin, VersionedMixin
from models.geography import District
from models.local_names import LocalNames


# The children an institution cares for, by its type under the JJ Act: children
# in need of care and protection, or children in conflict with law. A fit
# facility may take either, so it has no category (it sees both).
CNCP = "CNCP"
CCL = "CCL"
CATEGORY_OF_TYPE = {"childrens_home": CNCP, "open_shelter": CNCP, "saa": CNCP,
                    "observation_home": CCL, "special_home": CCL, "place_of_safety": CCL}


def category_of(institution) -> str | None:
    return CATEGORY_OF_TYPE.get(institution.cci_type)


class Institution(LocalNames, Audited, ActiveMixin, VersionedMixin, TimestampMixin, Base):
    __tablename__ = "institutions"

    id: Mapped[int] = mapped_column(primary_key=True)
    district_id: Mapped[int] = mapped_column(ForeignKey("districts.id"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    cci_type: Mapped[str] = mapped_column(String(30))
    registration_number: Mapped[str | None] = mapped_column(String(60), unique=True)
    capacity: Mapped[int] = mapped_column(Integer, default=0)
    address: Mapped[str | None] = mapped_column(String(500))
    phone: Mapped[str | None] = mapped_column(String(40))
    email: Mapped[str | None] = mapped_column(String(120))
    has_computer: Mapped[bool] = mapped_column(Boolean, default=False)
    has_internet: Mapped[bool] = mapped_column(Boolean, default=False)

    district: Mapped[District] = relationship()

