"""Months in India time, and the calendar-month arithmetic of the statutory clocks.

A month runs from 00:00 India time on its first day to 00:00 India time on the
first day of the next; timestamps are stored in UTC, so its bounds are given in
UTC for the queries."""
from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone

from models.base import INDIA, today_in_india  # noqa: F401  (re-exported: the summaries' "today")

_MONTH = re.compile(r"^(\d{4})-(\d{2})$")


def add_months(day: date, months: int) -> date:
    """The same day `months` calendar months later (or earlier), clamped to the
    month's last day: 31 January + 1 month = 28/29 February."""
    index = day.year * 12 + (day.month - 1) + months
    year, month = divmod(index, 12)
    month += 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def opened_before(limit: date, months: int) -> date:
    """The date c with: `x + months < limit` exactly when `x < c`.

    A clock of `months` calendar months started on x has run out before the
    day `limit` when x < c. (x + months is non-decreasing in x, so the set is an
    initial segment; clamping at month ends makes a plain subtraction wrong by
    up to three days, hence the nudge.)"""
    c = add_months(limit, -months)
    while add_months(c, months) < limit:
        c += timedelta(days=1)
    while add_months(c - timedelta(days=1), months) >= limit:
        c -= timedelta(days=1)
    return c


def india_midnight_utc(day: date) -> datetime:
    """00:00 India time on `day`, in UTC."""
    return datetime.combine(day, time(0), INDIA).astimezone(timezone.utc)


@dataclass(frozen=True, order=True)
class Month:
    year: int
    month: int

    @classmethod
    def parse(cls, text: str) -> "Month":
        """'2026-10' -> Month; ValueError for anything else (2026-13, 26-1, '')."""
        match = _MONTH.match((text or "").strip())
        if not match:
            raise ValueError(text)
        year, month = int(match.group(1)), int(match.group(2))
        if not (1 <= month <= 12 and 2000 <= year <= 2100):
            raise ValueError(text)
        return cls(year, month)

    @classmethod
    def of(cls, day: date) -> "Month":
        return cls(day.year, day.month)

    @classmethod
    def current(cls) -> "Month":
        return cls.of(today_in_india())

    @classmethod
    def last(cls) -> "Month":
        """Last month, the summary's default."""
        return cls.current().shift(-1)

    def shift(self, months: int) -> "Month":
        return Month.of(add_months(self.first_day, months))

    @property
    def first_day(self) -> date:
        return date(self.year, self.month, 1)

    @property
    def last_day(self) -> date:
        return date(self.year, self.month, calendar.monthrange(self.year, self.month)[1])

    @property
    def next_first_day(self) -> date:
        return self.last_day + timedelta(days=1)

    @property
    def start(self) -> datetime:
        """First instant of the month (UTC)."""
        return india_midnight_utc(self.first_day)

    @property
    def end(self) -> datetime:
        """First instant after the month (UTC): every bound is start <= t < end."""
        return india_midnight_utc(self.next_first_day)

    def __str__(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"
