"""Each comparison, through ``matching.compare`` (the same code as search), weighed by
the shipped Fellegi–Sunter parameters (matching/weights.json): verdicts, levels and the
direction and order of the points, never the estimated values themselves."""
import json
import math

import numpy as np
import pytest

from matching import compare, default_weights
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


def test_levels_have_m_and_u_and_unknown_weighs_nothing():
    w = default_weights()
    for f in scoring.COMPARISONS:
        n = len(scoring.LEVELS[f]) - 1
        rows = len(scoring.LEVELS[scoring.CONDITIONED_ON[f]]) if f in scoring.CONDITIONED_ON else 1
        assert w.m[f].shape == (rows, n) and w.u[f].shape == (rows, n)
        assert np.allclose(w.m[f].sum(axis=1), 1) and np.allclose(w.u[f].sum(axis=1), 1)
        assert np.all(np.atleast_2d(w.bits(f))[:, 0] == 0)
    assert 0 < w.prior["unnamed"] < w.prior["named"] < 0.5


def test_everything_unknown_gives_the_prior_with_unknown_verdicts():
    r = compare(found(event_date=None), missing())
    assert {x.verdict for x in r.reasons.values()} == {"unknown"}
    assert all(x.points == 0 for x in r.reasons.values())
    assert set(r.reasons) == set(scoring.FIELDS)
    assert r.probability == pytest.approx(default_weights().prior["unnamed"], rel=1e-3)
    assert r.score == pytest.approx(100 * r.probability)


@pytest.mark.parametrize("name", ["राहुल", "રાહુલ", "Raahul", "Rahul"])
def test_name_agrees_across_scripts(name):
    r = reason(found(name=name))
    assert r.verdict == "agrees" and r.points > 0


def test_name_typo_partly_agrees_and_scores_less():
    full = reason(found(name="Rahul")).points
    typo = reason(found(name="Rahol"))
    assert typo.verdict in ("agrees", "partly") and typo.points < full


def test_different_formal_names_disagree_with_negative_points():
    r = reason(found(name="Priya"))
    assert r.verdict == "disagrees" and r.level == "different" and r.points < 0


def test_pet_name_is_no_evidence_against():
    r = reason(found(name="Guddu"))
    assert r.verdict == "unknown" and r.points == 0


def test_pet_name_agreeing_with_an_alias_counts_but_less():
    m = missing(name="Rahul urf Guddu")
    via_pet = reason(found(name="Guddu"), m)
    via_name = reason(found(name="Rahul"), m)
    assert via_pet.verdict == "agrees" and via_pet.level == "same pet name"
    assert via_pet.points < via_name.points


def test_pet_name_expansion_matches_formal_name():
    r = reason(found(name="Raju"), missing(name="Rajesh"))
    assert r.verdict == "agrees"


def test_surname_adds_points_when_both_known():
    with_sur = reason(found(name="Rahul Sharma")).points
    without = reason(found(name="Rahul")).points
    assert with_sur == pytest.approx(without + default_weights().bits("surname")[3], abs=1e-4)


def test_rare_names_weigh_more_than_common_ones():
    w = default_weights()
    levels = {f: np.zeros(2, np.int8) for f in scoring.COMPARISONS}
    levels["name"] = np.array([5, 5], np.int8)
    shares = {"name": np.array([0.05, 1e-4])}
    pts = w.points(levels, shares)["name"]
    assert pts[0] < pts[1]
    assert w.points(levels, {"name": np.array([np.nan, np.nan])})["name"][0] == \
        pytest.approx(w.bits("name")[5])


def test_parents_names():
    assert reason(found(father_name="रमेश"), field="father_name").verdict == "agrees"
    assert reason(found(father_name="Rameshbhai Patel"), field="father_name").verdict == "agrees"
    bad = reason(found(father_name="Mahendra"), field="father_name")
    assert bad.verdict == "disagrees" and bad.points < 0
    assert reason(found(mother_name="Sunita"), field="mother_name").verdict == "agrees"
    assert reason(found(), field="mother_name").verdict == "unknown"


def test_age_uses_time_elapsed():
    # 9 on 2024-01-10, found two years later: expected 11
    ok = reason(found(age_years=11, event_date="2026-01-10"), field="age")
    assert ok.verdict == "agrees" and ok.points > 0
    young = reason(found(age_years=9, event_date="2026-01-10"), field="age")
    assert young.verdict == "partly" and young.points < ok.points
    far = reason(found(age_years=17, event_date="2024-02-01"), field="age")
    assert far.verdict == "disagrees" and far.points < young.points and far.points < 0


def test_age_levels_vectorised_directly():
    lv = scoring.age_level([9, 9, 9], [9.5, 12, np.nan], [30, 30, 30])
    assert list(scoring.verdicts_of("age", lv)) == [scoring.AGREES, scoring.PARTLY,
                                                    scoring.UNKNOWN]
    assert lv[2] == 0


def test_gender():
    assert reason(found(gender="male"), field="gender").verdict == "agrees"
    girl = reason(found(gender="female"), field="gender")
    assert girl.verdict == "disagrees" and girl.points < -1
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
    assert good.verdict in ("agrees", "partly")
    none = reason(found(identification_marks="burn scar on right hand"), field="marks")
    assert none.verdict == "disagrees" and none.points < 0
    assert none.points < good.points
    assert reason(found(), field="marks").verdict == "unknown"


def test_marks_more_shared_information_weighs_more():
    lv = scoring.marks_level(True, [True, True, True, True], [0.0, 3.0, 30.0, 40.0])
    assert list(lv) == [1, 2, 5, 6]
    bits = default_weights().bits("marks")
    assert bits[1] < bits[5] < bits[6] and bits[2] < bits[5]


def test_languages():
    assert reason(found(languages=["हिंदी", "Marathi"]), field="languages").verdict == "agrees"
    assert reason(found(languages="hindi"), field="languages").verdict == "agrees"
    bad = reason(found(languages="Tamil"), field="languages")
    assert bad.verdict == "disagrees" and bad.points < 0


def test_place_is_graded_evidence():
    same = reason(found(state="Gujarat", district="Surat"), field="place")
    state = reason(found(state="Gujarat", district="Vadodara"), field="place")
    away = reason(found(state="Bihar", district="Patna"), field="place")
    assert (same.verdict, state.verdict, away.verdict) == ("agrees", "partly", "disagrees")
    assert same.points > state.points > away.points


def test_date_found_before_missing_is_no_candidate():
    assert compare(found(name="Rahul", event_date="2023-12-31"), missing()) is None
    soon = reason(found(event_date="2024-02-01"), field="date")
    late = reason(found(event_date="2025-06-01"), field="date")
    assert soon.verdict == "agrees" and late.verdict == "partly" and soon.points > late.points


def test_same_kind_is_no_candidate():
    assert compare(missing(id="missing:2"), missing()) is None


def test_probability_is_prior_plus_points_and_serialisable():
    f = found(name="राहुल", father_name="Ramesh", gender="male", age_years=9,
              height_cm=131, identification_marks="mole left cheek", languages="Hindi",
              state="Gujarat", district="Surat", event_date="2024-01-20")
    r = compare(f, missing())
    prior = default_weights().prior["named"]
    log_odds = math.log2(prior / (1 - prior)) + sum(x.points for x in r.reasons.values())
    assert r.log_odds == pytest.approx(log_odds, abs=1e-3)
    assert r.probability == pytest.approx(1 / (1 + 2 ** -log_odds), rel=1e-4)
    assert r.probability > 0.9 and r.score == pytest.approx(100 * r.probability)
    d = r.as_dict()
    assert d["id"] == "missing:1" and d["reasons"]["name"]["verdict"] == "agrees"
    assert d["probability"] == pytest.approx(r.probability, abs=1e-4)
    json.dumps(d)


def test_strong_mismatch_is_near_zero():
    r = compare(found(name="Priya", gender="female", age_years=16), missing())
    assert r.probability < 0.01
