"""citizen reports: a district not known (the state instead), a standard reject reason; found reports indexed by missing report

A parent may not know the district (issue #12, item 14): the report then names
its state, and every DCPU of the state reads it. Existing reports take the state
of their district. A rejection names a standard reason (item 16), shown to the
sender in their language with the next step; the free-text reason stays as the
moderator's note. Found reports get an index on missing_report_id: the public
listing's count of missing children asks, for each, whether a linked found
report protects the child (147 s on SQLite at 100,000 missing and 50,000 found
reports without it, 40 ms with it).

Revision ID: 6f1a2b3c4d5e
Revises: 7e3a9c2b5d14
Create Date: 2026-12-02 13:20:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '6f1a2b3c4d5e'
down_revision = '7e3a9c2b5d14'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('citizen_reports', schema=None) as batch_op:
        batch_op.add_column(sa.Column('state_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('reject_reason_code', sa.String(length=20), nullable=True))

    reports = sa.table('citizen_reports', sa.column('state_id', sa.Integer),
                       sa.column('district_id', sa.Integer))
    districts = sa.table('districts', sa.column('id', sa.Integer), sa.column('state_id', sa.Integer))
    op.get_bind().execute(reports.update().values(state_id=sa.select(districts.c.state_id).where(
        districts.c.id == reports.c.district_id).scalar_subquery()))

    with op.batch_alter_table('citizen_reports', schema=None) as batch_op:
        batch_op.alter_column('state_id', existing_type=sa.Integer(), nullable=False)
        batch_op.alter_column('district_id', existing_type=sa.Integer(), nullable=True)
        batch_op.create_index(batch_op.f('ix_citizen_reports_state_id'), ['state_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_citizen_reports_state_id_states'), 'states',
                                    ['state_id'], ['id'])

    with op.batch_alter_table('found_reports', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_found_reports_missing_report_id'), ['missing_report_id'],
                              unique=False)


def downgrade():
    with op.batch_alter_table('found_reports', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_found_reports_missing_report_id'))

    # Reports without a district cannot go back to a district queue: they are refused.
    with op.batch_alter_table('citizen_reports', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_citizen_reports_state_id_states'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_citizen_reports_state_id'))
        batch_op.alter_column('district_id', existing_type=sa.Integer(), nullable=False)
        batch_op.drop_column('reject_reason_code')
        batch_op.drop_column('state_id')
