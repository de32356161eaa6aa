"""The child's case file and finding records by the child (issue #12, items 1-2):
one page per child reached from every record about it, actions that start with
the child filled in, the opening noted in the access log, and every list about
children searched by the child's name in any script and by child ID, and
filtered by child. Who sees which section: tests/test_access_matrix.py."""
import re
from datetime import datetime, timezone

from sqlalchemy import func, select

from extensions import db
from models import AccessLog, Child, MissingReport
from tests.helpers import submit

CASE = "/admin/child/case/?id={}"


def _code(app, child_id):
    with app.app_context():
        value = db.session.get(Child, child_id).child_code
        db.session.remove()
    return value


def _rows(html, endpoint):
    return {int(i) for i in re.findall(rf"/admin/{endpoint}/details/\?id=(\d+)", html)}


# ---- the page ----------------------------------------------------------------------------
def test_case_file_shows_the_childs_records_in_one_page(client, auth, world):
    auth.login("dcpu_amd")
    page = client.get(CASE.format(world.child["amd_cncp"])).get_data(as_text=True)
    assert "CWC-amd-1" in page and "Class 4" in page and "School" in page
    assert "Ahmedabad Children&#39;s Home" in page  # the placement timeline
    history = page.split('data-section="history"')[1].split("</section>")[0]
    # who changed what, when: in India time and words, not the stored codes and ids
    assert "Created" in history and "In care" in history and "Interim placement" in history
    assert "Ahmedabad Children&#39;s Home" in history and "1 Nov 2026, 12:00" in history
    assert "in_care" not in history and "2026-11-01T06:30" not in history and "interim_placement" not in history


def test_the_history_is_in_the_users_language(client, auth, world):
    auth.login("dcpu_amd")
    client.get("/language/gu?next=/admin/")
    page = client.get(CASE.format(world.child["amd_cncp"])).get_data(as_text=True)
    history = page.split('data-section="history"')[1].split("</section>")[0]
    assert "દસ્તાવેજનો ઇતિહાસ" in history and "સંભાળ હેઠળ" in history  # "in care"
    client.get("/language/en?next=/admin/")


def test_national_roles_see_the_history_without_sensitive_values(client, auth, world):
    auth.login("viewer")
    page = client.get(CASE.format(world.child["amd_cncp"])).get_data(as_text=True)
    history = page.split('data-section="history"')[1].split("</section>")[0]
    assert "restricted" in history and "secret-" not in page


def test_opening_the_case_file_is_recorded_like_opening_the_record(app, client, auth, world):
    auth.login("cwc_amd")
    with app.app_context():
        last = db.session.scalar(select(func.max(AccessLog.id))) or 0
    assert client.get(CASE.format(world.child["amd_cncp"])).status_code == 200
    assert client.get(CASE.format(world.child["srt_cncp"])).status_code == 404
    with app.app_context():
        entries = db.session.scalars(select(AccessLog).where(AccessLog.id > last)).all()
        assert [(e.action, e.screen, e.child_id, e.district_id) for e in entries] == [
            ("open", "child.case_view", world.child["amd_cncp"], world.district["amd"])]
        db.session.remove()


def test_bad_ids_answer_not_found(client, auth, world):
    auth.login("dcpu_amd")
    for raw in ("abc", "", "-1", "99999999999999999999999", "1;drop"):
        assert client.get(f"/admin/child/case/?id={raw}").status_code == 404


def test_every_list_row_and_record_about_the_child_links_to_the_case_file(client, auth, world):
    auth.login("dcpu_amd")
    child = world.child["amd_cncp"]
    link = f"/admin/child/case/?id={child}"
    for url in ("/admin/child/", "/admin/cwc_order/", "/admin/care_plan/", "/admin/progress_entry/",
                f"/admin/child/details/?id={child}", f"/admin/cwc_order/details/?id={world.cwc['amd']}",
                f"/admin/care_plan/details/?id={world.icp['amd']}"):
        assert link in client.get(url).get_data(as_text=True), url


def test_police_records_and_reports_about_the_child_link_to_the_case_file(app, client, auth, world):
    from models import FoundReport, PoliceReport
    child = world.child["amd_cncp"]
    with app.app_context():
        for model, rid in ((PoliceReport, world.police["amd_ps1"]), (MissingReport, world.missing["amd_ps1"]),
                           (FoundReport, world.found["amd_ps1"])):
            db.session.get(model, rid).child_id = child
        db.session.commit()
        db.session.remove()
    auth.login("dcpu_amd")
    link = f"/admin/child/case/?id={child}"
    for url in ("/admin/police_report/", f"/admin/police_report/details/?id={world.police['amd_ps1']}",
                f"/admin/missing_report/details/?id={world.missing['amd_ps1']}",
                f"/admin/found_report/details/?id={world.found['amd_ps1']}"):
        assert link in client.get(url).get_data(as_text=True), url
    page = client.get(CASE.format(child)).get_data(as_text=True)
    for row in (f"police_report-{world.police['amd_ps1']}", f"missing_report-{world.missing['amd_ps1']}",
                f"found_report-{world.found['amd_ps1']}"):
        assert f'data-row="{row}"' in page


def test_a_transfer_about_a_child_out_of_scope_names_it_without_a_link(client, auth, world):
    auth.login("cci_amd")  # Surat's child is coming in: not yet the home's
    page = client.get("/admin/transfer/").get_data(as_text=True)
    assert "રાહુલ" in page and f"/admin/child/case/?id={world.child['srt_cncp']}" not in page


# ---- actions start with the child filled in ------------------------------------------------
def test_cwc_records_an_order_from_the_case_file_with_the_child_filled_in(app, client, auth, world):
    auth.login("cwc_amd")
    child = world.child["amd_cncp"]
    page = client.get(CASE.format(child)).get_data(as_text=True)
    assert 'data-action="cwc_order"' in page and 'data-action="jjb_order"' not in page
    assert 'data-action="progress_entry"' not in page  # the CCI records progress
    url = re.search(r'data-action="cwc_order"[^>]*|href="([^"]+)" data-action="cwc_order"', page)
    href = re.search(r'href="([^"]+)" data-action="cwc_order"', page).group(1).replace("&amp;", "&")
    assert url and f"child={child}" in href
    form = client.get(href).get_data(as_text=True)
    assert re.search(rf'name="child"[^>]*value="{child}"|value="{child}"[^>]*name="child"', form)
    response = submit(client, href, {"child": str(child), "order_type": "sir_ordered",
                                     "order_number": "CWC-case-1", "order_date": "2026-11-03",
                                     "next_hearing_date": "2026-11-20"})
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/admin/child/case/?id={child}")
    assert "CWC-case-1" in client.get(CASE.format(child)).get_data(as_text=True)


def test_cci_records_progress_from_the_case_file(app, client, auth, world):
    auth.login("cci_amd")
    child = world.child["amd_cncp"]
    page = client.get(CASE.format(child)).get_data(as_text=True)
    href = re.search(r'href="([^"]+)" data-action="progress_entry"', page).group(1).replace("&amp;", "&")
    form = client.get(href).get_data(as_text=True)
    assert re.search(rf'value="{child}"[^>]*name="child"|name="child"[^>]*value="{child}"', form)
    assert child_display(_code(app, child)) in form  # the chosen child is shown by its ID and name


def test_a_child_out_of_scope_is_never_filled_in(client, auth, world):
    auth.login("cci_amd")
    for raw in (world.child["srt_cncp"], world.child["amd_ccl"], "x", "999999"):
        form = client.get(f"/admin/progress_entry/new/?child={raw}").get_data(as_text=True)
        assert "રાહુલ" not in form and "Kiran" not in form
        assert not re.search(r'name="child"[^>]*value="\d+"|value="\d+"[^>]*name="child"', form)


def test_roles_that_only_read_have_no_actions(client, auth, world):
    auth.login("viewer")
    page = client.get(CASE.format(world.child["amd_cncp"])).get_data(as_text=True)
    assert "data-action=" not in page


# ---- searching and filtering by the child --------------------------------------------------
CHILD_LISTS = ("cwc_order", "care_plan", "progress_entry")


def test_lists_about_children_search_by_the_childs_name_in_any_script(client, auth, world):
    auth.login("national")
    everyone = {"amd", "srt", "pune"}  # राहुल, રાહુલ, Rahul: one name in three scripts
    for endpoint, group in (("cwc_order", "cwc"), ("care_plan", "icp"), ("progress_entry", "progress")):
        ids = {getattr(world, group)[d] for d in everyone}
        for name in ("राहुल", "રાહુલ", "Rahul", "rahul"):
            page = client.get(f"/admin/{endpoint}/", query_string={"search": name}).get_data(as_text=True)
            assert _rows(page, endpoint) == ids, (endpoint, name)
        page = client.get(f"/admin/{endpoint}/", query_string={"search": "Kiran"}).get_data(as_text=True)
        assert _rows(page, endpoint) == set()


def test_lists_about_children_search_by_child_id(app, client, auth, world):
    auth.login("national")
    code = _code(app, world.child["srt_cncp"])
    typed = f"{code[:4].lower()}-{code[4:8]} {code[8:]}"  # as a person types it
    for endpoint, group in (("cwc_order", "cwc"), ("care_plan", "icp"), ("progress_entry", "progress")):
        page = client.get(f"/admin/{endpoint}/", query_string={"search": typed}).get_data(as_text=True)
        assert _rows(page, endpoint) == {getattr(world, group)["srt"]}, endpoint
    page = client.get("/admin/transfer/", query_string={"search": code}).get_data(as_text=True)
    assert _rows(page, "transfer") == {world.transfer["srt_to_amd"]}
    page = client.get("/admin/jjb_order/", query_string={"search": "kiran srt"}).get_data(as_text=True)
    assert _rows(page, "jjb_order") == {world.jjb["srt"]}


def test_report_numbers_stay_searchable(client, auth, world):
    auth.login("national")
    page = client.get("/admin/police_report/", query_string={"search": "FIR-srt-1"}).get_data(as_text=True)
    assert _rows(page, "police_report") == {world.police["srt_ps1"]}
    page = client.get("/admin/cwc_order/", query_string={"search": "CWC-pune-1"}).get_data(as_text=True)
    assert _rows(page, "cwc_order") == {world.cwc["pune"]}


def test_search_by_child_stays_in_scope(client, auth, world):
    auth.login("cwc_amd")
    page = client.get("/admin/care_plan/", query_string={"search": "રાહુલ"}).get_data(as_text=True)
    assert _rows(page, "care_plan") == {world.icp["amd"]}  # Surat's રાહુલ is not the CWC's


def test_lists_filter_by_child(app, client, auth, world):
    auth.login("stateadmin_gj")
    code = _code(app, world.child["amd_cncp"])
    for endpoint, group in (("cwc_order", "cwc"), ("care_plan", "icp"), ("progress_entry", "progress")):
        page = client.get(f"/admin/{endpoint}/?flt0_child_id_is={code}").get_data(as_text=True)
        assert _rows(page, endpoint) == {getattr(world, group)["amd"]}, endpoint
    page = client.get(f"/admin/child/case/?id={world.child['amd_cncp']}").get_data(as_text=True)
    assert f"/admin/cwc_order/?flt0_child_id_is={child_display(code)}" in page


def child_display(code):
    return f"{code[:4]}-{code[4:8]}-{code[8:]}"


def test_a_bad_child_id_in_the_filter_says_so(client, auth, world):
    auth.login("stateadmin_gj")
    response = client.get("/admin/care_plan/?flt0_child_id_is=NOT-A-CODE")
    assert response.status_code == 200
    assert "Invalid Filter Value: NOT-A-CODE" in response.get_data(as_text=True)


# ---- the missing children list: the manual fallback for a found child with no name ----------
def _add_missing(app, world, **values):
    with app.app_context():
        report = MissingReport(district_id=world.district["amd"], police_unit_id=world.unit["amd_ps1"],
                               **values)
        db.session.add(report)
        db.session.commit()
        rid = report.id
        db.session.remove()
    return rid


def test_missing_children_filter_and_sort_by_age_gender_date_and_place(app, client, auth, world):
    auth.login("dcpu_amd")
    young = _add_missing(app, world, child_name=None, gender="male", age_years=4, reason="lost",
                         place_missing="Kalupur railway station",
                         missing_at=datetime(2026, 10, 20, 5, tzinfo=timezone.utc))
    page = client.get("/admin/missing_report/?flt0_age_years_smaller_than=6"
                      "&flt1_gender_equals=male").get_data(as_text=True)
    assert _rows(page, "missing_report") == {young}
    page = client.get("/admin/missing_report/?flt0_place_missing_from_contains=kalupur").get_data(as_text=True)
    assert _rows(page, "missing_report") == {young}
    page = client.get("/admin/missing_report/", query_string={
        "flt0_date_and_time_missing_between": "2026-10-19 00:00:00 to 2026-10-21 00:00:00"}).get_data(as_text=True)
    assert _rows(page, "missing_report") == {young}
    sortable = {label: index for index, label in re.findall(
        r'sort=(\d+)&amp;page_size=20" title="Sort by ([^"]+)"', client.get("/admin/missing_report/").get_data(as_text=True))}
    assert {"Gender", "Age (years)", "Date and time missing", "Place missing from"} <= set(sortable)
    by_age = client.get(f"/admin/missing_report/?sort={sortable['Age (years)']}").get_data(as_text=True)
    ages = [int(a) for a in re.findall(r'<td class="col-age_years">\s*(\d+)\s*</td>', by_age)]
    assert ages and ages == sorted(ages) and ages[0] == 4


def test_filtering_by_a_child_out_of_scope_finds_nothing(app, client, auth, world):
    auth.login("cwc_amd")
    for key in ("srt_cncp", "amd_ccl"):  # another district's child; the JJB's child
        code = _code(app, world.child[key])
        # (not transfers: the CWC sees Surat's child coming to its district's home)
        for endpoint in ("care_plan", "progress_entry", "cwc_order"):
            for query in (f"flt0_child_id_is={code}", f"search={code}"):
                page = client.get(f"/admin/{endpoint}/?{query}").get_data(as_text=True)
                assert _rows(page, endpoint) == set(), (key, endpoint, query)
