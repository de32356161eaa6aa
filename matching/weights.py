"""The Fellegi–Sunter parameters: m and u of every comparison level, and the prior.

``m[level]``: the share of pairs of the *same* child that fall in the level;
``u[level]``: the share of pairs of *different* children. Both are over the known
levels (1..n) of a comparison; level 0 ("unknown") weighs nothing. ``prior``: the share
of same-child pairs among the candidates a search scores, separately for pairs whose
names can be compared ("named") and pairs where they cannot ("unnamed": a nameless
child's candidates are many more, so a true pair is rarer among them).

The parameters are estimated from the register itself (:mod:`matching.estimate`:
u from random pairs, m and the prior by expectation–maximisation on candidate pairs,
refined by reviewers' decisions) and stored as JSON. ``weights.json`` next to this
module is the shipped default (estimated on a synthetic register, see its
``source``); `flask --app app estimate-match-weights` re-estimates them on the real
register and writes the file the application loads (``MATCH_WEIGHTS_FILE``).
"""
from __future__ import annotations

import json
import math
import os
from dataclasses import dataclass, field

import numpy as np

from .score import COMPARISONS, CONDITIONED_ON, LEVELS, TF_LEVELS, parent_levels, rows_of

__all__ = ["DEFAULT_FILE", "TF_FLOOR", "Weights", "default_weights"]

DEFAULT_FILE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "weights.json")
TF_FLOOR = 1e-5        # the smallest share a name may have (a name seen once)
TF_ADJUST = (-3.0, 6.0)  # bounds of the term-frequency adjustment, in bits
PROB_FLOOR = 1e-6      # no m or u is exactly 0 (a level never seen is still possible)


def _sig(x) -> float:
    """A probability to 8 significant digits (small ones keep their weight)."""
    return float(f"{float(x):.8g}")


def _norm(x, rows: int) -> np.ndarray:
    """Probabilities of the levels, one row per level of the conditioning comparison
    (a single row for the others); a row given for all is repeated."""
    x = np.maximum(np.atleast_2d(np.asarray(x, np.float64)), PROB_FLOOR)
    if x.shape[0] == 1 and rows > 1:
        x = np.repeat(x, rows, axis=0)
    return x / x.sum(axis=1, keepdims=True)


@dataclass
class Weights:
    # comparison -> probabilities of levels 1..n: shape (rows, n), one row per level of
    # the comparison it is given (score.CONDITIONED_ON), else one row
    m: dict[str, np.ndarray]
    u: dict[str, np.ndarray]
    prior: dict[str, float] = field(default_factory=lambda: {"named": 0.01, "unnamed": 0.001})
    source: str = ""
    # comparison -> u of its levels between two children drawn at random: what a name's
    # own share is measured against (see ``points``)
    tf_ref: dict[str, np.ndarray] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for f in COMPARISONS:
            n = len(LEVELS[f]) - 1
            rows = rows_of(f)
            self.m[f], self.u[f] = _norm(self.m[f], rows), _norm(self.u[f], rows)
            if self.m[f].shape != (rows, n) or self.u[f].shape != (rows, n):
                raise ValueError(f"{f}: expected {rows} x {n} probabilities")
        self._bits = {f: np.concatenate([np.zeros((rows_of(f), 1)), np.log2(self.m[f] / self.u[f])],
                                        axis=1).astype(np.float32)
                      for f in COMPARISONS}
        self._prior_bits = {k: math.log2(v / (1 - v)) for k, v in self.prior.items()}

    # ------------------------------------------------------------------ using
    def bits(self, comparison: str, given: int | None = None) -> np.ndarray:
        """Points of each level (index = level; level 0 gives 0); for a comparison
        weighed given another, ``given`` is that one's level (all rows if None)."""
        b = self._bits[comparison]
        if comparison not in CONDITIONED_ON:
            return b[0]
        return b if given is None else b[given]

    def prior_bits(self, named) -> np.ndarray:
        return np.where(np.asarray(named, bool), self._prior_bits["named"],
                        self._prior_bits["unnamed"]).astype(np.float32)

    def points(self, levels: dict, shares: dict | None = None) -> dict:
        """{comparison: points per pair} (for the comparisons in ``levels``). ``shares``: for the name comparisons, the
        share of the query's name among the register's names (per pair; NaN when the
        register is too small to tell). On the agreeing levels the points are adjusted
        by log2(u between random children / the name's share), as Splink's term-
        frequency adjustment does: a rare name says more than "Rahul"."""
        out = {f: self._bits[f][parent_levels(f, levels), levels[f]]
               for f in COMPARISONS if f in levels}
        for f, tf_levels in TF_LEVELS.items():
            share = (shares or {}).get(f)
            if share is None or f not in self.tf_ref or f not in levels:
                continue
            share = np.asarray(share, np.float64)
            lv = levels[f]
            on = np.isin(lv, tf_levels) & ~np.isnan(share)
            if not on.any():
                continue
            ref = np.concatenate([[1.0], self.tf_ref[f]])[lv]
            share = np.maximum(np.nan_to_num(share, nan=1.0), TF_FLOOR)
            adjust = np.clip(np.log2(ref / share), *TF_ADJUST)
            out[f] = np.where(on, out[f] + adjust, out[f]).astype(np.float32)
        return out

    # ------------------------------------------------------------------ storing
    def as_json(self) -> dict:
        return {
            "source": self.source,
            "prior": self.prior,
            "tf_ref": {f: [_sig(x) for x in v] for f, v in self.tf_ref.items()},
            "comparisons": {f: self._comparison_json(f) for f in COMPARISONS},
        }

    def _comparison_json(self, f: str) -> dict:
        def table(a):
            rows = [[_sig(x) for x in row] for row in a]
            return rows if f in CONDITIONED_ON else rows[0]
        out = {"levels": [name for name, _ in LEVELS[f][1:]]}
        if f in CONDITIONED_ON:
            out["given"] = CONDITIONED_ON[f]
        out.update(m=table(self.m[f]), u=table(self.u[f]),
                   points=[[round(float(x), 2) for x in row[1:]] for row in self._bits[f]]
                   if f in CONDITIONED_ON else [round(float(x), 2) for x in self._bits[f][0][1:]])
        return out

    def save(self, path: str) -> None:
        tmp = path + ".tmp"
        with open(tmp, "w", encoding="utf-8") as fh:
            json.dump(self.as_json(), fh, indent=1, ensure_ascii=False)
        os.replace(tmp, path)

    @classmethod
    def from_json(cls, data: dict) -> Weights:
        comps = data["comparisons"]
        return cls(m={f: np.array(comps[f]["m"]) for f in COMPARISONS},
                   u={f: np.array(comps[f]["u"]) for f in COMPARISONS},
                   prior=dict(data["prior"]), source=data.get("source", ""),
                   tf_ref={f: np.array(v) for f, v in data.get("tf_ref", {}).items()})

    @classmethod
    def load(cls, path: str | None = None) -> Weights:
        with open(path or DEFAULT_FILE, encoding="utf-8") as fh:
            return cls.from_json(json.load(fh))

    @classmethod
    def initial(cls) -> Weights:
        """Where the estimation starts (and the fallback without a file): m as a pair of
        the same child is expected to look before any data (mostly agreeing, a few
        levels off: estimates, spellings and descriptions vary), u flat (the first
        estimation step replaces it by the candidates' own shares), and priors of 1 in
        100 candidates with names to compare, 1 in 1000 without. EM has several
        solutions; starting from the same-child side picks the one that means it."""
        m = {
            "name": [0.05, 0.15, 0.1, 0.2, 0.5], "surname": [0.15, 0.15, 0.7],
            "father_name": [0.15, 0.2, 0.65], "mother_name": [0.2, 0.25, 0.55],
            "age": [0.35, 0.3, 0.2, 0.1, 0.04, 0.01], "gender": [0.97, 0.01, 0.02],
            "height": [0.45, 0.35, 0.15, 0.05], "marks": [0.3, 0.1, 0.2, 0.2, 0.1, 0.1],
            "languages": [0.15, 0.45, 0.25, 0.15], "place": [0.25, 0.3, 0.45],
            "date": [0.5, 0.2, 0.12, 0.1, 0.05, 0.03], "clothes": [0.5, 0.2, 0.2, 0.1],
            "complexion": [0.7, 0.27, 0.03], "build": [0.65, 0.3, 0.05],
        }
        u = {f: np.ones(len(LEVELS[f]) - 1) for f in COMPARISONS}
        return cls(m={f: np.array(v) for f, v in m.items()}, u=u,
                   prior={"named": 0.01, "unnamed": 0.001}, source="initial guess")


_DEFAULT: Weights | None = None


def default_weights() -> Weights:
    """The shipped parameters (``weights.json``), read once per process."""
    global _DEFAULT
    if _DEFAULT is None:
        _DEFAULT = Weights.load(DEFAULT_FILE) if os.path.exists(DEFAULT_FILE) else Weights.initial()
    return _DEFAULT
