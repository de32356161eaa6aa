"""A date typed as people in India write it: day first (25-11-2026, 25/11/2026,
25.11.2026; 2026-11-25 too), in a plain text input. A browser's date input shows
mm/dd/yyyy on many phones set to English (US), and a date it cannot read comes
back empty, so the form would answer "This field is required" to a date that
was typed. Here an unreadable date gets its own message, and the typed text
stays in the field."""
import unicodedata
from datetime import date, datetime, time, timezone

from flask_babel import lazy_gettext as _l
from wtforms import Field
from wtforms.validators import StopValidation
from wtforms.widgets import TextInput

# Day first; the ISO form (year first) is read too: a bookmarked search uses it.
DAY_FIRST_FORMATS = ("%d-%m-%Y", "%Y-%m-%d")
SEPARATORS = "/. "
UNREADABLE = _l("Write the date as day-month-year, e.g. 25-11-2026.")
PLACEHOLDER = _l("dd-mm-yyyy")
UNREADABLE_MOMENT = _l("Write the date and time as day-month-year hour:minute, e.g. 25-11-2026 14:30.")
MOMENT_PLACEHOLDER = _l("dd-mm-yyyy hh:mm")
TIME_FORMATS = ("%H:%M", "%H:%M:%S", "%H.%M")


def _ascii_digits(text: str) -> str:
    """Gujarati and Devanagari digits (a phone keyboard in those scripts types them)
    as 0-9; other characters as they are."""
    return "".join(str(unicodedata.digit(c)) if c.isdigit() else c for c in text)


def parse_day_first(text: str | None) -> date | None:
    """The date in `text`, or None when it cannot be read as one."""
    cleaned = _ascii_digits((text or "").strip())
    for separator in SEPARATORS:
        cleaned = cleaned.replace(separator, "-")
    cleaned = "-".join(part for part in cleaned.split("-") if part)  # "25 - 11 - 2026"
    for fmt in DAY_FIRST_FORMATS:
        try:
            return datetime.strptime(cleaned, fmt).date()
        except ValueError:
            continue
    return None


class DayFirstDateField(Field):
    widget = TextInput()

    def __init__(self, label=None, validators=None, **kwargs):
        render_kw = {"placeholder": PLACEHOLDER, "autocomplete": "off", **kwargs.pop("render_kw", {})}
        super().__init__(label, validators, render_kw=render_kw, **kwargs)

    def _value(self):
        if self.raw_data:
            return self.raw_data[0]
        return self.data.strftime("%d-%m-%Y") if self.data else ""

    def process_formdata(self, valuelist):
        if not valuelist or not valuelist[0].strip():
            self.data = None
            return
        self.data = parse_day_first(valuelist[0])
        if self.data is None:
            raise ValueError(str(UNREADABLE))

    def pre_validate(self, form):
        # A date typed but unreadable has said so: "required" and the other
        # checks would only repeat it in other words.
        if self.process_errors:
            raise StopValidation()


def parse_day_first_moment(text: str | None) -> datetime | None:
    """The date and time in `text` (day first; the ISO form with "T" too), as a
    naive datetime in the time it was typed in, or None when it cannot be read.
    A date alone is its midnight."""
    parts = _ascii_digits((text or "").strip()).replace("T", " ").split(None, 1)
    if not parts:
        return None
    day = parse_day_first(parts[0])
    if day is None:
        return None
    if len(parts) == 1:
        return datetime.combine(day, time())
    for fmt in TIME_FORMATS:
        try:
            return datetime.combine(day, datetime.strptime(parts[1].strip(), fmt).time())
        except ValueError:
            continue
    return None


class DayFirstDateTimeField(DayFirstDateField):
    """A moment typed day first in the time of `zone` (India's for the panel):
    shown back in that zone, kept as typed when it cannot be read. The stored
    column (models.base.UTCDateTime) reads a naive value as India time."""

    def __init__(self, label=None, validators=None, zone=None, **kwargs):
        render_kw = {"placeholder": MOMENT_PLACEHOLDER, **kwargs.pop("render_kw", {})}
        super().__init__(label, validators, render_kw=render_kw, **kwargs)
        self.zone = zone

    def _value(self):
        if self.raw_data:
            return self.raw_data[0]
        if not self.data:
            return ""
        moment = self.data
        if self.zone is not None and moment.tzinfo is not None:
            moment = moment.astimezone(self.zone)
        return moment.strftime("%d-%m-%Y %H:%M")

    def process_formdata(self, valuelist):
        if not valuelist or not valuelist[0].strip():
            self.data = None
            return
        moment = parse_day_first_moment(valuelist[0])
        if moment is None:
            self.data = None
            raise ValueError(str(UNREADABLE_MOMENT))
        self.data = moment.replace(tzinfo=self.zone) if self.zone is not None else moment
