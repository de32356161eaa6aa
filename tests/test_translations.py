"""The Hindi and Gujarati interface is complete, compiled, and actually shown.

Every string the code and templates mark for translation is in the en, hi and
gu catalogs and translated in hi and gu, and the catalogs hold nothing the code
no longer has; every .mo matches its .po; Hindi is written in Devanagari and
Gujarati in Gujarati script; Flask-Admin's own buttons and messages are
translated too; the word "inmate" appears nowhere. Text that would escape
extraction (untranslated flash or validation messages, f-strings in _(),
labels Flask-Admin makes up, words in templates outside {{ _() }}) fails too.
When a test here fails after a code change, run
`.venv/bin/python translations/sync.py` and translate what it lists.
"""
import ast
import html.parser
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
# encodings and paper sizes as officials see them on screen and in Excel's own
# menus (CSV, XLSX, UTF-8, A4), units, codes, the literal examples of the English
# msgid (GJ, GJ-AMD, dcpu_surat), and the Gujarati police's "FIR" and "CCTNS".
# Names of bodies (CWC, JJB, DCPU, CCI, SJPU, AHTU, NGO) are written out in full,
# as the glossary in FIELD_NOTES.md gives them, so they are not in this list.
LATIN_ALLOWED = {"JPEG", "PNG", "WebP", "MB", "FIR", "IP", "MAC", "UUID", "JSON", "ISO", "USD",
                 "EUR", "CNY", "red", "ObjectId", "CSV", "XLSX", "xlsx", "xls", "UTF", "A",
                 "Windows", "ISCII", "CCTNS", "GJ"}


def _without_quoted_codes(msgid, string):
    """Codes the msgid gives as examples (CR-7K3M-9Q2P-XR, GJ-AMD, dcpu_surat) stay as
    written in the translation: a token with a digit, dash or underscore."""
    for token in set(re.findall(r"[A-Za-z0-9][A-Za-z0-9_-]*[A-Za-z0-9]", msgid)):
        if re.search(r"[A-Za-z]", token) and (re.search(r"[\d_]", token)
                                              or ("-" in token and token.isupper())):
            string = string.replace(token, "")
    return string
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


@pytest.mark.parametrize("lang", ("en",) + TRANSLATED)
def test_catalogs_hold_no_stale_msgids(extracted, lang):
    """A string gone from the code (reworded or deleted) is gone from the catalog:
    a catalog out of date with the code fails here, not only one that lacks a string."""
    wanted = {m.id for m in extracted}
    stale = [_shown(m.id) for m in _po(lang) if m.id and m.id not in wanted]
    assert not stale, (f"{len(stale)} msgid(s) in {lang}/messages.po are no longer in the code; "
                       f"run translations/sync.py:\n  " + "\n  ".join(stale))


def test_messages_pot_is_the_current_extraction(extracted):
    with open(sync.POT, "rb") as fh:
        committed = {m.id for m in read_po(fh) if m.id}
    fresh = {m.id for m in extracted}
    assert committed == fresh, ("translations/messages.pot is out of date; run translations/sync.py: "
                                f"new {sorted(map(_shown, fresh - committed))[:10]}, "
                                f"gone {sorted(map(_shown, committed - fresh))[:10]}")


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
            plain = _without_quoted_codes(ids[0], HEX_COLOUR.sub("", PLACEHOLDER.sub("", string)))
            latin = set(re.findall(r"[A-Za-z]+", plain)) - LATIN_ALLOWED
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


# (g) no user-visible text escapes extraction ----------------------------------
# A string shown to users must be a literal inside _() / _l() / ngettext(), or
# pybabel never sees it and no catalog can translate it. These checks read the
# code and the templates for the usual ways text slips past.

CODE_DIRS = ("access", "admin_views", "auth", "exchange", "forms", "matches", "models",
             "public", "summaries", "maintenance")
CODE_FILES = ("app.py",)
GETTEXT = {"_", "_l", "gettext", "lazy_gettext", "ngettext", "lazy_ngettext", "admin_gettext",
           "_gettext", "pgettext"}
# Calls whose message argument is shown to a user as it is.
SHOWN = {"flash", "ValidationError", "OutOfScope", "ExchangeError", "SummaryError",
         "StopValidation"}
WTFORMS_MESSAGE_KWARGS = ("label", "description", "message", "title")


def _read(path):
    with open(path, encoding="utf-8") as fh:
        return fh.read()


def _code_files():
    for folder in CODE_DIRS:
        for root, dirs, files in os.walk(os.path.join(BASE, folder)):
            dirs[:] = [d for d in dirs if d != "__pycache__"]
            yield from (os.path.join(root, f) for f in files if f.endswith(".py"))
    yield from (os.path.join(BASE, f) for f in CODE_FILES)


def _name(func):
    return func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""


def _is_text(node):
    """A literal that a person would read: a string, an f-string, or text glued to text."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):  # words, not a code
        return bool(re.search(r"[A-Za-z]{2,}\s+[A-Za-z]|^[A-Z][a-z]", node.value))
    if isinstance(node, ast.JoinedStr):
        return True
    if isinstance(node, ast.BinOp) and isinstance(node.op, (ast.Add, ast.Mod)):
        return _is_text(node.left) or _is_text(node.right)
    return False


def _escapes(path):
    tree = ast.parse(_read(path), path)
    where = os.path.relpath(path, BASE)
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        name, line = _name(node.func), f"{where}:{node.lineno}"
        if name in GETTEXT and node.args and not (
                isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str)):
            yield f"{line}: {name}() of something that is not a string literal (f-string, "\
                  f"concatenation or variable): pybabel cannot extract it"
        elif name in SHOWN and node.args and _is_text(node.args[0]):
            yield f"{line}: {name}() of untranslated text: wrap it in _()"
        elif name.endswith("Field") and node.args and _is_text(node.args[0]):
            yield f"{line}: the label of {name} is untranslated text: wrap it in _l()"
        for keyword in node.keywords:  # fields and validators (classes), not click's CLI
            if (keyword.arg in WTFORMS_MESSAGE_KWARGS and name[:1].isupper()
                    and _is_text(keyword.value)):
                yield f"{line}: {keyword.arg}= of {name}() is untranslated text: wrap it in _l()"


def test_python_code_passes_every_shown_string_through_gettext():
    problems = [p for path in _code_files() for p in _escapes(path)]
    assert not problems, "\n".join(problems)


def test_fixed_lists_have_translated_labels():
    """(code, label) pairs of models/choices.py and access/roles.py: the label is _l()."""
    problems = []
    for rel in ("models/choices.py", "access/roles.py", "admin_views/choices.py"):
        tree = ast.parse(_read(os.path.join(BASE, rel)))
        for node in ast.walk(tree):
            if (isinstance(node, ast.Tuple) and len(node.elts) == 2
                    and isinstance(node.elts[0], (ast.Constant, ast.Name))
                    and _is_text(node.elts[1])):
                problems.append(f"{rel}:{node.lineno}: untranslated label")
    assert not problems, problems


# Words that may stand in a template outside {{ _() }}: names, formats, units.
TEMPLATE_WORDS_ALLOWED = {"Bal", "Setu", "CSV", "XLSX", "A4", "cm"}
VISIBLE_ATTRIBUTES = {"title", "placeholder", "alt", "aria-label", "label"}


class _VisibleText(html.parser.HTMLParser):
    """Text nodes and visible attributes of a page, outside <script> and <style>."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts, self._skip = [], 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self._skip += 1
        for name, value in attrs:
            if name in VISIBLE_ATTRIBUTES or (name == "value" and ("type", "submit") in attrs):
                self.parts.append(value or "")

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self._skip = max(0, self._skip - 1)

    def handle_data(self, data):
        if not self._skip:
            self.parts.append(data)


def _templates():
    root = os.path.join(BASE, "templates")
    for folder, _dirs, files in os.walk(root):
        for name in files:
            if name.endswith(".html"):
                yield os.path.join(folder, name)


def _template_text(source):
    """The template with every {{ }} as a neutral mark and every {% %} {# #} removed."""
    from jinja2 import Environment
    out = []
    for _line, kind, value in Environment(extensions=["jinja2.ext.i18n"]).lex(source):
        if kind == "data":
            out.append(value)
        elif kind == "variable_begin":
            out.append("§")
    return "".join(out)


# An English phrase as a string literal inside {{ }} or {% %}: "Not known", "Save".
_PHRASE = re.compile(r"""(?<![_\w])(['"])((?:[A-Z][a-z]+|[a-z]{3,})(?: [A-Za-z]{2,})+[.!?]?|[A-Z][a-z]{2,})\1""")
_GETTEXT_CALL = re.compile(r"""\b(?:_|gettext|ngettext|_gettext|_ngettext)\(\s*$""")


def _literal_phrases(source):
    """English phrases given as literals in expressions, not inside _()."""
    for expression in re.findall(r"\{\{(.*?)\}\}|\{%(.*?)%\}", source, re.DOTALL):
        text = expression[0] or expression[1]
        for match in _PHRASE.finditer(text):
            before = text[:match.start()]
            if _GETTEXT_CALL.search(before) or re.search(r"\bclass\s*=\s*$|\bid\s*=\s*$", before):
                continue
            yield match.group(2)


def test_templates_have_no_text_outside_gettext():
    problems = []
    for path in _templates():
        source = _read(path)
        parser = _VisibleText()
        parser.feed(_template_text(source))
        words = set(re.findall(r"[A-Za-z][A-Za-z’'-]*[A-Za-z]|[A-Za-z]", " ".join(parser.parts)))
        words -= TEMPLATE_WORDS_ALLOWED
        phrases = set(_literal_phrases(source))
        if words or phrases:
            problems.append(f"{os.path.relpath(path, BASE)}: {sorted(words | phrases)}")
    assert not problems, ("text in templates outside {{ _('…') }}:\n  " + "\n  ".join(problems))


# (h) every column, filter and form label comes from the catalogs ----------------

def test_every_panel_label_is_translated(app):
    """Flask-Admin makes an English label ("Id", "Child Name") of any column without
    one in column_labels; none may reach a screen, a filter or an export heading."""
    from flask_admin.contrib.sqla import ModelView
    problems = []
    with app.test_request_context("/"):
        for view in app.extensions["admin"][0]._views:
            if not isinstance(view, ModelView):
                continue
            shown = {name for attr in ("_list_columns", "_details_columns", "_export_columns")
                     for name, _label in (getattr(view, attr, None) or [])}
            problems += [f"{view.endpoint}: column {name!r} has no label in column_labels"
                         for name in sorted(shown) if name not in (view.column_labels or {})]
            labels = [(f"column {n}", view.column_labels[n]) for n in shown if n in (view.column_labels or {})]
            labels += [(f"filter {f.name}", f.name) for f in (view._filters or [])]
            for what, label in labels:
                for lang in TRANSLATED:
                    from flask_babel import force_locale
                    with force_locale(lang):
                        if not SCRIPTS[lang].search(str(label)):
                            problems.append(f"{view.endpoint}: {what} is not translated into {lang}: {str(label)!r}")
    assert not problems, "\n".join(sorted(set(problems)))


def test_no_machine_text_on_a_panel_form(client, auth, world):
    """An empty relation choice used to read "__None"."""
    auth.login("police_amd")
    html = client.get("/admin/found_report/new/").get_data(as_text=True)
    assert ">__None<" not in html


def test_an_empty_choice_is_not_shown_as_none(client, auth, world):
    """Flask-Admin shows a choice column without a value as "None" unless told."""
    auth.login("dcpu_amd")
    client.get("/language/hi")
    html = client.get(f"/admin/missing_report/details/?id={world.missing['amd_ps1']}").get_data(as_text=True)
    assert not re.search(r">\s*None\s*<", html)
