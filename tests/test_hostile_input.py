"""Hostile input, property-based (hypothesis): random and malicious values sent to
every form field and query parameter of every screen, the sign-in pages and the
match pages. Never a 500 (the test app propagates exceptions, so any crash fails
the test), and stored markup is never shown unescaped.

Bounded: HOSTILE_EXAMPLES (default 5) examples per screen and path."""
import os
import re
from urllib.parse import urlencode

import pytest
from hypothesis import HealthCheck, Phase, given, settings, strategies as st

from access.rights import CREATE, EDIT, can, can_open
from admin_views import SCREENS
from extensions import limiter
from tests.conftest import Auth, csrf_from
from tests.helpers import edit_fields

EXAMPLES = int(os.environ.get("HOSTILE_EXAMPLES", "5"))
# No shrinking: a failure is reported as found, so the file stays bounded in time.
SETTINGS = settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
                    phases=(Phase.explicit, Phase.generate),
                    suppress_health_check=list(HealthCheck))

PROBE = "<xss-probe"  # markup that must never come back unescaped
FRAGMENTS = [
    "<xss-probe>", '"><xss-probe onmouseover=alert(1)>', "'><xss-probe src=x onerror=alert(1)>",
    "<xss-probe/>", "javascript:alert(1)", "{{7*7}}", "${7*7}", "%(x)s", "{0}",
    "'; DROP TABLE children; --", "' OR '1'='1", "1; SELECT pg_sleep(1)", "%", "_", "\\", "\\%",
    "\x00", "\x01\x02\x1b[31m", "\r\n", "\t", "\u202e", "\ufeff", "\ud7ff", "\U0010ffff",
    "😀👧🏽‍🦱", "राहुल", "રાહુલ", "রাহুল", "ராகுல்", "محمد", "名字", "Ωμέγα", "ﷺ",
    "-1", "0", "1.5", "99999999999999999999999", "-9223372036854775809", "1e308", "NaN", "inf",
    "9999-12-31", "0000-00-00", "1900-01-01 00:00", "2026-02-30", "31-12-2026", "2026-13-01 25:61",
    "../../etc/passwd", "__None", "", " ",
]
piece = st.one_of(
    st.sampled_from(FRAGMENTS),
    st.text(max_size=30),  # any script, any code point
    st.text(alphabet=st.characters(categories=["Cc", "Cf", "Zs", "Mn"]), max_size=10),
    st.builds(lambda s, n: s * n, st.sampled_from(["a", "ए", "😀", "<xss-probe>", "9"]),
              st.integers(300, 3000)),  # very long
)
hostile = st.lists(piece, min_size=1, max_size=3).map("".join)

# Who works each screen: the first of these with the right.
PEOPLE = ("dcpu_amd", "cwc_amd", "jjb_amd", "cci_amd", "police_amd", "ngo_amd",
          "stateadmin_gj", "national")
ROLES = {"dcpu_amd": "dcpu", "cwc_amd": "cwc", "jjb_amd": "jjb", "cci_amd": "cci",
         "police_amd": "police", "ngo_amd": "ngo", "stateadmin_gj": "state_admin",
         "national": "national_admin"}
ENDPOINTS = [endpoint for *_rest, endpoint in SCREENS]
_SKIP_FIELDS = {"csrf_token", "_continue_editing", "_add_another", "photo_upload"}


def _person(screen, right=None):
    for username in PEOPLE:
        role = ROLES[username]
        if (can(role, screen, right) if right else can_open(role, screen)):
            return username
    return None


def _screen(endpoint):
    return next(view.screen for view, _m, _n, _c, ep in SCREENS if ep == endpoint)


def _form_fields(html):
    names = re.findall(r'<(?:input|select|textarea)[^>]*\bname="([^"]+)"', html)
    return [n for n in dict.fromkeys(names) if n not in _SKIP_FIELDS]


def _safe(response):
    assert response.status_code < 500, response.status_code
    html = response.get_data(as_text=True)
    assert PROBE not in html, html[max(0, html.find(PROBE) - 300):html.find(PROBE) + 100]
    return html


def _safe_download(response):
    """An export is a CSV attachment, never a page: what it holds is data (the
    access log's export holds the queries of earlier exports, probes included)."""
    assert response.status_code < 500, response.status_code
    if response.status_code == 200:
        assert response.mimetype == "text/csv"
        assert response.headers["Content-Disposition"].startswith("attachment")
    else:
        _safe(response)


@pytest.fixture(autouse=True)
def _no_lock_leaks():
    yield
    limiter.reset()  # failed sign-ins below must not lock anyone in later tests


def _edit_url(client, endpoint):
    html = client.get(f"/admin/{endpoint}/").get_data(as_text=True)
    match = re.search(rf'/admin/{endpoint}/edit/\?id=(\d+)', html)
    return f"/admin/{endpoint}/edit/?id={match.group(1)}" if match else None


@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_create_and_edit_forms_survive_hostile_values(app, client, world, endpoint):
    screen = _screen(endpoint)
    username = _person(screen, CREATE) or _person(screen, EDIT)
    if username is None:
        pytest.skip(f"no role creates or edits {endpoint}")
    Auth(client).login(username)
    edit_url = _edit_url(client, endpoint) if can(ROLES[username], screen, EDIT) else None
    baseline = edit_fields(client, edit_url) if edit_url else {}
    targets = []
    if can(ROLES[username], screen, CREATE):
        targets.append(f"/admin/{endpoint}/new/")
    if edit_url:
        targets.append(edit_url)
    forms = {}
    for url in targets:
        page = client.get(url)
        assert page.status_code == 200, url
        forms[url] = (csrf_from(page), _form_fields(page.get_data(as_text=True)))

    @SETTINGS
    @given(data=st.data())
    def attempt(data):
        for url, (token, fields) in forms.items():
            values = {"csrf_token": token}
            for name in fields:
                if data.draw(st.booleans(), label=f"hostile {name}"):
                    values[name] = data.draw(hostile, label=name)
                elif name in baseline:
                    values[name] = baseline[name]
            response = client.post(url, data=values)
            _safe(response)
            if response.status_code == 302:  # saved: show it back everywhere
                _safe(client.get(response.location))
                _safe(client.get(f"/admin/{endpoint}/"))
                if edit_url:
                    _safe(client.get(edit_url))
                    _safe(client.get(edit_url.replace("/edit/", "/details/")))

    attempt()


LIST_PARAMS = st.fixed_dictionaries({}, optional={
    "search": hostile, "sort": hostile, "desc": hostile, "page": hostile, "page_size": hostile,
    "flt0_0": hostile, "flt1_archive_show": hostile, "flt0_status_equals": hostile,
    "flt0_registered_at_between": hostile, "flt2_district_in_list": hostile, "id": hostile,
    "url": hostile, "_": hostile,
})


@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_list_and_details_query_parameters_survive_hostile_values(app, client, world, endpoint):
    username = _person(_screen(endpoint))
    Auth(client).login(username)
    html = client.get(f"/admin/{endpoint}/").get_data(as_text=True)
    filter_names = sorted(set(re.findall(r"flt\d+_[a-z_]+", html)))[:6]

    @SETTINGS
    @given(params=LIST_PARAMS, filters=st.dictionaries(
        st.sampled_from(filter_names or ["flt0_x"]), hostile, max_size=3), rowid=hostile)
    def attempt(params, filters, rowid):
        query = urlencode({**params, **filters})
        _safe(client.get(f"/admin/{endpoint}/?{query}"))
        _safe(client.get(f"/admin/{endpoint}/details/?{urlencode({'id': rowid})}"))
        _safe(client.get(f"/admin/{endpoint}/edit/?{urlencode({'id': rowid, 'url': rowid})}"))
        _safe(client.get(f"/admin/{endpoint}/photo/?{urlencode({'id': rowid})}"))
        _safe_download(client.get(f"/admin/{endpoint}/export/csv/?{query}"))
        _safe(client.get(f"/admin/{endpoint}/ajax/lookup/?{urlencode({'name': rowid, 'query': rowid, 'limit': rowid})}"))

    attempt()


@SETTINGS
@given(username=hostile, password=hostile, next_url=hostile, language=hostile,
       address=st.ip_addresses(v=4).map(str))
def test_sign_in_pages_survive_hostile_values(app, world, username, password, next_url,
                                              language, address):
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = address
    token = Auth(client).csrf("/login")
    _safe(client.post(f"/login?{urlencode({'next': next_url})}",
                      data={"username": username, "password": password, "csrf_token": token}))
    _safe(client.post("/login", data={"username": username, "password": password}))  # no CSRF
    _safe(client.get(f"/language/{language.replace('/', '')[:200] or 'x'}?{urlencode({'next': next_url})}"))
    _safe(client.get(f"/login?{urlencode({'next': next_url, 'x': username})}"))


@SETTINGS
@given(current=hostile, new=hostile, confirm=hostile)
def test_password_change_survives_hostile_values(app, world, current, new, confirm):
    client = app.test_client()  # a fresh browser per example
    Auth(client).login("cci_srt")
    token = Auth(client).csrf("/password")
    _safe(client.post("/password", data={"current_password": current, "new_password": new,
                                         "confirm": confirm, "csrf_token": token}))


@SETTINGS
@given(kind=hostile, report_id=st.integers(-2**70, 2**70), threshold=hostile, extra=hostile)
def test_match_pages_survive_hostile_values(app, world, kind, report_id, threshold, extra):
    client = app.test_client()
    Auth(client).login("dcpu_amd")
    safe_kind = kind.replace("/", "").replace("?", "").replace("#", "")[:100] or "x"
    _safe(client.get(f"/admin/matches/?{urlencode({'threshold': threshold, 'page': extra})}"))
    token = Auth(client).csrf("/admin/matches/")
    _safe(client.post("/admin/matches/", data={"threshold": threshold, "csrf_token": token}))
    for k in ("missing", "found", safe_kind):
        _safe(client.get(f"/admin/matches/{k}/{abs(report_id)}/?{urlencode({'q': extra})}"))
        _safe(client.get(f"/admin/matches/{k}/{world.missing['amd_ps1']}/"))
        _safe(client.get(f"/admin/matches/photo/{k}/{abs(report_id)}/"))
    _safe(client.get(f"/admin/matches/pair/{abs(report_id)}/"))
    _safe(client.post(f"/admin/matches/pair/{abs(report_id)}/decide/",
                      data={"decision": extra, "note": kind, "csrf_token": token}))
