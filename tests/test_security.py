"""Serving safely: production configuration, security headers, sign-in abuse
and photo uploads (issue #7)."""
import io
import os
import re

import pytest
from PIL import Image
from sqlalchemy import select

from app import create_app
from extensions import db
from models import Child, Photo
from tests.conftest import Auth, fingerprint
from tests.helpers import submit


def _client_from(app, address):
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = address
    return client


# ---- production configuration ------------------------------------------------

def test_production_refuses_to_start_without_a_secret_key(tmp_path):
    with pytest.raises(RuntimeError, match="SECRET_KEY"):
        create_app({"SECRET_KEY": None, "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/x.db"})


def test_production_cookies_are_secure_http_only_and_expire(tmp_path):
    prod = create_app({"SECRET_KEY": "prod-secret", "SESSION_COOKIE_SECURE": None,
                       "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/x.db"})
    assert prod.config["SESSION_COOKIE_SECURE"] is True
    assert prod.config["REMEMBER_COOKIE_SECURE"] is True
    assert prod.config["SESSION_COOKIE_HTTPONLY"] is True
    assert prod.config["PERMANENT_SESSION_LIFETIME"].total_seconds() == 30 * 60
    with prod.app_context():
        db.create_all()
    response = prod.test_client().get("/login", base_url="https://bal-setu.example")
    cookie = response.headers["Set-Cookie"]
    assert "Secure" in cookie and "HttpOnly" in cookie and "SameSite=Lax" in cookie
    assert response.headers["Strict-Transport-Security"].startswith("max-age=")


def test_tests_and_the_development_server_keep_plain_http(app):
    assert app.config["SESSION_COOKIE_SECURE"] is False
    dev = create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://", "SESSION_COOKIE_SECURE": None},
                     dev=True)
    assert dev.config["SESSION_COOKIE_SECURE"] is False


# ---- security headers --------------------------------------------------------

def _nonce(response):
    csp = response.headers["Content-Security-Policy"]
    match = re.search(r"script-src 'self' 'nonce-([^']+)'", csp)
    assert match, csp
    return csp, match.group(1)


def test_every_page_sends_security_headers(client, auth, world):
    for path in ("/login", "/no-such-page"):
        response = client.get(path)
        csp, _nonce_value = _nonce(response)
        assert "frame-ancestors 'none'" in csp and "object-src 'none'" in csp
        assert "'unsafe-inline'" not in csp.split("script-src", 1)[1].split(";", 1)[0]
        assert response.headers["X-Frame-Options"] == "DENY"
        assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_panel_scripts_carry_the_nonce_of_their_response(client, auth, world):
    auth.login("dcpu_amd")
    for path in ("/admin/", "/admin/child/", f"/admin/child/details/?id={world.child['amd_cncp']}",
                 "/admin/missing_report/new/"):
        response = client.get(path)
        assert response.status_code == 200, path
        _csp, nonce = _nonce(response)
        html = response.get_data(as_text=True)
        inline = re.findall(r"<script(?![^>]*\bsrc=)([^>]*)>", html)
        assert all(f'nonce="{nonce}"' in attrs for attrs in inline), (path, inline)
        assert not re.search(r"<script(?![^>]*nonce)[^>]*>\s*\S", html), path
        # pages with children's data are not cached
        assert "no-store" in response.headers["Cache-Control"]
    first = _nonce(client.get("/admin/"))[1]
    assert first != _nonce(client.get("/admin/"))[1]  # a new nonce per response


# ---- sign-in abuse --------------------------------------------------------------

def _signin(client, username, password):
    token = Auth(client).csrf("/login")
    return client.post("/login", data={"username": username, "password": password,
                                       "csrf_token": token})


# Locks per account and address, the account's ceiling, auditing once per lock:
# tests/test_signin.py.

def test_successful_sign_ins_and_pages_are_never_limited(app, world):
    client = _client_from(app, "10.3.0.1")
    auth = Auth(client)
    for _ in range(12):
        assert auth.login("dcpu_amd").status_code == 302
        assert client.get("/admin/child/").status_code == 200
        auth.logout()
    for _ in range(30):
        assert client.get("/login").status_code == 200


def test_failed_sign_ins_are_audited_and_shown_in_the_log(app, client, world):
    _signin(_client_from(app, "10.4.0.1"), "cwc_amd", "wrong-password")
    Auth(client).login("national")
    page = client.get("/admin/audit_log/?flt0_action_equals=signin_failed").get_data(as_text=True)
    assert "cwc_amd" in page and "Failed sign-in" in page


# ---- photo uploads ---------------------------------------------------------------

def _found(world, name):
    return {"child_name": name, "gender": "unknown", "estimated_age_years": "4",
            "found_at": "2026-10-01 10:00", "status": "open",
            "police_unit": str(world.unit["amd_ps1"])}


def _jpeg_with_gps():
    exif = Image.Exif()
    exif[0x010F] = "SecretCameraMaker"
    gps = exif.get_ifd(0x8825)
    gps[1], gps[2] = "N", (23.0, 1.0, 30.5)  # latitude of a CCI: must not leak
    gps[3], gps[4] = "E", (72.0, 34.0, 12.25)
    out = io.BytesIO()
    Image.new("RGB", (640, 480), "green").save(out, "JPEG", exif=exif)
    data = out.getvalue()
    assert b"SecretCameraMaker" in data
    with Image.open(io.BytesIO(data)) as check:
        assert check.getexif().get_ifd(0x8825)
    return data


def test_photo_is_reencoded_without_exif_or_gps_under_a_server_name(app, client, auth, world, tmp_path):
    auth.login("police_amd")
    evil_name = f"../../../../{tmp_path}/pwned.jpg"
    response = submit(client, "/admin/found_report/new/", _found(world, "Gps Child"),
                      files={"photo_upload": (io.BytesIO(_jpeg_with_gps()), evil_name)})
    assert response.status_code == 302
    assert not os.path.exists(tmp_path / "pwned.jpg")
    from models import FoundReport
    with app.app_context():
        report = db.session.scalar(select(FoundReport).where(FoundReport.child_name == "Gps Child"))
        photo = report.photo
        assert photo.mime == "image/jpeg" and (photo.width, photo.height) == (640, 480)
        assert b"SecretCameraMaker" not in photo.data and b"Exif" not in photo.data
        with Image.open(io.BytesIO(photo.data)) as stored:
            assert stored.format == "JPEG" and not stored.getexif()
        # The name the user sent is kept nowhere.
        for row in db.session.execute(select(Photo.__table__)).all():
            assert "pwned" not in repr(row)


def _png(size, mode="1"):
    out = io.BytesIO()
    Image.new(mode, size).save(out, "PNG", optimize=True)
    return out.getvalue()


@pytest.mark.parametrize("name,payload,message", [
    ("bomb.png", _png((9000, 9000)), "too many pixels"),  # 81 megapixels: more than a phone takes
    ("cut.jpg", _jpeg_with_gps()[:2000], "not a photo"),
    ("anim.gif", (lambda b: (Image.new("RGB", (10, 10)).save(b, "GIF"), b.getvalue())[1])(io.BytesIO()),
     "not a photo"),
    ("vector.svg", b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>', "not a photo"),
])
def test_hostile_photos_are_refused(app, client, auth, world, name, payload, message):
    auth.login("dcpu_amd")
    with app.app_context():
        before = fingerprint()
    response = submit(client, "/admin/found_report/new/", _found(world, "Bomb Child"),
                      files={"photo_upload": (io.BytesIO(payload), name)})
    assert response.status_code == 200
    assert message in response.get_data(as_text=True)
    with app.app_context():
        assert fingerprint() == before
        assert db.session.scalar(select(Child.id).where(Child.name == "Bomb Child")) is None
