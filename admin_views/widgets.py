"""Dates and times in every panel form are typed day first, as people in India
write them (25-11-2026, 25-11-2026 14:30), in plain text inputs
(forms/day_first.py, shared with the public page).

The browser's own date inputs show mm/dd/yyyy on many computers set to English
(US), swapping day and month for the officer who types 02-12; Flask-Admin's
date picker loses what is typed (pallets-eco/flask-admin#1746). A date that
cannot be read is refused with its own message and stays in the field as typed.

Timestamps (models.base.UTCDateTime) are typed and shown in India time; the
database keeps UTC. Dates are plain dates. What scripts and older forms send
(2026-10-01 10:00, 2026-10-01T10:00) is read too."""
from sqlalchemy import Date

from forms.day_first import DayFirstDateField, DayFirstDateTimeField
from models.base import INDIA, UTCDateTime


class IndiaDateTimeField(DayFirstDateTimeField):
    """A UTC timestamp typed and shown day first in India time."""

    def __init__(self, label=None, validators=None, **kwargs):
        kwargs.setdefault("zone", INDIA)
        super().__init__(label, validators, **kwargs)


def date_field_overrides(model, overrides=None) -> dict:
    """`form_overrides` for a model's forms: every UTC timestamp column typed in
    India time, every date column typed day first. Fields a view overrides
    itself keep its choice."""
    fields = dict(overrides or {})
    for column in model.__table__.columns:
        if isinstance(column.type, UTCDateTime):
            fields.setdefault(column.key, IndiaDateTimeField)
        elif isinstance(column.type, Date):
            fields.setdefault(column.key, DayFirstDateField)
    return fields
