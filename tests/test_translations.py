"""The Hindi and Gujarati interface is complete, compiled, and actually shown.

Every string the code and templates mark for translation is in the en, hi and
gu catalogs and translated in hi and gu; every .mo matches its .po; Hindi is
written in Devanagari and Gujarati in Gujarati script; Flask-Admin's own
buttons and messages are translated too; the word "inmate" appears nowhere.
When a test here fails after a code change, run
`.venv/bin/python translations/sync.py` and translate what it lists.
"""
import importlib.util
import io
import os
import re

import pytest
from babel.messages.mofile import read_mo, write_mo
from babel.messages.pofile import read_po

BASE = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TRANSLATIONS = os.path.join(BASE, "translations")
TRANSLATED = ("hi", "gu")

# Strings that need no letter of the target script: proper nouns and
# placeholder-only strings. Keep this list short.
SCRIPT_EXEMPT = {"Bal Setu", "%(placeholder)s"}
SCRIPTS = {"hi": re.compile("[\u0900-\u097f]"), "gu": re.compile("[\u0a80-\u0aff]")}
# Latin words allowed inside a Hindi or Gujarati translation: file formats,
# units, codes and the literal examples of the English msgid.
LATIN_ALLOWED = {"JPEG", "PNG", "WebP", "MB", "FIR", "IP", "MAC", "UUID", "JSON", "ISO", "USD",
                 "EUR", "CNY", "red", "ObjectId"}
HEX_COLOUR = re.compile(r"#[0-9a-fA-F]+")
PLACEHOLDER = re.compile(r"%(?:\([A-Za-z_]+\))?[sdf]")


def _load_sync():
    spec = importlib.util.spec_from_file_location("translations_sync",
                                                  os.path.join(TRANSLATIONS, "sync.py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


sync = _load_sync()


def _po(lang, domain="messages"):
    with open(os.path.join(TRANSLATIONS, lang, "LC_MESSAGES", f"{domain}.po"), "rb") as fh:
        return read_po(fh)


def _shown(msgid):
    return " | ".join(msgid) if isinstance(msgid, tuple) else msgid


def _strings(message):
    return message.string if isinstance(message.string, tuple) else (message.string,)


@pytest.fixture(scope="module")
def extracted(tmp_path_factory):
    """The msgids of the code and templates now, extracted as sync.py does."""
    pot = tmp_path_factory.mktemp("i18n") / "messages.pot"
    sync.extract(str(pot))
    with open(pot, "rb") as fh:
        catalog = read_po(fh)
    messages = [m for m in catalog if m.id]
    assert len(messages) > 300, "extraction found too few strings: check babel.cfg"
    return messages


# (a) every marked string is in the catalogs and translated -----------------

@pytest.mark.parametrize("lang", ("en",) + TRANSLATED)
def test_every_extracted_msgid_is_in_the_catalog(extracted, lang):
    catalog = _po(lang)
    missing = [_shown(m.id) for m in extracted if catalog.get(m.id) is None]
    assert not missing, (f"{len(missing)} msgid(s) missing from {lang}/messages.po; run "
                         f"translations/sync.py:\n  " + "\n  ".join(missing))
    wrong_plural = [_shown(m.id) for m in extracted
                    if isinstance(m.id, tuple) != isinstance(catalog.get(m.id).id, tuple)]
    assert not wrong_plural, f"singular/plural differ from the code: {wrong_plural}"


@pytest.mark.parametrize("lang", TRANSLATED)
def test_every_extracted_msgid_is_translated(extracted, lang):
    catalog = _po(lang)
    untranslated = [_shown(m.id) for m in extracted
                    if (entry := catalog.get(m.id)) is not None
                    and (entry.fuzzy or not all(s.strip() for s in _strings(entry)))]
    assert not untranslated, (f"{len(untranslated)} msgid(s) untranslated or fuzzy in "
                              f"{lang}/messages.po:\n  " + "\n  ".join(untranslated))


@pytest.mark.parametrize("lang", TRANSLATED)
@pytest.mark.parametrize("domain", ("messages", "admin"))
def test_placeholders_and_plurals_are_kept(lang, domain):
    catalog = _po(lang, domain)
    assert catalog.num_plurals == 2 and catalog.plural_expr == "(n != 1)", catalog.plural_forms
    errors = [f"{_shown(m.id)}: {e}" for m, errs in catalog.check() for e in errs]
    assert not errors, "\n".join(errors)
    for message in catalog:  # also without the python-format flag: same placeholders
        if message.id and all(_strings(message)):
            ids = message.id if isinstance(message.id, tuple) else (message.id,)
            for index, string in enumerate(_strings(message)):
                source = ids[min(index, len(ids) - 1)]  # msgstr[0] <- msgid, [1] <- msgid_plural
                assert set(PLACEHOLDER.findall(string)) == set(PLACEHOLDER.findall(source)), (
                    message.id, string)


# (b) the committed .mo files are the compiled .po files --------------------

def _compiled(po_catalog):
    buffer = io.BytesIO()
    write_mo(buffer, po_catalog, use_fuzzy=False)
    buffer.seek(0)
    return read_mo(buffer)


def _as_dict(catalog):
    def plain(value):  # read_mo gives lists for plural ids and strings
        return tuple(value) if isinstance(value, list) else value
    return {plain(m.id): plain(m.string) for m in catalog if m.id}


@pytest.mark.parametrize("po_path", sync.all_po_files(), ids=lambda p: os.path.relpath(p, TRANSLATIONS))
def test_mo_matches_po(po_path):
    """Content, not modification times: git does not keep mtimes on checkout."""
    mo_path = po_path[:-3] + ".mo"
    assert os.path.exists(mo_path), f"{mo_path} is missing: run translations/sync.py"
    with open(po_path, "rb") as fh:
        expected = _compiled(read_po(fh))
    with open(mo_path, "rb") as fh:
        actual = read_mo(fh)
    assert actual.plural_forms == expected.plural_forms
    want, have = _as_dict(expected), _as_dict(actual)
    stale = sorted(_shown(k) for k in want.keys() | have.keys() if want.get(k) != have.get(k))
    assert not stale, (f"{os.path.relpath(mo_path, BASE)} is out of date ({len(stale)} "
                       f"entries differ); run translations/sync.py:\n  " + "\n  ".join(stale[:20]))


def test_every_catalog_exists():
    names = {os.path.relpath(p, TRANSLATIONS) for p in sync.all_po_files()}
    want = {f"{lang}/LC_MESSAGES/messages.po" for lang in ("en",) + TRANSLATED}
    want |= {f"{lang}/LC_MESSAGES/admin.po" for lang in TRANSLATED}
    assert want <= names, want - names


# (c) Hindi in Devanagari, Gujarati in Gujarati ------------------------------

@pytest.mark.parametrize("lang", TRANSLATED)
@pytest.mark.parametrize("domain", ("messages", "admin"))
def test_translations_are_in_the_right_script(lang, domain):
    other = SCRIPTS["gu" if lang == "hi" else "hi"]
    bad = []
    for message in _po(lang, domain):
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        if ids[0] in SCRIPT_EXEMPT:
            continue
        for string in _strings(message):
            if not string:
                continue
            if not SCRIPTS[lang].search(string) or other.search(string):
                bad.append(f"{ids[0]!r} -> {string!r}")
            latin = set(re.findall(r"[A-Za-z]+", HEX_COLOUR.sub("", PLACEHOLDER.sub("", string)))) - LATIN_ALLOWED
            if latin:
                bad.append(f"{ids[0]!r} -> {string!r} (English words: {sorted(latin)})")
    assert not bad, f"{lang}/{domain}.po:\n  " + "\n  ".join(bad)


# (d) Flask-Admin's own strings ----------------------------------------------

@pytest.mark.parametrize("lang", TRANSLATED)
def test_flask_admin_strings_are_translated(lang):
    catalog = _po(lang, "admin")
    missing = [_shown(m.id) for m in sync.flask_admin_catalog() if m.id
               and ((entry := catalog.get(m.id)) is None
                    or entry.fuzzy or not all(s.strip() for s in _strings(entry)))]
    assert not missing, f"{lang}/admin.po lacks:\n  " + "\n  ".join(missing)


# (e) children are children ---------------------------------------------------

SKIP_DIRS = {".venv", "venv", ".git", "tests", "__pycache__", "instance", "node_modules"}


def test_the_word_inmate_appears_nowhere():
    found = []
    for root, dirs, files in os.walk(BASE):
        dirs[:] = [d for d in dirs if d not in SKIP_DIRS]
        for name in files:
            path = os.path.join(root, name)
            if os.path.getsize(path) > 5_000_000:
                continue
            with open(path, "rb") as fh:
                if b"inmate" in fh.read().lower():
                    found.append(os.path.relpath(path, BASE))
    assert not found, f'"inmate" appears in: {found}'


# (f) pages are rendered in the user's language ------------------------------

@pytest.fixture(scope="module")
def bare_app():
    """An app with an empty in-memory database: enough for the public pages."""
    from app import create_app
    from extensions import db
    from models import Base
    app = create_app({"TESTING": True, "SECRET_KEY": "x", "SQLALCHEMY_DATABASE_URI": "sqlite://",
                      "WTF_CSRF_ENABLED": False})
    with app.app_context():
        Base.metadata.create_all(db.engine)
    return app


def _translation(lang, msgid, domain="messages"):
    return _po(lang, domain).get(msgid).string


@pytest.mark.parametrize("lang", TRANSLATED)
def test_login_page_speaks_the_browser_language(bare_app, lang):
    page = bare_app.test_client().get("/login", headers={"Accept-Language": lang})
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert f'<html lang="{lang}"' in html
    assert _translation(lang, "Sign in") in html
    assert _translation(lang, "Username") in html
    assert "Sign in" not in html


def test_language_link_sets_the_session_language(bare_app):
    client = bare_app.test_client()
    client.get("/language/gu", headers={"Accept-Language": "hi"})
    with client.session_transaction() as session:
        assert session["language"] == "gu"
    html = client.get("/login", headers={"Accept-Language": "hi"}).get_data(as_text=True)
    assert _translation("gu", "Sign in") in html  # the choice beats the browser's


@pytest.mark.parametrize("lang", TRANSLATED)
def test_wtforms_messages_are_translated(bare_app, lang):
    html = bare_app.test_client().post("/login", data={"username": "", "password": ""},
                                       headers={"Accept-Language": lang}).get_data(as_text=True)
    assert _translation(lang, "This field is required.") in html


# (3) Flask-Admin's buttons in the admin screens -------------------------------

@pytest.mark.parametrize("lang", TRANSLATED)
def test_admin_list_page_shows_translated_flask_admin_buttons(client, auth, world, lang):
    auth.login("dcpu_amd")
    client.get(f"/language/{lang}")
    page = client.get("/admin/child/")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    for msgid in ("List", "Create"):  # Flask-Admin's own strings, from our admin.po
        assert _translation(lang, msgid, "admin") in html, msgid
    assert _translation(lang, "Children") in html  # our menu, from messages.po
    assert _translation(lang, "Sign out") in html
    assert ">List" not in html and ">Create" not in html
