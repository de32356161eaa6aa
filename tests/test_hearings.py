"""Hearings this week and overdue before a CWC or JJB (issue #12, item 3): the
next hearing of each child's latest order, in the committee's or board's own
district, linked from the member's home page. Who opens which list, in and out
of scope: tests/test_access_matrix.py."""
import re
from datetime import date, datetime, timedelta, timezone

from extensions import db
from models import Child, CwcOrder, JjbOrder
from models.base import today_in_india


def _order(model, child_id, district_id, number, made, hearing, archived=False):
    order = model(child_id=child_id, district_id=district_id, order_type="interim_placement"
                  if model is CwcOrder else "bail", order_number=number, order_date=made,
                  next_hearing_date=hearing)
    if archived:
        order.archived_at = datetime.now(timezone.utc)
        order.archive_reason = "entered twice"
    db.session.add(order)
    return order


def _numbers(html, kind):
    block = html.split(f'data-hearings="{kind}"')[1].split("</section>")[0]
    return set(re.findall(r">((?:CWC|JJB)-[a-z0-9-]+)</a>", block))


def test_cwc_sees_this_weeks_and_overdue_hearings_of_its_district(app, client, auth, world):
    today = today_in_india()
    with app.app_context():
        amd, srt = world.district["amd"], world.district["srt"]
        second = Child(name="Meera", gender="female", estimated_age_years=8, category="CNCP",
                       institution_id=world.cci["amd_home"], district_id=amd)
        db.session.add(second)
        db.session.flush()
        # Ahmedabad's CNCP child: an older order's hearing was answered by a later order.
        _order(CwcOrder, world.child["amd_cncp"], amd, "CWC-old", date(2026, 10, 20), today - timedelta(days=20))
        _order(CwcOrder, world.child["amd_cncp"], amd, "CWC-week", today - timedelta(days=1), today + timedelta(days=3))
        _order(CwcOrder, second.id, amd, "CWC-late", today - timedelta(days=30), today - timedelta(days=2))
        _order(CwcOrder, second.id, amd, "CWC-archived", today, today + timedelta(days=1), archived=True)
        _order(CwcOrder, world.child["srt_cncp"], srt, "CWC-surat", today, today + timedelta(days=2))
        _order(CwcOrder, world.child["amd_cncp"], amd, "CWC-far", today - timedelta(days=1),
               today + timedelta(days=30))  # same day as CWC-week, entered later: the latest
        _order(JjbOrder, world.child["amd_ccl"], amd, "JJB-week", today, today + timedelta(days=1))
        db.session.commit()
        db.session.remove()
    auth.login("cwc_amd")
    home = client.get("/admin/").get_data(as_text=True)
    assert "/admin/cwc_order/hearings/" in home
    figure = home.split('data-figure="hearings"')[1].split("</a>")[0]
    assert re.search(r'display-4">0<', figure) and "1 overdue" in figure
    page = client.get("/admin/cwc_order/hearings/").get_data(as_text=True)
    assert _numbers(page, "overdue") == {"CWC-late"}
    assert _numbers(page, "this_week") == set()  # CWC-week was replaced by CWC-far
    assert "Meera" in page and "/admin/child/case/?id=" in page
    auth.logout()

    auth.login("jjb_amd")
    assert "/admin/jjb_order/hearings/" in client.get("/admin/").get_data(as_text=True)
    page = client.get("/admin/jjb_order/hearings/").get_data(as_text=True)
    assert _numbers(page, "this_week") == {"JJB-week"} and _numbers(page, "overdue") == set()
    assert client.get("/admin/cwc_order/hearings/").status_code == 403
    auth.logout()

    auth.login("stateofficer_gj")  # reads the state's orders: Surat's hearing too
    page = client.get("/admin/cwc_order/hearings/").get_data(as_text=True)
    assert _numbers(page, "this_week") == {"CWC-surat"} and _numbers(page, "overdue") == {"CWC-late"}


def test_hearings_in_hindi_and_gujarati(client, auth, world):
    auth.login("cwc_amd")
    for code, word in (("hi", "सुनवा"), ("gu", "સુનાવણી")):
        client.get(f"/language/{code}?next=/admin/")
        assert word in client.get("/admin/cwc_order/hearings/").get_data(as_text=True)
        assert word in client.get("/admin/").get_data(as_text=True)
    client.get("/language/en?next=/admin/")


def test_only_cwc_and_jjb_members_get_the_home_figure(client, auth, world):
    auth.login("dcpu_amd")
    assert 'data-figure="hearings"' not in client.get("/admin/").get_data(as_text=True)
