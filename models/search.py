"""Finding children by name through an index, on both engines (#16).

A search term matches a child whose name or other names contain it as written
(any case), or whose folded name (matching.fold_name: one Latin spelling for
Latin, Devanagari and Gujarati writing) contains the term's folded form, so
"રામ", "राम" and "ram" find the same children. `ILIKE '%term%'` read all of a
million rows; here each engine answers from a trigram index:

- PostgreSQL: pg_trgm GIN indexes on the three columns (the extension is trusted:
  the database owner creates it), which serve ILIKE/LIKE '%term%' directly;
- SQLite: an FTS5 table with the trigram tokenizer over the same columns, kept in
  step with `children` by triggers; a quoted phrase of three characters or more
  is a substring match read from its index alone.

A term shorter than three characters has no trigram: it falls back to the plain
substring comparison (a scan, as before). The index is made by the migration
a16c0de5ca1e on a migrated database and by `create_all` (tests, demo, benchmark)
through the DDL events below; `backfill` fills it for rows loaded before it."""
from sqlalchemy import DDL, column, event, or_, select, table

from matching import fold_name
from models.children import Child

TRIGRAM = 3
FTS_TABLE = "children_search"
FTS_COLUMNS = ("name", "aliases", "name_folded")
GIN_INDEXES = {f"ix_children_{column}_trgm": column for column in FTS_COLUMNS}
# Objects made here rather than declared in the models: what compares the models
# with a database leaves them out (tests/test_migrations.py, migrations/env.py).
FTS_SHADOWS = tuple(f"{FTS_TABLE}{suffix}" for suffix in ("", "_data", "_idx", "_docsize", "_config"))
NOT_IN_MODELS = frozenset(FTS_SHADOWS) | frozenset(GIN_INDEXES)

_cols = ", ".join(FTS_COLUMNS)
_new = ", ".join(f"new.{c}" for c in FTS_COLUMNS)
_old = ", ".join(f"old.{c}" for c in FTS_COLUMNS)
SQLITE_DDL = (
    (f"CREATE VIRTUAL TABLE IF NOT EXISTS {FTS_TABLE} USING fts5({_cols}, content='children', "
     "content_rowid='id', tokenize='trigram case_sensitive 0')"),
    (f"CREATE TRIGGER IF NOT EXISTS {FTS_TABLE}_insert AFTER INSERT ON children BEGIN "
     f"INSERT INTO {FTS_TABLE}(rowid, {_cols}) VALUES (new.id, {_new}); END"),
    (f"CREATE TRIGGER IF NOT EXISTS {FTS_TABLE}_delete AFTER DELETE ON children BEGIN "
     f"INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, {_cols}) VALUES ('delete', old.id, {_old}); END"),
    (f"CREATE TRIGGER IF NOT EXISTS {FTS_TABLE}_update AFTER UPDATE OF {_cols} ON children BEGIN "
     f"INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, {_cols}) VALUES ('delete', old.id, {_old}); "
     f"INSERT INTO {FTS_TABLE}(rowid, {_cols}) VALUES (new.id, {_new}); END"),
)
SQLITE_DROP = (f"DROP TABLE IF EXISTS {FTS_TABLE}",)
POSTGRESQL_DDL = ("CREATE EXTENSION IF NOT EXISTS pg_trgm",) + tuple(
    f"CREATE INDEX IF NOT EXISTS {name} ON children USING gin ({column} gin_trgm_ops)"
    for name, column in GIN_INDEXES.items())


def create(connection) -> None:
    """The engine's search index over `children` (empty table or not: see backfill)."""
    statements = SQLITE_DDL if connection.dialect.name == "sqlite" else POSTGRESQL_DDL
    for statement in statements:
        connection.exec_driver_sql(statement)


def backfill(engine) -> None:
    """Index the rows already there (SQLite's FTS table is filled by its triggers
    from then on; PostgreSQL's GIN indexes are built from the rows on creation)."""
    with engine.begin() as connection:
        create(connection)
        if connection.dialect.name == "sqlite":
            connection.exec_driver_sql(f"INSERT INTO {FTS_TABLE}({FTS_TABLE}) VALUES ('rebuild')")


for _statement in SQLITE_DDL:
    event.listen(Child.__table__, "after_create", DDL(_statement).execute_if(dialect="sqlite"))
for _statement in SQLITE_DROP:
    event.listen(Child.__table__, "after_drop", DDL(_statement).execute_if(dialect="sqlite"))
for _statement in POSTGRESQL_DDL:
    event.listen(Child.__table__, "after_create", DDL(_statement).execute_if(dialect="postgresql"))


def include_object(obj, name, type_, reflected, compare_to) -> bool:
    """Alembic's filter: the search index is made here, not declared in the models."""
    return not (reflected and name in NOT_IN_MODELS)


def _like(term: str) -> str:
    return "%" + term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def _phrase(term: str) -> str:
    return '"' + term.replace('"', '""') + '"'


def name_matches(term: str, dialect: str):
    """Children whose names contain `term` (one word of a search), as written or folded."""
    term = term.strip()
    folded = fold_name(term)
    if dialect == "sqlite" and len(term) >= TRIGRAM and (not folded or len(folded) >= TRIGRAM):
        query = "{name aliases} : " + _phrase(term)
        if folded:
            query += " OR name_folded : " + _phrase(folded)
        fts = table(FTS_TABLE, column("rowid"), column(FTS_TABLE))
        return Child.id.in_(select(fts.c.rowid).where(fts.c[FTS_TABLE].op("MATCH")(query)))
    like = _like(term)
    clauses = [Child.name.ilike(like, escape="\\"), Child.aliases.ilike(like, escape="\\")]
    if folded:
        clauses.append(Child.name_folded.like(_like(folded), escape="\\"))
    return or_(*clauses)
