"""missing reports: the first name as the public card shows it, folded

The public search matches only what a public card shows (issue #11, item 18):
a missing child's first name. Existing reports get it computed here, by the
same normaliser the app uses (models/names.py).

Revision ID: 9c41d2e7a5b3
Revises: 2b51aad8fb3c
Create Date: 2026-12-02 10:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '9c41d2e7a5b3'
down_revision = '2b51aad8fb3c'
branch_labels = None
depends_on = None

BATCH = 5000


def upgrade():
    with op.batch_alter_table('missing_reports', schema=None) as batch_op:
        batch_op.add_column(sa.Column('first_name_folded', sa.String(length=200), nullable=True))
        batch_op.create_index('ix_missing_reports_first_name_folded', ['first_name_folded'], unique=False)

    from matching import fold_name
    reports = sa.table('missing_reports', sa.column('id', sa.Integer),
                       sa.column('child_name', sa.String), sa.column('first_name_folded', sa.String))
    connection = op.get_bind()
    last = 0
    while True:
        rows = connection.execute(sa.select(reports.c.id, reports.c.child_name)
                                  .where(reports.c.id > last).order_by(reports.c.id).limit(BATCH)).all()
        if not rows:
            break
        updates = []
        for pk, name in rows:
            words = (name or "").split()
            folded = fold_name(words[0]) if words else ""
            if folded:
                updates.append({"pk": pk, "folded": folded})
        if updates:
            connection.execute(reports.update().where(reports.c.id == sa.bindparam("pk"))
                               .values(first_name_folded=sa.bindparam("folded")), updates)
        last = rows[-1][0]


def downgrade():
    with op.batch_alter_table('missing_reports', schema=None) as batch_op:
        batch_op.drop_index('ix_missing_reports_first_name_folded')
        batch_op.drop_column('first_name_folded')
