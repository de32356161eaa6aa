"""Numbers and dates follow the locale: Indian digit grouping (1,29,270) in
English, Hindi and Gujarati alike, months named in the user's language, and
raw numbers in the CSV and XLSX files (formatting is for screens only)."""
import re

import pytest
from flask import render_template_string
from sqlalchemy import select, update

from extensions import db
from models import Institution

LANGS = ("en", "hi", "gu")
MONTH = "month=2026-10"
MONTH_NAMES = {"en": "October 2026", "hi": "अक्टूबर 2026", "gu": "ઑક્ટોબર 2026"}


@pytest.mark.parametrize("lang", LANGS)
def test_the_number_filter_groups_the_indian_way(app, lang):
    with app.test_request_context("/", headers={"Accept-Language": lang}):
        shown = render_template_string("{{ 129270|number }} {{ 12345678|number }} {{ 999|number }}")
    assert shown == "1,29,270 1,23,45,678 999"


def _speak(client, lang):
    client.get(f"/language/{lang}")


@pytest.fixture
def big_home(world, app):
    """The Ahmedabad Children's Home with a capacity of 1,29,270 (a six-digit figure
    the small world does not have); the world is rebuilt after the test."""
    with app.app_context():
        db.session.execute(update(Institution).where(Institution.id == world.cci["amd_home"])
                           .values(capacity=129270))
        db.session.commit()
        db.session.remove()
    return world


def _total_cell(html, indicator):
    """The figure of `indicator` in the total row of its section."""
    for row in html.split('data-unit="total"')[1:]:
        cell = re.search(rf'data-indicator="{re.escape(indicator)}">([^<]*)<', row.split("</tr>")[0])
        if cell:
            return cell.group(1).strip()
    raise AssertionError(f"no total for {indicator}")


@pytest.mark.parametrize("lang", LANGS)
def test_summary_page_and_print_view_group_the_indian_way(client, auth, big_home, lang):
    auth.login("dcpu_amd")
    _speak(client, lang)
    for path in ("/admin/summary/", "/admin/summary/print"):
        page = client.get(f"{path}?{MONTH}&level=district")
        html = page.get_data(as_text=True)
        assert page.status_code == 200, path
        assert _total_cell(html, "care.capacity") == "1,29,300", path  # 1,29,270 + 30
        assert "129,300" not in html and "129300" not in html
        assert MONTH_NAMES[lang] in html, path  # the month in the user's language


def test_downloads_keep_raw_numbers(client, auth, big_home):
    auth.login("dcpu_amd")
    csv = client.get(f"/admin/summary/download.csv?{MONTH}&level=district").get_data(as_text=True)
    assert ",129300" in csv and "1,29,300" not in csv
    from io import BytesIO

    from openpyxl import load_workbook
    book = load_workbook(BytesIO(client.get(f"/admin/summary/download.xlsx?{MONTH}&level=district").data))
    values = [row[-1] for row in book.active.iter_rows(values_only=True)]
    assert 129300 in values  # a number cell, not text


@pytest.mark.parametrize("lang", ("en", "gu"))
def test_trend_chart_months_are_named_in_the_users_language(client, auth, world, lang):
    auth.login("dcpu_amd")
    _speak(client, lang)
    trend = client.get(f"/admin/summary/trend.json?{MONTH}").get_json()
    assert trend["months"][-1] == "2026-10"  # machine-readable, unchanged
    assert trend["month_labels"][-1] == {"en": "Oct 2026", "gu": "ઑક્ટો 2026"}[lang]


@pytest.mark.parametrize("lang", LANGS)
def test_list_count_and_pages_group_the_indian_way(client, auth, world, app, monkeypatch, lang):
    """A list of 25,85,400 children (the count is faked; the rows are the world's)."""
    view = next(v for v in app.extensions["admin"][0]._views if getattr(v, "endpoint", "") == "child")
    real = view.get_list

    def huge(*args, **kwargs):
        _count, rows = real(*args, **kwargs)
        return 2585400, rows

    monkeypatch.setattr(view, "get_list", huge)
    auth.login("dcpu_amd")
    _speak(client, lang)
    html = client.get("/admin/child/?page=129269").get_data(as_text=True)
    assert re.search(r"\(25,85,400\)</a>", html), "the List (N) count"
    pages = re.findall(r'class="page-link"[^>]*>([^<]+)</a>', html)
    assert "1,29,270" in pages and "1,29,264" in pages, pages  # the last seven pages
    assert "129,270" not in html


def test_the_pager_keeps_flask_admins_window_and_links(client, auth, world, app, monkeypatch):
    view = next(v for v in app.extensions["admin"][0]._views if getattr(v, "endpoint", "") == "child")
    real = view.get_list
    monkeypatch.setattr(view, "get_list", lambda *a, **k: (200, real(*a, **k)[1]))
    auth.login("dcpu_amd")
    html = client.get("/admin/child/?page=4").get_data(as_text=True)
    pages = re.findall(r'class="page-link"[^>]*>([^<]+)</a>', html)
    assert pages == ["&laquo;", "&lt;", "2", "3", "4", "5", "6", "7", "8", "&gt;", "&raquo;"]
    assert 'href="/admin/child/?page=5&amp;page_size=20">6</a>' in html


@pytest.mark.parametrize("lang", LANGS)
def test_dates_are_in_india_time(client, auth, world, lang):
    """Stored in UTC, shown in India time (world.NOW is 06:30 UTC = 12:00 IST), day
    first with the month named in the page's language (display.py)."""
    auth.login("dcpu_amd")
    _speak(client, lang)
    html = client.get(f"/admin/child/details/?id={world.child['amd_cncp']}").get_data(as_text=True)
    november = {"en": "Nov", "hi": "नव॰", "gu": "નવે"}[lang]
    assert f"1 {november} 2026, 12:00" in html
    assert "2026-11-01" not in html and "01-11-2026" not in html


def test_institution_capacity_is_grouped_on_screen_and_plain_in_the_export(client, auth, big_home):
    auth.login("stateadmin_gj")
    html = client.get("/admin/institution/").get_data(as_text=True)
    assert "1,29,270" in html and "129270" not in html
    exported = client.get("/admin/institution/export/csv/").get_data(as_text=True)
    assert "129270" in exported and "1,29,270" not in exported


@pytest.mark.parametrize("lang", LANGS)
def test_public_counts_group_the_indian_way(client, world, monkeypatch, lang):
    """The public home page's counts (faked large: the world is small)."""
    from public import queries
    big = {"female": 129270, "male": 130001, "transgender": 1200, "unknown": 15, "total": 260486}
    monkeypatch.setattr(queries, "counts", lambda: {
        key: big for key in ("still_missing", "traced", "found_waiting", "found_home",
                             "listed_missing", "listed_found")})
    html = client.get("/public/", headers={"Accept-Language": lang}).get_data(as_text=True)
    assert "1,29,270" in html and "2,60,486" in html and "129,270" not in html


@pytest.mark.parametrize("lang", LANGS)
def test_the_formatting_locale_is_indian_but_the_language_stays_a_language(app, client, world, lang):
    """Babel formats in en_IN / hi_IN / gu_IN; pages, catalogs and stored language
    codes still say en / hi / gu."""
    from flask_babel import get_locale

    from models import CitizenReport
    from tests.test_public import _form_data, _send
    with app.test_request_context("/", headers={"Accept-Language": lang}):
        assert str(get_locale()) == f"{lang}_IN" and get_locale().language == lang
    client.get(f"/language/{lang}")
    assert f'<html lang="{lang}"' in client.get("/public/").get_data(as_text=True)
    assert _send(client, "seen", _form_data("seen", world)).status_code == 302
    with app.app_context():
        stored = db.session.scalar(select(CitizenReport.language).order_by(CitizenReport.id.desc()))
        db.session.remove()
    assert stored == lang
