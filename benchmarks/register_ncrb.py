"""A second evaluation register, written from published figures, apart from the engine.

It shares no code and no word list with the matching engine (``matching/``) or with
the first generator (``benchmarks/matching.py``): names are written by hand in Latin,
Devanagari and Gujarati spellings (no transliteration library), pet names, marks,
clothes and places are its own lists, and every rate below is either a published
figure (with its source) or an assumption marked as one.

Published figures used
----------------------
* Gender of missing children: 75.5% girls, 24.5% boys, a few transgender children
  (NCRB, Crime in India 2022: 83,350 children reported missing, 62,946 female,
  20,380 male, 24 transgender; as reported by ThePrint, 5 Dec 2023).
* Age by gender (NCRB, Crime in India 2019, as reported by IndiaSpend/Moneycontrol,
  20 Nov 2020): of missing girls 78% were 15-18 and 17% 6-14 (so about 5% under 6);
  of missing boys 52% were 15-18 and 37% 6-14 (about 11% under 6).
* States: Madhya Pradesh reported the most (15%), then West Bengal, Bihar, Delhi and
  Maharashtra; the top five are about half of all (same source, 2019). The other
  half is spread here over Gujarat, Uttar Pradesh, Rajasthan, Odisha, Jharkhand.
* Most missing children are traced: 80,561 children recovered or traced in 2022
  against 83,350 reported (NCRB 2022, same report), "the first 24 hours are crucial"
  (police quoted there). How soon is not published as a distribution: see below.
* Age estimates: an estimate of age from appearance or bones is taken in Indian courts
  to carry a margin of about two years either side (Jaya Mala v. Home Secretary,
  Government of J&K, AIR 1982 SC 1297).

Assumptions (no published figure found; chosen before any run, never tuned)
----------------------------------------------------------------------------
* Days from going missing to being found: 30% within 2 days, 25% in 3-14 days,
  20% in 15-60 days, 15% in 61-365 days, 10% in one to three years.
* Found where: 60% in the district of going missing, 22% elsewhere in the same state,
  18% in another state (children travel by train to cities).
* The found child's name: 8% give no name at all (very young, deaf and mute, in
  shock), 12% only a pet name ("Chhotu", "Munni"), 80% a given name; of those 25%
  spelled differently by the officer (a hand-written variant) and 10% with a typo.
* Age estimate error in years: 0 for 40%, 1 for 30%, 2 for 18%, 3-4 for 12%
  (consistent with the two-year margin above), either direction.
* Fill rates: missing reports have the father's name 90%, the mother's 60%, height
  50% (a parent's guess, +-5 cm), marks 60%, clothes 70%, complexion 80%, build 70%,
  language 70%; found reports have height 70% (measured, +-2 cm), marks 50% (each
  mark seen 70% of the time, described in the officer's own words), language 60%
  (never for a deaf and mute child), clothes 60% (the same clothes 70% of the time
  when found within 3 days, otherwise others), complexion 70%, build 60%.
* Registers: 60% of missing children have a found report in the register; the found
  register has as many again of children never reported missing (30% of found).

``generate(n_missing, n_queries, seed)`` returns (records, queries): records are the
engine's record dicts (its documented input format, ``matching/records.py``), queries
are (found record, true missing id, label) with label in "named", "pet", "nameless".
"""
from __future__ import annotations

import datetime as dt
import random

# (Latin spellings..., Devanagari, Gujarati): written by hand, several Latin spellings
# as officers write them.
GIRLS = [
    (("Priya", "Priyaa"), "प्रिया", "પ્રિયા"), (("Pooja", "Puja"), "पूजा", "પૂજા"),
    (("Neha", "Nehaa"), "नेहा", "નેહા"), (("Anjali", "Anjli"), "अंजलि", "અંજલિ"),
    (("Kajal", "Kaajal"), "काजल", "કાજલ"), (("Sonam", "Sonum"), "सोनम", "સોનમ"),
    (("Khushi", "Khusi"), "ख़ुशी", "ખુશી"), (("Nisha", "Neesha"), "निशा", "નિશા"),
    (("Lakshmi", "Laxmi"), "लक्ष्मी", "લક્ષ્મી"), (("Rekha",), "रेखा", "રેખા"),
    (("Shivani", "Shivanee"), "शिवानी", "શિવાની"), (("Muskan", "Muskaan"), "मुस्कान", "મુસ્કાન"),
    (("Rinki",), "रिंकी", "રિંકી"), (("Sapna", "Sapana"), "सपना", "સપના"),
    (("Jyoti", "Jyothi"), "ज्योति", "જ્યોતિ"), (("Komal",), "कोमल", "કોમલ"),
    (("Mamta", "Mamata"), "ममता", "મમતા"), (("Radha",), "राधा", "રાધા"),
    (("Sunita", "Suneeta"), "सुनीता", "સુનીતા"), (("Reshma", "Reshama"), "रेशमा", "રેશ્મા"),
    (("Fatima", "Fathima"), "फ़ातिमा", "ફાતિમા"), (("Nazma", "Najma"), "नज़मा", "નઝમા"),
    (("Bhavna", "Bhavana"), "भावना", "ભાવના"), (("Hetal",), "हेतल", "હેતલ"),
    (("Kinjal",), "किंजल", "કિંજલ"), (("Dhara",), "धारा", "ધારા"),
    (("Payal",), "पायल", "પાયલ"), (("Sneha", "Snehaa"), "स्नेहा", "સ્નેહા"),
    (("Tanvi",), "तन्वी", "તન્વી"), (("Aarti", "Arti"), "आरती", "આરતી"),
    (("Manisha", "Maneesha"), "मनीषा", "મનીષા"), (("Kavita", "Kavitha"), "कविता", "કવિતા"),
    (("Roshni", "Roshani"), "रोशनी", "રોશની"), (("Durga",), "दुर्गा", "દુર્ગા"),
    (("Gita", "Geeta"), "गीता", "ગીતા"), (("Sarita",), "सरिता", "સરિતા"),
    (("Babita",), "बबीता", "બબીતા"), (("Champa",), "चंपा", "ચંપા"),
    (("Tulsi",), "तुलसी", "તુલસી"), (("Moni", "Monee"), "मोनी", "મોની"),
    (("Ritu",), "रितु", "રિતુ"), (("Vandana",), "वंदना", "વંદના"),
    (("Sakshi", "Saakshi"), "साक्षी", "સાક્ષી"), (("Nandini",), "नंदिनी", "નંદિની"),
    (("Parvati", "Parwati"), "पार्वती", "પાર્વતી"), (("Rubina",), "रुबीना", "રૂબીના"),
    (("Shabnam",), "शबनम", "શબનમ"), (("Tejal",), "तेजल", "તેજલ"),
]
BOYS = [
    (("Rahul",), "राहुल", "રાહુલ"), (("Rohit", "Rohith"), "रोहित", "રોહિત"),
    (("Amit",), "अमित", "અમિત"), (("Sunil",), "सुनील", "સુનીલ"),
    (("Vikas",), "विकास", "વિકાસ"), (("Sachin",), "सचिन", "સચિન"),
    (("Arjun",), "अर्जुन", "અર્જુન"), (("Karan",), "करण", "કરણ"),
    (("Ravi",), "रवि", "રવિ"), (("Deepak", "Dipak"), "दीपक", "દીપક"),
    (("Mohammed", "Mohd", "Muhammad"), "मोहम्मद", "મોહમ્મદ"), (("Imran",), "इमरान", "ઈમરાન"),
    (("Salman",), "सलमान", "સલમાન"), (("Ajay",), "अजय", "અજય"),
    (("Vijay",), "विजय", "વિજય"), (("Suraj",), "सूरज", "સૂરજ"),
    (("Akash", "Aakash"), "आकाश", "આકાશ"), (("Shivam",), "शिवम", "શિવમ"),
    (("Jignesh",), "जिग्नेश", "જીગ્નેશ"), (("Kalpesh",), "कल्पेश", "કલ્પેશ"),
    (("Bhavesh",), "भावेश", "ભાવેશ"), (("Mehul",), "मेहुल", "મેહુલ"),
    (("Raju",), "राजू", "રાજુ"), (("Sonu",), "सोनू", "સોનુ"),
    (("Manoj",), "मनोज", "મનોજ"), (("Santosh",), "संतोष", "સંતોષ"),
    (("Govind",), "गोविंद", "ગોવિંદ"), (("Lakhan",), "लखन", "લખન"),
    (("Bablu",), "बबलू", "બબલુ"), (("Nitin",), "नितिन", "નીતિન"),
]
SURNAMES = [
    (("Kumar",), "कुमार", "કુમાર"), (("Yadav",), "यादव", "યાદવ"), (("Singh",), "सिंह", "સિંહ"),
    (("Patel",), "पटेल", "પટેલ"), (("Khan",), "ख़ान", "ખાન"), (("Sharma",), "शर्मा", "શર્મા"),
    (("Mandal", "Mondal"), "मंडल", "મંડલ"), (("Das",), "दास", "દાસ"),
    (("Ahirwar",), "अहिरवार", "અહિરવાર"), (("Thakor", "Thakore"), "ठाकोर", "ઠાકોર"),
    (("Vasava",), "वसावा", "વસાવા"), (("Rathod", "Rathore"), "राठौड़", "રાઠોડ"),
    (("Ansari",), "अंसारी", "અંસારી"), (("Paswan",), "पासवान", "પાસવાન"),
    (("Gond",), "गोंड", "ગોંડ"), (("Kewat",), "केवट", "કેવટ"),
    (("Sahu",), "साहू", "સાહુ"), (("Koli",), "कोली", "કોળી"),
    (("Shaikh", "Sheikh"), "शेख़", "શેખ"), (("Pawar",), "पवार", "પવાર"),
]
# fathers' and mothers' given names: drawn from the other lists' adults
FATHERS = [(("Ramesh",), "रमेश", "રમેશ"), (("Suresh",), "सुरेश", "સુરેશ"),
           (("Mahesh",), "महेश", "મહેશ"), (("Dinesh",), "दिनेश", "દિનેશ"),
           (("Rajkumar",), "राजकुमार", "રાજકુમાર"), (("Shankar",), "शंकर", "શંકર"),
           (("Mukesh",), "मुकेश", "મુકેશ"), (("Ashok",), "अशोक", "અશોક"),
           (("Rafiq", "Rafik"), "रफ़ीक़", "રફીક"), (("Babulal",), "बाबूलाल", "બાબુલાલ"),
           (("Ganesh",), "गणेश", "ગણેશ"), (("Bhikhabhai",), "भीखाभाई", "ભીખાભાઈ"),
           (("Ramprasad",), "रामप्रसाद", "રામપ્રસાદ"), (("Kishore", "Kishor"), "किशोर", "કિશોર")]
MOTHERS = [(("Kamla", "Kamala"), "कमला", "કમળા"), (("Savitri",), "सावित्री", "સાવિત્રી"),
           (("Shanti",), "शांति", "શાંતિ"), (("Meena",), "मीना", "મીના"),
           (("Rukhsana",), "रुख़साना", "રૂખસાના"), (("Hansa",), "हंसा", "હંસા"),
           (("Pushpa",), "पुष्पा", "પુષ્પા"), (("Urmila",), "उर्मिला", "ઊર્મિલા")]
PET_GIRL = [(("Munni",), "मुन्नी", "મુન્ની"), (("Chhoti",), "छोटी", "છોટી"),
            (("Guddi",), "गुड्डी", "ગુડ્ડી"), (("Pinky",), "पिंकी", "પિંકી"),
            (("Bebi", "Baby"), "बेबी", "બેબી"), (("Golu",), "गोलू", "ગોલુ")]
PET_BOY = [(("Chhotu",), "छोटू", "છોટુ"), (("Munna",), "मुन्ना", "મુન્ના"),
           (("Pappu",), "पप्पू", "પપ્પુ"), (("Golu",), "गोलू", "ગોલુ"),
           (("Kallu",), "कल्लू", "કલ્લુ"), (("Bittu",), "बिट्टू", "બિટ્ટુ")]

# state: (weight %, districts, languages, script the police write in)
STATES = {
    "Madhya Pradesh": (15, ["Indore", "Bhopal", "Jabalpur", "Sagar", "Rewa", "Dhar"],
                       ["Hindi"], "deva"),
    "West Bengal": (11, ["Kolkata", "North 24 Parganas", "Murshidabad", "Nadia"],
                    ["Bengali"], "latin"),
    "Bihar": (10, ["Patna", "Gaya", "Purnia", "Saran", "Katihar"], ["Hindi", "Maithili"], "deva"),
    "Delhi": (9, ["North East Delhi", "Outer Delhi", "South West Delhi"], ["Hindi"], "latin"),
    "Maharashtra": (6, ["Mumbai Suburban", "Pune", "Thane", "Nagpur"], ["Marathi"], "latin"),
    "Gujarat": (14, ["Ahmedabad", "Surat", "Vadodara", "Dahod", "Panchmahal", "Kutch"],
                ["Gujarati"], "gujr"),
    "Uttar Pradesh": (12, ["Lucknow", "Prayagraj", "Gorakhpur", "Bareilly", "Aligarh"],
                      ["Hindi"], "deva"),
    "Rajasthan": (9, ["Jaipur", "Ajmer", "Bhilwara", "Dungarpur"], ["Hindi", "Wagdi"], "deva"),
    "Odisha": (7, ["Khordha", "Ganjam", "Balasore"], ["Odia"], "latin"),
    "Jharkhand": (7, ["Ranchi", "Sahibganj", "Pakur"], ["Hindi", "Santali"], "deva"),
}
MARKS = ["mole near left eye", "burn mark on right hand", "cut mark on forehead",
         "white spot on neck", "tattoo of Om on left wrist", "stitch mark on chin",
         "black mole on nose", "scar on left knee", "extra finger on right hand",
         "birth mark on back", "wart on right thumb", "squint in left eye"]
# how another officer may write the same mark
MARK_REWRITE = {"mole": "til", "burn mark": "jalne ka nishan", "cut mark": "cut scar",
                "white spot": "safed daag", "scar": "old wound mark", "wart": "massa"}
CLOTHES_GIRL = ["pink frock", "blue salwar suit", "green kurti and black legging",
                "yellow top and jeans", "red school uniform", "white chudidar"]
CLOTHES_BOY = ["blue shirt and black pant", "white banyan and shorts",
               "red t-shirt and blue jeans", "school uniform khaki", "green kurta pyjama"]
COMPLEXIONS, BUILDS = ["fair", "wheatish", "dark"], ["thin", "medium", "heavy"]
LATIN_SLIPS = [("sh", "s"), ("v", "w"), ("ee", "i"), ("oo", "u"), ("a", "aa"), ("th", "t"),
               ("ksh", "x"), ("i", "ee")]
BASE = dt.date(2021, 1, 1).toordinal()
SPAN = 3 * 365


def _pick_state(rng):
    names = list(STATES)
    return rng.choices(names, [STATES[s][0] for s in names])[0]


def _write(rng, entry, script, variant_ok=True):
    """One way of writing a name entry in a script (hand-written spellings)."""
    latins, deva, gujr = entry
    if script == "deva":
        return deva
    if script == "gujr":
        return gujr
    return rng.choice(latins) if variant_ok else latins[0]


def _slip(rng, word):
    """A Latin spelling slip an officer makes (only Latin words are touched)."""
    if not word.isascii():
        return word
    if rng.random() < 0.6:
        low = word.lower()
        for a, b in rng.sample(LATIN_SLIPS, len(LATIN_SLIPS)):
            if a in low:
                low = low.replace(a, b, 1)
                return low.capitalize()
    i = rng.randrange(1, max(2, len(word)))
    return word[:i] + word[i + 1:] if len(word) > 3 else word + "a"


def _age(rng, gender):
    r = rng.random()
    under6, mid = (0.05, 0.17) if gender == "female" else (0.11, 0.37)
    if r < under6:
        return rng.randint(2, 5)
    if r < under6 + mid:
        return rng.randint(6, 14)
    return rng.randint(15, 17)


def _height(rng, age):
    return 80 + 6 * age + rng.gauss(0, 6)


def _days_to_found(rng):
    r = rng.random()
    if r < 0.30:
        return rng.randint(0, 2)
    if r < 0.55:
        return rng.randint(3, 14)
    if r < 0.75:
        return rng.randint(15, 60)
    if r < 0.90:
        return rng.randint(61, 365)
    return rng.randint(366, 3 * 365)


def _age_error(rng):
    r = rng.random()
    size = 0 if r < 0.40 else 1 if r < 0.70 else 2 if r < 0.88 else rng.choice((3, 4))
    return size * rng.choice((-1, 1))


def _rewrite_mark(rng, mark):
    for a, b in MARK_REWRITE.items():
        if a in mark and rng.random() < 0.5:
            return mark.replace(a, b)
    return mark


class _Child:
    __slots__ = ("gender", "first", "surname", "father", "mother", "pet", "age", "height",
                 "state", "district", "lang", "marks", "clothes", "complexion", "build",
                 "deaf", "day")


def _child(rng):
    c = _Child()
    r = rng.random()
    c.gender = "female" if r < 0.755 else ("male" if r < 0.9997 else "transgender")
    c.first = rng.choice(GIRLS if c.gender == "female" else BOYS)
    c.surname = rng.choice(SURNAMES)
    c.father, c.mother = rng.choice(FATHERS), rng.choice(MOTHERS)
    c.pet = rng.choice(PET_GIRL if c.gender == "female" else PET_BOY)
    c.age = _age(rng, c.gender)
    c.height = _height(rng, c.age)
    c.state = _pick_state(rng)
    c.district = rng.choice(STATES[c.state][1])
    c.lang = rng.choice(STATES[c.state][2])
    c.marks = rng.sample(MARKS, rng.choice((1, 1, 2)))
    c.clothes = rng.choice(CLOTHES_GIRL if c.gender == "female" else CLOTHES_BOY)
    c.complexion, c.build = rng.choice(COMPLEXIONS), rng.choice(BUILDS)
    c.deaf = rng.random() < 0.02
    c.day = BASE + rng.randrange(SPAN)
    return c


def _maybe(rng, p, value):
    return value if rng.random() < p else None


def _missing(rng, rid, c):
    script = STATES[c.state][3] if rng.random() < 0.6 else "latin"
    name = _write(rng, c.first, script)
    if rng.random() < 0.7:
        name += " " + _write(rng, c.surname, script)
    return {
        "id": f"missing:{rid}", "kind": "missing", "name": name,
        "father_name": _maybe(rng, 0.9, _write(rng, c.father, script) + " "
                              + _write(rng, c.surname, script)),
        "mother_name": _maybe(rng, 0.6, _write(rng, c.mother, script)),
        "gender": c.gender, "age_years": c.age,
        "height_cm": _maybe(rng, 0.5, round(c.height + rng.uniform(-5, 5))),
        "identification_marks": _maybe(rng, 0.6, ", ".join(c.marks)),
        "languages": _maybe(rng, 0.7, c.lang), "clothes": _maybe(rng, 0.7, c.clothes),
        "complexion": _maybe(rng, 0.8, c.complexion), "build": _maybe(rng, 0.7, c.build),
        "state": c.state, "district": c.district,
        "event_date": dt.date.fromordinal(c.day).isoformat(),
    }


def _found(rng, rid, c, days):
    r = rng.random()
    if r < 0.60:
        state, district = c.state, c.district
    elif r < 0.82:
        state, district = c.state, rng.choice(STATES[c.state][1])
    else:
        state = _pick_state(rng)
        district = rng.choice(STATES[state][1])
    script = STATES[state][3] if rng.random() < 0.6 else "latin"
    r = rng.random()
    label = "nameless" if (c.deaf or r < 0.08) else ("pet" if r < 0.20 else "named")
    name = father = mother = None
    if label == "pet":
        name = _write(rng, c.pet, script)
    elif label == "named":
        name = _write(rng, c.first, script)
        s = rng.random()
        if s < 0.25:
            name = _write(rng, c.first, "latin")     # another hand-written spelling
        elif s < 0.35:
            name = _slip(rng, _write(rng, c.first, "latin"))
        if rng.random() < 0.4:
            name += " " + _write(rng, c.surname, script)
        father = _maybe(rng, 0.5, _write(rng, c.father, script))
        mother = _maybe(rng, 0.3, _write(rng, c.mother, script))
    years = days / 365.25
    marks = None
    if rng.random() < 0.5:
        seen = [_rewrite_mark(rng, m) for m in c.marks if rng.random() < 0.7]
        marks = ", ".join(seen) or None
    clothes = None
    if rng.random() < 0.6:
        same = days <= 3 and rng.random() < 0.7
        clothes = c.clothes if same else rng.choice(
            CLOTHES_GIRL if c.gender == "female" else CLOTHES_BOY)
    gender = c.gender if rng.random() < 0.99 else "unknown"
    return {
        "id": f"found:{rid}", "kind": "found", "name": name, "father_name": father,
        "mother_name": mother, "gender": gender,
        "age_years": max(1, min(18, round(c.age + years) + _age_error(rng))),
        "height_cm": _maybe(rng, 0.7, round(c.height + 5.5 * years + rng.uniform(-2, 2))),
        "identification_marks": marks,
        "languages": None if c.deaf else _maybe(rng, 0.6, c.lang),
        "clothes": clothes, "complexion": _maybe(rng, 0.7, c.complexion),
        "build": _maybe(rng, 0.6, c.build), "state": state, "district": district,
        "event_date": dt.date.fromordinal(c.day + days).isoformat(),
    }, label


def generate(n_missing: int, n_queries: int, seed: int = 1):
    """``n_missing`` missing reports; found reports for 60% of them, and as many again
    of children never reported missing (30% of found). Queries: found reports with a
    true missing report, drawn at random."""
    rng = random.Random(seed)
    records, truths = [], []
    found_id = 0
    for i in range(n_missing):
        c = _child(rng)
        records.append(_missing(rng, i, c))
        if rng.random() < 0.6:
            f, label = _found(rng, found_id, c, _days_to_found(rng))
            found_id += 1
            records.append(f)
            truths.append((f, f"missing:{i}", label))
    n_strangers = int(len(truths) * 0.3 / 0.7)
    for _ in range(n_strangers):
        c = _child(rng)
        f, _label = _found(rng, found_id, c, _days_to_found(rng))
        found_id += 1
        records.append(f)
    qrng = random.Random(seed + 1)
    queries = qrng.sample(truths, min(n_queries, len(truths)))
    return records, queries
