"""The base of every form: Flask-WTF's CSRF, and WTForms' own messages
("This field is required.") taken from our catalogs, since WTForms ships no
Hindi or Gujarati."""
from flask_babel import get_translations
from flask_wtf import FlaskForm


class BaseForm(FlaskForm):
    class Meta:
        def get_translations(self, form):
            return get_translations()
