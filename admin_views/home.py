"""The panel's home page: the signed-in role's own figures for its scope."""
from flask import redirect, request, url_for
from flask_admin import AdminIndexView, expose
from flask_login import current_user
from sqlalchemy import func, select

from access.rights import can_open
from access.roles import role_label
from access.scope import read_clause, receive_clause
from extensions import db
from models import Child, FoundReport, MissingReport, Transfer


def _count(model, *conditions):
    clause = read_clause(current_user, model)
    query = select(func.count()).select_from(model).where(clause, *conditions)
    if hasattr(model, "archived_at"):
        query = query.where(model.archived_at.is_(None))
    return db.session.scalar(query)


class HomeView(AdminIndexView):
    def is_accessible(self):
        return current_user.is_authenticated and not current_user.must_change_password

    def inaccessible_callback(self, name, **kwargs):
        if current_user.is_authenticated:
            return redirect(url_for("auth.change_password"))
        return redirect(url_for("auth.login", next=request.full_path))

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
        return self.render("admin/home.html", figures=figures, incoming=incoming,
                           role_label=role_label(role))
