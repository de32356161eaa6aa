"""Monthly summaries: every indicator on the hand-built dataset of
tests/summary_world.py, at each level, through the page and its downloads,
signed in as each role; and scope: nobody obtains figures outside their own."""
import csv
import io
import json
import re

import pytest
from openpyxl import load_workbook

from tests.summary_world import summary_world  # noqa: F401  (fixture)

MARCH = "month=2026-03"
Z = (0, 0, 0, 0)


def figures(client, query, path="/admin/summary/download.csv"):
    """{(unit_level, unit_name, indicator): (male, female, transgender, not known) or total}."""
    response = client.get(f"{path}?{query}")
    assert response.status_code == 200, response.get_data(as_text=True)[:500]
    text = response.get_data(as_text=True).lstrip("\ufeff")
    out = {}
    for row in csv.DictReader(io.StringIO(text)):
        key = (row["unit_level"], row["unit_name"], row["indicator"])
        if row["male"] == "":
            out[key] = row["total"]
        else:
            genders = tuple(int(row[g]) for g in ("male", "female", "transgender", "not_known"))
            assert sum(genders) == int(row["total"])
            out[key] = genders
    return out


def check(got, unit_level, unit, expected):
    """Every indicator named in `expected` has exactly the figures written there;
    every other gendered indicator of that unit is (0, 0, 0, 0)."""
    named = {k[2] for k in got if k[:2] == (unit_level, unit)}
    assert named, f"no figures for {unit_level} {unit}"
    for indicator, value in expected.items():
        assert got[(unit_level, unit, indicator)] == value, (unit_level, unit, indicator)
    for indicator in named - set(expected):
        value = got[(unit_level, unit, indicator)]
        if isinstance(value, tuple):
            assert value == Z, (unit_level, unit, indicator, value)


# Right answers for March 2026, worked out record by record in tests/summary_world.py.
AMD_REPORTS = {
    "missing.open_at_start": (2, 0, 1, 0),      # m2 (28 February), m3, m4
    "missing.reported": (0, 2, 0, 1),           # m1 (00:10 on 1 March), m5, m7 (23:59 on 31 March)
    "missing.traced": (0, 0, 1, 0),             # m2, traced 23:30 on 31 March
    "missing.untraced": (2, 1, 0, 1),           # m1, m3, m4, m7 (m5 closed, m6 archived, m8 April)
    "missing.untraced_4m": (1, 0, 0, 0),        # m3 (November); m4 (1 December) not yet
    "missing.reason.lost": (0, 1, 0, 0), "missing.reason.trafficked": (0, 1, 0, 0),
    "missing.reason.abandoned": (0, 0, 0, 1),
    "missing.age.6_11": (0, 1, 0, 0), "missing.age.0_5": (0, 1, 0, 0),
    "missing.age.12_14": (0, 0, 0, 1),
    "found.registered": (2, 1, 1, 0),           # f1, f2, f3, f6 (f4 February, f5 archived)
    "found.restored": (0, 1, 0, 0),             # f2
    "found.placed": (1, 0, 0, 0),               # f1
    "match.proposed": (0, 1, 0, 0),             # x2 (x4's missing report is archived)
    "match.confirmed": (0, 0, 1, 0),            # x1, decided 23:30 on 31 March
    # The matches of Ahmedabad's found children, by their gender: x3 (f2, with Surat's s1)
    # proposed and rejected, x1 (f1) confirmed.
    "match.found.proposed": (0, 1, 0, 0), "match.found.rejected": (0, 1, 0, 0),
    "match.found.confirmed": (1, 0, 0, 0),
    "cwc.new_cases": (0, 1, 0, 0),              # c3, now in Ahmedabad (c7 archived)
    "cwc.orders": (2, 3, 0, 0),                 # o1..o5 (o7 archived)
    "cwc.order.sir_ordered": (1, 1, 0, 0), "cwc.order.legally_free": (1, 0, 0, 0),
    "cwc.order.sponsorship": (0, 1, 0, 0), "cwc.order.restoration": (0, 1, 0, 0),
    "cwc.legally_free": (1, 0, 0, 0),
    # c1 is closed by its legally-free order, c6 by restoration: any final disposition.
    "cwc.pending_4m": Z,
    "jjb.new_cases": (1, 0, 0, 0),              # c10
    "jjb.dispositions": (1, 0, 0, 0), "jjb.disposition.probation": (1, 0, 0, 0),  # j2 (bail is not)
    # c9 (closed only in April), c2; c8's inquiry was disposed of by probation (s.18).
    "jjb.pending_4m": (0, 1, 1, 0),
    "jjb.pending_6m": (0, 1, 0, 0),             # c9
    "clock.not_produced_24h": (1, 1, 0, 0),     # f4 (limit on 1 March), f2 (1 s late); f3 April
    "clock.sir_overdue_cwc": (1, 0, 0, 0),      # o1 (o2 due in April)
    "clock.sir_overdue_jjb": (0, 0, 1, 0),      # j4 (j1 complied by month end)
}
AMD_CARE = {
    "care.opening": (3, 2, 1, 0),               # c1 c4 c6 | c2 c8 c9: 6 + 2 admissions − 1 exit = 7
    "care.in_care": (4, 2, 1, 0),               # c1 c3 | c2 c4 c8 c9 c10
    "care.type.childrens_home": (1, 1, 0, 0), "care.type.observation_home": (3, 1, 1, 0),
    "care.category.CNCP": (2, 1, 0, 0), "care.category.CCL": (2, 1, 1, 0),
    "care.admissions": (1, 1, 0, 0),            # c3 from Surat, c10 (c4 moved within the district)
    "care.exits": (0, 1, 0, 0), "care.exit.restoration": (0, 1, 0, 0),  # c6
    "clock.without_icp": (2, 2, 1, 0),          # c3, c2, c9 (plan archived), c10, c8 (plan in April)
    "clock.progress_missing": (0, 1, 1, 0),     # c2, c9 (entry archived)
}
SRT = {
    "missing.reported": (0, 0, 1, 0), "missing.untraced": (0, 0, 1, 0),
    "missing.reason.ran_away": (0, 0, 1, 0), "missing.runaway.other": (0, 0, 1, 0),
    "missing.age.15_17": (0, 0, 1, 0),
    "found.registered": (0, 0, 0, 1), "clock.not_produced_24h": (0, 0, 0, 1),
    "match.proposed": (0, 0, 1, 0), "match.rejected": (0, 0, 1, 0),
    "match.found.proposed": (0, 0, 0, 1),       # x2: Ahmedabad's m1 with Surat's found g1
    "cwc.orders": (0, 1, 0, 0), "cwc.order.sir_ordered": (0, 1, 0, 0),  # o6
    "cwc.new_cases": (0, 0, 0, 1),              # c5, now in Surat
    "care.opening": (0, 1, 0, 0),               # c3
    "care.in_care": (0, 0, 0, 1), "care.type.childrens_home": (0, 0, 0, 1),
    "care.category.CNCP": (0, 0, 0, 1),
    "care.admissions": (0, 0, 0, 1),            # c5 from Pune
    "care.exits": (0, 1, 0, 0), "care.exit.transfer": (0, 1, 0, 0),  # c3 to Ahmedabad
}
PUNE = {
    "missing.reported": (1, 0, 0, 0), "missing.untraced": (1, 0, 0, 0),
    "missing.reason.lost": (1, 0, 0, 0), "missing.age.15_17": (1, 0, 0, 0),
    "care.admissions": (0, 0, 0, 1), "care.exits": (0, 0, 0, 1), "care.exit.transfer": (0, 0, 0, 1),
}


def _add(*parts):
    out = {}
    for part in parts:
        for key, value in part.items():
            out[key] = tuple(a + b for a, b in zip(out.get(key, Z), value))
    return out


def _without(d, *keys):
    return {k: v for k, v in d.items() if k not in keys}


def test_district_summary_has_institution_rows_and_district_total(client, auth, summary_world):
    auth.login("s_dcpu_amd")
    got = figures(client, MARCH)  # the DCPU's own district by default
    check(got, "total", "Ahmedabad", {**AMD_REPORTS, **AMD_CARE})
    assert got[("total", "Ahmedabad", "care.capacity")] == "80"
    assert got[("total", "Ahmedabad", "care.occupancy")] == "8.8"  # 7 of 80
    check(got, "institution", "Ahmedabad Children's Home", {
        "care.opening": (2, 1, 0, 0),                             # c1 c4 c6
        "care.in_care": (1, 1, 0, 0), "care.type.childrens_home": (1, 1, 0, 0),
        "care.category.CNCP": (1, 1, 0, 0),
        "care.admissions": (0, 1, 0, 0),                          # c3
        "care.exits": (1, 1, 0, 0), "care.exit.transfer": (1, 0, 0, 0),  # c4 to the other home
        "care.exit.restoration": (0, 1, 0, 0),                     # c6
        "clock.without_icp": (0, 1, 0, 0)})                        # c3
    check(got, "institution", "Ahmedabad Observation Home", {
        "care.opening": (1, 1, 1, 0),                              # c2 c8 c9
        "care.in_care": (3, 1, 1, 0), "care.type.observation_home": (3, 1, 1, 0),
        "care.category.CNCP": (1, 0, 0, 0), "care.category.CCL": (2, 1, 1, 0),
        "care.admissions": (2, 0, 0, 0),                           # c4 (within the district), c10
        "clock.without_icp": (2, 1, 1, 0), "clock.progress_missing": (0, 1, 1, 0)})
    # Reports, matches and orders have no institution: not on institution rows.
    assert ("institution", "Ahmedabad Children's Home", "missing.reported") not in got


def test_state_summary_total_is_the_state_not_the_sum_of_districts(client, auth, summary_world):
    auth.login("s_stateofficer_gj")
    got = figures(client, MARCH)
    amd = {**AMD_REPORTS, **AMD_CARE}
    check(got, "district", "Ahmedabad", amd)
    check(got, "district", "Surat", SRT)
    state = _add(_without(amd, "care.admissions", "care.exits"),
                 _without(SRT, "care.admissions", "care.exits", "care.exit.transfer"))
    # c3 moved from Surat to Ahmedabad: admission and exit of each district, not of Gujarat.
    state.update({"care.admissions": (1, 0, 0, 1),   # c10, c5 from Maharashtra
                  "care.exits": (0, 1, 0, 0)})       # c6 restored
    check(got, "total", "Gujarat", state)
    assert got[("total", "Gujarat", "care.capacity")] == "120"
    # A row per district of the state, and no other district.
    assert {k[1] for k in got if k[0] == "district"} == {"Ahmedabad", "Surat"}


def test_national_summary(client, auth, summary_world):
    auth.login("s_viewer")
    got = figures(client, MARCH)
    gujarat_rows = {"care.admissions": (1, 0, 0, 1), "care.exits": (0, 1, 0, 0)}
    gujarat = _add(_without({**AMD_REPORTS, **AMD_CARE}, "care.admissions", "care.exits"),
                   _without(SRT, "care.admissions", "care.exits", "care.exit.transfer"))
    check(got, "state", "Gujarat", {**gujarat, **gujarat_rows})
    check(got, "state", "Maharashtra", PUNE)
    nation = _add(_without(gujarat, "care.exit.transfer"),
                  _without(PUNE, "care.admissions", "care.exits", "care.exit.transfer"))
    # c5 entered care in Pune (an admission of the nation); moving to Surat is neither.
    nation.update({"care.admissions": (1, 0, 0, 1), "care.exits": (0, 1, 0, 0)})
    check(got, "total", "India", nation)
    assert got[("total", "India", "care.capacity")] == "140"


def test_institution_level_for_cci_staff(client, auth, summary_world):
    auth.login("s_cci_amd")
    got = figures(client, MARCH)
    home = {"care.opening": (2, 1, 0, 0), "care.in_care": (1, 1, 0, 0), "care.type.childrens_home": (1, 1, 0, 0),
            "care.category.CNCP": (1, 1, 0, 0), "care.admissions": (0, 1, 0, 0),
            "care.exits": (1, 1, 0, 0), "care.exit.transfer": (1, 0, 0, 0),
            "care.exit.restoration": (0, 1, 0, 0), "clock.without_icp": (0, 1, 0, 0)}
    check(got, "total", "Ahmedabad Children's Home", home)
    check(got, "institution", "Ahmedabad Children's Home", home)
    assert not any(k[2].startswith(("missing.", "found.", "cwc.", "jjb.")) for k in got)


def test_month_boundaries_in_india_time(client, auth, summary_world):
    auth.login("s_dcpu_amd")
    february = figures(client, "month=2026-02")
    check(february, "total", "Ahmedabad", {
        "missing.open_at_start": (2, 0, 0, 0),       # m3, m4
        "care.opening": (2, 2, 1, 0),                # c1 c6 | c2 c8 c9
        "missing.reported": (0, 0, 1, 0),            # m2, 23:50 on 28 February
        "missing.reason.ran_away": (0, 0, 1, 0), "missing.runaway.scolded": (0, 0, 1, 0),
        "missing.age.12_14": (0, 0, 1, 0),
        "missing.untraced": (2, 0, 1, 0),            # m2, m3, m4
        "found.registered": (1, 0, 0, 0),            # f4 (its 24 hours end in March)
        "match.proposed": (0, 0, 1, 0),              # x1
        "match.found.proposed": (1, 0, 0, 0),        # x1, from f1's side
        "cwc.pending_4m": (1, 1, 0, 0),              # c1 (31 October), c6 (final order in March)
        "jjb.pending_4m": (1, 1, 0, 0), "jjb.pending_6m": (1, 1, 0, 0),  # c8, c9 (c2: 30 November)
        "clock.sir_overdue_jjb": (0, 0, 1, 0),       # j4, due 16 February
        "care.in_care": (3, 2, 1, 0),                # c1 c4 c6 | c2 c8 c9
        "care.type.childrens_home": (2, 1, 0, 0), "care.type.observation_home": (1, 1, 1, 0),
        "care.category.CNCP": (2, 1, 0, 0), "care.category.CCL": (1, 1, 1, 0),
        "care.admissions": (1, 0, 0, 0),             # c4
        "clock.without_icp": (1, 2, 1, 0),           # c6, c2, c8 (plan in April), c9 (archived)
        "clock.progress_missing": (2, 2, 1, 0),      # c1 c8 c6 c9 c2 (c4 came on 10 February)
    })
    april = figures(client, "month=2026-04")
    assert april[("total", "Ahmedabad", "missing.reported")] == (1, 0, 0, 0)   # m8, 00:00 on 1 April
    assert april[("total", "Ahmedabad", "clock.not_produced_24h")] == (0, 0, 1, 0)  # f3
    assert april[("total", "Ahmedabad", "missing.untraced_4m")] == (2, 0, 0, 0)   # m3, m4
    assert april[("total", "Ahmedabad", "care.exit.absconded")] == (1, 0, 0, 0)   # c8


@pytest.mark.parametrize("user, month", [("s_viewer", "2026-02"), ("s_viewer", "2026-03"),
                                         ("s_viewer", "2026-04"), ("s_stateofficer_gj", "2026-03"),
                                         ("s_dcpu_amd", "2026-03")])
def test_care_reconciles_at_every_unit(client, auth, summary_world, user, month):
    """In care at the start + admissions − exits = in care at month end, for every row and total."""
    auth.login(user)
    got = figures(client, f"month={month}")
    units = {k[:2] for k in got if k[2] == "care.opening"}
    assert units
    for unit in units:
        opening, admissions, exits, closing = (sum(got[(*unit, key)]) for key in (
            "care.opening", "care.admissions", "care.exits", "care.in_care"))
        assert opening + admissions - exits == closing, (unit, opening, admissions, exits, closing)


def test_tracing_outcomes_and_the_ncrb_recovery_rate(client, auth, summary_world):
    auth.login("s_dcpu_amd")
    march = figures(client, MARCH)
    # NCRB: traced in the month ÷ (missing at its start + reported in it) = 1 ÷ (3 + 3).
    assert march[("total", "Ahmedabad", "missing.recovery_rate")] == "16.7"
    # m2 was traced 31 days after it was reported: not within 30 days.
    assert march[("total", "Ahmedabad", "missing.traced_30d")] == Z
    auth.logout()
    auth.login("s_dcpu_srt")
    april = figures(client, "month=2026-04")
    # s1: reported 15 March, traced 2 April (18 days): within 30 days, not 7.
    assert april[("total", "Surat", "missing.traced")] == (0, 0, 1, 0)
    assert april[("total", "Surat", "missing.traced_30d")] == (0, 0, 1, 0)
    assert april[("total", "Surat", "missing.traced_7d")] == Z
    assert april[("total", "Surat", "missing.traced_1d")] == Z
    assert april[("total", "Surat", "missing.recovery_rate")] == "100.0"  # 1 ÷ (1 + 0)
    page = client.get(f"/admin/summary/?{MARCH}").get_data(as_text=True)
    assert "65.9" in page  # NCRB's 2023 national rate, the anchor


def test_medians_of_the_month(client, auth, summary_world):
    auth.login("s_dcpu_amd")
    march = figures(client, MARCH)
    assert march[("total", "Ahmedabad", "missing.median_days_to_trace")] == "31.0"   # m2: 28 Feb → 31 Mar
    assert march[("total", "Ahmedabad", "found.median_days_to_restore")] == "15.0"   # f2: 10 → 25 March
    # c6: 1 June 2025 to 31 March 2026 (c4's transfer within the district is not an exit).
    assert march[("total", "Ahmedabad", "care.median_stay_days")] == "303.0"
    assert march[("institution", "Ahmedabad Children's Home", "care.median_stay_days")] == "303.0"
    assert march[("institution", "Ahmedabad Observation Home", "care.median_stay_days")] == ""


def test_figures_by_police_station(client, auth, summary_world):
    auth.login("s_dcpu_amd")
    page = client.get(f"/admin/summary/?{MARCH}").get_data(as_text=True)
    row = page.split('data-station="none"')[1].split("</tr>")[0]
    cells = dict(re.findall(r'data-indicator="([a-z_.0-9]+)">([^<]*)<', row))
    # No report of the dataset names its police station: all in the row of their own.
    assert cells == {"missing.reported": "3", "missing.traced": "1", "missing.untraced": "4",
                     "missing.untraced_4m": "1", "found.registered": "4"}
    auth.logout()
    auth.login("s_stateofficer_gj")
    assert 'data-section="stations"' not in client.get(f"/admin/summary/?{MARCH}").get_data(as_text=True)


def test_page_shows_the_figures_split_by_gender(client, auth, summary_world):
    auth.login("s_dcpu_amd")
    page = client.get(f"/admin/summary/?{MARCH}&level=district")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    total_row = html.split('data-unit="total"')[1].split("</tr>")[0] if 'data-unit="total"' in html else ""
    # The first section's total row: reported 3 = 0 male · 2 female · 0 transgender · 1 not known.
    cell = re.search(r'data-indicator="missing.reported">\s*<span class="summary-total">([^<]*)</span>\s*'
                     r'<span class="summary-genders">([^<]*)</span>', total_row)
    assert cell and cell.group(1) == "3" and cell.group(2).split(" · ") == ["0", "2", "0", "1"]
    assert "vendor/chartjs/chart.umd.min.js" in html and "cdn" not in html.lower()
    assert "Untraced for more than 4 months" in html
    assert "male · female · transgender · not known" in html
    trend = client.get(f"/admin/summary/trend.json?{MARCH}").get_json()
    assert trend["months"][0] == "2025-04" and trend["months"][-1] == "2026-03"
    assert trend["reported"][-1] == 3 and trend["traced"][-1] == 1 and trend["in_care"][-1] == 7
    assert trend["reported"][-2] == 1 and trend["in_care"][-2] == 6   # February
    # By gender: March's reported m1, m5 (female), m7 (not known); in care 4 · 2 · 1 · 0.
    assert [trend["by_gender"]["reported"][g][-1] for g in ("male", "female", "transgender", "unknown")] == [0, 2, 0, 1]
    assert [trend["by_gender"]["in_care"][g][-1] for g in ("male", "female", "transgender", "unknown")] == [4, 2, 1, 0]
    printed = client.get(f"/admin/summary/print?{MARCH}")
    assert printed.status_code == 200 and b"A4" in client.get("/static/summary.css").data


def test_xlsx_download_matches_csv(client, auth, summary_world):
    auth.login("s_dcpu_amd")
    response = client.get(f"/admin/summary/download.xlsx?{MARCH}")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.data)).active
    rows = list(sheet.iter_rows(values_only=True))
    header = rows[0]
    wanted = [r for r in rows[1:] if r[header.index("unit_level")] == "total"
              and r[header.index("indicator")] == "care.in_care"]
    assert [wanted[0][header.index(g)] for g in ("male", "female", "transgender", "not_known")] == [4, 2, 1, 0]


def test_archived_records_never_count(client, auth, summary_world):
    auth.login("s_viewer")
    got = figures(client, MARCH)
    # m6, f5, c7, o7 and the match x4 are archived (or on an archived report): India's March
    # figures have none of them (see the expectations above); here the plain proof for c7:
    assert got[("total", "India", "care.admissions")] == (1, 0, 0, 1)
    assert got[("total", "India", "cwc.order.medical_examination")] == Z


@pytest.mark.parametrize("user, query, status", [
    ("s_dcpu_amd", "level=district&district={srt}", 404),
    ("s_dcpu_amd", "level=state&state={gj}", 403),
    ("s_dcpu_amd", "level=national", 403),
    ("s_dcpu_amd", "level=institution&institution={srt_home}", 404),
    ("s_dcpu_amd", "level=district&district=999999", 404),
    ("s_dcpu_amd", "level=district&district=abc", 400),
    ("s_dcpu_amd", "month=2026-13", 400),
    ("s_dcpu_amd", "level=foo", 400),
    ("s_stateofficer_gj", "level=state&state={mh}", 404),
    ("s_stateofficer_gj", "level=district&district={pune}", 404),
    ("s_stateofficer_gj", "level=national", 403),
    ("s_cci_amd", "level=institution&institution={amd_obs}", 404),
    ("s_cci_amd", "level=district&district={amd}", 403),
    ("s_viewer", "level=state", 400),
])
@pytest.mark.parametrize("path", ["/admin/summary/", "/admin/summary/download.csv",
                                  "/admin/summary/download.xlsx", "/admin/summary/print",
                                  "/admin/summary/trend.json"])
def test_nobody_obtains_figures_outside_their_scope(client, auth, summary_world, user, query,
                                                    status, path):
    ids = {**summary_world.district, **summary_world.state, **summary_world.cci}
    auth.login(user)
    response = client.get(f"{path}?{query.format(**ids)}")
    assert response.status_code == status
    body = response.get_data(as_text=True)
    if path.endswith(".json"):
        assert "error" in json.loads(body)
    else:
        assert 'class="alert alert-danger"' in body
        assert "Surat" not in body.split("alert-danger")[1][:400]
    assert "summary-total" not in body and "care.in_care" not in body


def test_ngo_and_signed_out_users_get_no_summary(client, auth, summary_world):
    assert client.get("/admin/summary/").status_code == 302  # to the sign-in page
    auth.login("s_ngo_amd")
    assert client.get("/admin/summary/").status_code == 403
    assert client.get("/admin/summary/download.csv").status_code == 403
    assert b"Monthly summary" not in client.get("/admin/").data


def test_district_user_summary_menu_and_default(client, auth, summary_world):
    auth.login("s_dcpu_srt")
    got = figures(client, MARCH)
    check(got, "total", "Surat", SRT)
    assert not any(k[1].startswith("Ahmedabad") for k in got)


def test_cli_summary(app, summary_world):
    runner = app.test_cli_runner()
    result = runner.invoke(args=["summary", "--month", "2026-03", "--state", "gj", "--format", "csv"])
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.output)))
    total = [r for r in rows if r["unit_level"] == "total" and r["indicator"] == "care.admissions"]
    assert [total[0][g] for g in ("male", "female", "transgender", "not_known")] == ["1", "0", "0", "1"]
    result = runner.invoke(args=["summary", "--month", "2026-03", "--district", "Ahmedabad",
                                 "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["total"]["figures"]["missing.untraced"] == {"male": 2, "female": 1, "transgender": 0,
                                                            "unknown": 1}
    result = runner.invoke(args=["summary", "--month", "2026-3"])
    assert result.exit_code != 0 and "YYYY-MM" in result.output
    result = runner.invoke(args=["summary", "--month", "2026-03", "--district", "Nowhere"])
    assert result.exit_code != 0 and "Nowhere" in result.output
