"""Data exchange with police and national systems (NCRB, CCTNS, ZIPNET) and the
spreadsheets districts keep: import and export of missing reports, found-child
reports and children in one documented column set (docs/exchange.md).

Modules: `columns` (the column set, synonyms, values), `dates` (dates as Indian
offices write them), `parse` (CSV and XLSX reading, encoding and shape checks),
`importer` (rows through the panel's own forms, scope, audit and matching),
`exporter` (the same columns out, scoped like the list screens), `cells` (cells
that never become spreadsheet formulas, and the importer's exact inverse)."""


class ExchangeError(Exception):
    """A file that cannot be imported at all: nothing was written."""


KINDS = ("missing", "found", "children")
