"""Each scoring component, through ``matching.compare`` (the same code as search)."""
import numpy as np
import pytest

from matching import PENALTIES, WEIGHTS, compare
from matching import score as scoring
def missing(**kw):
    base = {"id": "missing:1", "kind": "missing", "name": "Rahul Sharma",
            "father_name": "Ramesh Sharma", "mother_name": "Sunita Devi", "gender": "male",
            "age_years": 9, "height_cm": 130, "identification_marks": "mole on left cheek",
            "languages": "Hindi", "state": "Gujarat", "district": "Surat",
            "event_date": "2024-01-10"}
    base.update(kw)
    return base


def found(**kw):
    base = {"id": "found:1", "kind": "found", "name": None, "father_name": None,
            "mother_name": None, "gender": None, "age_years": None, "height_cm": None,
            "identification_marks": None, "languages": None, "state": None,
            "district": None, "event_date": "2024-03-01"}
    base.update(kw)
    return base


def reason(f, m=None, field="name"):
    r = compare(f, m or missing())
    assert r is not None
    return r.reasons[field]


def test_weights_add_up_to_100_and_penalties_are_not_positive():
    assert sum(WEIGHTS.values()) == pytest.approx(100)
    assert all(v <= 0 for v in PENALTIES.values())


def test_everything_unknown_scores_zero_with_unknown_verdicts():
    r = compare(found(event_date=None), missing())
    assert r.score == 0
    assert {x.verdict for x in r.reasons.values()} == {"unknown"}
    assert set(r.reasons) == set(scoring.FIELDS)


@pytest.mark.parametrize("name", ["राहुल", "રાહુલ", "Raahul", "Rahul"])
def test_name_agrees_across_scripts(name):
    r = reason(found(name=name))
    assert r.verdict == "agrees" and r.points > 0


def test_name_typo_partly_agrees_and_scores_less():
    full = reason(found(name="Rahul")).points
    typo = reason(found(name="Rahol"))
    assert typo.verdict in ("agrees", "partly") and 0 < typo.points < full


def test_different_formal_names_disagree_with_penalty():
    r = reason(found(name="Priya"))
    assert r.verdict == "disagrees" and r.points == PENALTIES["name"]


def test_pet_name_is_no_evidence_against():
    r = reason(found(name="Guddu"))
    assert r.verdict == "unknown" and r.points == 0


def test_pet_name_agreeing_with_an_alias_counts_but_less():
    m = missing(name="Rahul urf Guddu")
    via_pet = reason(found(name="Guddu"), m)
    via_name = reason(found(name="Rahul"), m)
    assert via_pet.verdict == "agrees"
    assert 0 < via_pet.points < via_name.points


def test_pet_name_expansion_matches_formal_name():
    r = reason(found(name="Raju"), missing(name="Rajesh"))
    assert r.verdict == "agrees" and r.points > 0


def test_surname_adds_points_when_both_known():
    with_sur = reason(found(name="Rahul Sharma")).points
    without = reason(found(name="Rahul")).points
    assert with_sur == pytest.approx(without + WEIGHTS["surname"])


def test_rarity_factor_common_names_count_less():
    f = scoring.rarity_factor(np.array([0.3, 1e-3, 1e-6]))
    assert f[0] == pytest.approx(0.6) and f[0] < f[1] < f[2] == pytest.approx(1.0)


def test_parents_names():
    assert reason(found(father_name="रमेश"), field="father_name").verdict == "agrees"
    assert reason(found(father_name="Rameshbhai Patel"), field="father_name").verdict == "agrees"
    bad = reason(found(father_name="Mahendra"), field="father_name")
    assert bad.verdict == "disagrees" and bad.points == PENALTIES["father_name"]
    assert reason(found(mother_name="Sunita"), field="mother_name").verdict == "agrees"
    assert reason(found(), field="mother_name").verdict == "unknown"


def test_age_uses_time_elapsed():
    # 9 on 2024-01-10, found two years later: expected 11
    ok = reason(found(age_years=11, event_date="2026-01-10"), field="age")
    assert ok.verdict == "agrees" and ok.points == WEIGHTS["age"]
    young = reason(found(age_years=9, event_date="2026-01-10"), field="age")
    assert young.verdict == "partly" and 0 < young.points < WEIGHTS["age"]
    far = reason(found(age_years=17, event_date="2024-02-01"), field="age")
    assert far.verdict == "disagrees" and far.points == PENALTIES["age"]


def test_age_vectorised_directly():
    pts, ver = scoring.age_points([9, 9, 9], [9.5, 12, np.nan], [30, 30, 30])
    assert list(ver) == [scoring.AGREES, scoring.PARTLY, scoring.UNKNOWN]
    assert pts[2] == 0


def test_gender():
    assert reason(found(gender="male"), field="gender").verdict == "agrees"
    girl = reason(found(gender="female"), field="gender")
    assert girl.verdict == "disagrees" and girl.points == PENALTIES["gender"]
    assert reason(found(gender="transgender"), field="gender").verdict == "partly"
    assert reason(found(gender="unknown"), field="gender").verdict == "unknown"


def test_height_allows_for_growth():
    # 130 cm, found a year later: about 136 expected
    grown = reason(found(height_cm=137, event_date="2025-01-10"), field="height")
    assert grown.verdict == "agrees"
    same_day_tall = reason(found(height_cm=150, event_date="2024-01-11"), field="height")
    assert same_day_tall.verdict == "disagrees" and same_day_tall.points < 0


def test_marks_word_overlap():
    good = reason(found(identification_marks="black mole, left cheek"), field="marks")
    assert good.verdict == "agrees" and good.points > 0
    none = reason(found(identification_marks="burn scar on right hand"), field="marks")
    assert none.verdict == "disagrees" and none.points == PENALTIES["marks"]
    assert reason(found(), field="marks").verdict == "unknown"


def test_marks_rare_words_weigh_more():
    pts, ver = scoring.marks_points(True, [True, True], [0.2, 0.9])
    assert pts[0] < pts[1] and list(ver) == [scoring.PARTLY, scoring.AGREES]


def test_languages():
    assert reason(found(languages=["हिंदी", "Marathi"]), field="languages").verdict == "agrees"
    assert reason(found(languages="hindi"), field="languages").verdict == "agrees"
    bad = reason(found(languages="Tamil"), field="languages")
    assert bad.verdict == "disagrees" and bad.points == PENALTIES["languages"]


def test_place_is_graded_evidence():
    same = reason(found(state="Gujarat", district="Surat"), field="place")
    state = reason(found(state="Gujarat", district="Vadodara"), field="place")
    away = reason(found(state="Bihar", district="Patna"), field="place")
    assert (same.verdict, state.verdict, away.verdict) == ("agrees", "partly", "disagrees")
    assert same.points > state.points > away.points == 0


def test_date_found_before_missing_is_no_candidate():
    assert compare(found(name="Rahul", event_date="2023-12-31"), missing()) is None
    soon = reason(found(event_date="2024-02-01"), field="date")
    late = reason(found(event_date="2025-06-01"), field="date")
    assert soon.verdict == "agrees" and late.verdict == "partly" and soon.points > late.points


def test_same_kind_is_no_candidate():
    assert compare(missing(id="missing:2"), missing()) is None


def test_score_is_absolute_sum_of_points_and_serialisable():
    f = found(name="राहुल", father_name="Ramesh", gender="male", age_years=9,
              height_cm=131, identification_marks="mole left cheek", languages="Hindi",
              state="Gujarat", district="Surat", event_date="2024-01-20")
    r = compare(f, missing())
    assert r.score == pytest.approx(sum(x.points for x in r.reasons.values()))
    assert 60 < r.score <= 100
    d = r.as_dict()
    assert d["id"] == "missing:1" and d["reasons"]["name"]["verdict"] == "agrees"
    import json
    json.dumps(d)


def test_strong_mismatch_clips_at_zero():
    r = compare(found(name="Priya", gender="female", age_years=16), missing())
    assert r.score == 0
