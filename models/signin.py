"""Failed sign-ins and the locks they cause, kept in the database so that every
worker and every machine counts the same tries (auth/signin_locks.py).

Usernames are stored as typed (folded to lower case), whether or not such an
account exists: locking only real accounts would tell a guesser which exist."""
from datetime import datetime

from sqlalchemy import Index, String
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base, UTCDateTime

# What a lock covers.
LOCK_PAIR = "pair"        # one account from one address
LOCK_ACCOUNT = "account"  # one account from every address (the higher ceiling)
LOCK_ADDRESS = "address"  # every account from one address (the spraying ceiling)
LOCK_KINDS = (LOCK_PAIR, LOCK_ACCOUNT, LOCK_ADDRESS)
# The locks a state admin sees on an account and may lift.
ACCOUNT_LOCKS = (LOCK_PAIR, LOCK_ACCOUNT)


class SigninFailure(Base):
    """One wrong password (or unknown username) within the counting window; older
    rows are deleted as new ones arrive."""

    __tablename__ = "signin_failures"
    __table_args__ = (
        Index("ix_signin_failures_username_failed_at", "username", "failed_at"),
        Index("ix_signin_failures_address_failed_at", "address", "failed_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(80))
    address: Mapped[str] = mapped_column(String(64))
    failed_at: Mapped[datetime] = mapped_column(UTCDateTime)


class SigninLock(Base):
    """Sign-in refused for `kind` until `locked_until`: a pair lock names both the
    username and the address, an account lock the username, an address lock the
    address."""

    __tablename__ = "signin_locks"
    __table_args__ = (
        Index("ix_signin_locks_username_locked_until", "username", "locked_until"),
        Index("ix_signin_locks_address_locked_until", "address", "locked_until"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(10))
    username: Mapped[str | None] = mapped_column(String(80))
    address: Mapped[str | None] = mapped_column(String(64))
    locked_at: Mapped[datetime] = mapped_column(UTCDateTime)
    locked_until: Mapped[datetime] = mapped_column(UTCDateTime)
