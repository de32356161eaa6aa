"""A month's report is history (#14): small histories with a known answer.

On the dataset of tests/summary_world.py (March 2026), changed here step by step:
a case opens on its first production or order; reports count by the day they
were reported (imports take the file's FIR date); a found child is placed in
the month of admission; a DCPU submits March, and a transfer after the month
does not change it, while a correction to March shows as a revision."""
import csv
import html
import io
import re
from contextlib import contextmanager
from datetime import date, datetime

from sqlalchemy import select

from extensions import db
from models import Child, CwcOrder, FoundReport, MissingReport, MonthlySubmission, User
from models.base import INDIA
from tests.conftest import csrf_from
from tests.summary_world import summary_world  # noqa: F401  (fixture: this module's own world)

MARCH = "month=2026-03"


@contextmanager
def _added_for_the_test(app, make):
    """A record made by `make()` (in an app context), saved for the body of the
    `with` and deleted after it, so the module's world stays as built."""
    with app.app_context():
        record = make()
        db.session.add(record)
        db.session.commit()
        model, rid = type(record), record.id
        db.session.remove()
    try:
        yield rid
    finally:
        with app.app_context():
            db.session.delete(db.session.get(model, rid))
            db.session.commit()
            db.session.remove()


def figures(client, query):
    response = client.get(f"/admin/summary/download.csv?{query}")
    assert response.status_code == 200, response.get_data(as_text=True)[:300]
    out = {}
    for row in csv.DictReader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))):
        out[(row["unit_level"], row["unit_name"], row["indicator"])] = float(row["total"] or 0)
    return out


def _child(name):
    return db.session.scalar(select(Child).where(Child.name == name))


def test_a_case_opens_on_its_first_production_or_order(app, summary_world):
    with app.app_context():
        c4 = _child("Child c4")
        assert c4.case_opened_on is None
        db.session.add(CwcOrder(child=c4, district=c4.district, order_type="interim_placement",
                                order_number="h1", order_date=date(2026, 2, 15)))
        db.session.commit()
        assert _child("Child c4").case_opened_on == date(2026, 2, 15)
        # A later order leaves it; an earlier production moves it back (India day).
        db.session.add(CwcOrder(child=c4, district=c4.district, order_type="sir_ordered",
                                order_number="h2", order_date=date(2026, 3, 1)))
        db.session.add(FoundReport(child_name="Found c4", gender="male", district=c4.district,
                                   child=c4, found_at=datetime(2026, 2, 9, 10, tzinfo=INDIA),
                                   produced_at=datetime(2026, 2, 10, 0, 30, tzinfo=INDIA)))
        db.session.commit()
        assert _child("Child c4").case_opened_on == date(2026, 2, 10)
        db.session.remove()


def test_reports_count_by_the_day_reported(app, client, auth, summary_world):
    from exchange.importer import import_table
    from exchange.parse import read_table
    rows = [["Name of Child", "Sex", "Age", "Date Missing", "Reason", "FIR Date", "Source ID"],
            ["Old Case", "male", "12", "05/01/2024", "lost", "06/01/2024", "HIST-1"],
            ["No Date", "female", "8", "01/03/2026", "lost", "", "HIST-2"]]
    data = io.StringIO()
    csv.writer(data).writerows(rows)
    with app.app_context():
        user = db.session.scalar(select(User).where(User.username == "s_dcpu_amd"))
        with app.test_request_context():
            result = import_table("missing", read_table(data.getvalue().encode(), "old.csv"), user)
        assert len(result.imported) == 2, (result.summary(), result.rejected)
        old = db.session.scalar(select(MissingReport).where(MissingReport.source_ref == "HIST-1"))
        fresh = db.session.scalar(select(MissingReport).where(MissingReport.source_ref == "HIST-2"))
        from models.base import today_in_india
        assert old.reported_on == date(2024, 1, 6)            # the file's FIR date
        assert fresh.reported_on == today_in_india()          # none in the file: the day of import
        old_id, fresh_id = old.id, fresh.id
        db.session.remove()
    auth.login("s_dcpu_amd")
    january = figures(client, "month=2024-01")
    assert january[("total", "Ahmedabad", "missing.reported")] == 1
    march = figures(client, MARCH)
    # Untraced for more than 4 months in March 2026: m3, and the report of January 2024.
    assert march[("total", "Ahmedabad", "missing.untraced_4m")] == 2
    assert march[("total", "Ahmedabad", "missing.reported")] == 3  # not the import month's
    with app.app_context():
        for rid in (old_id, fresh_id):
            db.session.delete(db.session.get(MissingReport, rid))
        db.session.commit()
        db.session.remove()


def test_hand_entry_defaults_to_today_in_india(app, client, auth, summary_world):
    auth.login("s_dcpu_amd")
    page = client.get("/admin/missing_report/new/")
    assert page.status_code == 200
    from models.base import today_in_india
    field = re.search(r'<input[^>]*id="reported_on"[^>]*>', page.get_data(as_text=True)).group(0)
    assert today_in_india().strftime("%d-%m-%Y") in field or today_in_india().isoformat() in field


def test_a_found_child_is_placed_in_the_month_of_admission(app, client, auth, summary_world):
    def found_c10():
        c10 = _child("Child c10")  # admitted to the observation home on 28 March
        return FoundReport(child_name="Found c10", gender="male", district=c10.district, child=c10,
                           found_at=datetime(2026, 2, 20, 10, tzinfo=INDIA),
                           registered_at=datetime(2026, 2, 20, 12, tzinfo=INDIA),
                           placed_institution=c10.institution, status="placed")
    auth.login("s_dcpu_amd")
    with _added_for_the_test(app, found_c10):
        assert figures(client, "month=2026-02")[("total", "Ahmedabad", "found.placed")] == 0
        assert figures(client, MARCH)[("total", "Ahmedabad", "found.placed")] == 2  # f1 and c10


def test_a_child_reported_missing_again_after_restoration(app, client, auth, summary_world):
    def missing_again():
        c6 = _child("Child c6")  # restored from the children's home on 31 March
        return MissingReport(child_name="Child c6", gender="female", district=c6.district, child=c6,
                             reason="ran_away", missing_at=datetime(2026, 4, 9, tzinfo=INDIA),
                             registered_at=datetime(2026, 4, 10, tzinfo=INDIA))
    auth.login("s_dcpu_amd")
    with _added_for_the_test(app, missing_again):
        april = figures(client, "month=2026-04")
        assert april[("total", "Ahmedabad", "missing.again_after_restoration")] == 1
        assert figures(client, MARCH)[("total", "Ahmedabad", "missing.again_after_restoration")] == 0


def _submit(client, query):
    page = client.get(f"/admin/summary/?{query}")
    return client.post(f"/admin/summary/submit?{query}", data={"csrf_token": csrf_from(page)})


def test_a_submitted_month_is_kept_and_corrections_show_as_revisions(app, client, auth, summary_world):
    auth.login("s_dcpu_amd")
    before = figures(client, MARCH)
    page = client.get(f"/admin/summary/?{MARCH}").get_data(as_text=True)
    assert 'data-action="submit-month"' in page
    # Not this month: it has not ended.
    from summaries.periods import Month
    assert _submit(client, f"month={Month.current()}").status_code == 400
    answer = _submit(client, MARCH)
    assert answer.status_code == 302
    assert _submit(client, MARCH).status_code == 400  # once only
    with app.app_context():
        row = db.session.scalar(select(MonthlySubmission))
        assert (row.month, row.unit_level, row.submitted_by.username) == (date(2026, 3, 1), "district",
                                                                         "s_dcpu_amd")
        db.session.remove()
    page = client.get(f"/admin/summary/?{MARCH}").get_data(as_text=True)
    assert 'data-submission="submitted"' in page and "data-revisions" not in page

    # A transfer after the month: c3 (a new CWC case of March in Ahmedabad) moves to Pune in May.
    with app.app_context():
        c3 = _child("Child c3")
        from models import Institution
        c3.movement_on = date(2026, 5, 10)
        c3.institution = db.session.scalar(select(Institution).where(Institution.registration_number == "pune_home"))
        c3.district = c3.institution.district
        db.session.commit()
        db.session.remove()
    after = figures(client, MARCH)
    assert after == before
    page = client.get(f"/admin/summary/?{MARCH}").get_data(as_text=True)
    assert "data-revisions" not in page

    # A correction to March: m1 archived as a duplicate. The figure changes, and the
    # submitted one shows beside it.
    with app.app_context():
        m1 = db.session.scalar(select(MissingReport).where(MissingReport.child_name == "Missing m1"))
        m1.archived_at, m1.archive_reason = datetime(2026, 11, 1, tzinfo=INDIA), "Duplicate"
        db.session.commit()
        db.session.remove()
    assert figures(client, MARCH)[("total", "Ahmedabad", "missing.reported")] == 2
    page = client.get(f"/admin/summary/?{MARCH}").get_data(as_text=True)
    assert 'data-revisions="' in page
    total = page.split('data-section="missing"')[1].split('data-unit="total"')[1].split("</tr>")[0]
    assert re.search(r'data-indicator="missing.reported">.*?summary-revision[^>]*>[^<]*3',
                     total, re.DOTALL)

    # The state and the nation see who has submitted.
    auth.logout()
    auth.login("s_stateofficer_gj")
    page = client.get(f"/admin/summary/?{MARCH}").get_data(as_text=True)
    status = dict(re.findall(r'<tr data-status-unit="\d+"><th scope="row">([^<]+)</th>\s*<td>(.*?)</td>',
                             page, re.DOTALL))
    assert status["Ahmedabad"].startswith("Submitted") and "Not submitted" in status["Surat"]
    assert 'data-action="submit-month"' not in page   # a state officer does not submit
    assert _submit(client, MARCH).status_code == 403
    auth.logout()
    auth.login("s_viewer")
    page = client.get(f"/admin/summary/?{MARCH}").get_data(as_text=True)
    assert "1 of 2 districts submitted" in page and "0 of 1 districts submitted" in page


def test_a_cci_submits_its_home_and_nobody_else_submits(app, client, auth, summary_world):
    ids = summary_world
    auth.login("s_cci_amd")
    assert _submit(client, MARCH).status_code == 302
    auth.logout()
    auth.login("s_dcpu_srt")  # another district: not in scope
    assert _submit(client, f"{MARCH}&level=district&district={ids.district['amd']}").status_code == 404
    auth.logout()
    auth.login("s_cwc_amd")
    assert _submit(client, MARCH).status_code == 403
    auth.logout()
    auth.login("s_dcpu_amd")  # the district sees its homes' reports
    page = client.get(f"/admin/summary/?{MARCH}").get_data(as_text=True)
    status = {html.unescape(k): v for k, v in re.findall(
        r'<tr data-status-unit="\d+"><th scope="row">([^<]+)</th>\s*<td>(.*?)</td>', page, re.DOTALL)}
    assert status["Ahmedabad Children's Home"].startswith("Submitted")
    assert "Not submitted" in status["Ahmedabad Observation Home"]
    with app.app_context():
        assert db.session.query(MonthlySubmission).count() == 2
        db.session.remove()
