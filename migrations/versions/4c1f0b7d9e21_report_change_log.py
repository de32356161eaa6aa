"""Change log of reports and pet names: the matching index of every worker catches up from it

Change order comes from the database, not from `updated_at` (the app server's
clock, and the time a row was written, not when it became visible): see
models/report_changes.py. Nothing is back-filled: a worker builds its index
from every report, then reads the log from where it stood at the build.

Revision ID: 4c1f0b7d9e21
Revises: 5d0c1e2f7a90
Create Date: 2026-12-02 13:30:00.000000

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '4c1f0b7d9e21'
down_revision = '5d0c1e2f7a90'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('report_changes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=10), nullable=False),
    sa.Column('record_id', sa.Integer(), nullable=False),
    sa.Column('txid', sa.BigInteger(), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_report_changes')),
    sqlite_autoincrement=True
    )
    with op.batch_alter_table('report_changes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_report_changes_txid'), ['txid'], unique=False)


def downgrade():
    with op.batch_alter_table('report_changes', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_report_changes_txid'))

    op.drop_table('report_changes')
