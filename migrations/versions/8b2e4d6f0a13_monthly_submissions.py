"""month-end reports as submitted (a DCPU's district, a CCI's home)

Issue #14 item 7: the figures of a month are kept as they were submitted (the
total row as JSON), with who submitted them and when; later corrections show as
revisions beside them on the summary.

Revision ID: 8b2e4d6f0a13
Revises: 3d5b7f9a1c2e
Create Date: 2026-12-02 17:00:00.000000

"""
import sqlalchemy as sa
from alembic import op

import models.base

# revision identifiers, used by Alembic.
revision = '8b2e4d6f0a13'
down_revision = '3d5b7f9a1c2e'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'monthly_submissions',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('month', sa.Date(), nullable=False),
        sa.Column('unit_level', sa.String(length=12), nullable=False),
        sa.Column('unit_id', sa.Integer(), nullable=False),
        sa.Column('district_id', sa.Integer(), nullable=False),
        sa.Column('institution_id', sa.Integer(), nullable=True),
        sa.Column('figures', sa.Text(), nullable=False),
        sa.Column('submitted_by_id', sa.Integer(), nullable=False),
        sa.Column('submitted_at', models.base.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['district_id'], ['districts.id'],
                                name=op.f('fk_monthly_submissions_district_id_districts')),
        sa.ForeignKeyConstraint(['institution_id'], ['institutions.id'],
                                name=op.f('fk_monthly_submissions_institution_id_institutions')),
        sa.ForeignKeyConstraint(['submitted_by_id'], ['users.id'],
                                name=op.f('fk_monthly_submissions_submitted_by_id_users')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_monthly_submissions')),
        sa.UniqueConstraint('month', 'unit_level', 'unit_id',
                            name=op.f('uq_monthly_submissions_month')),
    )
    with op.batch_alter_table('monthly_submissions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_monthly_submissions_district_id'), ['district_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_monthly_submissions_month'), ['month'], unique=False)


def downgrade():
    with op.batch_alter_table('monthly_submissions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_monthly_submissions_month'))
        batch_op.drop_index(batch_op.f('ix_monthly_submissions_district_id'))
    op.drop_table('monthly_submissions')
