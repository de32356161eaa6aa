"""Dates and times in every panel form are typed in the browser's own inputs.

Flask-Admin draws date fields with its daterangepicker, which loses what a user
types: a typed date becomes "0001-12-31 17:44" when the field loses focus, and a
pasted one is silently replaced by the current time (pallets-eco/flask-admin#1746).
The browser's inputs (<input type="date"> and <input type="datetime-local">)
keep what was typed, refuse a half-typed date before the form is sent, and show
their calendar in the browser's language.

Timestamps (models.base.UTCDateTime) are typed and shown in India time; the
database keeps UTC. Dates are plain dates."""
from sqlalchemy import Date
from wtforms.fields import DateField, DateTimeLocalField

from models.base import INDIA, UTCDateTime

# What a date-and-time field reads. The first is the browser's (and how a value
# is written back into the input); the others are what forms, tests and scripts
# have sent so far: "2026-10-01 10:00", with or without seconds, or a bare date.
DATETIME_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M",
                    "%Y-%m-%d %H:%M:%S", "%Y-%m-%d"]


class IndiaDateTimeLocalField(DateTimeLocalField):
    """A UTC timestamp in a date-and-time input, read and written in India time.
    A bad value is refused with WTForms' "Not a valid datetime value." (in the
    user's language), and the form keeps what was sent."""

    def __init__(self, label=None, validators=None, **kwargs):
        kwargs.setdefault("format", DATETIME_FORMATS)
        kwargs.setdefault("tz", INDIA)
        super().__init__(label, validators, **kwargs)


def date_field_overrides(model, overrides=None) -> dict:
    """`form_overrides` for a model's forms: every UTC timestamp column in an
    India-time date-and-time input, every date column in a date input. Fields a
    view overrides itself keep its choice."""
    fields = dict(overrides or {})
    for column in model.__table__.columns:
        if isinstance(column.type, UTCDateTime):
            fields.setdefault(column.key, IndiaDateTimeLocalField)
        elif isinstance(column.type, Date):
            fields.setdefault(column.key, DateField)  # WTForms' own: <input type="date">
    return fields
