"""MatchIndex: blocking, cross-kind search, live add/remove, k limits."""
import pytest

from matching import MatchIndex, MatchResult


def rec(rid, kind, **kw):
    base = {"id": rid, "kind": kind, "name": None, "father_name": None, "mother_name": None,
            "gender": "male", "age_years": 9, "height_cm": None,
            "identification_marks": None, "languages": "Hindi", "state": "Gujarat",
            "district": "Surat", "event_date": "2024-01-10" if kind == "missing" else "2024-03-01"}
    base.update(kw)
    return base


@pytest.fixture
def index():
    return MatchIndex.from_records([
        rec("missing:1", "missing", name="Rahul Sharma", father_name="Ramesh"),
        rec("missing:2", "missing", name="Priya Patel", gender="female", age_years=7,
            father_name="Suresh Patel", languages="Gujarati"),
        rec("missing:3", "missing", name="Mohammad Firoz", age_years=12,
            father_name="Salim", identification_marks="burn scar on right hand"),
        rec("missing:4", "missing", name="Vijay", age_years=5, state="Bihar",
            district="Patna", languages="Bhojpuri"),
        rec("found:9", "found", name="Rahul", father_name="Ramesh", event_date="2024-02-01"),
    ])


def ids(results):
    return [r.id for r in results]


def test_search_across_scripts_finds_the_child_first(index):
    for name in ["राहुल", "રાહુલ", "Raahul"]:
        res = index.search(rec("found:1", "found", name=name))
        assert res[0].id == "missing:1"


def test_results_are_ranked_with_reasons(index):
    res = index.search(rec("found:1", "found", name="प्रिया", gender="female", age_years=7,
                           languages="ગુજરાતી"), k=10)
    assert res[0].id == "missing:2"
    r = res[0]
    assert isinstance(r, MatchResult) and 0 <= r.score <= 100
    assert r.reasons["name"].verdict == "agrees" and r.reasons["gender"].verdict == "agrees"
    assert all(a.score >= b.score for a, b in zip(res, res[1:]))
    assert r.as_dict()["reasons"]["languages"]["verdict"] == "agrees"


def test_only_the_other_kind_is_returned(index):
    res = index.search(rec("found:1", "found", name="Rahul", father_name="Ramesh"))
    assert "found:9" not in ids(res)
    assert all(i.startswith("missing:") for i in ids(res))
    back = index.search(rec("missing:8", "missing", name="Rahul", event_date="2024-01-01"))
    assert ids(back) == ["found:9"]


def test_found_before_missing_is_excluded(index):
    res = index.search(rec("found:1", "found", name="Rahul", event_date="2024-01-01"))
    assert "missing:1" not in ids(res)


def test_father_name_path_finds_a_child_with_a_pet_name(index):
    res = index.search(rec("found:1", "found", name="Guddu", father_name="Ramesh",
                           age_years=None, gender="unknown"))
    assert res[0].id == "missing:1"
    assert res[0].reasons["name"].verdict == "unknown"
    assert res[0].reasons["father_name"].verdict == "agrees"


def test_nameless_child_found_through_attributes(index):
    res = index.search(rec("found:1", "found", age_years=13,
                           identification_marks="scar on right hand from burn"))
    assert res[0].id == "missing:3"
    assert res[0].reasons["marks"].verdict == "agrees"
    assert res[0].reasons["name"].verdict == "unknown"


def test_named_query_also_reaches_nameless_records():
    idx = MatchIndex.from_records([
        rec("found:1", "found", name=None, age_years=10, identification_marks="mole left cheek"),
        rec("found:2", "found", name="Chhotu", age_years=10),
        rec("found:3", "found", name="Ajay", age_years=10),
    ])
    res = idx.search(rec("missing:1", "missing", name="Rahul", age_years=9,
                         identification_marks="mole on left cheek"))
    assert res[0].id == "found:1"
    assert "found:2" in ids(res)   # pet name only: reachable through the attributes path


def test_place_never_filters(index):
    res = index.search(rec("found:1", "found", name="Vijay", age_years=5, state="Kerala",
                           district="Kochi", languages=None))
    assert res[0].id == "missing:4"
    assert res[0].reasons["place"].verdict == "disagrees"


def test_k_limits(index):
    q = rec("found:1", "found", name=None, gender="unknown", age_years=None)
    assert len(index.search(q, k=2)) == 2
    assert len(index.search(q, k=100)) == 4
    assert index.search(q, k=0) == []


def test_add_and_remove_keep_it_live(index):
    q = rec("found:1", "found", name="Anjali", gender="female", age_years=6)
    assert "missing:5" not in ids(index.search(q))
    index.add(rec("missing:5", "missing", name="अंजलि", gender="female", age_years=6))
    assert index.search(q)[0].id == "missing:5"
    assert len(index) == 6 and "missing:5" in index
    assert index.remove("missing:5") is True
    assert "missing:5" not in ids(index.search(q))
    assert index.remove("missing:5") is False
    assert len(index) == 5


def test_add_replaces_a_record_with_the_same_id(index):
    index.add(rec("missing:1", "missing", name="Rohit", age_years=9))
    res = index.search(rec("found:1", "found", name="Rohit"))
    assert res[0].id == "missing:1" and res[0].reasons["name"].verdict == "agrees"
    assert len(index) == 5


def test_common_name_ranked_by_other_evidence():
    recs = [rec(f"missing:{i}", "missing", name="Rahul", age_years=4 + i % 12,
                father_name=["Mahesh", "Dinesh", "Ganesh", "Naresh"][i % 4])
            for i in range(40)]
    recs.append(rec("missing:99", "missing", name="Rahul", age_years=9, father_name="Ramesh",
                    identification_marks="mole on left cheek"))
    idx = MatchIndex.from_records(recs)
    res = idx.search(rec("found:1", "found", name="Raahul", age_years=9, father_name="रमेश",
                         identification_marks="mole left cheek"))
    assert res[0].id == "missing:99"
    assert res[0].score > res[1].score


def test_score_is_absolute_not_relative(index):
    res = index.search(rec("found:1", "found", name="Rahul"))
    assert res[0].score < 100   # a bare name match is not "certain"


def test_bad_records_are_rejected():
    idx = MatchIndex()
    with pytest.raises(ValueError):
        idx.add({"id": "x:1", "kind": "sighting"})
    with pytest.raises(ValueError):
        idx.add({"kind": "found"})


def test_custom_pet_name_table_is_used():
    idx = MatchIndex.from_records(
        [rec("missing:1", "missing", name="Lakshman")], pet_names={"Lakhan": ["Lakshman"]})
    res = idx.search(rec("found:1", "found", name="Lakhan"))
    assert res and res[0].reasons["name"].verdict == "agrees"
