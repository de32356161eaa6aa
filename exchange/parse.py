"""Reading a CSV or XLSX file into a heading row and data rows, with clear
messages for files that are not UTF-8, not a table, or empty. Nothing here
touches the database."""
import csv
import io
import zipfile
from dataclasses import dataclass
from datetime import date, datetime, time

from flask_babel import gettext as _

from exchange import ExchangeError
from exchange.cells import restore

MAX_ROWS = 200_000
# The longest cell read: Excel's own limit is 32,767 characters, and no column
# of the set holds more than a few thousand. A longer cell rejects its row
# (the importer names the line and the column); the rest of the file goes on.
MAX_CELL = 131_072


class BadCell:
    """A cell that is read but cannot be used: the importer rejects its row with
    `why` (a formula whose value was never calculated, a cell too long)."""

    __slots__ = ("length", "why")

    def __init__(self, why: str, length: int = 0):
        self.why, self.length = why, length

    def __str__(self):
        # As the preview and the rejects file show it: a formula had no value;
        # a cell too long is not copied (the reason names its line and column).
        return "…" if self.why == TOO_LONG else ""


FORMULA_WITHOUT_VALUE = "formula"
TOO_LONG = "too_long"


@dataclass
class Table:
    headings: list[str]
    rows: list[list]          # cell values: str, or date/datetime from XLSX
    first_line: int           # the line (1-based) of the first data row in the file


def read_table(data: bytes, filename: str = "") -> Table:
    """Parse an uploaded or given file. Raises ExchangeError with a message for
    the user when it cannot be read as a table."""
    if not data or not data.strip():
        raise ExchangeError(_("The file is empty."))
    name = (filename or "").lower()
    if data[:4] == b"PK\x03\x04":
        return _read_xlsx(data)
    if data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" or name.endswith(".xls"):
        raise ExchangeError(_("This is an old Excel (.xls) file. Save it as an Excel workbook "
                              "(.xlsx) or as \"CSV UTF-8\" and upload that."))
    return _read_csv(_decode(data))


def _decode(data: bytes) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            pass
    elif data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    if b"\x00" in data[:4096]:
        raise ExchangeError(_("The file is not a table in CSV or XLSX format (it holds binary "
                              "data, or text in UTF-16 without a byte-order mark). Save it as "
                              "\"CSV UTF-8\" or as an Excel workbook (.xlsx)."))
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[:exc.start].count(b"\n") + 1
        raise ExchangeError(_("The file is not in UTF-8 (line %(line)s cannot be read): it was "
                              "probably saved in an older encoding such as Windows-1252 or "
                              "ISCII. In Excel choose \"Save as: CSV UTF-8\", or upload the "
                              ".xlsx workbook itself. Nothing was imported.", line=line))


def _read_csv(text: str) -> Table:
    # Python's reader refuses a field over 131,072 characters and with it the
    # whole file; the limit is raised (never lowered: it is the process's) so
    # the long cell is read and its row alone rejected (`_checked`).
    if csv.field_size_limit() < len(text) + 1:
        csv.field_size_limit(len(text) + 1)
    sample = text[:20000]
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=",;\t|")
    except csv.Error:
        dialect = csv.excel
    try:
        rows = list(csv.reader(io.StringIO(text, newline=""), dialect))
    except csv.Error as exc:
        raise ExchangeError(_("The file could not be read as CSV: %(error)s", error=str(exc)))
    return _table(rows)


def _cell(value):
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value if (value.hour, value.minute, value.second) != (0, 0, 0) else value.date()
    if isinstance(value, (date, time)):
        return value
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


def _read_xlsx(data: bytes) -> Table:
    from openpyxl import load_workbook
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise ExchangeError(_("The file is not an Excel workbook that can be read (%(error)s). "
                              "Save it again as .xlsx or as \"CSV UTF-8\".", error=str(exc)))
    try:
        sheet = book.worksheets[0]
        rows = [[_cell(v) for v in row] for row in sheet.iter_rows(min_row=1, min_col=1, values_only=True)]
        sheet_path = sheet._worksheet_path
    finally:
        book.close()
    for line, position in _formulas_without_values(data, sheet_path):
        if line < len(rows) and position < len(rows[line]) and rows[line][position] == "":
            rows[line][position] = BadCell(FORMULA_WITHOUT_VALUE)
    return _table(rows)


def _formulas_without_values(data: bytes, sheet_path: str):
    """(row, column), from 0, of the sheet's formula cells that hold no value: a
    workbook written by a program (not saved by Excel) may hold formulas whose
    value was never calculated, which read as empty cells. A formula is an <f>
    in a cell, its last value a <v> beside it (ECMA-376 part 1, 18.3.1.4)."""
    from xml.etree.ElementTree import iterparse
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        raw = archive.read(sheet_path.lstrip("/"))
    if b"<f" not in raw and b":f>" not in raw and b":f " not in raw:
        return []  # no formula at all: the usual file, read once
    found = []
    for _event, element in iterparse(io.BytesIO(raw)):
        if element.tag.rsplit("}", 1)[-1] != "c":
            continue
        parts = {child.tag.rsplit("}", 1)[-1]: child for child in element}
        value = parts.get("v")
        # An empty <v/> is no value, unless the formula's result is typed as
        # text (t="str"): an empty text, as Excel writes it.
        if "f" in parts and element.get("r") and (
                value is None or (not value.text and element.get("t") != "str")):
            found.append(_position(element.get("r")))
        element.clear()
    return found


def _position(reference: str) -> tuple[int, int]:
    from openpyxl.utils.cell import coordinate_to_tuple
    row, column = coordinate_to_tuple(reference)
    return row - 1, column - 1


def _blank(row) -> bool:
    return all((str(c).strip() == "" if isinstance(c, str) else c is None) for c in row)


def _checked(cell):
    if isinstance(cell, str) and len(cell) > MAX_CELL:
        return BadCell(TOO_LONG, len(cell))
    return restore(cell)


def _table(rows: list[list]) -> Table:
    line = 0
    while line < len(rows) and _blank(rows[line]):
        line += 1
    if line >= len(rows):
        raise ExchangeError(_("The file is empty."))
    headings = [str(h).strip() for h in rows[line]]
    while headings and not headings[-1]:
        headings.pop()
    if len([h for h in headings if h]) < 2:
        raise ExchangeError(_("The file does not look like a table: its first row should hold "
                              "column headings (at least two), and each further row one record."))
    body = []
    for row in rows[line + 1:]:
        if _blank(row):
            body.append(None)  # kept so line numbers stay true; skipped by the importer
            continue
        row = [_checked(cell) for cell in row[:len(headings)]] + [""] * (len(headings) - len(row))
        body.append(row)  # cells as exported: a neutralised formula character is taken off
    while body and body[-1] is None:
        body.pop()
    if len(body) > MAX_ROWS:
        raise ExchangeError(_("The file has %(count)s rows; import at most %(max)s at a time.",
                              count=len(body), max=MAX_ROWS))
    return Table(headings=headings, rows=body, first_line=line + 2)
