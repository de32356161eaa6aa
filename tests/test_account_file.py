"""Accounts from a file (issue 12 item 12; docs/accounts.md): a state admin
uploads a rollout list, sees every row checked, creates the accounts all at
once, and gets a sheet of temporary passwords that work for the first sign-in
and are kept nowhere; the account form fills in the state and shows each role
only its own fields; the district screen says who adds districts; generated
temporary passwords have no look-alike characters."""
import base64
import io
import re

import pytest
from sqlalchemy import func, select

from auth.passwords import TEMPORARY_ALPHABET, policy_problem, temporary_password
from extensions import db
from models import AuditLog, User
from tests.conftest import Auth, csrf_from
from tests.helpers import db_fingerprint, row_count, submit

HEADINGS = "username,full_name,role,district,police_unit,institution,phone,email\n"


def _csv(*lines, headings=HEADINGS) -> bytes:
    return (headings + "\n".join(lines) + "\n").encode("utf-8")


def _client(app, address="10.20.0.1"):
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = address
    return client


def _signin(client, username, password=None):
    from tests.world import PASSWORD
    return Auth(client).login(username, password or PASSWORD)


def _upload(client, data: bytes, filename="rollout.csv"):
    page = client.get("/admin/user/bulk/")
    assert page.status_code == 200, page.status_code
    return client.post("/admin/user/bulk/", data={
        "csrf_token": csrf_from(page), "upload": (io.BytesIO(data), filename)},
        content_type="multipart/form-data")


def _create(client, preview):
    html = preview.get_data(as_text=True)
    content = re.search(r'id="content" name="content" type="hidden" value="([^"]*)"', html).group(1)
    filename = re.search(r'id="filename" name="filename" type="hidden" value="([^"]*)"', html).group(1)
    return client.post("/admin/user/bulk/create/", data={
        "csrf_token": csrf_from(html), "content": content, "filename": filename})


def _sheet(html) -> dict:
    """username -> temporary password, as the sheet shows them."""
    slips = re.findall(r'<section class="password-slip" data-username="([^"]+)">(.*?)</section>',
                       html, re.DOTALL)
    return {name: re.search(r'class="h5 temporary-password">([^<]+)<', body).group(1)
            for name, body in slips}


def _users(app, *names):
    with app.app_context():
        found = {u.username: u for u in db.session.scalars(select(User).where(User.username.in_(names)))}
        for user in found.values():
            db.session.expunge(user)
        db.session.remove()
        return found


ROLLOUT = _csv(
    "dcpu_anand,Meera Shah,dcpu,Ahmedabad,,,98250 11111,meera@example.org",
    "police_naroda,Arjun Desai,police,GJ-AMD,Ahmedabad PS 2,,,",
    "cci_home2,Farida Shaikh,CCI staff,Surat,,Surat Children's Home,,",
    "cwc_amd2,Kanti Patel,cwc,ahmedabad,,,,")


# ---- the whole way: upload, preview, create, sheet, first sign-in ---------------

def test_state_admin_creates_a_rollout_and_hands_out_working_passwords(app, world):
    admin = _client(app)
    _signin(admin, "stateadmin_gj")
    before = row_count(app, User)
    preview = _upload(admin, ROLLOUT)
    html = preview.get_data(as_text=True)
    assert preview.status_code == 200 and "4 accounts are ready to be created" in html, html
    assert row_count(app, User) == before  # the preview creates nothing

    response = _create(admin, preview)
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    passwords = _sheet(html)
    assert set(passwords) == {"dcpu_anand", "police_naroda", "cci_home2", "cwc_amd2"}
    assert "Meera Shah" in html and "/login" in html and "at least 12 characters" in html
    assert "no-store" in response.headers["Cache-Control"]
    assert row_count(app, User) == before + 4

    made = _users(app, *passwords)
    w = world
    assert made["dcpu_anand"].district_id == w.district["amd"] and made["dcpu_anand"].state_id == w.state["gj"]
    assert made["police_naroda"].police_unit_id == w.unit["amd_ps2"]
    assert made["cci_home2"].institution_id == w.cci["srt_home"] and made["cci_home2"].role == "cci"
    assert made["dcpu_anand"].phone == "98250 11111" and made["dcpu_anand"].email == "meera@example.org"
    assert all(u.must_change_password and u.is_enabled for u in made.values())

    # Audited like the account form's creations, under the state admin's name.
    with app.app_context():
        entries = db.session.scalars(select(AuditLog).where(
            AuditLog.table_name == "users", AuditLog.action == "create",
            AuditLog.record_id.in_([u.id for u in made.values()]))).all()
        assert len(entries) == 4 and {e.username for e in entries} == {"stateadmin_gj"}
        assert all("password_hash" not in e.changes and "scrypt" not in e.changes
                   and not any(p in e.changes for p in passwords.values()) for e in entries)
        db.session.remove()

    # Shown once: not in the session cookie, not on the next page.
    with admin.session_transaction() as session:
        assert not any(p in repr(dict(session)) for p in passwords.values())
    listing = admin.get("/admin/user/").get_data(as_text=True)
    assert not any(p in listing for p in passwords.values())

    # The new DCPU signs in with the sheet's password and must change it first,
    # on a page that gets its stylesheets.
    member = _client(app, "10.20.0.2")
    assert _signin(member, "dcpu_anand", passwords["dcpu_anand"]).location.endswith("/password")
    assert member.get("/admin/child/").location.endswith("/password")
    page = member.get("/password").get_data(as_text=True)
    sheets = re.findall(r'<link href="([^"]+\.css)"', page)
    assert len(sheets) == 2
    for sheet in sheets:
        assert member.get(sheet).status_code == 200, sheet
    assert member.get("/favicon.ico").status_code == 200
    changed = submit(member, "/password", {"current_password": passwords["dcpu_anand"],
                                           "new_password": "banyan tree at the depot",
                                           "confirm": "banyan tree at the depot"})
    assert changed.status_code == 302
    assert member.get("/admin/child/").status_code == 200


def test_xlsx_rollout_is_read_too(app, world):
    from openpyxl import Workbook
    book = Workbook()
    sheet = book.active
    sheet.append(["Username", "Full name", "Role", "District"])
    sheet.append(["jjb_amd2", "Leela Rao", "jjb", "Ahmedabad"])
    out = io.BytesIO()
    book.save(out)
    admin = _client(app)
    _signin(admin, "stateadmin_gj")
    response = _create(admin, _upload(admin, out.getvalue(), "rollout.xlsx"))
    assert set(_sheet(response.get_data(as_text=True))) == {"jjb_amd2"}


# ---- bad rows: a clear message each, in the user's language; nothing created ----

@pytest.mark.parametrize("line,message", [
    ("dcpu_pune2,Out Of State,dcpu,Pune,,,,", "No district Pune among the districts you manage"),
    ("stateadmin_x,Too High,state_admin,,,,,", "The role state_admin is not one you may give"),
    ("nat_x,Too High,national_admin,,,,,", "The role national_admin is not one you may give"),
    ("police_x,No Unit,police,Ahmedabad,,,,", "A police account needs its police unit."),
    ("police_y,Wrong Unit,police,Ahmedabad,Surat PS 1,,,", "No police unit Surat PS 1 in the district given"),
    ("police_z,Mixed,police,Ahmedabad,Ahmedabad PS 1,Ahmedabad Children's Home,,",
     "Only a CCI account has an institution: leave it empty."),
    ("cwc_x,Has Unit,cwc,Ahmedabad,Ahmedabad PS 1,,,", "Only a police account has a police unit"),
    ("dcpu_amd,Taken,dcpu,Ahmedabad,,,,", "This username is taken."),
    ("dcpu x,Space,dcpu,Ahmedabad,,,,", "A username has 3 to 80 letters"),
    (",No Name,dcpu,Ahmedabad,,,,", "The column username is empty."),
    ("dcpu_q,Mail,dcpu,Ahmedabad,,,,not-an-address", "The email address not-an-address is not valid."),
    ("dcpu_r,No District,dcpu,,,,,", "This role needs a district."),
])
def test_a_bad_row_is_named_and_nothing_is_created(app, world, line, message):
    admin = _client(app)
    _signin(admin, "stateadmin_gj")
    before = db_fingerprint(app)
    good = "cwc_fine,Fine Row,cwc,Ahmedabad,,,,"
    response = _upload(admin, _csv(good, line))
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert message in html, re.findall(r'<div class="text-danger">([^<]+)', html)
    assert "1 row of 2 is wrong" in html and "Nothing was created" in html
    assert 'data-line="3"' in html and 'action="/admin/user/bulk/create/"' not in html
    assert db_fingerprint(app) == before


def test_the_message_speaks_the_users_language(app, world):
    admin = _client(app)
    _signin(admin, "stateadmin_gj")
    admin.get("/language/gu")
    html = _upload(admin, _csv("dcpu_pune2,Out Of State,dcpu,Pune,,,,")).get_data(as_text=True)
    problems = re.findall(r'<div class="text-danger">([^<]+)', html)
    assert problems and all(re.search("[\u0a80-\u0aff]", p) for p in problems), problems
    assert "among the districts" not in html


@pytest.mark.parametrize("data,message", [
    (b"", "The file is empty."),
    (b"username,full_name\nx_1,X\n", "These columns are missing: role."),
    (b"username,full_name,role,password\nx_1,X,dcpu\n", "are not columns of an accounts file: password"),
    (HEADINGS.encode(), "The file has column headings but no accounts."),
    ("username,full_name,role\nમીરા,મીરા,dcpu\n".encode("cp1252", "replace"), None),
])
def test_a_file_that_is_not_an_accounts_file_is_refused(app, world, data, message):
    admin = _client(app)
    _signin(admin, "stateadmin_gj")
    before = db_fingerprint(app)
    response = _upload(admin, data)
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    if message:
        assert message in html, html
    assert db_fingerprint(app) == before


def test_too_many_rows_are_refused_before_any_work(app, world):
    from exchange.accounts import MAX_ACCOUNTS
    admin = _client(app)
    _signin(admin, "stateadmin_gj")
    rows = [f"cwc_{n},Member {n},cwc,Ahmedabad,,,," for n in range(MAX_ACCOUNTS + 1)]
    html = _upload(admin, _csv(*rows)).get_data(as_text=True)
    assert f"create at most {MAX_ACCOUNTS} at a time" in html


def test_a_username_taken_between_preview_and_create_creates_nothing(app, world):
    admin = _client(app)
    _signin(admin, "stateadmin_gj")
    preview = _upload(admin, _csv("cwc_late,Late,cwc,Ahmedabad,,,,", "jjb_late,Late Too,jjb,Surat,,,,"))
    with app.app_context():
        db.session.add(User(username="CWC_LATE", role="ngo", state_id=world.state["gj"],
                            district_id=world.district["srt"]))
        db.session.commit()
        db.session.remove()
    response = _create(admin, preview)
    html = response.get_data(as_text=True)
    assert "This username is taken." in html and "Nothing was created" in html
    assert not _users(app, "jjb_late", "cwc_late")


def test_a_forged_create_is_checked_again(app, world):
    """The file travels in the preview's form: a changed one is read and checked
    again, so a row out of the state admin's scope still creates nothing."""
    admin = _client(app)
    _signin(admin, "stateadmin_gj")
    preview = _upload(admin, _csv("cwc_ok,Ok,cwc,Ahmedabad,,,,")).get_data(as_text=True)
    forged = base64.b64encode(_csv("dcpu_pune3,Forged,dcpu,Pune,,,,")).decode()
    before = db_fingerprint(app)
    response = admin.post("/admin/user/bulk/create/", data={
        "csrf_token": csrf_from(preview), "content": forged, "filename": "x.csv"})
    assert response.status_code == 200
    assert "No district Pune among the districts you manage" in response.get_data(as_text=True)
    for junk in ("not base64!", ""):
        response = admin.post("/admin/user/bulk/create/", data={
            "csrf_token": csrf_from(preview), "content": junk, "filename": "x.csv"})
        assert response.status_code == 200
    assert db_fingerprint(app) == before


def test_the_national_admin_names_the_state(app, world):
    admin = _client(app)
    _signin(admin, "national")
    data = _csv("stateofficer_mh2,Officer,state_officer,,,,,MH",
                "stateadmin_mh2,Admin,state_admin,,,,,Maharashtra",
                headings="username,full_name,role,district,police_unit,institution,phone,state\n")
    passwords = _sheet(_create(admin, _upload(admin, data)).get_data(as_text=True))
    assert set(passwords) == {"stateofficer_mh2", "stateadmin_mh2"}
    made = _users(app, *passwords)
    assert {u.state_id for u in made.values()} == {world.state["mh"]}


def test_a_state_admin_names_no_other_state(app, world):
    admin = _client(app)
    _signin(admin, "stateadmin_gj")
    data = _csv("stateofficer_x,Officer,state_officer,,,,,Maharashtra",
                headings="username,full_name,role,district,police_unit,institution,phone,state\n")
    html = _upload(admin, data).get_data(as_text=True)
    assert "No state Maharashtra among the states you manage." in html
    # Without a state column, the state admin's own state is filled in.
    html = _create(admin, _upload(admin, _csv("stateofficer_y,Officer,state_officer,,,,,"))).get_data(as_text=True)
    assert set(_sheet(html)) == {"stateofficer_y"}
    assert _users(app, "stateofficer_y")["stateofficer_y"].state_id == world.state["gj"]


# ---- the account form -----------------------------------------------------------

def test_the_account_form_fills_in_the_state_admins_state(app, client, auth, world):
    auth.login("stateadmin_gj")
    html = client.get("/admin/user/new/").get_data(as_text=True)
    state = re.search(r'<select[^>]*name="state"[^>]*>(.*?)</select>', html, re.DOTALL).group(1)
    assert re.search(rf'<option selected value="{world.state["gj"]}"|<option value="{world.state["gj"]}" selected', state), state
    assert f'value="{world.state["mh"]}"' not in state
    # Which roles have which fields, for static/account_form.js.
    fields = re.search(r'id="account-fields">([^<]+)</script>', html).group(1)
    assert '"police_unit": ["police"]' in fields and '"institution": ["cci"]' in fields
    assert "account_form.js" in html


def test_the_account_form_refuses_an_institution_on_a_police_account(app, client, auth, world):
    auth.login("stateadmin_gj")
    response = submit(client, "/admin/user/new/", {
        "username": "police_mixed", "full_name": "Mixed", "role": "police",
        "state": str(world.state["gj"]), "district": str(world.district["amd"]),
        "police_unit": str(world.unit["amd_ps1"]), "institution": str(world.cci["amd_home"]),
        "is_enabled": "y"})
    assert response.status_code == 200
    assert "Only a CCI account has an institution" in response.get_data(as_text=True)
    assert not _users(app, "police_mixed")


def test_the_accounts_list_offers_creation_from_a_file(client, auth, world):
    auth.login("stateadmin_gj")
    assert 'href="/admin/user/bulk/"' in client.get("/admin/user/").get_data(as_text=True)


# ---- districts: who adds them -----------------------------------------------------

def test_the_district_screen_says_who_adds_districts(client, auth, world):
    auth.login("stateadmin_gj")
    html = client.get("/admin/district/").get_data(as_text=True)
    assert 'id="who-adds-districts"' in html and "added by the national admin" in html
    assert client.get("/admin/district/new/").status_code == 403
    auth.logout()
    auth.login("national")
    html = client.get("/admin/district/").get_data(as_text=True)
    assert 'id="who-adds-districts"' not in html and "/admin/district/new/" in html


# ---- temporary passwords ---------------------------------------------------------

def test_temporary_passwords_have_no_look_alike_characters():
    assert not set("l1IO0o") & set(TEMPORARY_ALPHABET)
    seen = set()
    for _ in range(300):
        password = temporary_password()
        assert re.fullmatch(r"[A-Za-z2-9]{4}-[A-Za-z2-9]{4}-[A-Za-z2-9]{4}", password)
        assert not set("l1IO0o") & set(password)
        assert policy_problem(password) is None
        seen.add(password)
    assert len(seen) == 300


def test_reset_passwords_use_the_same_alphabet(app, world):
    admin = _client(app)
    _signin(admin, "stateadmin_gj")
    token = csrf_from(admin.get("/admin/user/"))
    html = admin.post("/admin/user/action/", data={
        "action": "reset_password", "rowid": [str(world.user["cwc_srt"])],
        "csrf_token": token}).get_data(as_text=True)
    password = re.search(r"<td>cwc_srt</td><td><code[^>]*>([^<]+)</code>", html).group(1)
    assert re.fullmatch(r"[A-HJ-NP-Za-km-np-z2-9]{4}(-[A-HJ-NP-Za-km-np-z2-9]{4}){2}", password)


def test_usernames_compare_without_case(app, world):
    from access.accounts import username_taken
    with app.app_context():
        assert username_taken("DCPU_AMD") and not username_taken("dcpu_nobody")
        assert db.session.scalar(select(func.count()).select_from(User)) > 0
        db.session.remove()


def test_a_username_taken_at_the_last_moment_creates_nothing(app, world, monkeypatch):
    """Two managers creating the same username at once: the database refuses the
    second, which says so and creates nothing (never an error page)."""
    from access import accounts
    admin = _client(app)
    _signin(admin, "stateadmin_gj")
    preview = _upload(admin, _csv("cwc_race,Race,cwc,Ahmedabad,,,,", "jjb_race,Race Too,jjb,Surat,,,,"))
    monkeypatch.setattr(accounts, "username_taken", lambda username, editing=None: False)
    with app.app_context():
        db.session.add(User(username="jjb_race", role="ngo", state_id=world.state["gj"],
                            district_id=world.district["srt"]))
        db.session.commit()
        db.session.remove()
    response = _create(admin, preview)
    assert response.status_code == 200
    assert "was taken while the accounts were being created" in response.get_data(as_text=True)
    assert not _users(app, "cwc_race")
