"""The panel's home page: the signed-in role's own figures for its scope.

Open records, new possible matches, each overdue statutory clock (a number
linking to the list of those records, summaries.clocks) and this month's
headline figures for the role's jurisdiction (summaries.table.headline)."""
from flask_admin import AdminIndexView, expose
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import func, select

from access import roles
from access.rights import MODERATE, can, can_open
from admin_views.gate import RoleGate
from access.roles import role_label
from access.scope import read_clause, receive_clause
from extensions import db
from models import CitizenReport, Child, CwcOrder, FoundReport, JjbOrder, Match, MissingReport, Transfer
from summaries import clocks, hearings, levels, table
from summaries.periods import Month

HEADLINE_LABELS = {
    "missing.reported": _l("Missing children reported"),
    "missing.traced": _l("Missing children traced"),
    "missing.untraced": _l("Missing children untraced"),
    "care.in_care": _l("Children in care"),
    "care.admissions": _l("Admissions"),
    "care.exits": _l("Exits"),
}

# A committee's or board's own hearings list (summaries/hearings.py), on its home page.
HEARINGS_OF_ROLE = {roles.CWC: ("cwc_order", CwcOrder), roles.JJB: ("jjb_order", JjbOrder)}


def _count(model, *conditions):
    clause = read_clause(current_user, model)
    query = select(func.count()).select_from(model).where(clause, *conditions)
    if hasattr(model, "archived_at"):
        query = query.where(model.archived_at.is_(None))
    return db.session.scalar(query)


class HomeView(RoleGate, AdminIndexView):
    def role_may_open(self):
        return True  # every signed-in role has a home page

    @expose("/")
    def index(self):
        role = current_user.role
        figures = []
        if can_open(role, "child"):
            figures.append(("child", _count(Child, Child.status == "in_care")))
        if can_open(role, "missing_report"):
            figures.append(("missing_report", _count(MissingReport, MissingReport.status == "open")))
        if can_open(role, "found_report"):
            figures.append(("found_report", _count(FoundReport, FoundReport.status == "open")))
        incoming = 0
        if can_open(role, "transfer"):
            incoming = db.session.scalar(select(func.count()).select_from(Transfer).where(
                receive_clause(current_user), Transfer.status == "requested"))
        new_matches = None
        if can_open(role, "match"):
            live = (select(MissingReport.id).where(MissingReport.archived_at.is_(None)),
                    select(FoundReport.id).where(FoundReport.archived_at.is_(None)))
            new_matches = db.session.scalar(select(func.count()).select_from(Match).where(
                read_clause(current_user, Match), Match.status == "proposed",
                Match.score >= (current_user.match_threshold or 0),
                Match.missing_report_id.in_(live[0]), Match.found_report_id.in_(live[1])))
        # Citizens' reports from the public page wait for the DCPU or police of their district.
        citizen_waiting = None
        if can(role, "citizen_report", MODERATE):
            citizen_waiting = _count(CitizenReport, CitizenReport.status == "received")
        overdue = clocks.counts(current_user)
        hearing_figures = None
        if role in HEARINGS_OF_ROLE and can_open(role, HEARINGS_OF_ROLE[role][0]):
            screen, model = HEARINGS_OF_ROLE[role]
            hearing_figures = (screen, hearings.count(model, current_user, hearings.THIS_WEEK),
                               hearings.count(model, current_user, hearings.OVERDUE))
        headline, month, selection = None, Month.current(), None
        if can_open(role, "summary"):
            selection = levels.home(current_user)
            if selection is not None:
                headline = table.headline(selection, month)
        return self.render("admin/home.html", figures=figures, incoming=incoming,
                           role_label=role_label(role), new_matches=new_matches, overdue=overdue,
                           citizen_waiting=citizen_waiting, hearings=hearing_figures,
                           headline=headline, headline_labels=HEADLINE_LABELS, month=month,
                           selection=selection)
