"""Records about a child, found, filtered and opened by the child they are about.

Every list of records that carry `child_id` (orders, care plans, progress,
transfers, police records, reports) searches by the child's name as written and
as folded by the matching normaliser (the same `fold_name` and `name_folded`
column the public search and matching use, so a Gujarati, Devanagari or Latin
spelling finds the same child) and by the child ID (models/child_code.py); it
filters by the child ID; and its child column opens the child's case file
(admin_views/case_file.py) in one click. A create form opened with `?child=ID`
starts with that child chosen, when the user may point a record at it."""
from flask import g, request, url_for
from flask_admin.contrib.sqla import tools
from flask_admin.contrib.sqla.filters import BaseSQLAFilter
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from markupsafe import Markup
from sqlalchemy import Unicode, exists, false, or_, select
from sqlalchemy import cast as sql_cast

from access.rights import can_open
from access.scope import assign_clause, read_clause
from admin_views import page_cache
from extensions import db
from matching import fold_name
from models import Child, child_code


def about_child_named(model, term: str):
    """`model`'s records whose child's name or other names contain `term`, as
    written or folded. EXISTS, not IN: each record in scope looks up its own
    child, rather than every child of the register being read for the name."""
    like = tools.parse_like_term(term)
    clauses = [sql_cast(Child.name, Unicode).ilike(like), sql_cast(Child.aliases, Unicode).ilike(like)]
    folded = fold_name(term)
    if folded:
        clauses.append(Child.name_folded.like(f"%{folded}%"))
    return exists(select(1).where(Child.id == model.child_id, or_(*clauses)))


def child_with_code(text: str):
    return select(Child.id).where(Child.child_code == child_code.clean(text))


class ChildFilter(BaseSQLAFilter):
    """"Child ID is ...": the records of one child, by the ID on its case file."""

    def __init__(self, column):
        super().__init__(column, _l("Child ID"))

    def validate(self, value):
        return child_code.is_valid(value)

    def apply(self, query, value, alias=None):
        if not child_code.is_valid(value):
            return query.filter(false())
        return query.filter(self.column.in_(child_with_code(value)))

    def operation(self):
        return _l("is")


def case_file_url(child_id: int, **extra) -> str:
    return url_for("child.case_view", id=child_id, **extra)


def remember_readable_children(child_ids) -> None:
    """Which of these children the user may open (one query per page of rows):
    a transfer coming in, or a found report, may be about a child out of scope."""
    wanted = {i for i in child_ids if i is not None} - g.get("readable_child_ids", set())
    if not wanted or not current_user.is_authenticated or not can_open(current_user.role, "child"):
        return
    readable = set(db.session.scalars(select(Child.id).where(
        Child.id.in_(wanted), read_clause(current_user, Child))))
    g.readable_child_ids = g.get("readable_child_ids", set()) | readable


def child_cell(child):
    """The child, as a link to its case file where the user may open it."""
    if child is None:
        return ""
    if child.id in g.get("readable_child_ids", set()):
        return Markup('<a href="{}" data-case-file="{}">{}</a>').format(
            page_cache.record_url("child.case_view", child.id), child.id, child)
    return str(child)


def child_link(view, context, model, name):
    """List and details column of a record about a child (exports: the plain name)."""
    child = getattr(model, "child", None)
    if context is None:
        return "" if child is None else str(child)
    return child_cell(child)


def own_case_link(view, context, model, name):
    """In the children's own list: the name opens the case file (a child with no
    name known too, by "(no name)")."""
    value = getattr(model, name) or ""
    if context is None:
        return value
    return Markup('<a href="{}" data-case-file="{}">{}</a>').format(
        page_cache.record_url("child.case_view", model.id), model.id, value or _("(no name)"))


def preselected_child():
    """The child named by `?child=` on a create form, if the user may point a
    record at it; anything else (unknown, out of scope, not a number) is none."""
    raw = request.args.get("child", "")
    if not raw.isdigit() or len(raw) > 18:
        return None
    return db.session.scalar(select(Child).where(Child.id == int(raw),
                                                 assign_clause(current_user, Child)))
