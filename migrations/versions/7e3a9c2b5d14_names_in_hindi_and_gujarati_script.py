"""names of states, districts, police units and institutions in Hindi and Gujarati script

Each page shows the name in its own language (issue #12, item 8); the English
name stays the one files and the matching engine use. Existing rows get none
until a state admin (or the demo) fills them in: pages fall back to English.

Revision ID: 7e3a9c2b5d14
Revises: 4c1f0b7d9e21
Create Date: 2026-12-02 14:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '7e3a9c2b5d14'
down_revision = '4c1f0b7d9e21'
branch_labels = None
depends_on = None

TABLES = ('states', 'districts', 'police_units', 'institutions')


def upgrade():
    for table in TABLES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column('name_hi', sa.String(length=200), nullable=True))
            batch_op.add_column(sa.Column('name_gu', sa.String(length=200), nullable=True))


def downgrade():
    for table in TABLES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_column('name_gu')
            batch_op.drop_column('name_hi')
