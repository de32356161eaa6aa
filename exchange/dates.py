"""Dates and times as Indian offices write them: DD/MM/YYYY, DD-MM-YYYY,
DD.MM.YYYY, ISO (YYYY-MM-DD), two-digit years, an optional time (24-hour or
am/pm), and the date cells of an XLSX file. Day first, always: 03/04/2026 is
the 3rd of April."""
import re
from datetime import date, datetime, timedelta, timezone

from models.base import INDIA, today_in_india

_DAY_FIRST = re.compile(r"^(\d{1,2})[/\-.](\d{1,2})[/\-.](\d{2}|\d{4})$")
_ISO = re.compile(r"^(\d{4})[/\-.](\d{1,2})[/\-.](\d{1,2})$")
# An explicit offset after the time: Z (UTC), +05:30, -0400, +01.
_OFFSET = re.compile(r"(?:\s*(Z|UTC|GMT)|\s*([+-])(\d{2}):?(\d{2})?)$", re.IGNORECASE)
_ISO_T = re.compile(r"^(\d{4}[/\-.]\d{1,2}[/\-.]\d{1,2})T", re.IGNORECASE)
_MERIDIEM_END = re.compile(r"[ap]\.?m\.?$", re.IGNORECASE)
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
                year += 2000 if 2000 + year <= today_in_india().year else 1900
            return date(year, month, day)
        match = _ISO.match(text)
        if match:
            year, month, day = (int(g) for g in match.groups())
            return date(year, month, day)
    except ValueError:
        return None
    return None


def parse_datetime(text) -> datetime | None:
    """A naive date and time in India time; a date alone is midnight. A time with
    no offset is India time, as users write it; one with an explicit offset
    (2026-10-01T10:00:00Z, +05:30, -04:00) is that moment, given in India time."""
    if isinstance(text, datetime):
        if text.tzinfo is not None:
            text = text.astimezone(INDIA)
        return text.replace(second=0, microsecond=0, tzinfo=None)
    if isinstance(text, date):
        return datetime(text.year, text.month, text.day)
    text = str(text).strip()
    text = _ISO_T.sub(r"\1 ", text)  # 2026-10-01T10:00: the T between date and time
    parts = text.split(None, 1)
    if not parts:
        return None
    day = parse_date(parts[0])
    if day is None:
        return None
    if len(parts) == 1:
        return datetime(day.year, day.month, day.day)
    clock = parts[1].strip()
    offset = None
    found = _OFFSET.search(clock) if not _MERIDIEM_END.search(clock) else None
    if found:
        if found.group(1):
            offset = timedelta(0)
        else:
            hours, minutes = int(found.group(3)), int(found.group(4) or 0)
            if hours > 14 or minutes > 59:
                return None
            offset = (1 if found.group(2) == "+" else -1) * timedelta(hours=hours, minutes=minutes)
        clock = clock[:found.start()].strip()
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
    moment = datetime(day.year, day.month, day.day, hour, minute)
    if offset is not None:
        moment = moment.replace(tzinfo=timezone(offset)).astimezone(INDIA).replace(tzinfo=None)
    return moment


def show_date(value: date | None) -> str:
    return value.strftime("%d/%m/%Y") if value else ""


def show_datetime(value: datetime | None) -> str:
    """India time, DD/MM/YYYY HH:MM (what an exported file carries)."""
    if value is None:
        return ""
    if value.tzinfo is not None:
        value = value.astimezone(INDIA)
    return value.strftime("%d/%m/%Y %H:%M")
