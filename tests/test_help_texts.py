"""Every form field has a help text, in English, Hindi and Gujarati.

Walks the create and edit form of every panel screen, as a role allowed to open
it, and every other form of the app (sign-in, password, archive, match review,
import, the public page's forms): each visible field must have a description,
and that description must come from the catalogs (it reads in Devanagari under
Hindi and in Gujarati script under Gujarati), so a help text written outside
gettext fails here too."""
import re

import pytest
from flask_admin.contrib.sqla import ModelView
from flask_babel import force_locale
from flask_login import login_user
from wtforms import HiddenField
from wtforms.csrf.core import CSRFTokenField

from access.rights import CREATE, EDIT, RIGHTS
from extensions import db
from forms.base import BaseForm
from models import User

# One account of the test world per role (tests/world.py).
ACCOUNT_OF_ROLE = {"national_admin": "national", "state_admin": "stateadmin_gj",
                   "dcpu": "dcpu_amd", "police": "police_amd", "cci": "cci_amd",
                   "cwc": "cwc_amd", "jjb": "jjb_amd", "ngo": "ngo_amd"}
SCRIPTS = {"hi": re.compile("[\u0900-\u097f]"), "gu": re.compile("[\u0a80-\u0aff]")}


def _visible(form):
    return [f for f in form if not isinstance(f, (HiddenField, CSRFTokenField))
            and getattr(f.widget, "input_type", "") != "hidden"]


def _problems(form, where):
    """Fields without a help text, or with one the catalogs do not translate."""
    found = []
    for field in _visible(form):
        for lang, script in SCRIPTS.items():
            with force_locale(lang):
                if not script.search(str(field.label.text)):
                    found.append(f"{where}: {field.name}: the label is not translated into {lang}: "
                                 f"{str(field.label.text)!r}")
        if not field.description or not str(field.description).strip():
            found.append(f"{where}: {field.name} has no help text")
            continue
        for lang, script in SCRIPTS.items():
            with force_locale(lang):
                shown = str(field.description)
            if not script.search(shown):
                found.append(f"{where}: {field.name}: the help text is not translated into "
                             f"{lang} (is it wrapped in _l()?): {shown!r}")
    return found


def _model_views(app):
    return [v for v in app.extensions["admin"][0]._views if isinstance(v, ModelView)]


def _role_with(screen, right):
    for role, rights in RIGHTS.get(screen, {}).items():
        if right in rights and role in ACCOUNT_OF_ROLE:
            return role
    return None


def _forms_of(view, app):
    """(where, form) for the create and edit form of a screen, each built in a
    request as a user whose role may open it."""
    out = []
    for right, endpoint in ((CREATE, "create_view"), (EDIT, "edit_view")):
        role = _role_with(view.screen, right)
        if role is None:
            continue
        user = db.session.scalar(db.select(User).where(User.username == ACCOUNT_OF_ROLE[role]))
        path = f"{view.url}/{'new' if right == CREATE else 'edit'}/"
        with app.test_request_context(path):
            login_user(user)
            if not (view.can_create if right == CREATE else view.can_edit):
                continue
            if right == CREATE:
                form = view.create_form()
            else:
                record = view.get_query().first()
                form = view.edit_form(record)
            out.append((f"{view.endpoint}.{endpoint} as {role}", form))
    return out


def test_every_panel_form_field_has_a_help_text(app, world):
    problems, walked = [], []
    with app.app_context():
        for view in _model_views(app):
            for where, form in _forms_of(view, app):
                walked.append(where)
                problems += _problems(form, where)
        db.session.remove()
    # every screen a role may create or edit on was walked
    editable = {v.endpoint for v in _model_views(app)
                if _role_with(v.screen, CREATE) or _role_with(v.screen, EDIT)}
    assert editable <= {w.split(".")[0] for w in walked}, editable
    assert len(walked) >= 20, walked
    assert not problems, "\n".join(problems)


def _all_subclasses(cls):
    for sub in cls.__subclasses__():
        yield sub
        yield from _all_subclasses(sub)


def _app_form_classes():
    """Every form class the app defines (Flask-Admin's generated ones are walked above)."""
    import importlib
    import pkgutil
    for package in ("forms", "admin_views", "auth", "public"):
        try:
            module = importlib.import_module(package)
        except ImportError:  # a package that does not exist yet
            continue
        for info in pkgutil.iter_modules(getattr(module, "__path__", [])):
            importlib.import_module(f"{package}.{info.name}")
    return sorted({c for c in _all_subclasses(BaseForm)  # _Base classes: through their subclasses
                   if c.__module__.split(".")[0] in ("forms", "admin_views", "auth", "public")
                   and not c.__name__.startswith("_")},
                  key=lambda c: f"{c.__module__}.{c.__name__}")


def test_every_other_form_field_has_a_help_text(app, world):
    classes = _app_form_classes()
    names = {c.__name__ for c in classes}
    assert {"LoginForm", "ChangePasswordForm", "ArchiveForm", "DecisionForm", "RestorationForm",
            "ThresholdForm", "UploadForm", "ConfirmForm"} <= names, names
    problems = []
    with app.test_request_context("/"):
        for form_class in classes:
            problems += _problems(form_class(formdata=None), f"{form_class.__module__}.{form_class.__name__}")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("lang, text", [
    ("en", "Scars, moles, birthmarks, tattoos: where on the body and what they look like."),
    ("hi", "शरीर पर कहाँ"), ("gu", "શરીર પર ક્યાં")])
def test_help_texts_show_on_the_panel_form_in_the_users_language(client, auth, world, lang, text):
    auth.login("police_amd")
    client.get(f"/language/{lang}")
    html = client.get("/admin/missing_report/new/").get_data(as_text=True)
    assert text in html


@pytest.mark.parametrize("path, user", [("/login", None), ("/password", "dcpu_amd"),
                                        ("/admin/import/", "dcpu_amd"), ("/admin/matches/", "dcpu_amd")])
def test_help_texts_show_on_the_other_forms(client, auth, world, path, user):
    if user:
        auth.login(user)
    html = client.get(path).get_data(as_text=True)
    assert html.count('class="form-text text-muted') >= 1, path
