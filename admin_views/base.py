"""The one base class every panel screen uses: scope on every path.

Flask-Admin filters rows only where `get_query()` is used (FIELD_NOTES), so
this class routes every path through the scopes of access/scope.py: list rows
and count, details, edit GET/POST, archive and restore, bulk actions, ajax
lookups, relation choices, exports, search and filters. A record out of scope
answers exactly as one that does not exist."""
from datetime import date, datetime, timezone
from functools import partial

from flask import Response, abort, current_app, flash, g, redirect, request, url_for
from flask_admin.form import rules as form_rules
from flask_admin import expose
from flask_admin.actions import action
from flask_admin.babel import gettext as admin_gettext
from flask_admin.contrib.sqla import ModelView, tools
from flask_admin.contrib.sqla.ajax import QueryAjaxModelLoader
from flask_admin.contrib.sqla.fields import QuerySelectField
from flask_admin.model.fields import AjaxSelectField
from flask_admin.contrib.sqla import filters as sqla_filters
from flask_admin.contrib.sqla.filters import BaseSQLAFilter
from flask_admin.model import filters as model_filters
from flask_admin.model.template import EditRowAction, LinkRowAction, ViewRowAction
from flask_admin.model import typefmt
from flask_babel import format_date, format_datetime, gettext as _, lazy_gettext as _l
from flask_babel.speaklater import LazyString
from display import show_date, show_datetime
from flask_login import current_user
from forms.base import BaseForm
from markupsafe import Markup
from sqlalchemy import Unicode, and_, cast as sql_cast, func, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload
from sqlalchemy.orm.exc import StaleDataError
from wtforms import HiddenField, StringField, ValidationError
from wtforms.fields.core import UnboundField
from wtforms.validators import DataRequired, Length

from access import access_log, roles
from access.rights import ARCHIVE, CREATE, EDIT, EXPORT, can
from access.scope import assign_clause, read_clause, write_clause
from admin_views import figures, list_counts, page_cache
from admin_views.child_links import (ChildFilter, about_child_named, child_link, child_with_code,
                                     preselected_child, remember_readable_children)
from admin_views import choices
from admin_views.choices import ScopedFilter
from admin_views.gate import RoleGate
from admin_views.widgets import date_field_overrides
from exchange.cells import neutralise
from extensions import db
from forms.photos import photo_from_upload
from matching import fold_name
from models import Child, child_code
from models.description import ChildDescription


def _show_datetime(view, value, name=None):
    return show_datetime(value)  # display.py: one format for people, India time


def _show_date(view, value, name=None):
    return show_date(value)


def _file_datetime(view, value, name=None):
    # Exported files keep digits, day first, so a spreadsheet reads them back.
    return format_datetime(value, "dd-MM-yyyy HH:mm")


def _file_date(view, value, name=None):
    return format_date(value, "dd-MM-yyyy")


def _show_bool(view, value, name=None):
    return _("Yes") if value else _("No")


DISPLAY_FORMATTERS = {**typefmt.BASE_FORMATTERS, datetime: _show_datetime, date: _show_date}
DETAIL_FORMATTERS = {**typefmt.DETAIL_FORMATTERS, datetime: _show_datetime, date: _show_date,
                     bool: _show_bool}
EXPORT_FORMATTERS = {**typefmt.EXPORT_FORMATTERS, datetime: _file_datetime, date: _file_date,
                     bool: _show_bool}


def record_id(value):
    """A primary key from a URL or form, or None: not a number, or out of the
    databases' integer range, is simply no such record."""
    try:
        pk = int(value)
    except (TypeError, ValueError):
        return None
    return pk if 1 <= pk < 2**63 else None


class HiddenFields(form_rules.BaseRule):
    """With form_rules Flask-Admin keeps only the fields some rule names: this
    rule names the hidden ones (the version the user saw, for optimistic
    locking), which the form's hidden_tag draws."""

    @property
    def visible_fields(self):
        return ["version_seen", "csrf_token"]

    def __call__(self, form, form_opts=None, field_args=None):
        return ""


class OutOfScope(ValidationError):
    """Raised on save when a record would land outside the user's jurisdiction."""


class ArchivedFilter(BaseSQLAFilter):
    """'Archived: yes' lists archived rows (for roles that may restore them)."""

    def __init__(self, column):
        super().__init__(column, _l("Archive"), options=(("1", _l("archived records")),))

    def apply(self, query, value, alias=None):
        return query.filter(self.column.is_not(None))

    def operation(self):
        return _l("show")


class FilterConverter(sqla_filters.FilterConverter):
    """Our UTC timestamps filter like any DateTime column."""

    @model_filters.convert("UTCDateTime")
    def conv_utc_datetime(self, column, name, **kwargs):
        return self.conv_datetime(column, name, **kwargs)


class ScopedAjaxLoader(QueryAjaxModelLoader):
    """Ajax select loader that answers only rows the user may point at."""

    MAX_LIMIT = 20

    def get_query(self):
        return db.session.query(self.model).filter(assign_clause(current_user, self.model))

    def get_one(self, pk):
        pk = record_id(pk)
        if pk is None:
            return None
        with db.session.no_autoflush:
            return self.get_query().filter(self.model.id == pk).one_or_none()

    def get_list(self, term, offset=0, limit=10):
        limit = max(1, min(int(limit or 10), self.MAX_LIMIT))
        offset = max(0, int(offset or 0))
        return super().get_list(term or "", offset, limit)


class PageViewRowAction(ViewRowAction):
    """Flask-Admin's 'view record' icon, its URL and title built once per page."""

    def render(self, context, row_id, row):
        view = context["admin_view"]
        url = page_cache.record_url(f"{view.endpoint}.details_view", row_id, context.resolve("return_url"))
        return page_cache.icon_link(url, self.title, "fa fa-eye glyphicon glyphicon-eye-open")


class ScopedEditRowAction(EditRowAction):
    def render(self, context, row_id, row):
        view = context["admin_view"]
        if not view.row_writable(row):
            return ""
        url = page_cache.record_url(f"{view.endpoint}.edit_view", row_id, context.resolve("return_url"))
        return page_cache.icon_link(url, self.title, "fa fa-pencil glyphicon glyphicon-pencil")


class ArchiveRowAction(LinkRowAction):
    def __init__(self):
        super().__init__("fa fa-archive", self._url, title=_l("Archive"))

    @staticmethod
    def _url(action, row_id, row):
        return url_for(".archive_view", id=row_id, url=request.full_path)

    def render(self, context, row_id, row):
        view = context["admin_view"]
        if view.can_archive and view.row_writable(row) and getattr(row, "archived_at", 1) is None:
            url = page_cache.record_url(f"{view.endpoint}.archive_view", row_id, request.full_path)
            return page_cache.icon_link(url, self.title, self.icon_class)
        return ""


class ArchiveForm(BaseForm):
    reason = StringField(_l("Reason for archiving"), validators=[DataRequired(), Length(max=500)],
                         description=_l("Why the record leaves the lists (for example: entered "
                                        "twice); the audit log keeps it."))


class ScopedModelView(RoleGate, ModelView):
    """Base for every record screen. Subclasses set `screen` (a key of
    access.rights.RIGHTS) and the usual Flask-Admin column options."""

    screen: str = ""
    form_base_class = BaseForm  # one CSRF mechanism (Flask-WTF's), our catalogs
    filter_converter = FilterConverter()
    can_view_details = True
    can_delete = False  # archive instead (DESIGN "Archive")
    can_set_page_size = False
    named_filter_urls = True  # readable, stable filter URLs (?flt0_archive_show=1)
    list_template = "admin/scoped_list.html"
    page_size = 20
    export_types = ["csv"]
    details_template = "admin/scoped_details.html"
    form_excluded_columns = ("version", "created_at", "updated_at", "archived_at",
                             "archived_by_id", "archive_reason")
    column_details_exclude_list = ("version",)
    column_type_formatters = DISPLAY_FORMATTERS
    column_type_formatters_detail = DETAIL_FORMATTERS
    column_type_formatters_export = EXPORT_FORMATTERS
    # Relations too large for a dropdown: name -> fields searched by the ajax select.
    ajax_relations: dict[str, list[str]] = {}

    # ---- who may do what (who may open: admin_views/gate.py) ------------------
    def _right(self, right):
        return current_user.is_authenticated and can(current_user.role, self.screen, right)

    can_create = property(lambda self: self._right(CREATE))
    can_edit = property(lambda self: self._right(EDIT))
    can_export = property(lambda self: self._right(EXPORT))

    @property
    def can_archive(self):
        return hasattr(self.model, "archived_at") and self._right(ARCHIVE)

    _GATES = {"create_view": CREATE, "edit_view": EDIT, "export": EXPORT, "archive_view": ARCHIVE}

    def _handle_view(self, name, **kwargs):
        response = super()._handle_view(name, **kwargs)
        if response is not None:
            return response
        right = self._GATES.get(name)
        if right and not self._right(right):
            abort(403)
        if name in ("ajax_update", "delete_view"):
            abort(404)  # no inline edit, no hard delete
        if name == "ajax_lookup" and not (self.can_create or self.can_edit):
            abort(403)
        return None

    # ---- rows ---------------------------------------------------------------
    def shows_archive_link(self):
        return self.can_archive and current_user.role in roles.ARCHIVE_ROLES

    def _archived_mode(self):
        """'live' rows only, unless a role that may restore asked for the
        archived list ('archived') or opens one record ('both')."""
        if current_user.role not in roles.ARCHIVE_ROLES:
            return "live"
        return g.get("archived_mode", "live")

    def _scoped(self, query, clause_fn):
        query = query.filter(clause_fn(current_user, self.model))
        if hasattr(self.model, "archived_at"):
            mode = self._archived_mode()
            if mode == "live":
                query = query.filter(self.model.archived_at.is_(None))
            elif mode == "archived":
                query = query.filter(self.model.archived_at.is_not(None))
        return query

    def _with_figure(self, query):
        """A list opened from a home-page figure shows exactly what it counted
        (figures.condition): the read scope is applied already; the figure's own
        condition and live rows only are added."""
        figure = figures.requested(self.screen)
        if figure is None:
            return query
        query = query.filter(figure.condition())
        if hasattr(self.model, "archived_at"):
            query = query.filter(self.model.archived_at.is_(None))
        return query

    def shown_figure(self):
        return figures.requested(self.screen)

    def get_query(self):
        query = self._with_figure(self._scoped(db.session.query(self.model), read_clause))
        if request.endpoint and request.endpoint.endswith(".export"):
            # The CSV streams after the request's session has closed: load every
            # related row it shows now, or the stream would fail half-way.
            relations = self.model.__mapper__.relationships
            query = query.options(*(joinedload(getattr(self.model, name))
                                    for name, _label in self._export_columns
                                    if name in relations))
        return query

    def get_count_query(self):
        return self._with_figure(self._scoped(
            db.session.query(func.count("*")).select_from(self.model), read_clause))

    def get_list(self, page, sort_column, sort_desc, search, filters, execute=True, page_size=None):
        """Flask-Admin's get_list (flask_admin/contrib/sqla/view.py) with three
        changes for a national register (#16): the count is exact within a
        district and capped above it (list_counts.py); ties of every sort end by id,
        so an index on (key, id) serves it; and a deep page reads its 20 ids from
        the index first (a deferred join), then only those rows and their relations."""
        if any(isinstance(self._filters[idx], ArchivedFilter) for idx, _n, _v in (filters or [])):
            g.archived_mode = "archived"
        joins, count_joins = {}, {}
        query = self.get_query()
        count_query = self.get_count_query() if not self.simple_list_pager else None
        if self._search_supported and search:
            query, count_query, joins, count_joins = self._apply_search(
                query, count_query, joins, count_joins, search)
        if filters and self._filters:
            query, count_query, joins, count_joins = self._apply_filters(
                query, count_query, joins, count_joins, filters)
        count = list_counts.count(count_query, exact=self.counts_exactly()) if count_query else None
        query, joins = self._apply_sorting(query, joins, sort_column, sort_desc)
        if sort_column is not None:
            query = query.order_by(self.model.id.desc() if sort_desc else self.model.id)
        size = self.page_size if page_size is None else page_size
        offset = (page or 0) * size if size else 0
        if execute and size and offset >= list_counts.DEFERRED_FROM:
            ids = [pk for (pk,) in query.with_entities(self.model.id).limit(size).offset(offset)]
            query = query.filter(self.model.id.in_(ids))
        else:
            query = self._apply_pagination(query, page, page_size)
        for j in self._auto_joins:
            query = query.options(joinedload(j))
        if not execute:
            return count, query
        rows = query.all()
        self._remember_writable(rows)
        if self.about_a_child:
            remember_readable_children(r.child_id for r in rows)
        return count, rows

    def counts_exactly(self) -> bool:
        """Within a district the count is exact (and cheap, from the district's
        index); above it, "more than 10,000" (admin_views/list_counts.py)."""
        return current_user.role in roles.DISTRICT_ROLES

    count_cap = property(lambda self: list_counts.COUNT_CAP)

    def count_is_capped(self) -> bool:
        return list_counts.capped()

    def get_one(self, id):
        """One row, scoped: edits and archiving need write scope, reading read scope."""
        pk = record_id(id)
        if pk is None:
            return None
        writing = request.endpoint and request.endpoint.rsplit(".", 1)[-1] in (
            "edit_view", "archive_view")
        if request.endpoint and request.endpoint.endswith(".details_view"):
            g.archived_mode = "both"
        clause = write_clause if writing else read_clause
        row = self._scoped(db.session.query(self.model), clause).filter(
            self.model.id == pk).one_or_none()
        if row is not None:
            self._remember_writable([row])
            if self.about_a_child:
                remember_readable_children([row.child_id])
            if self._shows_the_record():
                access_log.note_open(row)
        return row

    @property
    def describes_a_child(self) -> bool:
        """Records about a child: the child, the reports and the case records."""
        return issubclass(self.model, (Child, ChildDescription)) or "child_id" in self.model.__table__.c

    # Lists of records about a child search and filter by the child (admin_views/child_links.py).
    finds_by_child = True

    @property
    def about_a_child(self) -> bool:
        """Records that point at a child (its case file links them, admin_views/child_links.py)."""
        return self.finds_by_child and "child_id" in self.model.__table__.c and self.model is not Child

    def _shows_the_record(self) -> bool:
        """A child's record is being shown: its details page, or its edit form opened
        (JJ Act s.74: the access log says who opened which child's record)."""
        endpoint = (request.endpoint or "").rsplit(".", 1)[-1]
        return self.describes_a_child and (
            endpoint in ("details_view", "case_view")
            or (endpoint == "edit_view" and request.method == "GET"))

    def _remember_writable(self, rows):
        ids = [r.id for r in rows]
        writable = set()
        if ids and current_user.role not in (roles.NATIONAL_VIEWER, roles.STATE_OFFICER):
            writable = set(db.session.scalars(select(self.model.id).where(
                self.model.id.in_(ids), write_clause(current_user, self.model))))
        g.writable_ids = g.get("writable_ids", set()) | writable

    def row_writable(self, row):
        return row.id in g.get("writable_ids", set())

    # ---- what a role sees of a row ------------------------------------------
    def sees_sensitive(self, row):
        """Sensitive fields (DESIGN): case roles of the jurisdiction; police only
        on their own unit's records (the rows they may write)."""
        role = current_user.role
        if role not in roles.CASE_ROLES:
            return False
        if role == roles.POLICE:
            return self.row_writable(row)
        return True

    def _get_list_value(self, context, model, name, column_formatters, column_type_formatters):
        if name in getattr(self.model, "sensitive_fields", ()) and not self.sees_sensitive(model):
            return Markup("<em>%s</em>") % _("restricted") if context is not None else ""
        labels = self._column_choices_map.get(name)
        if labels and name not in column_formatters:  # a choice: its labels as text once per page
            value = self._get_field_value(model, name)
            return page_cache.labels(labels).get(value) or ("" if value is None else value)
        value = super()._get_list_value(context, model, name, column_formatters,
                                        column_type_formatters)
        if isinstance(value, LazyString):  # a choice's label: its text once per page
            return page_cache.text(value)
        return "" if value is None else value  # an empty choice column, not the word "None"

    def _export_data(self):
        """Flask-Admin's list export, noted in the access log (who, which screen,
        the filters, how many rows)."""
        count, data = super()._export_data()
        access_log.note_export(self.model.__tablename__, len(data))
        return count, data

    def get_export_value(self, model, name):
        """Flask-Admin's list export: cells that cannot become spreadsheet formulas."""
        return neutralise(super().get_export_value(model, name))

    def get_list_row_actions(self):
        actions = [PageViewRowAction() if type(a) is ViewRowAction else a
                   for a in super().get_list_row_actions() if not isinstance(a, EditRowAction)]
        if self.can_edit:
            actions.append(ScopedEditRowAction())
        if self.can_archive:
            actions.append(ArchiveRowAction())
        return actions

    # ---- forms: scoped choices, optimistic lock ------------------------------
    def __init__(self, model, session=None, **kwargs):
        # Dates and times in the browser's own inputs, timestamps in India time.
        self.form_overrides = date_field_overrides(model, self.form_overrides)
        if "child" in model.__mapper__.relationships and not isinstance(
                getattr(type(self), "column_formatters", None), property):
            # The child column opens the child's case file (lists and details).
            self.column_formatters = {"child": child_link, **(self.column_formatters or {})}
        super().__init__(model, session or db, **kwargs)

    def scaffold_form(self):
        form_class = super().scaffold_form()
        relationships = self.model.__mapper__.relationships
        for name, unbound in list(vars(form_class).items()):
            if (isinstance(unbound, UnboundField) and isinstance(unbound.field_class, type)
                    and issubclass(unbound.field_class, QuerySelectField) and name in relationships):
                remote = relationships[name].mapper.class_
                unbound.kwargs["query_factory"] = partial(self.choices, remote)
                # An empty choice reads as empty (as in Flask-Admin's Select2Field), not "__None".
                unbound.kwargs.setdefault("blank_text", " ")
        if hasattr(self.model, "version"):
            form_class.version_seen = HiddenField()
        return form_class

    def choices(self, remote):
        query = db.session.query(remote).filter(assign_clause(current_user, remote))
        order = getattr(remote, "name", None)
        return query.order_by(order) if order is not None else query

    @property
    def form_ajax_refs(self):
        return {name: {"fields": fields, "page_size": 10}
                for name, fields in self.ajax_relations.items()}

    def _create_ajax_loader(self, name, options):
        remote = self.model.__mapper__.relationships[name].mapper.class_
        return ScopedAjaxLoader(name, db.session, remote, **options)

    def create_form(self, obj=None):
        """Opened from a child's case file (`?child=ID`): the child is filled in."""
        form = super().create_form(obj)
        if request.method == "GET" and hasattr(form, "child") and form.child.data is None:
            child = preselected_child()
            if child is not None:
                form.child.data = child
        return form

    def edit_form(self, obj=None):
        form = super().edit_form(obj)
        if obj is not None and hasattr(form, "version_seen") and request.method == "GET":
            form.version_seen.data = obj.version
        return form

    def update_model(self, form, model):
        seen = getattr(form, "version_seen", None)
        if seen is not None and str(seen.data or "") != str(model.version):
            flash(_("Someone else saved this record while you were editing it. Your changes "
                    "were not saved: open the record again to see the new version."), "error")
            return False
        return super().update_model(form, model)

    def on_model_change(self, form, model, is_created):
        self.prepare_record(form, model, is_created, current_user)
        # Check again on save: a POST can carry any id (FIELD_NOTES).
        db.session.flush()
        if self.outside_scope([model.id], current_user):
            raise OutOfScope(_("That record would fall outside your jurisdiction; nothing was saved."))

    def prepare_record(self, form, model, is_created, user):
        """What saving does to a record before its flush and scope check: the
        photo, who registered it, its jurisdiction. The panel's save and the
        import (exchange/importer.py, which flushes a batch at once) call it."""
        self.on_photo(form, model)
        if is_created and hasattr(model, "registered_by_id") and model.registered_by_id is None:
            model.registered_by_id = user.id
        with db.session.no_autoflush:  # not before the jurisdiction is set
            self.set_jurisdiction(model, is_created)

    def outside_scope(self, ids, user) -> set:
        """The saved records among `ids` that `user` may not write: the check
        after a save, for one record (the panel) or a batch (an import)."""
        if not ids:
            return set()
        inside = set(db.session.scalars(select(self.model.id).where(
            self.model.id.in_(ids), write_clause(user, self.model))))
        return set(ids) - inside

    def set_jurisdiction(self, model, is_created):
        """Derive the jurisdiction columns a form does not set (subclasses)."""

    def handle_view_exception(self, exc):
        if isinstance(exc, StaleDataError):
            flash(_("Someone else saved this record while you were editing it. Your changes "
                    "were not saved: open the record again to see the new version."), "error")
            return True
        if isinstance(exc, ValidationError):
            flash(str(exc), "error")
            return True
        if isinstance(exc, IntegrityError):
            current_app.logger.warning("Refused save of %s: %s", self.model.__name__, exc)
            flash(_("The record was not saved: it conflicts with another record or lacks a "
                    "required value. Check the form and try again."), "error")
            return True
        return super().handle_view_exception(exc)

    # ---- cross-field checks ---------------------------------------------------
    def validate_form(self, form):
        valid = super().validate_form(form)
        if isinstance(form, self._form_class_types()) and self._unknown_choices(form):
            valid = False
        if valid and isinstance(form, self._form_class_types()):
            try:
                self.check_record(form)
            except ValidationError as exc:
                flash(str(exc), "error")
                return False
            valid = not any(field.errors for field in form)
        return valid

    @staticmethod
    def _unknown_choices(form):
        """A relation field given an id it cannot find (unknown, or out of the
        user's scope) reads as empty; say so instead of saving it empty."""
        found = False
        for field in form:
            if isinstance(field, (QuerySelectField, AjaxSelectField)) and field.raw_data:
                raw = field.raw_data[0]
                if raw not in ("", "__None", None) and field.data is None:
                    field.errors = list(field.errors) + [_("Not a valid choice.")]
                    found = True
        return found

    def _form_class_types(self):
        return tuple(c for c in (getattr(self, "_create_form_class", None),
                                 getattr(self, "_edit_form_class", None)) if c)

    def check_record(self, form):
        """Checks across fields (subclasses): append to `field.errors`, or raise
        ValidationError for a message about the whole record."""

    # ---- search: child ID, names as written and as folded ---------------------
    folded_search_columns: tuple[str, ...] = ()

    def init_search(self):
        supported = super().init_search()
        if self.about_a_child:  # every list about children searches by the child
            if not self.column_searchable_list:
                self._search_fields = []
            return True
        return supported

    def search_term_clauses(self, term):
        """What one word of a search matches: the searchable columns, the folded
        names, and for records about a child the child's name in any script."""
        like = tools.parse_like_term(term)
        clauses = [sql_cast(field, Unicode).ilike(like) for field, _path in self._search_fields]
        folded = fold_name(term)
        if folded:
            clauses += [getattr(self.model, c).like(f"%{folded}%") for c in self.folded_search_columns]
        if self.about_a_child:  # the child the record is about, by name in any script
            clauses.append(about_child_named(self.model, term))
        return clauses

    def search_placeholder(self):
        own = super().search_placeholder()
        if not self.about_a_child:
            return own
        child = _("Child's name or child ID")
        return f"{child}, {own}" if own else child

    def _apply_search(self, query, count_query, joins, count_joins, search):
        if child_code.looks_like_code(search) and (hasattr(self.model, "child_code") or self.about_a_child):
            clause = (self.model.child_code == child_code.clean(search)
                      if hasattr(self.model, "child_code")
                      else self.model.child_id.in_(child_with_code(search)))
            return (query.filter(clause), count_query.filter(clause) if count_query is not None
                    else None, joins, count_joins)
        clause = self.search_clause(search)
        query = query.filter(clause)
        if count_query is not None:
            count_query = count_query.filter(clause)
        return query, count_query, joins, count_joins

    def search_clause(self, search):
        """Rows matching every word of a search (ChildView: through its index)."""
        return and_(*(or_(*self.search_term_clauses(term)) for term in search.split()))

    # ---- photos ----------------------------------------------------------------
    @expose("/photo/")
    def photo_view(self):
        record = self.get_one(request.args.get("id"))
        photo = getattr(record, "photo", None) if record is not None else None
        if photo is None:
            abort(404)
        response = Response(photo.data, mimetype=photo.mime)
        response.headers["Cache-Control"] = "private, no-store"
        return response

    def on_photo(self, form, model):
        if hasattr(form, "photo_upload"):
            photo = photo_from_upload(form.photo_upload)
            if photo is not None:
                db.session.add(photo)
                model.photo = photo

    # ---- archive and restore -------------------------------------------------
    @expose("/archive/", methods=("GET", "POST"))
    def archive_view(self):
        return_url = self._safe_return_url()
        if not hasattr(self.model, "archived_at"):
            abort(404)
        record = self.get_one(request.args.get("id"))
        if record is None:
            flash(admin_gettext("Record does not exist."), "error")
            return redirect(return_url)
        form = ArchiveForm()
        if form.validate_on_submit():
            record.archived_at = datetime.now(timezone.utc)
            record.archived_by_id = current_user.id
            record.archive_reason = form.reason.data.strip()
            db.session.commit()
            flash(_("The record was archived. It can be restored from the archived list."), "success")
            return redirect(return_url)
        return self.render("admin/archive.html", form=form, record=record, return_url=return_url)

    def _safe_return_url(self):
        from auth.redirects import safe_next
        return safe_next(request.args.get("url")) or self.get_url(".index_view")

    def is_action_allowed(self, name):
        if name == "restore":
            return self.can_archive and current_user.role in roles.ARCHIVE_ROLES
        return name != "delete" and super().is_action_allowed(name)

    @action("restore", _l("Restore"), _l("Restore the selected archived records?"))
    def action_restore(self, ids):
        g.archived_mode = "archived"
        pks = [int(i) for i in ids if str(i).isdigit()]
        rows = self._scoped(db.session.query(self.model), write_clause).filter(
            self.model.id.in_(pks)).all()
        for row in rows:
            row.archived_at = None
            row.archived_by_id = None
            row.archive_reason = None
        db.session.commit()
        flash(_("%(count)s records were restored.", count=len(rows)), "success")

    def _get_filter_groups(self):
        """The filters' labels and options, as text: the same for every user of a
        scope and language, so computed once per scope (admin_views/choices.py)."""
        return choices.cached_for_scope(("filters", self.endpoint), self._filter_groups_now)

    def _filter_groups_now(self):
        groups = super()._get_filter_groups()
        for items in (groups or {}).values():
            for item in items:
                flt = self._filters[item["index"]]
                if isinstance(flt, ScopedFilter):
                    item["options"] = flt.scoped_options()
        return groups

    def get_filters(self):
        filters = super().get_filters() or []
        if hasattr(self.model, "archived_at") and not any(
                isinstance(f, ArchivedFilter) for f in filters):
            filters.append(ArchivedFilter(self.model.archived_at))
        if self.about_a_child and not any(isinstance(f, ChildFilter) for f in filters):
            filters.append(ChildFilter(self.model.child_id))
        return filters
