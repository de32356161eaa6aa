"""Column and field labels and help texts, shared by every screen so that a
term reads the same everywhere (and is translated once)."""
from flask_babel import lazy_gettext as _l

LABELS = {
    "id": _l("Report no."), "child_code": _l("Child ID"), "name": _l("Name"), "child_name": _l("Child's name"),
    "aliases": _l("Other names and pet names"), "father_name": _l("Father's name"),
    "mother_name": _l("Mother's name"), "gender": _l("Gender"),
    "date_of_birth": _l("Date of birth"), "estimated_age_years": _l("Estimated age (years)"),
    "age_recorded_on": _l("Age recorded on"), "age_years": _l("Age (years)"),
    "category": _l("Category"), "sub_category": _l("Sub-category"), "status": _l("Status"),
    "languages": _l("Languages spoken"), "identification_marks": _l("Identification marks"),
    "disability": _l("Disability"), "hearing_impaired": _l("Hearing impaired"),
    "speech_impaired": _l("Speech impaired"), "admitted_on": _l("Admitted on"),
    "registered_at": _l("Registered"), "guardian_contact": _l("Guardian contact"),
    "address": _l("Address"), "medical_notes": _l("Medical notes"),
    "offence_details": _l("Offence details"), "photo": _l("Photo"), "photo_upload": _l("Photo"),
    "district": _l("District"), "state": _l("State"), "institution": _l("Institution"),
    "police_unit": _l("Police unit"), "height_cm": _l("Height (cm)"), "build": _l("Body build"),
    "complexion": _l("Complexion"), "clothes": _l("Clothes worn"),
    "description": _l("Description"), "place_missing": _l("Place missing from"),
    "missing_at": _l("Date and time missing"), "reason": _l("Reason"),
    "runaway_reason": _l("Reason for running away"), "guardian_name": _l("Parent or guardian"),
    "guardian_relation": _l("Relation to the child"), "guardian_phone": _l("Guardian's phone"),
    "guardian_address": _l("Guardian's address"), "reported_by_name": _l("Reported by"),
    "reported_by_phone": _l("Reporter's phone"), "gd_number": _l("GD entry number"),
    "fir_number": _l("FIR number"), "traced_at": _l("Traced on"),
    "investigating_officer": _l("Investigating officer"),
    "investigating_officer_phone": _l("Investigating officer's phone"),
    "traced_by": _l("Traced by"), "traced_place": _l("Place traced"),
    "reported_on": _l("Reported to police on"),
    "publish_consent": _l("Family agrees to publication"), "child": _l("Child"),
    "found_at": _l("Date and time found"), "place_found": _l("Place found"),
    "found_by": _l("Found by"), "finder_contact": _l("Finder's contact"),
    "circumstances": _l("Circumstances"), "accompanied_by": _l("Who the child was with"),
    "family_details": _l("Family details given by the child"), "can_speak": _l("Can speak"),
    "can_hear": _l("Can hear"), "placed_institution": _l("Placed at"),
    "produced_at": _l("Produced before CWC/JJB"), "missing_report": _l("Missing report"),
    "public_display_approved": _l("CWC approved public display"), "kind": _l("Type"),
    "number": _l("Number"), "report_date": _l("Date"), "found_report": _l("Found-child report"),
    "summary": _l("Summary"), "order_type": _l("Order type"), "order_number": _l("Order number"),
    "order_date": _l("Order date"), "next_hearing_date": _l("Next hearing"), "notes": _l("Notes"),
    "from_institution": _l("From institution"), "to_institution": _l("To institution"),
    "order_reference": _l("Order allowing the transfer"), "requested_at": _l("Requested on"),
    "requested_by": _l("Requested by"), "decided_at": _l("Decided on"), "decided_by": _l("Decided by"),
    "prepared_on": _l("Prepared on"), "review_on": _l("Review on"),
    "education_plan": _l("Education"), "health_plan": _l("Health"),
    "counselling_plan": _l("Counselling"), "vocational_plan": _l("Vocational training"),
    "restoration_plan": _l("Restoration"), "month": _l("Month"), "education": _l("Education"),
    "health": _l("Health"), "counselling": _l("Counselling"),
    "vocational": _l("Vocational training"), "cci_type": _l("CCI type"),
    "registration_number": _l("Registration number"), "capacity": _l("Capacity"),
    "phone": _l("Phone"), "email": _l("Email"), "has_computer": _l("Computer available"),
    "has_internet": _l("Internet available"), "active": _l("Active"), "code": _l("Code"),
    "helpline": _l("Helpline"), "username": _l("Username"), "full_name": _l("Full name"),
    "role": _l("Role"), "is_enabled": _l("Enabled"),
    "must_change_password": _l("Must change password"), "last_login_at": _l("Last sign-in"),
    "language": _l("Language"), "at": _l("When"), "action": _l("Action"),
    "table_name": _l("Record type"), "record_id": _l("Record ID"), "changes": _l("Changes"),
    "created_at": _l("Created on"), "updated_at": _l("Updated on"), "archived_at": _l("Archived"),
    "archive_reason": _l("Reason for archiving"), "registered_by": _l("Registered by"),
    "case_opened_on": _l("First produced before CWC/JJB"), "placements": _l("Stays in institutions"),
    "complied_on": _l("Date complied"), "closed_at": _l("Closed on"),
    "restored_at": _l("Restored on"),
}

# Foreign keys as the audit log names them.
LABELS.update({
    "child_id": LABELS["child"], "district_id": LABELS["district"], "state_id": LABELS["state"],
    "institution_id": LABELS["institution"], "police_unit_id": LABELS["police_unit"],
    "registered_by_id": LABELS["registered_by"], "photo_id": LABELS["photo"],
    "missing_report_id": LABELS["missing_report"], "found_report_id": LABELS["found_report"],
    "placed_institution_id": LABELS["placed_institution"],
    "from_institution_id": LABELS["from_institution"], "to_institution_id": LABELS["to_institution"],
    "requested_by_id": LABELS["requested_by"], "decided_by_id": LABELS["decided_by"],
    "archived_by_id": _l("Archived by"), "password_hash": _l("Password"),
    "score": _l("Score"), "reasons": _l("Reasons"), "decision_note": _l("Reason"),
    "proposed_at": _l("Proposed on"), "restoration_order_id": _l("Restoration order"),
    "admitted_on_placement": _l("Admitted on"), "left_on": _l("Left on"),
    "exit_kind": _l("Kind of exit"), "match_threshold": _l("Match threshold"),
    "pet_name": _l("Pet name"), "formal_names": _l("Formal names it stands for"),
})

# The public page's citizen reports (models/citizen.py) and the CWC's approval of a
# found child for public display (models/found.py).
LABELS.update({
    "victim_or_witness": _l("The child is a victim or witness of an offence"),
    "public_display_approved_by": _l("Public display approved by"),
    "public_display_approved_by_id": _l("Public display approved by"),
    "public_display_approved_at": _l("Public display approved on"),
    "reference": _l("Reference"), "place": _l("Place"), "event_at": _l("Date"),
    "reporter_name": _l("Sent by"), "reporter_phone": _l("Sender's phone"),
    "reporter_relation": _l("Sender's relation to the child"),
    "declaration_accepted": _l("Declaration made"), "submitted_at": _l("Received on"),
    "reject_reason_code": _l("Reason for rejecting"), "reject_reason": _l("Note for the sender"),
    "citizen_report": _l("Citizen's report"),
    "name_hi": _l("Name in Hindi (Devanagari)"), "name_gu": _l("Name in Gujarati"),
})

# Help texts: one line under each form field, saying what to write and why, in
# words a DCPU officer or a police constable uses. HELP holds the meaning a field
# name has on most screens; SCREEN_HELP what it means on one screen where it
# differs ("name" of a state, "reason" for a transfer). Views take help_for(screen)
# as column_descriptions; tests/test_help_texts.py finds any field left without.
HELP = {
    # places and units: the name each page shows in its own language
    "name_hi": _l("The same name in Devanagari, as Hindi pages show it; left empty, they show the English name."),
    "name_gu": _l("The same name in Gujarati script, as Gujarati pages show it; left empty, they show the English name."),
    # the child, as any record describes them
    "name": _l("The child's name as the child or the family says it, in any script; leave empty if not known."),
    "child_name": _l("The child's name as the child or the family says it, in any script; leave empty if not known."),
    "aliases": _l("Other names and pet names the child answers to (e.g. Munna, Pinky), separated by commas."),
    "father_name": _l("As the child or the family says it; it helps to find a match."),
    "mother_name": _l("As the child or the family says it; it helps to find a match."),
    "gender": _l("Choose “Not known” rather than guess."),
    "date_of_birth": _l("Only if known from a document (birth certificate, school record); otherwise give the estimated age."),
    "estimated_age_years": _l("Age in years as judged, when the date of birth is not known."),
    "age_years": _l("Age in years when the child went missing."),
    "languages": _l("Languages the child speaks, separated by commas (e.g. Gujarati, Hindi)."),
    "identification_marks": _l("Scars, moles, birthmarks, tattoos: where on the body and what they look like."),
    "height_cm": _l("In centimetres, measured or estimated (e.g. 120)."),
    "build": _l("The child's body build as seen."),
    "complexion": _l("The child's complexion as seen; leave empty if not sure."),
    "clothes": _l("What the child was wearing: colours and kind (e.g. red shirt, blue school shorts)."),
    "photo_upload": _l("A recent, clear photo of the face: JPEG, PNG or WebP, at most 5 MB."),
    "disability": _l("Any physical or mental disability and the support the child needs; leave empty if none."),
    "hearing_impaired": _l("Tick if the child cannot hear, or hears very little."),
    "speech_impaired": _l("Tick if the child cannot speak, or speaks with great difficulty."),
    # the child's case
    "category": _l("Care and protection: the case goes to the CWC. In conflict with law: to the JJB."),
    "sub_category": _l("Why the child needs care and protection, or the kind of offence alleged; it must fit the category."),
    "status": _l("Where the child stands now; change it when the child leaves care, is restored or transferred."),
    "institution": _l("The CCI where the child lives now; leave empty if the child is not in a CCI."),
    "district": _l("The district the record belongs to."),
    "admitted_on": _l("The day the child came into this CCI."),
    "case_opened_on": _l("The day the child was first produced before the CWC or JJB; it starts the 4-month clock for the final order or the inquiry."),
    "guardian_contact": _l("Name, relation and phone number of the parent or guardian; only those handling the case see it."),
    "address": _l("The family's home address, as complete as known: house, area or village, taluka, district."),
    "medical_notes": _l("Illnesses, medicines, injuries, allergies; only those handling the case see it."),
    "offence_details": _l("For a child in conflict with law only: FIR, sections and what is alleged; never shown to others."),
    # missing and found reports
    "description": _l("Anything else that helps to recognise the child: habits, way of speaking, belongings."),
    "place_missing": _l("Where the child was last seen: area, landmark, village or town."),
    "missing_at": _l("When the child was last seen, in India time; the hour if known."),
    "reason": _l("Why the child went missing, as far as is known; choose “Not known” rather than guess."),
    "runaway_reason": _l("Only for a child who ran away: the cause the family or the child gives."),
    "guardian_name": _l("The parent or guardian the police can contact about the child."),
    "guardian_relation": _l("For example mother, father, uncle, grandmother."),
    "guardian_phone": _l("A mobile number the police can call at any hour."),
    "guardian_address": _l("Where the family lives, so that the child can be taken home."),
    "reported_by_name": _l("Who came to report, if not the parent or guardian."),
    "reported_by_phone": _l("The phone number of the person who reported."),
    "gd_number": _l("The number of the General Diary (station diary) entry made for this report."),
    "fir_number": _l("The FIR number, if an FIR was registered (for example for kidnapping)."),
    "police_unit": _l("The police station or unit handling the case."),
    "traced_at": _l("When the child was found; needed when the status is “Traced”."),
    "investigating_officer": _l("The name and rank of the police officer investigating the case."),
    "investigating_officer_phone": _l("A phone number on which the investigating officer can be reached."),
    "traced_by": _l("Who traced the child: a police station, the railway police, an NGO, a person."),
    "traced_place": _l("Where the child was traced: area, landmark, town."),
    "reported_on": _l("The day the child was reported to the police or the DCPU (the FIR or GD date); today if left as it is. The monthly summary counts the report in this month."),
    "publish_consent": _l("Tick only if the family agrees that the child's photo, first name and age appear on the public page."),
    "family_details": _l("Names, village, school, anything the child says about the family: it helps to trace them."),
    "can_speak": _l("Tick if the child can talk with you."),
    "can_hear": _l("Tick if the child can hear you."),
    "found_at": _l("When the child was found, in India time."),
    "place_found": _l("Where the child was found: area, landmark, railway station, bus stand."),
    "found_by": _l("Who found the child: a person, an NGO, railway police, your own staff."),
    "finder_contact": _l("Phone number or address of whoever found the child."),
    "circumstances": _l("How the child was found: alone, lost, begging, working, in distress."),
    "accompanied_by": _l("Anyone who was with the child when found, and their relation if known."),
    "victim_or_witness": _l("Tick if the child is a victim or witness of an offence: such a child is never shown on the public page."),
    "placed_institution": _l("The CCI where the child was placed after being found, if any."),
    "produced_at": _l("When the child was produced before the CWC (the JJB for a child in conflict with law); due within 24 hours of being found."),
    "child": _l("The child this record is about; search by name or child ID."),
    "missing_report": _l("The missing-child report this record belongs to, if any; search by name or GD number."),
    "found_report": _l("The found-child report this record belongs to, if any."),
    # police records, orders, care plans, progress, transfers
    "kind": _l("The kind of record, as the police register calls it."),
    "number": _l("The number written on the record (GD, FIR or memo number)."),
    "report_date": _l("The date written on the record."),
    "summary": _l("What the record says, in short; no details that would identify a victim."),
    "order_type": _l("The kind of order, as the order itself says."),
    "order_number": _l("The order's number, as the CWC or JJB wrote it."),
    "order_date": _l("The day the order was made."),
    "next_hearing_date": _l("The date of the next hearing, if one is fixed."),
    "complied_on": _l("For an SIR ordered: the day the report was submitted (due in 15 days)."),
    "notes": _l("Anything else those handling the case should know."),
    "prepared_on": _l("The day the Individual Care Plan (Form 7) was prepared."),
    "review_on": _l("The day the plan is next to be reviewed."),
    "education_plan": _l("School, class and learning support planned for the child."),
    "health_plan": _l("Check-ups, treatment and nutrition planned for the child."),
    "counselling_plan": _l("Counselling planned: how often, and by whom."),
    "vocational_plan": _l("Skills training planned, for an older child."),
    "restoration_plan": _l("Steps towards returning the child to the family, or towards another placement."),
    "month": _l("Any day of the month; it is stored as the month."),
    "education": _l("Attendance, class and progress at school this month."),
    "health": _l("Illness, check-ups, treatment and weight this month."),
    "counselling": _l("Counselling sessions held this month, and how the child is doing."),
    "vocational": _l("Skills training attended this month."),
    "to_institution": _l("The CCI that is to receive the child; it must accept the transfer."),
    "order_reference": _l("Number and date of the CWC or JJB order that allows the transfer."),
    # reference data and accounts
    "code": _l("A short code used in files and imports instead of the name."),
    "helpline": _l("The state's own child helpline, shown on the public page beside Childline 1098."),
    "active": _l("Untick instead of deleting, once it no longer works; the records that name it stay."),
    "cci_type": _l("The type of institution under the JJ Act."),
    "registration_number": _l("The registration number of the institution under section 41 of the JJ Act."),
    "capacity": _l("How many children the institution is registered for."),
    "phone": _l("A phone number answered during office hours."),
    "email": _l("An official email address, if there is one."),
    "has_computer": _l("Tick if the staff have a working computer for Bal Setu."),
    "has_internet": _l("Tick if the institution has a working internet connection."),
    "username": _l("What the person types to sign in: small letters and no spaces (e.g. dcpu_surat)."),
    "full_name": _l("The person's name, as shown in the panel and the audit log."),
    "role": _l("What the account may do; you may give only roles below your own."),
    "state": _l("The state the account works in; every role needs one except the national roles."),
    "is_enabled": _l("Untick to stop the account signing in, for example when the person leaves."),
    "pet_name": _l("A pet name or short name as people say it (e.g. Munna, Bablu)."),
    "formal_names": _l("Separate several names with commas; leave empty if it could be anyone."),
}

# Where a field name means something else on one screen.
SCREEN_HELP = {
    "child": {
        "district": _l("For a child not in a CCI: the district of the CWC or JJB handling the case."),
    },
    "missing_report": {
        "district": _l("Filled from the police unit; for a DCPU report, your district."),
        "status": _l("Open until the child is traced; then choose “Traced” and give the date."),
    },
    "found_report": {
        "district": _l("The district where the child was found."),
        "status": _l("Open until the child is restored to the family or placed in a CCI."),
        "child": _l("If the child already has a child ID (for example a child who ran away from a CCI), choose the child."),
        "missing_report": _l("The missing-child report of this child, if known; confirming a match fills it in."),
        "police_unit": _l("The police station or unit that recovered the child or was informed."),
    },
    "police_report": {
        "police_unit": _l("The unit that made this record; for a police officer, your own unit."),
        "child": _l("The child in the JJ system this record concerns, if any; search by name or child ID."),
    },
    "transfer": {
        "reason": _l("Why the child should move: closer to the family, age, special needs, an order."),
    },
    "state": {
        "name": _l("The state's name as officially written."),
        "code": _l("Two letters, e.g. GJ; district codes begin with it."),
    },
    "district": {
        "name": _l("The district's name as officially written."),
        "code": _l("The state's code and a short name, e.g. GJ-AMD; imports may give it instead of the name."),
        "state": _l("The state the district belongs to."),
    },
    "police_unit": {
        "name": _l("The name of the police station or unit, e.g. Navrangpura Police Station."),
        "kind": _l("A police station, a Special Juvenile Police Unit or an Anti Human Trafficking Unit."),
        "code": _l("The unit's code (for example in CCTNS); imports may give it instead of the name."),
        "district": _l("The district the unit works in."),
        "phone": _l("A number other districts and families can call; match cards show it."),
    },
    "institution": {
        "name": _l("The registered name of the CCI."),
        "district": _l("The district the CCI is in."),
        "address": _l("The postal address of the CCI."),
    },
    "user": {
        "district": _l("Needed for DCPU, police, CCI, CWC, JJB and NGO accounts."),
        "police_unit": _l("For a police account: the unit the officer works in."),
        "institution": _l("For a CCI account: the institution the person works in."),
        "phone": _l("The person's mobile number."),
        "email": _l("The person's official email address."),
    },
}


def help_for(screen: str) -> dict:
    """The help texts of one screen: HELP, with that screen's own meanings."""
    return {**HELP, **SCREEN_HELP.get(screen, {})}


def widget_texts() -> dict:
    """What the panel's widgets say, in the user's language: Select2's messages and
    the date picker's buttons, month and day names (static/panel_locale.js)."""
    from babel.dates import get_day_names, get_month_names
    from flask_babel import get_locale
    from flask_babel import gettext as _

    locale = get_locale()
    sunday_first = (6, 0, 1, 2, 3, 4, 5)
    days = {width: get_day_names(width, locale=locale) for width in ("wide", "abbreviated", "short")}
    return {
        "locale": str(locale).replace("_", "-").lower(),
        "months": list(get_month_names("wide", locale=locale).values()),
        "months_short": list(get_month_names("abbreviated", locale=locale).values()),
        "weekdays": [days["wide"][d] for d in sunday_first],
        "weekdays_short": [days["abbreviated"][d] for d in sunday_first],
        "weekdays_min": [days["short"][d] for d in sunday_first],
        "bad_input": _("This date or number is not complete: finish it or clear it."),
        "no_matches": _("Nothing found"),
        "searching": _("Searching…"),
        "load_more": _("Loading more…"),
        "ajax_error": _("The list could not be loaded. Try again."),
        "too_short": _("Type %(count)s more letters", count="%(count)s"),
        "too_long": _("Delete %(count)s letters", count="%(count)s"),
        "too_big": _("You can choose at most %(count)s", count="%(count)s"),
        "matches": _("%(count)s found; choose with the arrow keys", count="%(count)s"),
        "apply": _("Apply"),
        "cancel": _("Cancel"),
        "from": _("From"),
        "to": _("To"),
        "week": _("Week"),
        "custom_range": _("Other dates"),
    }
