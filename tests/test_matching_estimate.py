"""The Fellegi–Sunter estimation (matching/estimate.py) and what its probabilities mean:
EM recovers known m, u and prior from pairs drawn from them; on a synthetic register
the estimated weights point the right way; the probability is monotone and roughly
calibrated on a held-out register; proposals are stored only above the calibrated
threshold (matching/calibration.py)."""
from datetime import timedelta

import numpy as np
import pytest

from matching import MatchIndex, Weights
from matching.calibration import (
    PROPOSAL_THRESHOLD,
    QUEUE_DEFAULT_THRESHOLD,
    strength,
    strength_label,
)
from matching.estimate import PairSample, em, estimate
from matching.score import COMPARISONS, CONDITIONED_ON, LEVELS
from tests.generated_register import benchmark_generator


def _known_answer(rng):
    """m and u of every comparison, made up: agreement likelier for the same child."""
    m, u = {}, {}
    for f in COMPARISONS:
        n = len(LEVELS[f]) - 1
        m[f] = rng.dirichlet(np.linspace(1, 6, n) * 3)
        u[f] = rng.dirichlet(np.linspace(6, 1, n) * 3)
    return m, u


def _draw(rng, probs, size):
    return rng.choice(len(probs), size=size, p=probs) + 1


def test_em_recovers_known_m_u_and_prior():
    rng = np.random.default_rng(5)
    m, u = _known_answer(rng)
    queries, per_query, share_matched = 1500, 40, 0.6
    levels, query, truth = [], [], []
    for qi in range(queries):
        has_match = rng.random() < share_matched
        n_non = per_query - int(has_match)
        block = np.zeros((per_query, len(COMPARISONS)), np.int8)
        for j, f in enumerate(COMPARISONS):
            col = _draw(rng, u[f], per_query)
            if has_match:
                col[0] = _draw(rng, m[f], 1)[0]
            # a fifth of the values unknown, as in a register
            col[rng.random(per_query) < 0.2] = 0
            block[:, j] = col
        levels.append(block)
        query.append(np.full(per_query, qi))
        truth.append(np.r_[[has_match], np.zeros(n_non, bool)] if has_match else
                     np.zeros(per_query, bool))
    sample = PairSample(np.concatenate(levels), np.ones(queries * per_query),
                        np.concatenate(query))
    got = em(sample, Weights.initial(), iterations=200)
    for f in COMPARISONS:
        got_m, got_u = got.m[f], got.u[f]
        parent = CONDITIONED_ON.get(f)
        if parent:
            # drawn independently of the level it is given: its rows, averaged by how
            # often each level of the other comparison occurs, are the same m and u
            unknown = 0.2
            share_m = np.r_[unknown, (1 - unknown) * m[parent]]
            share_u = np.r_[unknown, (1 - unknown) * u[parent]]
            got_m, got_u = share_m @ got_m, share_u @ got_u
        assert np.abs(got_m - m[f]).max() < 0.08, f
        assert np.abs(got_u - u[f]).max() < 0.02, f
    # every pair here has its name compared or not at random: one prior each, both true
    true_prior = share_matched / per_query
    for key in ("named", "unnamed"):
        assert got.prior[key] == pytest.approx(true_prior, rel=0.2)


def test_reviewers_decisions_refine_m_and_u():
    rng = np.random.default_rng(7)
    m, u = _known_answer(rng)
    n = 400
    levels = np.stack([_draw(rng, u[f], n) for f in COMPARISONS], axis=1).astype(np.int8)
    levels[:20] = np.stack([_draw(rng, m[f], 20) for f in COMPARISONS], axis=1)
    sample = PairSample(levels, np.ones(n), np.arange(n) // 20)
    plain = em(sample, Weights.initial())
    # forty confirmed pairs found the child two years or more after going missing,
    # forty rejected ones were of the same district
    j_date, j_place = COMPARISONS.index("date"), COMPARISONS.index("place")
    confirmed = np.zeros((40, len(COMPARISONS)), np.int8)
    confirmed[:, j_date] = 6
    rejected = np.zeros((40, len(COMPARISONS)), np.int8)
    rejected[:, j_place] = 3
    decided = PairSample(np.concatenate([confirmed, rejected]), np.ones(80))
    labels = np.r_[np.ones(40, bool), np.zeros(40, bool)]
    refined = em(sample, Weights.initial(), labelled=(decided, labels))
    assert refined.m["date"][0, 5] > plain.m["date"][0, 5] + 0.1
    assert refined.u["place"][0, 2] > plain.u["place"][0, 2]


@pytest.fixture(scope="module")
def estimated():
    records, _queries = benchmark_generator()(3000, 300, seed=11)
    index = MatchIndex.from_records(records)
    weights = estimate(index, [r for r in records if r["kind"] == "found"], seed=1)
    return weights


def test_estimated_weights_point_the_right_way(estimated):
    w = estimated
    assert w.bits("date")[1] > 2 > w.bits("date")[6]           # within a week vs years
    assert w.bits("name")[5] > 0 > w.bits("name")[1]          # same vs different name
    assert w.bits("gender")[3] < -2                            # boy vs girl
    assert w.bits("age")[1] > 0 > w.bits("age")[6]
    assert w.bits("place")[3] > w.bits("place")[1]
    assert w.bits("marks")[5] > w.bits("marks")[1]
    assert 0 < w.prior["unnamed"] < w.prior["named"] < 0.1
    assert "EM on the candidate pairs" in w.source


def test_probability_is_monotone_and_roughly_calibrated_on_a_held_out_register(estimated):
    records, queries = benchmark_generator()(3000, 400, seed=12)   # another register
    index = MatchIndex.from_records(records, weights=estimated)
    probs, true = [], []
    for q, t in queries:
        for r in index.search(q, k=5):
            probs.append(r.probability)
            true.append(r.id == t)
    probs, true = np.array(probs), np.array(true)
    low, mid, high = probs < 0.1, (probs >= 0.1) & (probs < 0.9), probs >= 0.9
    assert low.sum() > 50 and mid.sum() > 20 and high.sum() > 50
    shares = [true[sel].mean() for sel in (low, mid, high)]
    assert shares[0] < shares[1] < shares[2]
    assert shares[0] < 0.1 and shares[2] > 0.8
    assert 0.1 < shares[1] < 0.9
    # and the top result of a true pair found is usually first
    assert np.mean([index.search(q, k=1)[0].id == t for q, t in queries[:100]]) > 0.75


def test_weights_round_trip_through_json(tmp_path, estimated):
    path = tmp_path / "w.json"
    estimated.save(str(path))
    again = Weights.load(str(path))
    for f in COMPARISONS:
        assert np.allclose(again.bits(f), estimated.bits(f), atol=1e-3)
    assert again.prior == pytest.approx(estimated.prior, rel=1e-4)


def test_thresholds_and_strength_labels():
    assert 0 < PROPOSAL_THRESHOLD < QUEUE_DEFAULT_THRESHOLD < 1
    assert [strength(p) for p in (0.95, 0.6, 0.2, 0.05)] == ["strong", "likely", "possible",
                                                             "weak"]
    assert strength(PROPOSAL_THRESHOLD) == "possible"
    assert str(strength_label(0.95)) == "strong"


# ------------------------------------------------------------------ stored proposals
def test_proposals_are_stored_only_above_the_calibrated_threshold(app, world):
    from extensions import db
    from matches import workflow
    from models import FoundReport, Match, MissingReport, User
    from tests.world import NOW

    with app.app_context():
        missing = MissingReport(
            child_name="Jignesh Vasava", father_name="Ramesh Vasava", gender="male",
            age_years=11, height_cm=138, district_id=world.district["srt"],
            police_unit_id=world.unit["srt_ps1"], missing_at=NOW - timedelta(days=6),
            reason="lost", identification_marks="burn scar on left palm")
        strong = FoundReport(
            child_name="Jignesh", father_name="Ramesh", gender="male", estimated_age_years=11,
            height_cm=139, district_id=world.district["srt"], police_unit_id=world.unit["srt_ps1"],
            found_at=NOW - timedelta(days=4), place_found="Surat station", status="open",
            identification_marks="burn mark on left palm")
        weak = FoundReport(
            child_name=None, gender="male", estimated_age_years=15,
            district_id=world.district["amd"], police_unit_id=world.unit["amd_ps1"],
            found_at=NOW - timedelta(days=2), place_found="Kalupur station", status="open")
        db.session.add_all([missing, strong, weak])
        db.session.commit()
        stored_strong = workflow.propose_for(strong)
        assert [m.missing_report_id for m in stored_strong] == [missing.id]
        assert stored_strong[0].score >= 100 * QUEUE_DEFAULT_THRESHOLD
        # the nameless, weakly alike child: a candidate to look at, not a proposal
        candidates = {r.id: r for r in workflow.search(weak)}
        assert f"missing:{missing.id}" in candidates
        assert candidates[f"missing:{missing.id}"].probability < PROPOSAL_THRESHOLD
        assert workflow.propose_for(weak) == []
        assert db.session.query(Match).filter_by(found_report_id=weak.id).count() == 0
        # a new account's queue starts at the calibrated default
        assert User.match_threshold.default.arg == round(100 * QUEUE_DEFAULT_THRESHOLD)


def test_estimate_command_writes_weights_the_index_loads(app, world, tmp_path, monkeypatch):
    from extensions import db
    from models import FoundReport, MissingReport
    from tests.world import NOW

    with app.app_context():
        for i, name in enumerate(("Rahul", "Priya", "Sunil", "Kajal")):
            db.session.add(MissingReport(
                child_name=name, gender="male", age_years=9 + i, district_id=world.district["srt"],
                police_unit_id=world.unit["srt_ps1"], missing_at=NOW - timedelta(days=20 + i),
                reason="lost"))
            db.session.add(FoundReport(
                child_name=name, gender="male", estimated_age_years=9 + i,
                district_id=world.district["srt"], police_unit_id=world.unit["srt_ps1"],
                found_at=NOW - timedelta(days=3), place_found="Surat station", status="open"))
        db.session.commit()
    path = tmp_path / "weights.json"
    result = app.test_cli_runner().invoke(args=["estimate-match-weights", "--output", str(path)])
    assert result.exit_code == 0, result.output
    assert "EM on the candidate pairs" in result.output
    loaded = Weights.load(str(path))
    assert set(loaded.m) == set(COMPARISONS)
    monkeypatch.setitem(app.config, "MATCH_WEIGHTS_FILE", str(path))
    with app.app_context():
        from matches.registry import match_weights
        assert match_weights().prior == pytest.approx(loaded.prior)


def test_the_deaf_and_mute_girl_of_the_issue_is_proposed_and_queued():
    """Issue #13: a deaf and mute girl of about 8 found at Kalupur station, Ahmedabad; the
    girl reported missing from there the day before is her first candidate, above the
    proposal threshold and the queue's default (shipped weights)."""
    records, _queries = benchmark_generator()(5000, 0, seed=3)
    girl = {"id": "missing:girl", "kind": "missing", "name": "Kajal Vaghela",
            "father_name": "Bhikha Vaghela", "gender": "female", "age_years": 8,
            "state": "Gujarat", "district": "Ahmedabad", "event_date": "2024-06-09"}
    found = {"id": "found:girl", "kind": "found", "name": None, "gender": "female",
             "age_years": 8, "state": "Gujarat", "district": "Ahmedabad",
             "event_date": "2024-06-10"}
    index = MatchIndex.from_records([*records, girl])
    best = index.search(found, k=20)[0]
    assert best.id == "missing:girl"
    assert best.probability >= QUEUE_DEFAULT_THRESHOLD > PROPOSAL_THRESHOLD
    assert best.reasons["name"].verdict == "unknown" and best.reasons["name"].points == 0
