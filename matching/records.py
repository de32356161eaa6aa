"""Turning a record dict into the normalised values the engine compares.

Record fields (a dict; None or "" for anything unknown):

=====================  ===================================================================
``id``                 str, unique across kinds, e.g. ``"missing:123"``, ``"found:456"``
``kind``               ``"missing"`` or ``"found"``; a query is matched against the other kind
``name``               the child's name as written, any script; may carry an alias after
                       "urf" / "alias" / "@" ("Rahul urf Guddu")
``father_name``        as written, any script
``mother_name``        as written, any script
``gender``             ``"male"``, ``"female"``, ``"transgender"``, ``"unknown"``
``age_years``          number: age on ``event_date`` (stated or estimated)
``height_cm``          number
``identification_marks``  free text ("mole on left cheek, burn scar on right hand")
``languages``          list of names, or one comma-separated string, any script
``state``              state name as stored
``district``           district name as stored
``event_date``         ISO date (str), ``date`` or ``datetime``: the day the child went
                       missing (missing) or was found (found)
``build``              optional: ``"thin"``, ``"medium"`` or ``"heavy"`` (also read: slim,
                       lean, average, normal, stout, fat, healthy, chubby)
``complexion``         optional: ``"fair"``, ``"wheatish"`` or ``"dark"`` (also read: light,
                       medium, brown, dusky, sanwla, gora)
``clothes``            optional free text: clothes worn when last seen (missing) or when
                       found ("red shirt, blue half pant, chappal")
=====================  ===================================================================

All optional fields may be absent, None or "": unknown is never held against a child.
"""
from __future__ import annotations

import datetime as _dt
import math
import re
from dataclasses import dataclass

from .normalise import NameParts, fold_token, mark_terms, parse_name, to_latin
from .pet_names import PetNames

__all__ = ["RECORD_FIELDS", "Prepared", "prepare", "KINDS", "GENDERS", "BUILDS", "COMPLEXIONS"]

RECORD_FIELDS = (
    "id", "kind", "name", "father_name", "mother_name", "gender", "age_years", "height_cm",
    "identification_marks", "languages", "state", "district", "event_date",
    "build", "complexion", "clothes",
)
KINDS = {"missing": 0, "found": 1}
# gender codes: 0 unknown, 1 male, 2 female, 3 transgender
GENDERS = {
    "male": 1, "m": 1, "boy": 1, "female": 2, "f": 2, "girl": 2, "transgender": 3, "t": 3,
    "tg": 3, "unknown": 0, "not known": 0, "": 0,
}

# ordered scales (0 unknown); an unlisted word is unknown, not an error
BUILDS = {
    "thin": 1, "slim": 1, "lean": 1, "slender": 1, "weak": 1, "patla": 1, "dubla": 1,
    "medium": 2, "average": 2, "normal": 2, "moderate": 2, "madhyam": 2,
    "heavy": 3, "stout": 3, "fat": 3, "healthy": 3, "chubby": 3, "plump": 3, "mota": 3,
}
COMPLEXIONS = {
    "fair": 1, "light": 1, "gora": 1, "gori": 1,
    "wheatish": 2, "wheat": 2, "medium": 2, "brown": 2, "gehua": 2, "genhua": 2,
    "dark": 3, "dusky": 3, "black": 3, "sanwla": 3, "sanwali": 3, "kala": 3, "kali": 3,
}


def _scale(v, table: dict) -> int:
    """Code of a word on an ordered scale: the whole text, else its last known word
    ("very fair" -> fair); 0 when nothing is recognised."""
    if not v:
        return 0
    text = str(v).strip().lower()
    if text in table:
        return table[text]
    for w in reversed(re.split(r"[^a-z]+", text)):
        if w in table:
            return table[w]
    return 0


@dataclass(frozen=True, slots=True)
class Prepared:
    id: str
    kind: int
    name: NameParts
    father: NameParts
    mother: NameParts
    gender: int
    age: float          # NaN when unknown
    height: float       # NaN when unknown
    day: int            # date ordinal, 0 when unknown
    state: str          # folded, "" when unknown
    district: str       # folded, "" when unknown
    languages: frozenset[str]
    marks: frozenset[str]     # words and word pairs (see normalise.mark_terms)
    build: int = 0            # 0 unknown, 1 thin, 2 medium, 3 heavy
    complexion: int = 0       # 0 unknown, 1 fair, 2 wheatish, 3 dark
    clothes: frozenset[str] = frozenset()   # words and word pairs of the clothes text

    @property
    def formal(self) -> bool:
        """Has a formal given name (not only a pet name)."""
        return bool(self.name.given)


def _num(v, lo: float, hi: float) -> float:
    if v is None or v == "":
        return math.nan
    try:
        x = float(v)
    except (TypeError, ValueError):
        return math.nan
    return x if lo <= x <= hi else math.nan


def _day(v) -> int:
    if not v:
        return 0
    if isinstance(v, _dt.datetime):
        return v.date().toordinal()
    if isinstance(v, _dt.date):
        return v.toordinal()
    try:
        return _dt.date.fromisoformat(str(v)[:10]).toordinal()
    except ValueError:
        return 0


def _place(v) -> str:
    if not v:
        return ""
    return " ".join(fold_token(w) for w in to_latin(str(v)).split())


def _languages(v) -> frozenset[str]:
    if not v:
        return frozenset()
    items = v.split(",") if isinstance(v, str) else list(v)
    out = set()
    for item in items:
        if item:
            t = " ".join(fold_token(w) for w in to_latin(str(item)).split())
            if t:
                out.add(t)
    return frozenset(out)


def prepare(record: dict, pet_names: PetNames) -> Prepared:
    """Normalise one record dict (see the module doc for the fields)."""
    rid = record.get("id")
    if rid is None or rid == "":
        raise ValueError("record has no id")
    kind = KINDS.get(str(record.get("kind") or "").strip().lower())
    if kind is None:
        raise ValueError(f"record {rid!r}: kind must be 'missing' or 'found'")
    marks = record.get("identification_marks")
    if isinstance(marks, (list, tuple)):
        marks = ", ".join(str(m) for m in marks if m)
    return Prepared(
        id=str(rid),
        kind=kind,
        name=parse_name(record.get("name"), pet_names),
        father=parse_name(record.get("father_name"), pet_names),
        mother=parse_name(record.get("mother_name"), pet_names),
        gender=GENDERS.get(str(record.get("gender") or "").strip().lower(), 0),
        age=_num(record.get("age_years"), 0, 25),
        height=_num(record.get("height_cm"), 30, 220),
        day=_day(record.get("event_date")),
        state=_place(record.get("state")),
        district=_place(record.get("district")),
        languages=_languages(record.get("languages")),
        marks=mark_terms(marks or ""),
        build=_scale(record.get("build"), BUILDS),
        complexion=_scale(record.get("complexion"), COMPLEXIONS),
        clothes=mark_terms(record.get("clothes") or "", clothes=True),
    )
