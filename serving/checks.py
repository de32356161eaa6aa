"""Start-up checks: settings that would quietly weaken sign-in or sessions are
refused before the app serves anyone (README "Running in production").

`refuse_unsafe_settings` runs in every process that builds the app (create_app);
`refuse_unsafe_serving` also knows how many worker processes gunicorn starts
(gunicorn.conf.py calls it before forking them), since some stores are shared by
the threads of one process but not by several processes."""
from collections.abc import Mapping


class UnsafeSettings(RuntimeError):
    """gunicorn prints a RuntimeError raised at start as its error, and exits."""


def _problems(config: Mapping) -> list[str]:
    out = []
    pair = int(config["SIGNIN_FAILURE_LIMIT"])
    account = int(config["SIGNIN_ACCOUNT_LIMIT"])
    address = int(config["SIGNIN_ADDRESS_LIMIT"])
    if min(pair, account, address) < 1 or int(config["SIGNIN_LOCK_MINUTES"]) < 1:
        out.append("SIGNIN_FAILURE_LIMIT, SIGNIN_ACCOUNT_LIMIT, SIGNIN_ADDRESS_LIMIT and "
                   "SIGNIN_LOCK_MINUTES must be at least 1.")
    elif account <= pair:
        out.append(f"SIGNIN_ACCOUNT_LIMIT ({account}) must be higher than SIGNIN_FAILURE_LIMIT "
                   f"({pair}): otherwise a stranger's {account} wrong tries lock an account "
                   f"out from everywhere.")
    idle = float(config["SESSION_IDLE_MINUTES"])
    absolute = float(config["SESSION_ABSOLUTE_HOURS"])
    if idle <= 0 or absolute <= 0 or idle > absolute * 60:
        out.append(f"SESSION_IDLE_MINUTES ({idle:g}) and SESSION_ABSOLUTE_HOURS ({absolute:g}) "
                   f"must be positive, and the idle limit no longer than the absolute one.")
    return out


def _in_memory_database(url: str) -> bool:
    url = url.lower()
    return url.startswith("sqlite") and (url.rstrip("/") in ("sqlite:", "sqlite+pysqlite:")
                                        or ":memory:" in url or "mode=memory" in url)


def refuse_unsafe_settings(config: Mapping) -> None:
    problems = _problems(config)
    if problems:
        raise UnsafeSettings("Bal Setu refuses to start: " + " ".join(problems))


def refuse_unsafe_serving(config: Mapping, workers: int) -> list[str]:
    """Before gunicorn forks `workers` processes. Sessions and sign-in locks live
    in the database, so every worker and machine shares them, provided there is
    one database: an in-memory SQLite database would be one per worker. Returns
    warnings for what is weaker, not unsafe, with several workers."""
    problems = _problems(config)
    if workers > 1 and _in_memory_database(str(config["SQLALCHEMY_DATABASE_URI"])):
        problems.append(f"{workers} workers on an in-memory SQLite database would each have a "
                        f"database of their own (sessions, sign-in locks, records): set "
                        f"DATABASE_URL to a file or to PostgreSQL, or run one worker.")
    if problems:
        raise UnsafeSettings("Bal Setu refuses to start: " + " ".join(problems))
    warnings = []
    if workers > 1 and str(config.get("RATELIMIT_STORAGE_URI", "")).startswith("memory://"):
        warnings.append(
            f"The public page's submission limits (PUBLIC_SUBMISSION_LIMIT, PUBLIC_ATTEMPT_LIMIT) "
            f"are counted by each of the {workers} workers on its own: an address may submit up "
            f"to {workers} times as many reports. Set RATELIMIT_STORAGE_URI=redis://... to count "
            f"them together. (Sign-in locks and sessions are in the database, shared by all.)")
    return warnings
