"""missing and found reports: merged into another report of the same kind

A DCPU merges two reports of one child (issue #13 item 4): the report that does
not survive is archived with the reason "merged into <number>" and points at the
one that does.

Revision ID: a8d3c5e7f912
Revises: 8b2e4d6f0a13
Create Date: 2026-12-02 16:20:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'a8d3c5e7f912'
down_revision = '8b2e4d6f0a13'
branch_labels = None
depends_on = None

TABLES = ('missing_reports', 'found_reports')


def upgrade():
    for table in TABLES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column('merged_into_id', sa.Integer(), nullable=True))
            batch_op.create_foreign_key(batch_op.f(f'fk_{table}_merged_into_id_{table}'), table,
                                        ['merged_into_id'], ['id'])


def downgrade():
    for table in TABLES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_constraint(batch_op.f(f'fk_{table}_merged_into_id_{table}'), type_='foreignkey')
            batch_op.drop_column('merged_into_id')
