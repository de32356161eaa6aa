"""Lists above a district at national scale (#16): a capped count that says so,
exact counts within a district, deep pages, and names found through the index."""
import re

from sqlalchemy import select

from admin_views import list_counts
from extensions import db
from models import Child


def _heading(page: str) -> str:
    return re.search(r"List \(([^)]*)\)", page).group(1)


def _ids(page: str) -> list[str]:
    return re.findall(r"details/\?id=(\d+)", page)


def test_national_count_stops_at_the_cap_and_says_so(client, auth, world, monkeypatch):
    monkeypatch.setattr(list_counts, "COUNT_CAP", 2)
    auth.login("national")
    page = client.get("/admin/child/").get_data(as_text=True)
    assert _heading(page) == "more than 2"
    assert 'id="count-capped"' in page and "More than 2 records" in page


def test_national_count_below_the_cap_is_exact(client, auth, world):
    auth.login("national")
    page = client.get("/admin/child/").get_data(as_text=True)
    assert _heading(page) == "6"  # two children in each of three districts
    assert 'id="count-capped"' not in page


def test_district_count_is_exact_whatever_the_cap(client, auth, world, monkeypatch):
    monkeypatch.setattr(list_counts, "COUNT_CAP", 1)
    auth.login("dcpu_amd")
    page = client.get("/admin/child/").get_data(as_text=True)
    assert _heading(page) == "2"
    assert 'id="count-capped"' not in page


def test_capped_heading_in_gujarati(client, auth, world, monkeypatch):
    monkeypatch.setattr(list_counts, "COUNT_CAP", 2)
    auth.login("national")
    try:
        client.get("/language/gu")
        page = client.get("/admin/child/").get_data(as_text=True)
        assert "2 થી વધુ" in page
    finally:
        client.get("/language/en")


def test_deep_pages_read_ids_first_and_show_the_same_rows(client, auth, world, monkeypatch):
    """A page read through its ids first (a deferred join, from DEFERRED_FROM on)
    shows what LIMIT/OFFSET shows, in the same order."""
    auth.login("national")
    paths = ("/admin/child/", "/admin/child/?sort=1", "/admin/child/?sort=1&desc=1")
    plain = [_ids(client.get(path).get_data(as_text=True)) for path in paths]
    monkeypatch.setattr(list_counts, "DEFERRED_FROM", 0)
    deferred = [_ids(client.get(path).get_data(as_text=True)) for path in paths]
    assert plain == deferred and all(len(ids) == 6 for ids in plain)


def test_search_finds_a_renamed_child_by_the_new_name_only(app, client, auth, world):
    """The search index follows saved names (SQLite's triggers, PostgreSQL's indexes)."""
    with app.app_context():
        child = db.session.get(Child, world.child["amd_ccl"])
        child.name = "Jignesh Parmar"
        db.session.commit()
    auth.login("dcpu_amd")
    for query, found in (("jignesh", True), ("જીગ્નેશ", True), ("Kiran", False)):
        page = client.get("/admin/child/", query_string={"search": query}).get_data(as_text=True)
        assert (f"details/?id={world.child['amd_ccl']}" in page) is found, query


def test_short_and_odd_search_terms_answer(client, auth, world):
    """Fewer than three letters (no trigram: a plain comparison) and FTS syntax
    characters are searched as text, never an error."""
    auth.login("national")
    page = client.get("/admin/child/", query_string={"search": "Ki"}).get_data(as_text=True)
    assert f"details/?id={world.child['amd_ccl']}" in page
    for odd in ('"', 'ki"ran', "NEAR(", "*", "a:b", "%", "_"):
        assert client.get("/admin/child/", query_string={"search": odd}).status_code == 200, odd


def test_name_sort_ties_end_by_id(app, client, auth, world):
    auth.login("national")
    page = client.get("/admin/child/?sort=1").get_data(as_text=True)
    with app.app_context():
        expected = [str(i) for i in db.session.scalars(
            select(Child.id).where(Child.archived_at.is_(None)).order_by(Child.name, Child.id))]
    assert _ids(page) == expected


def test_filter_options_cut_say_so_and_are_cached_per_scope(client, auth, world, monkeypatch):
    from admin_views import choices
    monkeypatch.setattr(choices, "MAX_OPTIONS", 1)
    choices._cache.clear()
    auth.login("national")
    page = client.get("/admin/child/").get_data(as_text=True)
    assert "5 more not listed: filter by district first" in page  # 6 institutions, 1 listed
    auth.logout()
    auth.login("dcpu_amd")  # another scope: its own options (2 institutions in Ahmedabad)
    page = client.get("/admin/child/").get_data(as_text=True)
    assert "1 more not listed" in page and "5 more not listed" not in page
    choices._cache.clear()
