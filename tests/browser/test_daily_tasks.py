"""Daily tasks in a real browser (headless Chromium), on the demo pilot (issue
#12, "Done means"):

- the police register a found child with no name and land on the report with
  its possible matches;
- a CCI worker, on Gujarati pages, admits a child with no name, lands on the
  child's case file, records the month's progress from it and finds it there;
- a DCPU officer opens a home-page figure and gets a list of exactly that many rows.

Screenshots of each step go to docs/walkthrough/daily/ when the walk passes
(the trainers' walk of docs/walkthrough/ is not touched)."""
import re
from datetime import date, datetime, timedelta


def test_police_register_a_found_child_with_no_name_and_see_candidates(walk):
    police = walk.person("police")
    police.sign_in("police_ahmedabad")
    page = police.page
    police.goto("/admin/found_report/new/")
    assert page.locator("#gender").input_value() == "unknown"  # "not known" until said
    assert page.locator("#police_unit").input_value()  # the officer's own unit
    page.fill("#estimated_age_years", "7")
    page.fill("#height_cm", "118")
    page.fill("#identification_marks", "Burn mark on the right forearm")
    page.fill("#languages", "Gujarati")
    page.fill("#found_at", (datetime.now() - timedelta(hours=3)).strftime("%Y-%m-%dT%H:%M"))
    page.fill("#place_found", "Kalupur railway station, platform 2")
    page.locator("#status").select_option("open", force=True)
    walk.shot(police, "police-registers-a-child-with-no-name")
    page.click("form input[type=submit]:not([name])")
    page.wait_for_load_state("load")
    assert "/admin/found_report/details/" in page.url, page.locator(".alert").all_inner_texts()
    section = page.locator("#possible-matches")
    assert section.count() == 1
    assert section.locator("tbody tr").count() > 0 or section.locator("#no-matches-yet").count() == 1
    walk.shot(police, "police-sees-possible-matches", focus=section)
    walk.check()
    walk.publish_under("daily", "police")


def test_a_cci_worker_admits_a_child_with_no_name_and_records_progress_in_gujarati(walk):
    cci = walk.person("cci")
    cci.sign_in("cci_ahmedabad")
    page = cci.page
    cci.goto("/language/gu?next=/admin/child/new/")
    try:
        assert page.locator("#institution").input_value()  # their own home, filled in
        page.fill("#estimated_age_years", "5")
        page.locator("#gender").select_option("female", force=True)
        page.locator("#category").select_option("CNCP", force=True)
        page.locator("#status").select_option("in_care", force=True)
        page.fill("#identification_marks", "Daily-walk girl, mole above the left eye")
        page.fill("#admitted_on", f"{date.today() - timedelta(days=40):%Y-%m-%d}")
        walk.shot(cci, "cci-admits-a-child-with-no-name")
        page.click("form input[type=submit]:not([name])")
        page.wait_for_load_state("load")
        assert "/admin/child/case/" in page.url, page.locator(".alert").all_inner_texts()
        child_id = re.search(r"id=(\d+)", page.url)[1]
        walk.shot(cci, "cci-lands-on-the-case-file")

        page.locator("[data-action=progress_entry]").click()
        page.wait_for_load_state("load")
        assert page.input_value("#child") == child_id
        last_month = (date.today().replace(day=1) - timedelta(days=1)).replace(day=1)
        assert page.locator("#month").get_attribute("type") == "month"
        page.fill("#month", f"{last_month:%Y-%m}")
        page.fill("#education", "Joined the home's pre-school group")
        walk.shot(cci, "cci-records-the-months-progress")
        page.click("form input[type=submit]:not([name])")
        page.wait_for_load_state("load")
        assert f"/admin/child/case/?id={child_id}" in page.url, page.locator(".alert").all_inner_texts()
        progress = page.locator("[data-section=progress]")
        assert "Joined the home's pre-school group" in progress.inner_text()
        walk.shot(cci, "cci-finds-the-progress-on-the-case-file", focus=progress)
    finally:
        cci.goto("/language/en?next=/admin/")
    walk.check()
    walk.publish_under("daily", "cci")


def test_a_dcpu_figure_opens_that_many_rows(walk):
    dcpu = walk.person("dcpu")
    dcpu.sign_in("dcpu_ahmedabad")
    page = dcpu.page
    figure = page.locator("[data-figure=open_missing]")
    number = int(figure.locator(".display-4").inner_text().replace(",", ""))
    walk.shot(dcpu, "dcpu-home-figures", focus=figure)
    figure.click()
    page.wait_for_load_state("load")
    count = int(re.search(r"\(([\d,]+)\)", page.locator(".nav-tabs .active").first.inner_text())[1]
                .replace(",", ""))
    assert count == number
    assert page.locator("#shown-figure").count() == 1
    walk.shot(dcpu, "dcpu-list-of-exactly-those-reports", focus=page.locator("#shown-figure"))
    walk.check()
    walk.publish_under("daily", "dcpu")
