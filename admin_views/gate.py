"""Who may open a panel page, and what a refused visitor is shown: the one gate
every view (record screens, match review, summaries, import/export, home) uses."""
from flask import abort, redirect, request, url_for
from flask_login import current_user

from access.rights import can_open


class RoleGate:
    """Mixin for Flask-Admin views. Open to a signed-in user who has chosen their
    own password and whose role may open `screen`; views with other rules
    override `role_may_open`."""

    screen: str = ""

    def role_may_open(self) -> bool:
        return can_open(current_user.role, self.screen)

    def is_accessible(self):
        return (current_user.is_authenticated and not current_user.must_change_password
                and self.role_may_open())

    def inaccessible_callback(self, name, **kwargs):
        if not current_user.is_authenticated:
            return redirect(url_for("auth.login", next=request.full_path))
        if current_user.must_change_password:
            return redirect(url_for("auth.change_password"))
        abort(403)
