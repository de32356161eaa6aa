"""A CWC member's day in a real browser (headless Chromium), on the demo pilot
(issue #12, items 1 and 3): from the home page to the committee's hearings this
week, from a hearing to the child's case file, from the case file to a new
order with the child already filled in, saved back onto the case file, and the
orders list finding the child's orders by its name and by its child ID.

No screenshots: the trainers' walk (test_walkthrough.py) owns docs/walkthrough/
and replaces its whole set when it passes. Every step also fails on any console
error (tests/browser/walk.py)."""
import re
from datetime import date, timedelta

CWC = "cwc_ahmedabad"
ROWS = "table.model-list tbody tr"


def test_cwc_goes_from_hearings_to_case_file_to_a_new_order(walk):
    cwc = walk.person("cwc")
    cwc.sign_in(CWC)
    page = cwc.page

    figure = page.locator("[data-figure=hearings]")
    assert "Hearings this week" in figure.inner_text()
    figure.click()
    page.wait_for_load_state("load")
    assert page.url.endswith("/admin/cwc_order/hearings/")
    assert page.locator("h2").inner_text() == "Hearings before the Child Welfare Committee"
    listed = int(page.locator("[data-count=this_week]").inner_text().replace(",", ""))
    child_links = page.locator("[data-hearings] a[data-case-file]")
    assert child_links.count() <= listed + int(page.locator("[data-count=overdue]").inner_text())
    if child_links.count() == 0:  # no hearing in the demo's coming week: the orders list
        cwc.menu("Orders", "CWC orders")
        child_links = page.locator("table.model-list a[data-case-file]")
    name = child_links.first.inner_text()
    child_links.first.click()
    page.wait_for_load_state("load")
    assert "/admin/child/case/" in page.url
    child_id = re.search(r"id=(\d+)", page.url)[1]
    assert name.endswith(page.locator(".case-file h2").inner_text())
    code = page.locator(".child-code").inner_text()
    sections = set(page.locator("[data-section]").evaluate_all("els => els.map(e => e.dataset.section)"))
    assert {"identity", "placements", "cwc_orders", "care_plans", "progress"} <= sections
    assert not {"police_records", "missing_reports", "history"} & sections  # absent for the CWC
    walk.check()

    page.locator("[data-action=cwc_order]").click()
    page.wait_for_load_state("load")
    assert "/admin/cwc_order/new/" in page.url
    assert page.input_value("#child") == child_id  # the child is filled in ...
    assert code in page.locator("#s2id_child, .select2-container").first.inner_text()  # ... and shown
    page.locator("#order_type").select_option("sir_ordered", force=True)
    page.fill("#order_number", "CWC/AMD/BROWSER/1")
    page.fill("#order_date", f"{date.today() - timedelta(days=1):%Y-%m-%d}")
    page.fill("#next_hearing_date", f"{date.today() + timedelta(days=2):%Y-%m-%d}")
    page.click("form input[type=submit][value='Save']")
    page.wait_for_load_state("load")
    assert f"/admin/child/case/?id={child_id}" in page.url, page.locator(".alert").all_inner_texts()
    orders = page.locator("[data-section=cwc_orders]").inner_text()
    assert "CWC/AMD/BROWSER/1" in orders

    # The orders list finds the child's orders by the name as written, and by the child ID.
    child_name = page.locator(".case-file h2").inner_text()
    cwc.menu("Orders", "CWC orders")
    for term in (child_name, code.lower().replace("-", " ")):
        page.fill("input[name=search]", term)
        with page.expect_navigation():
            page.keyboard.press("Enter")
        assert page.locator(ROWS, has_text="CWC/AMD/BROWSER/1").count() == 1, term

    cwc.goto("/admin/")  # the new hearing, two days ahead, is this week's
    page.locator("[data-figure=hearings]").click()
    page.wait_for_load_state("load")
    assert "CWC/AMD/BROWSER/1" in page.locator("[data-hearings=this_week]").inner_text()
    walk.check()
