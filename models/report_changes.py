"""The change log that the matching index of every worker reads to catch up
(matches/registry.py): one row per missing or found report, or pet name,
inserted, updated or deleted, written in the same transaction as the change.

Change order comes from the database, never from a clock: `updated_at` is the
app server's time when the row was written, not when its transaction became
visible. A worker whose clock is behind writes "old" rows, and a transaction
that commits after a later one (a slow import batch) shows rows that a reader
has already passed by time; a catch-up "since my last look" missed both.

* SQLite has one writer at a time, so the ids of committed rows are in commit
  order: a reader takes the rows after the last id it has read.
* PostgreSQL numbers rows as transactions write them, not as they commit (a
  transaction that took id 10 may commit after the one that took 11). Each row
  keeps its transaction's id (`txid`); a reader notes the oldest transaction
  still running (the snapshot's xmin) before it reads, and next time reads
  every row from that transaction on: whatever committed meanwhile is among
  them (matches/registry.py).

Every write path reaches this: the session listener below (panel, workflow,
demo seed, archive and restore of records, pet names, imports saved row by
row) and the bulk insert of imports (exchange/bulk.py calls `note_changes`).
Rows are never pruned: a few dozen bytes per save, read by an index on `txid`
(or the primary key), so an old log costs disk, not time; `restore` empties it."""
from sqlalchemy import BigInteger, Integer, String, event, insert, literal_column
from sqlalchemy.orm import Mapped, Session, mapped_column

from models.base import Base
from models.found import FoundReport
from models.matches import PetName
from models.missing import MissingReport

# Reports by the names the matching engine gives them ("missing:12").
KIND_OF = {MissingReport: "missing", FoundReport: "found"}
PET_NAME = "pet_name"  # changes how every name reads: the index is built again
LOGGED = {**KIND_OF, PetName: PET_NAME}

# The writing transaction's id, 64 bits (never wraps around), PostgreSQL 13+.
CURRENT_TXID = literal_column("pg_current_xact_id()::text::bigint")


class ReportChange(Base):
    __tablename__ = "report_changes"
    # AUTOINCREMENT: SQLite never hands out an id again, even after a delete.
    __table_args__ = ({"sqlite_autoincrement": True},)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(10))
    # The report's (or pet name's) id. No foreign key: the change of a deleted
    # record outlives the record.
    record_id: Mapped[int] = mapped_column(Integer)
    # PostgreSQL: the writing transaction (see above); NULL on SQLite.
    txid: Mapped[int | None] = mapped_column(BigInteger, index=True)


def note_changes(connection, records) -> None:
    """One change row per record (reports and pet names; others are skipped), in
    the transaction of `connection` (the one that writes the records)."""
    rows = [{"kind": LOGGED[type(record)], "record_id": record.id} for record in records
            if type(record) in LOGGED]
    if not rows:
        return
    statement = insert(ReportChange)
    if connection.dialect.name == "postgresql":
        statement = statement.values(txid=CURRENT_TXID)
    connection.execute(statement, rows)


@event.listens_for(Session, "after_flush")
def _note_flushed_changes(session, flush_context):
    # New, deleted, and dirty with a real change (a flush also visits objects
    # whose attributes were set to the same value: no UPDATE, no change row).
    changed = [*session.new, *session.deleted]
    changed += [obj for obj in session.dirty if type(obj) in LOGGED
                and session.is_modified(obj, include_collections=False)]
    if changed:
        note_changes(session.connection(), changed)
