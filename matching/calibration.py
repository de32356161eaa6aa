"""What a probability means to a reviewer: the proposal and queue thresholds, and the
strength label shown next to a candidate.

The engine's score is the probability (in percent) that a pair is the same child,
from the Fellegi–Sunter model estimated on the register (:mod:`matching.estimate`).
``benchmarks/matching_eval.py`` prints its calibration table on two independent
synthetic registers (the share of true pairs among the results in each probability
bin). A threshold on the probability is meant as a floor on the share of true pairs
above it, and the thresholds below are chosen as such floors. Measured at 20,000
missing reports, 1,000 found children each, shipped weights (the run of the #13
report): of the top-10 results at or above 0.10, 64% ("today" register) and 30%
("ncrb" register) were the true pair, 1.4 and 2.7 results per found child (the issue
saw about 7 stored per row before), and 9% and 8% of the true pairs found were
below it (still listed on the report's own page); at or above 0.50, 92% and 67%.
The model is not perfectly calibrated (it leans over-confident on the "ncrb"
register with the shipped weights, under-confident with weights estimated on the
register itself): so both thresholds are set lower than their wording would need,
and a site's reviewers' decisions refine the weights (``estimate-match-weights``).

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
