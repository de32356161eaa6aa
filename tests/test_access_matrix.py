"""The access matrix: one case per (role, screen, path, in or out of scope).

DESIGN "Access rules every view obeys": every path applies the same scope, and
a record out of scope answers exactly as a record that does not exist. The
expectations are the hand-written tables of tests/access_cases.py (from
DESIGN.md and access/rights.py); nothing here asks access/scope.py what a role
may see, so a bug there fails a case.

Scopes in the ids: `in` a record the role reads (one it may change, if any),
`ro` one it reads but may not change, `near` one of its own district outside
its scope, `out` another district's (Pune's for state roles). Every request
takes a fingerprint of the whole database before and after: nothing changes
unless the case is an allowed write."""
import base64
import json
import re
from collections import namedtuple
from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import func, select, update

from extensions import db
from models import AccessLog, AuditLog, Base, Child
from access.rights import ARCHIVE, CREATE, EDIT, EXPORT, MODERATE
from tests import access_cases
from tests.conftest import _PRISTINE, Auth, csrf_from
from tests.helpers import db_fingerprint

MISSING_ID = 999999
MARK = "matrix-edit"
LOGS = {"audit_log", "access_log"}  # read-only logs: no create, no edit

# ---------------------------------------------------------------------------
# the world, signed-in clients, fingerprints
# ---------------------------------------------------------------------------
_STATE = {"ids": None, "clean": False, "touched": False, "last": None}


@pytest.fixture
def world_ids(request):
    """The world's ids. The `world` fixture (fingerprint, rebuild if changed) is
    asked whenever the previous case might have left the database changed; a
    case that ended with the pristine fingerprint and wrote nothing hands the
    world straight to the next."""
    if not _STATE["clean"] or _STATE["ids"] is None:
        _STATE["ids"] = request.getfixturevalue("world")
    _STATE.update(clean=False, touched=False, last=None)
    yield _STATE["ids"]
    _STATE["clean"] = (not _STATE["touched"] and _STATE["last"] is not None
                       and _STATE["last"] == _PRISTINE.get("hash"))


_CLIENTS = {}


def client_for(app, role):
    """One signed-in browser per role, kept for the module. Signing in writes
    last_login_at; the world is rebuilt for the next case (ids stay the same)."""
    if role not in _CLIENTS:
        client = app.test_client()
        response = Auth(client).login(role)
        assert response.status_code == 302, f"{role} could not sign in"
        _pop_flashes(client)
        _CLIENTS[role] = client
        _STATE["touched"] = True
    return _CLIENTS[role]


def _pop_flashes(client):
    with client.session_transaction() as session:
        return [tuple(f) for f in session.pop("_flashes", [])]


Answer = namedtuple("Answer", "status location flashes text mimetype")


def call(client, method, url, data=None):
    _STATE["last"] = None  # a request after the last fingerprint
    response = client.open(url, method=method, data=data)
    try:
        text = response.get_data(as_text=True) if response.status_code != 302 else ""
    finally:
        response.close()  # exports stream
    location = response.headers.get("Location")
    if location and "://" in location:
        location = "/" + location.split("://", 1)[1].split("/", 1)[1]
    # Flashed messages wait in the session only across a redirect (a page
    # rendered with them has shown them already).
    flashes = _pop_flashes(client) if response.status_code in (301, 302, 303) else []
    return Answer(response.status_code, location, flashes, text, response.mimetype)


def same_answer(a, b):
    """What a person sees: status, where it sends them, what it says."""
    return (a.status, a.location, a.flashes) == (b.status, b.location, b.flashes)


def fp_before(app):
    """fingerprint() before a case's requests. When nothing has touched the
    database since it was last found pristine, the pristine fingerprint is it."""
    if not _STATE["touched"] and "hash" in _PRISTINE:
        return _PRISTINE["hash"]
    return db_fingerprint(app)


def fp_after(app):
    value = db_fingerprint(app)
    _STATE["last"] = value
    return value


def table(name):
    return Base.metadata.tables[name]


def sql(app, fn, write=False):
    """Run fn(session) and commit. write=True: a test's own setup that changes
    the database (the case's "before" is then taken afresh)."""
    if write:
        _STATE["touched"] = True
    with app.app_context():
        try:
            result = fn(db.session)
            db.session.commit()
            return result
        finally:
            db.session.remove()


_TOKENS = {}


def any_csrf(client, url="/password"):
    """The CSRF token of the page a person submits from: the list page for
    actions and archiving, the password page for a role that has no such page
    (crafting the request). Flask-WTF's token belongs to the session, so one
    read per (browser, page) is kept."""
    if (id(client), url) not in _TOKENS:
        _TOKENS[(id(client), url)] = csrf_from(call(client, "GET", url).text)
    return _TOKENS[(id(client), url)]


# ---------------------------------------------------------------------------
# ids of the world's records by screen and short name
# ---------------------------------------------------------------------------
def record_id(app, world, view, key):
    if key is None:
        return None
    if view == "audit_log":  # the "create" row of the district's CNCP child
        child_id = world.child[f"{key}_cncp"]
        return sql(app, lambda s: s.scalar(select(AuditLog.id).where(
            AuditLog.table_name == "children", AuditLog.record_id == child_id,
            AuditLog.action == "create")))
    return getattr(world, access_cases.GROUP[view])[key]


def ids_of(app, world, view, keys):
    return {record_id(app, world, view, k) for k in keys}


def pick(view, role, scope):
    """The record a case acts on; for a role that cannot open the screen, a
    record of its own district (in) or another (out)."""
    if access_cases.opens(role, view):
        return access_cases.record_for(view, role, scope)
    if scope == "in":
        home = access_cases.HOME[role] or "amd"
        return next((k for k, p in access_cases.RECORDS[view].items() if p == home),
                    next(iter(access_cases.RECORDS[view])))
    if scope == "out":
        places = ("pune", "mh") if role in access_cases.STATE else ("srt", "pune", "gj", "mh")
        for place in places:
            for k, p in access_cases.RECORDS[view].items():
                if p == place:
                    return k
    return None


def matrix(paths, scopes=("in", "ro", "near", "out"), views=access_cases.VIEWS, when=None):
    out = []
    for role in access_cases.ROLES:
        for view in views:
            for path in paths:
                for scope in scopes:
                    if scope and pick(view, role, scope) is None:
                        continue
                    if when is not None and not when(role, view, path, scope):
                        continue
                    name = "-".join(x for x in (role, view, path, scope) if x)
                    out.append(pytest.param(role, view, path, scope, id=name))
    return out


def _open_record(app, world, role, view, scope):
    key = pick(view, role, scope)
    return key, record_id(app, world, view, key)


def _nonexistent(client, method, url_for_id, data=None):
    return call(client, method, url_for_id(MISSING_ID), data)


# ===========================================================================
# 0. everyone signs in (first, so the rest of the module reuses the sessions)
# ===========================================================================
@pytest.mark.parametrize("role", access_cases.ROLES)
def test_sign_in(app, world_ids, role):
    client_for(app, role)


# ===========================================================================
# 1. list rows and the "List (N)" count
# ===========================================================================
def _access_expected(app, world, role):
    """Access-log rows a role reads: all (national admin), its state's (state admin)."""
    where = {"national": True, "stateadmin_gj": AccessLog.state_id == world.state["gj"]}
    clause = where.get(role)
    if clause is None:
        return set()
    query = select(AccessLog.id) if clause is True else select(AccessLog.id).where(clause)
    return set(sql(app, lambda s: s.scalars(query).all()))


def _log_expected(app, world, role, view):
    if view == "access_log":
        return _access_expected(app, world, role)
    return _audit_expected(app, world, role)


def _audit_expected(app, world, role):
    """Audit rows a role reads: all (national), its state's, its district's."""
    gj, amd = world.state["gj"], world.district["amd"]
    where = {"national": True, "viewer": True, "stateadmin_gj": AuditLog.state_id == gj,
             "stateofficer_gj": AuditLog.state_id == gj, "dcpu_amd": AuditLog.district_id == amd}
    clause = where.get(role)
    if clause is None:
        return set()
    query = select(AuditLog.id) if clause is True else select(AuditLog.id).where(clause)
    return set(sql(app, lambda s: s.scalars(query).all()))


@pytest.mark.parametrize("role,view,path,scope", matrix(["list"], scopes=(None,)))
def test_list(app, world_ids, role, view, path, scope):
    w, client = world_ids, client_for(app, role)
    before = fp_before(app)
    answer = call(client, "GET", f"/admin/{view}/")
    assert fp_after(app) == before
    if not access_cases.opens(role, view):
        assert answer.status == 403
        return
    assert answer.status == 200
    if view in LOGS:
        expected = _log_expected(app, w, role, view)
    else:
        expected = ids_of(app, w, view, access_cases.visible(view, role))
    rows = access_cases.row_ids(answer.text, view)
    assert rows <= expected, f"rows out of scope: {rows - expected}"
    assert len(rows) == min(len(expected), 20), "rows in scope missing from the list"
    assert access_cases.list_count(answer.text) == len(expected), "the List (N) count"
    if view not in LOGS:
        allowed = access_cases.allowed_secrets(view, role, access_cases.visible(view, role))
        assert access_cases.secrets_in(answer.text) <= allowed


# ===========================================================================
# 2. search: an out-of-scope record is not found by its own name
# ===========================================================================
SEARCHABLE = {"missing_report", "found_report", "police_report", "child", "cwc_order", "care_plan",
              "progress_entry", "transfer",
              "jjb_order", "institution", "police_unit", "district", "state", "user",
              "citizen_report"}


@pytest.mark.parametrize("role,view,path,scope", matrix(
    ["search"], scopes=("in", "near", "out"), views=tuple(v for v in access_cases.VIEWS if v in SEARCHABLE),
    when=lambda role, view, path, scope: access_cases.opens(role, view)))
def test_search(app, world_ids, role, view, path, scope):
    w, client = world_ids, client_for(app, role)
    key, rid = _open_record(app, w, role, view, scope)
    before = fp_before(app)
    answer = call(client, "GET", f"/admin/{view}/?search={access_cases.marker(view, key)}")
    assert fp_after(app) == before
    assert answer.status == 200
    rows = access_cases.row_ids(answer.text, view)
    assert rows <= ids_of(app, w, view, access_cases.visible(view, role))
    assert access_cases.list_count(answer.text) == len(rows)
    assert (rid in rows) == (scope == "in")


# ===========================================================================
# 3. details
# ===========================================================================
@pytest.mark.parametrize("role,view,path,scope", matrix(["details"]))
def test_details(app, world_ids, role, view, path, scope):
    w, client = world_ids, client_for(app, role)
    key, rid = _open_record(app, w, role, view, scope)
    url = lambda i: f"/admin/{view}/details/?id={i}"  # noqa: E731
    shown = scope in ("in", "ro") and access_cases.opens(role, view)
    before = fp_before(app)
    answer = call(client, "GET", url(rid))
    other = None if shown else _nonexistent(client, "GET", url)
    assert fp_after(app) == before
    if shown:
        assert answer.status == 200
        found = access_cases.secrets_in(answer.text)
        if access_cases.sees_sensitive(view, role, key):
            assert found == access_cases.secrets_of(view, key), "sensitive fields shown to who may see them"
        else:
            assert not found, f"sensitive values shown to {role}"
        return
    if not access_cases.opens(role, view):
        assert answer.status == 403
    assert same_answer(answer, other), f"answers unlike a record that does not exist: {answer[:3]}"


# ===========================================================================
# 4. edit: GET and POST
# ===========================================================================
def _edits(role, view, key):
    return access_cases.may(role, view, EDIT) and key in access_cases.writable(view, role)


@pytest.mark.parametrize("role,view,path,scope", matrix(["edit_get"]))
def test_edit_get(app, world_ids, role, view, path, scope):
    w, client = world_ids, client_for(app, role)
    key, rid = _open_record(app, w, role, view, scope)
    url = lambda i: f"/admin/{view}/edit/?id={i}"  # noqa: E731
    shown = scope == "in" and _edits(role, view, key)
    before = fp_before(app)
    answer = call(client, "GET", url(rid))
    other = None if shown else _nonexistent(client, "GET", url)
    assert fp_after(app) == before
    if shown:
        assert answer.status == 200
        assert access_cases.secrets_in(answer.text) <= access_cases.allowed_secrets(view, role, [key])
        return
    if not access_cases.may(role, view, EDIT):
        assert answer.status == 403
    assert same_answer(answer, other), f"answers unlike a record that does not exist: {answer[:3]}"


def _edit_payload(app, world, client, role, view):
    """The edit form of the role's own record, as the browser would send it."""
    own = access_cases.record_for(view, role, "in")
    page = call(client, "GET", f"/admin/{view}/edit/?id={record_id(app, world, view, own)}")
    assert page.status == 200, ("own edit form", page.status)
    data, _ = access_cases.main_form(page.text)
    data[access_cases.EDIT_FIELD[view]] = MARK
    return data


def _column(app, view, rid, column):
    t = table(access_cases.MODEL_TABLE[view])
    return sql(app, lambda s: s.execute(select(t.c[column]).where(t.c.id == rid)).scalar())


@pytest.mark.parametrize("role,view,path,scope", matrix(["edit_post"]))
def test_edit_post(app, world_ids, role, view, path, scope):
    w, client = world_ids, client_for(app, role)
    key, rid = _open_record(app, w, role, view, scope)
    url = lambda i: f"/admin/{view}/edit/?id={i}"  # noqa: E731
    if access_cases.may(role, view, EDIT):
        data = _edit_payload(app, w, client, role, view)
    else:
        data = {"csrf_token": any_csrf(client), access_cases.EDIT_FIELD[view]: MARK}
    allowed = scope == "in" and _edits(role, view, key)
    before = fp_before(app)
    answer = call(client, "POST", url(rid), data)
    if allowed:
        after = fp_after(app)
        assert answer.status == 302, (answer.flashes, access_cases.page_messages(answer.text))
        assert not [f for f in answer.flashes if f[0] == "error"], answer.flashes
        assert _column(app, view, rid, access_cases.EDIT_FIELD[view]) == MARK
        assert after != before
        return
    other = _nonexistent(client, "POST", url, data)
    assert fp_after(app) == before, "the edit changed the database"
    if not access_cases.may(role, view, EDIT):
        assert answer.status == 403
    assert same_answer(answer, other), f"answers unlike a record that does not exist: {answer[:3]}"


# ===========================================================================
# 5. delete: there is none (archive instead)
# ===========================================================================
@pytest.mark.parametrize("role,view,path,scope", matrix(["delete"], scopes=("in", "out")))
def test_delete(app, world_ids, role, view, path, scope):
    w, client = world_ids, client_for(app, role)
    key, rid = _open_record(app, w, role, view, scope)
    token = any_csrf(client)
    before = fp_before(app)
    answer = call(client, "POST", f"/admin/{view}/delete/", {"id": rid, "csrf_token": token})
    other = call(client, "POST", f"/admin/{view}/delete/", {"id": MISSING_ID, "csrf_token": token})
    assert fp_after(app) == before, "delete changed the database"
    assert answer.status in (403, 404, 405)
    assert same_answer(answer, other)


# ===========================================================================
# 6. archive (GET the form, POST with a reason)
# ===========================================================================
def _archives(role, view, key):
    return view in access_cases.ARCHIVABLE and access_cases.may(role, view, ARCHIVE) and key in access_cases.writable(view, role)


@pytest.mark.parametrize("role,view,path,scope", matrix(["archive_get"]))
def test_archive_get(app, world_ids, role, view, path, scope):
    w, client = world_ids, client_for(app, role)
    key, rid = _open_record(app, w, role, view, scope)
    url = lambda i: f"/admin/{view}/archive/?id={i}"  # noqa: E731
    shown = scope == "in" and _archives(role, view, key)
    before = fp_before(app)
    answer = call(client, "GET", url(rid))
    other = None if shown else _nonexistent(client, "GET", url)
    assert fp_after(app) == before
    if shown:
        assert answer.status == 200
        return
    if not (view in access_cases.ARCHIVABLE and access_cases.may(role, view, ARCHIVE)):
        assert answer.status in (403, 404)
    assert same_answer(answer, other), f"answers unlike a record that does not exist: {answer[:3]}"


@pytest.mark.parametrize("role,view,path,scope", matrix(["archive_post"]))
def test_archive_post(app, world_ids, role, view, path, scope):
    w, client = world_ids, client_for(app, role)
    key, rid = _open_record(app, w, role, view, scope)
    url = lambda i: f"/admin/{view}/archive/?id={i}"  # noqa: E731
    allowed = scope == "in" and _archives(role, view, key)
    if allowed:
        page = call(client, "GET", url(rid))
        assert page.status == 200
        token = csrf_from(page.text)
    else:
        token = any_csrf(client, f"/admin/{view}/" if access_cases.opens(role, view) else "/password")
    data = {"reason": "matrix archive", "csrf_token": token}
    before = fp_before(app)
    answer = call(client, "POST", url(rid), data)
    if allowed:
        after = fp_after(app)
        assert answer.status == 302
        assert _column(app, view, rid, "archive_reason") == "matrix archive"
        assert after != before
        return
    other = _nonexistent(client, "POST", url, data)
    assert fp_after(app) == before, "archive changed the database"
    if not (view in access_cases.ARCHIVABLE and access_cases.may(role, view, ARCHIVE)):
        assert answer.status in (403, 404)
    assert same_answer(answer, other), f"answers unlike a record that does not exist: {answer[:3]}"


# ===========================================================================
# 7. bulk actions: delete (never) and restore (DCPU, state admin, in scope)
# ===========================================================================
@pytest.mark.parametrize("role,view,path,scope", matrix(["action_delete"], scopes=("in", "near", "out")))
def test_action_delete(app, world_ids, role, view, path, scope):
    w, client = world_ids, client_for(app, role)
    key, rid = _open_record(app, w, role, view, scope)
    token = any_csrf(client, f"/admin/{view}/" if access_cases.opens(role, view) else "/password")
    url = f"/admin/{view}/action/"
    before = fp_before(app)
    answer = call(client, "POST", url, {"action": "delete", "rowid": rid, "csrf_token": token})
    other = call(client, "POST", url, {"action": "delete", "rowid": MISSING_ID, "csrf_token": token})
    assert fp_after(app) == before, "bulk delete changed the database"
    assert answer.status == (302 if access_cases.opens(role, view) else 403)
    assert same_answer(answer, other)


def _set_archived(app, view, rid, archived):
    t = table(access_cases.MODEL_TABLE[view])

    def run(s):
        stamp = s.execute(select(t.c.updated_at).where(t.c.id == rid)).scalar()
        s.execute(update(t).where(t.c.id == rid).values(
            archived_at=datetime(2026, 11, 2, tzinfo=timezone.utc) if archived else None,
            archive_reason="matrix" if archived else None, updated_at=stamp))
    sql(app, run, write=True)


@pytest.mark.parametrize("role,view,path,scope", matrix(
    ["action_restore"], scopes=("in", "near", "out"), views=tuple(v for v in access_cases.VIEWS if v in access_cases.ARCHIVABLE)))
def test_action_restore(app, world_ids, role, view, path, scope):
    w, client = world_ids, client_for(app, role)
    key, rid = _open_record(app, w, role, view, scope)
    token = any_csrf(client, f"/admin/{view}/" if access_cases.opens(role, view) else "/password")
    url = f"/admin/{view}/action/"
    allowed = role in access_cases.RESTORERS and scope == "in" and _archives(role, view, key)
    _set_archived(app, view, rid, True)  # something to restore
    try:
        before = fp_before(app)
        answer = call(client, "POST", url, {"action": "restore", "rowid": rid, "csrf_token": token})
        if allowed:
            assert fp_after(app) != before
            assert _column(app, view, rid, "archived_at") is None
            return
        other = call(client, "POST", url, {"action": "restore", "rowid": MISSING_ID, "csrf_token": token})
        assert fp_after(app) == before, "restore changed the database"
        assert answer.status == (302 if access_cases.opens(role, view) else 403)
        assert same_answer(answer, other)
    finally:
        if not allowed:
            _set_archived(app, view, rid, False)


# ===========================================================================
# 8. account actions: disable, enable, reset password, unlock sign-in
# ===========================================================================
def _user_state(app, rid):
    t = table("users")
    return sql(app, lambda s: tuple(s.execute(select(
        t.c.is_enabled, t.c.password_hash, t.c.must_change_password, t.c.updated_at,
        t.c.session_generation).where(t.c.id == rid)).one()))


def _set_user(app, rid, state):
    t = table("users")
    enabled, password_hash, must_change, stamp, generation = state
    sql(app, lambda s: s.execute(update(t).where(t.c.id == rid).values(
        is_enabled=enabled, password_hash=password_hash, must_change_password=must_change,
        updated_at=stamp, session_generation=generation)), write=True)


def _lock_signin(app, rid):
    """The account locked out of sign-in from one address, as five wrong tries leave it."""
    users, locks = table("users"), table("signin_locks")

    def run(s):
        name = s.scalar(select(users.c.username).where(users.c.id == rid)).lower()
        now = datetime.now(timezone.utc)
        s.execute(locks.insert().values(kind="pair", username=name, address="10.99.0.1",
                                        locked_at=now, locked_until=now + timedelta(minutes=15)))
    sql(app, run, write=True)


def _signin_locks(app):
    return sql(app, lambda s: s.scalar(select(func.count()).select_from(table("signin_locks"))))


def _clear_signin_locks(app):
    sql(app, lambda s: s.execute(table("signin_locks").delete()), write=True)


@pytest.mark.parametrize("role,view,path,scope", matrix(
    ["disable", "enable", "reset_password", "unlock"], scopes=("in", "ro", "out"), views=("user",)))
def test_user_action(app, world_ids, role, view, path, scope):
    w, client = world_ids, client_for(app, role)
    key, rid = _open_record(app, w, role, view, scope)
    token = any_csrf(client, "/admin/user/" if access_cases.opens(role, view) else "/password")
    allowed = scope == "in" and _edits(role, "user", key)
    pristine = _user_state(app, rid)
    if path == "enable":  # something to enable
        _set_user(app, rid, (False,) + pristine[1:])
    if path == "unlock":  # something to unlock
        _lock_signin(app, rid)
    try:
        before = fp_before(app)
        answer = call(client, "POST", "/admin/user/action/",
                      {"action": path, "rowid": rid, "csrf_token": token})
        if allowed:
            assert fp_after(app) != before
            enabled, password_hash, must_change, _, _ = _user_state(app, rid)
            if path == "reset_password":
                assert password_hash != pristine[1] and must_change
            elif path == "unlock":
                assert _signin_locks(app) == 0
            else:
                assert enabled is (path == "enable")
            return
        other = call(client, "POST", "/admin/user/action/",
                     {"action": path, "rowid": MISSING_ID, "csrf_token": token})
        assert fp_after(app) == before, f"{path} changed an account out of scope"
        assert answer.status == (302 if access_cases.opens(role, view) else 403)
        assert same_answer(answer, other)
    finally:
        if not allowed:
            _set_user(app, rid, pristine)
        if path == "unlock":
            _clear_signin_locks(app)


# ===========================================================================
# 9. inline edit: there is none
# ===========================================================================
@pytest.mark.parametrize("role,view,path,scope", matrix(["ajax_update"], scopes=("in", "out")))
def test_ajax_update(app, world_ids, role, view, path, scope):
    w, client = world_ids, client_for(app, role)
    key, rid = _open_record(app, w, role, view, scope)
    token = any_csrf(client)
    url = f"/admin/{view}/ajax/update/"
    field = access_cases.EDIT_FIELD[view]
    before = fp_before(app)
    answer = call(client, "POST", url, {"list_form_pk": rid, field: "matrix-inline", "csrf_token": token})
    other = call(client, "POST", url, {"list_form_pk": MISSING_ID, field: "matrix-inline",
                                       "csrf_token": token})
    assert fp_after(app) == before, "inline edit changed the database"
    assert answer.status in (403, 404)
    assert answer.status == other.status


# ===========================================================================
# 10. export: only rows in scope, sensitive values only for who may see them
# ===========================================================================
@pytest.mark.parametrize("role,view,path,scope", matrix(["export"], scopes=(None,)))
def test_export(app, world_ids, role, view, path, scope):
    w, client = world_ids, client_for(app, role)
    before = fp_before(app)
    # The export itself is noted in the access log once it is written: count before.
    logged = _log_expected(app, w, role, view) if view in LOGS else None
    answer = call(client, "GET", f"/admin/{view}/export/csv/")
    assert fp_after(app) == before
    if not access_cases.may(role, view, EXPORT):
        assert answer.status == 403
        return
    assert answer.status == 200
    rows = access_cases.csv_rows(answer.text)
    found = access_cases.secrets_in(answer.text)
    if view in LOGS:
        assert len(rows) == len(logged)
        if role in access_cases.NEVER_SENSITIVE:
            assert not found, f"sensitive values in {role}'s audit export"
        return
    seen = access_cases.visible(view, role)
    assert len(rows) == len(seen), "exported rows"
    for key in access_cases.RECORDS[view]:
        present = access_cases.csv_has(rows, access_cases.marker(view, key))
        assert present == (key in seen), f"{key} {'missing from' if key in seen else 'leaks into'} the export"
    assert found == access_cases.allowed_secrets(view, role, seen), "sensitive values in the export"


# ===========================================================================
# 11. photos
# ===========================================================================
_GIF = (b"GIF89a\x01\x00\x01\x00\x80\x00\x00\x00\x00\x00\xff\xff\xff!\xf9\x04\x01\x00\x00\x00"
        b"\x00,\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02D\x01\x00;")


def _attach_photo(app, view, rid):
    t, photos = table(access_cases.MODEL_TABLE[view]), table("photos")

    def run(s):
        stamp = s.execute(select(t.c.updated_at).where(t.c.id == rid)).scalar()
        now = datetime.now(timezone.utc)
        pid = s.execute(photos.insert().values(data=_GIF, mime="image/gif", width=1, height=1,
                                               created_at=now, updated_at=now)
                        .returning(photos.c.id)).scalar()
        s.execute(update(t).where(t.c.id == rid).values(photo_id=pid, updated_at=stamp))
        return pid, stamp
    return sql(app, run, write=True)


def _detach_photo(app, view, rid, pid, stamp):
    t, photos = table(access_cases.MODEL_TABLE[view]), table("photos")

    def run(s):
        s.execute(update(t).where(t.c.id == rid).values(photo_id=None, updated_at=stamp))
        s.execute(photos.delete().where(photos.c.id == pid))
    sql(app, run, write=True)


@pytest.mark.parametrize("role,view,path,scope", matrix(
    ["photo"], views=tuple(v for v in access_cases.VIEWS if v in access_cases.PHOTO_VIEWS)))
def test_photo(app, world_ids, role, view, path, scope):
    w, client = world_ids, client_for(app, role)
    key, rid = _open_record(app, w, role, view, scope)
    pid, stamp = _attach_photo(app, view, rid)
    try:
        url = lambda i: f"/admin/{view}/photo/?id={i}"  # noqa: E731
        before = fp_before(app)
        _STATE["last"] = None
        response = client.get(url(rid))
        body, status = response.get_data(), response.status_code
        response.close()
        answer = Answer(status, response.headers.get("Location"), _pop_flashes(client), "", None)
        other = _nonexistent(client, "GET", url)
        assert fp_after(app) == before
        if not access_cases.opens(role, view):
            assert status == 403
        elif scope in ("in", "ro"):
            assert status == 200 and body == _GIF
            return
        assert body != _GIF, "an out-of-scope photo was served"
        assert same_answer(answer, other)
    finally:
        _detach_photo(app, view, rid, pid, stamp)


# ===========================================================================
# 12. ajax lookups of the relation selects
# ===========================================================================
def _lookup_target_key(target, role, scope):
    if access_cases.opens(role, target):
        return pick(target, role, scope)
    return pick(target, "dcpu_amd", scope) if scope == "out" else None


def _lookup_cases():
    out = []
    for role in access_cases.ROLES:
        for view, relations in access_cases.AJAX.items():
            for relation, target in relations.items():
                for scope in ("in", "near", "out"):
                    if scope != "in" and _lookup_target_key(target, role, scope) is None:
                        continue
                    out.append(pytest.param(role, view, relation, scope,
                                            id=f"{role}-{view}-lookup_{relation}-{scope}"))
    return out


@pytest.mark.parametrize("role,view,relation,scope", _lookup_cases())
def test_lookup(app, world_ids, role, view, relation, scope):
    w, client = world_ids, client_for(app, role)
    target = access_cases.AJAX[view][relation]
    expected = ids_of(app, w, target, access_cases.visible(target, role))
    term, out_id = "", None
    if scope != "in":
        key = _lookup_target_key(target, role, scope)
        term = access_cases.AJAX_TERM[relation](access_cases.RECORDS[target][key])
        out_id = record_id(app, w, target, key)
    before = fp_before(app)
    answer = call(client, "GET", f"/admin/{view}/ajax/lookup/?name={relation}&query={term}&limit=100000")
    assert fp_after(app) == before
    if not access_cases.opens(role, view) or not (access_cases.may(role, view, CREATE) or access_cases.may(role, view, EDIT)):
        assert answer.status == 403
        return
    assert answer.status == 200
    got = {row[0] for row in json.loads(answer.text)}
    assert got <= expected, f"out-of-scope records in the lookup: {got - expected}"
    if scope == "in":
        assert got == expected
    else:
        assert out_id not in got


def test_lookup_limit_is_capped(app, world_ids):
    """`limit=100000` must not list a whole register."""
    w, client = world_ids, client_for(app, "dcpu_amd")

    def add(s):
        for i in range(40):
            s.add(Child(name=f"Capped {i}", gender="male", estimated_age_years=9,
                        category="CNCP", institution_id=w.cci["amd_home"],
                        district_id=w.district["amd"],
                        registered_at=datetime(2026, 11, 1, tzinfo=timezone.utc)))
    sql(app, add, write=True)
    answer = call(client, "GET", "/admin/care_plan/ajax/lookup/?name=child&query=Capped&limit=100000")
    assert answer.status == 200
    assert 0 < len(json.loads(answer.text)) <= 25


# ===========================================================================
# 13. relation choices of the create forms
# ===========================================================================
def _choice_cases():
    out = []
    for role in access_cases.ROLES:
        for view, fields in access_cases.SELECTS.items():
            if not access_cases.may(role, view, CREATE):
                continue
            for field in fields + (("role",) if view == "user" else ()):
                out.append(pytest.param(role, view, field, id=f"{role}-{view}-choices_{field}"))
    return out


# A state admin grants every role below state admin, never another state admin.
_GRANTABLE = {"national": {"national_admin", "national_viewer", "state_admin", "state_officer",
                           "dcpu", "police", "cci", "cwc", "jjb", "ngo"},
              "stateadmin_gj": {"state_officer", "dcpu", "police", "cci", "cwc", "jjb", "ngo"}}


@pytest.mark.parametrize("role,view,field", _choice_cases())
def test_choices(app, world_ids, role, view, field):
    w, client = world_ids, client_for(app, role)
    before = fp_before(app)
    answer = call(client, "GET", f"/admin/{view}/new/")
    assert fp_after(app) == before
    assert answer.status == 200
    _, selects = access_cases.main_form(answer.text)
    if field == "role":
        assert set(selects["role"]) - {"", "__None"} == _GRANTABLE[role]
        return
    target = access_cases.SELECT_TARGET[field]
    expected = ids_of(app, w, target, access_cases.assignable(target, role, field))
    assert access_cases.option_ids(selects[field]) == expected


# ===========================================================================
# 14. create, and create pointing at another jurisdiction
# ===========================================================================
def _ref(world, group, key, ajax=False):
    if not key:
        return "" if ajax else "__None"
    return str(getattr(world, group)[key])


# What a person types into each create form (valid in scope), per screen.
def _create_base(view, role):
    return {
        "child": {"name": "Matrix Child", "gender": "male", "estimated_age_years": "10",
                  "category": "CCL" if role == "jjb_amd" else "CNCP",
                  "sub_category": "petty" if role == "jjb_amd" else "missing_runaway",
                  "status": "in_care"},
        "missing_report": {"child_name": "Matrix Missing", "gender": "female", "age_years": "9",
                           "missing_at": "2026-11-02 10:00", "reason": "lost",
                           "runaway_reason": "__None"},
        "found_report": {"child_name": "Matrix Found", "gender": "male",
                         "estimated_age_years": "7", "found_at": "2026-11-05 10:00"},
        "police_report": {"kind": "fir", "number": "FIR-matrix", "report_date": "2026-11-03"},
        "cwc_order": {"order_type": "interim_placement", "order_number": "CWC-matrix",
                      "order_date": "2026-11-03"},
        "jjb_order": {"order_type": "bail", "order_number": "JJB-matrix",
                      "order_date": "2026-11-03"},
        "care_plan": {"prepared_on": "2026-11-03"},
        "progress_entry": {"month": "2026-09-01"},
        "transfer": {"order_reference": "CWC-matrix", "reason": "matrix"},
        "institution": {"name": "Matrix Home", "cci_type": "childrens_home",
                        "registration_number": "MX-1", "capacity": "10"},
        "police_unit": {"name": "Matrix PS", "kind": "station", "code": "mx-ps"},
        "district": {"name": "Matrix District", "code": "MX-D"},
        "state": {"name": "Matrix State", "code": "MX"},
        "user": {"username": "matrix_user", "full_name": "Matrix User", "role": "dcpu",
                 "new_password": ""},
        "citizen_report": {"child_name": "Matrix Citizen", "gender": "female"},
    }[view]


_OWN_UNIT = {"police_amd": "amd_ps1", "sjpu_amd": "amd_sjpu"}
_OWN_CHILD = {"jjb_amd": "amd_ccl"}

# field -> (world group, {scope: key}) ; the in-scope value is also the default
# every other variant keeps. A key may be a dict by role.
_FK = {
    "child": {
        "institution": ("cci", {"in": {"jjb_amd": "amd_obs", None: "amd_home"},
                                "out": {"jjb_amd": "srt_obs", None: "srt_home"},
                                "near": {"cci_amd": "amd_obs"}}),
        "district": ("district", {"in": "amd", "out": "srt"}),
    },
    "missing_report": {
        "police_unit": ("unit", {"in": {**_OWN_UNIT, None: "amd_ps1"}, "out": "srt_ps1",
                                 "near": {"police_amd": "amd_ps2"}}),
        "district": ("district", {"in": "amd", "out": "srt"}),
    },
    "found_report": {
        "district": ("district", {"in": "amd", "out": "srt"}),
        "police_unit": ("unit", {"in": {"police_amd": "amd_ps1", "sjpu_amd": "amd_sjpu", None: None},
                                 "out": "srt_ps1", "near": {"police_amd": "amd_ps2"}}),
        "placed_institution": ("cci", {"in": {"cci_amd": "amd_home", None: None}, "out": "srt_home",
                                       "near": {"cci_amd": "amd_obs"}}),
        "child": ("child", {"in": None, "out": "srt_cncp",
                            "near": {"cwc_amd": "amd_ccl", "cci_amd": "amd_ccl"}}),
        "missing_report": ("missing", {"in": None, "out": "srt_ps1"}),
    },
    "police_report": {
        "police_unit": ("unit", {"in": {**_OWN_UNIT, None: "amd_ps1"}, "out": "srt_ps1",
                                 "near": {"police_amd": "amd_ps2"}}),
        "missing_report": ("missing", {"in": None, "out": "srt_ps1"}),
        "found_report": ("found", {"in": None, "out": "srt_ps1"}),
        "child": ("child", {"in": None, "out": "srt_cncp"}),
    },
    "cwc_order": {"child": ("child", {"in": "amd_cncp", "out": "srt_cncp",
                                      "near": {"cwc_amd": "amd_ccl"}})},
    "jjb_order": {"child": ("child", {"in": "amd_ccl", "out": "srt_ccl",
                                      "near": {"jjb_amd": "amd_cncp"}})},
    "care_plan": {"child": ("child", {"in": "amd_cncp", "out": "srt_cncp",
                                      "near": {"cci_amd": "amd_ccl"}})},
    "progress_entry": {"child": ("child", {"in": "amd_cncp", "out": "srt_cncp",
                                           "near": {"cci_amd": "amd_ccl"}})},
    "transfer": {"child": ("child", {"in": "amd_cncp", "out": "srt_ccl",
                                     "near": {"cci_amd": "amd_ccl"}}),
                 "to_institution": ("cci", {"in": "srt_home", "out": "pune_home"})},
    "institution": {"district": ("district", {"in": "amd", "out": {"stateadmin_gj": "pune"}})},
    "police_unit": {"district": ("district", {"in": "amd", "out": {"stateadmin_gj": "pune"}})},
    "district": {"state": ("state", {"in": "gj"})},
    "state": {},
    "user": {"state": ("state", {"in": "gj", "out": {"stateadmin_gj": "mh"}}),
             "district": ("district", {"in": "amd", "out": {"stateadmin_gj": "pune"}}),
             "police_unit": ("unit", {"in": None}),
             "institution": ("cci", {"in": None})},
}


def _fk_key(spec, scope, role):
    """The key for a scope; "out" is Surat's for district roles, Pune's for state
    roles (Surat is theirs), and nothing for national roles."""
    if scope not in spec or (scope == "out" and role in access_cases.NATIONAL):
        return "MISSING"
    value = spec[scope]
    if isinstance(value, dict):
        value = value.get(role, value.get(None, "MISSING"))
    if scope == "out" and role in access_cases.STATE and isinstance(value, str) and value.startswith("srt"):
        value = "pune" + value[3:]
    return value


def _create_cases():
    out = []
    for role in access_cases.ROLES:
        for view in access_cases.VIEWS:
            if view in LOGS:
                continue
            if not access_cases.may(role, view, CREATE):
                out.append(pytest.param(role, view, "", "in", id=f"{role}-{view}-create-in"))
                continue
            out.append(pytest.param(role, view, "", "in", id=f"{role}-{view}-create-in"))
            for field, (group, spec) in _FK[view].items():
                for scope in ("near", "out"):
                    if _fk_key(spec, scope, role) != "MISSING":
                        out.append(pytest.param(role, view, field, scope,
                                                id=f"{role}-{view}-create_{field}-{scope}"))
    # a state admin never grants a role above their own
    out.append(pytest.param("stateadmin_gj", "user", "role", "out",
                            id="stateadmin_gj-user-create_role-out"))
    return out


def _create_payload(world, role, view, field, scope, form):
    data = dict(form)
    data.update(_create_base(view, role))
    ajax = access_cases.AJAX.get(view, {})
    for name, (group, spec) in _FK[view].items():
        data[name] = _ref(world, group, _fk_key(spec, "in", role), name in ajax)
    if view == "found_report" and role in ("dcpu_amd", "cwc_amd", "cci_amd", "ngo_amd"):
        data["police_unit"] = "__None"
    if field == "role":
        data["role"] = "state_admin"
    elif field:
        group, spec = _FK[view][field]
        data[field] = _ref(world, group, _fk_key(spec, scope, role), field in ajax)
        if view == "child" and field == "district":
            data["institution"] = "__None"
        if view == "missing_report" and field == "district":
            data["police_unit"] = "__None"
        if view == "user" and field == "state":
            data.update(role="state_officer", district="__None")
    return data


def _count(app, view):
    t = table(access_cases.MODEL_TABLE[view])
    return sql(app, lambda s: s.scalar(select(func.count()).select_from(t)))


@pytest.mark.parametrize("role,view,field,scope", _create_cases())
def test_create(app, world_ids, role, view, field, scope):
    w, client = world_ids, client_for(app, role)
    url = f"/admin/{view}/new/"
    if not access_cases.may(role, view, CREATE):
        data = {"csrf_token": any_csrf(client), **_create_base(view, role)}
        before = fp_before(app)
        answer = call(client, "POST", url, data)
        assert fp_after(app) == before
        assert answer.status == 403
        return
    page = call(client, "GET", url)
    assert page.status == 200
    form, _ = access_cases.main_form(page.text)
    data = _create_payload(w, role, view, field, scope, form)
    rows = _count(app, view)
    before = fp_before(app)
    answer = call(client, "POST", url, data)
    if not field:
        fp_after(app)
        errors = [f for f in answer.flashes if f[0] == "error"]
        # A new account's temporary password is shown on the page that answers the save.
        saved = 200 if view == "user" else 302
        assert answer.status == saved and not errors, (answer.status, errors, access_cases.page_messages(answer.text))
        if view == "user":
            assert 'id="temporary-passwords"' in answer.text
        assert _count(app, view) == rows + 1
        return
    assert fp_after(app) == before, "a create pointing outside the jurisdiction changed the database"
    assert _count(app, view) == rows


# ===========================================================================
# 15. edit that would point a record at another jurisdiction
# ===========================================================================
def _edit_fk_cases():
    out = []
    for role in access_cases.ROLES:
        for view in access_cases.VIEWS:
            if view in LOGS or not access_cases.may(role, view, EDIT):
                continue
            for field, (group, spec) in _FK[view].items():
                for scope in ("near", "out"):
                    if _fk_key(spec, scope, role) not in ("MISSING", None):
                        out.append(pytest.param(role, view, field, scope,
                                                id=f"{role}-{view}-edit_{field}-{scope}"))
    return out


@pytest.mark.parametrize("role,view,field,scope", _edit_fk_cases())
def test_edit_pointing_out(app, world_ids, role, view, field, scope):
    w, client = world_ids, client_for(app, role)
    own = access_cases.record_for(view, role, "in")
    rid = record_id(app, w, view, own)
    page = call(client, "GET", f"/admin/{view}/edit/?id={rid}")
    assert page.status == 200
    data, _ = access_cases.main_form(page.text)
    group, spec = _FK[view][field]
    data[field] = _ref(w, group, _fk_key(spec, scope, role))
    if view == "child" and field == "district":
        data["institution"] = "__None"
    if view == "missing_report" and field == "district":
        data["police_unit"] = "__None"
    if view == "user" and field == "state":
        data.update(role="state_officer", district="__None")
    before = fp_before(app)
    call(client, "POST", f"/admin/{view}/edit/?id={rid}", data)
    assert fp_after(app) == before, "an edit pointing outside the jurisdiction changed the database"


# ===========================================================================
# 15b. accounts locked out of sign-in: the list filter shows only accounts in scope
# ===========================================================================
@pytest.mark.parametrize("role,view,path,scope", matrix(
    ["filter_signin_locked"], scopes=("in", "out"), views=("user",)))
def test_signin_locked_filter(app, world_ids, role, view, path, scope):
    w, client = world_ids, client_for(app, role)
    key, rid = _open_record(app, w, role, view, scope)
    _lock_signin(app, rid)
    try:
        before = fp_before(app)
        answer = call(client, "GET", "/admin/user/?flt0_signin_show=locked")
        assert fp_after(app) == before
        if not access_cases.opens(role, view):
            assert answer.status == 403
            return
        assert answer.status == 200
        rows = access_cases.row_ids(answer.text, view)
        assert rows == ({rid} if key in access_cases.visible(view, role) else set())
        assert access_cases.list_count(answer.text) == len(rows)
    finally:
        _clear_signin_locks(app)


# ===========================================================================
# 16. list filters on a jurisdiction column: options and values
# ===========================================================================
SCOPED_FILTERS = {"child": ("District", "Institution"), "missing_report": ("District", "Police unit"),
                  "found_report": ("District",), "police_report": ("Police unit",),
                  "institution": ("District",), "police_unit": ("District",),
                  "citizen_report": ("District",)}
_FILTER_TARGET = {"District": "district", "Institution": "institution", "Police unit": "police_unit"}


def _readable_refs(target, role):
    """Reference rows a role reads (a filter may offer them)."""
    if role in access_cases.NATIONAL:
        return access_cases._resolve(target, access_cases.ALL)
    if role in access_cases.STATE:
        return access_cases._resolve(target, access_cases.GJ)
    if target == "institution" and role == "cci_amd":
        return {"amd_home"}
    return access_cases._resolve(target, access_cases.AMD)


def _filter_groups(html):
    match = re.search(r'id="filter-groups-data"[^>]*>(.*?)</div>', html, re.S)
    return json.loads(match.group(1)) if match else {}


@pytest.mark.parametrize("role,view,path,scope", [
    pytest.param(role, view, label, scope, id=f"{role}-{view}-filter_{label.replace(' ', '_')}-{scope}")
    for role in access_cases.ROLES for view, labels in SCOPED_FILTERS.items() if access_cases.opens(role, view)
    for label in labels for scope in ("in", "out")])
def test_filter(app, world_ids, role, view, path, scope):
    w, client = world_ids, client_for(app, role)
    target = _FILTER_TARGET[path]
    before = fp_before(app)
    page = call(client, "GET", f"/admin/{view}/")
    groups = _filter_groups(page.text)
    equals = next(f for f in groups[path] if f["operation"] in ("equals", "="))
    if scope == "in":
        offered = {int(v) for v, _ in equals["options"] if str(v).isdigit()}
        own = record_id(app, w, target, sorted(_readable_refs(target, role))[0])
        answer = call(client, "GET", f"/admin/{view}/?flt0_{equals['arg']}={own}")
        assert fp_after(app) == before
        assert offered == ids_of(app, w, target, _readable_refs(target, role))
        assert answer.status == 200
        assert access_cases.row_ids(answer.text, view) <= ids_of(app, w, view, access_cases.visible(view, role))
        return
    out_key = next(k for k, p in access_cases.RECORDS[target].items()
                   if p in (("pune", "mh") if role in access_cases.STATE | access_cases.NATIONAL else ("srt",)))
    rid = record_id(app, w, target, out_key)
    answer = call(client, "GET", f"/admin/{view}/?flt0_{equals['arg']}={rid}")
    assert fp_after(app) == before
    rows = access_cases.row_ids(answer.text, view)
    expected = ids_of(app, w, view, access_cases.visible(view, role))
    assert rows <= expected
    if role not in access_cases.NATIONAL:
        assert not rows and access_cases.list_count(answer.text) == 0


# ===========================================================================
# 17. deciding a transfer (the receiving side: its home or its DCPU)
# ===========================================================================
DECIDERS = {"cci_amd", "dcpu_amd"}


def _add_pune_transfer(app, w):
    t = table("transfers")
    now = datetime(2026, 11, 2, tzinfo=timezone.utc)

    def run(s):
        return s.execute(t.insert().values(
            child_id=w.child["pune_cncp"], from_institution_id=w.cci["pune_home"],
            to_institution_id=w.cci["pune_obs"], order_reference="CWC-pune-1", status="requested",
            requested_at=now, requested_by_id=w.user["cci_pune"], version=1, created_at=now,
            updated_at=now).returning(t.c.id)).scalar()
    return sql(app, run, write=True)


@pytest.mark.parametrize("role,scope", [
    pytest.param(role, scope, id=f"{role}-transfer-decide-{scope}")
    for role in access_cases.ROLES for scope in ("in", "out")])
def test_decide(app, world_ids, role, scope):
    w, client = world_ids, client_for(app, role)
    token = any_csrf(client)
    url = lambda i: f"/admin/transfer/decide/?id={i}"  # noqa: E731
    added = None
    if scope == "in":
        rid = w.transfer["srt_to_amd"]
    else:
        rid = added = _add_pune_transfer(app, w)
    allowed = scope == "in" and role in DECIDERS
    data = {"decision": "decline", "csrf_token": token}
    try:
        before = fp_before(app)
        answer = call(client, "POST", url(rid), data)
        if allowed:
            assert fp_after(app) != before
            assert _column(app, "transfer", rid, "status") == "declined"
            return
        other = _nonexistent(client, "POST", url, data)
        assert fp_after(app) == before, "a transfer was decided by someone not receiving it"
        if not access_cases.opens(role, "transfer"):
            assert answer.status == 403
        assert same_answer(answer, other)
    finally:
        if added is not None:
            t = table("transfers")
            sql(app, lambda s: s.execute(t.delete().where(t.c.id == added)), write=True)


# ===========================================================================
# 18. menus show only what a role may open
# ===========================================================================
@pytest.mark.parametrize("role", access_cases.ROLES, ids=[f"{r}-menu" for r in access_cases.ROLES])
def test_menu(app, world_ids, role):
    client = client_for(app, role)
    before = fp_before(app)
    answer = call(client, "GET", "/admin/")
    assert fp_after(app) == before
    assert answer.status == 200
    linked = set(re.findall(r'href="/admin/([a-z_]+)/"', answer.text))
    assert linked & set(access_cases.VIEWS) == {v for v in access_cases.VIEWS if access_cases.opens(role, v)}


# ===========================================================================
# 19. citizens' reports: accept (the filled-in create form, GET and POST) and
#     reject, by the DCPU and the police of the district named only
# ===========================================================================
MODERATORS = {"dcpu_amd", "police_amd", "sjpu_amd"}
_ACCEPT_URL = "/admin/missing_report/new/?citizen_report={}"


def _citizen_for(world, scope):
    return world.citizen["amd" if scope == "in" else "srt"]


@pytest.mark.parametrize("role,scope", [
    pytest.param(role, scope, id=f"{role}-citizen_report-accept_get-{scope}")
    for role in access_cases.ROLES for scope in ("in", "out")])
def test_accept_get(app, world_ids, role, scope):
    w, client = world_ids, client_for(app, role)
    url = lambda i: _ACCEPT_URL.format(i)  # noqa: E731
    allowed = scope == "in" and role in MODERATORS
    before = fp_before(app)
    answer = call(client, "GET", url(_citizen_for(w, scope)))
    other = None if allowed else _nonexistent(client, "GET", url)
    assert fp_after(app) == before
    if allowed:
        assert answer.status == 200 and 'value="Asha amd"' in answer.text
        return
    assert answer.status in (403, 404)
    assert same_answer(answer, other), f"answers unlike a record that does not exist: {answer[:3]}"


@pytest.mark.parametrize("role,scope", [
    pytest.param(role, scope, id=f"{role}-citizen_report-accept_post-{scope}")
    for role in access_cases.ROLES for scope in ("in", "out")])
def test_accept_post(app, world_ids, role, scope):
    w, client = world_ids, client_for(app, role)
    url = lambda i: _ACCEPT_URL.format(i)  # noqa: E731
    allowed = scope == "in" and role in MODERATORS
    if access_cases.may(role, "missing_report", CREATE):
        page = call(client, "GET", "/admin/missing_report/new/")
        data, _ = access_cases.main_form(page.text)
        data.update(_create_base("missing_report", role), police_unit="__None")
    else:
        data = {"csrf_token": any_csrf(client), **_create_base("missing_report", role)}
    rid = _citizen_for(w, scope)
    before = fp_before(app)
    answer = call(client, "POST", url(rid), data)
    if allowed:
        fp_after(app)
        assert answer.status == 302, (answer.flashes, access_cases.page_messages(answer.text))
        assert _column(app, "citizen_report", rid, "status") == "accepted"
        assert _column(app, "citizen_report", rid, "missing_report_id") is not None
        return
    other = _nonexistent(client, "POST", url, data)
    assert fp_after(app) == before, "a citizen's report was accepted by someone who may not"
    assert same_answer(answer, other), f"answers unlike a record that does not exist: {answer[:3]}"


@pytest.mark.parametrize("role,scope", [
    pytest.param(role, scope, id=f"{role}-citizen_report-reject-{scope}")
    for role in access_cases.ROLES for scope in ("in", "out")])
def test_reject(app, world_ids, role, scope):
    w, client = world_ids, client_for(app, role)
    url = lambda i: f"/admin/citizen_report/reject/?id={i}"  # noqa: E731
    allowed = scope == "in" and role in MODERATORS
    token = any_csrf(client, "/admin/citizen_report/" if access_cases.opens(role, "citizen_report") else "/password")
    data = {"csrf_token": token, "reason_code": "other", "reason": "matrix reject"}
    rid = _citizen_for(w, scope)
    before = fp_before(app)
    answer = call(client, "POST", url(rid), data)
    if allowed:
        assert fp_after(app) != before
        assert _column(app, "citizen_report", rid, "status") == "rejected"
        assert _column(app, "citizen_report", rid, "reject_reason") == "matrix reject"
        return
    other = _nonexistent(client, "POST", url, data)
    assert fp_after(app) == before, "a citizen's report was rejected by someone who may not"
    if not access_cases.opens(role, "citizen_report") or not access_cases.may(role, "citizen_report", MODERATE):
        assert answer.status == 403
    assert same_answer(answer, other), f"answers unlike a record that does not exist: {answer[:3]}"


# ===========================================================================
# 20. the CWC's approval of a found child for public display: the CWC of the
#     district where the child was found, no one else
# ===========================================================================
@pytest.mark.parametrize("role,scope", [
    pytest.param(role, scope, id=f"{role}-found_report-public_display-{scope}")
    for role in access_cases.ROLES for scope in ("in", "out")])
def test_public_display(app, world_ids, role, scope):
    w, client = world_ids, client_for(app, role)
    url = lambda i: f"/admin/found_report/public_display/?id={i}"  # noqa: E731
    rid = w.found["amd_ps1" if scope == "in" else "srt_ps1"]
    allowed = scope == "in" and role == "cwc_amd"
    data = {"csrf_token": any_csrf(client), "decision": "approve"}
    before = fp_before(app)
    answer = call(client, "POST", url(rid), data)
    if allowed:
        assert fp_after(app) != before
        assert _column(app, "found_report", rid, "public_display_approved") in (True, 1)
        return
    other = _nonexistent(client, "POST", url, data)
    assert fp_after(app) == before, "public display approved by someone who may not"
    if role != "cwc_amd":
        assert answer.status == 403
    assert same_answer(answer, other), f"answers unlike a record that does not exist: {answer[:3]}"


# ===========================================================================
# 21. accounts from a file: the roles that create accounts, each row in their
#     own scope; a district of another state reads as one that does not exist
# ===========================================================================
def _account_file_preview(client, data):
    import io
    token = any_csrf(client, "/admin/user/bulk/")
    _STATE["last"] = None
    response = client.post("/admin/user/bulk/", data={
        "csrf_token": token, "upload": (io.BytesIO(data), "accounts.csv")},
        content_type="multipart/form-data")
    return response.status_code, response.get_data(as_text=True)


@pytest.mark.parametrize("role,path", [
    pytest.param(role, path, id=f"{role}-user-account_file-{path.strip('/').replace('/', '_')}")
    for role in access_cases.ROLES for path in access_cases.ACCOUNT_FILE_URLS])
def test_account_file_opens_only_for_account_creators(app, world_ids, role, path):
    client = client_for(app, role)
    allowed = access_cases.may(role, "user", CREATE)
    before = fp_before(app)
    assert call(client, "GET", "/admin/user/bulk/").status == (200 if allowed else 403)
    forged = base64.b64encode(access_cases.account_file("matrix_forged", "Ahmedabad")).decode()
    answer = call(client, "POST", path, {"csrf_token": any_csrf(client), "content": forged,
                                         "filename": "accounts.csv"})
    if not allowed:
        assert answer.status == 403
        assert fp_after(app) == before
    elif path.endswith("/create/"):  # an account of their own state: created, its slip shown
        assert answer.status == 200 and 'data-username="matrix_forged"' in answer.text
        assert fp_after(app) != before
    else:  # no file sent: said so, nothing created
        assert answer.status == 200 and 'id="account-file-error"' in answer.text
        assert fp_after(app) == before


@pytest.mark.parametrize("role,scope", [
    pytest.param(role, scope, id=f"{role}-user-account_file-{scope}")
    for role in access_cases.ROLES if access_cases.may(role, "user", CREATE)
    for scope in ("in", "out") if not (role == "national" and scope == "out")])  # all is theirs
def test_account_file_rows_stay_in_scope(app, world_ids, role, scope):
    client = client_for(app, role)
    district = access_cases.ACCOUNT_FILE_DISTRICT[scope]
    before = fp_before(app)
    status, html = _account_file_preview(client, access_cases.account_file("matrix_bulk", district))
    assert status == 200
    assert fp_after(app) == before, "the preview changed the database"
    if scope == "in":
        assert 'action="/admin/user/bulk/create/"' in html
        return
    _, none = _account_file_preview(client, access_cases.account_file(
        "matrix_bulk", access_cases.ACCOUNT_FILE_DISTRICT["none"]))
    problems = re.findall(r'<div class="text-danger">([^<]+)</div>', html)
    assert problems == [p.replace("Atlantis", district) for p in re.findall(
        r'<div class="text-danger">([^<]+)</div>', none)], "unlike a district that does not exist"
    assert 'action="/admin/user/bulk/create/"' not in html
    # and forged straight to the create step, it still creates nothing
    forged = base64.b64encode(access_cases.account_file("matrix_bulk", district)).decode()
    answer = call(client, "POST", "/admin/user/bulk/create/", {
        "csrf_token": any_csrf(client), "content": forged, "filename": "accounts.csv"})
    assert answer.status == 200 and 'class="password-slip"' not in answer.text
    assert fp_after(app) == before

# ===========================================================================
# 22. the child's case file: per role, in and out of scope, every section
# ===========================================================================
def _link_case_records(app, world):
    """Ahmedabad's first missing and found reports and police record become
    about its CNCP child, with a confirmed match between the reports (undone
    by _unlink_case_records, so the world stays as built)."""
    child = world.child["amd_cncp"]
    links = (("missing_reports", world.missing["amd_ps1"]), ("found_reports", world.found["amd_ps1"]),
             ("police_reports", world.police["amd_ps1"]))

    def run(s):
        for name, rid in links:
            t = table(name)
            stamp = s.execute(select(t.c.updated_at).where(t.c.id == rid)).scalar()
            s.execute(update(t).where(t.c.id == rid).values(child_id=child, updated_at=stamp))
        now = datetime.now(timezone.utc)
        return s.execute(table("matches").insert().values(
            missing_report_id=world.missing["amd_ps1"], found_report_id=world.found["amd_ps1"],
            score=91.0, reasons="{}", status="confirmed", proposed_at=now, decided_at=now,
            decision_note="matrix-match", version=1, created_at=now, updated_at=now)
            .returning(table("matches").c.id)).scalar()
    return links, sql(app, run, write=True)


def _unlink_case_records(app, links, match_id):
    def run(s):
        s.execute(table("matches").delete().where(table("matches").c.id == match_id))
        for name, rid in links:
            t = table(name)
            stamp = s.execute(select(t.c.updated_at).where(t.c.id == rid)).scalar()
            s.execute(update(t).where(t.c.id == rid).values(child_id=None, updated_at=stamp))
    sql(app, run, write=True)


def _case_secrets(role, child_key, sections):
    """Sensitive values the case file shows a role: the child's own, those of the
    records its sections list in full, and (the history) every record's values."""
    if role in access_cases.NEVER_SENSITIVE:
        return set()
    found = set(access_cases.secrets_of("child", child_key))
    shown_in_full = {"cwc_orders", "jjb_orders", "care_plans", "progress", "police_records"}
    for section, (view, key) in access_cases.CASE_ROWS.get(child_key, {}).items():
        if section in sections and (section in shown_in_full or "history" in sections):
            found |= access_cases.secrets_of(view, key)
    return found


@pytest.mark.parametrize("role,scope", [
    pytest.param(role, scope, id=f"{role}-case_file-{scope}")
    for role in access_cases.ROLES for scope in ("in", "near", "out")
    if not access_cases.opens(role, "child") and scope == "in"
    or access_cases.opens(role, "child") and access_cases.case_child(role, scope)])
def test_case_file(app, world_ids, role, scope):
    w, client = world_ids, client_for(app, role)
    url = lambda i: f"/admin/child/case/?id={i}"  # noqa: E731
    key = access_cases.case_child(role, scope) or "amd_cncp"
    links, match_id = _link_case_records(app, w)
    try:
        before = fp_before(app)
        answer = call(client, "GET", url(w.child[key]))
        other = _nonexistent(client, "GET", url)
        assert fp_after(app) == before, "opening the case file changed the database"
        if not access_cases.opens(role, "child"):
            assert answer.status == 403 and other.status == 403
            return
        if scope != "in":
            assert answer.status == 404, "a child out of scope answers as one that does not exist"
            assert same_answer(answer, other)
            assert access_cases.secrets_in(answer.text) == set()
            return
        assert answer.status == 200
        sections = set(re.findall(r'data-section="([a-z_]+)"', answer.text))
        expected = access_cases.CASE_SECTIONS[role]
        assert sections == expected, f"sections: missing {expected - sections}, extra {sections - expected}"
        for section, (view, record) in access_cases.CASE_ROWS.get(key, {}).items():
            if section not in sections:
                continue
            rid = record_id(app, w, view, record)
            shown = rid in {int(i) for i in re.findall(rf'data-row="{view}-(\d+)"', answer.text)}
            assert shown == (record in access_cases.visible(view, role)), f"{section}: {record}"
        if "matches" in sections:
            assert f'data-row="match-{match_id}"' in answer.text
        assert access_cases.secrets_in(answer.text) == _case_secrets(role, key, sections)
    finally:
        _unlink_case_records(app, links, match_id)


# ===========================================================================
# 23. hearings this week and overdue: the orders' screens' own roles, in scope
# ===========================================================================
def _set_hearings(app, world, day):
    """Every world order has its next hearing on `day` (None: as built)."""
    def run(s):
        for name, group in (("cwc_orders", "cwc"), ("jjb_orders", "jjb")):
            t = table(name)
            for rid in getattr(world, group).values():
                stamp = s.execute(select(t.c.updated_at).where(t.c.id == rid)).scalar()
                s.execute(update(t).where(t.c.id == rid).values(next_hearing_date=day, updated_at=stamp))
    sql(app, run, write=True)


@pytest.mark.parametrize("role,view", [
    pytest.param(role, view, id=f"{role}-{view}-hearings")
    for role in access_cases.ROLES for view in ("cwc_order", "jjb_order")])
def test_hearings(app, world_ids, role, view):
    from models.base import today_in_india
    w, client = world_ids, client_for(app, role)
    _set_hearings(app, w, today_in_india())
    try:
        before = fp_before(app)
        answer = call(client, "GET", f"/admin/{view}/hearings/")
        assert fp_after(app) == before
        if not access_cases.opens(role, view):
            assert answer.status == 403
            return
        assert answer.status == 200
        listed = {int(i) for i in re.findall(r'data-order="(\d+)"', answer.text)}
        assert listed == ids_of(app, w, view, access_cases.visible(view, role))
        assert access_cases.secrets_in(answer.text) == set()
    finally:
        _set_hearings(app, w, None)


# ===========================================================================
# 24. a citizen's report whose sender did not know the district: every DCPU of
#     the state named moderates it; state and national roles read it; no police
#     unit and no other state sees it (#12 item 14)
# ===========================================================================
_NO_DISTRICT_ROLES = access_cases.ROLES + ("dcpu_srt", "police_srt", "dcpu_pune")
_NO_DISTRICT_READERS = {"gj": {"national", "viewer", "stateadmin_gj", "stateofficer_gj", "dcpu_amd", "dcpu_srt"},
                        "mh": {"national", "viewer", "dcpu_pune"}}
_NO_DISTRICT_MODERATORS = {"gj": {"dcpu_amd", "dcpu_srt"}, "mh": {"dcpu_pune"}}


def _citizen_without_district(app, world, state):
    from models import CitizenReport
    from tests.world import NOW

    def add(session):
        row = CitizenReport(kind="seen", district_id=None, state_id=world.state[state],
                            child_name=f"Asha nodistrict {state}", gender="female", age_years=8,
                            place="Somewhere", event_at=NOW, reporter_name="Sender",
                            reporter_phone="98250 00000", declaration_accepted=True)
        session.add(row)
        session.flush()
        return row.id
    return sql(app, add, write=True)


def _remove_citizen(app, rid):
    sql(app, lambda session: session.execute(table("citizen_reports").delete().where(
        table("citizen_reports").c.id == rid)), write=True)


@pytest.mark.parametrize("role,state,path", [
    pytest.param(role, state, path, id=f"{role}-citizen_report-no_district-{path}-{state}")
    for role in _NO_DISTRICT_ROLES for state in ("gj", "mh") for path in ("details", "reject")])
def test_citizen_report_without_district(app, world_ids, role, state, path):
    w, client = world_ids, client_for(app, role)
    rid = _citizen_without_district(app, w, state)
    try:
        if path == "details":
            url = lambda i: f"/admin/citizen_report/details/?id={i}"
            answer = call(client, "GET", url(rid))
            if role in _NO_DISTRICT_READERS[state]:
                assert answer.status == 200 and f"Asha nodistrict {state}" in answer.text
            else:
                assert same_answer(answer, _nonexistent(client, "GET", url)), answer[:3]
            return
        url = lambda i: f"/admin/citizen_report/reject/?id={i}"
        data = {"csrf_token": any_csrf(client), "reason_code": "outside_area"}
        before = fp_before(app)
        answer = call(client, "POST", url(rid), data)
        if role in _NO_DISTRICT_MODERATORS[state]:
            assert _column(app, "citizen_report", rid, "status") == "rejected"
            return
        other = _nonexistent(client, "POST", url, data)
        assert fp_after(app) == before, "rejected by someone who may not"
        assert same_answer(answer, other), answer[:3]
    finally:
        _remove_citizen(app, rid)


# ===========================================================================
# 25. import: who opens the screen, which kinds it offers, and a file's rows
#     inside and outside the importer's jurisdiction
# ===========================================================================
@pytest.mark.parametrize("role", access_cases.ROLES)
def test_import_screen(app, world_ids, role):
    client = client_for(app, role)
    before = fp_before(app)
    answer = call(client, "GET", "/admin/import/")
    assert fp_after(app) == before
    kinds = access_cases.IMPORTS[role]
    if kinds is None:
        assert answer.status == 403
        return
    assert answer.status == 200
    offered = set(re.findall(r'<option[^>]*value="(missing|found|children)"', answer.text))
    assert offered == set(kinds)


@pytest.mark.parametrize("role", sorted(access_cases.IMPORT_UNITS))
def test_import_scope(app, world_ids, role):
    import io
    client = client_for(app, role)
    inside, outside = access_cases.IMPORT_UNITS[role]
    rows = ["Police Station,Name of Child,Sex,Date Missing", f"{inside},Import Inside,male,03/10/2026"]
    if outside:
        rows.append(f"{outside},Import Outside,male,03/10/2026")
    preview = client.post("/admin/import/", data={
        "csrf_token": any_csrf(client, "/admin/import/"), "kind": "missing",
        "upload": (io.BytesIO("\n".join(rows).encode()), "scope.csv")},
        content_type="multipart/form-data")
    _STATE.update(last=None, touched=True)
    assert preview.status_code == 200
    token = re.search(r'name="token"[^>]*value="([^"]+)"|value="([^"]+)"[^>]*name="token"',
                      preview.get_data(as_text=True))
    answer = call(client, "POST", "/admin/import/confirm/", {
        "csrf_token": any_csrf(client, "/admin/import/"), "token": token.group(1) or token.group(2)})
    assert answer.status == 200
    assert re.search(r'id="imported">1<', answer.text)
    assert re.search(r'id="rejected">%d<' % (1 if outside else 0), answer.text)
    if outside:
        assert "outside your jurisdiction" in answer.text
    names = sql(app, lambda session: set(session.scalars(select(table("missing_reports").c.child_name)
                                                         .where(table("missing_reports").c.child_name
                                                                .like("Import %")))))
    assert names == {"Import Inside"}


# 26. the month-end report: the DCPU submits its district's, a CCI its home's;
#     nobody else submits any unit's, and nothing changes when refused; every
#     reader of the summary sees which units have submitted (#14 item 7)
# ===========================================================================
@pytest.mark.parametrize("role,unit", [
    pytest.param(role, unit, id=f"{role}-summary-submit-{unit}")
    for role in access_cases.ROLES for unit in access_cases.SUBMITTERS])
def test_month_end_submission(app, world_ids, role, unit):
    w, client = world_ids, client_for(app, role)
    level, key = unit.split(":")
    unit_id = (w.district if level == "district" else w.cci)[key]
    url = f"/admin/summary/submit?month=2026-03&level={level}&{level}={unit_id}"
    submissions = table("monthly_submissions")
    before = fp_before(app)
    answer = call(client, "POST", url, {"csrf_token": any_csrf(client)})
    count = sql(app, lambda s: s.execute(select(func.count()).select_from(submissions)).scalar())
    try:
        if role in access_cases.SUBMITTERS[unit]:
            assert answer.status == 302 and count == 1
            return
        assert answer.status in (403, 404) and count == 0
        assert fp_after(app) == before, "submitted by someone who may not"
    finally:
        if count:
            sql(app, lambda s: s.execute(submissions.delete()), write=True)


@pytest.mark.parametrize("role", access_cases.ROLES)
def test_month_end_status_is_read_with_the_summary(app, world_ids, role):
    client = client_for(app, role)
    answer = call(client, "GET", "/admin/summary/?month=2026-03")
    if role not in access_cases.SUMMARY_READERS:
        assert answer.status == 403
        return
    assert answer.status == 200 and "data-submission=" in answer.text
    # The button only where the user may submit this unit.
    may = any(role in roles_ for roles_ in access_cases.SUBMITTERS.values())
    assert ('data-action="submit-month"' in answer.text) == may


# 27. a report's candidates computed at page time, and confirming one (#13
#     item 3): the reviewers of the match screen, for a report in their scope;
#     reading stores nothing
# ===========================================================================
MATCH_READERS = {"national", "viewer", "stateadmin_gj", "stateofficer_gj", "dcpu_amd",
                 "police_amd", "sjpu_amd", "cwc_amd"}   # access/rights.py "match"
MATCH_DECIDERS = {"dcpu_amd", "police_amd", "sjpu_amd", "cwc_amd"}


@pytest.mark.parametrize("role,path,scope", [
    pytest.param(role, path, scope, id=f"{role}-match_candidates-{path}-{scope}")
    for role in access_cases.ROLES for path in ("page", "search", "confirm") for scope in ("in", "out")])
def test_match_candidates(app, world_ids, role, path, scope):
    w, client = world_ids, client_for(app, role)
    key = "amd_ps1" if scope == "in" else "pune_ps1"
    sees = role in MATCH_READERS and key in access_cases.visible("found_report", role)
    url = lambda i: f"/admin/matches/found/{i}/" + ("confirm/" if path == "confirm" else "")  # noqa: E731
    if path == "confirm":
        method, data = "POST", {"csrf_token": any_csrf(client), "candidate": f"missing:{w.missing[key]}"}
    else:
        method, data = "GET", None
        if path == "search":
            url = lambda i: f"/admin/matches/found/{i}/?search=1&age_from=5&gender=female"  # noqa: E731
    before = fp_before(app)
    answer = call(client, method, url(w.found[key]), data)
    if sees and path == "confirm" and role in MATCH_DECIDERS:
        assert answer.status == 302 and "/admin/matches/pair/" in answer.location
        assert _column(app, "found_report", w.found[key], "missing_report_id") == w.missing[key]
        return
    assert fp_after(app) == before, "stored by reading, or confirmed by someone who may not"
    if sees:
        assert answer.status == (302 if path == "confirm" else 200)
        if path != "confirm":
            assert 'id="candidates"' in answer.text
        return
    if role not in MATCH_READERS:
        assert answer.status == 403
    assert same_answer(answer, _nonexistent(client, method, url, data)), answer[:3]


# ===========================================================================
# 28. merging two reports of one child (#13 item 4): the DCPU of the district
# ===========================================================================
@pytest.mark.parametrize("role,method,scope", [
    pytest.param(role, method, scope, id=f"{role}-merge-{method}-{scope}")
    for role in access_cases.ROLES for method in ("GET", "POST") for scope in ("in", "out")])
def test_merge(app, world_ids, role, method, scope):
    w, client = world_ids, client_for(app, role)
    key = "amd" if scope == "in" else "pune"
    other = w.missing[f"{key}_ps2"]
    url = lambda i: f"/admin/missing_report/merge/?id={i}&other={other}&keep=this"  # noqa: E731
    data = {"csrf_token": any_csrf(client), "other": str(other), "keep": "this"} if method == "POST" else None
    before = fp_before(app)
    answer = call(client, method, url(w.missing[f"{key}_ps1"]), data)
    if scope == "in" and role == "dcpu_amd":
        if method == "GET":
            assert answer.status == 200 and 'id="merge-preview"' in answer.text
            assert fp_after(app) == before
        else:
            assert answer.status == 302
            assert _column(app, "missing_report", other, "merged_into_id") == w.missing["amd_ps1"]
        return
    assert fp_after(app) == before, "merged by someone who may not"
    if role != "dcpu_amd":
        assert answer.status == 403
    else:
        assert same_answer(answer, _nonexistent(client, method, url, data)), answer[:3]
