"""What a probability means to a reviewer: the proposal and queue thresholds, and the
strength label shown next to a candidate.

The engine's score is the probability (in percent) that a pair is the same child,
from the Fellegi–Sunter model estimated on the register (:mod:`matching.estimate`).
``benchmarks/matching_eval.py`` checks that it is calibrated on two independent
synthetic registers: of the pairs it puts at about p, about p are the same child
(its calibration table). A threshold on the probability is therefore a floor on the
share of true pairs above it, and the thresholds below are chosen as such floors:

* ``PROPOSAL_THRESHOLD`` (0.10): a pair is stored as a proposal (and queued) when at
  least 1 in 10 such pairs is the same child. Below it, nine reviews in ten would
  be wasted; the candidates stay visible on the report's own page, ranked, so a
  reviewer can still look further for a nameless child.
* ``QUEUE_DEFAULT_THRESHOLD`` (0.50): a reviewer's queue shows by default the pairs
  more likely the same child than not. Each reviewer may lower it (their
  ``match_threshold``) to work through the "possible" ones.

``strength_label`` names the bands a reviewer sees: strong (9 in 10 or more),
likely (from 1 in 2), possible (from 1 in 10: the proposal threshold), weak.
"""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

__all__ = [
    "LIKELY",
    "POSSIBLE",
    "PROPOSAL_THRESHOLD",
    "QUEUE_DEFAULT_THRESHOLD",
    "STRENGTH_LABELS",
    "STRONG",
    "as_score",
    "strength",
    "strength_label",
]

STRONG = 0.90
LIKELY = 0.50
POSSIBLE = 0.10
PROPOSAL_THRESHOLD = POSSIBLE
QUEUE_DEFAULT_THRESHOLD = LIKELY

STRENGTH_LABELS = {
    "strong": _l("strong"),
    "likely": _l("likely"),
    "possible": _l("possible"),
    "weak": _l("weak"),
}


def as_score(probability: float) -> float:
    """The score stored and shown: the probability in percent."""
    return 100.0 * probability


def strength(probability: float) -> str:
    """The band of a probability: "strong", "likely", "possible" or "weak"."""
    if probability >= STRONG:
        return "strong"
    if probability >= LIKELY:
        return "likely"
    if probability >= POSSIBLE:
        return "possible"
    return "weak"


def strength_label(probability: float):
    """The translatable label of a probability's band."""
    return STRENGTH_LABELS[strength(probability)]
