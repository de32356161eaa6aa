"""Benchmark of the matching engine on a seeded synthetic register.

    python benchmarks/matching.py                       # N = 10^4, 10^5, 10^6
    python benchmarks/matching.py --sizes 10000 --queries 500 --seed 1

The generator makes N records (half missing, half found) in which 40% of the missing
children have a true found record, with realistic corruption on the found side:
spelling and script variants (Latin, Devanagari, Gujarati), typos, about 30% of
found children without a name, pet names, age estimation error, growth in height,
found in another district or state, found days to months later; decoys come from
common names (Zipf-distributed name lists) and children never reported missing.
Descriptive fields follow the police SOP / Form 17 missing report and the found-child
report (height, build, complexion, clothes worn, identification marks, language), with
the fill rates and the corruption set (and justified, one line each) in the "defaults"
block below: marks reworded, missed or added; clothes the same only when the child is
found within days; complexion and build judged a step differently; height guessed by
the family and grown by the time the child is found. Everything is seeded (--seed).

Queries are true pairs: half search the missing register with the found record,
half the found register with the missing record. For each size it prints recall@1,
recall@10, MRR (over the top 10), the same for pairs with and without a usable name on
both sides, the share of true pairs surviving blocking, mean, median and p95 query
latency (single-threaded, one query at a time; each query is run --repeats times and its
latency is the median of its runs), index build time (one build per size) and memory,
and a naive baseline: rapidfuzz WRatio of the raw query name against every raw name of
the other kind (top 10), on the same queries.

Memory: each size runs in a fresh child process; "index MB" is the growth of the
process's peak RSS (resource.getrusage ru_maxrss) during the build, over its RSS
before the build (after the records were generated); "peak MB" is the child's whole
peak RSS, generator included.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import math
import os
import random
import resource
import statistics
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from indic_transliteration import sanscript  # noqa: E402
from indic_transliteration.sanscript import transliterate  # noqa: E402

BOYS = """Rahul Amit Rohit Vijay Suresh Ramesh Mahesh Rajesh Sanjay Ajay Anil Sunil Manoj
Deepak Ravi Raju Arjun Aman Aakash Ankit Ashok Arun Vikas Vikram Vivek Nitin Pankaj
Pradeep Praveen Sachin Santosh Sandeep Sagar Saurabh Gaurav Harish Hitesh Jignesh
Kalpesh Mukesh Naresh Paresh Rakesh Dinesh Ganesh Umesh Yogesh Jayesh Bhavesh Chirag
Darshan Dhruv Harsh Jay Karan Kunal Mayank Mihir Nikhil Parth Rohan Ronak Sahil Sameer
Shivam Shubham Sumit Tushar Uday Varun Yash Krishna Gopal Govind Mohan Shyam Ram
Laxman Bharat Shankar Shambhu Bhola Ganpat Jagdish Ramchandra Dharmendra Jitendra
Narendra Surendra Mahendra Rajendra Virendra Firoz Salim Imran Irfan Asif Arif Javed
Sohail Faizan Ayaan Aryan Abhishek Aditya Akshay Alok Anand Anuj Ashish Bablu Chetan
Devendra Dilip Girish Hemant Jatin Kamal Kapil Kishan Lalit Manish Mohit Mukul Naveen
Om Prakash Prem Raj Rupesh Satish Shailesh Sunny Tarun Vinod Vishal Wasim Zaid
Zubair Bhavin Keval Pratik Tejas Vatsal Hardik Nilesh Sushil Ankur Ritesh Lokesh""".split()
GIRLS = """Priya Pooja Neha Anjali Sunita Anita Geeta Sita Radha Kavita Savita Rekha Meena
Seema Reena Rita Nisha Asha Usha Lata Kiran Komal Sonal Payal Pinky Puja Riya Riddhi
Siddhi Khushi Janvi Krupa Hetal Bhavna Dhara Falguni Hiral Jagruti Kinjal Mansi Nidhi
Pallavi Rupal Shital Sejal Trupti Urvashi Vaishali Zalak Bhumi Drashti Isha Jinal
Kajal Mira Nandini Palak Priyanka Rashmi Sapna Shreya Tanvi Vidhi Yamini Chandni
Champa Kamla Laxmi Parvati Saraswati Durga Ganga Jamuna Shanti Sarita Mamta Suman
Rani Roshni Fatima Zainab Ayesha Rubina Shabana Nazia Farzana Salma Ruksar Heena Afsana
Aarti Archana Deepika Divya Jyoti Kajol Madhuri Manisha Monika Nikita Poonam Preeti
Rachna Ranjana Ritu Sakshi Shilpa Shweta Sneha Sonia Swati Tanuja Varsha Vandana
Babli Gudiya Muskan Shivani Tanisha Aditi Ananya Diya Ishita Kritika Mahi Nisha Sana""".split()
SURNAMES = """Sharma Patel Verma Yadav Singh Kumar Gupta Shah Mehta Desai Joshi Parmar Solanki
Chauhan Rathod Thakor Vaghela Makwana Chaudhary Prajapati Mishra Tiwari Pandey Dubey
Shukla Tripathi Pathak Jha Das Mondal Ghosh Paswan Ram Khan Shaikh Ansari Qureshi
Pathan Memon Sayyed Mansuri Bhatt Trivedi Vyas Raval Parikh Modi Soni Panchal Mistry
Gohil Jadeja Zala Vala Dodiya Bariya Vasava Gamit Chavda Koli Bharwad Rabari Damor
Katara Ninama Pawar Jadhav Shinde More Patil Kale Gaikwad Kamble Naik Reddy Rao""".split()
PETS_BOY = ["Guddu", "Pappu", "Munna", "Chhotu", "Bablu", "Golu", "Monu", "Sonu", "Chintu",
            "Pintu", "Bittu", "Raju", "Tinku", "Bunty", "Lallu"]
PETS_GIRL = ["Guddi", "Munni", "Chhoti", "Babli", "Pinki", "Sonu", "Gudiya", "Rinki", "Golu",
             "Sweety", "Dolly"]
STATES = {
    "Gujarat": (["Ahmedabad", "Surat", "Vadodara", "Rajkot", "Bhavnagar", "Jamnagar",
                 "Kutch", "Panchmahal", "Dahod", "Banaskantha"], ["Gujarati"]),
    "Maharashtra": (["Mumbai", "Pune", "Nagpur", "Nashik", "Thane", "Aurangabad"],
                    ["Marathi"]),
    "Uttar Pradesh": (["Lucknow", "Kanpur", "Varanasi", "Prayagraj", "Gorakhpur",
                       "Agra", "Meerut"], ["Hindi"]),
    "Bihar": (["Patna", "Gaya", "Muzaffarpur", "Darbhanga", "Bhagalpur"],
              ["Hindi", "Bhojpuri", "Maithili"]),
    "Rajasthan": (["Jaipur", "Jodhpur", "Udaipur", "Kota", "Banswara"], ["Hindi", "Rajasthani"]),
    "Madhya Pradesh": (["Bhopal", "Indore", "Jhabua", "Gwalior", "Jabalpur"], ["Hindi"]),
    "West Bengal": (["Kolkata", "Howrah", "Malda", "Murshidabad"], ["Bengali"]),
    "Odisha": (["Bhubaneswar", "Cuttack", "Ganjam"], ["Odia"]),
    "Jharkhand": (["Ranchi", "Dhanbad", "Dumka"], ["Hindi", "Santhali"]),
    "Delhi": (["New Delhi", "North Delhi", "South Delhi"], ["Hindi", "Urdu"]),
    "Karnataka": (["Bengaluru", "Mysuru", "Belagavi"], ["Kannada"]),
    "Tamil Nadu": (["Chennai", "Madurai", "Coimbatore"], ["Tamil"]),
}
STATE_W = [30, 12, 14, 10, 7, 6, 5, 3, 4, 4, 3, 2]
MARK_TYPES = ["mole", "burn scar", "cut mark", "birth mark", "tattoo", "wart", "white patch",
              "stitch mark", "black spot"]
BODY = ["left cheek", "right cheek", "forehead", "chin", "neck", "left hand", "right hand",
        "left arm", "right arm", "left leg", "right leg", "back", "stomach", "left ear",
        "right ear", "nose", "upper lip", "left eye", "right eye", "left knee"]
# word variants a different officer may write
MARK_SYNONYMS = {"mole": ["til", "mole", "black mole"], "burn scar": ["burn mark", "scar of burn"],
                 "cut mark": ["cut scar", "old cut"], "birth mark": ["birthmark", "birth mark"],
                 "black spot": ["dark spot", "black spot"]}
BUILDS, BUILD_W = ["thin", "medium", "heavy"], [35, 50, 15]
# most children are described as "wheatish" in Indian police reports; fair/dark less often
COMPLEXIONS, COMPLEXION_W = ["fair", "wheatish", "dark"], [25, 50, 25]
COLOURS = ["red", "blue", "green", "yellow", "white", "black", "pink", "grey", "brown",
           "orange", "maroon", "purple", "sky blue", "cream"]
# a colour an officer may name differently ("maroon" seen as "red")
COLOUR_SEEN = {"maroon": "red", "grey": "black", "sky blue": "blue", "cream": "white",
               "purple": "blue", "orange": "yellow", "brown": "black"}
TOPS_BOY = ["shirt", "t-shirt", "checked shirt", "kurta", "sweater", "jacket", "banian",
            "school uniform shirt"]
BOTTOMS_BOY = ["half pant", "jeans", "trousers", "pyjama", "lower", "shorts"]
TOPS_GIRL = ["frock", "kurti", "top", "salwar kameez", "sweater", "school uniform", "t-shirt"]
BOTTOMS_GIRL = ["leggings", "salwar", "skirt", "jeans", "pyjama", "dupatta"]
FEET = ["chappal", "sandals", "barefoot", "shoes", "slippers"]


def zipf_weights(n, s=1.0):
    return [1.0 / (i + 1) ** s for i in range(n)]


# Zipf over ~150 names each: the commonest boy's name is ~8% of boys, far more
# concentrated than a real register (which has thousands of names): many decoys.
BOY_W, GIRL_W = zipf_weights(len(BOYS), 0.7), zipf_weights(len(GIRLS), 0.7)
SUR_W = zipf_weights(len(SURNAMES), 0.7)


# ---------------------------------------------------------------- spelling and script
def latin_to_itrans(rng, name):
    """A plausible ITRANS spelling of a Latin name: vowel length chosen as writers do."""
    s = name.lower()
    s = s.replace("aa", "A").replace("ee", "I").replace("oo", "U")
    out = []
    for i, ch in enumerate(s):
        nxt = s[i + 1] if i + 1 < len(s) else ""
        if ch == "a" and i > 0 and rng.random() < 0.35 and nxt not in "iu":
            out.append("A")
        elif ch == "i" and (i == len(s) - 1 or rng.random() < 0.3):
            out.append("I")
        elif ch == "u" and rng.random() < 0.3:
            out.append("U")
        elif ch == "x":
            out.append("kSh")
        elif ch == "w":
            out.append("v")
        elif ch == "z":
            out.append("z")
        else:
            out.append(ch)
    it = "".join(out)
    if it.endswith("a") and rng.random() < 0.6:
        it = it[:-1] + "A"
    # a final consonant carries no vowel mark: ITRANS writes a virama-less consonant
    return it


def to_script(rng, name, script):
    if script == "latin" or not name:
        return name
    words = []
    for w in name.split():
        it = latin_to_itrans(rng, w)
        target = sanscript.DEVANAGARI if script == "deva" else sanscript.GUJARATI
        words.append(transliterate(it, sanscript.ITRANS, target))
    return " ".join(words)


_VARIANTS = [
    ("a", "aa"), ("ee", "i"), ("i", "ee"), ("u", "oo"), ("oo", "u"), ("v", "w"), ("sh", "s"),
    ("s", "sh"), ("ph", "f"), ("f", "ph"), ("z", "j"), ("j", "z"), ("kh", "k"), ("bh", "b"),
    ("dh", "d"), ("th", "t"), ("au", "ou"), ("x", "ksh"), ("ksh", "x"), ("chh", "ch"),
]


def spelling_variant(rng, word):
    w = word.lower()
    for _ in range(rng.choice((1, 1, 2))):
        opts = [(a, b) for a, b in _VARIANTS if a in w[1:]]
        r = rng.random()
        if opts and r < 0.7:
            a, b = rng.choice(opts)
            i = w.find(a, 1)
            w = w[:i] + b + w[i + len(a):]
        elif r < 0.85 and len(w) > 3:
            i = rng.randrange(1, len(w))
            w = w[:i] + w[i] + w[i:]           # doubled letter
        elif w.endswith("a"):
            w = w[:-1]
        else:
            w = w + "a"
    return w.capitalize()


def typo(rng, word):
    w = word.lower()
    if len(w) < 3:
        return word
    i = rng.randrange(0 if rng.random() < 0.1 else 1, len(w))
    op = rng.random()
    letters = "abcdefghijklmnoprstuvy"
    if op < 0.3:
        w = w[:i] + w[i + 1:]
    elif op < 0.6:
        w = w[:i] + rng.choice(letters) + w[i + 1:]
    elif op < 0.8:
        w = w[:i] + rng.choice(letters) + w[i:]
    elif i < len(w) - 1:
        w = w[:i] + w[i + 1] + w[i] + w[i + 2:]
    return w.capitalize()


def corrupt_name(rng, name, p_variant=0.5, p_typo=0.12):
    words = []
    for w in name.split():
        if rng.random() < p_variant:
            w = spelling_variant(rng, w)
        if rng.random() < p_typo:
            w = typo(rng, w)
        words.append(w)
    return " ".join(words)


def pick_script(rng, state):
    r = rng.random()
    if state == "Gujarat":
        return "latin" if r < 0.5 else ("guj" if r < 0.8 else "deva")
    return "latin" if r < 0.6 else ("deva" if r < 0.95 else "guj")


# ---------------------------------------------------------------- defaults (one reason each)
# Fill rates of the missing report (police SOP / Form 17: height, build, complexion,
# clothes worn and identification marks are routine fields filled by the IO with the family).
MISSING_FILL = {
    "height": 0.88,      # families often know it only roughly; sometimes not at all
    "marks": 0.78,       # asked for on every report; blank when the family names none
    "build": 0.90,       # a routine descriptive field, nearly always ticked
    "complexion": 0.90,  # likewise
    "clothes": 0.85,     # "last seen wearing" is asked; a child who left at night may be unknown
    "languages": 0.90,   # mother tongue is asked; missed when the informant assumes it
}
# Fill rates of the found-child report (police / CWC / CCI at production or admission).
FOUND_FILL = {
    "height": 0.80,      # measured at the CCI or estimated by the officer; not always done
    "marks": 0.65,       # recorded when noticed; a quick police entry often skips them
    "build": 0.85,       # an observed field, filled by whoever writes the report
    "complexion": 0.85,  # likewise
    "clothes": 0.80,     # what the child wore when found, as on the GD entry
    "languages": 0.90,   # the language the child speaks is noted to find an interpreter
}
P_NAMELESS = 0.30            # found children who give no name (too young, scared, disabled)
AGE_ESTIMATE_SD = 1.3        # years: an officer's or doctor's estimate of age
FOUND_WITHIN_WEEK = 0.35     # runaways picked up at stations by RPF/Childline within days
FOUND_MEAN_DAYS_LATER = 75   # the rest: weeks to months (exponential), capped at 18 months
P_MARK_MISSED = 0.2          # a mark on the missing report the finder did not notice
P_MARK_SPURIOUS = 0.2        # a mark the finder noted that the family did not report
P_COMPLEXION_STEP = 0.25     # complexion judged one step lighter/darker by another person
P_BUILD_SEEN_DIFFERENTLY = 0.15  # thin/medium/heavy judged differently
P_BUILD_CHANGE_PER_YEAR = 0.4    # children on the street lose weight; build changes slowly
P_SAME_CLOTHES = 0.9         # found within a couple of days: usually the same clothes...
CLOTHES_DECAY_DAYS = 7       # ...less likely every week after (new clothes at a CCI/shelter)
P_COLOUR_SEEN = 0.15         # a colour named differently ("maroon" as "red")
P_CLOTHES_ITEM_MISSED = 0.25 # one garment left out of the description


# ---------------------------------------------------------------- records
BASE_DAY = dt.date(2020, 1, 1).toordinal()
SPAN_DAYS = 5 * 365


def height_for(age, rng):
    return round(75 + 6.2 * age + rng.gauss(0, 5), 1)


def marks_text(rng, marks):
    return ", ".join(f"{m} on {b}" for m, b in marks)


def reword(rng, mark):
    m, b = mark
    m = rng.choice(MARK_SYNONYMS.get(m, [m]))
    if rng.random() < 0.3:
        return f"{b} {m}"
    return f"{m} on {b}"


class Child:
    __slots__ = ("gender", "given", "surname", "father", "mother", "pet", "age", "height",
                 "marks", "state", "district", "langs", "day", "build", "complexion", "clothes")


def make_child(rng):
    c = Child()
    r = rng.random()
    c.gender = "male" if r < 0.55 else ("female" if r < 0.99 else "transgender")
    names, w = (BOYS, BOY_W) if c.gender != "female" else (GIRLS, GIRL_W)
    c.given = rng.choices(names, w)[0]
    c.surname = rng.choices(SURNAMES, SUR_W)[0]
    c.father = rng.choices(BOYS, BOY_W)[0] + " " + c.surname
    c.mother = rng.choices(GIRLS, GIRL_W)[0]
    c.pet = rng.choice(PETS_GIRL if c.gender == "female" else PETS_BOY) \
        if rng.random() < 0.2 else None
    c.age = min(17.0, max(0.5, rng.triangular(1, 17.9, 13)))
    c.height = height_for(c.age, rng)
    c.marks = [(rng.choice(MARK_TYPES), rng.choice(BODY)) for _ in range(rng.choice((1, 1, 2)))]
    c.state = rng.choices(list(STATES), STATE_W)[0]
    c.district = rng.choice(STATES[c.state][0])
    langs = STATES[c.state][1]
    c.langs = [rng.choice(langs)] + (["Hindi"] if rng.random() < 0.3 else [])
    c.day = BASE_DAY + rng.randrange(SPAN_DAYS)
    c.build = rng.choices(BUILDS, BUILD_W)[0]
    c.complexion = rng.choices(COMPLEXIONS, COMPLEXION_W)[0]
    c.clothes = make_clothes(rng, c.gender)
    return c


def make_clothes(rng, gender):
    """What the child wore when last seen: [(colour, item), ...] (top, often bottom, feet)."""
    tops, bottoms = (TOPS_GIRL, BOTTOMS_GIRL) if gender == "female" else (TOPS_BOY, BOTTOMS_BOY)
    out = [(rng.choice(COLOURS), rng.choice(tops))]
    if rng.random() < 0.8:
        out.append((rng.choice(COLOURS), rng.choice(bottoms)))
    if rng.random() < 0.4:
        out.append(("", rng.choice(FEET)))
    return out


def clothes_text(items):
    return ", ".join(f"{c} {i}".strip() for c, i in items)


def step(rng, values, value):
    """One step up or down an ordered scale (thin < medium < heavy)."""
    i = values.index(value) + rng.choice((-1, 1))
    return values[min(len(values) - 1, max(0, i))]


def missing_record(rng, rid, c):
    script = pick_script(rng, c.state)
    name = c.given + (" " + c.surname if rng.random() < 0.85 else "")
    if c.pet and rng.random() < 0.4:
        name += " urf " + c.pet
    return {
        "id": f"missing:{rid}", "kind": "missing", "name": to_script(rng, name, script),
        "father_name": to_script(rng, c.father, script) if rng.random() < 0.95 else None,
        "mother_name": to_script(rng, c.mother, script) if rng.random() < 0.8 else None,
        "gender": c.gender, "age_years": int(c.age),
        # Form 17 / the police SOP have height, build, complexion, clothes and marks as
        # routine fields; a parent may not know the height (and states it roughly: +-3 cm)
        "height_cm": round(c.height + rng.gauss(0, 3)) if rng.random() < MISSING_FILL["height"]
        else None,
        "identification_marks": marks_text(rng, c.marks)
        if rng.random() < MISSING_FILL["marks"] else None,
        "languages": ", ".join(c.langs) if rng.random() < MISSING_FILL["languages"] else None,
        "build": c.build if rng.random() < MISSING_FILL["build"] else None,
        "complexion": c.complexion if rng.random() < MISSING_FILL["complexion"] else None,
        "clothes": clothes_text(c.clothes) if rng.random() < MISSING_FILL["clothes"] else None,
        "state": c.state, "district": c.district,
        "event_date": dt.date.fromordinal(c.day).isoformat(),
    }


def found_elapsed(rng):
    """Days from going missing to being found."""
    if rng.random() < FOUND_WITHIN_WEEK:
        return rng.randrange(8)
    return min(540, 8 + int(rng.expovariate(1 / FOUND_MEAN_DAYS_LATER)))


def found_record(rng, rid, c, missing):
    """The same child found later, described by someone else."""
    elapsed = found_elapsed(rng)
    day = c.day + elapsed
    years = elapsed / 365.25
    script = pick_script(rng, c.state)
    named = rng.random() >= P_NAMELESS
    name = father = mother = None
    if named:
        if c.pet and rng.random() < 0.5 or rng.random() < 0.08:
            name = c.pet or rng.choice(PETS_GIRL if c.gender == "female" else PETS_BOY)
        else:
            name = corrupt_name(rng, c.given)
            if rng.random() < 0.4:
                name += " " + corrupt_name(rng, c.surname, 0.3, 0.05)
        name = to_script(rng, name, script)
        if rng.random() < 0.55:
            father = to_script(rng, corrupt_name(rng, c.father.split()[0]), script)
        if rng.random() < 0.35:
            mother = to_script(rng, corrupt_name(rng, c.mother), script)
    true_age = c.age + years
    est = max(0, min(18, round(true_age + rng.gauss(0, AGE_ESTIMATE_SD))))
    r = rng.random()
    if r < 0.45:
        state, district = c.state, c.district
    elif r < 0.75:
        state, district = c.state, rng.choice(STATES[c.state][0])
    else:
        state = rng.choices(list(STATES), STATE_W)[0]
        district = rng.choice(STATES[state][0])
    marks = None
    if rng.random() < FOUND_FILL["marks"]:
        shown = [reword(rng, m) for m in c.marks if rng.random() >= P_MARK_MISSED]
        if rng.random() < P_MARK_SPURIOUS:
            shown.append(reword(rng, (rng.choice(MARK_TYPES), rng.choice(BODY))))
        marks = ", ".join(shown) or None
    langs = None
    if rng.random() < FOUND_FILL["languages"]:
        langs = c.langs[:1] if rng.random() < 0.9 else ["Hindi"]
    build = c.build
    if rng.random() < P_BUILD_SEEN_DIFFERENTLY + min(years, 1.0) * P_BUILD_CHANGE_PER_YEAR:
        build = step(rng, BUILDS, build)
    complexion = c.complexion
    if rng.random() < P_COMPLEXION_STEP:
        complexion = step(rng, COMPLEXIONS, complexion)
    clothes = None
    if rng.random() < FOUND_FILL["clothes"]:
        if rng.random() < P_SAME_CLOTHES * math.exp(-max(0, elapsed - 2) / CLOTHES_DECAY_DAYS):
            items = [(COLOUR_SEEN.get(col, col) if rng.random() < P_COLOUR_SEEN else col, it)
                     for col, it in c.clothes]
            kept = [x for x in items if rng.random() >= P_CLOTHES_ITEM_MISSED] or items[:1]
            clothes = clothes_text(kept)
        else:
            clothes = clothes_text(make_clothes(rng, c.gender))
    return {
        "id": f"found:{rid}", "kind": "found", "name": name, "father_name": father,
        "mother_name": mother, "gender": c.gender if rng.random() < 0.97 else "unknown",
        "age_years": est,
        "height_cm": round(c.height + 6 * years + rng.gauss(0, 3), 1)
        if rng.random() < FOUND_FILL["height"] else None,
        "identification_marks": marks, "languages": ", ".join(langs) if langs else None,
        "build": build if rng.random() < FOUND_FILL["build"] else None,
        "complexion": complexion if rng.random() < FOUND_FILL["complexion"] else None,
        "clothes": clothes,
        "state": state, "district": district,
        "event_date": dt.date.fromordinal(day).isoformat(),
    }


def generate(n, n_queries, seed):
    """N records (half missing, half found), 40% of missing with a true found record.
    Returns (records, queries as (query record, true id))."""
    rng = random.Random(seed)
    n_missing = n // 2
    n_found = n - n_missing
    n_pairs = min(int(n_missing * 0.4), n_found)
    records, pairs = [], []
    for i in range(n_missing):
        c = make_child(rng)
        m = missing_record(rng, i, c)
        records.append(m)
        if i < n_pairs:
            f = found_record(rng, i, c, m)
            records.append(f)
            pairs.append((m, f))
    for j in range(n_pairs, n_found):
        # found children never reported missing: unnamed in the same share
        c = make_child(rng)
        c.day = BASE_DAY + rng.randrange(SPAN_DAYS)
        f = found_record(rng, j, c, None)
        records.append(f)
    qrng = random.Random(seed + 1)
    chosen = qrng.sample(pairs, min(n_queries, len(pairs)))
    queries = []
    for i, (m, f) in enumerate(chosen):
        queries.append((f, m["id"]) if i % 2 == 0 else (m, f["id"]))
    return records, queries


# ---------------------------------------------------------------- measuring
def rss_mb():
    with open("/proc/self/statm") as fh:
        return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def peak_mb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def p95(xs):
    xs = sorted(xs)
    return xs[min(len(xs) - 1, math.ceil(0.95 * len(xs)) - 1)]


def metrics(ranked_lists, truths):
    r1 = r10 = mrr = 0.0
    for ranked, t in zip(ranked_lists, truths):
        if t in ranked[:10]:
            pos = ranked.index(t) + 1
            r10 += 1
            mrr += 1 / pos
            r1 += pos == 1
    n = max(len(truths), 1)
    return r1 / n, r10 / n, mrr / n


def run_size(n, n_queries, seed, baseline=True, repeats=3):
    from rapidfuzz import fuzz, process

    from matching import MatchIndex

    t0 = time.perf_counter()
    records, queries = generate(n, n_queries, seed)
    gen_s = time.perf_counter() - t0
    before = rss_mb()
    t0 = time.perf_counter()
    index = MatchIndex.from_records(records)
    build_s = time.perf_counter() - t0
    index_mb = peak_mb() - before
    truths = [t for _, t in queries]
    # warm-up (first-call costs of numpy/rapidfuzz), not timed
    index.search(queries[0][0], k=10)
    # each query is timed `repeats` times (round-robin, so a slow moment of the machine
    # hits all queries alike); a query's latency is the median of its runs
    runs = [[] for _ in queries]
    ranked = [None] * len(queries)
    for _ in range(max(1, repeats)):
        for i, (q, _t) in enumerate(queries):
            t = time.perf_counter()
            res = index.search(q, k=10)
            runs[i].append((time.perf_counter() - t) * 1000)
            ranked[i] = [r.id for r in res]
    lat = [statistics.median(x) for x in runs]
    survive = sum(t in index.candidates(q) for q, t in queries) / len(queries)
    by_id = {r["id"]: r for r in records}
    nameless = [i for i, (q, t) in enumerate(queries)
                if not q["name"] or not by_id[t]["name"]]
    del by_id
    out = {
        "n": n, "queries": len(queries), "gen_s": gen_s, "build_s": build_s,
        "index_mb": index_mb, "peak_mb": peak_mb(), "survive": survive, "repeats": repeats,
        "engine": dict(zip(("r1", "r10", "mrr"), metrics(ranked, truths)),
                       mean_ms=statistics.mean(lat), median_ms=statistics.median(lat),
                       p95_ms=p95(lat)),
    }
    nameless_set = set(nameless)
    named = [i for i in range(len(queries)) if i not in nameless_set]
    for label, sel in (("named_pairs", named), ("nameless_pairs", nameless)):
        out[label] = dict(zip(("r1", "r10", "mrr"), metrics(
            [ranked[i] for i in sel], [truths[i] for i in sel])), n=len(sel))
    if baseline:
        by_kind = {"missing": ([], []), "found": ([], [])}
        for r in records:
            ids, names = by_kind[r["kind"]]
            ids.append(r["id"])
            names.append(r["name"] or "")
        lat_b, ranked_b = [], []
        for q, _ in queries:
            ids, names = by_kind["found" if q["kind"] == "missing" else "missing"]
            t = time.perf_counter()
            hits = process.extract(q["name"] or "", names, scorer=fuzz.WRatio, limit=10) \
                if q["name"] else []
            lat_b.append((time.perf_counter() - t) * 1000)
            ranked_b.append([ids[h[2]] for h in hits])
        out["baseline"] = dict(zip(("r1", "r10", "mrr"), metrics(ranked_b, truths)),
                               mean_ms=statistics.mean(lat_b), median_ms=statistics.median(lat_b),
                               p95_ms=p95(lat_b))
    return out


def print_tables(results):
    print()
    print("Matching engine vs naive baseline (rapidfuzz WRatio over every raw name)")
    hdr = (f"{'N':>9} {'method':<9} {'R@1':>6} {'R@10':>6} {'MRR':>6} {'blocking':>9} "
           f"{'mean ms':>8} {'med ms':>7} {'p95 ms':>7} {'build s':>8} {'index MB':>9} "
           f"{'peak MB':>8}")
    print(hdr)
    print("-" * len(hdr))
    for r in results:
        e = r["engine"]
        print(f"{r['n']:>9} {'engine':<9} {e['r1']:>6.3f} {e['r10']:>6.3f} {e['mrr']:>6.3f} "
              f"{r['survive']:>9.3f} {e['mean_ms']:>8.1f} {e['median_ms']:>7.1f} "
              f"{e['p95_ms']:>7.1f} {r['build_s']:>8.1f} {r['index_mb']:>9.0f} "
              f"{r['peak_mb']:>8.0f}")
        b = r.get("baseline")
        if b:
            print(f"{'':>9} {'baseline':<9} {b['r1']:>6.3f} {b['r10']:>6.3f} {b['mrr']:>6.3f} "
                  f"{'-':>9} {b['mean_ms']:>8.1f} {b['median_ms']:>7.1f} {b['p95_ms']:>7.1f}")
    for r in results:
        for label in ("named_pairs", "nameless_pairs"):
            if label in r:
                x = r[label]
                print(f"  N={r['n']}: {label} (n={x['n']}): R@1 {x['r1']:.3f}  "
                      f"R@10 {x['r10']:.3f}  MRR {x['mrr']:.3f}")
    print()
    for r in results:
        print(f"  N={r['n']}: {r['queries']} queries; generation {r['gen_s']:.1f} s")
    print(f"  latency: one query at a time, single thread, wall clock (perf_counter); each "
          f"query's latency is the median of {results[0].get('repeats', 1)} runs; the baseline "
          "is timed once per query")
    print("  build: one build per size (not repeated); blocking = share of true pairs among "
          "the candidates")
    print("  memory: index MB = peak RSS growth during the build (resource.getrusage), "
          "peak MB = whole child process")


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sizes", default="10000,100000,1000000")
    ap.add_argument("--queries", type=int, default=500)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--no-baseline", action="store_true")
    ap.add_argument("--repeats", type=int, default=3,
                    help="timed runs of each query; its latency is their median")
    ap.add_argument("--worker", type=int, help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.worker:
        res = run_size(args.worker, args.queries, args.seed, not args.no_baseline,
                       args.repeats)
        print("RESULT " + json.dumps(res))
        return
    results = []
    for n in [int(x) for x in args.sizes.split(",") if x]:
        print(f"running N={n} ...", flush=True)
        cmd = [sys.executable, os.path.abspath(__file__), "--worker", str(n), "--queries",
               str(args.queries), "--seed", str(args.seed), "--repeats", str(args.repeats)]
        if args.no_baseline:
            cmd.append("--no-baseline")
        proc = subprocess.run(cmd, capture_output=True, text=True)
        line = [x for x in proc.stdout.splitlines() if x.startswith("RESULT ")]
        if proc.returncode or not line:
            print(proc.stdout, proc.stderr, file=sys.stderr)
            raise SystemExit(f"N={n} failed")
        results.append(json.loads(line[-1][7:]))
        print_tables(results[-1:])
    if len(results) > 1:
        print_tables(results)


if __name__ == "__main__":
    main()
