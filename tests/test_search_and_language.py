"""Search by child ID and by name in any script; each user's language is kept."""
from sqlalchemy import select

from extensions import db
from models import Child, User


def _code(app, child_id):
    with app.app_context():
        return db.session.get(Child, child_id).child_code


def test_search_by_child_id_ignores_case_spaces_and_dashes(app, client, auth, world):
    code = _code(app, world.child["amd_cncp"])
    other = world.child["amd_ccl"]
    auth.login("dcpu_amd")
    for query in (code, code.lower(), f"{code[:4]}-{code[4:8]}-{code[8:]}",
                  f"{code[:4]} {code[4:8]} {code[8:]}".lower()):
        page = client.get("/admin/child/", query_string={"search": query}).get_data(as_text=True)
        assert f"details/?id={world.child['amd_cncp']}" in page, query
        assert f"details/?id={other}" not in page, query


def test_search_by_name_in_any_script(app, client, auth, world):
    """The Ahmedabad boy is written राहुल; searching Rahul or રાહુલ finds him."""
    auth.login("dcpu_amd")
    for query in ("राहुल", "Rahul", "રાહુલ", "raahul"):
        page = client.get("/admin/child/", query_string={"search": query}).get_data(as_text=True)
        assert f"details/?id={world.child['amd_cncp']}" in page, query
        assert f"details/?id={world.child['amd_ccl']}" not in page, query


def test_search_never_reaches_out_of_scope(app, client, auth, world):
    code = _code(app, world.child["srt_cncp"])
    auth.login("dcpu_amd")
    page = client.get("/admin/child/", query_string={"search": code}).get_data(as_text=True)
    assert f"details/?id={world.child['srt_cncp']}" not in page


def test_language_choice_is_remembered_per_user(app, client, auth, world):
    auth.login("dcpu_amd")
    client.get("/language/gu")
    with app.app_context():
        assert db.session.scalar(select(User.language).where(User.username == "dcpu_amd")) == "gu"
    auth.logout()
    other = app.test_client()
    from tests.conftest import Auth
    Auth(other).login("dcpu_amd")  # a new browser: the choice follows the user
    page = other.get("/admin/").get_data(as_text=True)
    assert 'lang-menu' in page and "ગુજરાતી" in page.split('id="lang-menu"')[1][:200]


def test_unknown_language_is_ignored(client, world):
    client.get("/language/xx")
    assert client.get("/login").status_code == 200
