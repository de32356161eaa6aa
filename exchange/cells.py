"""Spreadsheet cells that stay data (CSV and formula injection).

A cell beginning with = + - @ (or a tab or carriage return, or the full-width
forms some keyboards type) is read by Excel and LibreOffice as a formula: a
citizen's report named `=HYPERLINK(...)` would become a working link in the
workbook of the DCPU who exported it. Every writer of a CSV or XLSX file
(record exports, Flask-Admin's list export, monthly summaries, the import's
rejects file) passes its cells through `neutralise`, which puts an apostrophe
before such a cell; XLSX cells are also written with the text data type, never
as formulas. The importer passes every cell it reads through `restore`, the
exact inverse, so an exported file imported again gives back exactly what was
stored (a phone number "+91 98765 43210" included).

The rule is a bijection: an apostrophe goes before text that starts with a
formula character (after leading spaces too) or with an apostrophe, and
`restore` takes one off only where `neutralise` would have put it. So "'=x" is
written "''=x" and read back as "'=x"; a file from elsewhere with "'+91..."
(Excel's way of keeping a number as text) reads as "+91..."; "'hello" there
stays "'hello"."""
from __future__ import annotations

QUOTE = "'"
FORMULA_STARTS = frozenset("=+-@\t\r\n\uff1d\uff0b\uff0d\uff20")


def _needs_quote(text: str) -> bool:
    if not text:
        return False
    return (text[0] == QUOTE or text[0] in FORMULA_STARTS
            or text.lstrip()[:1] in FORMULA_STARTS)


def neutralise(value):
    """The cell as written to a CSV or XLSX file: text that a spreadsheet would
    run as a formula gets a leading apostrophe; anything else is unchanged
    (numbers stay numbers)."""
    if isinstance(value, str):
        text = str.__str__(value)  # a Markup would escape the apostrophe
        return QUOTE + text if _needs_quote(text) else text
    return value


def restore(value):
    """The inverse of `neutralise`, for a cell read from a file."""
    if isinstance(value, str) and value[:1] == QUOTE and _needs_quote(value[1:]):
        return value[1:]
    return value


def xlsx_row(sheet, values) -> list:
    """Cells for `sheet.append` (normal or write-only sheets): values neutralised,
    and text written as text (openpyxl would store a string beginning with "="
    as a live formula)."""
    from openpyxl.cell.cell import Cell
    row = []
    for value in values:
        cell = Cell(sheet, row=1, column=1, value=neutralise(value))
        if isinstance(cell.value, str):
            cell.data_type = "s"
        row.append(cell)
    return row
