"""The panel's home page: the signed-in role's own figures for its scope.

Open records, new possible matches, each overdue statutory clock (a number
linking to the list of those records, summaries.clocks) and this month's
headline figures for the role's jurisdiction (summaries.table.headline)."""
from flask_admin import AdminIndexView, expose
from flask_login import current_user
from sqlalchemy import func, select

from access import roles
from access.rights import can_open
from admin_views import figures as figures_module
from admin_views.gate import RoleGate
from access.roles import role_label
from extensions import db
from matches.workflow import queue_clause
from models import CwcOrder, JjbOrder, Match
from summaries import clocks, hearings, levels, table
from summaries.periods import Month

# A committee's or board's own hearings list (summaries/hearings.py), on its home page.
HEARINGS_OF_ROLE = {roles.CWC: ("cwc_order", CwcOrder), roles.JJB: ("jjb_order", JjbOrder)}


class HomeView(RoleGate, AdminIndexView):
    def role_may_open(self):
        return True  # every signed-in role has a home page

    @expose("/")
    def index(self):
        role = current_user.role
        figures = [(figure, figures_module.count(figure, current_user))
                   for figure in figures_module.for_user(current_user)]
        new_matches = None
        if can_open(role, "match"):
            new_matches = db.session.scalar(select(func.count()).select_from(Match)
                                            .where(queue_clause(current_user)))
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
        return self.render("admin/home.html", figures=figures,
                           role_label=role_label(role), new_matches=new_matches, overdue=overdue,
                           hearings=hearing_figures,
                           headline=headline, headline_labels=table.HEADLINE_LABELS, month=month,
                           selection=selection)
