"""A month summary of one unit: its rows (units one level down) and its total.

The total is computed for the unit itself, not added up from the rows: a
transfer between two districts of a state is an admission and an exit of each
district, but not of the state."""
from __future__ import annotations

from dataclasses import dataclass, field

from flask_babel import lazy_gettext as _l

from summaries import indicators
from summaries.levels import Selection, row_units
from summaries.periods import Month


@dataclass
class Row:
    unit_id: int | None
    code: str
    name: str
    level: str  # the level of this row's unit
    values: dict = field(default_factory=dict)  # indicator key -> {gender: n} | int | None
    applicable: set = field(default_factory=set)  # indicator keys that have a place here

    def cell(self, key):
        return self.values.get(key)


@dataclass
class Summary:
    selection: Selection
    month: Month
    rows: list[Row]
    total: Row

    def sections(self):
        """The sections that have any figure at this level."""
        out = []
        for section in indicators.SECTIONS:
            shown = [i for i in section.indicators if i.key in self.total.applicable]
            if shown:
                out.append((section, shown))
        return out


def _fill(row: Row, figures: dict, applicable) -> None:
    """Every applicable indicator gets all four genders (zeros where nothing counted)."""
    for key, indicator in indicators.INDICATORS.items():
        if not applicable(indicator):
            row.values[key] = None
            continue
        row.applicable.add(key)
        value = figures.get(key)
        if indicator.gendered:
            row.values[key] = dict(value) if value else dict.fromkeys(indicators.GENDER_CODES, 0)
        elif key == "care.capacity":
            row.values[key] = int(value or 0)
        elif key in indicators.RATES:
            row.values[key] = value
    in_care = row.values.get("care.in_care")
    capacity = row.values.get("care.capacity")
    if in_care is not None:
        row.values["care.occupancy"] = (round(100.0 * sum(in_care.values()) / capacity, 1)
                                        if capacity else None)


def build(selection: Selection, month: Month) -> Summary:
    row_level = selection.row_level
    by_rows = "institution" if selection.level == "institution" else row_level
    by_total = "nation" if selection.level == "national" else selection.level
    rows_grouping = indicators.Grouping(by_rows, selection)
    total_grouping = indicators.Grouping(by_total, selection)

    row_figures = indicators.compute(rows_grouping, month)
    if rows_grouping == total_grouping:
        total_figures = row_figures
    else:
        total_figures = indicators.compute_total(total_grouping, month, row_figures, by_rows)

    district_rows = row_level != "institution"
    district_total = selection.level != "institution"
    rows = []
    for unit_id, code, name in row_units(selection):
        row = Row(unit_id, code, name, row_level)
        _fill(row, row_figures.get(unit_id, {}),
              lambda ind: ind.belongs == "institution" or district_rows)
        rows.append(row)
    total = Row(selection.unit_id, "", selection.name, selection.level)
    total_key = 0 if selection.level == "national" else selection.unit_id
    _fill(total, total_figures.get(total_key, {}),
          lambda ind: ind.belongs == "institution" or district_total)
    return Summary(selection, month, rows, total)


# The headline figures, first on the home page and on the monthly summary.
HEADLINE_LABELS = {
    "missing.reported": _l("Missing children reported"),
    "missing.traced": _l("Missing children traced"),
    "missing.untraced": _l("Missing children untraced"),
    "care.in_care": _l("Children in care"),
    "care.admissions": _l("Admissions"),
    "care.exits": _l("Exits"),
}


def _headline_keys(level: str) -> list[str]:
    keys = ["care.in_care", "care.admissions", "care.exits"]
    if level != "institution":
        keys = ["missing.reported", "missing.traced", "missing.untraced"] + keys
    return keys


def headline_of(summary) -> dict:
    """The headline figures of a built summary (its total row): no second query."""
    return {k: sum((summary.total.values.get(k) or {}).values())
            for k in _headline_keys(summary.selection.level)}


def headline(selection: Selection, month: Month) -> dict:
    """The dashboard's figures for one unit and month: totals only."""
    by_total = "nation" if selection.level == "national" else selection.level
    grouping = indicators.Grouping(by_total, selection)
    indicators.prepare_session()
    out: dict = {}
    indicators.missing_figures(grouping, month, out)
    indicators.care_figures(grouping, month, out)
    key = 0 if selection.level == "national" else selection.unit_id
    figures = out.get(key, {})
    return {k: sum((figures.get(k) or {}).values()) for k in _headline_keys(selection.level)}


def trend(selection: Selection, month: Month, months: int = 12) -> dict:
    """Twelve months up to `month`: missing reported, traced, and children in care."""
    return indicators.trend(selection, [month.shift(-n) for n in range(months - 1, -1, -1)])
