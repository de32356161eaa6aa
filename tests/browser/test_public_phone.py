"""The public page on a parent's phone (390 x 844, #12 item 11), in a real browser:

- home, search, both forms and the status page fit the screen (no sideways
  scrolling), in English and in Gujarati;
- a photo larger than the server takes is refused by the page before sending,
  in the page's language, and the rest of the form stays as typed; the report
  then sent gets its reference on a page that fits the phone too.

Every step also fails on any console error (tests/browser/walk.py): the photo
check is a static script under the Content-Security-Policy."""
import pytest

PHONE = (390, 844)
PAGES = ("/public/", "/public/search", "/public/search?kind=found", "/public/report/missing",
         "/public/report/seen", "/public/status?reference=CR-0000-0000-00")


def _overflow(page):
    """The page's width and the screen's, the elements reaching past the screen, and
    the boxes that scroll sideways inside the page (a wide table in a scrolling box
    fits the page but not the parent's eye)."""
    return page.evaluate("""() => {
        const width = window.innerWidth, doc = document.documentElement;
        const name = e => e.tagName + (e.id ? '#' + e.id : '') + '.' + e.className;
        const all = [...document.querySelectorAll('body *')];
        const wide = all.filter(e => e.getBoundingClientRect().right > width + 1).slice(0, 5).map(name);
        const scrolling = all.filter(e => ['auto', 'scroll'].includes(getComputedStyle(e).overflowX)
                                         && e.scrollWidth > e.clientWidth + 1).map(name);
        return {scroll: doc.scrollWidth, width: width, wide: wide, scrolling: scrolling};
    }""")


def _send_the_rest(page, gender, age, place, reporter):
    """Fill in the missing-child form's remaining required fields, send it, and wait
    for the page that gives the reference."""
    page.select_option("#gender", gender)
    page.fill("#age_years", age)
    page.fill("#place", place)
    page.fill("#reporter_name", reporter)
    page.fill("#reporter_phone", "98765 43210")
    page.check("#declaration")
    page.click("#submit-report")
    page.wait_for_url("**/public/report/received")


@pytest.mark.parametrize("language", ["en", "gu"])
def test_public_pages_fit_a_phone(walk, language):
    parent = walk.person(f"parent-{language}", viewport=PHONE)
    parent.goto(f"/language/{language}?next=/public/")
    for path in PAGES:
        parent.goto(path)
        parent.page.wait_for_load_state("load")
        found = _overflow(parent.page)
        assert found["scroll"] <= found["width"] and not found["scrolling"], (language, path, found)
    walk.check()


def test_a_photo_too_large_is_refused_before_sending_in_gujarati(walk):
    parent = walk.person("parent-photo", viewport=PHONE)
    parent.goto("/language/gu?next=/public/report/missing")
    page = parent.page
    page.fill("#child_name", "કાવ્યા પટેલ")
    page.fill("#event_date", "20-10-2026")
    limit = int(page.get_attribute("#photo", "data-max-bytes"))
    page.set_input_files("#photo", files=[{"name": "IMG_0001.jpg", "mimeType": "image/jpeg",
                                           "buffer": b"\xff\xd8" + b"\x00" * limit}])
    message = page.locator("#photo-size")
    message.wait_for(state="visible")
    text = message.inner_text()
    assert text == page.get_attribute("#photo", "data-too-large") and "MB" in text
    assert "larger than" not in text  # Gujarati, as the page
    assert page.evaluate("document.getElementById('photo').files.length") == 0
    url = page.url
    page.click("#submit-report")  # the rest of the form goes (and comes back with its errors)
    page.wait_for_load_state("load")
    assert page.url == url and page.input_value("#child_name") == "કાવ્યા પટેલ"
    assert page.input_value("#event_date") == "20-10-2026"
    # Completed and sent: the reference page fits the phone too.
    page.select_option("#district", index=2)
    _send_the_rest(page, gender="female", age="7", place="કાલુપુર સ્ટેશન", reporter="હેમા પટેલ")
    found = _overflow(page)
    assert found["scroll"] <= found["width"] and not found["scrolling"], found
    walk.check()


def test_a_parent_chooses_a_district_of_another_state_by_its_state_in_gujarati(walk):
    """Every district of India is on the form (#12 item 14): the state list keeps the
    district list short on a phone, both in the page's script."""
    parent = walk.person("parent-state", viewport=PHONE)
    parent.goto("/language/gu?next=/public/report/missing")
    page = parent.page
    states = page.locator("#district-state option")
    assert states.count() == 36 and states.nth(0).inner_text() == "ગુજરાત"
    district_names = lambda: page.eval_on_selector_all("#district option", "os => os.map(o => o.textContent)")
    assert "અમદાવાદ" in district_names() and "પુણે" not in district_names()
    page.select_option("#district-state", label="મહારાષ્ટ્ર")
    names = district_names()
    assert "પુણે" in names and "અમદાવાદ" not in names and len(names) == 1 + 1 + 36  # blank, not sure, MH
    page.select_option("#district", label="પુણે")
    walk.shot(parent, "state-then-district", focus=page.locator("#district"))
    page.fill("#child_name", "સોહમ જાધવ")
    page.fill("#event_date", "20-10-2026")
    _send_the_rest(page, gender="male", age="9", place="સ્વારગેટ બસ સ્ટેન્ડ", reporter="સુનીતા જાધવ")
    walk.check()
    walk.publish_under("public", "parent")
