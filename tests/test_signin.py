"""Sign-in and sessions (issue #11 items 6-12; OWASP ASVS level 2, sections 2 and 3):
sessions that end, a fresh session at sign-in, sign-in locks shared by every
worker and aimed at the guesser, not the member, the same cost for unknown
usernames, the password policy, and temporary passwords kept out of the cookie."""
import hashlib
import logging
import os
import re
import statistics
import subprocess
import sys
import textwrap
import time

import pytest
from sqlalchemy import select

from app import create_app
from extensions import db
from models import AuditLog, SigninFailure, SigninLock, User
from tests.conftest import Auth, csrf_from
from tests.helpers import submit
from tests.world import PASSWORD

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def _client(app, address="10.0.0.1"):
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = address
    return client


def _signin(client, username, password=PASSWORD):
    return Auth(client).login(username, password)


def _signed_in(client) -> bool:
    return client.get("/password").status_code == 200


def _user(app, username):
    with app.app_context():
        user = db.session.scalar(select(User).where(User.username == username))
        db.session.expunge_all()
        return user


def _audit(app, action, username=None):
    with app.app_context():
        query = select(AuditLog).where(AuditLog.action == action)
        if username:
            query = query.where(AuditLog.username == username)
        rows = db.session.scalars(query).all()
        db.session.expunge_all()
        return rows


def _copy_cookies(source, target):
    """A stolen cookie: everything the browser holds, copied to another."""
    for cookie in list(source._cookies.values()):
        target.set_cookie(cookie.key, cookie.value, domain=cookie.domain, path=cookie.path)


class Clock:
    """Moves time.time() forward (the session cookie's signature and the
    sign-in time both read it)."""

    def __init__(self, monkeypatch):
        self.offset = 0.0
        real = time.time
        monkeypatch.setattr(time, "time", lambda: real() + self.offset)

    def advance(self, minutes):
        self.offset += minutes * 60


# ==== 6. sessions end: sign-out, password change or reset, disabling, limits ====

def test_a_cookie_copied_before_sign_out_no_longer_works_after_it(app, world):
    owner, thief = _client(app), _client(app, "10.0.0.66")
    assert _signin(owner, "dcpu_amd").status_code == 302
    _copy_cookies(owner, thief)
    assert _signed_in(thief)  # the copy works while the session lives...
    Auth(owner).logout()
    assert not _signed_in(owner)
    assert not _signed_in(thief)  # ...and not after the sign-out
    assert thief.get("/admin/child/").status_code == 302


def test_signing_out_ends_every_session_of_the_account(app, world):
    office, phone = _client(app), _client(app, "10.0.0.2")
    _signin(office, "cwc_amd")
    _signin(phone, "cwc_amd")
    Auth(phone).logout()
    assert not _signed_in(office)
    page = office.get("/login", follow_redirects=True).get_data(as_text=True)
    assert "Your session has ended" in page


def test_a_password_change_ends_the_other_sessions_and_keeps_this_one(app, world):
    this, other = _client(app), _client(app, "10.0.0.2")
    _signin(this, "cci_amd")
    _signin(other, "cci_amd")
    response = submit(this, "/password", {"current_password": PASSWORD,
                                          "new_password": "a quiet river at dawn",
                                          "confirm": "a quiet river at dawn"})
    assert response.status_code == 302
    assert _signed_in(this)
    assert not _signed_in(other)


def test_a_reset_by_the_state_admin_ends_the_accounts_sessions(app, world):
    member, admin = _client(app), _client(app, "10.0.0.2")
    _signin(member, "police_amd")
    _signin(admin, "stateadmin_gj")
    token = csrf_from(admin.get("/admin/user/"))
    response = admin.post("/admin/user/action/", data={
        "action": "reset_password", "rowid": str(world.user["police_amd"]), "csrf_token": token})
    assert response.status_code == 200
    assert not _signed_in(member)
    assert _signed_in(admin)


def test_disabling_ends_the_sessions_for_good(app, world):
    member, admin = _client(app), _client(app, "10.0.0.2")
    _signin(member, "jjb_amd")
    _signin(admin, "stateadmin_gj")
    token = csrf_from(admin.get("/admin/user/"))
    for step in ("disable", "enable"):
        admin.post("/admin/user/action/", data={
            "action": step, "rowid": str(world.user["jjb_amd"]), "csrf_token": token})
    assert _user(app, "jjb_amd").is_enabled
    assert not _signed_in(member)  # enabling again revives no session
    assert _signin(_client(app), "jjb_amd").status_code == 302


def test_a_busy_session_ends_after_the_absolute_limit(app, world, monkeypatch):
    clock = Clock(monkeypatch)
    client = _client(app)
    _signin(client, "dcpu_amd")
    for _step in range(12 * 3 - 1):  # a request every 20 minutes for just under 12 hours
        clock.advance(20)
        assert _signed_in(client)
    clock.advance(21)
    assert not _signed_in(client)


def test_an_idle_session_ends_after_the_idle_limit(app, world, monkeypatch):
    clock = Clock(monkeypatch)
    client = _client(app)
    _signin(client, "dcpu_amd")
    clock.advance(29)
    assert _signed_in(client)
    clock.advance(31)
    assert not _signed_in(client)


def test_the_limits_are_configurable(app, world, monkeypatch):
    monkeypatch.setitem(app.config, "SESSION_ABSOLUTE_HOURS", 1)
    clock = Clock(monkeypatch)
    client = _client(app)
    _signin(client, "dcpu_amd")
    clock.advance(25)
    assert _signed_in(client)
    clock.advance(25)
    assert _signed_in(client)
    clock.advance(25)
    assert not _signed_in(client)


# ==== 7. a fresh session at sign-in, keeping the language ======================

def test_signing_in_starts_a_fresh_session_and_keeps_the_language(app, world):
    client = _client(app)
    client.get("/language/gu")
    before = csrf_from(client.get("/login"))  # a CSRF secret from before signing in
    with client.session_transaction() as session:
        old_secret = session["csrf_token"]
    assert _signin(client, "dcpu_amd").status_code == 302
    with client.session_transaction() as session:
        assert session.get("language") == "gu"
        assert session.get("csrf_token") != old_secret
    # A token planted before sign-in is worth nothing after it.
    assert client.post("/logout", data={"csrf_token": before}).status_code == 400
    assert _signed_in(client)
    assert '<html lang="gu">' in client.get("/password").get_data(as_text=True)


# ==== 8. the lock holds across workers ===========================================

_OTHER_WORKER = textwrap.dedent("""
    import re, sys
    from app import create_app
    app = create_app({"TESTING": True, "SECRET_KEY": "test-secret",
                      "SQLALCHEMY_DATABASE_URI": sys.argv[1]})
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = "10.8.0.1"
    for _ in range(int(sys.argv[2])):
        page = client.get("/login").get_data(as_text=True)
        token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)
        answer = client.post("/login", data={"username": "dcpu_srt", "password": "wrong-password",
                                             "csrf_token": token})
        assert answer.status_code == 200, answer.status_code
""")


def test_failed_sign_ins_in_another_worker_count_here(app, world):
    # Another process (a second gunicorn worker, another machine) takes four tries...
    subprocess.run([sys.executable, "-c", _OTHER_WORKER, app.config["SQLALCHEMY_DATABASE_URI"], "4"],
                   cwd=ROOT, check=True, timeout=120)
    # ...so the fifth, here, locks the account from that address.
    response = _signin(_client(app, "10.8.0.1"), "dcpu_srt", "wrong-password")
    assert response.status_code == 429
    assert _signin(_client(app, "10.8.0.1"), "dcpu_srt").status_code == 429


# ==== 9. the lock aims at the guesser, not the member ============================

def test_a_strangers_five_tries_do_not_lock_the_member_out_from_elsewhere(app, world):
    for _ in range(4):
        assert _signin(_client(app, "10.9.0.1"), "cwc_amd", "guess").status_code == 200
    response = _signin(_client(app, "10.9.0.1"), "CWC_AMD", "guess")
    assert response.status_code == 429
    assert "for this account from this computer or network" in response.get_data(as_text=True)
    # From there even the right password waits...
    assert _signin(_client(app, "10.9.0.1"), "cwc_amd").status_code == 429
    # ...but the member, from the office, signs in.
    assert _signin(_client(app, "10.9.0.2"), "cwc_amd").status_code == 302


def test_many_addresses_lock_the_account_everywhere_at_the_higher_ceiling(app, world):
    tries = 0
    for address in range(4):  # 4 addresses x 5 tries = 20, the account's ceiling
        for _ in range(5):
            response = _signin(_client(app, f"10.10.0.{address}"), "dcpu_srt", "guess")
            tries += 1
    assert tries == 20 and response.status_code == 429
    response = _signin(_client(app, "10.10.1.1"), "dcpu_srt")
    assert response.status_code == 429
    assert "sign-in is locked for 15 minutes" in response.get_data(as_text=True)
    assert _signin(_client(app, "10.10.1.1"), "dcpu_amd").status_code == 302  # others go on


def test_a_lock_is_audited_once_and_tries_during_it_write_nothing(app, world):
    for _ in range(5):
        _signin(_client(app, "10.11.0.1"), "jjb_srt", "guess")
    for _ in range(10):  # a script hammering a locked account
        assert _signin(_client(app, "10.11.0.1"), "jjb_srt", "guess").status_code == 429
    failed = _audit(app, "signin_failed", "jjb_srt")
    assert len(failed) == 5
    assert {f.record_id for f in failed} == {world.user["jjb_srt"]}
    assert {f.district_id for f in failed} == {world.district["srt"]}
    locked = _audit(app, "signin_locked", "jjb_srt")
    assert len(locked) == 1
    assert locked[0].change_dict["reason"][1] == "pair"
    assert locked[0].change_dict["address"][1] == "10.11.0.1"
    with app.app_context():
        assert db.session.query(SigninFailure).count() == 5


def test_unknown_usernames_lock_like_real_ones(app, world):
    # Otherwise the sixth answer would tell a guesser which accounts exist.
    for _ in range(5):
        response = _signin(_client(app, "10.12.0.1"), "no_such_member", "guess")
    assert response.status_code == 429
    unknown = _audit(app, "signin_failed", "no_such_member")
    assert len(unknown) == 5 and {u.record_id for u in unknown} == {0}
    assert unknown[0].change_dict["reason"][1] == "unknown_user"


def test_one_address_trying_many_accounts_is_locked(app, world, monkeypatch):
    monkeypatch.setitem(app.config, "SIGNIN_ADDRESS_LIMIT", 6)  # 100 by default
    for n in range(6):
        response = _signin(_client(app, "10.13.0.1"), f"sprayed{n}", "password1234")
    assert response.status_code == 429
    assert "from this computer or network" in response.get_data(as_text=True)
    assert _signin(_client(app, "10.13.0.1"), "ngo_amd").status_code == 429
    assert _signin(_client(app, "10.13.0.2"), "ngo_amd").status_code == 302


def test_a_success_forgives_the_earlier_typos_from_there(app, world):
    client = _client(app, "10.14.0.1")
    for _ in range(4):
        _signin(client, "sjpu_amd", "typo")
    assert _signin(client, "sjpu_amd").status_code == 302
    Auth(client).logout()
    for _ in range(4):
        assert _signin(client, "sjpu_amd", "typo").status_code == 200
    assert _signin(client, "sjpu_amd").status_code == 302


def test_forwarded_for_without_a_proxy_count_is_warned_once(app, world, caplog):
    quiet = create_app({"TESTING": True, "SECRET_KEY": "x", "PROXY_COUNT": 0,
                        "SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"]})
    client = quiet.test_client()
    with caplog.at_level(logging.WARNING):
        client.get("/login")
        assert "PROXY_COUNT" not in caplog.text
        for _ in range(3):
            client.get("/login", headers={"X-Forwarded-For": "203.0.113.9"})
    assert caplog.text.count("PROXY_COUNT is not set") == 1
    caplog.clear()
    proxied = create_app({"TESTING": True, "SECRET_KEY": "x", "PROXY_COUNT": 1,
                          "SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"]})
    with caplog.at_level(logging.WARNING):
        proxied.test_client().get("/login", headers={"X-Forwarded-For": "203.0.113.9"})
    assert "PROXY_COUNT" not in caplog.text


def _locked_rows(html):
    return set(re.findall(r"/admin/user/details/\?id=(\d+)", html))


def test_the_state_admin_sees_locked_accounts_and_unlocks_them(app, world):
    for _ in range(5):
        _signin(_client(app, "10.15.0.1"), "cwc_srt", "guess")
    admin = _client(app, "10.15.0.9")
    _signin(admin, "stateadmin_gj")
    page = admin.get("/admin/user/").get_data(as_text=True)
    assert "Sign-in locked until" in page
    filtered = admin.get("/admin/user/?flt0_signin_show=locked")
    assert filtered.status_code == 200
    assert _locked_rows(filtered.get_data(as_text=True)) == {str(world.user["cwc_srt"])}
    details = admin.get(f"/admin/user/details/?id={world.user['cwc_srt']}").get_data(as_text=True)
    assert re.search(r"Sign-in locked until.*?\d{1,2} \w+ \d{4}, \d\d:\d\d", details, re.S)

    token = csrf_from(page)
    response = admin.post("/admin/user/action/", data={
        "action": "unlock", "rowid": str(world.user["cwc_srt"]), "csrf_token": token},
        follow_redirects=True)
    assert "1 accounts may sign in again" in response.get_data(as_text=True)
    assert _locked_rows(admin.get("/admin/user/?flt0_signin_show=locked").get_data(as_text=True)) == set()
    assert _signin(_client(app, "10.15.0.1"), "cwc_srt").status_code == 302
    unlocked = _audit(app, "signin_unlocked", "stateadmin_gj")
    assert [(u.record_id, u.change_dict["reason"][1]) for u in unlocked] == [
        (world.user["cwc_srt"], "unlocked")]


def test_the_state_admin_cannot_unlock_another_states_account(app, world):
    for _ in range(5):
        _signin(_client(app, "10.16.0.1"), "dcpu_pune", "guess")
    admin = _client(app, "10.16.0.9")
    _signin(admin, "stateadmin_gj")
    token = csrf_from(admin.get("/admin/user/"))
    admin.post("/admin/user/action/", data={
        "action": "unlock", "rowid": str(world.user["dcpu_pune"]), "csrf_token": token})
    assert _signin(_client(app, "10.16.0.1"), "dcpu_pune").status_code == 429
    assert not _audit(app, "signin_unlocked")


def test_a_reset_by_the_state_admin_lifts_the_lock(app, world):
    for _ in range(5):
        _signin(_client(app, "10.17.0.1"), "cci_srt", "guess")
    admin = _client(app, "10.17.0.9")
    _signin(admin, "stateadmin_gj")
    token = csrf_from(admin.get("/admin/user/"))
    page = admin.post("/admin/user/action/", data={
        "action": "reset_password", "rowid": str(world.user["cci_srt"]), "csrf_token": token})
    password = re.search(r"<code[^>]*>([^<]+)</code>", page.get_data(as_text=True)).group(1)
    assert _signin(_client(app, "10.17.0.1"), "cci_srt", password).status_code == 302
    assert [u.change_dict["reason"][1] for u in _audit(app, "signin_unlocked")] == ["password_reset"]
    with app.app_context():
        assert db.session.query(SigninLock).filter(SigninLock.username == "cci_srt").count() == 0


# ==== 10. unknown usernames cost a password check too ===========================

def test_an_unknown_username_costs_a_password_hash_like_a_known_one(app, world, monkeypatch):
    calls = []
    real = hashlib.scrypt
    monkeypatch.setattr(hashlib, "scrypt", lambda *a, **k: calls.append(1) or real(*a, **k))
    _signin(_client(app, "10.18.0.1"), "dcpu_amd", "wrong-password")
    known = len(calls)
    calls.clear()
    _signin(_client(app, "10.18.0.2"), "nobody_at_all", "wrong-password")
    assert known == 1 and len(calls) == known


def test_an_unknown_username_takes_as_long_as_a_wrong_password(app, world):
    def median_ms(username):
        times = []
        for n in range(5):
            client = _client(app, f"10.19.{len(username)}.{n}")
            token = Auth(client).csrf("/login")
            start = time.perf_counter()
            client.post("/login", data={"username": username, "password": "wrong-password",
                                         "csrf_token": token})
            times.append(time.perf_counter() - start)
        return statistics.median(times) * 1000
    known, unknown = median_ms("dcpu_amd"), median_ms("nobody_here")
    assert unknown > 0.5 * known, (known, unknown)


# ==== 11. the password policy ======================================================

@pytest.mark.parametrize("password,message", [
    ("aaaaaaaaaa", "at least 12 characters"),
    ("password12", "at least 12 characters"),
    ("Password1234", "one of the most common passwords"),
    ("qwertyuiop12", "one of the most common passwords"),
])
def test_a_weak_new_password_is_refused(app, world, password, message):
    client = _client(app)
    _signin(client, "ngo_srt")
    response = submit(client, "/password", {"current_password": PASSWORD,
                                            "new_password": password, "confirm": password})
    assert response.status_code == 200
    assert message in response.get_data(as_text=True)
    assert _user(app, "ngo_srt").check_password(PASSWORD)


def test_the_policy_speaks_gujarati(app, world):
    client = _client(app)
    _signin(client, "ngo_srt")
    client.get("/language/gu")
    page = submit(client, "/password", {"current_password": PASSWORD, "new_password": "password1234",
                                        "confirm": "password1234"}).get_data(as_text=True)
    assert "સામાન્ય" in page and "most common" not in page
    page = submit(client, "/password", {"current_password": PASSWORD, "new_password": "short-one",
                                        "confirm": "short-one"}).get_data(as_text=True)
    assert "12" in page and "at least" not in page


def test_the_forced_password_change_page_gets_its_stylesheet(app, world):
    with app.app_context():
        db.session.get(User, world.user["ngo_pune"]).must_change_password = True
        db.session.commit()
    client = _client(app)
    assert _signin(client, "ngo_pune").location.endswith("/password")
    html = client.get("/password").get_data(as_text=True)
    for sheet in re.findall(r'<link href="([^"]+\.css)"', html):
        assert client.get(sheet).status_code == 200, sheet
    assert client.get("/admin/child/").location.endswith("/password")  # the panel waits


def test_a_good_long_password_is_taken(app, world):
    client = _client(app)
    _signin(client, "ngo_srt")
    response = submit(client, "/password", {"current_password": PASSWORD,
                                            "new_password": "mango trees by the well",
                                            "confirm": "mango trees by the well"})
    assert response.status_code == 302
    assert _user(app, "ngo_srt").check_password("mango trees by the well")


def test_the_admin_cannot_type_a_common_temporary_password(app, world):
    admin = _client(app)
    _signin(admin, "stateadmin_gj")
    response = submit(admin, "/admin/user/new/", {
        "username": "dcpu_weak", "full_name": "Weak", "role": "dcpu",
        "state": str(world.state["gj"]), "district": str(world.district["amd"]),
        "is_enabled": "y", "new_password": "Qwerty123456"})
    assert response.status_code == 200
    assert "one of the most common passwords" in response.get_data(as_text=True)
    assert _user(app, "dcpu_weak") is None


def test_create_admin_applies_the_policy(tmp_path):
    cli_app = create_app({"TESTING": True, "SECRET_KEY": "x",
                          "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'cli.db'}"})
    runner = cli_app.test_cli_runner()
    refused = runner.invoke(args=["create-admin", "--username", "root", "--password", "password1234"])
    assert refused.exit_code != 0 and "most common passwords" in refused.output
    made = runner.invoke(args=["create-admin", "--username", "root",
                               "--password", "tea stall near the depot"])
    assert made.exit_code == 0, made.output


# ==== 12. temporary passwords stay out of the session cookie ====================

def _cookie_text(app, client) -> str:
    """Everything the browser's session cookie says (signed, not encrypted)."""
    cookie = client.get_cookie(app.config.get("SESSION_COOKIE_NAME", "session"))
    return repr(app.session_interface.get_signing_serializer(app).loads(cookie.value)) if cookie else ""


def test_a_new_accounts_temporary_password_is_shown_on_the_page_only(app, world):
    admin = _client(app)
    _signin(admin, "stateadmin_gj")
    response = submit(admin, "/admin/user/new/", {
        "username": "dcpu_fresh", "full_name": "Fresh Officer", "role": "dcpu",
        "state": str(world.state["gj"]), "district": str(world.district["amd"]),
        "is_enabled": "y", "new_password": ""})
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    password = re.search(r'<td>dcpu_fresh</td><td><code[^>]*>([^<]+)</code>', html).group(1)
    assert "no-store" in response.headers["Cache-Control"]
    assert password not in _cookie_text(app, admin)
    with admin.session_transaction() as session:
        assert password not in repr(dict(session))
    # the next page does not show it again
    assert password not in admin.get("/admin/user/").get_data(as_text=True)
    member = _client(app, "10.0.0.5")
    assert _signin(member, "dcpu_fresh", password).location.endswith("/password")


def test_a_reset_password_is_shown_on_the_page_only(app, world):
    admin = _client(app)
    _signin(admin, "stateadmin_gj")
    token = csrf_from(admin.get("/admin/user/"))
    response = admin.post("/admin/user/action/", data={
        "action": "reset_password", "rowid": [str(world.user["police_srt"]), str(world.user["cwc_srt"])],
        "csrf_token": token})
    html = response.get_data(as_text=True)
    found = dict(re.findall(r"<td>([a-z_]+)</td><td><code[^>]*>([^<]+)</code>", html))
    assert set(found) == {"police_srt", "cwc_srt"}
    for password in found.values():
        assert password not in _cookie_text(app, admin)
    assert _signin(_client(app, "10.0.0.6"), "cwc_srt", found["cwc_srt"]).status_code == 302
