"""A summary as long-format records, CSV, XLSX and JSON (one row per unit,
indicator; a column per gender and the total)."""
from __future__ import annotations

import csv
import io
import json

from exchange.cells import neutralise, xlsx_row
from summaries.indicators import GENDER_CODES
from summaries.table import Summary

HEADER = ("month", "level", "unit_level", "unit_id", "unit_code", "unit_name", "section",
          "indicator", "indicator_label", "male", "female", "transgender", "not_known", "total")


def records(summary: Summary):
    """Tuples in HEADER order: every row of the summary, then its total, per indicator."""
    month, level = str(summary.month), summary.selection.level
    for section, indicators in summary.sections():
        for indicator in indicators:
            for row in [*summary.rows, summary.total]:
                if indicator.key not in row.applicable:
                    continue
                value = row.values.get(indicator.key)
                unit_level = "total" if row is summary.total else row.level
                head = (month, level, unit_level, row.unit_id or "", row.code, str(row.name),
                        section.key, indicator.key, str(indicator.label))
                if indicator.gendered:
                    genders = [value[g] for g in GENDER_CODES]
                    yield head + (*genders, sum(genders))
                else:
                    yield head + ("", "", "", "", "" if value is None else value)


def to_csv(summary: Summary) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(HEADER)
    for record in records(summary):
        writer.writerow([neutralise(v) for v in record])  # names typed by users stay text
    return buffer.getvalue()


def to_xlsx(summary: Summary, title: str = "Summary") -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    sheet = book.active
    sheet.title = title[:31] or "Summary"
    sheet.append(list(HEADER))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for record in records(summary):
        sheet.append(xlsx_row(sheet, record))
    sheet.freeze_panes = "A2"
    for column, width in zip("ABCDEFGHIJKLMN", (9, 11, 11, 8, 12, 28, 16, 28, 44, 8, 8, 12, 10, 8)):
        sheet.column_dimensions[column].width = width
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def to_json(summary: Summary) -> str:
    def unit(row):
        return {"id": row.unit_id, "code": row.code, "name": str(row.name), "level": row.level,
                "figures": {key: row.values.get(key) for key in sorted(row.applicable)}}
    return json.dumps({"month": str(summary.month), "level": summary.selection.level,
                       "unit": str(summary.selection.name),
                       "rows": [unit(r) for r in summary.rows], "total": unit(summary.total)},
                      ensure_ascii=False, indent=1)
