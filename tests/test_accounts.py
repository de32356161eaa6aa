"""Account rules: sign-in, forced password change, who may grant what."""
from sqlalchemy import select

from extensions import db
from models import User
from tests.helpers import submit
from tests.world import PASSWORD


def _user(app, username):
    with app.app_context():
        return db.session.scalar(select(User).where(User.username == username))


def test_root_leads_visitors_to_the_public_page(client, world):
    # Staff sign in from there (tests/test_public.py: an empty install shows the sign-in page).
    response = client.get("/")
    assert response.status_code == 302 and response.location.endswith("/public/")


def test_wrong_password_is_refused(client, auth, world):
    response = auth.login("dcpu_amd", "not-the-password")
    assert response.status_code == 200
    assert "Wrong username or password" in response.get_data(as_text=True)
    assert client.get("/admin/child/").status_code == 302  # still signed out


def test_passwords_are_hashed_with_scrypt(app, world):
    user = _user(app, "dcpu_amd")
    assert user.password_hash.startswith("scrypt:")
    assert PASSWORD not in user.password_hash


def test_disabled_account_cannot_sign_in(app, client, auth, world):
    with app.app_context():
        db.session.get(User, world.user["dcpu_amd"]).is_enabled = False
        db.session.commit()
    response = auth.login("dcpu_amd")
    assert "This account is disabled" in response.get_data(as_text=True)
    assert client.get("/admin/child/").status_code == 302


def test_disabling_ends_an_open_session(app, client, auth, world):
    auth.login("dcpu_amd")
    assert client.get("/admin/child/").status_code == 200
    with app.app_context():
        db.session.get(User, world.user["dcpu_amd"]).is_enabled = False
        db.session.commit()
    assert client.get("/admin/child/").status_code == 302


def test_next_redirects_only_within_the_site(client, auth, world):
    for evil in ("//evil.example/", "https://evil.example/", "/\\evil.example", "javascript:alert(1)"):
        token = auth.csrf(f"/login?next={evil}")
        response = client.post(f"/login?next={evil}", data={
            "username": "dcpu_amd", "password": PASSWORD, "csrf_token": token})
        assert response.status_code == 302
        assert response.location.startswith("/admin"), response.location
        auth.logout()
    token = auth.csrf("/login?next=/admin/child/")
    response = client.post("/login?next=/admin/child/", data={
        "username": "dcpu_amd", "password": PASSWORD, "csrf_token": token})
    assert response.location == "/admin/child/"


def test_signing_out_needs_a_post_with_csrf(client, auth, world):
    auth.login("dcpu_amd")
    assert client.post("/logout").status_code == 400  # no CSRF token
    assert client.get("/admin/child/").status_code == 200
    auth.logout()
    assert client.get("/admin/child/").status_code == 302


def test_new_account_must_change_password_first(app, client, auth, world):
    auth.login("stateadmin_gj")
    response = submit(client, "/admin/user/new/", {
        "username": "dcpu_new", "full_name": "New Officer", "role": "dcpu",
        "state": str(world.state["gj"]), "district": str(world.district["amd"]),
        "is_enabled": "y", "new_password": "first-password-1"})
    assert response.status_code == 302, response.get_data(as_text=True)
    created = _user(app, "dcpu_new")
    assert created.must_change_password and created.state_id == world.state["gj"]
    auth.logout()

    auth.login("dcpu_new", "first-password-1")
    assert client.get("/admin/child/").location.endswith("/password")
    response = submit(client, "/password", {"current_password": "first-password-1",
                                             "new_password": "own-password-22",
                                             "confirm": "own-password-22"})
    assert response.status_code == 302
    assert client.get("/admin/child/").status_code == 200
    assert not _user(app, "dcpu_new").must_change_password


def test_state_admin_cannot_grant_state_admin_or_act_elsewhere(app, client, auth, world):
    auth.login("stateadmin_gj")
    page = client.get("/admin/user/new/").get_data(as_text=True)
    assert 'value="state_admin"' not in page and 'value="national_admin"' not in page
    assert 'value="dcpu"' in page and 'value="state_officer"' in page

    refused = [
        {"username": "x_admin", "role": "state_admin", "state": str(world.state["gj"])},
        {"username": "x_pune", "role": "dcpu", "state": str(world.state["mh"]),
         "district": str(world.district["pune"])},
        {"username": "x_mixed", "role": "dcpu", "state": str(world.state["gj"]),
         "district": str(world.district["pune"])},
    ]
    for data in refused:
        response = submit(client, "/admin/user/new/", {**data, "is_enabled": "y"})
        assert response.status_code == 200
        assert _user(app, data["username"]) is None


def test_national_admin_creates_state_admins(app, client, auth, world):
    auth.login("national")
    response = submit(client, "/admin/user/new/", {
        "username": "stateadmin_new", "role": "state_admin", "state": str(world.state["mh"]),
        "is_enabled": "y"})
    assert response.status_code == 200  # the page showing the temporary password, once
    assert "stateadmin_new" in response.get_data(as_text=True)
    created = _user(app, "stateadmin_new")
    assert created.role == "state_admin" and created.state_id == world.state["mh"]
    assert created.must_change_password


def test_state_admin_disables_and_resets_accounts_in_own_state_only(app, client, auth, world):
    auth.login("stateadmin_gj")
    page = client.get("/admin/user/")
    token = page.get_data(as_text=True).split('name="csrf_token" type="hidden" value="')[1].split('"')[0]
    ids = [str(world.user["dcpu_srt"]), str(world.user["dcpu_pune"]), str(world.user["stateadmin_mh"])]
    client.post("/admin/user/action/", data={"action": "disable", "rowid": ids, "csrf_token": token})
    assert _user(app, "dcpu_srt").is_enabled is False
    assert _user(app, "dcpu_pune").is_enabled is True       # another state
    assert _user(app, "stateadmin_mh").is_enabled is True   # another state admin

    client.post("/admin/user/action/", data={"action": "reset_password",
                                             "rowid": [str(world.user["police_amd"])],
                                             "csrf_token": token})
    reset = _user(app, "police_amd")
    assert reset.must_change_password and not reset.check_password(PASSWORD)
