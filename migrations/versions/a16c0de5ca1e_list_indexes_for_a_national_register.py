"""List indexes for a national register (#16)

Names searched through a trigram index (models/search.py: FTS5 on SQLite, pg_trgm
GIN on PostgreSQL). Partial indexes `WHERE archived_at IS NULL` on the children lists' sort keys
(registration and name, nationally and district first), a partial index for the
archived list, and no single-column `archived_at` index on any table: SQLite took
it for a selective condition on live rows (99% of them) and sorted every row.

Revision ID: a16c0de5ca1e
Revises: a8d3c5e7f912
Create Date: 2026-12-02 16:30:00

"""
import sqlalchemy as sa
from alembic import op

revision = 'a16c0de5ca1e'
down_revision = 'a8d3c5e7f912'
branch_labels = None
depends_on = None

ARCHIVE_TABLES = ('children', 'care_plans', 'cwc_orders', 'jjb_orders', 'missing_reports',
                  'progress_entries', 'found_reports', 'police_reports')
LIVE = sa.text('archived_at IS NULL')
ARCHIVED = sa.text('archived_at IS NOT NULL')
# The search index as models/search.py makes it (copied: a migration does not change
# when the models do).
FTS_TABLE = 'children_search'
GIN_INDEX = 'ix_children_search_trgm'
SQLITE_SEARCH = (
    "CREATE VIRTUAL TABLE IF NOT EXISTS children_search USING fts5(name, aliases, name_folded, content='children', content_rowid='id', tokenize='trigram case_sensitive 0')",
    'CREATE TRIGGER IF NOT EXISTS children_search_insert AFTER INSERT ON children BEGIN INSERT INTO children_search(rowid, name, aliases, name_folded) VALUES (new.id, new.name, new.aliases, new.name_folded); END',
    "CREATE TRIGGER IF NOT EXISTS children_search_delete AFTER DELETE ON children BEGIN INSERT INTO children_search(children_search, rowid, name, aliases, name_folded) VALUES ('delete', old.id, old.name, old.aliases, old.name_folded); END",
    "CREATE TRIGGER IF NOT EXISTS children_search_update AFTER UPDATE OF name, aliases, name_folded ON children BEGIN INSERT INTO children_search(children_search, rowid, name, aliases, name_folded) VALUES ('delete', old.id, old.name, old.aliases, old.name_folded); INSERT INTO children_search(rowid, name, aliases, name_folded) VALUES (new.id, new.name, new.aliases, new.name_folded); END",
)
POSTGRESQL_SEARCH = (
    'CREATE EXTENSION IF NOT EXISTS pg_trgm',
    "CREATE INDEX IF NOT EXISTS ix_children_search_trgm ON children USING gin ((coalesce(name, '') || ' ' || coalesce(aliases, '') || ' ' || coalesce(name_folded, '')) gin_trgm_ops)",
)
CHILD_INDEXES = (
    ('ix_children_live_registered', ['registered_at', 'id'], LIVE),
    ('ix_children_live_district_registered', ['district_id', 'registered_at', 'id'], LIVE),
    ('ix_children_live_name', ['name', 'id'], LIVE),
    ('ix_children_live_district_name', ['district_id', 'name', 'id'], LIVE),
    ('ix_children_archived', ['archived_at'], ARCHIVED),
)


def upgrade():
    for table in ARCHIVE_TABLES:
        op.drop_index(f'ix_{table}_archived_at', table_name=table)
    op.drop_index('ix_children_district_registered', table_name='children')
    for name, columns, where in CHILD_INDEXES:
        op.create_index(name, 'children', columns, sqlite_where=where, postgresql_where=where)
    # Names found through a trigram index (models/search.py), filled from the rows there.
    bind = op.get_bind()
    for statement in (SQLITE_SEARCH if bind.dialect.name == 'sqlite' else POSTGRESQL_SEARCH):
        op.execute(statement)
    if bind.dialect.name == 'sqlite':
        op.execute(f"INSERT INTO {FTS_TABLE}({FTS_TABLE}) VALUES ('rebuild')")


def downgrade():
    if op.get_bind().dialect.name == 'sqlite':
        for trigger in ('insert', 'delete', 'update'):
            op.execute(f'DROP TRIGGER IF EXISTS {FTS_TABLE}_{trigger}')
        op.execute(f'DROP TABLE IF EXISTS {FTS_TABLE}')
    else:
        op.execute(f'DROP INDEX IF EXISTS {GIN_INDEX}')
    for name, _columns, _where in CHILD_INDEXES:
        op.drop_index(name, table_name='children')
    op.create_index('ix_children_district_registered', 'children', ['district_id', 'registered_at'])
    for table in ARCHIVE_TABLES:
        op.create_index(f'ix_{table}_archived_at', table, ['archived_at'])
