"""Export in the import's own column set, scoped and filtered as the list screen.

The rows are the list screen's (`view.get_list` with the request's search,
filters and sort: scope, archive mode and all), every row of them; sensitive
columns are left empty where the view says the user may not see them
(`view.sees_sensitive`), so a file exported can be imported elsewhere."""
import csv
import io
from datetime import date, datetime

from exchange import columns as file_columns
from exchange.cells import neutralise, xlsx_row
from exchange.dates import show_date, show_datetime
from exchange.importer import find_view

CHUNK = 1000
_KIND_OF = {model: kind for kind, model in file_columns.MODELS.items()}


def _value(record, column):
    kind = column.kind
    if kind == "ref":
        return record.source_ref or ""
    if kind == "code":
        return record.child_code or ""
    if kind == "record":
        return f"{file_columns.RECORD_PREFIX[_KIND_OF[type(record)]]}-{record.id}"
    if kind == "version":
        return str(record.version)
    if kind == "state":
        district = record.district
        return district.state.name if district is not None else ""
    if kind == "relation":
        if column.field == "child":
            return record.child.child_code if record.child is not None else ""
        target = getattr(record, column.field)
        if target is None:
            return ""
        if column.by == "name":
            return target.name
        return (target.code if hasattr(target, "code") else target.registration_number) or ""
    value = getattr(record, column.attr or column.field or column.key)
    if value is None:
        return ""
    if kind == "bool":
        return "yes" if value else "no"
    if isinstance(value, datetime):
        return show_datetime(value)
    if isinstance(value, date):
        return show_date(value)
    return str(value)


def export_columns(kind):
    return list(file_columns.COLUMNS[kind])


def rows_for(kind: str, list_args=None):
    """Yield the heading row, then one row per record, for the current user
    (call inside a request as that user). `list_args` are the list screen's
    (search, filters, sort); None reads them from the request."""
    view = find_view(file_columns.SCREENS[kind])
    args = list_args or view._get_list_extra_args()
    sort = view._get_column_by_idx(args.sort)
    _count, query = view.get_list(0, sort[0] if sort else None, args.sort_desc, args.search,
                                  args.filters, execute=False, page_size=False)
    columns = export_columns(kind)
    yield [c.key for c in columns]
    batch = []
    for record in query.yield_per(CHUNK) if hasattr(query, "yield_per") else query:
        batch.append(record)
        if len(batch) >= CHUNK:
            yield from _rows(view, batch, columns)
            batch = []
    if batch:
        yield from _rows(view, batch, columns)


def _rows(view, records, columns):
    view._remember_writable(records)
    for record in records:
        sees = view.sees_sensitive(record)
        yield [("" if column.sensitive and not sees else _value(record, column))
               for column in columns]


def to_csv(rows) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    for row in rows:
        writer.writerow([neutralise(cell) for cell in row])
    return ("\ufeff" + out.getvalue()).encode("utf-8")  # a BOM: Excel reads it as UTF-8


def to_xlsx(rows) -> bytes:
    from openpyxl import Workbook
    book = Workbook(write_only=True)
    sheet = book.create_sheet()
    for row in rows:
        sheet.append(xlsx_row(sheet, row))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
