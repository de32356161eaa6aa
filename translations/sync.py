"""Keep the translation catalogs in step with the code.

    .venv/bin/python translations/sync.py            # extract, update, compile, report
    .venv/bin/python translations/sync.py --check    # report only; writes nothing (CI)

1. re-extracts translations/messages.pot from the code and templates
   (the same pybabel options as the README; the file is rewritten only when a
   msgid changed, so a run with no new strings leaves git clean);
2. updates translations/{en,hi,gu}/LC_MESSAGES/messages.po from it
   (`pybabel update --no-fuzzy-matching`: a new or reworded string arrives
   untranslated, never with a guessed translation);
   and translations/{hi,gu}/LC_MESSAGES/admin.po from Flask-Admin's msgids
   (taken from its shipped French catalog; changes only after an upgrade);
3. compiles every .po under translations/ (messages and Flask-Admin's "admin"
   domain) to its .mo;
4. lists, per language, every msgid still missing a translation (empty, or
   marked fuzzy), every translation whose placeholders differ from the msgid,
   and every Flask-Admin msgid missing from admin.po; exits 1 if there is any.

English ("en") is the source language: its msgstr may stay empty (the msgid
is shown), but the catalog must exist and be up to date.
"""
from __future__ import annotations

import io
import os
import sys
import tempfile
from contextlib import redirect_stdout

from babel.messages.frontend import CommandLineInterface
from babel.messages.mofile import write_mo
from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po, write_po

TRANSLATIONS = os.path.dirname(os.path.abspath(__file__))
BASE = os.path.dirname(TRANSLATIONS)
POT = os.path.join(TRANSLATIONS, "messages.pot")
LANGUAGES = ("en", "hi", "gu")
SOURCE_LANGUAGE = "en"

# The extraction settings, shared with tests/test_translations.py.
EXTRACT_OPTIONS = [
    "-F", "babel.cfg", "-k", "_l", "-k", "lazy_gettext",
    "--ignore-dirs=.venv migrations tests benchmarks instance demo",
    "--no-location", "--sort-output",
]


def flask_admin_catalog():
    """Flask-Admin's msgids, taken from one of its shipped catalogs (it ships no .pot)."""
    import flask_admin
    path = os.path.join(os.path.dirname(flask_admin.__file__), "translations", "fr",
                        "LC_MESSAGES", "admin.po")
    with open(path, "rb") as fh:
        return read_po(fh)


def _pybabel(*args: str) -> None:
    """Runs a pybabel command in-process, from the project root."""
    cwd = os.getcwd()
    os.chdir(BASE)
    try:
        with redirect_stdout(io.StringIO()):
            CommandLineInterface().run(["pybabel", "-q", *args])
    finally:
        os.chdir(cwd)


def extract(output: str) -> None:
    _pybabel("extract", *EXTRACT_OPTIONS, "-o", output, ".")


def _entries(catalog) -> list:
    return [(m.id, m.context, tuple(sorted(m.flags))) for m in catalog if m.id]


def _read(path: str):
    with open(path, "rb") as fh:
        return read_po(fh)


def extract_pot() -> bool:
    """Re-extracts messages.pot; returns True if its msgids changed."""
    fresh = POT + ".new"
    extract(fresh)
    try:
        if os.path.exists(POT) and _entries(_read(POT)) == _entries(_read(fresh)):
            return False
        os.replace(fresh, POT)
        return True
    finally:
        if os.path.exists(fresh):
            os.remove(fresh)


def update_catalogs() -> None:
    for lang in LANGUAGES:  # a language added to LANGUAGES gets a new, empty catalog
        if not os.path.exists(po_path(lang, "messages")):
            _pybabel("init", "-i", POT, "-d", TRANSLATIONS, "-D", "messages", "-l", lang)
    _pybabel("update", "-i", POT, "-d", TRANSLATIONS, "-D", "messages", "--no-fuzzy-matching",
             "--ignore-pot-creation-date")


def update_admin_catalogs() -> list[str]:
    """Brings each admin.po up to Flask-Admin's current msgids (after an upgrade)."""
    template = Catalog()
    for message in flask_admin_catalog():
        if message.id:
            empty = ("", "") if isinstance(message.id, tuple) else ""
            template.add(message.id, empty, flags=message.flags - {"fuzzy"})
    updated = []
    for lang in LANGUAGES:
        path = po_path(lang, "admin")
        if lang == SOURCE_LANGUAGE or not os.path.exists(path):
            continue
        catalog = _read(path)
        if {m.id for m in catalog if m.id} == {m.id for m in template if m.id}:
            continue
        catalog.update(template, no_fuzzy_matching=True)
        with open(path, "wb") as fh:
            write_po(fh, catalog)
        updated.append(os.path.relpath(path, BASE))
    return updated


def po_path(lang: str, domain: str) -> str:
    return os.path.join(TRANSLATIONS, lang, "LC_MESSAGES", f"{domain}.po")


def all_po_files() -> list[str]:
    found = []
    for lang in sorted(os.listdir(TRANSLATIONS)):
        folder = os.path.join(TRANSLATIONS, lang, "LC_MESSAGES")
        if os.path.isdir(folder):
            found += [os.path.join(folder, name) for name in sorted(os.listdir(folder))
                      if name.endswith(".po")]
    return found


def compile_catalogs() -> list[str]:
    """Writes each .mo whose content would change; returns the files written."""
    written = []
    for po in all_po_files():
        buffer = io.BytesIO()
        write_mo(buffer, _read(po), use_fuzzy=False)
        mo = po[:-3] + ".mo"
        if os.path.exists(mo):
            with open(mo, "rb") as fh:
                if fh.read() == buffer.getvalue():
                    continue
        with open(mo, "wb") as fh:
            fh.write(buffer.getvalue())
        written.append(os.path.relpath(mo, BASE))
    return written


def _shown(msgid) -> str:
    return " | ".join(msgid) if isinstance(msgid, tuple) else msgid


def untranslated(catalog) -> list:
    """Msgids whose translation is empty (any plural form) or marked fuzzy."""
    missing = []
    for message in catalog:
        if not message.id:
            continue
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if message.fuzzy or not all(s and s.strip() for s in strings):
            missing.append(message.id)
    return missing


def problems(template_path: str = POT) -> dict[str, list[str]]:
    """Per catalog, the lines to report: untranslated msgids and placeholder errors."""
    template = _read(template_path)
    wanted = [m.id for m in template if m.id]
    admin_ids = [m.id for m in flask_admin_catalog() if m.id]
    report: dict[str, list[str]] = {}
    for lang in LANGUAGES:
        for domain, ids in (("messages", wanted), ("admin", admin_ids)):
            if domain == "admin" and lang == SOURCE_LANGUAGE:
                continue
            name = f"{lang}/LC_MESSAGES/{domain}.po"
            path = po_path(lang, domain)
            if not os.path.exists(path):
                report[name] = ["the catalog does not exist"]
                continue
            catalog = _read(path)
            lines = [f"not in the catalog (run sync.py without --check): {_shown(i)}"
                     for i in ids if catalog.get(i) is None]
            if lang != SOURCE_LANGUAGE:
                lines += [f"untranslated: {_shown(i)}" for i in untranslated(catalog)]
                for message, errors in catalog.check():
                    lines += [f"wrong placeholders ({error}): {_shown(message.id)}"
                              for error in errors]
            if lines:
                report[name] = lines
    return report


def main(argv: list[str]) -> int:
    check_only = "--check" in argv
    if not check_only:
        changed = extract_pot()
        print("messages.pot: " + ("new or changed msgids extracted" if changed else "unchanged"))
        update_catalogs()
        for path in update_admin_catalogs():
            print(f"updated {path} to Flask-Admin's msgids")
        for mo in compile_catalogs():
            print(f"compiled {mo}")
    if check_only:  # compare with the code as it is now, through a throw-away template
        with tempfile.TemporaryDirectory() as tmp:
            fresh = os.path.join(tmp, "messages.pot")
            extract(fresh)
            report = problems(fresh)
    else:
        report = problems()
    if not report:
        print("All catalogs are complete: every msgid is translated in " +
              ", ".join(lang for lang in LANGUAGES if lang != SOURCE_LANGUAGE) + ".")
        return 0
    total = sum(len(lines) for lines in report.values())
    print(f"\n{total} problem(s) to fix in the catalogs:")
    for name, lines in report.items():
        print(f"\ntranslations/{name}: {len(lines)}")
        for line in lines:
            print(f"  - {line}")
    print("\nEdit the msgstr of each entry above (and remove any '#, fuzzy' line), "
          "then run sync.py again to compile.")
    return 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
