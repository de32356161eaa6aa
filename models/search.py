"""Finding children by name through an index, on both engines (#16).

A search term matches a child whose name or other names contain it as written
(any case), or whose folded name (matching.fold_name: one Latin spelling for
Latin, Devanagari and Gujarati writing) contains the term's folded form, so
"રામ", "राम" and "ram" find the same children. `ILIKE '%term%'` read all of a
million rows; here each engine answers from a trigram index:

- PostgreSQL: one pg_trgm GIN index on the three columns joined by spaces (the
  extension is trusted: the database owner creates it); every word of a search is
  an ILIKE '%word%' on that one expression, so a search of two words is one scan
  of one index, its trigrams intersected (three indexes OR-ed and then AND-ed cost
  45 ms for "ramesh patel" at 10^6; one index, under 1 ms);
- SQLite: an FTS5 table with the trigram tokenizer over the same columns, kept in
  step with `children` by triggers; a quoted phrase of three characters or more
  is a substring match read from its index alone, and the words of a search are
  one FTS query (AND).

Words never hold a space, so a word cannot match across two of the joined columns.

A term shorter than three characters has no trigram: it falls back to the plain
substring comparison (a scan, as before). The index is made by the migration
a16c0de5ca1e on a migrated database and by `create_all` (tests, demo, benchmark)
through the DDL events below; `backfill` fills it for rows loaded before it."""
from sqlalchemy import DDL, and_, column, event, literal_column, or_, select, table

from matching import fold_name
from models.children import Child

TRIGRAM = 3
FTS_TABLE = "children_search"
FTS_COLUMNS = ("name", "aliases", "name_folded")
GIN_INDEX = "ix_children_search_trgm"
# The indexed expression, written once: the query must repeat it exactly.
SEARCHED = " || ' ' || ".join(f"coalesce({{table}}{column}, '')" for column in FTS_COLUMNS)
# Objects made here rather than declared in the models: what compares the models
# with a database leaves them out (tests/test_migrations.py, migrations/env.py).
FTS_SHADOWS = tuple(f"{FTS_TABLE}{suffix}" for suffix in ("", "_data", "_idx", "_docsize", "_config"))
NOT_IN_MODELS = frozenset(FTS_SHADOWS) | {GIN_INDEX}

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
POSTGRESQL_DDL = (
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    (f"CREATE INDEX IF NOT EXISTS {GIN_INDEX} ON children USING gin "
     f"(({SEARCHED.format(table='')}) gin_trgm_ops)"),
)


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


def _sqlite_word(word: str, folded: str) -> str | None:
    """One word as an FTS5 query over the three columns, or None without a trigram."""
    if len(word) < TRIGRAM or (folded and len(folded) < TRIGRAM):
        return None
    if folded and folded in word.lower():  # the folded form finds all the word finds
        return _phrase(folded)
    return f"({_phrase(word)} OR {_phrase(folded)})" if folded else _phrase(word)


def name_search(search: str, dialect: str):
    """Children whose names contain every word of `search`, each as written (any
    case) or as folded by matching.fold_name."""
    words = [(word, fold_name(word)) for word in search.split()]
    if dialect == "sqlite":
        queries = [_sqlite_word(word, folded) for word, folded in words]
        indexed = [q for q in queries if q is not None]
        clauses = [_plain(word, folded) for (word, folded), q in zip(words, queries, strict=True) if q is None]
        if indexed:
            fts = table(FTS_TABLE, column("rowid"), column(FTS_TABLE))
            clauses.append(Child.id.in_(select(fts.c.rowid).where(
                fts.c[FTS_TABLE].op("MATCH")(" AND ".join(indexed)))))
        return and_(*clauses)
    searched = literal_column(f"({SEARCHED.format(table='children.')})")
    clauses = []
    for word, folded in words:
        if folded and folded in word.lower():  # the folded form finds all the word finds
            clauses.append(searched.ilike(_like(folded), escape="\\"))
        elif folded:
            clauses.append(or_(searched.ilike(_like(word), escape="\\"),
                               searched.ilike(_like(folded), escape="\\")))
        else:
            clauses.append(searched.ilike(_like(word), escape="\\"))
    return and_(*clauses)


def _plain(word: str, folded: str):
    """A word too short for a trigram: compared with the columns (a scan)."""
    like = _like(word)
    clauses = [Child.name.ilike(like, escape="\\"), Child.aliases.ilike(like, escape="\\")]
    if folded:
        clauses.append(Child.name_folded.like(_like(folded), escape="\\"))
    return or_(*clauses)
