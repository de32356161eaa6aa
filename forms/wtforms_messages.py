"""WTForms' own validation messages, marked so that pybabel extracts them.

WTForms raises messages such as "This field is required." or "Not a valid
integer value." itself, in English. WTForms ships no Hindi or Gujarati
catalog, so these texts must be translated in our own "messages" catalogs
(translations/<lang>/LC_MESSAGES/messages.po) like any other string of the
panel. Nothing imports this module at run time: it exists only so that
`pybabel extract` (see translations/sync.py) puts these msgids into
messages.pot and the catalogs, and so that tests/test_translations.py holds
them to the same rule as every other string (translated in hi and gu).

For WTForms to show these translations, a form's Meta.get_translations must
return Flask-Babel's translations (flask_babel.get_translations()): Flask-WTF's
default looks them up in WTForms' own "wtforms" catalogs, which have no hi/gu.
tests/test_translations.py::test_wtforms_messages_are_translated checks it.

The list is WTForms' wtforms/locale/wtforms.pot (WTForms 3.x); when WTForms
is upgraded, compare that file with this list.
"""
from flask_babel import lazy_gettext as _l
from flask_babel import lazy_ngettext as ngettext  # extracted as a plural (singular, plural)

WTFORMS_MESSAGES = (
    _l("Invalid field name '%s'."),
    _l("Field must be equal to %(other_name)s."),
    ngettext("Field must be at least %(min)d character long.",
             "Field must be at least %(min)d characters long.", 2),
    ngettext("Field cannot be longer than %(max)d character.",
             "Field cannot be longer than %(max)d characters.", 2),
    ngettext("Field must be exactly %(max)d character long.",
             "Field must be exactly %(max)d characters long.", 2),
    _l("Field must be between %(min)d and %(max)d characters long."),
    _l("Number must be at least %(min)s."),
    _l("Number must be at most %(max)s."),
    _l("Number must be between %(min)s and %(max)s."),
    _l("Date must be at least %(min)s."),
    _l("Date must be at most %(max)s."),
    _l("Date must be between %(min)s and %(max)s."),
    _l("This field is required."),
    _l("Invalid input."),
    _l("Invalid email address."),
    _l("Invalid IP address."),
    _l("Invalid Mac address."),
    _l("Invalid URL."),
    _l("Invalid UUID."),
    _l("Invalid value, must be one of: %(values)s."),
    _l("Invalid value, can't be any of: %(values)s."),
    _l("This field cannot be edited."),
    _l("This field is disabled and cannot have a value."),
    _l("Invalid CSRF Token."),
    _l("CSRF token missing."),
    _l("CSRF failed."),
    _l("CSRF token expired."),
    _l("Invalid Choice: could not coerce."),
    _l("Choices cannot be None."),
    _l("Not a valid choice."),
    _l("Invalid choice(s): one or more data inputs could not be coerced."),
    ngettext("'%(value)s' is not a valid choice for this field.",
             "'%(value)s' are not valid choices for this field.", 2),
    _l("Not a valid datetime value."),
    _l("Not a valid date value."),
    _l("Not a valid time value."),
    _l("Not a valid week value."),
    _l("Not a valid integer value."),
    _l("Not a valid decimal value."),
    _l("Not a valid float value."),
)
