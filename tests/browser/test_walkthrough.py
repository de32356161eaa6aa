"""The walk a trainer shows new users, in a real browser (headless Chromium), on
the demo pilot:

1. a citizen reports a missing child in the Gujarati interface and gets a reference number;
2. the DCPU of the district accepts it from the moderation queue: a missing report,
   listed on the public page, and the citizen sees the report accepted;
3. a police officer registers a found child whose name is typed in Hindi (Devanagari) script;
4. the DCPU sees the proposed match, Gujarati name against Devanagari name, and confirms it;
5. the monthly summary counts the child as traced;
6. the public search no longer lists the child.

Every step asserts what the person sees and saves a screenshot to
docs/walkthrough/, which the README's "Walkthrough for trainers" shows."""
import io
import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from PIL import Image, ImageDraw

from matching.calibration import QUEUE_DEFAULT_THRESHOLD
from tests.browser.walk import SHOTS_DIR

INDIA = ZoneInfo("Asia/Kolkata")

# One boy, written in two scripts: his family writes Gujarati, the police officer
# who finds him writes Hindi. The matching normaliser folds both names to
# "vedant parmar"; no demo child is called Vedant, so the public search finds him alone.
CHILD_GU, FIRST_GU, FATHER_GU = "વેદાંત પરમાર", "વેદાંત", "કિશોર પરમાર"
CHILD_HI, FATHER_HI = "वेदांत परमार", "किशोर परमार"
AGE = 9
DISTRICT_GU = "અમદાવાદ"  # as the Gujarati pages name it (demo/local_names.py)
REFERENCE = re.compile(r"^CR-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{2}$")


def test_walkthrough(walk, tmp_path):
    now = datetime.now(INDIA)
    citizen = walk.person("citizen")
    reference = citizen_reports_missing_child(walk, citizen, now - timedelta(days=2), tmp_path)

    dcpu = walk.person("dcpu")
    dcpu.sign_in("dcpu_ahmedabad")
    dcpu_accepts_citizen_report(walk, dcpu, reference)
    citizen_sees_report_accepted(walk, citizen, reference)
    public_search_lists_child(walk, citizen)

    police = walk.person("police")
    police.sign_in("police_ahmedabad")
    police_registers_found_child(walk, police, found_at=now - timedelta(hours=1))

    traced_before = traced_this_month(dcpu)
    dcpu_confirms_match(walk, dcpu)
    summary_counts_traced_child(walk, dcpu, traced_before)
    public_search_no_longer_lists_child(walk, citizen)

    walk.check()
    walk.check_known_errors_still_happen()
    readme_shows_every_screenshot(walk)
    walk.publish()


# ---- the citizen ----------------------------------------------------------------------
def citizen_reports_missing_child(walk, citizen, missing_on, tmp_path):
    page = citizen.page
    citizen.goto("/public/")
    assert page.locator("html").get_attribute("lang") == "en"  # the browser asks for English
    page.click("nav a[lang=gu]")  # the language switch on the page, as a parent would use it
    page.wait_for_load_state("load")
    assert page.locator("html").get_attribute("lang") == "gu"
    assert page.locator("[data-training-banner]").is_visible()  # a training copy, clearly
    assert "1098" in page.locator("#helplines").inner_text()
    _in_gujarati(page, "h1", "#report-missing", "#public-nav")
    walk.shot(citizen, "citizen-opens-public-page-in-gujarati")

    page.click("#report-missing")
    page.wait_for_load_state("load")
    _in_gujarati(page, "h1", "label[for=child_name]", "#submit-report")
    # The parent's page is in Gujarati: so is the district's name (demo/local_names.py).
    page.locator("#district").select_option(label=_option(page, "#district", DISTRICT_GU))
    page.fill("#child_name", CHILD_GU)
    page.fill("#father_name", FATHER_GU)
    page.locator("#gender").select_option("male")
    page.fill("#age_years", str(AGE))
    page.fill("#height_cm", "130")
    page.fill("#clothes", "વાદળી શર્ટ, કાળી ચડ્ડી")
    page.fill("#identification_marks", "ડાબા ગાલ પર ઘાનું નિશાન")
    page.fill("#languages", "ગુજરાતી")
    page.fill("#event_date", missing_on.strftime("%d-%m-%Y"))  # day first, as people write it
    page.fill("#place", "મણિનગર બસ સ્ટેન્ડ, અમદાવાદ")
    page.fill("#description", "શાળાએથી પાછો આવતો હતો, બસ સ્ટેન્ડ પાસે છેલ્લે જોવા મળ્યો.")
    page.set_input_files("#photo", _portrait(tmp_path / "vedant.png"))
    page.check("#publish_consent")
    page.fill("#reporter_name", FATHER_GU)
    page.fill("#reporter_phone", "98250 12345")
    page.fill("#reporter_relation", "પિતા")
    page.check("#declaration")
    walk.shot(citizen, "citizen-fills-my-child-is-missing", focus=page.locator("#child_name"))

    page.click("#submit-report")
    page.wait_for_load_state("load")
    reference = page.locator("#reference").inner_text().strip()
    assert REFERENCE.match(reference), f"not a reference number: {reference!r}"
    _in_gujarati(page, "h1")
    walk.shot(citizen, "citizen-gets-reference-number")
    return reference


def citizen_sees_report_accepted(walk, citizen, reference):
    page = citizen.page
    page.click("#public-nav a[href$='/public/status']")
    page.wait_for_load_state("load")
    page.fill("#reference", reference.lower().replace("-", " "))  # as read out on the phone
    page.click("#status-form button[type=submit]")
    page.wait_for_load_state("load")
    assert page.locator("#status").get_attribute("data-status") == "accepted"
    _in_gujarati(page, "#status")
    walk.shot(citizen, "citizen-sees-report-accepted")


def _search_by_first_name(citizen):
    page = citizen.page
    page.click("#public-nav a[href$='/public/search']")
    page.wait_for_load_state("load")
    page.fill("#name", FIRST_GU)
    page.click("#search-form button[type=submit]")
    page.wait_for_load_state("load")
    return page.locator(".public-entry", has=page.locator(".entry-name", has_text=FIRST_GU))


def public_search_lists_child(walk, citizen):
    entry = _search_by_first_name(citizen)
    assert entry.count() == 1, "the accepted report is not listed on the public page"
    text = entry.inner_text()
    assert str(AGE) in text and DISTRICT_GU in text  # the page is in Gujarati
    assert CHILD_GU not in text  # the first name only, never the full name
    assert entry.locator("img.card-img-top").count() == 1  # the family agreed to the photo
    walk.shot(citizen, "public-search-lists-missing-child", focus=entry)


def public_search_no_longer_lists_child(walk, citizen):
    entry = _search_by_first_name(citizen)
    assert entry.count() == 0, "a traced child is still on the public page"
    assert citizen.page.locator("#no-results").is_visible()
    walk.shot(citizen, "public-search-no-longer-lists-child")


# ---- the DCPU: moderation --------------------------------------------------------------
def dcpu_accepts_citizen_report(walk, dcpu, reference):
    page = dcpu.page
    dcpu.menu("Missing and found", "Citizens' reports")
    row = page.locator("table.model-list tbody tr", has_text=reference)
    assert row.count() == 1, f"{reference} is not in the DCPU's queue"
    assert CHILD_GU in row.inner_text()
    walk.shot(dcpu, "dcpu-sees-citizen-report-in-queue", focus=row)

    row.locator("a[href*='details']").click()
    assert CHILD_GU in page.locator("table").first.inner_text()
    page.click("#accept")
    page.wait_for_load_state("load")
    assert page.input_value("#child_name") == CHILD_GU  # filled in from the citizen's report
    assert page.input_value("#father_name") == FATHER_GU
    walk.shot(dcpu, "dcpu-checks-missing-report-filled-from-citizen")

    page.click("form input[type=submit][value='Save']")
    page.wait_for_load_state("load")
    message = page.locator(".alert-success", has_text=reference)
    assert "accepted" in message.inner_text()
    assert page.locator("table.model-list tbody tr", has_text=reference).count() == 0  # decided
    walk.shot(dcpu, "dcpu-accepted-citizen-report")

    dcpu.menu("Missing and found", "Missing children")
    row = page.locator("table.model-list tbody tr", has_text=CHILD_GU)
    assert row.count() == 1, "the accepted report is not among the district's missing children"
    walk.shot(dcpu, "dcpu-sees-new-missing-report", focus=row)


# ---- the police officer ----------------------------------------------------------------
def police_registers_found_child(walk, police, found_at):
    page = police.page
    police.menu("Missing and found", "Found children")
    page.click("a.nav-link:has-text('Create')")
    page.wait_for_load_state("load")
    page.fill("#child_name", CHILD_HI)  # typed in Devanagari, as the officer writes it
    page.fill("#father_name", FATHER_HI)
    page.locator("#gender").select_option("male", force=True)  # "not known" until said
    page.fill("#estimated_age_years", str(AGE))
    page.fill("#height_cm", "128")
    page.fill("#identification_marks", "बाएं गाल पर घाव का निशान")
    page.fill("#languages", "Gujarati")
    _pick_date_and_time(page, "#found_at", found_at)
    page.fill("#place_found", "कालूपुर रेलवे स्टेशन, प्लेटफॉर्म 4")
    page.fill("#circumstances", "टिकट खिड़की के पास अकेला रोता मिला; कहता है बस से आया।")
    walk.shot(police, "police-registers-found-child-in-hindi")

    page.click("form input[type=submit][value='Save']")
    page.wait_for_load_state("load")
    assert page.locator(".alert-success", has_text="successfully").count() == 1
    # The officer lands on the saved report, with its possible matches at once.
    assert "/admin/found_report/details/" in page.url
    candidate = page.locator("#possible-matches tbody tr", has_text=CHILD_GU)
    assert candidate.count() == 1, "the saved report does not show the Gujarati missing child"
    walk.shot(police, "police-found-child-saved", focus=page.locator("#possible-matches"))


# ---- the DCPU: the match ---------------------------------------------------------------
def dcpu_confirms_match(walk, dcpu):
    page = dcpu.page
    dcpu.menu("Missing and found", "New possible matches")
    row = page.locator("table tbody tr", has_text=CHILD_GU).filter(has_text=CHILD_HI)
    assert row.count() == 1, "the queue does not propose the Gujarati and the Hindi record"
    # at or above the reviewers' default threshold (the calibration's "likely")
    probability = float(row.locator(".match-strength").first.get_attribute("data-probability"))
    assert probability >= QUEUE_DEFAULT_THRESHOLD
    walk.shot(dcpu, "dcpu-sees-proposed-match", focus=row)

    row.locator("a", has_text="Review").click()
    missing_card, found_card = page.locator(".card").nth(0), page.locator(".card").nth(1)
    assert CHILD_GU in missing_card.inner_text() and CHILD_HI in found_card.inner_text()
    name_row = page.locator("tr", has=page.locator("td", has_text=_exactly("Name")))
    assert "agrees" in name_row.inner_text()
    walk.shot(dcpu, "dcpu-reviews-match-side-by-side")

    page.fill("#note", "Father identified him by the scar on his left cheek.")
    page.click("button[name=decision][value=confirm]")
    page.wait_for_load_state("load")
    assert "Confirmed" in page.locator(".alert-success").inner_text()
    assert "Confirmed" in page.locator("p.text-muted b").first.inner_text()
    walk.shot(dcpu, "dcpu-confirms-match")


# ---- the monthly summary ----------------------------------------------------------------
def _traced_cell(dcpu):
    """The district's "Traced in the month" total for this month (India time)."""
    page = dcpu.page
    dcpu.menu("Reports", "Monthly summary")
    page.fill("#month", datetime.now(INDIA).strftime("%Y-%m"))  # the page opens on last month
    page.click("form.summary-form button")
    page.wait_for_load_state("load")
    cell = page.locator("tr[data-unit=total] td[data-indicator='missing.traced'] .summary-total")
    page.wait_for_load_state("networkidle")  # the trend chart is drawn from trend.json
    return cell


def traced_this_month(dcpu) -> int:
    return int(re.sub(r"\D", "", _traced_cell(dcpu).inner_text()))


def summary_counts_traced_child(walk, dcpu, before):
    cell = _traced_cell(dcpu)
    after = int(re.sub(r"\D", "", cell.inner_text()))
    assert after == before + 1, f"traced in the month: {before} before the match, {after} after"
    walk.shot(dcpu, "summary-counts-child-traced", focus=cell)


# ---- helpers ------------------------------------------------------------------------------
def _exactly(text):
    return re.compile(rf"^\s*{re.escape(text)}\s*$")


def _in_gujarati(page, *selectors):
    """What the parent reads is written in Gujarati: most letters of each element
    are in the Gujarati block (names of places and numbers may stay as they are)."""
    for selector in selectors:
        text = page.locator(selector).first.inner_text()
        letters = [c for c in text if c.isalpha()]
        gujarati = sum("\u0a80" <= c <= "\u0aff" for c in letters)
        assert gujarati > len(letters) / 2, f"{selector} is not in Gujarati: {text!r}"


def _pick_date_and_time(page, field, when):
    """As an officer does it: day first, then the time (admin_views/widgets.py)."""
    page.fill(field, when.strftime("%d-%m-%Y %H:%M"))
    assert page.input_value(field) == when.strftime("%d-%m-%Y %H:%M")


def _option(page, select, text):
    """The label of the select's option that names `text` (e.g. "Ahmedabad (Gujarat)")."""
    labels = page.locator(f"{select} option").all_inner_texts()
    matching = [label for label in labels if text in label]
    assert len(matching) == 1, f"no single {text!r} among {labels}"
    return matching[0]


def _portrait(path):
    """A drawn stand-in for a family's photo (no real child's picture in the repository)."""
    image = Image.new("RGB", (300, 400), (226, 232, 240))
    draw = ImageDraw.Draw(image)
    draw.ellipse((95, 70, 205, 190), fill=(160, 112, 80))      # head
    draw.rectangle((70, 210, 230, 400), fill=(37, 99, 235))    # blue shirt
    draw.ellipse((125, 115, 135, 125), fill=(30, 30, 30))
    draw.ellipse((165, 115, 175, 125), fill=(30, 30, 30))
    draw.arc((125, 135, 175, 165), 20, 160, fill=(30, 30, 30), width=3)
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    path.write_bytes(buffer.getvalue())
    return str(path)


def readme_shows_every_screenshot(walk):
    readme = (SHOTS_DIR.parents[1] / "README.md").read_text(encoding="utf-8")
    missing = [name for name in walk.shots if f"docs/walkthrough/{name}" not in readme]
    assert not missing, f"README's walkthrough for trainers does not show {missing}"
    for name in walk.shots:
        size = (walk.staging / name).stat().st_size
        assert size < 300_000, f"{name} is {size} bytes: keep screenshots small"
