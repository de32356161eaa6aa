"""The base of every form: Flask-WTF's CSRF, and WTForms' own messages
("This field is required.") taken from our catalogs, since WTForms ships no
Hindi or Gujarati."""
from flask_babel import get_translations
from flask_wtf import FlaskForm
from wtforms import StringField


class BaseForm(FlaskForm):
    def __init__(self, *args, **kwargs):
        # Flask-Admin's Unique validator compares with the record being edited.
        self._obj = kwargs.get("obj")
        super().__init__(*args, **kwargs)

    class Meta:
        def get_translations(self, form):
            return get_translations()

        def bind_field(self, form, unbound_field, options):
            # NUL characters never belong in text and PostgreSQL refuses them.
            if issubclass(unbound_field.field_class, StringField):
                filters = (*unbound_field.kwargs.get("filters", ()), _strip_nul)
                options = {**options, "filters": filters}
            return unbound_field.bind(form=form, **options)


def _strip_nul(value):
    return value.replace("\x00", "") if isinstance(value, str) else value
