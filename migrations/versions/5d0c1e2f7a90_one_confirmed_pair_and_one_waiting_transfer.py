"""one confirmed pair per report, one waiting transfer per child

Partial unique indexes (issue #11, items 1 and 5): at most one confirmed match
per missing report and per found report, at most one transfer waiting for a
decision per child. A database that already holds such contradictions (made
before this release) is not changed silently: the upgrade stops and names the
records a person must review first.

Revision ID: 5d0c1e2f7a90
Revises: e355f359d1d8
Create Date: 2026-12-02 13:30:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '5d0c1e2f7a90'
down_revision = 'e355f359d1d8'
branch_labels = None
depends_on = None

CONFIRMED_ONLY = sa.text("status = 'confirmed'")
WAITING_ONLY = sa.text("status = 'requested'")

CONTRADICTIONS = (
    ("matches", "missing_report_id", "status = 'confirmed'",
     "missing report(s) confirmed as more than one found child"),
    ("matches", "found_report_id", "status = 'confirmed'",
     "found report(s) confirmed as more than one missing child"),
    ("transfers", "child_id", "status = 'requested'",
     "child(ren) with more than one transfer waiting for a decision"),
)


def _refuse_contradictions(connection):
    problems = []
    for table, column, condition, what in CONTRADICTIONS:
        ids = connection.execute(sa.text(
            f"SELECT {column} FROM {table} WHERE {condition} "
            f"GROUP BY {column} HAVING count(*) > 1")).scalars().all()
        if ids:
            problems.append(f"{len(ids)} {what} ({table}.{column}: {', '.join(map(str, ids[:20]))})")
    if problems:
        raise RuntimeError("Bal Setu cannot add its consistency rules: " + "; ".join(problems)
                           + ". Review and correct these records (decide or decline the extra "
                             "ones), then run the upgrade again.")


def upgrade():
    _refuse_contradictions(op.get_bind())
    with op.batch_alter_table('matches', schema=None) as batch_op:
        batch_op.create_index('uq_matches_confirmed_missing', ['missing_report_id'], unique=True,
                              sqlite_where=CONFIRMED_ONLY, postgresql_where=CONFIRMED_ONLY)
        batch_op.create_index('uq_matches_confirmed_found', ['found_report_id'], unique=True,
                              sqlite_where=CONFIRMED_ONLY, postgresql_where=CONFIRMED_ONLY)
    with op.batch_alter_table('transfers', schema=None) as batch_op:
        batch_op.create_index('uq_transfers_waiting_child', ['child_id'], unique=True,
                              sqlite_where=WAITING_ONLY, postgresql_where=WAITING_ONLY)


def downgrade():
    with op.batch_alter_table('transfers', schema=None) as batch_op:
        batch_op.drop_index('uq_transfers_waiting_child')
    with op.batch_alter_table('matches', schema=None) as batch_op:
        batch_op.drop_index('uq_matches_confirmed_found')
        batch_op.drop_index('uq_matches_confirmed_missing')
