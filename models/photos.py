"""Photos live in the database so every worker and every backup has them."""
from sqlalchemy import Integer, LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column, deferred

from models.base import Base, TimestampMixin


class Photo(TimestampMixin, Base):
    __tablename__ = "photos"

    id: Mapped[int] = mapped_column(primary_key=True)
    # Deferred: list pages load the row's id, never the bytes.
    data: Mapped[bytes] = deferred(mapped_column(LargeBinary))
    mime: Mapped[str] = mapped_column(String(40))
    width: Mapped[int] = mapped_column(Integer)
    height: Mapped[int] = mapped_column(Integer)
