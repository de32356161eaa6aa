"""Placements: a child's stays in institutions, one row per stay.

Kept by a session listener from the child's institution and status, so every
path (panel, transfer, import, seed) records admissions and exits the same
way; the monthly summaries count children in care, admissions and exits from
these rows."""
from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import Date, ForeignKey, Index, String, event, select
from sqlalchemy.orm import Mapped, Session, mapped_column, relationship

from models.base import Audited, Base, TimestampMixin, today_in_india
from models.children import Child
from models.institutions import Institution

EXIT_KINDS = (
    ("restoration", _l("Restoration to family")),
    ("transfer", _l("Transfer")),
    ("foster_care", _l("Foster care")),
    ("adoption", _l("Adoption")),
    ("after_care", _l("After-care")),
    ("turned_18", _l("Turned 18")),
    ("absconded", _l("Absconded")),
)
# A child's status, when it ends a stay, names the kind of exit.
EXIT_OF_STATUS = {"restored": "restoration", "transferred": "transfer",
                  "foster_care": "foster_care", "adopted": "adoption",
                  "after_care": "after_care", "turned_18": "turned_18", "absconded": "absconded"}


class Placement(Audited, TimestampMixin, Base):
    __tablename__ = "placements"
    __table_args__ = (Index("ix_placements_institution_admitted", "institution_id", "admitted_on"),
                      Index("ix_placements_institution_left", "institution_id", "left_on"),
                      # The summaries' flows: stays begun or ended in a month, across institutions.
                      Index("ix_placements_admitted_on", "admitted_on"),
                      Index("ix_placements_left_on", "left_on"))

    id: Mapped[int] = mapped_column(primary_key=True)
    child_id: Mapped[int] = mapped_column(ForeignKey("children.id"), index=True)
    institution_id: Mapped[int] = mapped_column(ForeignKey("institutions.id"))
    admitted_on: Mapped[date] = mapped_column(Date)
    left_on: Mapped[date | None] = mapped_column(Date)
    exit_kind: Mapped[str | None] = mapped_column(String(20))

    child: Mapped[Child] = relationship()
    institution: Mapped[Institution] = relationship()

    @property
    def district_id(self):  # for the audit log's scope
        return self.institution.district_id if self.institution else None


def _wanted_institution(child):
    """Where the child should have an open stay: its institution while in care."""
    if child.archived_at is not None or (child.status or "in_care") != "in_care":
        return None
    return child.institution if child.institution is not None else child.institution_id


@event.listens_for(Session, "before_flush")
def _keep_placements(session, flush_context, instances):
    for child in [o for o in list(session.new) + list(session.dirty) if isinstance(o, Child)]:
        wanted = _wanted_institution(child)
        wanted_id = getattr(wanted, "id", wanted)
        # Movements may carry their own date (imports, the demo); else today.
        on = getattr(child, "movement_on", None) or today_in_india()
        with session.no_autoflush:
            open_stay = None
            if child.id is not None:
                open_stay = session.scalar(select(Placement).where(
                    Placement.child_id == child.id, Placement.left_on.is_(None)))
        if open_stay is not None and (wanted is None or open_stay.institution_id != wanted_id):
            open_stay.left_on = on
            open_stay.exit_kind = ("transfer" if wanted is not None
                                   else EXIT_OF_STATUS.get(child.status, "transfer"))
        if wanted is not None and (open_stay is None or open_stay.institution_id != wanted_id):
            admitted = child.admitted_on if child.id is None and child.admitted_on else on
            stay = Placement(child=child, admitted_on=admitted)
            if isinstance(wanted, Institution):
                stay.institution = wanted
            else:
                stay.institution_id = wanted
            session.add(stay)
