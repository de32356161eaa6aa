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
result has ``id``, ``probability`` (0..1, calibrated: the probability that the pair is
the same child), ``score`` (the same in percent) and ``reasons`` (field -> ``Reason``
with ``verdict`` in agrees/partly/disagrees/unknown, ``level`` (the comparison level),
``points`` (its weight of evidence in bits, log2 m/u) and sometimes ``detail``; one
entry per field of ``score.FIELDS``). The levels are in :mod:`matching.score`; their m
and u (Fellegi–Sunter) in :mod:`matching.weights`, estimated from the register by
:mod:`matching.estimate`; thresholds and strength labels in :mod:`matching.calibration`.

Modules: ``normalise`` (script and spelling folding), ``pet_names`` (alias table),
``records`` (record fields), ``score`` (comparison levels), ``weights`` (m, u, priors),
``estimate`` (EM on the register), ``calibration`` (thresholds, labels), ``vocab``
(fuzzy look-up over distinct names), ``index`` (blocking, search, compaction of
removed records).
"""
from .index import MatchIndex
from .normalise import NameParts, fold_name, parse_name, phonetic_key
from .pet_names import DEFAULT_PET_NAMES, PetNames
from .records import RECORD_FIELDS
from .score import MatchResult, Reason
from .weights import Weights, default_weights

__all__ = [
    "DEFAULT_PET_NAMES",
    "RECORD_FIELDS",
    "MatchIndex",
    "MatchResult",
    "NameParts",
    "PetNames",
    "Reason",
    "Weights",
    "compare",
    "default_weights",
    "fold_name",
    "parse_name",
    "phonetic_key",
]


def compare(query: dict, candidate: dict, pet_names=None):
    """Score one pair (``query`` against ``candidate`` of the other kind) and return its
    ``MatchResult``, or None when the pair is no candidate (same kind, or found before
    going missing). Same code as ``MatchIndex.search``; in a one-record register
    no name's rarity is known, so names weigh their level's average."""
    index = MatchIndex(pet_names)
    index.add(candidate)
    return index.score_one(query, candidate["id"])
