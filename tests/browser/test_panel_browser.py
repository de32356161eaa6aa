"""The panel's own machinery in a real browser (headless Chromium), on the demo pilot:

- "With selected" → Restore runs under the Content-Security-Policy (no inline
  script): the action asks its question in the user's language and restores;
- filters, menus and the panel's inert links work without a CSP error;
- a date and time typed into a form is kept and saved as typed (India time);
  day first whatever the browser's language; a half-typed or impossible one comes
  back as typed with a message, and nothing is saved;
- /favicon.ico is the panel's icon;
- the match queue's heading shows once.

Every step also fails on any console error (tests/browser/walk.py)."""
import json
import re
from datetime import date, timedelta

from babel.dates import format_date

from tests.browser.walk import Person

DCPU = "dcpu_ahmedabad"
POLICE = "police_ahmedabad"
ROWS = "table.model-list tbody tr"


# ---- bulk actions ------------------------------------------------------------------------
def test_with_selected_restore_asks_and_restores(walk):
    dcpu = walk.person("dcpu")
    dcpu.sign_in(DCPU)
    page = dcpu.page
    record_id = _archive_first_missing_report(dcpu)

    _open_archived_list(dcpu)
    page.check(f"input.action-checkbox[value='{record_id}']")
    questions = _answer_dialogs(page, accept=True)
    _with_selected(page, _restore_item(page))
    page.wait_for_load_state("load")
    assert questions == ["Restore the selected archived records?"]
    assert "1 records were restored." in page.locator(".alert-success").inner_text()
    dcpu.goto("/admin/missing_report/")  # newest first: back at the top of the live list
    assert page.locator(f"input.action-checkbox[value='{record_id}']").count() == 1
    _open_archived_list(dcpu)
    assert page.locator(f"input.action-checkbox[value='{record_id}']").count() == 0, \
        "the restored record is still in the archived list"
    walk.check()


def test_with_selected_question_is_in_the_users_language_and_cancel_does_nothing(walk):
    dcpu = walk.person("dcpu-hindi")
    dcpu.sign_in(DCPU)
    page = dcpu.page
    record_id = _archive_first_missing_report(dcpu)
    dcpu.goto("/language/hi?next=/admin/")
    try:
        _open_archived_list(dcpu)
        expected = json.loads(page.locator("#actions-confirmation-data").text_content())["restore"]
        assert re.search("[\u0900-\u097f]", expected), f"not in Hindi: {expected!r}"
        page.check(f"input.action-checkbox[value='{record_id}']")
        questions = _answer_dialogs(page, accept=False)
        _with_selected(page, page.locator("[data-bulk-action=restore]"))  # named in Hindi
        page.wait_for_timeout(300)  # a submitted form would be on its way by now
        assert questions == [expected]
        assert "/missing_report/" in page.url and page.locator(".alert-success").count() == 0
        assert page.locator(f"input.action-checkbox[value='{record_id}']").count() == 1, \
            "cancelled, yet the record left the archived list"
    finally:
        dcpu.goto("/language/en?next=/admin/")  # the demo account as the other tests expect it
    walk.check()


def test_with_selected_and_nothing_ticked_says_so(walk):
    dcpu = walk.person("dcpu-none")
    dcpu.sign_in(DCPU)
    page = dcpu.page
    _open_archived_list(dcpu)
    questions = _answer_dialogs(page, accept=True)
    _with_selected(page, _restore_item(page))
    page.wait_for_timeout(300)
    assert len(questions) == 1 and questions[0] == json.loads(
        page.locator("#message-data").text_content())
    walk.check()


# ---- filters, menus, inert links ---------------------------------------------------------
def test_filters_menus_and_help_icons_work_without_csp_errors(walk):
    dcpu = walk.person("dcpu-filters")
    dcpu.sign_in(DCPU)
    page = dcpu.page
    dcpu.menu("Missing and found", "Missing children")
    list_url = page.url
    page.locator("a.nav-link.dropdown-toggle", has_text="Add Filter").click()
    page.locator(".field-filters a.filter", has_text="Status").click()
    assert page.locator("#filter_form table.filters tr").count() == 1, "the filter was not added"
    assert page.url == list_url, f"a filter link navigated: {page.url}"
    page.locator("#filter_form button[type=submit]").click()  # its first choice
    page.wait_for_load_state("load")
    assert "flt" in page.url and "status" in page.url

    # Flask-Admin's own placeholders (help icons, the current tab) stay inert links.
    page.locator("th a[data-role=tooltip]").first.click()
    page.locator("ul.nav-tabs a.nav-link.active").click()
    page.wait_for_timeout(200)
    assert "flt" in page.url
    dcpu.menu("Missing and found", "Found children")  # the menu toggles, once more
    walk.check()


# ---- dates and times ---------------------------------------------------------------------
def test_typed_date_and_time_is_kept_and_saved(walk):
    """Day first, as an officer writes it (issue #12 item 7): 02-11 is the second
    of November whatever the browser's language, typed key by key."""
    police = walk.person("police-dates")
    police.sign_in(POLICE)
    page = police.page
    police.goto("/admin/missing_report/new/")
    day = _a_past_day_not_equal_to_its_month()
    field = page.locator("#missing_at")
    assert field.get_attribute("type") == "text"  # not the browser's mm/dd/yyyy input
    assert "dd-mm-yyyy" in field.get_attribute("placeholder")
    field.click()
    page.keyboard.type(f"{day:%d-%m-%Y} 10:30")
    page.keyboard.press("Tab")  # leaving the field keeps what was typed
    typed = f"{day:%d-%m-%Y} 10:30"
    assert page.input_value("#missing_at") == typed

    page.fill("#child_name", "Ravi Browsertest")
    _choose(page, "#gender", "male")
    page.fill("#age_years", "11")
    _choose(page, "#reason", "lost")
    _choose(page, "#status", "open")
    page.click("form input[type=submit][value='Save']")
    page.wait_for_load_state("load")
    assert page.locator(".alert-success").count() == 1, page.locator(".alert").all_inner_texts()

    # The officer lands on the saved report (issue #12 item 6), then finds it in the list.
    assert "/admin/missing_report/details/" in page.url
    record_id = re.search(r"id=(\d+)", page.url)[1]
    assert page.locator("#possible-matches").count() == 1
    # Shown as people read dates (display.py): day first, the month named, India time.
    shown = f"{format_date(day, 'd MMM y', locale='en_IN')}, 10:30"
    assert shown in page.locator("table.table").last.inner_text()
    police.goto("/admin/missing_report/")
    row = page.locator(ROWS, has_text="Ravi Browsertest")
    assert row.count() == 1
    assert shown in row.inner_text()  # India time, the moment typed
    police.goto(f"/admin/missing_report/edit/?id={record_id}")
    assert page.input_value("#missing_at") == typed  # written back as it was typed
    walk.check()


def test_half_typed_date_is_refused_and_kept(walk):
    """A date half typed is not lost: the form comes back with it as typed and
    the panel's own message beside it, and nothing is saved."""
    police = walk.person("police-half-date")
    police.sign_in(POLICE)
    page = police.page
    police.goto("/admin/missing_report/new/")
    page.fill("#child_name", "Half Typed")
    _choose(page, "#gender", "male")
    _choose(page, "#reason", "lost")
    _choose(page, "#status", "open")
    page.fill("#missing_at", f"{date.today() - timedelta(days=3):%d-%m-%Y} 09:15")
    page.fill("#traced_at", "11")  # one part of the date only
    page.click("form input[type=submit][value='Save']")
    page.wait_for_load_state("load")
    assert "/new/" in page.url
    assert page.input_value("#traced_at") == "11"
    assert "Write the date and time as day-month-year" in page.locator("form.admin-form").inner_text()
    police.goto("/admin/missing_report/?search=Half+Typed")
    assert page.locator(ROWS, has_text="Half Typed").count() == 0
    walk.check()


def test_required_fields_are_answered_in_the_pages_language(walk):
    """No browser bubble in the browser's language: the form goes to the server,
    which answers in Gujarati beside each field, and nothing is saved."""
    police = walk.person("police-gujarati-required")
    police.sign_in(POLICE)
    page = police.page
    police.goto("/language/gu?next=/admin/missing_report/new/")
    try:
        assert page.locator("form.admin-form").evaluate("f => f.noValidate")
        sent = []
        page.on("request", lambda request: sent.append(request) if request.method == "POST" else None)
        page.click("form input[type=submit]:not([name])")
        page.wait_for_load_state("load")
        assert sent, "the browser stopped the form itself"
        assert "/new/" in page.url
        assert "આ વિગત ભરવી જરૂરી છે." in page.locator("form.admin-form").inner_text()
    finally:
        police.goto("/language/en?next=/admin/")  # the choice is kept on the account
    walk.check()


def test_server_refuses_a_date_it_cannot_read_and_says_so(walk):
    """A date that is no date (31 February) is refused with a message, nothing is saved."""
    police = walk.person("police-bad-date")
    police.sign_in(POLICE)
    page = police.page
    police.goto("/admin/missing_report/new/")
    page.fill("#child_name", "Bad Date")
    _choose(page, "#gender", "male")
    _choose(page, "#reason", "lost")
    _choose(page, "#status", "open")
    page.fill("#missing_at", "31/02/2026 10:00")
    page.click("form input[type=submit][value='Save']")
    page.wait_for_load_state("load")
    assert "/new/" in page.url
    assert "Write the date and time as day-month-year" in page.locator("form.admin-form").inner_text()
    assert page.input_value("#missing_at") == "31/02/2026 10:00"
    police.goto("/admin/missing_report/?search=Bad+Date")
    assert page.locator(ROWS, has_text="Bad Date").count() == 0
    walk.check()


# ---- favicon, match queue ----------------------------------------------------------------
def test_favicon_is_the_panels_icon(walk):
    visitor = walk.person("visitor")
    response = visitor.page.request.get(walk.base + "/favicon.ico")
    assert response.status == 200
    assert response.headers["content-type"] in ("image/vnd.microsoft.icon", "image/x-icon")
    assert response.body()[:4] == b"\x00\x00\x01\x00"  # an ICO file
    visitor.goto("/login")  # the browser asks for it on its own: no 404 in the console
    visitor.page.wait_for_timeout(300)
    walk.check()


def test_match_queue_heading_shows_once(walk):
    dcpu = walk.person("dcpu-queue")
    dcpu.sign_in(DCPU)
    dcpu.menu("Missing and found", "New possible matches")
    headings = dcpu.page.locator("h1, h2, h3, h4, h5").filter(has_text="New possible matches")
    assert headings.count() == 1, headings.all_inner_texts()
    walk.check()


# ---- helpers -------------------------------------------------------------------------------
def _archive_first_missing_report(person: Person) -> str:
    """Archive a live missing report through the list's archive icon; its id."""
    page = person.page
    person.goto("/admin/missing_report/")
    row = page.locator(ROWS, has=page.locator("a[title=Archive]")).first
    record_id = row.locator("input.action-checkbox").get_attribute("value")
    row.locator("a[title=Archive]").click()
    page.fill("#reason", "Entered twice (browser test)")
    page.click("form:has(#reason) button[type=submit]")
    page.wait_for_load_state("load")
    assert page.locator(".alert-success").count() == 1
    return record_id


def _open_archived_list(person: Person):
    person.goto("/admin/missing_report/?flt0_archive_show=1")


def _with_selected(page, item):
    """Open the "With selected" menu (the list's menu holding `item`) and choose `item`."""
    page.locator("ul.nav-tabs li.dropdown", has=item).locator("a.dropdown-toggle").click()
    item.click()


def _restore_item(page):
    """The "Restore" entry of "With selected", found as a user finds it: by its name."""
    return page.locator(".dropdown-menu a", has_text=re.compile(r"^\s*Restore\s*$"))


def _answer_dialogs(page, accept):
    """Record the text of every dialog the page opens, and accept or dismiss it."""
    seen = []

    def answer(dialog):
        seen.append(dialog.message)
        dialog.accept() if accept else dialog.dismiss()

    page.on("dialog", answer)
    return seen


def _choose(page, select, value):
    """Set a select2-styled choice (the <select> itself is hidden behind select2)."""
    page.locator(select).select_option(value, force=True)


def _a_past_day_not_equal_to_its_month() -> date:
    """A recent past day such as 2 November, which month-first would read as
    11 February: typed day first, it must be saved as the day it is."""
    day = date.today() - timedelta(days=1)
    while day.day == day.month or day.day > 12:
        day -= timedelta(days=1)
    return day
