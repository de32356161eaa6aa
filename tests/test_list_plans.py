"""The children's lists read their pages from the partial indexes made for them,
on both engines, so no later change to a model or a migration can silently bring
back the full scans and sorts measured at a million children (#16).

SQLite (no ANALYZE, as a pilot's file never has one) plans a small table as it
plans a large one, so its EXPLAIN QUERY PLAN here is the one at 10^6. PostgreSQL
plans by table size: a test-sized table is read whole, so here it is told to avoid
sequential scans and sorts where it can (enable_seqscan, enable_sort off); the plan
then shows which index can serve the query's condition and order, which is what a
lost or unusable index would change. benchmarks/panel.py --scale --show-sql prints the
plans at 10^6."""
import pytest
from sqlalchemy import event, select

from extensions import db
from models import Child, search

NATIONAL_REGISTERED = "ix_children_live_registered"
DISTRICT_REGISTERED = "ix_children_live_district_registered"
NATIONAL_NAME = "ix_children_live_name"
DISTRICT_NAME = "ix_children_live_district_name"


def _statements(app, client, path):
    with app.app_context():
        engine = db.engine
    seen = []

    def record(conn, cursor, statement, parameters, context, executemany):
        seen.append((statement, parameters))

    event.listen(engine, "after_cursor_execute", record)
    try:
        assert client.get(path).status_code == 200
    finally:
        event.remove(engine, "after_cursor_execute", record)
    return seen


def _engine_name(app):
    with app.app_context():
        return db.engine.dialect.name


def _plan(app, statement, parameters, pg_off=("enable_seqscan", "enable_sort")) -> str:
    with app.app_context(), db.engine.connect() as conn:
        if conn.dialect.name == "sqlite":
            rows = conn.exec_driver_sql("EXPLAIN QUERY PLAN " + statement, parameters).all()
            return "\n".join(str(r[-1]) for r in rows)
        for setting in pg_off:
            conn.exec_driver_sql(f"SET {setting} = off")
        rows = conn.exec_driver_sql("EXPLAIN " + statement, parameters).all()
        conn.rollback()
        return "\n".join(r[0] for r in rows)


def _sorts(plan: str) -> bool:
    """The plan sorts rows itself rather than reading them in index order."""
    return "TEMP B-TREE FOR ORDER BY" in plan or any(
        line.strip().lstrip("-> ").startswith(("Sort", "Incremental Sort")) for line in plan.splitlines())


def _page_query(statements, deep):
    """The statement that picks a page's children: the ids of a deep page (a
    deferred join), or the rows of a near one."""
    for statement, parameters in statements:
        flat = " ".join(statement.split())
        if "FROM children" not in flat or "LIMIT" not in flat or "count(" in flat:
            continue
        ids_only = flat.startswith("SELECT children.id AS children_id FROM children ")
        if ids_only == deep and "ORDER BY" in flat:
            return statement, parameters
    raise AssertionError(f"no page query among {[s for s, _p in statements]}")


def _count_query(statements):
    for statement, parameters in statements:
        if "count(" in statement and "children" in statement:
            return statement, parameters
    raise AssertionError("no count query")


CASES = [
    # user, path, deep page, index expected
    ("national", "/admin/child/", False, NATIONAL_REGISTERED),
    ("national", "/admin/child/?page=499", True, NATIONAL_REGISTERED),
    ("national", "/admin/child/?sort=1&page=499", True, NATIONAL_NAME),
    ("dcpu_amd", "/admin/child/", False, DISTRICT_REGISTERED),
    ("dcpu_amd", "/admin/child/?page=499", True, DISTRICT_REGISTERED),
    ("dcpu_amd", "/admin/child/?sort=1&page=499", True, DISTRICT_NAME),
    ("dcpu_amd", "/admin/child/?sort=1&desc=1", False, DISTRICT_NAME),
]


@pytest.mark.parametrize("user, path, deep, index", CASES)
def test_list_pages_read_the_partial_index_in_order(app, client, auth, world, user, path, deep, index):
    auth.login(user)
    statement, parameters = _page_query(_statements(app, client, path), deep)
    plan = _plan(app, statement, parameters)
    # A test-sized table gives PostgreSQL no reason to prefer the district's index
    # over the national one filtered by district: either live index, read in order.
    expected = index if _engine_name(app) == "sqlite" else "ix_children_live_"
    assert expected in plan, plan
    assert not _sorts(plan), plan


@pytest.mark.parametrize("user", ["national", "dcpu_amd"])
def test_counts_read_an_index_of_live_rows_alone(app, client, auth, world, user):
    """The count (capped nationally, exact in a district) reads an index holding
    the district and archived_at (no table row visited), never the table."""
    auth.login(user)
    statement, parameters = _count_query(_statements(app, client, "/admin/child/"))
    plan = _plan(app, statement, parameters)
    if _engine_name(app) == "sqlite":
        assert "COVERING INDEX ix_children_" in plan, plan
    else:  # no sequential scan; with so few rows it may visit them
        assert "Seq Scan" not in plan and "using ix_children_" in plan, plan
    assert "ix_children_archived_at" not in plan, plan


@pytest.mark.parametrize("user", ["national", "dcpu_amd"])
@pytest.mark.parametrize("query", ["ram", "રામ", "राम", "ramesh patel"])
def test_searches_read_the_trigram_index(app, client, auth, world, user, query):
    """A name search (any script) finds its rows through the engine's trigram
    index (models/search.py), never by reading every child's name."""
    auth.login(user)
    statements = _statements(app, client, f"/admin/child/?search={query}")
    if _engine_name(app) == "sqlite":
        for statement, parameters in (_page_query(statements, False), _count_query(statements)):
            plan = _plan(app, statement, parameters)
            assert "children_search VIRTUAL TABLE INDEX" in plan, plan
            assert "SCAN children\n" not in plan + "\n" and "SCAN children USING" not in plan, plan
        return
    # PostgreSQL reads a test-sized table in order and filters it, whatever its
    # indexes: the page's statements are checked to hold the indexed expression,
    # and that expression alone, planned without sequential scans, to be read
    # from the GIN index (a changed expression or a lost index fails here).
    expression = search.SEARCHED.format(table="children.")
    for statement, _parameters in (_page_query(statements, False), _count_query(statements)):
        assert expression in statement, statement
    with app.app_context():
        statement = select(Child.id).where(search.name_search(query, "postgresql"))
        compiled = statement.compile(db.engine)
        with db.engine.connect() as conn:
            conn.exec_driver_sql("SET enable_seqscan = off")
            plan = "\n".join(r[0] for r in conn.exec_driver_sql("EXPLAIN " + str(compiled), compiled.params))
    assert f"Bitmap Index Scan on {search.GIN_INDEX}" in plan, plan
