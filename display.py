"""How values are shown to people, in the page's language (DESIGN "Values").

One format for dates on every screen: day first, the month named in the page's
language, in India time: "2 Dec 2026", "2 Dec 2026, 14:05" ("2 डिसे॰ 2026",
"2 ડિસે, 2026" in Hindi and Gujarati, as Babel's Indian locales write them).
Dates are *typed* day first as digits (forms/day_first.py: 02-12-2026); files
keep digits too (exchange/dates.py), so a spreadsheet can read them back.
Numbers group the Indian way (1,29,270). Flask-Babel converts datetimes to
India time (BABEL_DEFAULT_TIMEZONE); a plain date has no zone to convert."""
from __future__ import annotations

from datetime import date, datetime

from flask_babel import format_date, format_datetime, format_decimal

DATE_PATTERN = "d MMM y"
DATETIME_PATTERN = "d MMM y, HH:mm"
MONTH_PATTERN = "MMMM y"


def show_date(value) -> str:
    """A date (or the India date of a datetime) as people read it; "" for none."""
    if value is None or value == "":
        return ""
    if isinstance(value, datetime):
        return format_datetime(value, DATE_PATTERN)
    return format_date(value, DATE_PATTERN)


def show_datetime(value) -> str:
    """A moment in India time with hours and minutes; a plain date shows as a date."""
    if value is None or value == "":
        return ""
    if not isinstance(value, datetime):
        return show_date(value)
    return format_datetime(value, DATETIME_PATTERN)


def show_month(month) -> str:
    """A summaries.periods.Month (or any date in it) as the language writes it:
    "October 2026", "अक्टूबर 2026", "ઑક્ટોબર 2026"."""
    first_day = month if isinstance(month, date) else month.first_day
    return format_date(first_day, MONTH_PATTERN)


def show_number(value) -> str:
    """Numbers in the Indian grouping of the user's language: 1,29,270 (the
    formatting locale is en_IN, hi_IN or gu_IN)."""
    return format_decimal(value)


def register_filters(app) -> None:
    """The Jinja filters every template uses for these values."""
    app.jinja_env.filters.update({
        "number": show_number,
        "month_name": show_month,
        "show_date": show_date,
        "show_datetime": show_datetime,
    })
