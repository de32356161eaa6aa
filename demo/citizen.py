"""Citizens' reports from the public page for the demo: a few waiting in
Ahmedabad's moderation queue (so a trainer can walk through accepting and
rejecting one), one already rejected, and one waiting in Surat and in Pune.

Names are written as citizens write them: Gujarati, Hindi or Latin script."""
from __future__ import annotations

import random
from datetime import datetime, timedelta

from models import CitizenReport, District, User, child_code

# (district key, kind, child's name, gender, age, place, days ago, description, language)
REPORTS = (
    ("ahmedabad", "missing", "મીરા સોલંકી", "female", 9, "Geeta Mandir ST bus stand", 2,
     "Wearing a green school uniform. Speaks Gujarati only.", "gu"),
    ("ahmedabad", "missing", "Arjun Thakor", "male", 13, "Kankaria lake, Maninagar", 4,
     "Left home after a quarrel about his exam results.", "en"),
    ("ahmedabad", "missing", "सोनू यादव", "male", 11, "Ahmedabad Junction (Kalupur) railway station", 1,
     "Came from Jaunpur with his uncle; lost in the crowd at the station.", "hi"),
    ("ahmedabad", "seen", None, "female", 6, "Platform 4, Ahmedabad Junction (Kalupur) railway station", 1,
     "A small girl crying alone near the tea stall since morning. She says her mother went to buy tickets.",
     "gu"),
    ("ahmedabad", "seen", "Raju", "male", 10, "Lal Darwaja AMTS bus terminus", 3,
     "A boy selling balloons late at night; he said he ran away from home in Dahod.", "en"),
    ("surat", "missing", "પ્રિયાંશી પટેલ", "female", 8, "Surat Central bus stand", 2,
     "Pink frock, silver anklets. A mole on the left cheek.", "gu"),
    ("pune", "seen", "Babu", "male", 7, "Swargate bus stand", 2,
     "Speaks Hindi; says he came from Pune station with a group of men.", "hi"),
)
REJECTED = ("ahmedabad", "missing", "Arjun Thakor", "male", 13, "Kankaria lake, Maninagar", 5,
            "Sent twice.", "en")


def build_citizen_reports(districts: dict[str, District], users: dict[str, User],
                          midnight: datetime, seed: int) -> list[CitizenReport]:
    """The demo's citizens' reports. Their own random stream, so adding them never
    changes the rest of the demo."""
    rng = random.Random(f"citizen-reports-{seed}")

    def phone():
        return f"+91 9{rng.randrange(10**8, 10**9)}"

    def report(spec, status="received"):
        key, kind, name, gender, age, place, days, description, language = spec
        sent = midnight - timedelta(days=days) + timedelta(hours=rng.uniform(2, 14))
        return CitizenReport(
            kind=kind, reference=child_code.new_code(rng), district=districts[key],
            child_name=name, gender=gender, age_years=age, place=place,
            event_at=sent - timedelta(hours=rng.uniform(3, 30)), description=description,
            reporter_name=rng.choice(("Hema Solanki", "Ramesh Thakor", "Sunita Yadav",
                                      "Kiran Desai", "Imran Shaikh")),
            reporter_phone=phone(), reporter_relation="Parent" if kind == "missing" else None,
            publish_consent=kind == "missing" and rng.random() < 0.7, declaration_accepted=True,
            language=language, submitted_at=sent, created_at=sent, updated_at=sent, status=status)

    reports = [report(spec) for spec in REPORTS]
    rejected = report(REJECTED, status="rejected")
    rejected.reject_reason_code = "duplicate"  # models/citizen.REJECT_REASONS
    rejected.reject_reason = ("The same child was reported a day later; that report is the one "
                              "being followed up.")
    rejected.decided_by = users["dcpu_ahmedabad"]
    rejected.decided_at = rejected.submitted_at + timedelta(hours=20)
    return [*reports, rejected]
