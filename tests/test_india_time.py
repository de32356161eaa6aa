"""Every "today" is India's, and imported times keep their offsets (issue #11, items 14-15).

The server runs on UTC (the usual cloud default). At 00:30 IST on 2 October 2026
the server's local date is still 1 October (19:00 UTC): a report of a child
missing "today" must be accepted, and "tomorrow" (in India) refused."""
import csv
import io
import itertools
from datetime import date, datetime, timezone
from zoneinfo import ZoneInfo

import pytest
import time_machine
from sqlalchemy import select

from extensions import db
from models import Child, CitizenReport, CwcOrder, MissingReport, User
from models.base import today_in_india
from tests.conftest import csrf_from

# 00:30 India time on 2 October = 19:00 UTC on 1 October, on a server whose zone is UTC.
HALF_PAST_MIDNIGHT_IST = datetime(2026, 10, 1, 19, 0, tzinfo=ZoneInfo("UTC"))
TODAY_IN_INDIA = date(2026, 10, 2)
_ADDRESSES = (f"10.14.{i // 250}.{i % 250 + 1}" for i in itertools.count())


@pytest.fixture
def utc_server_after_midnight_in_india():
    with time_machine.travel(HALF_PAST_MIDNIGHT_IST, tick=False):
        assert date.today() == date(2026, 10, 1)  # the server's own local date lags
        yield


def test_today_in_india_is_not_the_servers_date(utc_server_after_midnight_in_india):
    assert today_in_india() == TODAY_IN_INDIA


def _citizen_report(client, world, event_date):
    page = client.get("/public/report/missing")
    return client.post("/public/report/missing", data={
        "csrf_token": csrf_from(page), "district": str(world.district["amd"]),
        "child_name": f"Today Child {event_date}", "gender": "female", "age_years": "7",
        "event_date": event_date, "place": "Kalupur station", "reporter_name": "Hema Patel",
        "reporter_phone": "+91 98765 43210", "father_name": "Ramesh",
        "reporter_relation": "Mother", "declaration": "y"},
        environ_base={"REMOTE_ADDR": next(_ADDRESSES)})


def test_a_citizen_reports_a_child_missing_today_at_half_past_midnight(
        app, client, world, utc_server_after_midnight_in_india):
    response = _citizen_report(client, world, TODAY_IN_INDIA.isoformat())
    assert response.status_code == 302, "a child missing today (India) was refused"
    refused = _citizen_report(client, world, "2026-10-03")
    assert refused.status_code == 200 and "This date is in the future." in refused.get_data(as_text=True)
    with app.app_context():
        names = set(db.session.scalars(select(CitizenReport.child_name).where(
            CitizenReport.child_name.like("Today Child %"))))
        db.session.remove()
    assert names == {"Today Child 2026-10-02"}


def test_panel_date_fields_accept_indias_today(app, client, auth, world,
                                                utc_server_after_midnight_in_india):
    auth.login("cwc_amd")
    page = client.get("/admin/cwc_order/new/")
    base = {"csrf_token": csrf_from(page), "child": str(world.child["amd_cncp"]),
            "order_type": "interim_placement"}
    saved = client.post("/admin/cwc_order/new/", data={
        **base, "order_number": "CWC-today", "order_date": TODAY_IN_INDIA.isoformat()})
    assert saved.status_code == 302, "an order dated today (India) was refused"
    refused = client.post("/admin/cwc_order/new/", data={
        **base, "order_number": "CWC-tomorrow", "order_date": "2026-10-03"})
    assert "This date is in the future." in refused.get_data(as_text=True)
    with app.app_context():
        numbers = set(db.session.scalars(select(CwcOrder.order_number).where(
            CwcOrder.order_number.in_(["CWC-today", "CWC-tomorrow"]))))
        db.session.remove()
    assert numbers == {"CWC-today"}


def _import(app, kind, rows):
    from exchange.importer import import_table
    from exchange.parse import read_table
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    with app.app_context():
        user = db.session.scalar(select(User).where(User.username == "dcpu_amd"))
        with app.test_request_context():
            result = import_table(kind, read_table(out.getvalue().encode(), "rows.csv"), user)
        db.session.remove()
    return result


def test_an_import_takes_indias_today_for_an_age_recorded_today(
        app, world, utc_server_after_midnight_in_india):
    result = _import(app, "children", [
        ["name", "gender", "estimated_age_years", "age_recorded_on", "category", "sub_category",
         "institution"],
        ["Today Asha", "female", "8", "02/10/2026", "CNCP", "orphan", "Ahmedabad Children's Home"],
        ["Tomorrow Asha", "female", "8", "03/10/2026", "CNCP", "orphan", "Ahmedabad Children's Home"]])
    assert [line for line, _cells, _why in result.rejected] == [3]
    with app.app_context():
        child = db.session.get(Child, result.imported[0][1])
        assert (child.name, child.age_recorded_on) == ("Today Asha", TODAY_IN_INDIA)
        db.session.remove()


# ---- item 15: explicit offsets in imported times ---------------------------------------
@pytest.mark.parametrize("written,stored_utc", [
    ("2026-10-01T10:00:00Z", datetime(2026, 10, 1, 10, 0, tzinfo=timezone.utc)),
    ("2026-10-01T10:00:00+05:30", datetime(2026, 10, 1, 4, 30, tzinfo=timezone.utc)),
    ("2026-10-01T10:00:00.250-04:00", datetime(2026, 10, 1, 14, 0, tzinfo=timezone.utc)),
    ("2026-10-01 10:00 UTC", datetime(2026, 10, 1, 10, 0, tzinfo=timezone.utc)),
    ("01/10/2026 10:00", datetime(2026, 10, 1, 4, 30, tzinfo=timezone.utc)),  # no offset: India time
])
def test_an_imported_time_with_an_offset_is_that_moment(app, world, written, stored_utc):
    result = _import(app, "missing", [
        ["source_ref", "child_name", "gender", "missing_at", "police_unit"],
        [f"TZ/{written}", "Offset Child", "male", written, "Ahmedabad PS 1"]])
    assert not result.rejected, result.rejected
    with app.app_context():
        report = db.session.get(MissingReport, result.imported[0][1])
        assert report.missing_at == stored_utc
        db.session.delete(report)
        db.session.commit()
        db.session.remove()
