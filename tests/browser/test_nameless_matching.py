"""A child with no name in a real browser (issue #13, "Done means"): a girl of 8
is reported missing from Kalupur railway station; the next day the police of
Ahmedabad register a deaf and mute girl of about 8 found at the same station,
who cannot say her name; the DCPU opens the found report's possible matches,
sees the missing girl among the candidates with her probability (also on
Gujarati pages), and confirms her.

Screenshots go to docs/walkthrough/matching/ when the walk passes."""
import re
from datetime import datetime, timedelta
from urllib.parse import quote


def _save_report(walk, person, name):
    """Submit the open form; when it is held back as a possible duplicate, look
    at the warning, say it is a different child and submit again. Lands on the
    saved report: its id."""
    page = person.page
    page.click("form input[type=submit]:not([name])")
    page.wait_for_load_state("load")
    if page.locator("#possible-duplicates").count():
        walk.shot(person, f"{name}-duplicate-warning", focus=page.locator("#possible-duplicates"))
        page.check("#not_a_duplicate")
        page.click("form input[type=submit]:not([name])")
        page.wait_for_load_state("load")
    assert "/details/" in page.url, page.locator(".alert").all_inner_texts()
    return re.search(r"id=(\d+)", page.url)[1]


def test_a_nameless_deaf_and_mute_girl_is_matched_by_the_dcpu(walk):
    now = datetime.now()
    police = walk.person("police")
    police.sign_in("police_ahmedabad")
    page = police.page

    # Yesterday: a girl of 8 missing from Kalupur railway station.
    police.goto("/admin/missing_report/new/")
    page.fill("#child_name", "Dhara Solanki")
    page.locator("#gender").select_option("female", force=True)
    page.fill("#age_years", "8")
    page.fill("#height_cm", "122")
    page.fill("#identification_marks", "Mole on the right cheek, cannot hear or speak")
    page.fill("#languages", "Gujarati")
    page.fill("#place_missing", "Kalupur railway station")
    page.fill("#missing_at", (now - timedelta(days=1, hours=2)).strftime("%d-%m-%Y %H:%M"))
    page.locator("#reason").select_option("lost", force=True)
    page.locator("#status").select_option("open", force=True)
    missing_id = _save_report(walk, police, "police-missing")

    # Today: a deaf and mute girl of about 8 found there, no name.
    police.goto("/admin/found_report/new/")
    page.locator("#gender").select_option("female", force=True)
    page.fill("#estimated_age_years", "8")
    page.fill("#height_cm", "120")
    page.fill("#identification_marks", "Mole on right cheek; deaf and mute")
    page.fill("#languages", "Gujarati sign")
    page.uncheck("#can_speak")
    page.uncheck("#can_hear")
    page.fill("#found_at", (now - timedelta(hours=3)).strftime("%d-%m-%Y %H:%M"))
    page.fill("#place_found", "Kalupur railway station, platform 4")
    page.locator("#status").select_option("open", force=True)
    walk.shot(police, "police-registers-a-deaf-and-mute-girl-with-no-name")
    found_id = _save_report(walk, police, "police-found")
    walk.check()

    dcpu = walk.person("dcpu")
    dcpu.sign_in("dcpu_ahmedabad")
    page = dcpu.page
    dcpu.goto(f"/admin/found_report/details/?id={found_id}")
    page.click(f"a[href*='/admin/matches/found/{found_id}/']")
    page.wait_for_load_state("load")
    candidates = page.locator("#candidates .candidate")
    assert candidates.count() >= 20 or page.locator("#no-candidates").count() == 0
    right = page.locator(f"#candidates [data-candidate='missing:{missing_id}']")
    assert right.count() == 1, "the girl missing from the same station is not among the candidates"
    probability = float(right.locator(".match-strength").first.get_attribute("data-probability"))
    assert 0 < probability <= 1
    assert re.search(r"\d+%", right.locator(".match-strength").first.inner_text())
    walk.shot(dcpu, "dcpu-sees-the-candidates", focus=page.locator("#candidates"))
    walk.shot(dcpu, "dcpu-sees-the-missing-girl-with-her-probability", focus=right)
    path = "/" + page.url.split("/", 3)[3]

    # The same page in Gujarati.
    dcpu.goto(f"/language/gu?next={quote(path)}")
    try:
        assert "સંભવિત મેળ" in page.locator("h3").first.inner_text()
        assert page.locator(f"#candidates [data-candidate='missing:{missing_id}']").count() == 1
        walk.shot(dcpu, "dcpu-sees-the-candidates-in-gujarati",
                  focus=page.locator(f"#candidates [data-candidate='missing:{missing_id}']"))
    finally:
        dcpu.goto("/language/en?next=/admin/")
    dcpu.goto(path)

    # Search the register: girls of 7 to 9 in Ahmedabad.
    page.fill("#age_from", "7")
    page.fill("#age_to", "9")
    page.locator("#gender").select_option("female", force=True)
    page.fill("#marks", "mole cheek")
    page.click("#register-search button")
    page.wait_for_load_state("load")
    found_in_search = page.locator(f"#register-results [data-candidate='missing:{missing_id}']")
    assert found_in_search.count() == 1
    walk.shot(dcpu, "dcpu-searches-the-register", focus=page.locator("#register-results"))

    right = page.locator(f"#candidates [data-candidate='missing:{missing_id}']")
    right.locator("input[name=note]").fill("Same station, same mole; she recognised her mother's photo")
    right.locator(".confirm-candidate").click()
    page.wait_for_load_state("load")
    assert "/admin/matches/pair/" in page.url
    assert "Confirmed" in page.locator(".alert-success").first.inner_text()
    walk.shot(dcpu, "dcpu-confirms-the-missing-girl")
    walk.check()
    walk.publish_under("matching", "nameless")
