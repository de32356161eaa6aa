"""Configuration from the environment (microblog style): one class, read once."""
import os
from datetime import timedelta

BASE_DIR = os.path.abspath(os.path.dirname(__file__))
INSTANCE_DIR = os.path.join(BASE_DIR, "instance")


def _bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _optional_bool(name: str) -> bool | None:
    return None if os.environ.get(name) is None else _bool(name)


def _database_url() -> str:
    url = os.environ.get("DATABASE_URL") or f"sqlite:///{os.path.join(INSTANCE_DIR, 'balsetu.db')}"
    # Accept the plain URLs that hosting panels hand out and use psycopg 3 for them.
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            url = "postgresql+psycopg://" + url[len(prefix):]
    return url


class Config:
    SECRET_KEY = os.environ.get("SECRET_KEY")
    SQLALCHEMY_DATABASE_URI = _database_url()
    SQLALCHEMY_ENGINE_OPTIONS: dict = {"pool_pre_ping": True}

    # Photos are capped at 5 MB (DESIGN "Limits"); the request cap leaves room for
    # the rest of the form so that a too-large photo gets a form error (the rest of
    # the form kept), not a bare 413. Werkzeug spools large uploads to disk.
    PHOTO_MAX_BYTES = 5 * 1024 * 1024
    MAX_CONTENT_LENGTH = 64 * 1024 * 1024

    # Sessions (DESIGN "Limits", auth/sessions.py): a session ends after
    # SESSION_IDLE_MINUTES without a request (Flask refuses a cookie signed longer
    # ago; every request signs it again) and SESSION_ABSOLUTE_HOURS after sign-in,
    # however busy.
    SESSION_IDLE_MINUTES = int(os.environ.get("SESSION_IDLE_MINUTES", "30"))
    SESSION_ABSOLUTE_HOURS = float(os.environ.get("SESSION_ABSOLUTE_HOURS", "12"))
    PERMANENT_SESSION_LIFETIME = timedelta(minutes=SESSION_IDLE_MINUTES)
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    # None: secure (HTTPS-only) cookies unless the app runs in debug, testing, the
    # development server or a CLI command; set SESSION_COOKIE_SECURE=0 to serve a
    # pilot over plain HTTP on a closed network.
    SESSION_COOKIE_SECURE = _optional_bool("SESSION_COOKIE_SECURE")
    REMEMBER_COOKIE_HTTPONLY = True
    # Strict-Transport-Security is sent when cookies are secure (HTTPS deployments).
    HSTS_SECONDS = int(os.environ.get("HSTS_SECONDS", "31536000"))
    # Reverse proxies (nginx) in front of gunicorn: how many, so the client's own
    # address (for sign-in limits) and scheme are read from X-Forwarded-*.
    PROXY_COUNT = int(os.environ.get("PROXY_COUNT", "0"))

    # Sign-in locks (DESIGN "Limits", auth/signin_locks.py), counted in the database
    # over SIGNIN_LOCK_MINUTES and locking for as long: SIGNIN_FAILURE_LIMIT failures
    # of one account from one address lock that pair; SIGNIN_ACCOUNT_LIMIT failures
    # of one account from anywhere lock the account (higher, so that a stranger's
    # five tries cannot lock a member out everywhere); SIGNIN_ADDRESS_LIMIT failures
    # from one address, whatever the accounts, lock the address (password spraying).
    # Successful sign-ins are not counted.
    SIGNIN_FAILURE_LIMIT = int(os.environ.get("SIGNIN_FAILURE_LIMIT", "5"))
    SIGNIN_ACCOUNT_LIMIT = int(os.environ.get("SIGNIN_ACCOUNT_LIMIT", "20"))
    SIGNIN_ADDRESS_LIMIT = int(os.environ.get("SIGNIN_ADDRESS_LIMIT", "100"))
    SIGNIN_LOCK_MINUTES = int(os.environ.get("SIGNIN_LOCK_MINUTES", "15"))
    # Flask-Limiter's store, for the public page's submission limits only.
    RATELIMIT_STORAGE_URI = os.environ.get("RATELIMIT_STORAGE_URI", "memory://")
    RATELIMIT_STRATEGY = "moving-window"
    RATELIMIT_IN_MEMORY_FALLBACK_ENABLED = True  # Redis down: limits still hold per worker
    RATELIMIT_HEADERS_ENABLED = False

    # The matching engine's estimated parameters (`flask --app app estimate-match-weights`
    # writes them); without the file, the shipped defaults (matching/weights.json).
    MATCH_WEIGHTS_FILE = os.environ.get("MATCH_WEIGHTS_FILE") or os.path.join(
        INSTANCE_DIR, "match_weights.json")

    LANGUAGES = {"en": "English", "hi": "हिन्दी", "gu": "ગુજરાતી"}
    BABEL_DEFAULT_LOCALE = "en"
    BABEL_DEFAULT_TIMEZONE = "Asia/Kolkata"
    BABEL_TRANSLATION_DIRECTORIES = os.path.join(BASE_DIR, "translations")

    FLASK_ADMIN_SWATCH = "default"
    WTF_CSRF_TIME_LIMIT = None  # forms stay valid for the whole (30 minute) session

    # A training copy (README "Training"): a banner on every page, and no start
    # against a database that `seed-demo --training` has not marked.
    TRAINING_MODE = _bool("BALSETU_TRAINING")
    DEMO_PASSWORD = os.environ.get("DEMO_PASSWORD")
    # The public page (public/): the state helpline shown beside Childline 1098 where a
    # state has none of its own on record, and the limits on citizens' submissions per
    # address (DESIGN "Limits"): accepted submissions, and every attempt (a bad form
    # or photo costs work too). A parent sends the photo as the phone took it (up to
    # PUBLIC_PHOTO_MAX_BYTES; forms/photos.py shrinks it to MAX_SIDE); the request cap
    # leaves room for the rest of the form so that a larger photo gets a form error,
    # and the page checks the size before sending (static/public_photo_check.js).
    STATE_HELPLINE = os.environ.get("STATE_HELPLINE", "")
    PUBLIC_SUBMISSION_LIMIT = os.environ.get("PUBLIC_SUBMISSION_LIMIT", "5 per hour")
    PUBLIC_ATTEMPT_LIMIT = os.environ.get("PUBLIC_ATTEMPT_LIMIT", "30 per hour")
    # Searches of the public listing per address: a family searching is never near it,
    # a script trying name after name is.
    PUBLIC_SEARCH_LIMIT = os.environ.get("PUBLIC_SEARCH_LIMIT", "60 per minute; 600 per hour")
    PUBLIC_PHOTO_MAX_BYTES = 20 * 1024 * 1024
    PUBLIC_MAX_CONTENT_LENGTH = int(os.environ.get("PUBLIC_MAX_CONTENT_LENGTH", str(28 * 1024 * 1024)))
