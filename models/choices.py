"""The fixed lists of DESIGN.md: stored as short English codes, shown translated.

Each list is an ordered tuple of (code, label) pairs, usable directly as WTForms
choices; `label_of(LIST, code)` gives the label for display."""
from flask_babel import lazy_gettext as _l

GENDERS = (
    ("male", _l("Male")),
    ("female", _l("Female")),
    ("transgender", _l("Transgender")),
    ("unknown", _l("Not known")),
)

CHILD_CATEGORIES = (
    ("CNCP", _l("Child in need of care and protection")),
    ("CCL", _l("Child in conflict with law")),
)

CNCP_SUBCATEGORIES = (
    ("no_home", _l("No home or means of living")),
    ("working_begging", _l("Working or begging")),
    ("abuser", _l("Living with an abuser")),
    ("disabled", _l("Disabled without support")),
    ("parent_unfit", _l("Parent or guardian unfit")),
    ("orphan", _l("Orphaned, abandoned or surrendered")),
    ("missing_runaway", _l("Missing or runaway")),
    ("abused", _l("Sexually abused or exploited")),
    ("drugs_trafficking", _l("At risk of drugs or trafficking")),
    ("child_marriage", _l("At risk of child marriage")),
)

CCL_SUBCATEGORIES = (
    ("petty", _l("Petty offence")),
    ("serious", _l("Serious offence")),
    ("heinous", _l("Heinous offence")),
)

SUBCATEGORIES = CNCP_SUBCATEGORIES + CCL_SUBCATEGORIES
SUBCATEGORIES_BY_CATEGORY = {
    "CNCP": {code for code, _ in CNCP_SUBCATEGORIES},
    "CCL": {code for code, _ in CCL_SUBCATEGORIES},
}

CHILD_STATUSES = (
    ("in_care", _l("In care")),
    ("restored", _l("Restored to family")),
    ("transferred", _l("Transferred")),
    ("foster_care", _l("In foster care")),
    ("adopted", _l("Adopted")),
    ("after_care", _l("After-care")),
    ("turned_18", _l("Turned 18")),
    ("absconded", _l("Absconded")),
)

MISSING_REASONS = (
    ("lost", _l("Lost")),
    ("ran_away", _l("Ran away")),
    ("kidnapped", _l("Kidnapped or abducted")),
    ("trafficked", _l("Trafficked")),
    ("abandoned", _l("Abandoned")),
    ("unknown", _l("Not known")),
)

RUNAWAY_REASONS = (
    ("scolded", _l("Scolded")),
    ("study_pressure", _l("Study pressure")),
    ("family_conflict", _l("Family conflict")),
    ("eloped", _l("Eloped")),
    ("other", _l("Other")),
)

MISSING_STATUSES = (
    ("open", _l("Open")),
    ("traced", _l("Traced")),
    ("closed", _l("Closed")),
)

FOUND_STATUSES = (
    ("open", _l("Open")),
    ("restored", _l("Restored to family")),
    ("placed", _l("Placed in a CCI")),
    ("closed", _l("Closed")),
)

BUILDS = (
    ("thin", _l("Thin")),
    ("medium", _l("Medium")),
    ("heavy", _l("Heavy")),
)

COMPLEXIONS = (
    ("fair", _l("Fair")),
    ("wheatish", _l("Wheatish")),
    ("dark", _l("Dark")),
)

CCI_TYPES = (
    ("childrens_home", _l("Children's Home")),
    ("observation_home", _l("Observation Home")),
    ("special_home", _l("Special Home")),
    ("place_of_safety", _l("Place of Safety")),
    ("open_shelter", _l("Open Shelter")),
    ("fit_facility", _l("Fit Facility")),
    ("saa", _l("Specialised Adoption Agency")),
)

POLICE_UNIT_KINDS = (
    ("station", _l("Police station")),
    ("sjpu", _l("Special Juvenile Police Unit")),
    ("ahtu", _l("Anti Human Trafficking Unit")),
)

POLICE_RECORD_KINDS = (
    ("gd", _l("GD entry")),
    ("fir", _l("FIR")),
    ("recovery_memo", _l("Recovery memo")),
    ("production_report", _l("Production report")),
)

CWC_ORDER_TYPES = (
    ("declaration_cncp", _l("Declaration as child in need of care and protection")),
    ("age_determination", _l("Age determination")),
    ("medical_examination", _l("Medical examination")),
    ("interim_placement", _l("Interim placement")),
    ("sir_ordered", _l("Social Investigation Report ordered")),
    ("restoration", _l("Restoration to family")),
    ("foster_care", _l("Foster care")),
    ("sponsorship", _l("Sponsorship")),
    ("after_care", _l("After-care")),
    ("legally_free", _l("Declared legally free for adoption")),
    ("transfer", _l("Transfer")),
    ("final_order", _l("Final order")),
)

JJB_ORDER_TYPES = (
    ("bail", _l("Bail")),
    ("placement_pending_inquiry", _l("Placement pending inquiry")),
    ("sir_ordered", _l("Social Investigation Report ordered")),
    ("referral_cwc", _l("Referral to CWC")),
    ("admonition", _l("Advice or admonition")),
    ("group_counselling", _l("Group counselling")),
    ("community_service", _l("Community service")),
    ("fine", _l("Fine")),
    ("probation", _l("Probation")),
    ("special_home", _l("Special home or place of safety")),
    ("inquiry_closed", _l("Inquiry closed")),
)

MATCH_STATUSES = (
    ("proposed", _l("Proposed")),
    ("confirmed", _l("Confirmed")),
    ("rejected", _l("Rejected")),
    ("closed", _l("Closed: the child was matched with another record")),
)

AUDIT_ACTIONS = (
    ("create", _l("Created")),
    ("update", _l("Changed")),
    ("archive", _l("Archived")),
    ("restore", _l("Restored from the archive")),
    ("signin_failed", _l("Failed sign-in")),
    ("signin_locked", _l("Sign-in locked")),
    ("signin_unlocked", _l("Sign-in unlocked")),
)

TRANSFER_STATUSES = (
    ("requested", _l("Requested")),
    ("accepted", _l("Accepted")),
    ("declined", _l("Declined")),
)


def label_of(choices, code):
    """The translated label of a stored code; unknown codes show as stored."""
    for value, label in choices:
        if value == code:
            return label
    return code or ""


def codes(choices) -> set[str]:
    return {value for value, _ in choices}
