"""Inserting many new records at once, as a flush would insert them one by one.

An import builds each record as the panel's create view does (the form's
`populate_obj`, the view's jurisdiction rules), then, instead of adding it to
the session and flushing (the unit of work costs far more than the INSERT),
`insert_new` inserts a class's records with one executemany and does what the
flush does around the INSERT, by the same code:

* foreign keys from the relationships set on the record (district, police unit…);
* the mapper's `before_insert` listeners (name keys in models/names.py, the
  status dates of missing reports…), fired through the mapper's own dispatch;
* column defaults (status "open", `registered_at`, `version` 1…), evaluated
  once and kept on the record, as the ORM keeps the values it inserted;
* the audit log's "create" entries (`models.audit.log_created`, the session
  listener's own rules);
* the change log rows of new reports, which every worker's matching index reads
  (`models.report_changes.note_changes`, as the session listener writes them).

A record this cannot insert exactly so (a server-side default, a related
record not yet saved, ids it cannot tell apart) raises `NotBulkInsertable`;
the importer then rolls the batch back and saves its rows through the
session, one by one. Records are those of this project: primary key `id`.
"""
from sqlalchemy import insert, inspect
from sqlalchemy.orm import MANYTOONE

from models.audit import log_created
from models.report_changes import note_changes


class NotBulkInsertable(Exception):
    """This record needs the unit of work (the caller saves it through the session)."""


def insert_new(session, records: list, unique_by: tuple[str, ...] = ()) -> None:
    """INSERT the new (transient) `records`, grouped by class, in one statement
    per class, inside the session's transaction; set their ids; audit them.

    `unique_by`: columns whose values tell the new rows apart (a unique
    constraint, e.g. a match's two reports): the ids come back with them and
    are matched by them, which lets the database return rows in any order
    (cheaper than asking for the order of the parameters). The records must
    not point at each other."""
    if not records:
        return
    connection = session.connection()
    by_class: dict[type, list] = {}
    for record in records:
        by_class.setdefault(type(record), []).append(record)
    for cls, rows in by_class.items():
        mapper = inspect(cls)
        params = [_values(mapper, connection, record) for record in rows]
        table = mapper.local_table
        for record, pk in zip(rows, _insert(session, table, params, unique_by)):
            inspect(record).dict["id"] = pk
    log_created(session, records)
    note_changes(connection, records)


def _insert(session, table, params: list[dict], unique_by: tuple[str, ...]) -> list[int]:
    """Execute the INSERT (batched: insertmanyvalues) and return the new ids in
    the order of `params`."""
    if unique_by:
        statement = insert(table).returning(table.c.id, *(table.c[c] for c in unique_by))
        ids = {tuple(row[1:]): row[0] for row in session.execute(statement, params)}
        return [ids[tuple(values[c] for c in unique_by)] for values in params]
    if session.get_bind().dialect.name != "sqlite":
        statement = insert(table).returning(table.c.id, sort_by_parameter_order=True)
        return list(session.execute(statement, params).scalars())
    # SQLite returns the rows of a multi-row INSERT in no promised order, and
    # SQLAlchemy then falls back to one statement per row to keep the order. But
    # SQLite numbers new rows one above the largest id, row after row, and this
    # transaction is the only writer: the ids sorted are in the order of the
    # rows. Checked against each row's creation time, to be sure.
    check = [c for c in ("created_at",) if c in table.c]
    statement = insert(table).returning(table.c.id, *(table.c[c] for c in check))
    rows = sorted(session.execute(statement, params).all(), key=lambda row: row[0])
    if len(rows) != len(params) or any(
            tuple(row[1:]) != tuple(values[c] for c in check) for row, values in zip(rows, params)):
        raise NotBulkInsertable("the new ids could not be told apart")
    return [row[0] for row in rows]


def _values(mapper, connection, record) -> dict:
    """The INSERT parameters the unit of work would use for this record; the
    defaults it fills in are set on the record too."""
    state = inspect(record)
    if not state.transient:
        raise NotBulkInsertable("only new records")
    plan = _plan(mapper)
    # Values the unit of work derives are written into the record's dict, as it
    # writes them (no attribute events: nothing else sees this record yet).
    given = state.dict
    for rel_key, pairs in plan.foreign_keys:  # as the unit of work copies them
        if rel_key not in given:
            continue
        related = given[rel_key]
        for local_key, remote_key in pairs:
            value = None if related is None else getattr(related, remote_key)
            if related is not None and value is None:
                raise NotBulkInsertable(f"{rel_key} points to a record not yet saved")
            given[local_key] = value
    mapper.dispatch.before_insert(mapper, connection, state)  # listeners get the state, as in a flush
    values = {}
    for key, column_key, how, default in plan.columns:
        value = given.get(key)
        if how == "version":
            value = given[key] = mapper.version_id_generator(None)
        elif value is None and how != "plain":
            if how == "server":
                raise NotBulkInsertable(f"{key} has a server default")
            value = given[key] = default if how == "scalar" else default(None)
        values[column_key] = value
    return values


class _Plan:
    """What `_values` needs to know of a mapper, worked out once."""

    def __init__(self, mapper):
        self.foreign_keys = []
        for rel in mapper.relationships:
            if rel.direction is MANYTOONE:
                self.foreign_keys.append((rel.key, [
                    (mapper.get_property_by_column(local).key,
                     rel.mapper.get_property_by_column(remote).key)
                    for local, remote in rel.local_remote_pairs]))
        self.columns = []
        for prop in mapper.column_attrs:
            column = prop.columns[0]
            if column.primary_key:
                continue
            default = column.default
            if mapper.version_id_col is not None and column is mapper.version_id_col:
                how, arg = "version", None
            elif column.server_default is not None:
                how, arg = "server", None
            elif default is None:
                how, arg = "plain", None
            elif default.is_scalar:
                how, arg = "scalar", default.arg
            elif default.is_callable:
                how, arg = "callable", default.arg
            else:
                how, arg = "server", None  # a SQL expression: only the database knows
            self.columns.append((prop.key, column.key, how, arg))


_plans: dict = {}


def _plan(mapper) -> _Plan:
    plan = _plans.get(mapper)
    if plan is None:
        plan = _plans[mapper] = _Plan(mapper)
    return plan
