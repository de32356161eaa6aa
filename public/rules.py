"""Who may appear on the public page (DESIGN "Privacy", JJ Act s.74), as SQL
clauses: the one source the listing, the counts of listed children and the
public photo route all use, so no path can show a child the rules keep out.

- A missing child: only when the family agreed to publication, while the report is
  open (an entry leaves as soon as the child is traced or the report closed), not
  archived, and never a child the register knows as in conflict with law.
- A found child: only after the CWC of the district recorded its approval, while
  the family is still being looked for (open, or placed in a CCI, and not matched
  to a missing report), not archived, never a victim or witness of an offence and
  never a child in conflict with law."""
from flask_babel import gettext as _
from sqlalchemy import and_, or_, select

from models import Child, FoundReport, MissingReport

# Found children still waiting for their family: just found, or placed in a CCI.
FOUND_STILL_LOOKED_FOR = ("open", "placed")


def _not_ccl(child_id_column):
    return or_(child_id_column.is_(None),
               child_id_column.not_in(select(Child.id).where(Child.category == "CCL")))


def public_missing():
    return and_(MissingReport.publish_consent.is_(True), MissingReport.status == "open",
                MissingReport.archived_at.is_(None), _not_ccl(MissingReport.child_id))


def public_found():
    return and_(FoundReport.public_display_approved.is_(True),
                FoundReport.status.in_(FOUND_STILL_LOOKED_FOR),
                FoundReport.missing_report_id.is_(None), FoundReport.archived_at.is_(None),
                FoundReport.victim_or_witness.is_not(True), _not_ccl(FoundReport.child_id))


def display_refusal(report: FoundReport) -> str | None:
    """Why the CWC may not approve this found child for public display, or None."""
    if report.victim_or_witness:
        return _("This child is a victim or witness of an offence: nothing about the child "
                 "may be made public.")
    if report.child is not None and report.child.category == "CCL":
        return _("This child is in conflict with law: nothing about the child may be made public.")
    if report.archived_at is not None:
        return _("This record is archived.")
    return None
