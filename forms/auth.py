"""Sign-in and password forms."""
from flask_babel import gettext as _, lazy_gettext as _l
from wtforms import PasswordField, StringField
from wtforms.validators import DataRequired, EqualTo, Length, ValidationError

from auth.passwords import PasswordPolicy
from forms.base import BaseForm


class LoginForm(BaseForm):
    username = StringField(_l("Username"), validators=[DataRequired(), Length(max=80)],
                           description=_l("The username your state admin gave you."))
    password = PasswordField(_l("Password"), validators=[DataRequired(), Length(max=200)],
                             description=_l("Capital and small letters differ. After 5 wrong "
                                            "tries, sign-in is locked for 15 minutes."))


class ChangePasswordForm(BaseForm):
    current_password = PasswordField(_l("Current password"), validators=[DataRequired()],
                                     description=_l("The password you signed in with."))
    new_password = PasswordField(
        _l("New password"),
        validators=[DataRequired(), PasswordPolicy()],
        description=_l("At least 12 characters, not a common password. A short sentence is "
                       "easy to remember and hard to guess. Do not reuse your old password."))
    confirm = PasswordField(
        _l("Repeat the new password"),
        validators=[DataRequired(), EqualTo("new_password", message=_l("The two passwords differ."))],
        description=_l("Type the new password again, to catch typing mistakes."))

    def validate_new_password(self, field):
        if field.data == self.current_password.data:
            raise ValidationError(_("Choose a password different from the current one."))
