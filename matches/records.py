"""Missing and found reports as the matching engine's records, and as match cards.

A match card is the one window across jurisdictions (DESIGN "Across
jurisdictions"): names, age, gender, height, marks, languages, place and date,
photo and the unit to call, nothing else."""
from zoneinfo import ZoneInfo

from models import FoundReport, MissingReport
from models.report_changes import KIND_OF

INDIA = ZoneInfo("Asia/Kolkata")
MODEL_OF = {"missing": MissingReport, "found": FoundReport}


def engine_id(report) -> str:
    return f"{KIND_OF[type(report)]}:{report.id}"


def in_index(report) -> bool:
    """Only children still being looked for are matched."""
    if report.archived_at is not None:
        return False
    if isinstance(report, MissingReport):
        return report.status == "open"
    return report.status == "open" and report.missing_report_id is None


def engine_record(report) -> dict:
    missing = isinstance(report, MissingReport)
    when = report.missing_at if missing else report.found_at
    name = report.child_name or ""
    if report.aliases:
        first_alias = report.aliases.split(",")[0].strip()
        name = f"{name} urf {first_alias}" if name else first_alias
    return {
        "id": engine_id(report),
        "kind": KIND_OF[type(report)],
        "name": name,
        "father_name": report.father_name,
        "mother_name": report.mother_name,
        "gender": report.gender,
        "age_years": report.age_years if missing else report.estimated_age_years,
        "height_cm": report.height_cm,
        "identification_marks": report.identification_marks,
        "languages": report.languages,
        "build": report.build,
        "complexion": report.complexion,
        "clothes": report.clothes,
        "state": report.district.state.name if report.district else None,
        "district": report.district.name if report.district else None,
        "event_date": when.astimezone(INDIA).date().isoformat() if when else None,
    }


def card(report) -> dict:
    """The fields any reviewer may see of a record, in or out of their scope."""
    missing = isinstance(report, MissingReport)
    unit = report.police_unit
    return {
        "kind": KIND_OF[type(report)],
        "id": report.id,
        "name": report.child_name,
        "aliases": report.aliases,
        "father_name": report.father_name,
        "mother_name": report.mother_name,
        "gender": report.gender,
        "age": report.age_years if missing else report.estimated_age_years,
        "height_cm": report.height_cm,
        "identification_marks": report.identification_marks,
        "languages": report.languages,
        "place": report.place_missing if missing else report.place_found,
        "district": str(report.district) if report.district else None,  # the page's script
        "state": str(report.district.state) if report.district else None,
        "date": report.missing_at if missing else report.found_at,
        "has_photo": report.photo_id is not None,
        "contact_unit": str(unit) if unit else None,
        "contact_phone": unit.phone if unit else None,
    }
