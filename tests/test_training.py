"""The training copy (README "Training"): BALSETU_TRAINING=1 shows a banner on
every page and refuses a database that `seed-demo --training` has not marked.

Each test has a SQLite file of its own; the suite's shared database is only
used to show that a normal app has no banner."""
import pytest
from sqlalchemy import select

from app import create_app
from extensions import db
from models import Base, User
from models.settings import DATABASE_PURPOSE, SiteSetting, mark_training
from tests.conftest import Auth

BANNER = "data-training-banner"
PASSWORD = "training-pass-1"


def _app(path, **config):
    return create_app({"TESTING": True, "SECRET_KEY": "training-test",
                       "SQLALCHEMY_DATABASE_URI": f"sqlite:///{path}", **config})


def _database(path, marked=True, with_user=True):
    """A database with the schema, optionally marked and with one DCPU account."""
    app = _app(path)
    with app.app_context():
        Base.metadata.create_all(db.engine)
        if marked:
            mark_training(db.session)
        if with_user:
            user = User(username="trainer", full_name="Trainer", role="national_admin",
                        must_change_password=False)
            user.set_password(PASSWORD)
            db.session.add(user)
        db.session.commit()
        db.session.remove()
        db.engine.dispose()


def test_training_mode_refuses_an_unmarked_database(tmp_path):
    path = tmp_path / "real.db"
    _database(path, marked=False)
    with pytest.raises(RuntimeError) as refused:
        _app(path, TRAINING_MODE=True)
    message = str(refused.value)
    assert "not marked as a training database" in message
    assert "flask --app app seed-demo --training" in message  # says how to fix it


def test_training_mode_refuses_the_suites_database(app, world):
    """The suite's own database (SQLite, or PostgreSQL with TEST_DATABASE_URL) is
    not a training database: refused on either engine."""
    url = app.config["SQLALCHEMY_DATABASE_URI"]
    with pytest.raises(RuntimeError, match="not marked as a training database"):
        create_app({"TESTING": True, "SECRET_KEY": "x", "SQLALCHEMY_DATABASE_URI": url,
                    "TRAINING_MODE": True})


def test_training_mode_refuses_a_fresh_database(tmp_path):
    with pytest.raises(RuntimeError, match="seed-demo --training"):
        _app(tmp_path / "empty.db", TRAINING_MODE=True)


def test_training_mode_refuses_a_database_marked_for_something_else(tmp_path):
    path = tmp_path / "other.db"
    _database(path, marked=False)
    app = _app(path)
    with app.app_context():
        db.session.add(SiteSetting(key=DATABASE_PURPOSE, value="production"))
        db.session.commit()
        db.session.remove()
    with pytest.raises(RuntimeError, match="not marked as a training database"):
        _app(path, TRAINING_MODE=True)


@pytest.fixture
def training_app(tmp_path):
    path = tmp_path / "training.db"
    _database(path)
    return _app(path, TRAINING_MODE=True)


@pytest.mark.parametrize("lang, text", [("en", "Training copy: practice data only"),
                                        ("hi", "प्रशिक्षण"), ("gu", "તાલીમ")])
def test_banner_on_the_sign_in_page_in_the_users_language(training_app, lang, text):
    page = training_app.test_client().get("/login", headers={"Accept-Language": lang})
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and BANNER in html and text in html


def test_banner_on_panel_error_and_print_pages(training_app):
    client = training_app.test_client()
    Auth(client).login("trainer", PASSWORD)
    for path in ("/admin/", "/admin/child/", "/admin/user/new/", "/admin/summary/",
                 "/admin/summary/print"):
        page = client.get(path)
        assert page.status_code == 200, path
        assert page.get_data(as_text=True).count(BANNER) == 1, path
    for path, status in (("/admin/child/new/", 403), ("/no-such-page", 404)):  # error pages
        page = client.get(path)
        assert page.status_code == status and BANNER in page.get_data(as_text=True), path


def test_banner_on_public_pages(training_app):
    """The public pages share the base template (templates/layout.html)."""
    client = training_app.test_client()
    public = [rule.rule for rule in training_app.url_map.iter_rules()
              if rule.endpoint.startswith("public.") and "GET" in rule.methods
              and not rule.arguments]
    for path in public or ["/login"]:
        page = client.get(path)
        if page.status_code == 200 and page.mimetype == "text/html":
            assert BANNER in page.get_data(as_text=True), path


def test_a_marked_database_shows_the_banner_without_the_setting(tmp_path):
    """A training database is never mistaken for the real one."""
    path = tmp_path / "training.db"
    _database(path)
    html = _app(path, TRAINING_MODE=False).test_client().get("/login").get_data(as_text=True)
    assert BANNER in html


def test_no_banner_normally(client, world):
    assert BANNER not in client.get("/login").get_data(as_text=True)
    assert BANNER not in client.get("/no-such-page").get_data(as_text=True)


# ---- seed-demo --training ------------------------------------------------------

@pytest.fixture
def create_all_schema(monkeypatch):
    """seed-demo's migration step, replaced by create_all as in the rest of the suite
    (tests/test_demo.py runs the real migrations)."""
    import cli
    monkeypatch.setattr(cli, "_ensure_schema", lambda: Base.metadata.create_all(db.engine))


def _seed(app, *args):
    with app.app_context():
        result = app.test_cli_runner().invoke(args=["seed-demo", "--children", "12", *args])
        db.session.remove()
    return result


def _purpose(app):
    with app.app_context():
        value = db.session.scalar(select(SiteSetting.value).where(SiteSetting.key == DATABASE_PURPOSE))
        db.session.remove()
    return value


def test_seed_demo_training_marks_the_database(tmp_path, create_all_schema):
    path = tmp_path / "new.db"
    app = _app(path, DEMO_PASSWORD="demo-pass-123")
    result = _seed(app, "--training")
    assert result.exit_code == 0, result.output + repr(result.exception)
    assert "marked as a training database" in result.output
    assert _purpose(app) == "training"
    assert BANNER in app.test_client().get("/login").get_data(as_text=True)  # at once
    # and now the training app starts on it
    started = _app(path, TRAINING_MODE=True)
    assert BANNER in started.test_client().get("/login").get_data(as_text=True)
    # a second run loads nothing and keeps the mark
    again = _seed(app, "--training", "--if-empty")
    assert again.exit_code == 0 and "already a training database" in again.output


def test_seed_demo_without_training_leaves_the_database_unmarked(tmp_path, create_all_schema):
    app = _app(tmp_path / "demo.db", DEMO_PASSWORD="demo-pass-123")
    result = _seed(app)
    assert result.exit_code == 0, result.output
    assert _purpose(app) is None
    assert BANNER not in app.test_client().get("/login").get_data(as_text=True)


def test_the_training_setting_implies_training_for_seed_demo(tmp_path, create_all_schema):
    """`BALSETU_TRAINING=1 flask --app app seed-demo` (CLI commands other than run
    load the app without the check, so the command can create the database)."""
    path = tmp_path / "implied.db"
    plain = _app(path, DEMO_PASSWORD="demo-pass-123")
    plain.config["TRAINING_MODE"] = True  # as the environment variable would set it
    assert _seed(plain).exit_code == 0
    assert _purpose(plain) == "training"


def test_seed_demo_training_never_marks_a_database_with_accounts(tmp_path, create_all_schema):
    path = tmp_path / "real.db"
    _database(path, marked=False)
    app = _app(path)
    result = _seed(app, "--training", "--if-empty")
    assert result.exit_code != 0
    assert "not a training database" in result.output
    assert _purpose(app) is None


def test_marking_is_not_possible_from_the_web(training_app):
    """No panel screen, route or form writes site_settings."""
    rules = [rule.rule for rule in training_app.url_map.iter_rules()]
    assert not [r for r in rules if "setting" in r.lower() or "training" in r.lower()]
    from admin_views import SCREENS
    assert SiteSetting not in {model for _view, model, *_rest in SCREENS}
