"""Dates and times as Indian offices write them: DD/MM/YYYY, DD-MM-YYYY,
DD.MM.YYYY, ISO (YYYY-MM-DD), two-digit years, an optional time (24-hour or
am/pm), and the date cells of an XLSX file. Day first, always: 03/04/2026 is
the 3rd of April."""
import re
from datetime import date, datetime

_DAY_FIRST = re.compile(r"^(\d{1,2})[/\-.](\d{1,2})[/\-.](\d{2}|\d{4})$")
_ISO = re.compile(r"^(\d{4})[/\-.](\d{1,2})[/\-.](\d{1,2})$")
_TIME = re.compile(r"^(\d{1,2})[:.](\d{2})(?:[:.](\d{2}))?\s*([ap]\.?m\.?)?$", re.IGNORECASE)


def parse_date(text) -> date | None:
    """A date, or None when the text is not one (empty text is the caller's)."""
    if isinstance(text, datetime):
        return text.date()
    if isinstance(text, date):
        return text
    text = str(text).strip()
    if "T" in text and _ISO.match(text.split("T")[0]):
        text = text.split("T")[0]
    match = _DAY_FIRST.match(text)
    try:
        if match:
            day, month, year = (int(g) for g in match.groups())
            if year < 100:  # 05/06/19: this century unless that is in the future
                year += 2000 if 2000 + year <= date.today().year else 1900
            return date(year, month, day)
        match = _ISO.match(text)
        if match:
            year, month, day = (int(g) for g in match.groups())
            return date(year, month, day)
    except ValueError:
        return None
    return None


def parse_datetime(text) -> datetime | None:
    """A naive date and time (India time, as users write it); a date alone is midnight."""
    if isinstance(text, datetime):
        return text.replace(second=0, microsecond=0, tzinfo=None)
    if isinstance(text, date):
        return datetime(text.year, text.month, text.day)
    text = str(text).strip()
    if "T" in text:
        text = text.replace("T", " ", 1)
    parts = text.split(None, 1)
    if not parts:
        return None
    day = parse_date(parts[0])
    if day is None:
        return None
    if len(parts) == 1:
        return datetime(day.year, day.month, day.day)
    clock = parts[1].strip()
    clock = re.sub(r"([+-]\d{2}:?\d{2}|Z)$", "", clock).strip()  # an ISO offset: India time assumed
    clock = re.sub(r"\.\d+$", "", clock)  # fractions of a second
    match = _TIME.match(clock)
    if not match:
        return None
    hour, minute = int(match.group(1)), int(match.group(2))
    meridiem = (match.group(4) or "").lower().replace(".", "")
    if meridiem:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if meridiem == "pm" else 0)
    if hour > 23 or minute > 59:
        return None
    return datetime(day.year, day.month, day.day, hour, minute)


def show_date(value: date | None) -> str:
    return value.strftime("%d/%m/%Y") if value else ""


def show_datetime(value: datetime | None) -> str:
    """India time, DD/MM/YYYY HH:MM (what an exported file carries)."""
    if value is None:
        return ""
    from models.base import INDIA
    if value.tzinfo is not None:
        value = value.astimezone(INDIA)
    return value.strftime("%d/%m/%Y %H:%M")
