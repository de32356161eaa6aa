"""Field checks for the panel and imports: clear messages, in the user's language."""
from datetime import date, datetime, timezone

from flask_babel import gettext as _, lazy_gettext as _l
from wtforms.validators import NumberRange, Optional, ValidationError

from models.base import now_in_india, today_in_india

EARLIEST = date(1990, 1, 1)
MIN_HEIGHT_CM, MAX_HEIGHT_CM = 30, 220
MAX_CHILD_AGE, MAX_AFTER_CARE_AGE = 17, 21


def _as_date(value):
    return value.date() if isinstance(value, datetime) else value


def not_in_future(form, field):
    """Not after now in India: a naive time is India time, as users type it, and a
    date is compared with India's date (never the server's local one)."""
    value = field.data
    if value is None:
        return
    if isinstance(value, datetime):
        now = datetime.now(timezone.utc) if value.tzinfo else now_in_india().replace(tzinfo=None)
        if value > now:
            raise ValidationError(_("This date is in the future."))
    elif value > today_in_india():
        raise ValidationError(_("This date is in the future."))
    if _as_date(value) < EARLIEST:
        raise ValidationError(_("This date is too far in the past."))


def plausible_date(form, field):
    """Future dates are allowed (hearings, reviews), impossible ones are not."""
    value = _as_date(field.data)
    if value is not None and not (EARLIEST <= value <= date(2100, 1, 1)):
        raise ValidationError(_("This is not a plausible date."))


height = [Optional(), NumberRange(MIN_HEIGHT_CM, MAX_HEIGHT_CM,
                                  message=_l("Height must be between 30 and 220 cm."))]
child_age = [Optional(), NumberRange(0, MAX_AFTER_CARE_AGE,
                                     message=_l("A child's age must be between 0 and 17 (18 to 21 only in after-care)."))]
capacity = [Optional(), NumberRange(0, 10000, message=_l("Capacity must be between 0 and 10,000."))]


# Statuses in which a person of 18 to 21 may be on the register.
ADULT_STATUSES = {"after_care", "turned_18"}


def check_age_for_status(age, status):
    """18 to 21 only with the after-care (or turned-18) status (DESIGN "Values")."""
    if age is not None and age > MAX_CHILD_AGE and status not in ADULT_STATUSES:
        raise ValidationError(_("An age of 18 to 21 is only valid for a child in after-care."))


def age_from_birth(born: date, on: date | None = None) -> int:
    on = on or today_in_india()
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))
