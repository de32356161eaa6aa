"""Load the Gujarat pilot demo into an empty database.

`seed_database(password, children=600, seed=2026)` is what `flask --app app
seed-demo` calls (cli.py checks the database is empty and migrates it first).
Everything comes from `random.Random(seed)`: the same seed on the same day gives
the same records, child IDs included (dates are laid out backwards from today,
so the demo never looks stale). Records are built in memory, linked by
relationships, and inserted with a few `add_all` + commit rounds; the audit
listener logs them as created by the acting system user ("seed-demo")."""
from __future__ import annotations

import math
import random
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, timezone

from sqlalchemy import select

from demo import local_names, names
from reference_data import load_india
from demo import places
from demo import texts
from demo.citizen import build_citizen_reports
from extensions import db
from models import (CarePlan, Child, CwcOrder, District, FoundReport, Institution, JjbOrder,
                    MissingReport, PoliceReport, PoliceUnit, ProgressEntry, State, Transfer, User)
from models import child_code

# Roles of the district accounts, in the order they are listed.
DISTRICT_ACCOUNTS = ("dcpu", "police", "sjpu", "cci", "cwc", "jjb", "ngo")
HISTORY_DAYS = 545  # about 18 months of records


def seed_database(password: str, children: int = 600, seed: int = 2026,
                  today: date | None = None) -> list[str]:
    """Insert the demo and return summary lines for the CLI to print.

    `today` (default: the current UTC date) anchors every date, so two runs with
    the same seed on the same day produce identical records."""
    if children < 1:
        raise ValueError("children must be at least 1")
    today = today or datetime.now(timezone.utc).date()
    summary = _Builder(random.Random(seed), today, seed).run(password, children)
    return summary + [load_reference_places(), propose_demo_matches()]


def load_reference_places() -> str:
    """The rest of India's states and districts (reference_data), so the public
    page and the national admin can choose every one, as in a real installation."""
    loaded = load_india()
    db.session.commit()
    return (f"reference places: {loaded.states_added} more states and "
            f"{loaded.districts_added} more districts of India, without accounts")


def propose_demo_matches() -> str:
    """Run matching over the open missing reports, as saving each by hand would,
    so the reviewers' "New possible matches" queues are not empty in training."""
    from matches.workflow import propose_for
    reports = db.session.scalars(select(MissingReport).where(
        MissingReport.status == "open", MissingReport.archived_at.is_(None))).all()
    proposed = sum(len(propose_for(report)) for report in reports)
    return f"possible matches proposed: {proposed}"


# --------------------------------------------------------------------------- helpers
def _years_before(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def _age(born: date, on: date) -> int:
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


def _month_start(day: date) -> date:
    return day.replace(day=1)


def _next_month(day: date) -> date:
    return date(day.year + (day.month == 12), day.month % 12 + 1, 1)


# Average height (cm) by age; girls a little shorter from 12.
_HEIGHT = (60, 75, 86, 95, 102, 109, 115, 121, 127, 132, 138, 143, 149, 155, 160, 163, 165, 166,
           167, 167, 168, 168)


@dataclass
class Family:
    """One child and their parents, rendered in any script the same way."""
    community: str
    gender: str
    given: tuple
    father: tuple
    mother: tuple
    surname: tuple
    style: str
    middle: bool
    father_suffix: bool
    mother_suffix: bool
    languages: str
    pet: tuple | None = None

    def render(self, s: int) -> tuple[str, str, str]:
        g, f, m, sn = self.given[s], self.father[s], self.mother[s], self.surname[s]
        father = f"{f} {sn}"
        mother = f"{m} {sn}"
        child = f"{g} {sn}"
        if self.style == "gujarati":
            if self.father_suffix:
                father = f"{f}{names.BHAI[s]} {sn}"
            if self.mother_suffix:
                mother = f"{m}{names.BEN[s]} {sn}"
            if self.middle:
                child = f"{g} {f}{names.BHAI[s]} {sn}"
        elif self.style == "hindi":
            if self.mother_suffix:
                mother = f"{m} {names.DEVI[s]}"
            if self.middle and self.gender == "male":
                child = f"{g} {names.KUMAR[s]} {sn}"
            elif self.middle and self.gender == "female":
                child = f"{g} {names.KUMARI[s]}"
        elif self.style == "muslim":
            if self.mother_suffix:
                mother = f"{m} {names.BANO[s]}"
            if self.middle:
                child = f"{g} {f} {sn}"
        elif self.style == "marathi":
            if self.middle:
                child = f"{g} {f} {sn}"
        return child, father, mother


@dataclass
class MissingInfo:
    report: MissingReport
    family: Family
    script: int
    district: str
    age: int
    height: int | None
    mark: str | None
    missing_at: datetime


@dataclass
class ChildInfo:
    child: Child
    district: str           # district key at registration
    age: int                # age at registration
    admitted: date
    registered: datetime
    history: list = field(default_factory=list)  # (date, district key) after transfers
    derived: bool = False   # created from a found-child report


# --------------------------------------------------------------------------- the builder
class _Builder:
    def __init__(self, rng: random.Random, today: date, seed: int):
        self.rng = rng
        self.today = today
        self.seed = seed
        self.midnight = datetime.combine(today, time(0), tzinfo=timezone.utc)
        self.epoch = self.midnight - timedelta(days=HISTORY_DAYS + 60)  # reference data "created"
        self.codes: set[str] = set()
        self.counters: Counter = Counter()

    # ---- small random helpers
    def chance(self, p: float) -> bool:
        return self.rng.random() < p

    def pick(self, seq):
        return seq[self.rng.randrange(len(seq))]

    def weighted(self, weights: dict):
        keys = list(weights)
        return self.rng.choices(keys, weights=[weights[k] for k in keys])[0]

    def moment(self, days_ago: float, office: bool = True) -> datetime:
        """A past moment `days_ago` whole days before today (India office hours by default)."""
        day = self.midnight - timedelta(days=max(1, int(days_ago)))
        hours = self.rng.uniform(3.5, 13.0) if office else self.rng.uniform(0, 23.9)
        return day + timedelta(hours=hours)

    def cap(self, when: datetime) -> datetime:
        """Never later than an hour before today's midnight UTC (so never in the future)."""
        latest = self.midnight - timedelta(hours=1)
        return when if when <= latest else latest - timedelta(minutes=self.rng.randint(0, 600))

    def phone(self) -> str:
        first = self.pick("9876")
        digits = "".join(str(self.rng.randrange(10)) for _ in range(9))
        return f"+91 {first}{digits[:4]} {digits[4:]}"

    def landline(self, std: str) -> str:
        return f"{std}-{self.rng.randint(2200, 2999)} {self.rng.randint(1000, 9999)}"

    def child_code(self) -> str:
        while True:
            code = child_code.new_code(self.rng)
            if code not in self.codes:
                self.codes.add(code)
                return code

    def next_number(self, key) -> int:
        self.counters[key] += 1
        return self.counters[key]

    def script_for(self, state: str) -> int:
        w = names.SCRIPT_WEIGHTS[state]
        return self.rng.choices(names.SCRIPTS, weights=w)[0]

    def district_key(self) -> str:
        return self.weighted({d["key"]: d["weight"] for d in places.DISTRICTS})

    # ---- run
    def run(self, password: str, children: int) -> list[str]:
        self.build_reference()
        self.build_users(password)
        # Flushed in rounds, committed once: a commit would expire every object the
        # later rounds still read (one SELECT each), and a failed seed leaves nothing.
        db.session.add_all([*self.states.values(), *self.districts.values(), *self.units,
                            *self.institutions])
        db.session.flush()
        db.session.add_all(self.users.values())
        db.session.flush()

        n_missing = max(4, round(children * 0.5))
        n_found = max(3, round(children / 3))
        self.build_missing(n_missing)
        self.build_found(n_found, child_budget=max(1, children // 3))
        self.build_children(children - len(self.child_infos))
        self.build_transfers(accepted=max(2, children // 75), requested=max(1, children // 200))
        self.set_capacities()
        db.session.add_all([i.child for i in self.child_infos])
        db.session.add_all([m.report for m in self.missing])
        db.session.add_all(self.found)
        db.session.flush()

        self.build_police_reports()
        self.build_orders()
        self.build_care()
        db.session.add_all(self.police_reports + self.cwc_orders + self.jjb_orders + self.transfers
                           + self.care_plans + self.progress)
        # The public page's moderation queues (own random stream: the rest is unchanged).
        self.citizen_reports = build_citizen_reports(self.districts, self.users, self.midnight,
                                                     self.seed)
        db.session.add_all(self.citizen_reports)
        db.session.commit()
        return self.summary()

    # ---- reference data
    def build_reference(self):
        rng = self.rng
        created = dict(created_at=self.epoch, updated_at=self.epoch)
        self.states = {code: State(name=name, code=code, helpline=helpline,
                                   name_hi=local_names.STATES[code][0],
                                   name_gu=local_names.STATES[code][1], **created)
                       for code, name, helpline in places.STATES}
        self.meta = {d["key"]: d for d in places.DISTRICTS}
        self.districts, self.stations, self.sjpu, self.homes = {}, {}, {}, {}
        self.units, self.institutions, self.takes = [], [], {}
        for d in places.DISTRICTS:
            key = d["key"]
            hi, gu = local_names.DISTRICTS[key]
            district = District(name=d["name"], code=d["code"], state=self.states[d["state"]],
                                name_hi=hi, name_gu=gu, **created)
            self.districts[key] = district
            self.stations[key] = []
            for n, station in enumerate(d["stations"], start=1):
                hi, gu = local_names.station(station)
                unit = PoliceUnit(name=f"{station} Police Station", kind="station", district=district,
                                  code=f"{d['code']}-PS{n}", phone=self.landline(d["std"]),
                                  name_hi=hi, name_gu=gu, **created)
                self.stations[key].append(unit)
                self.units.append(unit)
            hi, gu = local_names.sjpu(key)
            self.sjpu[key] = PoliceUnit(name=d["sjpu"], kind="sjpu", district=district,
                                        code=f"{d['code']}-SJPU", phone=self.landline(d["std"]),
                                        name_hi=hi, name_gu=gu, **created)
            self.units.append(self.sjpu[key])
            if key == places.AHTU["district"]:
                self.ahtu = PoliceUnit(name=places.AHTU["name"], kind="ahtu", district=district,
                                       code=places.AHTU["code"], phone=self.landline(d["std"]),
                                       name_hi=local_names.AHTU[0], name_gu=local_names.AHTU[1],
                                       **created)
                self.units.append(self.ahtu)
            self.homes[key] = []
            type_count = Counter()
            for cci_type, name, capacity, takes, computer, internet, address in d["ccis"]:
                type_count[cci_type] += 1
                abbrev = "".join(w[0] for w in cci_type.split("_")).upper()
                year = rng.randint(2009, 2019)
                slug = name.split(",")[0].lower().replace("'", "").replace("(", "").replace(")", "")
                hi, gu = local_names.institution(name, cci_type, key)
                inst = Institution(
                    name=name, name_hi=hi, name_gu=gu, cci_type=cci_type, district=district,
                    capacity=capacity,
                    registration_number=f"{d['state']}/JJ/{d['short']}/{abbrev}-{type_count[cci_type]}/{year}",
                    address=address, phone=self.landline(d["std"]),
                    email=f"{'-'.join(slug.split()[:3])}.{key}@demo.balsetu.example",
                    has_computer=computer, has_internet=internet, **created)
                self.homes[key].append(inst)
                self.institutions.append(inst)
                self.takes[id(inst)] = takes
        self.first_home = {key: next(i for i in homes if i.cci_type == "childrens_home")
                           for key, homes in self.homes.items()}

    def build_users(self, password: str):
        created = dict(created_at=self.epoch, updated_at=self.epoch, must_change_password=False)
        hashed = None
        self.users: dict[str, User] = {}

        def person():
            gender = self.pick(("male", "female"))
            given = self.pick(names.HINDU_MEN if gender == "male" else names.HINDU_WOMEN)[names.LATIN]
            surname = self.pick(names.SURNAMES["gujarati"] + names.SURNAMES["hindi"])[names.LATIN]
            return f"{given} {surname}"

        def add(username, role, **links):
            nonlocal hashed
            user = User(username=username, role=role, full_name=person(),
                        email=f"{username}@demo.balsetu.example", phone=self.phone(), **links, **created)
            if hashed is None:  # scrypt is slow on purpose: hash once, share the hash
                user.set_password(password)
                hashed = user.password_hash
            user.password_hash = hashed
            self.users[username] = user

        gj, mh = self.states["GJ"], self.states["MH"]
        add("national", "national_admin")
        add("stateadmin_gujarat", "state_admin", state=gj)
        add("stateofficer_gujarat", "state_officer", state=gj)
        add("stateadmin_maharashtra", "state_admin", state=mh)
        add("ahtu_gujarat", "police", state=gj, district=self.districts[places.AHTU["district"]],
            police_unit=self.ahtu)
        for key, district in self.districts.items():
            common = dict(state=district.state, district=district)
            add(f"dcpu_{key}", "dcpu", **common)
            add(f"police_{key}", "police", police_unit=self.stations[key][0], **common)
            add(f"sjpu_{key}", "police", police_unit=self.sjpu[key], **common)
            add(f"cci_{key}", "cci", institution=self.first_home[key], **common)
            add(f"cwc_{key}", "cwc", **common)
            add(f"jjb_{key}", "jjb", **common)
            add(f"ngo_{key}", "ngo", **common)
        # Who files for a unit or a home, when a demo account exists for it.
        self.unit_user = {id(self.stations[k][0]): self.users[f"police_{k}"] for k in self.districts}
        self.unit_user.update({id(self.sjpu[k]): self.users[f"sjpu_{k}"] for k in self.districts})
        self.unit_user[id(self.ahtu)] = self.users["ahtu_gujarat"]
        self.home_user = {id(self.first_home[k]): self.users[f"cci_{k}"] for k in self.districts}

    # ---- people
    def family(self, state: str, gender: str, community: str | None = None) -> Family:
        community = community or self.weighted(names.COMMUNITY_WEIGHTS[state])
        c = names.COMMUNITIES[community]
        if gender == "male":
            given = self.pick(c["boys"])
        elif gender == "female":
            given = self.pick(c["girls"])
        else:
            given = self.pick(c["boys"] + c["girls"])
        father = self.pick(c["men"])
        while father == given:
            father = self.pick(c["men"])
        pets = names.PET_GIRLS if gender == "female" else names.PET_BOYS
        return Family(
            community=community, gender=gender, given=given, father=father,
            mother=self.pick(c["women"]), surname=self.pick(names.SURNAMES[c["surnames"]]),
            style=c["style"], middle=self.chance(0.45), father_suffix=self.chance(0.6),
            mother_suffix=self.chance(0.6), languages=self.pick(c["languages"]),
            pet=self.pick(pets) if self.chance(0.15) else None)

    def height(self, age: int, gender: str) -> int:
        base = _HEIGHT[min(age, len(_HEIGHT) - 1)] - (4 if gender == "female" and age >= 12 else 0)
        return int(base + self.rng.gauss(0, 5))

    def mark(self) -> str | None:
        return self.pick(list(texts.MARKS)) if self.chance(0.65) else None

    def address(self, key: str) -> str:
        d = self.meta[key]
        return (f"{self.rng.randint(1, 240)}, {self.pick(texts.SOCIETIES)}, "
                f"{self.pick(d['localities'])}, {d['name']}")

    def unit_for(self, key: str) -> PoliceUnit:
        units = self.stations[key] + [self.sjpu[key]]
        weights = [4] + [2] * (len(units) - 2) + [1]
        return self.rng.choices(units, weights=weights)[0]

    def accepts(self, inst: Institution, gender: str) -> bool:
        takes = self.takes[id(inst)]
        return takes == "any" or (takes == "boys" and gender == "male") or \
            (takes == "girls" and gender == "female")

    def home_for(self, key: str, category: str, age: int, gender: str) -> Institution:
        homes = self.homes[key]
        if category == "CCL":
            wanted = {"observation_home": 75, "special_home": 15 if age >= 14 else 0,
                      "place_of_safety": 10 if age >= 16 else 0}
            allowed = places.CCL_TYPES
        elif age <= 5:
            wanted, allowed = {"saa": 65, "childrens_home": 35}, places.CNCP_TYPES
        else:
            wanted = {"childrens_home": 75, "open_shelter": 15 if age >= 8 else 0, "fit_facility": 10}
            allowed = places.CNCP_TYPES
        cci_type = self.weighted({t: w for t, w in wanted.items() if w})
        main = "observation_home" if category == "CCL" else "childrens_home"
        for candidates in (
                [h for h in homes if h.cci_type == cci_type and self.accepts(h, gender)],
                [h for h in homes if h.cci_type == main and self.accepts(h, gender)],
                [h for h in homes if h.cci_type in allowed and self.accepts(h, gender)],
                [h for h in homes if h.cci_type in allowed],
                homes):
            if candidates:
                return self.pick(candidates)
        raise AssertionError("a district without institutions")

    # ---- missing reports
    def build_missing(self, count: int):
        self.missing: list[MissingInfo] = []
        for _ in range(count):
            key = self.district_key()
            d = self.meta[key]
            gender = self.weighted({"male": 52, "female": 46, "transgender": 2})
            age = self.rng.choices(range(1, 18), weights=[2, 2, 3, 3, 4, 4, 4, 5, 5, 6, 7, 9, 11, 12, 12, 11, 9])[0]
            fam = self.family(d["state"], gender)
            script = self.script_for(d["state"])
            name, father, mother = fam.render(script)
            missing_at = self.moment(self.rng.uniform(2, HISTORY_DAYS), office=False)
            registered_at = self.cap(missing_at + timedelta(hours=self.rng.uniform(2, 60)))
            if age <= 6:
                reason = self.weighted({"lost": 55, "kidnapped": 20, "abandoned": 5, "unknown": 20})
            elif age <= 11:
                reason = self.weighted({"lost": 30, "ran_away": 30, "kidnapped": 15, "trafficked": 5,
                                        "unknown": 20})
            else:
                reason = self.weighted({"lost": 8, "ran_away": 52, "kidnapped": 12, "trafficked": 8,
                                        "unknown": 20})
            runaway = None
            if reason == "ran_away":
                runaway = self.weighted({"scolded": 30, "study_pressure": 20, "family_conflict": 25,
                                         "eloped": 15 if age >= 14 else 0, "other": 10})
            rel = "the mother" if self.chance(0.6) else "the father"
            place = f"{self.pick(texts.LANDMARKS)}, {self.pick(d['localities'])}"
            story = texts.MISSING_STORIES[reason].format(rel=rel, place=place,
                                                     why=texts.RUNAWAY_WHY.get(runaway or "", ""))
            year = registered_at.year
            if self.chance(0.82):
                unit = self.unit_for(key)
                registered_by = self.unit_user.get(id(unit))
                ukey = unit.code
                gd = f"GD {self.next_number(('gd', ukey, year))}/{year}"
                fir = None
                if reason in ("kidnapped", "trafficked") or self.chance(0.45):
                    prefix = "CR" if d["state"] == "MH" else "FIR I"
                    fir = f"{prefix}-{self.next_number(('fir', ukey, year)):04d}/{year}"
            else:
                unit, registered_by, gd, fir = None, self.users[f"dcpu_{key}"], None, None
            mark = self.mark()
            height = self.height(age, gender) if self.chance(0.8) else None
            guardian_rel = "Father" if self.chance(0.55) else "Mother"
            guardian = fam.render(script)[1 if guardian_rel == "Father" else 2]
            report = MissingReport(
                district=self.districts[key], police_unit=unit, registered_by=registered_by,
                registered_at=registered_at, created_at=registered_at, updated_at=registered_at,
                child_name=name, aliases=fam.pet[script] if fam.pet else None,
                father_name=father, mother_name=mother if self.chance(0.85) else None,
                gender=gender, age_years=age, height_cm=height,
                build=self.pick(texts.BUILDS), complexion=self.pick(texts.COMPLEXIONS),
                clothes=self.pick(texts.CLOTHES[gender]), identification_marks=mark,
                languages=fam.languages, description=story,
                place_missing=f"Near {place}, {d['name']}", missing_at=missing_at,
                reason=reason, runaway_reason=runaway,
                guardian_name=guardian, guardian_relation=guardian_rel, guardian_phone=self.phone(),
                guardian_address=self.address(key), reported_by_name=guardian,
                reported_by_phone=self.phone() if self.chance(0.3) else None,
                gd_number=gd, fir_number=fir, status="open",
                publish_consent=self.chance(0.4))
            self.missing.append(MissingInfo(report, fam, script, key, age, height, mark, missing_at))

    # ---- found reports (a share of them the same children as missing reports)
    def build_found(self, count: int, child_budget: int):
        self.found: list[FoundReport] = []
        self.child_infos: list[ChildInfo] = []
        self.pairs = []
        self.child_budget = child_budget
        eligible = [m for m in self.missing if (self.midnight - m.missing_at).days >= 4]
        n_pairs = min(len(eligible), round(count * 0.4))
        for info in self.rng.sample(eligible, n_pairs):
            self.found_pair(info)
        for _ in range(count - n_pairs):
            self.found_stranger()
        # Traced without a found-child report: the child came home on their own.
        paired = {id(m) for m, _ in self.pairs}
        for m in self.missing:
            if id(m) in paired:
                continue
            r = m.report
            if self.chance(0.3):
                r.status = "traced"
                r.traced_at = self.cap(m.missing_at + timedelta(days=self.rng.uniform(0.5, 45)))
            elif self.chance(0.08):
                r.status = "closed"

    def other_district(self, key: str) -> str:
        state = self.meta[key]["state"]
        same = [k for k in self.districts if k != key and self.meta[k]["state"] == state]
        other = [k for k in self.districts if self.meta[k]["state"] != state]
        r = self.rng.random()
        if r < 0.4 or not (same or other):
            return key
        if (r < 0.75 and same) or not other:
            return self.pick(same)
        return self.pick(other)

    def spelling_variant(self, text: str) -> str:
        swaps = (("aa", "a"), ("ee", "i"), ("i", "ee"), ("u", "oo"), ("v", "w"), ("sh", "s"),
                 ("a", "aa"), ("kh", "k"), ("j", "z"), ("ph", "f"), ("th", "t"))
        words = text.split()
        i = self.rng.randrange(len(words))
        word = words[i]
        options = [(a, b) for a, b in swaps if a in word[1:].lower()]
        if options:
            a, b = self.pick(options)
            pos = word.lower().find(a, 1)
            word = word[:pos] + b + word[pos + len(a):]
        elif word.endswith("a"):
            word = word[:-1]
        else:
            word = word + "a"
        words[i] = word
        return " ".join(words)

    def found_pair(self, info: MissingInfo):
        m = info.report
        key = self.other_district(info.district)
        state = self.meta[key]["state"]
        days_gone = (self.midnight - info.missing_at).days
        found_at = self.cap(info.missing_at + timedelta(days=self.rng.uniform(0.3, min(150, days_gone - 1))))
        age = min(17, info.age + (found_at - info.missing_at).days // 365)
        est_age = max(0, min(17, age + self.pick((-2, -1, 0, 0, 0, 0, 1, 1, 2))))
        fam = info.family
        script = self.script_for(state)
        name = father = mother = aliases = None
        if self.chance(0.7):
            r = self.rng.random()
            if r < 0.4:
                if script == info.script:
                    script = self.pick([s for s in names.SCRIPTS if s != info.script
                                        and names.SCRIPT_WEIGHTS[state][s]] or [script])
                name = fam.render(script)[0]
            elif r < 0.6:
                script = names.LATIN
                name = self.spelling_variant(fam.render(names.LATIN)[0])
            elif r < 0.75 and fam.pet:
                name = fam.pet[script]
            else:
                name = fam.given[script]
            if self.chance(0.45):
                father = fam.render(script)[1]
            if self.chance(0.25):
                mother = fam.render(script)[2]
        mark = info.mark
        if mark and self.chance(0.6):
            mark = self.pick(texts.MARKS[mark])
        elif mark and self.chance(0.5):
            mark = None
        height = None
        if info.height and self.chance(0.7):
            height = info.height + int((found_at - info.missing_at).days / 365 * 5) + self.rng.randint(-3, 3)
        confirmed = (self.midnight - found_at).days >= 7 and self.chance(0.45)
        report = self.make_found(key, found_at, info.family.gender, est_age, name, father, mother,
                                 aliases, mark, height, fam.languages, fam, script,
                                 status="restored" if confirmed else None, pair=True)
        self.pairs.append((info, report))
        if confirmed:
            report.missing_report = m
            m.status = "traced"
            m.traced_at = self.cap((report.produced_at or found_at) + timedelta(days=self.rng.uniform(1, 12)))
            child = report.child
            if child is not None:
                m.child = child

    def found_stranger(self):
        key = self.district_key()
        state = self.meta[key]["state"]
        gender = self.weighted({"male": 55, "female": 41, "transgender": 2, "unknown": 2})
        age = self.rng.choices(range(0, 18), weights=[4, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 8, 9, 9, 9, 8, 6])[0]
        fam = self.family(state, gender)
        script = self.script_for(state)
        name = father = mother = None
        if age >= 3 and self.chance(0.7):
            child, f, mo = fam.render(script)
            name = child if self.chance(0.5) else fam.given[script]
            father = f if self.chance(0.4) else None
            mother = mo if self.chance(0.2) else None
        found_at = self.moment(self.rng.uniform(1, HISTORY_DAYS), office=False)
        self.make_found(key, found_at, gender, age, name, father, mother, None, self.mark(),
                        self.height(age, gender) if self.chance(0.75) else None,
                        fam.languages if age >= 3 else None, fam, script)

    def make_found(self, key, found_at, gender, age, name, father, mother, aliases, mark, height,
                   languages, fam, script, status=None, pair=False) -> FoundReport:
        d = self.meta[key]
        district = self.districts[key]
        registered_at = self.cap(found_at + timedelta(hours=self.rng.uniform(1, 20)))
        unit = registered_by = placed = None
        circumstances = self.pick(texts.FOUND_CIRCUMSTANCES)
        found_by = self.pick(texts.FOUND_BY)
        r = self.rng.random()
        if key == places.AHTU["district"] and age >= 8 and r < 0.08:
            unit, registered_by = self.ahtu, self.users["ahtu_gujarat"]
            circumstances, found_by = self.pick(texts.RESCUE_CIRCUMSTANCES), "AHTU raid team"
        elif r < 0.62:
            unit = self.unit_for(key)
            registered_by = self.unit_user.get(id(unit))
        elif r < 0.77:
            registered_by, found_by = self.users[f"ngo_{key}"], "NGO outreach worker"
        elif r < 0.86 and self.accepts(self.first_home[key], gender):
            registered_by, placed = self.users[f"cci_{key}"], self.first_home[key]
            found_by, circumstances = "Staff of the Children's Home", "Reached the home's gate on their own late at night."
            status = status or "placed"
        elif r < 0.93:
            registered_by = self.users[f"cwc_{key}"]
        else:
            registered_by = self.users[f"dcpu_{key}"]
        days_ago = (self.midnight - found_at).days
        if status is None:
            status = "open" if days_ago < 3 else self.weighted(
                {"open": 25, "placed": 50, "restored": 18, "closed": 7})
        if status == "placed" and placed is None:
            placed = self.home_for(key, "CNCP", age, gender)
        produced = None
        if status != "open" or self.chance(0.6):
            late = self.chance(0.06)
            produced = self.cap(found_at + timedelta(hours=self.rng.uniform(30, 70) if late
                                                     else self.rng.uniform(3, 22)))
        # A child rescued from trafficking or labour is a victim of an offence: never
        # public. Others produced before the CWC are sometimes approved for display.
        victim = circumstances in texts.RESCUE_CIRCUMSTANCES
        report = FoundReport(
            district=district, police_unit=unit, registered_by=registered_by,
            registered_at=registered_at, created_at=registered_at, updated_at=registered_at,
            found_at=found_at, place_found=self.pick(d["places"]), found_by=found_by,
            finder_contact=self.phone() if self.chance(0.7) else None,
            circumstances=circumstances, accompanied_by=None,
            child_name=name, aliases=aliases, father_name=father, mother_name=mother,
            family_details=self.pick(texts.FAMILY_HINTS) if self.chance(0.6) else None,
            gender=gender, estimated_age_years=age, height_cm=height,
            build=self.pick(texts.BUILDS), complexion=self.pick(texts.COMPLEXIONS),
            clothes=self.pick(texts.CLOTHES[gender]), identification_marks=mark,
            languages=languages, can_speak=age >= 3 and not self.chance(0.03),
            can_hear=not self.chance(0.02), placed_institution=placed, produced_at=produced,
            status=status, victim_or_witness=victim,
            public_display_approved=bool(produced) and status in ("open", "placed")
            and self.chance(0.3) and not victim)
        if report.public_display_approved:  # by the district's CWC, a day after production
            report.public_display_approved_by = self.users[f"cwc_{key}"]
            report.public_display_approved_at = min(produced + timedelta(hours=26),
                                                    self.midnight - timedelta(hours=1))
        self.found.append(report)
        # A child placed in a CCI (or restored through the CWC) gets a profile.
        if status in ("placed", "restored") and produced and len(self.child_infos) < self.child_budget:
            if status == "restored" and (days_ago < 20 or not pair and self.chance(0.6)):
                return report
            self.child_from_found(report, key, fam, script, placed)
        return report

    def child_from_found(self, report: FoundReport, key: str, fam: Family, script: int,
                         placed: Institution | None):
        gender, age = report.gender, report.estimated_age_years
        inst = placed or self.home_for(key, "CNCP", age, gender)
        registered = self.cap(report.produced_at + timedelta(hours=self.rng.uniform(1, 30)))
        age = min(age, 17 - (self.today - registered.date()).days // 365)
        name, aliases = report.child_name, report.aliases
        if not name:
            given = fam.given[script] if fam else "Baby"
            name = given
            aliases = "Name given at the home; own name not known"
        rescued = "Rescued" in (report.circumstances or "")
        begging = "begging" in (report.circumstances or "")
        sub = "drugs_trafficking" if rescued else "working_begging" if begging else \
            "orphan" if age <= 2 else "missing_runaway"
        status = "restored" if report.status == "restored" else "in_care"
        child = Child(
            child_code=self.child_code(), district=inst.district, institution=inst,
            name=name, aliases=aliases, father_name=report.father_name, mother_name=report.mother_name,
            gender=gender, estimated_age_years=age, age_recorded_on=registered.date(),
            category="CNCP", sub_category=sub, status=status, languages=report.languages,
            identification_marks=report.identification_marks, admitted_on=registered.date(),
            registered_at=registered, created_at=registered, updated_at=registered,
            hearing_impaired=not report.can_hear, speech_impaired=not report.can_speak,
            address=None if status == "in_care" else self.address(key),
            guardian_contact=None if status == "in_care" else f"Father — {self.phone()}",
            medical_notes=self.pick(texts.MEDICAL))
        report.child = child
        self.child_infos.append(ChildInfo(child, key, age, registered.date(), registered, derived=True))

    # ---- children registered in CCIs
    def build_children(self, count: int):
        for _ in range(max(0, count)):
            key = self.district_key()
            d = self.meta[key]
            category = "CCL" if self.chance(0.22) else "CNCP"
            if category == "CCL":
                gender = self.weighted({"male": 92, "female": 7, "transgender": 1})
            else:
                gender = self.weighted({"male": 58, "female": 39, "transgender": 2, "unknown": 1})
            days_ago = self.rng.uniform(1, HISTORY_DAYS)
            # Status first: it decides the age a child can have today.
            if category == "CCL":
                status = self.weighted({"in_care": 74, "restored": 21, "absconded": 3, "transferred": 2})
            else:
                status = self.weighted({"in_care": 76, "restored": 9, "foster_care": 3, "transferred": 2,
                                        "absconded": 2, "turned_18": 3, "after_care": 3, "adopted": 2})
            if status in ("turned_18", "after_care"):
                days_ago = self.rng.uniform(400, HISTORY_DAYS)
            registered = self.moment(days_ago)
            reg_day = registered.date()
            max_age = 17 - (self.today - reg_day).days // 365
            if status in ("turned_18", "after_care"):
                age = 17
            elif category == "CCL":
                age = self.rng.choices(range(12, 18), weights=[5, 8, 14, 20, 25, 28])[0]
            elif status == "adopted":
                age = self.rng.randint(0, 3)
            else:
                age = self.rng.choices(range(0, 18), weights=[6, 3, 3, 3, 3, 4, 5, 5, 6, 6, 6, 7, 7, 7, 7, 6, 6, 5])[0]
            if status not in ("turned_18", "after_care"):
                age = min(age, max_age)
            inst = self.home_for(key, category, age, gender)
            if status == "adopted" and inst.cci_type != "saa":
                status = "in_care"
            fam = self.family(d["state"], gender)
            script = self.script_for(d["state"])
            name, father, mother = fam.render(script)
            orphan = False
            if category == "CNCP":
                sub = self.cncp_sub(inst, age)
                orphan = sub == "orphan"
            else:
                sub = self.ccl_sub(inst, age)
            born = estimated = recorded = None
            if status == "after_care":
                born = _years_before(self.today, 18) - timedelta(days=self.rng.randint(20, 300))
            elif status != "turned_18" and self.chance(0.3 if age <= 5 else 0.55):
                born = _years_before(reg_day, age) - timedelta(days=self.rng.randint(0, 364))
                if _age(born, self.today) > 17:
                    born = _years_before(self.today, 18) + timedelta(days=self.rng.randint(1, 120))
                if born > reg_day:
                    born = reg_day - timedelta(days=self.rng.randint(1, 30))
                age = max(0, _age(born, reg_day))
            else:
                estimated, recorded = age, reg_day
            admitted = reg_day
            if self.chance(0.15):  # admitted before the home started using the system
                admitted = reg_day - timedelta(days=self.rng.randint(20, 300))
                if born and admitted < born:
                    admitted = born + timedelta(days=self.rng.randint(1, 10))
            disability = None
            if sub == "disabled" or inst.cci_type == "fit_facility" and self.chance(0.5) or self.chance(0.03):
                disability = self.pick(texts.DISABILITIES)
            hearing = self.chance(0.02)
            speech = self.chance(0.6) if hearing else self.chance(0.015)
            marks = [m for m in (self.mark(), self.mark() if self.chance(0.2) else None) if m]
            family_known = not orphan and status != "adopted" and self.chance(0.85)
            guardian = None
            if family_known:
                who, whom = (("Father", father) if self.chance(0.55) else ("Mother", mother))
                guardian = f"{who}: {whom}, {self.phone()}"
            if orphan:
                father = mother = None
            child = Child(
                child_code=self.child_code(), district=inst.district, institution=inst,
                name=name if age >= 1 or self.chance(0.5) else fam.given[script],
                aliases=fam.pet[script] if fam.pet else None,
                father_name=father, mother_name=mother if mother and self.chance(0.8) else None,
                gender=gender, date_of_birth=born, estimated_age_years=estimated,
                age_recorded_on=recorded, category=category, sub_category=sub, status=status,
                languages=fam.languages if age >= 3 else None,
                identification_marks="; ".join(dict.fromkeys(marks)) or None,
                disability=disability, hearing_impaired=hearing, speech_impaired=speech,
                admitted_on=admitted, registered_at=registered, created_at=registered,
                updated_at=registered,
                guardian_contact=guardian,
                address=self.address(key) if family_known else None,
                medical_notes=self.pick(texts.MEDICAL) if self.chance(0.7) else None,
                offence_details=self.pick(texts.OFFENCES[sub]) if category == "CCL" else None)
            self.child_infos.append(ChildInfo(child, key, age, admitted, registered))

    def cncp_sub(self, inst: Institution, age: int) -> str:
        t = inst.cci_type
        if t == "saa":
            return self.weighted({"orphan": 85, "no_home": 10, "parent_unfit": 5})
        if t == "open_shelter":
            return self.weighted({"working_begging": 50, "no_home": 30, "missing_runaway": 20})
        if t == "fit_facility":
            return self.weighted({"disabled": 40, "parent_unfit": 30, "orphan": 30})
        return self.weighted({
            "no_home": 10, "working_begging": 12, "abuser": 6, "disabled": 4, "parent_unfit": 10,
            "orphan": 16, "missing_runaway": 22, "abused": 8 if age >= 6 else 0,
            "drugs_trafficking": 7 if age >= 8 else 0, "child_marriage": 5 if age >= 12 else 0})

    def ccl_sub(self, inst: Institution, age: int) -> str:
        if inst.cci_type == "place_of_safety" and age >= 16:
            return "heinous"
        if inst.cci_type == "special_home":
            return self.weighted({"serious": 70, "heinous": 30 if age >= 16 else 0})
        return self.weighted({"petty": 55, "serious": 35, "heinous": 10 if age >= 16 else 0})

    # ---- transfers
    def build_transfers(self, accepted: int, requested: int):
        self.transfers: list[Transfer] = []
        self.transfer_orders = []  # (transfer, district key, order date)
        candidates = [i for i in self.child_infos
                      if not i.derived and i.child.status == "in_care" and i.child.category == "CNCP"
                      and i.child.institution.cci_type == "childrens_home"
                      and (self.today - i.admitted).days >= 60]
        self.rng.shuffle(candidates)
        # The first transfer: a child in Pune goes home to Ahmedabad, across the state border.
        from_pune = next((i for i in candidates if i.district == "pune"), None)
        if from_pune is not None:
            candidates.remove(from_pune)
            candidates.insert(0, from_pune)
        taken = 0
        for info in candidates:
            if taken >= accepted + requested:
                break
            child = info.child
            source = child.institution
            dest_key = "ahmedabad" if info is from_pune else self.other_district(info.district)
            if dest_key == info.district:
                dest_key = self.pick([k for k in self.districts if k != info.district])
            dests = [h for h in self.homes[dest_key] if h.cci_type == "childrens_home"
                     and self.accepts(h, child.gender)]
            if not dests:
                continue
            dest = self.pick(dests)
            is_accepted = taken < accepted
            if is_accepted:
                span = (self.today - info.admitted).days - 10
                requested_at = self.moment((self.today - info.admitted).days - self.rng.uniform(20, span))
                decided_at = self.cap(requested_at + timedelta(days=self.rng.uniform(2, 8)))
            else:
                requested_at = self.moment(self.rng.uniform(1, 10))
                decided_at = None
            dest_name = self.meta[dest_key]["name"]
            reason = self.pick((
                f"Family traced in {dest_name} district; transfer to the home district for restoration (JJ Act s.95).",
                f"Child is from {dest_name}; closer to family for regular visits.",
                "Child needs a home with a special educator."))
            transfer = Transfer(
                child=child, from_institution=source, to_institution=dest, order_reference="",
                reason=reason, status="accepted" if is_accepted else "requested",
                requested_at=requested_at, created_at=requested_at,
                updated_at=decided_at or requested_at,
                requested_by=self.home_user.get(id(source), self.users[f"dcpu_{info.district}"]),
                decided_at=decided_at,
                decided_by=(self.home_user.get(id(dest), self.users[f"dcpu_{dest_key}"])
                            if is_accepted else None))
            if is_accepted:
                child.institution = dest
                child.district = self.districts[dest_key]
                info.history.append((decided_at.date(), dest_key))
            self.transfers.append(transfer)
            self.transfer_orders.append((transfer, info, requested_at.date() - timedelta(days=self.rng.randint(1, 5))))
            taken += 1

    def set_capacities(self):
        in_care = Counter(id(i.child.institution) for i in self.child_infos
                          if i.child.status in ("in_care", "after_care"))
        for inst in self.institutions:
            needed = math.ceil(in_care[id(inst)] * 1.15 / 5) * 5
            inst.capacity = max(inst.capacity, needed)

    # ---- police records
    def build_police_reports(self):
        self.police_reports: list[PoliceReport] = []

        def add(kind, number, unit, day, summary, **links):
            self.police_reports.append(PoliceReport(
                kind=kind, number=number, police_unit=unit, district=unit.district, report_date=day,
                summary=summary, created_at=self.midnight - timedelta(days=(self.today - day).days),
                updated_at=self.midnight - timedelta(days=(self.today - day).days), **links))

        for info in self.missing:
            m = info.report
            if m.police_unit is None:
                continue
            day = m.registered_at.date()
            text = (f"{m.guardian_relation} {m.guardian_name} reported that {m.child_name}, aged "
                    f"{m.age_years}, went missing on {info.missing_at:%d-%m-%Y}. {m.description}")
            add("gd", m.gd_number, m.police_unit, day, text, missing_report=m, child=m.child)
            if m.fir_number:
                add("fir", m.fir_number, m.police_unit, day,
                    f"FIR registered (kidnapping of a minor presumed, as the SOP requires). {text}",
                    missing_report=m, child=m.child)
        for f in self.found:
            if f.police_unit is None:
                continue
            year = f.found_at.year
            if self.chance(0.75):
                add("recovery_memo", f"RM {self.next_number(('rm', f.police_unit.code, year))}/{year}",
                    f.police_unit, f.found_at.date(),
                    f"Child recovered at {f.place_found}. {f.circumstances}", found_report=f, child=f.child)
            if f.produced_at and self.chance(0.6):
                add("production_report", f"PR {self.next_number(('pr', f.police_unit.code, year))}/{year}",
                    f.police_unit, f.produced_at.date(),
                    "Child produced before the Child Welfare Committee with Form 17.",
                    found_report=f, child=f.child)

    # ---- CWC and JJB orders
    def district_on(self, info: ChildInfo, day: date) -> str:
        key = info.district
        for when, dest in info.history:
            if day >= when:
                key = dest
        return key

    def build_orders(self):
        self.cwc_orders: list[CwcOrder] = []
        self.jjb_orders: list[JjbOrder] = []
        pending = []  # (date, kind, info, order_type, notes, next_hearing)
        for info in self.child_infos:
            c = info.child
            a = info.admitted
            days = (self.today - a).days

            def at(lo, hi):
                d = a + timedelta(days=self.rng.randint(lo, hi))
                return d if d < self.today else None

            steps = []
            if c.category == "CNCP":
                steps.append((a, "interim_placement", f"Placed in {c.institution.name if not info.history else 'the home'} pending inquiry."))
                if self.chance(0.6):
                    steps.append((at(1, 3), "medical_examination", "Medical examination at the civil hospital."))
                if c.estimated_age_years is not None and self.chance(0.3):
                    steps.append((at(2, 10), "age_determination", "Age to be determined by the medical board."))
                if self.chance(0.8):
                    steps.append((at(1, 5), "sir_ordered", "Social Investigation Report to be submitted in 15 days."))
                if days > 60 and self.chance(0.7):
                    steps.append((at(20, 60), "declaration_cncp", "Declared a child in need of care and protection."))
                outcome = {"restored": "restoration", "foster_care": "foster_care", "adopted": "legally_free",
                           "after_care": "after_care"}.get(c.status)
                if outcome:
                    steps.append((at(min(days - 1, 20), max(20, days - 1)), outcome,
                                  "Final order after inquiry." if outcome != "after_care"
                                  else "After-care: stipend and hostel for vocational training."))
                elif c.status == "in_care" and days > 90 and self.chance(0.08):
                    steps.append((at(60, days - 1), "sponsorship", "Sponsorship of Rs 4,000 a month sanctioned."))
                kind = "cwc"
            else:
                if c.status == "restored":
                    steps.append((a, "placement_pending_inquiry", "Placed in the observation home pending inquiry."))
                    steps.append((at(1, min(30, max(1, days - 1))), "bail", "Released on bail to the parents."))
                else:
                    steps.append((a, "placement_pending_inquiry", "Placed pending inquiry."))
                if self.chance(0.8):
                    steps.append((at(1, 7), "sir_ordered", "Probation officer to submit the SIR."))
                if c.institution.cci_type in ("special_home", "place_of_safety"):
                    steps.append((at(20, 90), "special_home", "Placed in a special home / place of safety."))
                elif c.status == "restored" and days > 60:
                    steps.append((at(60, max(60, days - 1)),
                                  self.pick(("admonition", "group_counselling", "community_service",
                                             "fine", "probation", "inquiry_closed")),
                                  "Inquiry completed; final order."))
                kind = "jjb"
            steps = sorted((s for s in steps if s[0] is not None), key=lambda s: s[0])
            for n, (day, order_type, notes) in enumerate(steps):
                hearing = None
                if n == len(steps) - 1 and c.status == "in_care":
                    hearing = self.today + timedelta(days=self.rng.randint(3, 60))
                pending.append((day, kind, info, order_type, notes, hearing, None))
        for transfer, info, day in self.transfer_orders:
            pending.append((day, "cwc", info, "transfer", transfer.reason, None, transfer))
        pending.sort(key=lambda p: (p[0], p[1], p[3]))
        for day, kind, info, order_type, notes, hearing, transfer in pending:
            key = self.district_on(info, day)
            short = self.meta[key]["short"]
            number = f"{kind.upper()}/{short}/{day.year}/{self.next_number((kind, key, day.year)):04d}"
            Model = CwcOrder if kind == "cwc" else JjbOrder
            stamp = datetime.combine(day, time(8, 0), tzinfo=timezone.utc)
            order = Model(child=info.child, district=self.districts[key], order_type=order_type,
                          order_number=number, order_date=day, next_hearing_date=hearing, notes=notes,
                          created_at=stamp, updated_at=stamp)
            (self.cwc_orders if kind == "cwc" else self.jjb_orders).append(order)
            if transfer is not None:
                transfer.order_reference = number

    # ---- Individual Care Plans and monthly progress
    def build_care(self):
        self.care_plans: list[CarePlan] = []
        self.progress: list[ProgressEntry] = []
        last_month = _month_start(self.today)
        first_month = _month_start(self.today - timedelta(days=170))
        for info in self.child_infos:
            c = info.child
            if c.status not in ("in_care", "after_care", "restored", "foster_care"):
                continue
            days = (self.today - info.admitted).days
            if days < 15 or (c.status != "in_care" and not self.chance(0.3)) or not self.chance(0.9):
                continue
            age = info.age + days // 365
            prepared = info.admitted + timedelta(days=self.rng.randint(7, min(30, days - 1)))
            stamp = datetime.combine(prepared, time(9, 0), tzinfo=timezone.utc)
            self.care_plans.append(CarePlan(
                child=c, prepared_on=prepared, review_on=prepared + timedelta(days=self.pick((90, 180))),
                education_plan=self.education(age, first=True),
                health_plan=self.pick(texts.MEDICAL) + " Monthly weight and height check.",
                counselling_plan="Weekly individual counselling for three months, then fortnightly."
                if self.chance(0.6) else "Group sessions twice a month; individual sessions when needed.",
                vocational_plan=self.pick(texts.VOCATIONAL_NOTES).format(n=1) if age >= 14 else None,
                restoration_plan=None if c.sub_category == "orphan" else self.pick((
                    "Family tracing through the DCPU and the police; home visit after the SIR.",
                    "Family traced; restoration after two supervised visits.",
                    "Sponsorship to be explored before restoration.")),
                notes="Prepared with the child, the case worker and the counsellor (Form 7).",
                created_at=stamp, updated_at=stamp))
            if c.status != "in_care":
                continue
            month = max(first_month, _next_month(info.admitted))
            while month < last_month:
                stamp = datetime.combine(month + timedelta(days=27), time(10, 0), tzinfo=timezone.utc)
                self.progress.append(ProgressEntry(
                    child=c, month=month, education=self.education(age),
                    health=self.pick(texts.HEALTH_NOTES), counselling=self.pick(texts.COUNSELLING_NOTES),
                    vocational=self.pick(texts.VOCATIONAL_NOTES).format(n=self.rng.randint(2, 12))
                    if age >= 14 and self.chance(0.7) else None,
                    notes=None if self.chance(0.7) else "Family visit this month.",
                    created_at=stamp, updated_at=stamp))
                month = _next_month(month)

    def education(self, age: int, first: bool = False) -> str:
        if age < 3:
            return "Early childhood care; play-based stimulation."
        if age < 6:
            return "Attends the anganwadi / balwadi at the home."
        std = min(12, age - 5)
        school = self.pick(texts.SCHOOLS)
        if first:
            return f"Enrol in Std {std} at {school}; bridge classes if needed."
        return f"Std {std} at {school}; attendance {self.rng.randint(60, 100)}%. {self.pick(texts.EDUCATION_NOTES)}"

    # ---- summary
    def summary(self) -> list[str]:
        children = [i.child for i in self.child_infos]
        status = Counter(c.status for c in children)
        category = Counter(c.category for c in children)
        named = sum(1 for f in self.found if f.child_name)
        confirmed = sum(1 for _, f in self.pairs if f.missing_report is not None)
        missing_status = Counter(m.report.status for m in self.missing)
        transfer_status = Counter(t.status for t in self.transfers)
        district_accounts = [u for u in self.users if u.rsplit("_", 1)[-1] in self.districts]
        others = [u for u in self.users if u not in district_accounts]
        lines = [
            f"Bal Setu demo loaded (seed {self.seed}, dates up to {self.today:%d-%m-%Y}):",
            f"  {len(self.states)} states, {len(self.districts)} districts, {len(self.units)} police units, "
            f"{len(self.institutions)} institutions",
            f"  {len(children)} children ({category['CNCP']} CNCP, {category['CCL']} CCL; "
            f"{status['in_care']} in care, {status['restored']} restored, "
            f"{sum(v for k, v in status.items() if k not in ('in_care', 'restored'))} other)",
            f"  {len(self.missing)} missing reports ({missing_status['open']} open, "
            f"{missing_status['traced']} traced, {missing_status['closed']} closed)",
            f"  {len(self.found)} found-child reports ({len(self.found) - named} without a name; "
            f"{len(self.pairs)} are children of missing reports, {confirmed} of them confirmed)",
            f"  {len(self.police_reports)} police records, {len(self.cwc_orders)} CWC orders, "
            f"{len(self.jjb_orders)} JJB orders",
            f"  {len(self.transfers)} transfers ({transfer_status['accepted']} accepted, "
            f"{transfer_status['requested']} requested), {len(self.care_plans)} care plans, "
            f"{len(self.progress)} monthly progress entries",
            f"  {len(self.citizen_reports)} citizens' reports from the public page "
            f"({sum(1 for r in self.citizen_reports if r.status == 'received')} waiting for a decision)",
            f"  {len(self.users)} demo accounts, all with the demo password:",
            "    " + ", ".join(others),
        ]
        for key in self.districts:
            lines.append("    " + ", ".join(f"{role}_{key}" for role in DISTRICT_ACCOUNTS))
        return lines
