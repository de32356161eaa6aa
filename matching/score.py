"""Scoring a pair: comparison levels per field, weighed by the Fellegi–Sunter model.

Every field of a pair falls in one *comparison level* (``LEVELS``): the name is the
same, similar, partly alike or different; the age is within a year of the expected
age, within two, ... Each level has two probabilities (:mod:`matching.weights`):
``m``, how often a pair of the *same* child falls in it, and ``u``, how often a pair
of two *different* children does. ``log2(m / u)`` is the level's weight of evidence
in bits ("points": +3 means the observation is 8 times likelier for the same child).
The pair's log-odds is the prior log-odds plus the points of all fields (the fields
are taken as independent given match or not, as in Fellegi and Sunter 1969); the
probability that the pair is the same child is ``1 / (1 + 2**-log_odds)`` and the
score shown is that probability in percent.

Level 0 of every field is "unknown" (either side does not say): it weighs nothing,
so missing information is never held against a child. The comparisons are
vectorised over all pairs of a search (numpy arrays in, arrays out), and the same
function serves one search and a batch (``pair_levels``).
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

__all__ = [
    "AGREES",
    "COMPARISONS",
    "DISAGREES",
    "FIELDS",
    "LEVELS",
    "PARTLY",
    "TF_LEVELS",
    "UNKNOWN",
    "VERDICTS",
    "MatchResult",
    "Reason",
    "pair_levels",
    "probability",
    "verdicts_of",
]

# The fields a reason is given for (one per field, in this order).
FIELDS = ("name", "father_name", "mother_name", "age", "gender", "height", "marks",
          "languages", "place", "date", "clothes", "complexion", "build")
# The comparisons that carry weights: the fields, plus the surname, whose points are
# shown with the name's.
COMPARISONS = FIELDS + ("surname",)

# verdict codes in the arrays
UNKNOWN, DISAGREES, PARTLY, AGREES = 0, 1, 2, 3
VERDICTS = ("unknown", "disagrees", "partly", "agrees")

# Levels of each comparison, with the verdict each one is shown as. Level 0 is always
# "unknown". Thresholds are the constants below.
_U, _D, _P, _A = UNKNOWN, DISAGREES, PARTLY, AGREES
LEVELS: dict[str, tuple[tuple[str, int], ...]] = {
    # name similarity band (rapidfuzz ratio of folded names); a pet-name match is its
    # own level (a pet name is shared by many children)
    "name": (("unknown", _U), ("different", _D), ("partly alike", _P),
             ("same pet name", _A), ("similar", _A), ("same", _A)),
    "surname": (("unknown", _U), ("different", _D), ("partly alike", _P), ("same", _A)),
    "father_name": (("unknown", _U), ("different", _D), ("partly alike", _P), ("same", _A)),
    "mother_name": (("unknown", _U), ("different", _D), ("partly alike", _P), ("same", _A)),
    # |found age - (missing age + years elapsed)|, in years
    "age": (("unknown", _U), ("within 0.75 years", _A), ("within 1.5 years", _A),
            ("within 2.5 years", _P), ("within 3.5 years", _P), ("within 5 years", _D),
            ("more than 5 years apart", _D)),
    "gender": (("unknown", _U), ("same", _A), ("transgender on one side", _P),
               ("different", _D)),
    # |found height - (missing height + growth)| against a tolerance that widens with time
    "height": (("unknown", _U), ("within half the tolerance", _A), ("within the tolerance", _A),
               ("within twice the tolerance", _P), ("further apart", _D)),
    # information (IDF sum) of the shared mark terms: rare marks shared say most
    "marks": (("unknown", _U), ("nothing shared", _D), ("a common term shared", _P),
              ("some shared", _P), ("much shared", _A), ("rare marks shared", _A),
              ("many rare marks shared", _A)),
    # the rarest language both speak: its share of the register
    "languages": (("unknown", _U), ("none shared", _D), ("a common language shared", _A),
                  ("a less common language shared", _A), ("a rare language shared", _A)),
    "place": (("unknown", _U), ("another state", _D), ("same state", _P),
              ("same district", _A)),
    # days from going missing to being found
    "date": (("unknown", _U), ("within a week", _A), ("within a month", _A),
             ("within three months", _A), ("within a year", _P), ("within two years", _P),
             ("more than two years", _D)),
    # clothes count only within CLOTHES_DAYS of going missing (after that a shelter
    # gives others); the level says how much is shared and how soon
    "clothes": (("unknown", _U), ("nothing shared", _D), ("a little shared", _P),
                ("much shared within days", _A), ("much shared later", _A)),
    "complexion": (("unknown", _U), ("same", _A), ("one step apart", _P),
                   ("two steps apart", _D)),
    "build": (("unknown", _U), ("same", _A), ("one step apart", _P), ("two steps apart", _D)),
}
assert set(LEVELS) == set(COMPARISONS)
# Comparisons weighed *given* another's level (their m and u have one row per level of
# the other): height given age (a child of the expected age is of about the expected
# height whoever it is), languages given place (two children of one state speak its
# language). Counting them as independent would count the same evidence twice.
CONDITIONED_ON = {"height": "age", "languages": "place"}

# Levels whose u is the name's own share in the register (term frequency), as Splink
# does: "Rahul = Rahul" is weaker evidence than "Tejal = Tejal".
TF_LEVELS = {"name": (3, 4, 5), "father_name": (3,), "mother_name": (3,)}

# Name similarity (rapidfuzz ratio on folded names, 0..100).
SIM_AGREE = 85.0    # "similar" at or above
SIM_FLOOR = 60.0    # below: "different" (when both are formal names)
SIM_SAME = 92.0     # "same" at or above

AGE_BANDS = (0.75, 1.5, 2.5, 3.5, 5.0)   # years
GROWTH_CM_PER_YEAR = 6.0
HEIGHT_TOL_CM = 6.0  # plus 1.5 cm per year elapsed
# Information (sum of the IDF weights log(1 + n/df) of the shared terms) that bounds
# the marks levels. "mole" alone carries about 2.3; "mole on left cheek" (6 terms, all
# common) about 18; "burn scar on left palm" about 35.
MARKS_INFO = (5.0, 12.0, 24.0, 36.0)
CLOTHES_INFO = 7.0          # "red shirt" (red, shirt, red+shirt) carries about 9
CLOTHES_DAYS = (10.0, 30.0)  # "within days" up to 10; nothing said from 30
LANGUAGE_SHARES = (0.3, 0.1)  # common at or above 0.3, rare below 0.1
DATE_DAYS = (7, 30, 90, 365, 730)


@dataclass(slots=True)
class Reason:
    verdict: str
    points: float          # weight of evidence in bits: log2(m / u) of the level
    detail: str = ""
    level: str = ""

    def as_dict(self) -> dict:
        d = {"verdict": self.verdict, "points": round(self.points, 2)}
        if self.level:
            d["level"] = self.level
        if self.detail:
            d["detail"] = self.detail
        return d


@dataclass(slots=True)
class MatchResult:
    """``score``: the probability in percent (0..100); ``probability``: 0..1;
    ``log_odds``: prior plus points, in bits (ranking uses it: it does not saturate)."""
    id: str
    score: float
    reasons: dict[str, Reason] = field(default_factory=dict)
    probability: float = 0.0
    log_odds: float = 0.0

    def as_dict(self) -> dict:
        return {"id": self.id, "score": round(self.score, 2),
                "probability": round(self.probability, 4),
                "reasons": {k: r.as_dict() for k, r in self.reasons.items()}}


def probability(log_odds):
    """Probability from log-odds in bits."""
    return 1.0 / (1.0 + np.exp2(-np.clip(np.asarray(log_odds, np.float64), -60, 60)))


def _f32(x) -> np.ndarray:
    return np.asarray(x, dtype=np.float32)


def _b(x) -> np.ndarray:
    return np.asarray(x, dtype=bool)


def _digitize(x, edges) -> np.ndarray:
    """1 + the number of edges below x (x <= edges[0] -> 1)."""
    return (1 + np.searchsorted(np.asarray(edges, np.float32), x, side="left")).astype(np.int8)


def _known(levels, known) -> np.ndarray:
    return np.where(known, levels, 0).astype(np.int8)


def name_level(q_formal, q_usable, sim_formal, sim_pet, c_formal, c_usable):
    """``sim_formal``: formal given name vs formal given name; ``sim_pet``: the best
    match involving a pet name or alias on either side. Unalike names are "different"
    only when both sides have a formal given name: a pet name that resembles nothing
    says nothing."""
    sim_formal, sim_pet = _f32(sim_formal), _f32(sim_pet)
    use_pet = sim_pet > sim_formal
    sim = np.where(use_pet, sim_pet, sim_formal)
    lvl = np.where(sim >= SIM_AGREE, np.where(use_pet, 3, np.where(sim >= SIM_SAME, 5, 4)),
                   np.where(sim >= SIM_FLOOR, 2, 0))
    both_formal = _b(c_formal) & _b(q_formal)
    lvl = np.where((sim < SIM_FLOOR) & both_formal, 1, lvl)
    return _known(lvl, _b(q_usable) & _b(c_usable)), use_pet


def similarity_level(q_has, c_has, sim):
    """Surname and parents' names: different / partly alike / same."""
    sim = _f32(sim)
    lvl = np.where(sim >= SIM_AGREE, 3, np.where(sim >= SIM_FLOOR, 2, 1))
    return _known(lvl, _b(q_has) & _b(c_has))


def elapsed_years(elapsed_days):
    """Years elapsed (half a year when a date is unknown) and where it is unknown."""
    e = _f32(elapsed_days)
    return np.where(np.isnan(e), 0.5, np.maximum(e, 0.0) / 365.25), np.isnan(e)


def age_level(age_missing, age_found, elapsed_days):
    """Age on the missing date plus the time elapsed, against the age on the found date.
    A whole-number age on a missing report is age in completed years: the child is on
    average half a year older. With a date unknown, half a year is assumed and the
    difference counts a year less."""
    am, af = _f32(age_missing), _f32(age_found)
    years, unknown_elapsed = elapsed_years(elapsed_days)
    am = np.where(am == np.floor(am), am + 0.5, am)
    d = np.abs(af - (am + years)) - np.where(unknown_elapsed, 1.0, 0.0)
    d = np.maximum(d, 0.0)
    return _known(_digitize(np.nan_to_num(d, nan=0.0), AGE_BANDS), ~np.isnan(d))


def gender_level(q_gender, c_gender):
    """Codes: 0 unknown, 1 male, 2 female, 3 transgender. A transgender child may have
    been reported under the gender assigned at birth: its own level."""
    q, c = np.asarray(q_gender, np.int8), np.asarray(c_gender, np.int8)
    lvl = np.where(q == c, 1, np.where((q == 3) | (c == 3), 2, 3))
    return _known(lvl, (q != 0) & (c != 0))


def height_level(height_missing, height_found, elapsed_days):
    hm, hf = _f32(height_missing), _f32(height_found)
    years, _ = elapsed_years(elapsed_days)
    tol = HEIGHT_TOL_CM + 1.5 * years
    r = np.abs(hf - (hm + GROWTH_CM_PER_YEAR * years)) / tol
    return _known(_digitize(np.nan_to_num(r, nan=0.0), (0.5, 1.0, 2.0)), ~np.isnan(r))


def marks_level(q_has, c_has, info):
    """``info``: the IDF information of the shared mark terms (0: nothing shared)."""
    info = _f32(info)
    lvl = np.where(info <= 0, 1, 1 + _digitize(info, MARKS_INFO))
    return _known(lvl, _b(q_has) & _b(c_has))


def clothes_level(q_has, c_has, info, elapsed_days):
    """Clothes worn when last seen against when found; unknown from CLOTHES_DAYS[1]
    days on (other clothes are normal by then)."""
    info, e = _f32(info), _f32(elapsed_days)
    soon = ~np.isnan(e) & (e <= CLOTHES_DAYS[0])
    lvl = np.where(info <= 0, 1, np.where(info < CLOTHES_INFO, 2, np.where(soon, 3, 4)))
    late = ~np.isnan(e) & (e >= CLOTHES_DAYS[1])
    return _known(lvl, _b(q_has) & _b(c_has) & ~late)


def language_level(q_has, c_has, shared_share):
    """``shared_share``: the register share of the rarest language both speak (NaN when
    none is shared)."""
    s = _f32(shared_share)
    lvl = np.where(np.isnan(s), 1, np.where(s >= LANGUAGE_SHARES[0], 2,
                                            np.where(s >= LANGUAGE_SHARES[1], 3, 4)))
    return _known(lvl, _b(q_has) & _b(c_has))


def place_level(q_has, c_has, same_state, same_district):
    lvl = np.where(_b(same_district), 3, np.where(_b(same_state), 2, 1))
    return _known(lvl, _b(q_has) & _b(c_has))


def date_level(elapsed_days):
    e = _f32(elapsed_days)
    return _known(_digitize(np.nan_to_num(e, nan=0.0), DATE_DAYS), ~np.isnan(e))


def scale_level(q_value, c_value):
    """An ordered three-step scale judged by eye (complexion, build; 0 unknown)."""
    q, c = np.asarray(q_value, np.int16), np.asarray(c_value, np.int16)
    return _known(1 + np.abs(q - c), (q != 0) & (c != 0))


def pair_levels(p: dict) -> dict:
    """The comparison level of every field for every pair. ``p`` holds arrays (one
    value per pair) or scalars (the same for all): see the keys read below. Returns
    {comparison: int8 array} and, under "name_by_pet", where the name level came
    through a pet name (for the term-frequency share)."""
    out = {}
    out["name"], out["name_by_pet"] = name_level(
        p["q_formal"], p["q_usable"], p["sim_formal"], p["sim_pet"], p["c_formal"],
        p["c_usable"])
    out["surname"] = similarity_level(p["q_surname"], p["c_surname"], p["sim_surname"])
    out["father_name"] = similarity_level(p["q_father"], p["c_father"], p["sim_father"])
    out["mother_name"] = similarity_level(p["q_mother"], p["c_mother"], p["sim_mother"])
    out["age"] = age_level(p["age_missing"], p["age_found"], p["elapsed"])
    out["gender"] = gender_level(p["q_gender"], p["c_gender"])
    out["height"] = height_level(p["height_missing"], p["height_found"], p["elapsed"])
    out["marks"] = marks_level(p["q_marks"], p["c_marks"], p["marks_info"])
    out["clothes"] = clothes_level(p["q_clothes"], p["c_clothes"], p["clothes_info"],
                                   p["elapsed"])
    out["languages"] = language_level(p["q_langs"], p["c_langs"], p["lang_share"])
    out["place"] = place_level(p["q_state"], p["c_state"], p["same_state"], p["same_district"])
    out["date"] = date_level(p["elapsed"])
    out["complexion"] = scale_level(p["q_complexion"], p["c_complexion"])
    out["build"] = scale_level(p["q_build"], p["c_build"])
    n = max((np.size(v) for v in out.values()), default=0)
    for k in COMPARISONS:
        out[k] = np.broadcast_to(out[k], (n,)).astype(np.int8)
    return out


def rows_of(comparison: str) -> int:
    """Rows of a comparison's m and u: 1, or the levels of the one it is given."""
    parent = CONDITIONED_ON.get(comparison)
    return len(LEVELS[parent]) if parent else 1


def parent_levels(comparison: str, levels: dict):
    """The row of m and u each pair uses: 0, or the level of the conditioning comparison."""
    parent = CONDITIONED_ON.get(comparison)
    return levels[parent] if parent else 0


_VERDICT_TABLE = {f: np.array([v for _, v in LEVELS[f]], np.int8) for f in COMPARISONS}


def verdicts_of(comparison: str, levels) -> np.ndarray:
    return _VERDICT_TABLE[comparison][levels]
