"""Passwords: the policy for passwords people choose (OWASP ASVS 2.1), and a
check that costs the same whether or not the account exists (ASVS 2.2, 3.x).

The policy: at least MIN_LENGTH characters, at most MAX_LENGTH, and not one of
the common passwords of `common-passwords.txt.gz` (shipped here, read from disk:
no network at run time; licence in common-passwords.LICENSE), compared without
regard to case. It applies to passwords a person chooses or an admin types;
the demo's DEMO_PASSWORD is the operator's choice for a demo and skips it."""
import gzip
import os
import secrets
from functools import cache

from flask_babel import gettext as _
from werkzeug.security import check_password_hash, generate_password_hash
from wtforms.validators import ValidationError

MIN_LENGTH = 12
MAX_LENGTH = 128
# Temporary passwords are read off a sheet and typed by someone else: no
# characters that look alike on paper or screen (l/1/I, O/0/o).
TEMPORARY_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnpqrstuvwxyz23456789"
TEMPORARY_GROUPS, TEMPORARY_GROUP_LENGTH = 3, 4  # "7Kcp-Mx3R-qTwa": 12 random characters
COMMON_PASSWORDS_FILE = os.path.join(os.path.dirname(__file__), "common-passwords.txt.gz")


@cache
def common_passwords() -> frozenset[str]:
    with gzip.open(COMMON_PASSWORDS_FILE, "rt", encoding="utf-8") as fh:
        return frozenset(line.strip() for line in fh if line.strip())


def policy_problem(password: str) -> str | None:
    """What is wrong with a new password, in the user's language, or None."""
    if len(password) < MIN_LENGTH:
        return _("The password must have at least %(count)s characters.", count=MIN_LENGTH)
    if len(password) > MAX_LENGTH:
        return _("The password may have at most %(count)s characters.", count=MAX_LENGTH)
    if password.strip().lower() in common_passwords():
        return _("This password is one of the most common passwords, which are tried first "
                 "by anyone guessing. Choose another.")
    return None


class PasswordPolicy:
    """WTForms validator for a new password (empty is left to DataRequired or
    Optional)."""

    def __call__(self, form, field):
        if field.data:
            problem = policy_problem(field.data)
            if problem:
                raise ValidationError(problem)


def temporary_password() -> str:
    """A generated temporary password: 12 characters of a 56-letter alphabet
    (69 random bits) in three groups, easy to copy by hand; within the policy."""
    while True:
        password = "-".join(
            "".join(secrets.choice(TEMPORARY_ALPHABET) for _ in range(TEMPORARY_GROUP_LENGTH))
            for _ in range(TEMPORARY_GROUPS))
        if policy_problem(password) is None:
            return password


@cache
def _dummy_hash() -> str:
    # Made like every real hash (Werkzeug's default, scrypt), so checking it costs the same.
    return generate_password_hash(secrets.token_urlsafe(16))


def verify(user, password: str) -> bool:
    """The account's password is `password`. Unknown usernames and accounts
    without a password cost one hash check too, so the time taken does not tell
    whether an account exists."""
    if user is None or not user.password_hash:
        check_password_hash(_dummy_hash(), password)
        return False
    return user.check_password(password)
