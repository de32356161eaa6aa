"""Monthly summary: the page, CSV and XLSX downloads, an A4 print view, the
trend chart's JSON, and the overdue lists the dashboard links to.

Every request re-checks its parameters against the user's scope
(summaries.levels.resolve): a level above the user's own answers 403, a unit
outside it 404, a bad month or level 400, each with a message, never other
figures. The overdue lists select through access.scope.read_clause."""
from flask import Response, abort, flash, jsonify, redirect, request, url_for
from flask_admin import BaseView, expose
from flask_babel import format_date, gettext as _, lazy_gettext as _l
from flask_login import current_user

from access import access_log
from access.rights import can_open
from admin_views.gate import RoleGate
from summaries import clocks
from summaries import export, levels, stations, submissions, table
from summaries.indicators import GENDER_CODES
from summaries.levels import LEVEL_LABELS, SummaryError
from summaries.periods import Month

MAX_LISTED = 500


class SummaryView(RoleGate, BaseView):
    def role_may_open(self):
        return True  # every signed-in role reaches its overdue lists; the rest: _handle_view

    def is_visible(self):
        return self.is_accessible() and can_open(current_user.role, "summary")

    def _handle_view(self, name, **kwargs):
        response = super()._handle_view(name, **kwargs)
        if response is not None:
            return response
        if name != "overdue" and not can_open(current_user.role, "summary"):
            abort(403)
        return None

    # ---- parameters ---------------------------------------------------------------
    def _month(self):
        raw = request.args.get("month")
        if raw in (None, ""):
            return Month.last()
        try:
            return Month.parse(raw)
        except ValueError:
            raise SummaryError(400, _l("Not a month: give it as YYYY-MM, for example 2026-10."))

    def _request(self):
        """(selection, month) from the query string, checked against the scope."""
        month = self._month()
        selection = levels.resolve(current_user, request.args.get("level") or None, {
            key: request.args.get(key) for key in ("state", "district", "institution")})
        return selection, month

    def _error_page(self, error: SummaryError):
        return self.render("admin/summary.html", error=error.message, summary=None,
                           choices=levels.choices_for(current_user), month=None,
                           level_labels=LEVEL_LABELS, args=request.args), error.status

    def _link(self, endpoint, selection, month, **extra):
        return self.get_url(endpoint, month=str(month), **selection.params(), **extra)

    def _breadcrumbs(self, selection):
        """Links to the enclosing units the user may open."""
        from extensions import db
        from models import District, State
        own = levels.home(current_user)
        chain = []
        if selection.level in ("district", "institution"):
            chain.append(levels.of_state(db.session.get(State, selection.state_id)))
        if selection.level == "institution":
            chain.append(levels.of_district(db.session.get(District, selection.district_id)))
        if selection.level != "national":
            chain.insert(0, levels.national())
        return [s for s in chain if levels.contains(own, s)]

    # ---- pages --------------------------------------------------------------------------
    @expose("/")
    def index(self):
        try:
            selection, month = self._request()
        except SummaryError as error:
            return self._error_page(error)
        summary = table.build(selection, month)
        submitted = submissions.find(selection, month)
        row_selection = {"state": "state", "district": "district", "institution": "institution"}
        return self.render(
            "admin/summary.html", error=None, summary=summary, month=month,
            choices=levels.choices_for(current_user), level_labels=LEVEL_LABELS,
            genders=GENDER_CODES, args=request.args, breadcrumbs=self._breadcrumbs(selection),
            headline=table.headline_of(summary), headline_labels=table.HEADLINE_LABELS,
            link=lambda endpoint, sel=selection, **extra: self._link(endpoint, sel, month, **extra),
            drill=lambda row: (self.get_url(".index", month=str(month), level=row_selection[row.level],
                                            **{row.level: row.unit_id})
                               if row.level != selection.level else None),
            sel_link=lambda sel: self._link(".index", sel, month),
            submission=submitted, revisions=submissions.revisions(submitted, summary),
            may_submit=submissions.may_submit(current_user, selection),
            month_closed=submissions.is_closed(month),
            submit_status=submissions.status(selection, month, summary.rows),
            submit_url=self._link(".submit", selection, month),
            stations=(stations.by_station(selection.district_id, month)
                      if selection.level == "district" else None),
            station_columns=stations.COLUMNS, station_note=stations.NOTE)

    @expose("/submit", methods=("POST",))
    def submit(self):
        """The DCPU's (or CCI's) month-end report: the figures kept as submitted."""
        try:
            selection, month = self._request()
            summary = table.build(selection, month)
            submissions.submit(current_user, selection, month, summary)
        except SummaryError as error:
            return self._error_page(error)
        flash(_("The month-end report for %(month)s was submitted.",
                month=format_date(month.first_day, "MMMM y")), "success")
        return redirect(self._link(".index", selection, month))

    @expose("/print")
    def print_view(self):
        try:
            selection, month = self._request()
        except SummaryError as error:
            return self._error_page(error)
        return self.render("admin/summary_print.html", summary=table.build(selection, month),
                           genders=GENDER_CODES, level_labels=LEVEL_LABELS)

    @expose("/download.csv")
    def download_csv(self):
        try:
            selection, month = self._request()
        except SummaryError as error:
            return self._error_page(error)
        summary = table.build(selection, month)
        body = export.to_csv(summary)
        access_log.note_export("summary", sum(1 for _record in export.records(summary)))
        return Response("\ufeff" + body, mimetype="text/csv", headers={
            "Content-Disposition": f'attachment; filename="{self._filename(selection, month)}.csv"'})

    @expose("/download.xlsx")
    def download_xlsx(self):
        try:
            selection, month = self._request()
        except SummaryError as error:
            return self._error_page(error)
        summary = table.build(selection, month)
        body = export.to_xlsx(summary, title=str(month))
        access_log.note_export("summary", sum(1 for _record in export.records(summary)))
        return Response(body, mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                        headers={"Content-Disposition":
                                 f'attachment; filename="{self._filename(selection, month)}.xlsx"'})

    @expose("/trend.json")
    def trend(self):
        try:
            selection, month = self._request()
        except SummaryError as error:
            return jsonify({"error": str(error.message)}), error.status
        data = table.trend(selection, month)
        data["labels"] = {"reported": _("Missing children reported"), "traced": _("Traced"),
                          "in_care": _("Children in care at month end"),
                          "axis_month": _("Month"),
                          "axis_missing": _("Missing children (reported, traced)"),
                          "axis_care": _("Children in care at month end"),
                          "by_gender": _("Last 12 months, by gender"),
                          "genders": _("male · female · transgender · not known")}
        data["month_labels"] = [format_date(Month.parse(m).first_day, "MMM y") for m in data["months"]]
        return jsonify(data)

    @staticmethod
    def _filename(selection, month):
        unit = f"-{selection.unit_id}" if selection.unit_id else ""
        return f"balsetu-summary-{month}-{selection.level}{unit}"

    # ---- overdue lists -------------------------------------------------------------------
    @expose("/overdue/<key>/")
    def overdue(self, key):
        clock = clocks.CLOCK_BY_KEY.get(key)
        if clock is None or clock not in clocks.visible_clocks(current_user):
            abort(404)
        from extensions import db
        query = clocks.query(clock, current_user).order_by(getattr(clock.model, clock.date_column),
                                                      clock.model.id)
        total = clocks.count(clock, current_user)
        rows = db.session.scalars(query.limit(MAX_LISTED)).all()
        return self.render("admin/summary_overdue.html", clock=clock, rows=rows, total=total,
                           limit=MAX_LISTED, details=lambda row: url_for(
                               f"{clock.screen}.details_view", id=row.id))
