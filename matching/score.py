"""Scoring a query against candidate records: 0 to 100 on an absolute scale.

Every field is compared on its own and gives a verdict (agrees, partly, disagrees,
unknown) and points. The score is the sum of the points, clipped to 0..100; it does
not depend on the other candidates. A field that is unknown on either side gives 0
points: missing information is never held against a child. The components are
vectorised over all candidates of a query (numpy arrays in, arrays out).

``WEIGHTS`` is the one place the points are set; the comments say why.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

__all__ = [
    "WEIGHTS", "PENALTIES", "VERDICTS", "Reason", "MatchResult", "FIELDS",
    "name_points", "parent_points", "age_points", "gender_points", "height_points",
    "marks_points", "language_points", "place_points", "date_points", "rarity_factor",
    "clothes_points", "scale_points", "clothes_time_factor", "info_fraction",
    "language_rarity",
]

# Points a field adds when it fully agrees. They add up to 100, so a score reads as
# "how much of the evidence we could have had agrees".
WEIGHTS: dict[str, float] = {
    # The given name is the strongest single clue once spelling and script are folded
    # away, but common names repeat thousands of times in a national register, so the
    # points are scaled by the name's rarity (see rarity_factor): 20 for a rare name,
    # about 12.5 for "Rahul". A pet name matching a pet name counts half.
    "name": 20.0,
    # A matching surname confirms the family, but found children often do not give it.
    "surname": 2.0,
    # Parents' names: a child who can say their father's name is usually right about
    # it; it separates the many children with the same given name.
    "father_name": 10.0,
    "mother_name": 6.0,
    # Age at the report plus the time elapsed, against the estimate. Estimates are
    # often off by a year or two, so agreement is a band, not an exact value; age
    # separates nameless children more than anything but marks.
    "age": 11.0,
    # Gender is nearly always right, but half of all children share it: low points,
    # and a strong penalty when male meets female (see PENALTIES).
    "gender": 4.0,
    # Height allowing for growth: rough (measured or guessed), graded.
    "height": 6.0,
    # Identification marks: terms (words and word pairs within a phrase) weighted by
    # how rare they are in the index (IDF): "mole" is common, "burn scar on left palm"
    # is rare, so a shared rare mark earns full points and a shared "mole" a few.
    # With no name, marks are the strongest evidence there is.
    "marks": 13.0,
    # The language the child speaks: strong across states, weak within one, and
    # scaled by how rare the shared language is (language_rarity): "Hindi" is shared
    # by half the register and says little, "Tamil" in Gujarat says a lot.
    "languages": 5.0,
    # Place is evidence, never a filter: children travel by train across states.
    # Same district full points, same state half, elsewhere nothing.
    "place": 6.0,
    # Most children are found within weeks of going missing; a register spans years,
    # so "missing shortly before this child was found" separates nameless children.
    # Graded: full within 30 days, then less and less up to two years. For a child
    # with no name this is one of the few separating clues, hence 8 points (taken
    # from the name fields, which keep most of their weight and rank named pairs anyway).
    "date": 8.0,
    # Clothes worn when last seen against clothes worn when found: telling within days
    # (a runaway picked up at a station still wears them), worthless after a few weeks
    # (a shelter gives other clothes). Word/pair overlap weighted by rarity, then by
    # how few days elapsed (clothes_time_factor). Never a penalty.
    "clothes": 5.0,
    # Complexion and build are judged by eye by different people ("wheatish" by one is
    # "fair" by another; a child on the street loses weight): agree / one step apart
    # (partly, a third) / two steps apart (a small penalty). Half of all children are
    # "wheatish" and "medium", so the points are small (2 each, the surname's level).
    "complexion": 2.0,
    "build": 2.0,
}
assert abs(sum(WEIGHTS.values()) - 100.0) < 1e-9

# Points taken away when a field clearly disagrees. Small for free-text and
# child-reported fields (a lost child may give a nickname, a stepfather's name, a
# village as "district"), large for gender (male vs female).
PENALTIES: dict[str, float] = {
    "name": -8.0,       # both formal given names known and unalike
    "surname": -2.0,
    "father_name": -4.0,
    "mother_name": -2.0,
    "age": -10.0,       # more than 5 years from the expected age
    "gender": -30.0,    # male vs female: practically rules the pair out
    "height": -4.0,
    "marks": -1.0,      # marks are described differently by different people
    "languages": -3.0,
    "place": 0.0,
    "date": 0.0,
    "clothes": 0.0,     # clothes change: different clothes say nothing
    "complexion": -1.0, # fair vs dark, two steps apart
    "build": -1.0,      # thin vs heavy
}

FIELDS = ("name", "father_name", "mother_name", "age", "gender", "height", "marks",
          "languages", "place", "date", "clothes", "complexion", "build")

# verdict codes in the arrays
UNKNOWN, DISAGREES, PARTLY, AGREES = 0, 1, 2, 3
VERDICTS = ("unknown", "disagrees", "partly", "agrees")

# Name similarity (rapidfuzz ratio on folded names, 0..100).
SIM_AGREE = 85.0    # "agrees" at or above
SIM_FLOOR = 60.0    # below: "disagrees" (when both are formal names)
SIM_FULL = 92.0     # full points at or above; linear from SIM_FLOOR
PET_FACTOR = 0.5    # a match through a pet name or its expansions

AGE_EXACT = 0.75    # years: full points up to this difference
AGE_AGREE = 1.5     # years between the expected and the stated/estimated age
AGE_PARTLY = 3.5
AGE_FAR = 5.0
GROWTH_CM_PER_YEAR = 6.0
HEIGHT_TOL_CM = 6.0  # plus 1.5 cm per year elapsed
MARKS_AGREE = 0.5    # weighted overlap coefficient
# Information (sum of the IDF weights log(1 + n/df) of the shared terms) that earns full
# points. "mole on left cheek" (6 terms, all common) carries about 18; "burn scar on left
# palm" about 35; "mole" alone about 2.3.
MARKS_INFO_FULL = 24.0
CLOTHES_INFO_FULL = 14.0   # "red shirt" (red, shirt, red+shirt) carries about 9
# Days elapsed -> weight of a clothes agreement (clothes_time_factor).
CLOTHES_DAYS = (3.0, 10.0, 30.0)   # full up to 3 days, half at 10, nothing from 30


@dataclass(slots=True)
class Reason:
    verdict: str
    points: float
    detail: str = ""

    def as_dict(self) -> dict:
        d = {"verdict": self.verdict, "points": round(self.points, 2)}
        if self.detail:
            d["detail"] = self.detail
        return d


@dataclass(slots=True)
class MatchResult:
    id: str
    score: float
    reasons: dict[str, Reason] = field(default_factory=dict)

    def as_dict(self) -> dict:
        return {"id": self.id, "score": round(self.score, 2),
                "reasons": {k: r.as_dict() for k, r in self.reasons.items()}}


def _f32(x) -> np.ndarray:
    return np.asarray(x, dtype=np.float32)


def rarity_factor(share: np.ndarray) -> np.ndarray:
    """Name rarity: 0.6 (the floor) for a name held by 1 name in 6, about 0.7 for 1 in
    50, 1.0 for 1 in 10,000 or rarer."""
    info = -np.log10(np.clip(share, 1e-9, 1.0))
    return np.clip(0.5 + 0.125 * info, 0.6, 1.0).astype(np.float32)


def _sim_fraction(sim: np.ndarray) -> np.ndarray:
    return np.clip((sim - SIM_FLOOR) / (SIM_FULL - SIM_FLOOR), 0.0, 1.0)


def name_points(q_formal: bool, q_usable: bool, sim_formal, sim_pet, c_formal, c_usable,
                rarity, q_surname: bool, c_surname, sim_surname):
    """The child's name.

    ``sim_formal``: query's formal given name vs the candidate's formal given name;
    ``sim_pet``: any match involving a pet name or alias on either side. Unalike names
    count against only when both sides have a formal given name: a pet name that
    resembles nothing is no evidence.
    """
    sim_formal, sim_pet = _f32(sim_formal), _f32(sim_pet)
    c_formal, c_usable = np.asarray(c_formal, bool), np.asarray(c_usable, bool)
    use_pet = sim_pet > sim_formal
    sim = np.where(use_pet, sim_pet, sim_formal)
    factor = np.where(use_pet, PET_FACTOR, 1.0) * _f32(rarity)
    pts = WEIGHTS["name"] * _sim_fraction(sim) * factor
    verdict = np.where(sim >= SIM_AGREE, AGREES, np.where(sim >= SIM_FLOOR, PARTLY, UNKNOWN))
    both_formal = c_formal & q_formal
    clash = (sim < SIM_FLOOR) & both_formal
    verdict = np.where(clash, DISAGREES, verdict)
    pts = np.where(clash, PENALTIES["name"], pts)
    if not q_usable:
        verdict = np.zeros_like(verdict)
        pts = np.zeros_like(pts)
    verdict = np.where(c_usable, verdict, UNKNOWN)
    pts = np.where(c_usable, pts, 0.0)
    if q_surname:
        both = np.asarray(c_surname, bool)
        ss = _f32(sim_surname)
        sur = np.where(both & (ss >= SIM_AGREE), WEIGHTS["surname"],
                       np.where(both & (ss < SIM_FLOOR), PENALTIES["surname"], 0.0))
        pts = pts + sur
        verdict = np.where((verdict == UNKNOWN) & (sur > 0), PARTLY, verdict)
    return pts.astype(np.float32), verdict.astype(np.int8)


def parent_points(which: str, q_present: bool, c_present, sim, rarity):
    """Father's or mother's given name (``which`` is "father_name" or "mother_name")."""
    c_present = np.asarray(c_present, bool)
    sim = _f32(sim)
    pts = WEIGHTS[which] * _sim_fraction(sim) * _f32(rarity)
    verdict = np.where(sim >= SIM_AGREE, AGREES, np.where(sim >= SIM_FLOOR, PARTLY, DISAGREES))
    pts = np.where(verdict == DISAGREES, PENALTIES[which], pts)
    known = c_present & q_present
    return (np.where(known, pts, 0.0).astype(np.float32),
            np.where(known, verdict, UNKNOWN).astype(np.int8))


def _elapsed_years(elapsed_days):
    e = _f32(elapsed_days)
    return np.where(np.isnan(e), 0.5, np.maximum(e, 0.0) / 365.25), np.isnan(e)


def age_points(age_missing, age_found, elapsed_days):
    """Age on the missing date plus the time elapsed, against the age on the found date.

    A whole-number age on a missing report is age in completed years: the child is on
    average half a year older. ``elapsed_days`` is NaN when either date is unknown
    (then half a year is assumed and the bands widen by a year). Points fall linearly
    from full (within AGE_EXACT) to nothing at the edge of the "partly" band."""
    am, af = _f32(age_missing), _f32(age_found)
    years, unknown_elapsed = _elapsed_years(elapsed_days)
    widen = np.where(unknown_elapsed, 1.0, 0.0)
    am = np.where(am == np.floor(am), am + 0.5, am)
    d = np.abs(af - (am + years))
    agree, partly = AGE_AGREE + widen, AGE_PARTLY + widen
    graded = WEIGHTS["age"] * np.clip((partly - d) / (partly - AGE_EXACT), 0.0, 1.0)
    pts = np.where(d <= partly, graded,
                   np.where(d <= AGE_FAR + widen, 0.0, PENALTIES["age"]))
    verdict = np.where(d <= agree, AGREES, np.where(d <= partly, PARTLY, DISAGREES))
    known = ~np.isnan(d)
    return (np.where(known, pts, 0.0).astype(np.float32),
            np.where(known, verdict, UNKNOWN).astype(np.int8))


def gender_points(q_gender: int, c_gender):
    """Codes: 0 unknown, 1 male, 2 female, 3 transgender. A transgender child may have
    been reported under the gender assigned at birth: that is "partly", no penalty."""
    g = np.asarray(c_gender, np.int8)
    known = (g != 0) & (q_gender != 0)
    same = g == q_gender
    trans = (g == 3) | (q_gender == 3)
    verdict = np.where(same, AGREES, np.where(trans, PARTLY, DISAGREES))
    pts = np.where(same, WEIGHTS["gender"], np.where(trans, 0.0, PENALTIES["gender"]))
    return (np.where(known, pts, 0.0).astype(np.float32),
            np.where(known, verdict, UNKNOWN).astype(np.int8))


def height_points(height_missing, height_found, elapsed_days):
    """Height on the found date against the reported height plus growth."""
    hm, hf = _f32(height_missing), _f32(height_found)
    years, _ = _elapsed_years(elapsed_days)
    tol = HEIGHT_TOL_CM + 1.5 * years
    d = np.abs(hf - (hm + GROWTH_CM_PER_YEAR * years))
    graded = WEIGHTS["height"] * np.clip((2 * tol - d) / tol, 0.0, 1.0)
    pts = np.where(d <= 2 * tol, graded, PENALTIES["height"])
    verdict = np.where(d <= tol, AGREES, np.where(d <= 2 * tol, PARTLY, DISAGREES))
    known = ~np.isnan(d)
    return (np.where(known, pts, 0.0).astype(np.float32),
            np.where(known, verdict, UNKNOWN).astype(np.int8))


def info_fraction(shared_info, full: float):
    """How much of "full" information the shared terms carry, 0..1."""
    return np.clip(_f32(shared_info) / full, 0.0, 1.0)


def marks_points(q_has: bool, c_has, overlap, info=None):
    """``overlap``: rarity-weighted overlap coefficient of the mark terms, 0..1 (the
    verdict); ``info``: ``info_fraction`` of the shared terms, 0..1 (how telling the
    shared marks are; 1 when not given). Points: weight x overlap x info, so a shared
    rare mark earns full points and a shared "mole" a few."""
    ov = _f32(overlap)
    inf = np.ones_like(ov) if info is None else _f32(info)
    known = np.asarray(c_has, bool) & q_has
    pts = np.where(ov > 0, WEIGHTS["marks"] * np.minimum(ov, 1.0) * inf, PENALTIES["marks"])
    verdict = np.where(ov >= MARKS_AGREE, AGREES, np.where(ov > 0, PARTLY, DISAGREES))
    return (np.where(known, pts, 0.0).astype(np.float32),
            np.where(known, verdict, UNKNOWN).astype(np.int8))


def clothes_time_factor(elapsed_days):
    """Weight of a clothes agreement by days elapsed: 1 up to 3 days, 0.5 at 10, 0 from
    30 days; 0.25 when a date is unknown."""
    e = _f32(elapsed_days)
    f = np.interp(np.nan_to_num(e, nan=0.0), CLOTHES_DAYS, (1.0, 0.5, 0.0))
    return np.where(np.isnan(e), 0.25, f).astype(np.float32)


def clothes_points(q_has: bool, c_has, overlap, info, elapsed_days):
    """Clothes worn when last seen vs when found. ``overlap`` and ``info`` as for marks.
    Unknown (0 points) once the time factor is 0: after weeks, other clothes are normal.
    Otherwise agrees / partly / disagrees like marks, but a disagreement costs nothing."""
    ov, inf = _f32(overlap), _f32(info)
    tf = clothes_time_factor(elapsed_days)
    known = np.asarray(c_has, bool) & q_has & (tf > 0)
    pts = np.where(ov > 0, WEIGHTS["clothes"] * np.minimum(ov, 1.0) * inf * tf,
                   PENALTIES["clothes"])
    verdict = np.where(ov >= MARKS_AGREE, AGREES, np.where(ov > 0, PARTLY, DISAGREES))
    return (np.where(known, pts, 0.0).astype(np.float32),
            np.where(known, verdict, UNKNOWN).astype(np.int8))


def scale_points(which: str, q_value: int, c_value):
    """An ordered three-step scale judged by eye (``which``: "complexion" or "build";
    codes 1..3, 0 unknown): same step agrees (full points), one step apart partly (a
    third), two steps apart disagrees (penalty)."""
    c = np.asarray(c_value, np.int8)
    known = (c != 0) & (q_value != 0)
    d = np.abs(c.astype(np.int16) - int(q_value))
    pts = np.where(d == 0, WEIGHTS[which],
                   np.where(d == 1, WEIGHTS[which] / 3.0, PENALTIES[which]))
    verdict = np.where(d == 0, AGREES, np.where(d == 1, PARTLY, DISAGREES))
    return (np.where(known, pts, 0.0).astype(np.float32),
            np.where(known, verdict, UNKNOWN).astype(np.int8))


def language_rarity(share):
    """How telling a shared language is, from its share of the records that name one:
    0.5 for a language half of all children speak (Hindi), about 0.75 for 1 in 3,
    1.0 for 1 in 10 or rarer (Tamil in a register of the north)."""
    info = -np.log10(np.clip(np.asarray(share, np.float64), 1e-9, 1.0))
    return np.clip(0.35 + 0.65 * info, 0.5, 1.0).astype(np.float32)


def language_points(q_has: bool, c_has, shared, rarity=None):
    """A shared language earns the weight times its rarity (``language_rarity`` of the
    rarest shared language; 1 when not given); none shared is a small penalty."""
    known = np.asarray(c_has, bool) & q_has
    shared = np.asarray(shared, bool)
    r = np.ones(len(shared), np.float32) if rarity is None else _f32(rarity)
    pts = np.where(shared, WEIGHTS["languages"] * r, PENALTIES["languages"])
    verdict = np.where(shared, AGREES, DISAGREES)
    return (np.where(known, pts, 0.0).astype(np.float32),
            np.where(known, verdict, UNKNOWN).astype(np.int8))


def place_points(q_has: bool, c_has, same_state, same_district):
    """Same district: agrees; same state: partly; elsewhere: disagrees with 0 points."""
    known = np.asarray(c_has, bool) & q_has
    sd, ss = np.asarray(same_district, bool), np.asarray(same_state, bool)
    pts = np.where(sd, WEIGHTS["place"], np.where(ss, WEIGHTS["place"] * 0.5, PENALTIES["place"]))
    verdict = np.where(sd, AGREES, np.where(ss, PARTLY, DISAGREES))
    return (np.where(known, pts, 0.0).astype(np.float32),
            np.where(known, verdict, UNKNOWN).astype(np.int8))


def date_points(elapsed_days):
    """Days from going missing to being found (negative pairs are never candidates)."""
    e = _f32(elapsed_days)
    known = ~np.isnan(e)
    frac = np.interp(e, [30, 90, 180, 365, 730], [1.0, 0.75, 0.5, 0.25, 0.1])
    pts = np.where(e <= 730, WEIGHTS["date"] * frac, PENALTIES["date"])
    verdict = np.where(e <= 90, AGREES, np.where(e <= 730, PARTLY, DISAGREES))
    return (np.where(known, pts, 0.0).astype(np.float32),
            np.where(known, verdict, UNKNOWN).astype(np.int8))
