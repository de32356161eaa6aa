"""Bal Setu: the application factory, and the development/pilot server.

`python app.py` creates and migrates the SQLite database under instance/ and
serves the panel on http://127.0.0.1:5000 (HOST and PORT change that). Production runs
`flask --app app db upgrade` and then gunicorn on `app:create_app()`."""
import os
import secrets

import click
from flask import Flask, g, render_template, request, session
from flask_admin import Admin
from flask_admin.theme import Bootstrap4Theme
from flask_babel import gettext as _, lazy_gettext as _l
from flask_login import current_user
from flask_wtf.csrf import CSRFError
from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DataError, DBAPIError, InterfaceError, OperationalError, SQLAlchemyError
from werkzeug.middleware.proxy_fix import ProxyFix

from config import BASE_DIR, INSTANCE_DIR, Config
from display import register_filters
from extensions import babel, csrf, db, limiter, login_manager, migrate
from models import choices
from models.settings import TRAINING, database_purpose, training_refusal

MIGRATIONS_DIR = os.path.join(BASE_DIR, "migrations")


def _instance_secret_key() -> str:
    """A generated key kept under instance/, for the single-process server and CLI."""
    path = os.path.join(INSTANCE_DIR, "secret_key")
    os.makedirs(INSTANCE_DIR, exist_ok=True)
    if not os.path.exists(path):
        with open(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600), "w") as fh:
            fh.write(secrets.token_hex(32))
    with open(path) as fh:
        return fh.read().strip()


def _resolve_secret_key(app: Flask, dev: bool) -> None:
    if app.config.get("SECRET_KEY"):
        return
    if dev or app.testing or click.get_current_context(silent=True) is not None:
        app.config["SECRET_KEY"] = _instance_secret_key()
        return
    raise RuntimeError("SECRET_KEY is not set: production refuses to start without it.")


def _resolve_cookie_security(app: Flask, dev: bool) -> None:
    """Secure (HTTPS-only) cookies in production; plain HTTP for the development
    server, tests and CLI commands unless SESSION_COOKIE_SECURE says otherwise."""
    secure = app.config.get("SESSION_COOKIE_SECURE")
    if secure is None:
        local = dev or app.testing or app.debug or click.get_current_context(silent=True) is not None
        secure = not local
    app.config["SESSION_COOKIE_SECURE"] = bool(secure)
    app.config.setdefault("REMEMBER_COOKIE_SECURE", bool(secure))


def csp_nonce() -> str:
    """One nonce per response, shared by the CSP header and the page's scripts."""
    if "csp_nonce" not in g:
        g.csp_nonce = secrets.token_urlsafe(16)
    return g.csp_nonce


def _security_headers(response):
    headers = response.headers
    nonce = csp_nonce()
    headers.setdefault("Content-Security-Policy", "; ".join((
        "default-src 'self'",
        f"script-src 'self' 'nonce-{nonce}'",
        # Bootstrap and select2 set style attributes; styles cannot run code.
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data:",
        "font-src 'self' data:",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    )))
    headers.setdefault("X-Frame-Options", "DENY")
    headers.setdefault("X-Content-Type-Options", "nosniff")
    headers.setdefault("Referrer-Policy", "same-origin")
    headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
    from flask import current_app
    if current_app.config["SESSION_COOKIE_SECURE"] and current_app.config["HSTS_SECONDS"]:
        headers.setdefault("Strict-Transport-Security",
                           f"max-age={current_app.config['HSTS_SECONDS']}")
    # Pages with children's data are not kept by browsers or proxies.
    user = g.get("_login_user")
    if user is not None and getattr(user, "is_authenticated", False) and "Cache-Control" not in headers:
        headers["Cache-Control"] = "private, no-store"
    return response


def create_app(config: dict | None = None, dev: bool = False) -> Flask:
    app = Flask(__name__, instance_path=INSTANCE_DIR)
    app.config.from_object(Config)
    if config:
        app.config.update(config)
    _resolve_secret_key(app, dev)
    from serving.checks import refuse_unsafe_settings
    refuse_unsafe_settings(app.config)
    _resolve_cookie_security(app, dev)
    os.makedirs(INSTANCE_DIR, exist_ok=True)
    if app.config.get("PROXY_COUNT"):
        n = int(app.config["PROXY_COUNT"])
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=n, x_proto=n, x_host=n)

    db.init_app(app)
    migrate.init_app(app, db, directory=MIGRATIONS_DIR, render_as_batch=True)
    csrf.init_app(app)
    babel.init_app(app, locale_selector=_babel_locale, timezone_selector=lambda: "Asia/Kolkata")
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message = None  # the sign-in page speaks for itself
    login_manager.session_protection = "strong"
    from auth import sessions
    sessions.init_app(app)  # idle and absolute limits; revocable sessions
    limiter.init_app(app)
    app.after_request(_security_headers)
    from access import access_log  # sign-ins, sign-outs, exports, records opened
    access_log.init_app(app)
    from serving.proxy import warn_unread_forwarded_for
    warn_unread_forwarded_for(app)

    from auth import bp as auth_bp
    app.register_blueprint(auth_bp)
    from public import bp as public_bp  # the public page, no sign-in
    app.register_blueprint(public_bp)

    from admin_views import HomeView, register_views
    admin = Admin(
        app, name="Bal Setu", url="/admin",
        index_view=HomeView(name=_l("Home"), url="/admin"),
        theme=Bootstrap4Theme(base_template="admin/balsetu_base.html", fluid=True),
        translations_path=os.path.join(BASE_DIR, "translations"),
        csp_nonce_generator=csp_nonce,
    )
    register_views(admin)

    from cli import register_commands
    register_commands(app)
    # Browsers ask every site for /favicon.ico: the panel's mark, not a 404.
    app.add_url_rule("/favicon.ico", "favicon", lambda: app.send_static_file("favicon.ico"))
    _register_error_pages(app)
    _check_training_database(app)

    register_filters(app)
    from admin_views.labels import widget_texts
    app.jinja_env.globals["widget_texts"] = widget_texts  # the panel's widgets (balsetu_base)
    from matches.strength import strength
    app.jinja_env.filters["match_strength"] = strength  # templates/admin/matches/_strength.html

    @app.context_processor
    def _layout_globals():
        return {"languages": app.config["LANGUAGES"], "current_language": str(_locale()),
                "choices": choices, "csp_nonce": csp_nonce,
                "training_copy": _training_copy(app)}

    return app


def _babel_locale() -> str:
    """The language's Indian locale for Babel: numbers group as 1,29,270 and dates
    follow Indian usage in English too. Catalogs stay under translations/en|hi|gu:
    gettext falls back from en_IN to en."""
    return f"{_locale()}_IN"


# ---- training copy (README "Training"; models/settings.py) ----------------------
def _check_training_database(app: Flask) -> None:
    """With TRAINING_MODE, refuse to start against a database not marked as a
    training database. Checked by every process that serves pages (python app.py,
    gunicorn, flask run); other CLI commands load the app unchecked, so that
    `seed-demo --training` can create and mark one."""
    if not app.config.get("TRAINING_MODE"):
        return
    command = click.get_current_context(silent=True)
    if command is not None and command.command.name != "run":
        return
    from sqlalchemy.engine import make_url
    url = make_url(app.config["SQLALCHEMY_DATABASE_URI"]).render_as_string(hide_password=True)
    with app.app_context():
        try:
            with db.engine.connect() as connection:
                purpose = database_purpose(connection)
        except SQLAlchemyError as exc:
            raise RuntimeError(f"{training_refusal(url)} (The database could not be read: "
                               f"{str(exc).splitlines()[0]})") from None
    if purpose != TRAINING:
        raise RuntimeError(training_refusal(url))


TRAINING_RECHECK_SECONDS = 60


def _training_copy(app: Flask) -> bool:
    """Show the training banner? With TRAINING_MODE, or when the database is marked
    as a training database even without it, so practice data is never taken for real
    records. A mark is remembered; no mark is looked for again after a minute."""
    if app.config.get("TRAINING_MODE"):
        return True
    import time
    state = app.extensions.setdefault("balsetu_training_mark", {"marked": False, "checked": 0.0})
    if state["marked"] or time.monotonic() - state["checked"] < TRAINING_RECHECK_SECONDS:
        return state["marked"]
    state["checked"] = time.monotonic()
    try:
        with db.engine.connect() as connection:
            state["marked"] = database_purpose(connection) == TRAINING
    except SQLAlchemyError:  # the database is down: its error page needs no banner check
        pass
    return state["marked"]


def _locale():
    languages = list(Config.LANGUAGES)
    if g.get("database_down"):  # the account cannot be loaded: use the session's choice
        return session.get("language") if session.get("language") in languages else (
            request.accept_languages.best_match(languages) or "en")
    if current_user and current_user.is_authenticated and current_user.language in languages:
        return current_user.language
    if session.get("language") in languages:
        return session["language"]
    return request.accept_languages.best_match(languages) or "en"


def _register_error_pages(app: Flask) -> None:
    def page(code, title, message):
        db.session.rollback()
        return render_template("error.html", title=title, message=message), code

    app.register_error_handler(400, lambda e: page(400, _("Bad request"), _(
        "The form could not be read. Nothing was saved; please try again.")))
    app.register_error_handler(CSRFError, lambda e: page(400, _("Form expired"), _(
        "The form had expired or came from elsewhere. Nothing was saved: go back, reload the page and submit again.")))
    app.register_error_handler(403, lambda e: page(403, _("Not allowed"), _(
        "Your role does not give access to this page.")))
    app.register_error_handler(404, lambda e: page(404, _("Not found"), _(
        "There is no such page or record.")))
    app.register_error_handler(413, lambda e: page(413, _("Upload too large"), _(
        "The upload is too large. Photos may be at most 5 MB. Nothing was saved.")))
    app.register_error_handler(429, lambda e: page(429, _("Too many attempts"), _(
        "Too many attempts from this computer. Wait a few minutes and try again.")))
    app.register_error_handler(DBAPIError, _database_unavailable)
    # A number too large for the database (an id of 10^30 in a form or URL) is bad
    # input, not a crash: SQLite's driver raises OverflowError before any query.
    app.register_error_handler(OverflowError, lambda e: page(400, _("Bad request"), _(
        "The form could not be read. Nothing was saved; please try again.")))
    app.register_error_handler(500, lambda e: page(500, _("Something went wrong"), _(
        "Nothing was saved. Please try again; if it happens again, tell your DCPU or state admin.")))


def _database_unavailable(error):
    """The database cannot be reached (or is busy): a clear "try again" page, never
    a stack trace. The session's connection is dropped, so the next request gets a
    fresh one from the pool (pre-ping) and the app recovers when the database returns."""
    from flask import current_app
    if isinstance(error, DataError):
        # A value the database cannot hold (an id of 10^30, a NUL character) got past
        # the form: bad input, answered as such, with nothing saved.
        current_app.logger.warning("Refused value on %s %s: %s", request.method, request.path,
                                   str(error.orig).splitlines()[0] if error.orig else error)
        try:
            db.session.rollback()
        except Exception:
            pass
        return render_template("error.html", title=_("Bad request"), message=_(
            "The form could not be read. Nothing was saved; please try again.")), 400
    if not (isinstance(error, (OperationalError, InterfaceError)) or error.connection_invalidated):
        raise error  # a bug, not an outage: the ordinary 500 page (and the log)
    g.database_down = True
    current_app.logger.error("Database unavailable on %s %s: %s", request.method, request.path,
                             str(error).splitlines()[0] if str(error) else type(error).__name__)
    try:
        db.session.rollback()
    except Exception:  # the connection itself may be gone
        pass
    try:
        db.session.remove()
    except Exception:
        pass
    # The signed-in user was loaded through the session just dropped: the page and the
    # response headers must not read it (a detached row would raise, a 500 instead of
    # this page), so this one page is drawn as for a visitor.
    g._login_user = login_manager.anonymous_user()
    title = _("Service temporarily unavailable")
    message = _("The database cannot be reached right now. What you just submitted was not "
                "saved. Please wait a minute and try again.")
    try:
        body = render_template("error.html", title=title, message=message)
    except Exception:  # never a stack trace, even if the page itself cannot be drawn
        from markupsafe import escape
        body = (f"<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>{escape(title)}</title>"
                f"</head><body><h2>{escape(title)}</h2><p>{escape(message)}</p></body></html>")
    return body, 503, {"Retry-After": "30", "Cache-Control": "no-store"}


@event.listens_for(Engine, "connect")
def _sqlite_pragmas(dbapi_connection, connection_record):
    """SQLite serves one machine: WAL and a busy timeout let writers wait, not fail."""
    import sqlite3
    if isinstance(dbapi_connection, sqlite3.Connection):
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA busy_timeout=15000")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.close()


def listen_address(environ=os.environ) -> tuple[str, int]:
    """Where `python app.py` listens: HOST (127.0.0.1, this computer only, unless
    set; 0.0.0.0 lets colleagues on the office network reach a pilot server) and
    PORT (5000)."""
    host = environ.get("HOST", "").strip() or "127.0.0.1"
    port = environ.get("PORT", "").strip() or "5000"
    if not port.isdigit() or not 1 <= int(port) <= 65535:
        raise SystemExit(f"PORT must be a number from 1 to 65535, not {port!r}.")
    return host, int(port)


def main() -> None:
    host, port = listen_address()
    app = create_app(dev=True)
    with app.app_context():
        from flask_migrate import upgrade
        upgrade(directory=MIGRATIONS_DIR)
    app.run(host=host, port=port)


if __name__ == "__main__":
    main()
