"""Build, complexion, clothes, rarity-weighted marks, and compaction of removed rows."""
import numpy as np
import pytest

from matching import MatchIndex, compare, default_weights
from matching import score as scoring
from matching.normalise import PAIR_SEP, mark_terms
from matching.records import RECORD_FIELDS


def missing(**kw):
    base = {"id": "missing:1", "kind": "missing", "name": None, "gender": "male",
            "age_years": 9, "state": "Gujarat", "district": "Surat",
            "event_date": "2024-01-10"}
    base.update(kw)
    return base


def found(**kw):
    base = {"id": "found:1", "kind": "found", "name": None, "gender": None,
            "event_date": "2024-01-12"}
    base.update(kw)
    return base


def reason(f, m, field):
    r = compare(f, m)
    assert r is not None
    return r.reasons[field]


def test_new_fields_are_documented_and_in_the_reasons():
    for f in ("build", "complexion", "clothes"):
        assert f in RECORD_FIELDS and f in scoring.FIELDS and f in scoring.LEVELS
    r = compare(found(), missing()).as_dict()
    assert {"build", "complexion", "clothes"} <= set(r["reasons"])
    assert r["reasons"]["clothes"] == {"verdict": "unknown", "points": 0.0}


# ------------------------------------------------------------------ complexion, build
@pytest.mark.parametrize("field,a,b,verdict", [
    ("complexion", "fair", "Fair", "agrees"),
    ("complexion", "wheatish", "fair", "partly"),
    ("complexion", "dark", "very fair", "disagrees"),
    ("complexion", "gora", "light", "agrees"),
    ("complexion", "wheatish", None, "unknown"),
    ("complexion", "wheatish", "purple", "unknown"),
    ("build", "thin", "slim", "agrees"),
    ("build", "medium", "heavy", "partly"),
    ("build", "thin", "fat", "disagrees"),
    ("build", "", "thin", "unknown"),
])
def test_scale_fields_agree_partly_disagree(field, a, b, verdict):
    r = reason(found(**{field: b}), missing(**{field: a}), field)
    assert r.verdict == verdict
    level = {"agrees": 1, "partly": 2, "disagrees": 3, "unknown": 0}[verdict]
    assert r.points == pytest.approx(default_weights().bits(field)[level])
    bits = default_weights().bits(field)
    assert bits[1] > bits[2] > bits[3]   # the same judgement says most, two steps least


def test_scale_levels_vectorised():
    lv = scoring.scale_level(2, [0, 1, 2, 3])
    assert list(scoring.verdicts_of("build", lv)) == [
        scoring.UNKNOWN, scoring.PARTLY, scoring.AGREES, scoring.PARTLY]
    assert lv[0] == 0


# ------------------------------------------------------------------ clothes
def test_clothes_count_within_days_and_fade_after_weeks():
    m = missing(clothes="red shirt, blue half pant, chappal")
    soon = reason(found(clothes="red shirt, blue half pant", event_date="2024-01-11"), m,
                  "clothes")
    week = reason(found(clothes="red shirt, blue half pant", event_date="2024-01-25"), m,
                  "clothes")
    other = reason(found(clothes="Red T-shirt and blue shorts", event_date="2024-01-11"), m,
                   "clothes")
    assert other.verdict in ("agrees", "partly") and other.points <= soon.points
    late = reason(found(clothes="red shirt, blue half pant", event_date="2024-03-10"), m,
                  "clothes")
    assert soon.verdict == "agrees" and soon.points > 0
    assert week.verdict == "agrees" and week.points < soon.points
    assert late.verdict == "unknown" and late.points == 0


def test_other_clothes_weigh_less_than_the_same():
    r = reason(found(clothes="green frock"), missing(clothes="red shirt"), "clothes")
    same = reason(found(clothes="red shirt"), missing(clothes="red shirt"), "clothes")
    assert r.verdict == "disagrees" and r.points < same.points


def test_clothes_levels_by_days():
    lv = scoring.clothes_level(True, True, [9.0, 9.0, 9.0, 9.0, 2.0], [3, 20, 30, np.nan, 3])
    assert list(lv) == [3, 4, 0, 4, 2]


def test_clothes_colour_and_garment_pairs():
    terms = mark_terms("red shirt, blue half pant", clothes=True)
    red_shirt = [t for t in terms if PAIR_SEP in t and "red" in t]
    assert red_shirt and not any("red" in t and "halfpant" in t for t in terms)
    # "a red shirt" beats "a blue shirt and red trousers" for a child in a red shirt
    idx = MatchIndex.from_records([
        missing(id="missing:1", clothes="red shirt, black pant"),
        missing(id="missing:2", clothes="blue shirt, red pant"),
    ])
    res = idx.search(found(clothes="red shirt"))
    assert res[0].id == "missing:1"
    assert res[0].reasons["clothes"].points > res[1].reasons["clothes"].points


# ------------------------------------------------------------------ marks
def test_mark_terms_fold_synonyms_and_pair_words_within_a_phrase():
    t = mark_terms("til on left cheek, burn scar on right hand")
    assert mark_terms("mole on left cheek") <= t
    pairs = {x for x in t if PAIR_SEP in x}
    assert any("cik" in p and "left" in p for p in pairs)        # left cheek
    assert not any("cik" in p and "rigt" in p for p in pairs)    # not across phrases


def test_a_shared_rare_mark_weighs_more_than_a_shared_common_one():
    common = [missing(id=f"missing:{i}", identification_marks="mole on left cheek")
              for i in range(200)]
    idx = MatchIndex.from_records(common + [
        missing(id="missing:900", identification_marks="burn scar on left palm")])
    rare = idx.search(found(identification_marks="burn scar on left palm"))[0]
    mole = idx.search(found(identification_marks="mole on left cheek"))[0]
    assert rare.id == "missing:900"
    assert rare.reasons["marks"].points > mole.reasons["marks"].points
    assert rare.reasons["marks"].level in ("rare marks shared", "many rare marks shared")


def test_mark_side_matters():
    idx = MatchIndex.from_records([
        missing(id="missing:1", identification_marks="mole on right cheek, cut mark on left hand"),
        missing(id="missing:2", identification_marks="mole on left cheek, cut mark on right hand"),
    ] + [missing(id=f"missing:{i}", identification_marks="wart on nose") for i in range(3, 60)])
    res = idx.search(found(identification_marks="left cheek mole; right hand cut"))
    assert res[0].id == "missing:2"


def test_marks_points_rise_with_information():
    bits = default_weights().bits("marks")
    assert bits[3] < bits[4] < bits[5] < bits[6]


def test_nameless_child_with_a_distinctive_mark_finds_its_report_first():
    """A found child with no name, an estimated age and a distinctive mark, among many
    children of the same gender and age, same state, same weeks, common marks."""
    import random
    rng = random.Random(3)
    marks = ["mole on left cheek", "mole on chin", "cut mark on forehead", "black spot on neck",
             "wart on right hand", "birth mark on back"]
    recs = [missing(id=f"missing:{i}", age_years=rng.choice((8, 9, 10)),
                    identification_marks=rng.choice(marks), height_cm=rng.randint(120, 140),
                    district=rng.choice(("Surat", "Vadodara")),
                    complexion=rng.choice(("fair", "wheatish", "dark")),
                    build=rng.choice(("thin", "medium")),
                    event_date=f"2024-01-{rng.randint(1, 28):02d}") for i in range(2, 400)]
    true = missing(id="missing:1", name="Sunil Yadav", age_years=9, height_cm=128,
                   identification_marks="burn scar on left palm, mole on chin",
                   complexion="wheatish", build="thin", district="Vadodara",
                   event_date="2024-01-05")
    idx = MatchIndex.from_records(recs + [true])
    res = idx.search(found(age_years=10, gender="male", height_cm=131, state="Gujarat",
                           district="Ahmedabad", complexion="dark",
                           identification_marks="old burn mark on left palm",
                           event_date="2024-02-20"))
    assert res[0].id == "missing:1"
    assert res[0].reasons["marks"].verdict in ("agrees", "partly")


# ------------------------------------------------------------------ compaction
def _many(n):
    return [missing(id=f"missing:{i}", name=["Rahul", "Priya", "Amit"][i % 3],
                    gender="female" if i % 3 == 1 else "male", age_years=5 + i % 10,
                    identification_marks=f"mole on {['chin', 'nose', 'neck'][i % 3]}",
                    clothes="red shirt") for i in range(n)]


def test_removed_rows_are_compacted_and_results_stay_the_same():
    from matching import index as matching_index
    n = 3 * matching_index.COMPACT_MIN
    idx = MatchIndex.from_records(_many(n))
    q = found(name="Rahul", age_years=9, identification_marks="mole on chin",
              clothes="red shirt")
    keep = {f"missing:{i}" for i in range(n) if i % 2 == 0}
    removed = 0
    for i in range(1, n, 2):
        assert idx.remove(f"missing:{i}")
        removed += 1
        assert idx.dead_rows <= max(matching_index.COMPACT_MIN, matching_index.COMPACT_SHARE * idx.cols.n) + 1
    assert len(idx) == len(keep)
    assert idx.cols.n < n                     # compaction happened
    assert idx.cols.n - idx.dead_rows == len(keep)
    fresh = MatchIndex.from_records([r for r in _many(n) if r["id"] in keep])
    got = [(r.id, round(r.score, 3)) for r in idx.search(q, k=20)]
    want = [(r.id, round(r.score, 3)) for r in fresh.search(q, k=20)]
    assert got == want
    # postings and term stores hold only live rows after an explicit compaction
    idx.compact()
    assert idx.dead_rows == 0 and idx.cols.n == len(keep)
    for kind in idx._post:
        for role in kind:
            for rows in role.values():
                assert max(rows) < idx.cols.n
    assert len(idx._marks.data) == int(idx.cols.a["mlen"][:idx.cols.n].sum())
    assert all(idx.row_of[rid] == row for row, rid in enumerate(idx.ids))
    assert [(r.id, round(r.score, 3)) for r in idx.search(q, k=20)] == want


def test_replacing_records_does_not_grow_without_bound():
    from matching import index as matching_index
    idx = MatchIndex.from_records(_many(100))
    for round_ in range(40):
        for r in _many(100):
            r["age_years"] = 5 + round_ % 10
            idx.add(r)
    assert len(idx) == 100
    assert idx.cols.n <= 100 + matching_index.COMPACT_MIN + 1
    assert idx.search(found(name="Rahul", age_years=10))[0].id in idx


# ------------------------------------------------------------------ languages
def test_a_shared_rare_language_weighs_more_than_a_shared_common_one():
    recs = [missing(id=f"missing:{i}", languages="Hindi") for i in range(2, 40)]
    recs.append(missing(id="missing:1", languages="Tamil, Hindi"))
    idx = MatchIndex.from_records(recs)
    tamil = idx.search(found(languages="Tamil"))[0]
    hindi = [r for r in idx.search(found(languages="Hindi"), k=50) if r.id == "missing:2"][0]
    assert tamil.id == "missing:1"
    assert tamil.reasons["languages"].level == "a rare language shared"
    assert hindi.reasons["languages"].level == "a common language shared"
    assert hindi.reasons["languages"].points < tamil.reasons["languages"].points


def test_language_levels_by_share():
    lv = scoring.language_level(True, True, [np.nan, 0.9, 0.2, 0.01])
    assert list(lv) == [1, 2, 3, 4]
