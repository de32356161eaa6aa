"""Transfers: the sending side requests with the order that allows it; the
receiving institution (or its DCPU) accepts. Acceptance moves the child's
institution and jurisdiction; the child ID and the history stay."""
from datetime import datetime, timezone

from flask import flash, redirect, request
from flask_admin import expose
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError

from access import roles
from access.scope import receive_clause
from admin_views.base import ScopedModelView
from admin_views.cases import require_child
from admin_views.labels import LABELS, help_for
from extensions import db
from models import District, Institution, Transfer
from models import choices
from models.transfers import ACCEPTED, DECLINED, REQUESTED

ALREADY_WAITING = _l("A transfer of this child is already waiting for a decision.")
DECIDED_MEANWHILE = _l("Someone else decided this transfer a moment ago: nothing was saved. "
                       "Here is how it stands now.")


def _is_second_waiting_transfer(exc: IntegrityError) -> bool:
    """The one-waiting-transfer-per-child index refused the row (the name on
    PostgreSQL, the column on SQLite)."""
    text = str(exc.orig)
    return "uq_transfers_waiting_child" in text or "transfers.child_id" in text


class TransferView(ScopedModelView):
    screen = "transfer"
    can_edit = property(lambda self: False)  # a request is decided, not edited
    column_labels = LABELS
    column_descriptions = help_for("transfer")
    column_choices = {"status": choices.TRANSFER_STATUSES}
    column_list = ("child", "from_institution", "to_institution", "status", "requested_at",
                   "decided_at")
    column_details_list = ("child", "from_institution", "to_institution", "order_reference",
                           "reason", "status", "requested_at", "requested_by", "decided_at",
                           "decided_by")
    column_export_list = column_details_list
    column_default_sort = ("requested_at", True)
    column_filters = ("status", "requested_at")
    column_searchable_list = ("order_reference",)
    form_columns = ("child", "to_institution", "order_reference", "reason")
    ajax_relations = {"child": ["name", "child_code"]}
    details_template = "admin/transfer_details.html"

    def choices(self, remote):
        if remote is Institution:
            # Any active institution of the user's state may receive a child.
            query = db.session.query(Institution).filter(Institution.active.is_(True))
            if current_user.role not in roles.NATIONAL_ROLES:
                state_id = current_user.state_id
                query = query.filter(Institution.district_id.in_(
                    select(District.id).where(District.state_id == state_id)))
            return query.order_by(Institution.name)
        return super().choices(remote)

    def check_record(self, form):
        require_child(form)
        child, target = form.child.data, form.to_institution.data
        if child is not None and target is not None and child.institution_id == target.id:
            form.to_institution.errors.append(_("The child is already in this institution."))
        if child is not None and db.session.scalar(select(Transfer.id).where(
                Transfer.child_id == child.id, Transfer.status == REQUESTED)):
            form.child.errors.append(str(ALREADY_WAITING))

    def on_model_change(self, form, model, is_created):
        model.from_institution_id = model.child.institution_id
        model.requested_by_id = current_user.id
        model.status = REQUESTED
        super().on_model_change(form, model, is_created)

    def handle_view_exception(self, exc):
        # Two requests sent at once: the check above passed for both, the
        # database index lets one through; the other keeps its form and is told why.
        if isinstance(exc, IntegrityError) and _is_second_waiting_transfer(exc):
            flash(str(ALREADY_WAITING), "error")
            return True
        return super().handle_view_exception(exc)

    def can_decide(self, transfer):
        return transfer.status == REQUESTED and db.session.scalar(
            select(Transfer.id).where(Transfer.id == transfer.id, receive_clause(current_user))) is not None

    @expose("/decide/", methods=("POST",))
    def decide_view(self):
        transfer = self.get_one(request.args.get("id"))
        url = self.get_url(".details_view", id=request.args.get("id"))
        if transfer is None or not self.can_decide(transfer):
            flash(_("Record does not exist or is no longer waiting for a decision."), "error")
            return redirect(self.get_url(".index_view"))
        accept = request.form.get("decision") == "accept"
        try:
            transfer.status = ACCEPTED if accept else DECLINED
            transfer.decided_at = datetime.now(timezone.utc)
            transfer.decided_by_id = current_user.id
            if accept:
                child = transfer.child
                child.institution = transfer.to_institution
                child.district = transfer.to_institution.district
                child.status = "in_care"
            db.session.commit()
        except StaleDataError:  # another officer decided, or the child changed, meanwhile
            db.session.rollback()
            flash(str(DECIDED_MEANWHILE), "error")
            return redirect(url)
        flash(_("The transfer was accepted: the child is now in %(place)s.",
                place=str(transfer.to_institution)) if accept
              else _("The transfer was declined."), "success")
        return redirect(url if accept and self.get_one(transfer.id) else self.get_url(".index_view"))
