"""The monthly summary reads like the report a DCPU signs (issue #12, item 10), in
Chromium at 1366x768, in English and Gujarati: headline figures first, tables
within the page's width, both chart axes and the months labelled, and only the
unit picker of the chosen level."""
import pytest

STATE_OFFICER = "stateofficer_gujarat"


@pytest.mark.parametrize("language", ["en", "gu"])
def test_the_summary_fits_the_page_and_says_what_it_shows(walk, language):
    officer = walk.person(f"summary-{language}")
    officer.sign_in(STATE_OFFICER)
    page = officer.page
    page.set_viewport_size({"width": 1366, "height": 768})
    officer.goto(f"/language/{language}?next=/admin/summary/")
    page.wait_for_load_state("load")

    # Headline figures before any table.
    order = page.evaluate("""() => {
        const headline = document.getElementById('headline');
        const table = document.querySelector('.summary-table');
        return headline && table && Boolean(headline.compareDocumentPosition(table)
                                            & Node.DOCUMENT_POSITION_FOLLOWING);
    }""")
    assert order, "the headline figures do not come before the tables"

    # No table wider than the page; the page does not scroll sideways.
    widths = page.evaluate("""() => ({
        page: document.documentElement.scrollWidth, view: window.innerWidth,
        tables: [...document.querySelectorAll('.summary-table')].map(t => t.getBoundingClientRect().width)})""")
    assert widths["page"] <= widths["view"], widths
    assert max(widths["tables"]) <= widths["view"], widths

    # Both axes and the months carry titles, in the page's language.
    page.wait_for_function("() => window.Chart && Chart.getChart(document.getElementById('trend-chart'))")
    titles = page.evaluate("""() => {
        const scales = Chart.getChart(document.getElementById('trend-chart')).options.scales;
        return [scales.x.title.text, scales.y.title.text, scales.care.title.text];
    }""")
    assert all(titles), titles
    if language == "gu":
        assert all(any("\u0a80" <= ch <= "\u0aff" for ch in text) for text in titles), titles

    # A state summary shows the state picker only; a district summary the district picker.
    def shown_pickers():
        return page.evaluate("""() => [...document.querySelectorAll('.summary-picker')]
                                .filter(p => getComputedStyle(p).display !== 'none').map(p => p.dataset.level)""")
    page.select_option("#level", "state")
    assert shown_pickers() == ["state"]
    page.select_option("#level", "district")
    assert shown_pickers() == ["district"]
    walk.check()
