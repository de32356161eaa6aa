"""matching.batch.add_and_search gives what add-then-search, one record at a time, gives."""

import pytest

from matching import DEFAULT_PET_NAMES, MatchIndex
from matching.batch import add_and_search
from tests.generated_register import benchmark_generator


def _as_plain(results):
    return [(r.id, r.score, {f: (x.verdict, x.points, x.detail) for f, x in r.reasons.items()})
            for r in results]


def _split(records, kind_of_new, n_new):
    """Existing records, and new ones of one kind renamed so they are new ids."""
    new = [dict(r, id=f"{r['kind']}:new{i}") for i, r in
           enumerate(r for r in records if r["kind"] == kind_of_new)][:n_new]
    return records, new


@pytest.mark.parametrize("kind,k,min_score", [("missing", 20, None), ("found", 10, None),
                                              ("missing", 20, 10.0), ("missing", 3, None)])
def test_batch_equals_one_at_a_time(kind, k, min_score):
    records, _queries = benchmark_generator()(1200, 0, seed=7)
    existing, new = _split(records, kind, 300)
    # a few records of the other kind in the batch too, and one searched but not added
    new += [dict(r, id=f"{r['kind']}:extra{i}") for i, r in enumerate(records[:5])]
    add = [True] * len(new)
    add[3] = False
    one = MatchIndex.from_records(existing, DEFAULT_PET_NAMES)
    expected = []
    for record, adding in zip(new, add):
        if adding:
            one.add(record)
        results = one.search(record, k=k)
        if min_score is not None:
            results = [r for r in results if r.score >= min_score]
        expected.append(_as_plain(results))
    batch = MatchIndex.from_records(existing, DEFAULT_PET_NAMES)
    got = [_as_plain(r) for r in add_and_search(batch, new, k=k, min_score=min_score, add=add)]
    assert sum(len(e) for e in expected) > 100  # the comparison has something to compare
    assert got == expected
    assert len(batch) == len(one) and set(batch.ids) == set(one.ids)
    # the index holds the same records afterwards: the next search agrees as well
    probe = records[-1]
    assert _as_plain(batch.search(probe, k=20)) == _as_plain(one.search(probe, k=20))


def test_empty_and_k_zero():
    index = MatchIndex.from_records([], DEFAULT_PET_NAMES)
    assert add_and_search(index, [], k=10) == []
    records, _q = benchmark_generator()(20, 0, seed=3)
    assert add_and_search(index, records, k=0) == [[] for _ in records]
    assert len(index) == len(records)


def test_batch_equals_one_at_a_time_when_the_attribute_path_is_capped(monkeypatch):
    from matching import index as matching_index
    monkeypatch.setattr(matching_index, "ATTRIBUTE_CAP", 40)
    records, _queries = benchmark_generator()(1500, 0, seed=9)
    existing, new = _split(records, "found", 150)
    one = MatchIndex.from_records(existing, DEFAULT_PET_NAMES)
    expected = []
    for record in new:
        one.add(record)
        expected.append(_as_plain(one.search(record, k=10)))
    batch = MatchIndex.from_records(existing, DEFAULT_PET_NAMES)
    got = [_as_plain(r) for r in add_and_search(batch, new, k=10)]
    assert got == expected
    # the cap was reached: a nameless query's window held more than the cap
    nameless = next(r for r in new if not r["name"])
    assert len(one.candidates(nameless)) <= 40
    monkeypatch.setattr(matching_index, "ATTRIBUTE_CAP", 10**9)
    assert len(one.candidates(nameless)) > 40
