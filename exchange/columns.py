"""The documented column set (docs/exchange.md): one list per kind, the same
for import and export, with synonyms for common headings.

A column is read into the panel form's field of the same name (`field`), so
every value passes the checks a hand-entered record passes. Headings match
ignoring case, spaces, dots, dashes and underscores; the panel's own labels
(in English and in the user's language) are accepted too."""
import re
import unicodedata
from dataclasses import dataclass

from flask_babel import force_locale
from flask_babel import lazy_gettext as _l

from models import Child, FoundReport, MissingReport, choices


@dataclass(frozen=True)
class Column:
    key: str                     # the heading an export writes
    kind: str                    # text, int, date, datetime, bool, choice, relation, state, code,
                                 # ref, record (Bal Setu's report number), version
    field: str | None = None     # the form field it fills (relations: the relation field)
    by: str = ""                 # relations: "name" or "code"
    choices: tuple = ()
    synonyms: tuple[str, ...] = ()
    default: str | None = None   # bool: the value when the cell is empty
    label: object = None
    sensitive: bool = False
    attr: str | None = None      # model attribute (default: field)


def _t(key, **kw):
    return Column(key, "text", field=key, **kw)


def _i(key, **kw):
    return Column(key, "int", field=key, **kw)


def _c(key, choices, **kw):
    return Column(key, "choice", field=key, choices=choices, **kw)


_SOURCE = Column("source_ref", "ref", label=_l("Source reference"), synonyms=(
    "source id", "source reference", "external id", "external reference", "reference", "ref",
    "ref no", "zipnet id", "cctns id", "ncrb id", "record id", "unique id", "serial no",
    "admission no", "admission number", "register no"))
_STATE = Column("state", "state", label=_l("State"), synonyms=("state name",))
_DISTRICT = Column("district", "relation", field="district", by="name",
                   synonyms=("district name", "dist", "jilla", "zilla", "जिला", "જિલ્લો"))
_DISTRICT_CODE = Column("district_code", "relation", field="district", by="code",
                        label=_l("District code"), synonyms=("dist code", "district id"))
_UNIT = Column("police_unit", "relation", field="police_unit", by="name", synonyms=(
    "police station", "ps", "ps name", "station", "police station name", "thana", "unit",
    "पुलिस थाना", "थाना", "પોલીસ સ્ટેશન"))
_UNIT_CODE = Column("police_unit_code", "relation", field="police_unit", by="code",
                    label=_l("Police unit code"), synonyms=("ps code", "police station code",
                                                            "station code", "unit code"))
# Bal Setu's own report number and the version the file was made from: an
# exported file carries them, so a row sent back updates that report, and is
# refused if the report has changed in Bal Setu since (exchange/importer.py).
RECORD_PREFIX = {"missing": "M", "found": "F"}
_REPORT_NUMBER = Column("report_number", "record", label=_l("Bal Setu report number"), synonyms=(
    "bal setu report number", "bal setu report no", "report number", "report no"))
_VERSION = Column("version", "version", label=_l("Version in Bal Setu"), synonyms=(
    "bal setu version", "record version"))
_NAMES = (
    _t("aliases", synonyms=("alias", "other names", "pet name", "pet names", "nick name",
                            "nickname", "also known as", "aka")),
    _t("father_name", synonyms=("father", "fathers name", "father name", "name of father",
                                "पिता का नाम", "પિતાનું નામ")),
    _t("mother_name", synonyms=("mother", "mothers name", "mother name", "name of mother",
                                "माता का नाम", "માતાનું નામ")),
)
_GENDER = _c("gender", choices.GENDERS, synonyms=("sex", "लिंग", "જાતિ"))
_LOOKS = (
    _i("height_cm", synonyms=("height", "height in cm", "height cms")),
    _c("build", choices.BUILDS, synonyms=("body build", "physique")),
    _c("complexion", choices.COMPLEXIONS, synonyms=("colour", "color", "skin colour")),
    _t("clothes", synonyms=("clothing", "dress", "wearing", "clothes worn", "dress worn")),
    _t("identification_marks", synonyms=("identification mark", "marks", "id marks",
                                         "identity marks", "mole", "पहचान चिह्न", "ઓળખ ચિહ્ન")),
    _t("languages", synonyms=("language", "language spoken", "languages known", "mother tongue",
                              "भाषा", "ભાષા")),
)

# The day reported to the police: the file's FIR/GD date or "reported on" column
# (empty: the day of import, as hand entry defaults to the day of entry).
_REPORTED_ON = Column("reported_on", "date", field="reported_on", synonyms=(
    "reported on", "date reported", "date of report", "reporting date", "fir date", "date of fir",
    "fir dated", "gd date", "date of gd", "gd entry date", "dd date", "complaint date",
    "date of complaint"))

MISSING = (
    _SOURCE,
    _t("fir_number", synonyms=("fir", "fir no", "fir number", "crime no", "crime number",
                               "case no", "एफआईआर")),
    _t("gd_number", synonyms=("gd", "gd no", "gd entry", "gd entry no", "dd no", "diary no",
                              "general diary no", "station diary no")),
    _REPORTED_ON,
    _STATE, _DISTRICT, _DISTRICT_CODE, _UNIT, _UNIT_CODE,
    _t("child_name", synonyms=("name", "name of child", "child name", "missing person name",
                               "name of missing child", "बच्चे का नाम", "नाम", "બાળકનું નામ", "નામ")),
    *_NAMES, _GENDER,
    _i("age_years", synonyms=("age", "age years", "age in years", "उम्र", "आयु", "ઉંમર")),
    *_LOOKS,
    _t("description"),
    _t("place_missing", synonyms=("place", "missing from", "place of missing",
                                  "last seen at", "place last seen", "location")),
    Column("missing_at", "datetime", field="missing_at", synonyms=(
        "date missing", "missing date", "date of missing", "missing on", "missing since",
        "date and time of missing", "last seen on", "date")),
    _c("reason", choices.MISSING_REASONS, synonyms=("reason for missing", "why missing", "cause")),
    _c("runaway_reason", choices.RUNAWAY_REASONS, synonyms=("reason for running away",)),
    _t("guardian_name", synonyms=("guardian", "parent", "parent name", "complainant",
                                  "complainant name")),
    _t("guardian_relation", synonyms=("relation", "relationship")),
    _t("guardian_phone", sensitive=True, synonyms=("phone", "mobile", "mobile no", "contact no",
                                                   "guardian mobile", "complainant mobile")),
    _t("guardian_address", sensitive=True, synonyms=("address", "home address",
                                                     "complainant address")),
    _t("reported_by_name", synonyms=("reported by", "informant", "informant name")),
    _t("reported_by_phone", sensitive=True, synonyms=("informant phone", "informant mobile")),
    _c("status", choices.MISSING_STATUSES, synonyms=("case status",)),
    _t("investigating_officer", synonyms=("io", "io name", "investigating officer name",
                                          "name of io", "जांच अधिकारी", "તપાસ અધિકારી")),
    _t("investigating_officer_phone", synonyms=("io phone", "io mobile", "io contact",
                                                "investigating officer mobile")),
    Column("traced_at", "datetime", field="traced_at", synonyms=("traced on", "date traced",
                                                                 "recovered on", "date of recovery")),
    _t("traced_by", synonyms=("traced by whom", "recovered by", "traced by unit")),
    _t("traced_place", synonyms=("place traced", "traced where", "traced from", "recovered from",
                                 "place of recovery", "place of tracing")),
    Column("publish_consent", "bool", field="publish_consent", default="",
           synonyms=("consent to publish", "publish", "publication consent")),
    _REPORT_NUMBER, _VERSION,
)

FOUND = (
    _SOURCE,
    _STATE, _DISTRICT, _DISTRICT_CODE, _UNIT, _UNIT_CODE,
    Column("placed_institution", "relation", field="placed_institution", by="name",
           synonyms=("institution", "cci", "placed at", "home", "shelter")),
    Column("placed_institution_code", "relation", field="placed_institution", by="code",
           label=_l("Institution registration number"),
           synonyms=("cci code", "cci registration no", "institution code")),
    Column("child_code", "relation", field="child", by="code", label=_l("Child ID"),
           synonyms=("child id", "bal setu id")),
    _t("child_name", synonyms=("name", "name of child", "child name", "बच्चे का नाम", "नाम",
                               "બાળકનું નામ", "નામ")),
    *_NAMES,
    _t("family_details", sensitive=True, synonyms=("family", "family information")),
    _GENDER,
    _i("estimated_age_years", synonyms=("age", "estimated age", "approx age", "approximate age",
                                        "उम्र", "आयु", "ઉંમર")),
    *_LOOKS,
    Column("can_speak", "bool", field="can_speak", default="y", synonyms=("speaks",)),
    Column("can_hear", "bool", field="can_hear", default="y", synonyms=("hears",)),
    Column("found_at", "datetime", field="found_at", synonyms=(
        "date found", "found date", "found on", "date of recovery", "recovered on",
        "date and time found", "date")),
    _t("place_found", synonyms=("place", "found at place", "place of recovery", "location",
                                "recovered from")),
    _t("found_by", synonyms=("recovered by", "rescued by", "finder")),
    _t("finder_contact", sensitive=True, synonyms=("finder phone", "finder mobile")),
    _t("circumstances"),
    _t("accompanied_by", synonyms=("with whom", "accompanied")),
    Column("produced_at", "datetime", field="produced_at", synonyms=(
        "produced on", "date of production", "produced before cwc")),
    _REPORTED_ON,
    _c("status", choices.FOUND_STATUSES, synonyms=("case status",)),
    _REPORT_NUMBER, _VERSION,
)

CHILDREN = (
    Column("child_code", "code", label=_l("Child ID"), synonyms=("child id", "bal setu id")),
    _SOURCE,
    _t("name", synonyms=("child name", "name of child", "child's name", "नाम", "बच्चे का नाम",
                         "નામ", "બાળકનું નામ")),
    *_NAMES, _GENDER,
    Column("date_of_birth", "date", field="date_of_birth", synonyms=("dob", "birth date",
                                                                     "date of birth", "जन्म तिथि")),
    _i("estimated_age_years", synonyms=("age", "estimated age", "approx age", "उम्र", "ઉંમર")),
    # Not on the form: the day the estimate was made (default: the day of import).
    Column("age_recorded_on", "date", synonyms=("age as on", "age recorded on", "age on")),
    _c("category", choices.CHILD_CATEGORIES, synonyms=("child category", "type")),
    _c("sub_category", choices.SUBCATEGORIES, synonyms=("subcategory", "sub category")),
    _c("status", choices.CHILD_STATUSES, synonyms=("current status",)),
    _STATE, _DISTRICT, _DISTRICT_CODE,
    Column("institution", "relation", field="institution", by="name",
           synonyms=("cci", "cci name", "home", "institution name")),
    Column("institution_code", "relation", field="institution", by="code",
           label=_l("Institution registration number"),
           synonyms=("cci code", "cci registration no", "registration no")),
    _LOOKS[5], _LOOKS[4],  # languages, identification marks
    _t("disability"),
    Column("hearing_impaired", "bool", field="hearing_impaired", default=""),
    Column("speech_impaired", "bool", field="speech_impaired", default=""),
    Column("admitted_on", "date", field="admitted_on", synonyms=("date of admission",
                                                                 "admission date", "admitted")),
    Column("case_opened_on", "date", field="case_opened_on", synonyms=(
        "date of first production", "first produced on", "production date")),
    _t("guardian_contact", sensitive=True, synonyms=("guardian", "guardian phone",
                                                     "parent contact", "contact")),
    _t("address", sensitive=True, synonyms=("home address", "permanent address")),
    _t("medical_notes", sensitive=True, synonyms=("medical", "health notes")),
    _t("offence_details", sensitive=True, synonyms=("offence", "offense", "sections",
                                                    "offence details")),
)

COLUMNS = {"missing": MISSING, "found": FOUND, "children": CHILDREN}
MODELS = {"missing": MissingReport, "found": FoundReport, "children": Child}
SCREENS = {"missing": "missing_report", "found": "found_report", "children": "child"}
KIND_LABELS = {"missing": _l("Missing children"), "found": _l("Found children"),
               "children": _l("Children")}


def label_of(column: Column):
    # Imported here, not at the top: importing admin_views registers the panel's
    # views, which import this package (a script importing exchange first would
    # otherwise meet a half-initialised module).
    from admin_views.labels import LABELS
    return column.label or LABELS.get(column.key) or LABELS.get(column.field or "") or column.key


# Separators: anything but letters, digits and the Indic scripts' vowel signs and
# viramas (which `\w` does not count as word characters: "पुरुष" must stay whole).
_SEPARATORS = re.compile(r"[^\w\u0900-\u0DFF]+|_+")


def squash(text) -> str:
    """A heading or value as compared: case, spaces and punctuation ignored, and
    letters compared in one Unicode form (a nukta typed apart or composed)."""
    text = str(text or "").strip().lower().replace("'", "").replace("\u2019", "")
    return _SEPARATORS.sub(" ", unicodedata.normalize("NFC", text)).strip()


def heading_index(kind: str, language: str | None = None) -> dict[str, Column]:
    """Every accepted heading (squashed) -> its column."""
    index: dict[str, Column] = {}
    columns = COLUMNS[kind]
    for column in columns:
        for name in (column.key, *column.synonyms):
            index.setdefault(squash(name), column)
    for locale in dict.fromkeys(["en", language or "en"]):
        with force_locale(locale):
            for column in columns:
                index.setdefault(squash(str(label_of(column))), column)
    return index


def map_headings(kind: str, headings: list[str], language: str | None = None):
    """(mapping: position -> column, unknown headings, repeated columns)."""
    index = heading_index(kind, language)
    mapping, unknown, seen, repeated = {}, [], set(), []
    for position, heading in enumerate(headings):
        key = squash(heading)
        if not key:
            continue
        column = index.get(key)
        if column is None:
            unknown.append(heading)
        elif column.key in seen:
            repeated.append(heading)
        else:
            seen.add(column.key)
            mapping[position] = column
    return mapping, unknown, repeated


def choice_lookup(column: Column, language: str | None = None) -> dict[str, str]:
    """Accepted spellings of a choice -> its stored code: the code, the label in
    English and in the user's language, and common short forms."""
    table = {}
    for code, _label in column.choices:
        table[squash(code)] = code
    for locale in dict.fromkeys(["en", language or "en"]):
        with force_locale(locale):
            for code, label in column.choices:
                table.setdefault(squash(str(label)), code)
    if column.key == "gender":
        table.update({"m": "male", "boy": "male", "f": "female", "girl": "female",
                      "t": "transgender", "tg": "transgender", "third gender": "transgender",
                      "other": "transgender", "not known": "unknown", "u": "unknown",
                      "nk": "unknown", "पुरुष": "male", "लड़का": "male", "महिला": "female",
                      "लड़की": "female", "પુરુષ": "male", "છોકરો": "male", "સ્ત્રી": "female",
                      "છોકરી": "female"})
    if column.key == "reason":
        table.update({"runaway": "ran_away", "ran away": "ran_away", "kidnapping": "kidnapped",
                      "abduction": "kidnapped", "trafficking": "trafficked"})
    return table


TRUE_WORDS = {"y", "yes", "true", "1", "हाँ", "हां", "हा", "હા", "x"}
FALSE_WORDS = {"n", "no", "false", "0", "नहीं", "ना", "ના", "ન"}


def required_columns(kind: str, form_class) -> list[Column]:
    """Columns whose form field the panel requires (the form decides)."""
    form = form_class(meta={"csrf": False})
    required = []
    for column in COLUMNS[kind]:
        if (column.field and column.kind != "relation" and column.field in form._fields
                and form._fields[column.field].flags.required):
            required.append(column)
    return required
