"""Who may appear on the public page, and whom a card names to call (DESIGN
"Privacy", JJ Act s.74), as SQL clauses: the one source the listing, the counts
of listed children and the public photo route all use, so no path can show a
child the rules keep out.

- A protected child never appears: a child in conflict with law, a victim or
  witness of an offence, or a child whose category says an offence was done to
  them (sexual abuse or exploitation, trafficking or drugs, an abuser at home,
  child marriage). A report is protected when it, or any child it is linked to
  (its child profile, a found-child report of the same child, a found-child
  report linked to it), says so: the rules look past the report's own flags.
- A missing child: only when the family agreed to publication, while the report is
  open (an entry leaves as soon as the child is traced or the report closed), not
  archived, and not protected.
- A found child: only after the CWC of the district recorded its approval, while
  the family is still being looked for (open, or placed in a CCI, and not matched
  to a missing report), not archived, and not protected.
- The contact on a card is a police station: a card naming the Anti Human
  Trafficking Unit (or the Special Juvenile Police Unit) would say why the child
  was found, so such a report names its district's police station instead."""
from flask_babel import gettext as _
from sqlalchemy import and_, exists, not_, or_, select
from sqlalchemy.orm import aliased

from extensions import db
from models import Child, FoundReport, MissingReport, PoliceUnit

# Found children still waiting for their family: just found, or placed in a CCI.
FOUND_STILL_LOOKED_FOR = ("open", "placed")
# Child categories that say an offence was done to the child (models/choices.py).
PROTECTED_SUBCATEGORIES = ("abused", "drugs_trafficking", "abuser", "child_marriage")
PROTECTED_CATEGORIES = ("CCL",)
# The police units a public card may name (models/choices.POLICE_UNIT_KINDS).
PUBLIC_CONTACT_KINDS = ("station",)


def _protected_child(child_id_column):
    """The child behind `child_id_column` is one s.74 keeps out of sight: by its
    profile, or by any found-child report of the same child."""
    victim = aliased(FoundReport)
    return or_(
        exists().where(Child.id == child_id_column,
                       or_(Child.category.in_(PROTECTED_CATEGORIES),
                           Child.sub_category.in_(PROTECTED_SUBCATEGORIES))),
        exists().where(victim.child_id == child_id_column, victim.victim_or_witness.is_(True)))


def protected_missing():
    """A missing report linked to a protected child: its own child profile, or
    a found-child report linked to it that is protected."""
    linked = aliased(FoundReport)
    return or_(
        and_(MissingReport.child_id.is_not(None), _protected_child(MissingReport.child_id)),
        exists().where(linked.missing_report_id == MissingReport.id,
                       or_(linked.victim_or_witness.is_(True),
                           and_(linked.child_id.is_not(None), _protected_child(linked.child_id)))))


def protected_found():
    return or_(FoundReport.victim_or_witness.is_(True),
               and_(FoundReport.child_id.is_not(None), _protected_child(FoundReport.child_id)))


def public_missing():
    return and_(MissingReport.publish_consent.is_(True), MissingReport.status == "open",
                MissingReport.archived_at.is_(None), not_(protected_missing()))


def public_found():
    return and_(FoundReport.public_display_approved.is_(True),
                FoundReport.status.in_(FOUND_STILL_LOOKED_FOR),
                FoundReport.missing_report_id.is_(None), FoundReport.archived_at.is_(None),
                not_(protected_found()))


def public_contacts(reports) -> dict[int, PoliceUnit | None]:
    """report id -> the police unit its public card names: its own unit when a
    police station, else (SJPU, AHTU) the first active police station of its
    district; None (the card gives Childline) when the report has no unit or
    the district no station. One query for a page of reports."""
    contacts, wanted = {}, set()
    for report in reports:
        unit = report.police_unit
        if unit is None or unit.kind in PUBLIC_CONTACT_KINDS:
            contacts[report.id] = unit
        else:
            wanted.add(report.district_id)
    stations = {}
    if wanted:
        for station in db.session.scalars(
                select(PoliceUnit).where(PoliceUnit.district_id.in_(wanted),
                                         PoliceUnit.kind.in_(PUBLIC_CONTACT_KINDS),
                                         PoliceUnit.active.is_(True))
                .order_by(PoliceUnit.district_id, PoliceUnit.id)):
            stations.setdefault(station.district_id, station)
    for report in reports:
        if report.id not in contacts:
            contacts[report.id] = stations.get(report.district_id)
    return contacts


def display_refusal(report: FoundReport) -> str | None:
    """Why the CWC may not approve this found child for public display, or None.
    The saved record is judged by the same clause as the listing (a child it is
    linked to may be protected where the report itself says nothing)."""
    if report.victim_or_witness:
        return _("This child is a victim or witness of an offence: nothing about the child "
                 "may be made public.")
    if report.child is not None and report.child.category == "CCL":
        return _("This child is in conflict with law: nothing about the child may be made public.")
    if report.archived_at is not None:
        return _("This record is archived.")
    if report.id is not None and db.session.scalar(
            select(FoundReport.id).where(FoundReport.id == report.id, protected_found())):
        return _("The child's records say the child was the victim of an offence (or is in a "
                 "category the law protects): nothing about the child may be made public.")
    return None
