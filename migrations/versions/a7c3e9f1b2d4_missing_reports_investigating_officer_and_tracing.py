"""missing reports: investigating officer and phone, who traced the child and where

A police feed names the investigating officer and, with a "traced" status, who
traced the child and where (issue #15 item 8).

Revision ID: a7c3e9f1b2d4
Revises: 6f1a2b3c4d5e
Create Date: 2026-12-02 16:30:00.000000

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = 'a7c3e9f1b2d4'
down_revision = '6f1a2b3c4d5e'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('missing_reports', schema=None) as batch_op:
        batch_op.add_column(sa.Column('investigating_officer', sa.String(length=200), nullable=True))
        batch_op.add_column(sa.Column('investigating_officer_phone', sa.String(length=40), nullable=True))
        batch_op.add_column(sa.Column('traced_by', sa.String(length=200), nullable=True))
        batch_op.add_column(sa.Column('traced_place', sa.String(length=300), nullable=True))


def downgrade():
    with op.batch_alter_table('missing_reports', schema=None) as batch_op:
        batch_op.drop_column('traced_place')
        batch_op.drop_column('traced_by')
        batch_op.drop_column('investigating_officer_phone')
        batch_op.drop_column('investigating_officer')
