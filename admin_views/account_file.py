"""Accounts from a file, on the Accounts screen (admin_views/users.py): upload
-> preview (every row, each bad one with its reasons; nothing created) ->
create -> the sheet of temporary passwords to hand out (exchange/accounts.py,
docs/accounts.md).

Who may do it is who may create one account (the screen's CREATE right), and
each row meets the account form's rules in the manager's own scope. The file
travels from the preview to the create step inside the preview's form, so
nothing is kept on the server between the steps; the create step reads and
checks it again. The temporary passwords are on the page that answers the
create step only: never flashed, never in the session, never stored."""
import base64
import binascii

from flask import request
from flask_admin import expose
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from wtforms import FileField, HiddenField

from access import roles
from auth.passwords import MIN_LENGTH
from exchange import ExchangeError
from exchange import accounts as account_file
from forms.base import BaseForm


class AccountFileForm(BaseForm):
    upload = FileField(_l("File (CSV or XLSX)"),
                       description=_l("A CSV file saved as UTF-8, or an Excel workbook (.xlsx)."))


class CreateAccountsForm(BaseForm):
    content = HiddenField()   # the file as uploaded, base64
    filename = HiddenField()


class AccountFileMixin:
    """The upload, preview, create and sheet pages of a UserView."""

    @expose("/bulk/", methods=("GET", "POST"))
    def bulk_view(self):
        form, error = AccountFileForm(), None
        if form.validate_on_submit():
            upload = request.files.get("upload")
            data = upload.read() if upload else b""
            filename = upload.filename if upload else ""
            try:
                rows = account_file.read_accounts(current_user, data, filename)
            except ExchangeError as exc:
                error = str(exc)
            else:
                return self._preview(rows, data, filename)
        elif request.method == "POST":
            error = _("The page was open too long or the form was incomplete: choose the file again.")
        return self._upload_page(form, error)

    @expose("/bulk/create/", methods=("POST",))
    def bulk_create_view(self):
        form = CreateAccountsForm()
        if not form.validate_on_submit():
            return self._upload_page(AccountFileForm(), _(
                "The page was open too long or the form was incomplete: choose the file again."))
        try:
            data = base64.b64decode(form.content.data or "", validate=True)
            rows = account_file.read_accounts(current_user, data, form.filename.data or "")
        except (binascii.Error, ValueError):
            return self._upload_page(AccountFileForm(), _("Choose the file again."))
        except ExchangeError as exc:
            return self._upload_page(AccountFileForm(), str(exc))
        if any(row.problems for row in rows):  # changed since the preview: someone took a username
            return self._preview(rows, data, form.filename.data or "")
        try:
            created = account_file.create_accounts(current_user, rows)
        except ExchangeError as exc:
            return self._upload_page(AccountFileForm(), str(exc))
        return self.render("admin/password_sheet.html", created=created,
                           role_label=roles.role_label, min_length=MIN_LENGTH,
                           list_url=self.get_url(".index_view"))

    def _upload_page(self, form, error=None):
        return self.render("admin/account_file_upload.html", form=form, error=error,
                           columns=account_file.COLUMNS, required=account_file.REQUIRED,
                           max_accounts=account_file.MAX_ACCOUNTS,
                           grantable=[(code, roles.role_label(code))
                                      for code in roles.grantable_roles(current_user.role)])

    def _preview(self, rows, data, filename):
        bad = [row for row in rows if row.problems]
        form = None if bad else CreateAccountsForm(
            content=base64.b64encode(data).decode("ascii"), filename=filename)
        return self.render("admin/account_file_preview.html", rows=rows, bad=bad, form=form,
                           role_label=roles.role_label, filename=filename,
                           upload_form=AccountFileForm())
