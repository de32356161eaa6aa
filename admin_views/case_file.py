"""The child's case file: one page per child with every record about the child
that the user may read (JJ Act: one child, one ID, one file for life).

Each section is one kind of record, drawn through that kind's own read scope
(access/scope.py read_clause), so it shows exactly the rows the user's list of
that kind would show. A section whose screen the role may not open
(access/rights.py) is absent from the page, not marked "restricted"; sensitive
fields follow the rules of every other screen (ScopedModelView.sees_sensitive).
Actions the role may take on the child start from here with the child filled in
(admin_views/child_links.py)."""
from dataclasses import dataclass, field

from flask import url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import and_, or_, select

from access.rights import CREATE, EDIT, can, can_open
from access.scope import assign_clause, read_clause, write_clause
from admin_views.audit import TABLE_LABELS, visible_changes
from admin_views.child_links import case_file_url
from extensions import db
from models import (
    AuditLog,
    CarePlan,
    Child,
    CwcOrder,
    FoundReport,
    JjbOrder,
    Match,
    MissingReport,
    Placement,
    PoliceReport,
    ProgressEntry,
    Transfer,
    choices,
)
from models.choices import label_of
from models.placements import EXIT_KINDS

# A case runs for years: the newest rows of each kind, and a link to the full list.
SECTION_LIMIT = 50
HISTORY_LIMIT = 100
# The list filter that keeps one child's records (admin_views/child_links.ChildFilter).
CHILD_FILTER_ARG = "flt0_child_id_is"


@dataclass
class Section:
    key: str
    title: object
    rows: list
    screen: str = ""  # the list these rows come from, filtered by the child
    more: bool = False  # more rows than shown
    extra: dict = field(default_factory=dict)


def _live(model, query):
    return query.where(model.archived_at.is_(None)) if hasattr(model, "archived_at") else query


def _read(model, condition, *order):
    """The rows of `model` matching `condition` that the user may read, newest first."""
    query = _live(model, select(model).where(condition, read_clause(current_user, model)))
    rows = db.session.scalars(query.order_by(*order).limit(SECTION_LIMIT + 1)).all()
    return rows[:SECTION_LIMIT], len(rows) > SECTION_LIMIT


def _own(model, child):
    return model.child_id == child.id


def _linked_reports(child):
    return (select(MissingReport.id).where(MissingReport.child_id == child.id),
            select(FoundReport.id).where(FoundReport.child_id == child.id))


def _record_sections(child):
    """(key, title, screen, model, condition, order) of each section of records."""
    missing_ids, found_ids = _linked_reports(child)
    return (
        ("transfers", _l("Transfers"), "transfer", Transfer, _own(Transfer, child),
         (Transfer.requested_at.desc(), Transfer.id.desc())),
        ("cwc_orders", _l("CWC orders"), "cwc_order", CwcOrder, _own(CwcOrder, child),
         (CwcOrder.order_date.desc(), CwcOrder.id.desc())),
        ("jjb_orders", _l("JJB orders"), "jjb_order", JjbOrder, _own(JjbOrder, child),
         (JjbOrder.order_date.desc(), JjbOrder.id.desc())),
        ("care_plans", _l("Individual Care Plan"), "care_plan", CarePlan, _own(CarePlan, child),
         (CarePlan.prepared_on.desc(), CarePlan.id.desc())),
        ("progress", _l("Monthly progress"), "progress_entry", ProgressEntry,
         _own(ProgressEntry, child), (ProgressEntry.month.desc(),)),
        ("police_records", _l("Police records"), "police_report", PoliceReport,
         or_(PoliceReport.child_id == child.id, PoliceReport.missing_report_id.in_(missing_ids),
             PoliceReport.found_report_id.in_(found_ids)),
         (PoliceReport.report_date.desc(), PoliceReport.id.desc())),
        ("missing_reports", _l("Missing-child reports"), "missing_report", MissingReport,
         _own(MissingReport, child), (MissingReport.registered_at.desc(),)),
        ("found_reports", _l("Found-child reports"), "found_report", FoundReport,
         _own(FoundReport, child), (FoundReport.registered_at.desc(),)),
        ("matches", _l("Matches and decisions"), "match", Match,
         or_(Match.missing_report_id.in_(missing_ids), Match.found_report_id.in_(found_ids)),
         (Match.proposed_at.desc(), Match.id.desc())),
    )


def sections(child) -> list[Section]:
    """The case file's sections for the signed-in user, in reading order."""
    role = current_user.role
    stays = db.session.scalars(select(Placement).where(Placement.child_id == child.id)
                               .order_by(Placement.admitted_on, Placement.id)).all()
    out = [Section("placements", _l("Placements"), stays)]  # part of the child's own record
    for key, title, screen, model, condition, order in _record_sections(child):
        if not can_open(role, screen):
            continue  # absent, not "restricted"
        rows, more = _read(model, condition, *order)
        # A CNCP child has no JJB orders, a CCL child no CWC orders: no empty section.
        if not rows and (key, child.category) in (("cwc_orders", "CCL"), ("jjb_orders", "CNCP")):
            continue
        out.append(Section(key, title, rows, screen if key not in ("matches",) else "", more))
    if can_open(role, "audit_log"):
        entries = history(child)
        out.append(Section("history", _l("History of the record"), entries,
                           extra={"changes": readable_changes(entries), "tables": TABLE_LABELS}))
    return out


# ---- the history as a person reads it ---------------------------------------------
# Keys a person did not type: the record's own number, the child it is about, who entered it.
_NOT_SHOWN = {"id", "child_id", "registered_by_id", "requested_by_id", "decided_by_id",
              "archived_by_id", "photo_id", "missing_report_id", "found_report_id"}


def readable_changes(entries) -> dict:
    """entry id -> [(column, old, new)]: the audit log's values as people read
    them and as the audit log's own screen shows them (admin_views/audit.py:
    labels of codes, names of places, dates day first in India time, sensitive
    values masked), without the keys a person did not type."""
    return {entry.id: [(column, old, new) for column, (old, new) in visible_changes(entry).items()
                       if column not in _NOT_SHOWN]
            for entry in entries}


# Each kind of record about the child, and where its audit entries are filed.
_HISTORY_KINDS = (
    ("placements", "child", Placement), ("transfers", "transfer", Transfer),
    ("cwc_orders", "cwc_order", CwcOrder), ("jjb_orders", "jjb_order", JjbOrder),
    ("care_plans", "care_plan", CarePlan), ("progress_entries", "progress_entry", ProgressEntry),
    ("police_reports", "police_report", PoliceReport),
    ("missing_reports", "missing_report", MissingReport),
    ("found_reports", "found_report", FoundReport),
)


def history(child) -> list[AuditLog]:
    """Who changed what about the child, newest first: the child's own record and
    the records about it whose screens the user may open, through the audit
    log's own scope."""
    role = current_user.role
    about = [and_(AuditLog.table_name == "children", AuditLog.record_id == child.id)]
    for table_name, screen, model in _HISTORY_KINDS:
        if can_open(role, screen):
            ids = select(model.id).where(model.child_id == child.id)
            about.append(and_(AuditLog.table_name == table_name, AuditLog.record_id.in_(ids)))
    query = select(AuditLog).where(or_(*about), read_clause(current_user, AuditLog))
    return db.session.scalars(query.order_by(AuditLog.at.desc(), AuditLog.id.desc())
                              .limit(HISTORY_LIMIT)).all()


# What may be started from the case file: (screen, label, applies to the child).
ACTIONS = (
    ("progress_entry", _l("Record monthly progress"), lambda c: c.status == "in_care"),
    ("care_plan", _l("Record a care plan"), lambda c: True),
    ("cwc_order", _l("Record a CWC order"), lambda c: c.category == "CNCP"),
    ("jjb_order", _l("Record a JJB order"), lambda c: c.category == "CCL"),
    ("transfer", _l("Request a transfer"),
     lambda c: c.status == "in_care" and c.institution_id is not None),
    ("police_report", _l("Add a police record"), lambda c: True),
)


def _in(clause_fn, child) -> bool:
    return db.session.scalar(select(Child.id).where(Child.id == child.id,
                                                    clause_fn(current_user, Child))) is not None


def actions(child) -> list[tuple[str, object, str]]:
    """(screen, label, url) of what the user may start about this child: create
    forms open with the child filled in, and back to the case file on save."""
    role = current_user.role
    back = case_file_url(child.id)
    out = []
    wanted = [(screen, label) for screen, label, applies in ACTIONS
              if can(role, screen, CREATE) and applies(child)]
    if wanted and _in(assign_clause, child):
        out += [(screen, label, url_for(f"{screen}.create_view", child=child.id, url=back))
                for screen, label in wanted]
    if can(role, "child", EDIT) and _in(write_clause, child):
        out.append(("child", _l("Edit the child's details"),
                    url_for("child.edit_view", id=child.id, url=back)))
    return out


def list_url(screen, child) -> str:
    """The list of one kind of record, filtered to this child."""
    return url_for(f"{screen}.index_view", **{CHILD_FILTER_ARG: child.display_code})


# The stored codes the case file shows, by (kind, column), as people read them.
_CHOICES = {
    "cwc_order": choices.CWC_ORDER_TYPES, "jjb_order": choices.JJB_ORDER_TYPES,
    "police_report": choices.POLICE_RECORD_KINDS, "transfer": choices.TRANSFER_STATUSES,
    "missing_report": choices.MISSING_STATUSES, "found_report": choices.FOUND_STATUSES,
    "match": choices.MATCH_STATUSES, "exit": EXIT_KINDS, "audit": choices.AUDIT_ACTIONS,
}


def choice(kind, code):
    return label_of(_CHOICES[kind], code)
