"""Real-browser fixtures: the demo pilot served on 127.0.0.1 from a thread, and
the system Chromium (Debian's `chromium` package) driven headless by Playwright.

Browser tests run on SQLite only (DESIGN "Tests": browser tests need one
engine), so they skip when TEST_DATABASE_URL is set. They also skip when
Playwright or Chromium is missing, unless BALSETU_REQUIRE_BROWSER=1 (CI sets
it for its SQLite run), which turns the skip into a failure: in CI the walk
must really run."""
import os
import shutil
import threading
import time

import pytest
from werkzeug.serving import WSGIRequestHandler, make_server

from app import create_app
from extensions import db
from models import Base
from tests.browser.walk import CHROMIUM_ARGS, DEMO_PASSWORD, Walk


def _chromium_path():
    configured = os.environ.get("CHROMIUM_PATH")
    if configured:
        return configured if os.access(configured, os.X_OK) else None
    return shutil.which("chromium") or (
        "/usr/bin/chromium" if os.access("/usr/bin/chromium", os.X_OK) else None)


def _cannot_run(reason):
    if os.environ.get("BALSETU_REQUIRE_BROWSER") == "1":
        pytest.fail(f"browser tests are required here (BALSETU_REQUIRE_BROWSER=1) but {reason}",
                    pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="session")
def chromium_path():
    if os.environ.get("TEST_DATABASE_URL"):
        pytest.skip("browser tests run on SQLite only (DESIGN: browser tests need one engine); "
                    "TEST_DATABASE_URL is set")
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        _cannot_run("the playwright package is not installed (pip install -r requirements.txt)")
    path = _chromium_path()
    if path is None:
        _cannot_run("Chromium was not found (apt-get install chromium fonts-lohit-deva "
                    "fonts-lohit-gujr, or point CHROMIUM_PATH at it)")
    return path


class _QuietHandler(WSGIRequestHandler):
    """No access log: a failing walk shows its own messages, not 200 lines of GETs."""

    def log_request(self, *args, **kwargs):
        pass


@pytest.fixture(scope="module")
def live_server(chromium_path, tmp_path_factory):
    """A training copy as trainers make it (`seed-demo --training`: the demo pilot,
    marked as a training database) on a fresh SQLite file, served on a free port of
    127.0.0.1 by a werkzeug server in a thread. Yields the base URL."""
    from demo.seed import seed_database
    from models.audit import system_actor
    from models.settings import mark_training

    started = time.monotonic()
    app = create_app({
        "TESTING": True,
        "SECRET_KEY": "browser-test-secret",
        "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path_factory.mktemp('browser') / 'demo.db'}",
        "DEMO_PASSWORD": DEMO_PASSWORD,
    })
    with app.app_context():
        Base.metadata.create_all(db.engine)
        token = system_actor.set("seed-demo")
        try:
            seed_database(password=DEMO_PASSWORD)  # what `flask --app app seed-demo` loads
        finally:
            system_actor.reset(token)
        mark_training(db.session)  # every page shows the training banner
        db.session.commit()
        db.session.remove()
    server = make_server("127.0.0.1", 0, app, threaded=True, request_handler=_QuietHandler)
    thread = threading.Thread(target=server.serve_forever, name="live-server", daemon=True)
    thread.start()
    print(f"\nlive server ready in {time.monotonic() - started:.1f} s")
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join(timeout=10)


@pytest.fixture(scope="module")
def browser(chromium_path):
    from playwright.sync_api import sync_playwright
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """Keep each phase's report on the test, so a fixture can tell that it failed."""
    outcome = yield
    report = outcome.get_result()
    setattr(item, f"report_{report.when}", report)


@pytest.fixture
def walk(request, browser, live_server, tmp_path):
    """A walk through the pilot; when the test fails, each person's page is saved
    (screenshot and HTML) under the test's tmp_path and the paths are printed."""
    walk = Walk(browser, live_server, tmp_path / "walkthrough")
    yield walk
    report = getattr(request.node, "report_call", None)
    if report is not None and report.failed:
        for person in walk.people:
            stem = tmp_path / f"failure-{person.label}"
            person.page.screenshot(path=f"{stem}.png", full_page=True)
            stem.with_suffix(".html").write_text(person.page.content(), encoding="utf-8")
            print(f"{person.label} was at {person.page.url}: {stem}.png")
    for person in walk.people:
        person.context.close()
