"""The base of every form: Flask-WTF's CSRF, and WTForms' own messages
("This field is required.") taken from our catalogs, since WTForms ships no
Hindi or Gujarati."""
from flask_babel import get_translations
from flask_wtf import FlaskForm


class BaseForm(FlaskForm):
    def __init__(self, *args, **kwargs):
        # Flask-Admin's Unique validator compares with the record being edited.
        self._obj = kwargs.get("obj")
        super().__init__(*args, **kwargs)

    class Meta:
        def get_translations(self, form):
            return get_translations()
