"""reports' reported-on day; case_opened_on filled from the first production or order

Missing and found reports get `reported_on`, the day the child was reported to
the police or the DCPU (issue #14 item 6): the monthly summary counts "reported
in the month" by it. Existing reports take the day they were registered (India
time), which is what the summaries counted until now. Children whose case has no
opening day take the earliest of their first production before the CWC/JJB and
their first live order (defect 3); a day already entered is kept.

Revision ID: 3d5b7f9a1c2e
Revises: a7c3e9f1b2d4
Create Date: 2026-12-02 16:40:00.000000

"""
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '3d5b7f9a1c2e'
down_revision = 'a7c3e9f1b2d4'
branch_labels = None
depends_on = None

INDIA = ZoneInfo("Asia/Kolkata")
TABLES = ("missing_reports", "found_reports")


def _india_day(column: str) -> str:
    if op.get_bind().dialect.name == "postgresql":
        return f"CAST(({column} AT TIME ZONE 'Asia/Kolkata') AS DATE)"
    return f"date({column}, '+330 minutes')"  # SQLite keeps UTC text


def _fill_case_opened_on(bind):
    first: dict[int, object] = {}

    def keep(child_id, day):
        if child_id is not None and day is not None and (child_id not in first or day < first[child_id]):
            first[child_id] = day

    for table in ("cwc_orders", "jjb_orders"):
        for child_id, day in bind.execute(sa.text(
                f"SELECT child_id, MIN(order_date) FROM {table} WHERE archived_at IS NULL "
                "GROUP BY child_id")):
            keep(child_id, date.fromisoformat(day) if isinstance(day, str) else day)
    for child_id, produced in bind.execute(sa.text(
            "SELECT child_id, produced_at FROM found_reports WHERE child_id IS NOT NULL "
            "AND produced_at IS NOT NULL AND archived_at IS NULL")):
        if isinstance(produced, str):
            produced = datetime.fromisoformat(produced)  # SQLite keeps UTC text
        if produced.tzinfo is None:
            produced = produced.replace(tzinfo=UTC)
        keep(child_id, produced.astimezone(INDIA).date())
    if first:
        bind.execute(sa.text("UPDATE children SET case_opened_on = :day "
                             "WHERE id = :id AND case_opened_on IS NULL"),
                     [{"id": child_id, "day": day} for child_id, day in first.items()])


def upgrade():
    bind = op.get_bind()
    for table in TABLES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column('reported_on', sa.Date(), nullable=True))
        bind.execute(sa.text(f"UPDATE {table} SET reported_on = {_india_day('registered_at')}"))
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.create_index(batch_op.f(f'ix_{table}_reported_on'), ['reported_on'], unique=False)
            batch_op.create_index(f'ix_{table}_district_reported', ['district_id', 'reported_on'],
                                  unique=False)
    _fill_case_opened_on(bind)


def downgrade():
    # The filled opening days stay: they are true of the records.
    for table in TABLES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_index(f'ix_{table}_district_reported')
            batch_op.drop_index(batch_op.f(f'ix_{table}_reported_on'))
            batch_op.drop_column('reported_on')
