"""The record forms as a new user meets them (issue #12, item 5): sections with
the photo near the top, gender "not known" until said, the user's own unit or
institution filled in, a child with no name admitted."""
import re

from sqlalchemy import select

from extensions import db
from models import Child
from tests.helpers import submit


def _selected(html, name):
    body = re.search(rf'<select[^>]*name="{name}"[^>]*>(.*?)</select>', html, re.S)[1]
    chosen = re.search(r'<option[^>]*selected[^>]*value="([^"]*)"|<option[^>]*value="([^"]*)"[^>]*selected', body)
    return chosen and (chosen[1] or chosen[2])


def test_the_missing_report_form_comes_in_sections_with_the_photo_near_the_top(client, auth, world):
    auth.login("police_amd")
    html = client.get("/admin/missing_report/new/").get_data(as_text=True)
    legends = re.findall(r"<h3>\s*([^<]+?)\s*</h3>", html)
    assert legends[:5] == ["The child", "Description", "Where and when", "Family and contacts",
                           "Police and status"], legends
    photo, place = html.index('name="photo_upload"'), html.index('name="place_missing"')
    assert photo < place  # the photo in the first section, not last
    assert _selected(html, "gender") == "unknown"  # never "Male" by default
    assert _selected(html, "police_unit") == str(world.unit["amd_ps1"])  # the officer's unit


def test_the_found_report_form_starts_as_not_known(client, auth, world):
    auth.login("police_amd")
    html = client.get("/admin/found_report/new/").get_data(as_text=True)
    assert _selected(html, "gender") == "unknown"
    assert "<h3>Where and when</h3>" in html


def test_a_cci_admits_a_child_with_no_name_into_its_own_institution(app, client, auth, world):
    auth.login("cci_amd")
    html = client.get("/admin/child/new/").get_data(as_text=True)
    assert _selected(html, "institution") == str(world.cci["amd_home"])
    assert _selected(html, "gender") == "unknown"
    name_label = re.search(r'<label[^>]*for="name"[^>]*>(.*?)</label>', html, re.S)[1]
    assert "*" not in name_label and "&#42;" not in name_label  # not marked required
    response = submit(client, "/admin/child/new/", {
        "name": "", "gender": "male", "estimated_age_years": "4", "category": "CNCP",
        "status": "in_care", "institution": str(world.cci["amd_home"]),
        "identification_marks": "Unnamed boy, birthmark on the neck"})
    assert response.status_code == 302, response.get_data(as_text=True)[-1500:]
    with app.app_context():
        child = db.session.scalar(select(Child).where(
            Child.identification_marks == "Unnamed boy, birthmark on the neck"))
        assert child is not None and child.name == "" and child.institution_id == world.cci["amd_home"]
        child_id = child.id
    # Lists and the case file name the child "(no name)": still one click away.
    listed = client.get("/admin/child/").get_data(as_text=True)
    assert f'data-case-file="{child_id}">(no name)</a>' in listed
    assert "(no name)" in client.get(response.headers["Location"]).get_data(as_text=True)
