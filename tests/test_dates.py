"""Dates as people read and type them (issue #12, item 7): a month is picked as
a month and named in the page's language."""
from sqlalchemy import select

from extensions import db
from models import ProgressEntry
from tests.helpers import submit


def test_monthly_progress_picks_a_month_and_names_it(app, client, auth, world):
    auth.login("cci_amd")
    form = client.get("/admin/progress_entry/new/").get_data(as_text=True)
    assert 'type="month"' in form
    response = submit(client, "/admin/progress_entry/new/", {
        "child": str(world.child["amd_cncp"]), "month": "2026-09", "education": "Class 4, regular"})
    assert response.status_code == 302, response.get_data(as_text=True)[-1500:]
    with app.app_context():
        entry = db.session.scalar(select(ProgressEntry).where(ProgressEntry.education == "Class 4, regular"))
        assert str(entry.month) == "2026-09-01"
    assert "September 2026" in client.get("/admin/progress_entry/").get_data(as_text=True)
    client.get("/language/gu?next=/admin/")
    try:
        assert "સપ્ટેમ્બર 2026" in client.get("/admin/progress_entry/").get_data(as_text=True)
    finally:
        client.get("/language/en?next=/admin/")


def test_a_month_that_cannot_be_read_is_refused_and_kept(app, client, auth, world):
    auth.login("cci_amd")
    response = submit(client, "/admin/progress_entry/new/", {
        "child": str(world.child["amd_cncp"]), "month": "Sept", "education": "Kept text"})
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "Kept text" in html and "Not a valid" in html
