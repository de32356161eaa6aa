"""Bal Setu matching engine: proposes missing/found pairs with reasons.

Usage::

    from matching import MatchIndex, fold_name, phonetic_key
    index = MatchIndex.from_records(records, pet_names=DEFAULT_PET_NAMES)
    for r in index.search(found_record, k=10):
        r.id, r.score, r.reasons["age"].verdict, r.as_dict()
    index.add(record); index.remove("missing:123")

Record fields (dicts; None or "" for anything unknown) are documented in
:mod:`matching.records` (``RECORD_FIELDS``): ``id`` (str unique across kinds, e.g.
``"missing:123"``), ``kind`` (``"missing"``/``"found"``), ``name``, ``father_name``,
``mother_name`` (any script), ``gender`` (``male``/``female``/``transgender``/
``unknown``), ``age_years`` (age on ``event_date``), ``height_cm``,
``identification_marks`` (free text), ``languages`` (list or comma-separated),
``state``, ``district`` (names as stored), ``event_date`` (ISO date missing or found),
and the optional ``build`` (``thin``/``medium``/``heavy``), ``complexion``
(``fair``/``wheatish``/``dark``) and ``clothes`` (free text: worn when last seen, or
when found). Marks and clothes are compared as words and word pairs weighted by how
rare they are in the index; clothes count only within days of going missing.

A query is one record; it is matched against the records of the other kind. Each
result has ``id``, ``score`` (0..100, absolute) and ``reasons`` (field -> ``Reason``
with ``verdict`` in agrees/partly/disagrees/unknown, ``points`` and sometimes ``detail``;
one entry per field of ``score.FIELDS``). The weights and
their reasoning are in :mod:`matching.score` (``WEIGHTS``, ``PENALTIES``).

Modules: ``normalise`` (script and spelling folding), ``pet_names`` (alias table),
``records`` (record fields), ``score`` (weights and field comparisons), ``vocab``
(fuzzy look-up over distinct names), ``index`` (blocking, search, compaction of
removed records).
"""
from .index import MatchIndex
from .normalise import NameParts, fold_name, parse_name, phonetic_key
from .pet_names import DEFAULT_PET_NAMES, PetNames
from .records import RECORD_FIELDS
from .score import PENALTIES, WEIGHTS, MatchResult, Reason

__all__ = [
    "MatchIndex", "MatchResult", "Reason", "fold_name", "phonetic_key", "parse_name",
    "NameParts", "DEFAULT_PET_NAMES", "PetNames", "WEIGHTS", "PENALTIES", "RECORD_FIELDS",
    "compare",
]


def compare(query: dict, candidate: dict, pet_names=None):
    """Score one pair (``query`` against ``candidate`` of the other kind) and return its
    ``MatchResult``, or None when the pair is no candidate (same kind, or found before
    going missing). Same code as ``MatchIndex.search``; name rarity is that of a
    one-record register (the lowest rarity factor)."""
    index = MatchIndex(pet_names)
    index.add(candidate)
    return index.score_one(query, candidate["id"])
