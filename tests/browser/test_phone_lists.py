"""Lists on a 390 px phone (issue #12, item 11): no sideways scrolling, every
column's value readable with its heading, in English and Gujarati."""
import pytest


@pytest.mark.parametrize("language", ["en", "gu"])
def test_a_dcpu_reads_the_missing_children_list_on_a_phone(walk, language):
    dcpu = walk.person(f"phone-{language}")
    dcpu.sign_in("dcpu_ahmedabad")
    page = dcpu.page
    page.set_viewport_size({"width": 390, "height": 844})
    dcpu.goto(f"/language/{language}?next=/admin/missing_report/")
    try:
        page.wait_for_load_state("load")
        width = page.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
        assert width[0] <= width[1], width
        first = page.locator("table.model-list tbody tr").first
        cells = first.locator("td[data-label]")
        assert cells.count() >= 5
        labels = [cells.nth(i).get_attribute("data-label") for i in range(cells.count())]
        assert sum(1 for label in labels if label) >= 5, labels
        # every cell is on screen, none cut off to the right
        right = page.evaluate("""() => Math.max(...[...document.querySelectorAll(
            'table.model-list tbody tr:first-child td')].map(td => td.getBoundingClientRect().right))""")
        assert right <= 390
    finally:
        dcpu.goto("/language/en?next=/admin/")
    walk.check()
