"""Bad input gets a clear form error and changes nothing; never a 500."""
import io
from datetime import date, timedelta

import pytest
from PIL import Image

from tests.conftest import fingerprint
from tests.helpers import edit_fields, submit

TOMORROW = (date.today() + timedelta(days=2)).isoformat()


def _child(world, **changes):
    data = {"name": "Asha", "gender": "female", "estimated_age_years": "8", "category": "CNCP",
            "sub_category": "orphan", "status": "in_care", "institution": str(world.cci["amd_home"])}
    data.update(changes)
    return data


def _missing(world, **changes):
    data = {"child_name": "Ramesh", "gender": "male", "age_years": "10", "height_cm": "130",
            "missing_at": "2026-10-01 10:00", "reason": "lost", "status": "open",
            "police_unit": str(world.unit["amd_ps1"])}
    data.update(changes)
    return data


def _found(world, **changes):
    data = {"child_name": "", "gender": "unknown", "estimated_age_years": "4",
            "found_at": "2026-10-20 09:00", "district": str(world.district["amd"]), "status": "open",
            "can_speak": "y", "can_hear": "y"}
    data.update(changes)
    return data


CASES = [
    ("child", _child, {"date_of_birth": TOMORROW, "estimated_age_years": ""}, "in the future"),
    ("child", _child, {"date_of_birth": "2019-02-30", "estimated_age_years": ""}, "Write the date as day-month-year"),
    ("missing_report", _missing, {"missing_at": "31/02/2026 10:00"}, "Write the date and time as day-month-year"),
    ("child", _child, {"estimated_age_years": "-3"}, "between 0 and 17"),
    ("child", _child, {"estimated_age_years": "19"}, "only valid for a child in after-care"),
    ("child", _child, {"estimated_age_years": "25", "status": "after_care"}, "between 0 and 17"),
    ("child", _child, {"sub_category": "heinous"}, "does not belong to the category"),
    ("child", _child, {"institution": "999999"}, "Not a valid choice"),
    ("child", _child, {"district": "999999", "institution": "__None"}, "Not a valid choice"),
    ("missing_report", _missing, {"height_cm": "900"}, "between 30 and 220"),
    ("missing_report", _missing, {"missing_at": f"{TOMORROW} 10:00"}, "in the future"),
    ("missing_report", _missing, {"age_years": "abc"}, "Not a valid integer"),
    ("missing_report", _missing, {"reason": "ran_away"}, "Say why the child ran away"),
    ("missing_report", _missing, {"status": "traced", "traced_at": "2026-09-01 10:00"},
     "cannot be traced before going missing"),
    ("missing_report", _missing, {"gender": "alien"}, "Not a valid choice"),
    ("found_report", _found, {"district": "999999"}, "Not a valid choice"),
    ("found_report", _found, {"produced_at": "2026-10-19 09:00"}, "cannot be produced before being found"),
]


@pytest.mark.parametrize("endpoint,base,changes,message", CASES,
                         ids=[f"{c[0]}-{'-'.join(c[2])}-{i}" for i, c in enumerate(CASES)])
def test_bad_values_are_refused_with_a_message(app, client, auth, world, endpoint, base, changes, message):
    auth.login("dcpu_amd")
    with app.app_context():
        before = fingerprint()
    response = submit(client, f"/admin/{endpoint}/new/", base(world, **changes))
    assert response.status_code == 200
    assert message in response.get_data(as_text=True)
    with app.app_context():
        assert fingerprint() == before


def test_found_before_missing_is_refused(app, client, auth, world):
    auth.login("dcpu_amd")
    with app.app_context():
        before = fingerprint()
    # world.missing["amd_ps1"] went missing 30 days before 2026-11-01.
    response = submit(client, "/admin/found_report/new/", _found(
        world, found_at="2026-09-01 09:00", missing_report=str(world.missing["amd_ps1"])))
    assert "before the date the child went missing" in response.get_data(as_text=True)
    with app.app_context():
        assert fingerprint() == before


def test_good_values_are_saved(app, client, auth, world):
    """The same forms with good values do save: the refusals above are real."""
    auth.login("dcpu_amd")
    for endpoint, base in (("child", _child), ("missing_report", _missing), ("found_report", _found)):
        response = submit(client, f"/admin/{endpoint}/new/", base(world))
        assert response.status_code == 302, (endpoint, response.get_data(as_text=True)[-3000:])


@pytest.mark.parametrize("name,payload,message", [
    ("big.jpg", b"\xff\xd8" + b"0" * (50 * 1024 * 1024), "larger than 5 MB"),
    ("notes.jpg", b"this is not an image at all", "not a photo"),
    ("script.png", b"<script>alert(1)</script>", "not a photo"),
])
def test_bad_photos_are_refused(app, client, auth, world, name, payload, message):
    auth.login("dcpu_amd")
    with app.app_context():
        before = fingerprint()
    response = submit(client, "/admin/child/new/", _child(world),
                      files={"photo_upload": (io.BytesIO(payload), name)})
    assert response.status_code == 200
    assert message in response.get_data(as_text=True)
    with app.app_context():
        assert fingerprint() == before


def test_good_photo_is_stored_reencoded(app, client, auth, world):
    from sqlalchemy import select

    from extensions import db
    from models import Child
    auth.login("dcpu_amd")
    image = io.BytesIO()
    exif = Image.Exif()
    exif[0x010F] = "SecretCameraMaker"  # Make
    Image.new("RGB", (80, 60), "blue").save(image, "JPEG", exif=exif)
    response = submit(client, "/admin/child/new/", _child(world, name="Photo Child"),
                      files={"photo_upload": (io.BytesIO(image.getvalue()), "me.jpg")})
    assert response.status_code == 302
    with app.app_context():
        child = db.session.scalar(select(Child).where(Child.name == "Photo Child"))
        assert child.photo is not None and child.photo.mime == "image/jpeg"
        assert b"SecretCameraMaker" not in child.photo.data
        served = client.get(f"/admin/child/photo/?id={child.id}")
        assert served.status_code == 200 and served.data == child.photo.data


def test_edit_of_a_report_with_bad_height_keeps_the_old_value(app, client, auth, world):
    auth.login("dcpu_amd")
    url = f"/admin/missing_report/edit/?id={world.missing['amd_ps1']}"
    fields = edit_fields(client, url)
    fields["height_cm"] = "900"
    response = client.post(url, data=fields)
    assert response.status_code == 200 and "between 30 and 220" in response.get_data(as_text=True)
    from extensions import db
    from models import MissingReport
    with app.app_context():
        assert db.session.get(MissingReport, world.missing["amd_ps1"]).height_cm == 120


def test_a_body_over_the_request_cap_gets_a_clear_page(client, auth, world):
    auth.login("dcpu_amd")
    response = submit(client, "/admin/child/new/", {},
                      files={"photo_upload": (io.BytesIO(b"0" * (70 * 1024 * 1024)), "huge.jpg")})
    assert response.status_code == 413
    assert "at most 5 MB" in response.get_data(as_text=True)
