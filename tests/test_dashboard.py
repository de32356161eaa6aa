"""The panel's home page: each role's own figures, overdue clocks that link to the
list of those records, and this month's headline figures, on the dataset of
tests/summary_world.py (March 2026; the clocks run to today, months later)."""
import re

import pytest

from tests.summary_world import summary_world  # noqa: F401  (fixture)


def cards(html, attribute):
    """{key: number} of the dashboard cards carrying data-<attribute>="key"."""
    out = {}
    for key, value in re.findall(rf'data-{attribute}="([^"]+)"[^>]*>\s*<div class="[^"]*">([\d,]+)</div>', html):
        out[key] = int(value.replace(",", ""))
    return out


def listed(client, key):
    page = client.get(f"/admin/summary/overdue/{key}/")
    assert page.status_code == 200
    body = page.get_data(as_text=True)
    if "overdue-list" not in body:
        return 0
    return body.split("<tbody>")[1].split("</tbody>")[0].count("<tr>")


# As of today: every clock of the dataset has run out (see summary_world.py).
EXPECTED = {
    "s_dcpu_amd": {
        "not_produced": 2,      # f3, f4 (f5 archived; the others were produced)
        "sir_cwc": 2,           # o1, o2 (o6 complied)
        "sir_jjb": 1,           # j4 (j1 complied)
        # c3 (c1 legally free and c6 restored: any final disposition closes a case;
        # c4 no case date, c7 archived)
        "cwc_final": 1,
        "jjb_4m": 2, "jjb_6m": 2,  # c2, c10 (c8 disposed of by probation, c9's inquiry closed)
        "missing_4m": 5,        # m1 m3 m4 m7 m8 (m2 traced, m5 closed, m6 archived)
        "without_icp": 4,       # c2 c3 c9 c10 (c8 absconded, c6 restored)
        "progress_missing": 6,  # c1 c2 c3 c4 c9 c10: nothing entered for last month
    },
    "s_dcpu_srt": {"not_produced": 1, "sir_cwc": 0, "sir_jjb": 0, "cwc_final": 1, "jjb_4m": 0,
                   "jjb_6m": 0, "missing_4m": 0, "without_icp": 0, "progress_missing": 1},
    # A children's home: the clocks of children in need of care, none of the JJB's.
    "s_cci_amd": {"not_produced": 0, "sir_cwc": 2, "cwc_final": 1,
                  "without_icp": 1, "progress_missing": 2},
    "s_cwc_amd": {"not_produced": 2, "sir_cwc": 2, "cwc_final": 1, "without_icp": 1,
                  "progress_missing": 3},
    "s_jjb_amd": {"sir_jjb": 1, "jjb_4m": 2, "jjb_6m": 2, "without_icp": 3, "progress_missing": 3},
    "s_ngo_amd": {"not_produced": 0},
    "s_stateofficer_gj": {"not_produced": 3, "sir_cwc": 2, "sir_jjb": 1, "cwc_final": 2,
                          "jjb_4m": 2, "jjb_6m": 2, "missing_4m": 5, "without_icp": 4,
                          "progress_missing": 7},
}


@pytest.mark.parametrize("user", sorted(EXPECTED))
def test_each_role_sees_its_own_overdue_clocks_linked_to_their_lists(client, auth, summary_world, user):
    auth.login(user)
    html = client.get("/admin/").get_data(as_text=True)
    shown = cards(html, "clock")
    assert shown == EXPECTED[user]
    for key, number in shown.items():
        assert f'href="/admin/summary/overdue/{key}/"' in html
        assert listed(client, key) == number, key


def test_overdue_list_is_scoped_and_hidden_clocks_do_not_open(client, auth, summary_world):
    auth.login("s_dcpu_srt")
    page = client.get("/admin/summary/overdue/not_produced/").get_data(as_text=True)
    assert "Found g1" in page and "Found f3" not in page and "Found f4" not in page
    auth.logout()
    auth.login("s_cwc_amd")
    assert client.get("/admin/summary/overdue/jjb_4m/").status_code == 404
    assert client.get("/admin/summary/overdue/sir_jjb/").status_code == 404
    assert client.get("/admin/summary/overdue/missing_4m/").status_code == 404
    assert client.get("/admin/summary/overdue/nonsense/").status_code == 404


def test_dcpu_dashboard_figures_and_headline(client, auth, summary_world):
    auth.login("s_dcpu_amd")
    html = client.get("/admin/").get_data(as_text=True)
    figures = cards(html, "figure")
    assert figures["open_missing"] == 5          # open: m1 m3 m4 m7 m8
    assert figures["open_found"] == 3          # open: f3 f4 f6 (f1 placed, f2 restored, f5 archived)
    assert figures["new_matches"] == 1           # x2 (x4's missing report is archived)
    headline = cards(html, "headline")
    # This month: nothing registered or moved since March; still untraced and in care.
    assert headline == {"missing.reported": 0, "missing.traced": 0, "missing.untraced": 5,
                        "care.in_care": 6, "care.admissions": 0, "care.exits": 0}
    assert "/admin/summary/?month=" in html


def test_police_and_cci_dashboards(client, auth, summary_world):
    auth.login("s_cci_amd")
    html = client.get("/admin/").get_data(as_text=True)
    assert cards(html, "headline") == {"care.in_care": 2, "care.admissions": 0, "care.exits": 0}
    auth.logout()
    auth.login("s_ngo_amd")
    html = client.get("/admin/").get_data(as_text=True)
    assert cards(html, "headline") == {}
    assert "new_matches" not in cards(html, "figure")


def _figure_links(html):
    """{key: (number, list URL)} of the home page's figures."""
    out = {}
    for url, key, value in re.findall(
            r'href="([^"]+)" data-figure="([^"]+)">\s*<div class="[^"]*">([\d,]+)</div>', html):
        out[key] = (int(value.replace(",", "")), url.replace("&amp;", "&"))
    return out


def _list_count(client, url):
    body = client.get(url).get_data(as_text=True)
    found = re.search(r"List \(([\d,]+)\)", body)
    return int(found[1].replace(",", "")) if found else 0


@pytest.mark.parametrize("user", ["s_dcpu_amd", "s_cci_amd", "s_cwc_amd", "s_jjb_amd",
                                  "s_stateofficer_gj", "s_ngo_amd"])
def test_every_home_figure_opens_a_list_of_exactly_those_records(client, auth, summary_world, user):
    """Issue #12 item 4: the number on the home page is the length of the list it opens."""
    auth.login(user)
    links = _figure_links(client.get("/admin/").get_data(as_text=True))
    assert links, user
    for key, (number, url) in links.items():
        if key in ("new_matches", "hearings"):
            continue  # the match queue and the hearings list: test_match_decisions.py, test_hearings.py
        assert "figure=" + key in url
        assert _list_count(client, url) == number, (user, key, url)
        # The plain list shows more (every status): the figure is not the list's total.
        assert "shown-figure" in client.get(url).get_data(as_text=True)


def test_a_dcpu_figure_differs_from_the_whole_list_and_says_so(client, auth, summary_world):
    auth.login("s_dcpu_amd")
    links = _figure_links(client.get("/admin/").get_data(as_text=True))
    number, url = links["open_missing"]
    whole = _list_count(client, "/admin/missing_report/")
    assert whole > number == _list_count(client, url)
    page = client.get(url).get_data(as_text=True)
    assert "Showing: Open missing reports" in page
    # A figure's key on another list is ignored, not an error.
    assert _list_count(client, "/admin/missing_report/?figure=in_care") == whole


# Tests on the hand-built `world` come last in this module: building it replaces the
# summary world, which the tests above share.
@pytest.mark.parametrize("user, expected", [
    ("dcpu_amd", 1), ("police_amd", 1), ("sjpu_amd", 1),  # the waiting report of Ahmedabad
    ("cwc_amd", None), ("cci_amd", None), ("stateadmin_gj", None), ("national", None),
])
def test_home_counts_citizens_reports_waiting_for_those_who_decide(world, client, auth, user, expected):
    auth.login(user)
    html = client.get("/admin/").get_data(as_text=True)
    assert cards(html, "figure").get("citizen_waiting") == expected
    if expected is not None:
        assert 'href="/admin/citizen_report/?figure=citizen_waiting"' in html
        assert client.get("/admin/citizen_report/").status_code == 200


def test_an_observation_home_sees_its_own_figures_and_clocks(client, auth, world):
    """A CCI for children in conflict with law has no found-child figure and no CWC clocks."""
    auth.login("cciobs_amd")
    html = client.get("/admin/").get_data(as_text=True)
    assert "open_found" not in _figure_links(html)
    clocks = cards(html, "clock")
    assert not {"not_produced", "sir_cwc", "cwc_final"} & set(clocks)
    assert {"jjb_4m", "jjb_6m"} <= set(clocks)
