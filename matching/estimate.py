"""Estimating the Fellegi–Sunter parameters from the register itself.

The register has no labels, but its pairs are a mixture of two kinds: pairs of the
same child (rare) and pairs of different children (nearly all). Expectation–
maximisation finds the m, u and share of each kind that best explain the observed
comparison levels (Fellegi and Sunter 1969; Winkler 1988; Splink estimates the same
way, with u from random pairs and m by EM on blocked pairs):

1. **u of the name comparisons** (name, surname, father's and mother's names), from
   *random* pairs of the register (a found record against missing records drawn at
   random, found after going missing). Candidates are chosen by name, so among them
   names agree far more often than between two children taken at random: their u
   must come from outside the blocking (Splink's practice).
2. **Everything else by EM on candidate pairs**: for a sample of found records, the
   pairs a search would score (its candidates): all of the best ``KEEP_TOP`` by the
   current weights, and a random sample of the rest, weighted by the inverse of the
   sampling rate so the sample stands for all candidates. EM estimates m of every
   comparison, u of the non-name comparisons (among candidates: the population a
   search scores), and the prior (the share of same-child pairs among candidates,
   separately for pairs with and without names to compare).
3. **Reviewers' decisions** (``labelled``: confirmed and rejected pairs) are added as
   pairs whose kind is known: a confirmed pair counts fully towards m, a rejected one
   towards u, at every iteration.

The result is a :class:`matching.weights.Weights`; `flask --app app
estimate-match-weights` runs this on the real register and stores it.
"""
from __future__ import annotations

import random
from dataclasses import dataclass

import numpy as np

from .records import Prepared, prepare
from .score import COMPARISONS, CONDITIONED_ON, LEVELS, rows_of
from .weights import PROB_FLOOR, Weights, default_weights

__all__ = [
    "NAME_COMPARISONS",
    "PairSample",
    "candidate_pairs",
    "em",
    "estimate",
    "labelled_pairs",
    "random_pairs",
]

NAME_COMPARISONS = ("name", "surname", "father_name", "mother_name")
KEEP_TOP = 20          # candidates of a query kept whole (the true pair is among them)
SAMPLE_REST = 150      # the rest: this many drawn at random, weighted up
RANDOM_PER_QUERY = 20  # random pairs per query for the names' u
PRIOR_PSEUDO = 5.0     # pseudo-pairs pulling m towards its starting value (no zero m)
ROW_POOL = 20.0        # pseudo-pairs pulling each row of a conditioned m or u to the pooled row
# The least m of any level: a pair of the same child can fall in any level (a clerk's
# slip, a stepfather's name, a child found years later). Without this floor EM drives
# a rarely seen level's m towards 0, its pairs then count as different children, which
# lowers m further: the estimate collapses onto the typical pairs and under-states
# both the prior and the probability of the atypical true pairs.
M_FLOOR = 0.005


@dataclass
class PairSample:
    levels: np.ndarray      # (pairs, comparisons) int8
    weight: np.ndarray      # (pairs,) how many candidate pairs each stands for
    query: np.ndarray | None = None   # (pairs,) which query each pair is of

    @property
    def named(self) -> np.ndarray:
        return self.levels[:, COMPARISONS.index("name")] != 0

    @classmethod
    def join(cls, parts: list[PairSample]) -> PairSample:
        parts = [p for p in parts if len(p.weight)]
        if not parts:
            return cls(np.zeros((0, len(COMPARISONS)), np.int8), np.zeros(0), np.zeros(0, int))
        query = None
        if all(p.query is not None for p in parts):
            query = np.concatenate([p.query for p in parts])
        return cls(np.concatenate([p.levels for p in parts]),
                   np.concatenate([p.weight for p in parts]), query)


def _matrix(levels: dict) -> np.ndarray:
    return np.stack([levels[f] for f in COMPARISONS], axis=1).astype(np.int8)


def _prepared(index, query) -> Prepared:
    return query if isinstance(query, Prepared) else prepare(query, index.pets)


def candidate_pairs(index, queries, seed: int = 0, keep_top: int = KEEP_TOP,
                    sample_rest: int = SAMPLE_REST) -> PairSample:
    """The candidate pairs of ``queries`` (records of one kind, searched against the
    other), the best ``keep_top`` whole and a weighted sample of the rest."""
    rng = np.random.default_rng(seed)
    parts = []
    with index._lock:
        for qi, query in enumerate(queries):
            q = _prepared(index, query)
            dense, blk = index._query_sims(q)
            rows, elapsed = index._live_rows(q, index._candidate_rows(q, blk, cap=False))
            if not len(rows):
                continue
            levels, _pts, total = index.weigh(*index._pairs(q, rows, elapsed, dense))
            mat = _matrix(levels)
            order = np.argsort(-total, kind="stable")
            top, rest = order[:keep_top], order[keep_top:]
            w = np.ones(len(top))
            if len(rest) > sample_rest:
                rest = rng.choice(rest, sample_rest, replace=False)
                w_rest = np.full(sample_rest, (len(order) - len(top)) / sample_rest)
            else:
                w_rest = np.ones(len(rest))
            picked = np.concatenate([top, rest])
            parts.append(PairSample(mat[picked], np.concatenate([w, w_rest]),
                                    np.full(len(picked), qi)))
    return PairSample.join(parts)


def random_pairs(index, queries, seed: int = 0, per_query: int = RANDOM_PER_QUERY) -> PairSample:
    """Pairs of each query with records of the other kind drawn at random (valid
    pairs only: found after going missing)."""
    rng = np.random.default_rng(seed)
    a = index.cols.a
    n = index.cols.n
    by_kind = [np.flatnonzero((a["kind"][:n] == k) & a["alive"][:n]).astype(np.int32)
               for k in (0, 1)]
    parts = []
    with index._lock:
        for query in queries:
            q = _prepared(index, query)
            pool = by_kind[1 - q.kind]
            if not len(pool):
                continue
            rows = rng.choice(pool, min(per_query, len(pool)), replace=False)
            rows, elapsed = index._live_rows(q, rows)
            if not len(rows):
                continue
            dense, _ = index._query_sims(q)
            levels = index.weigh(*index._pairs(q, rows, elapsed, dense))[0]
            parts.append(PairSample(_matrix(levels), np.ones(len(rows))))
    return PairSample.join(parts)


def labelled_pairs(index, pairs) -> tuple[PairSample, np.ndarray]:
    """Levels of decided pairs: ``pairs`` is [(query record, other id, is_match)].
    Returns the sample and the labels (True: same child)."""
    parts, labels = [], []
    with index._lock:
        for query, rid, is_match in pairs:
            q = _prepared(index, query)
            row = index.row_of.get(str(rid))
            if row is None or int(index.cols.a["kind"][row]) == q.kind:
                continue
            rows, elapsed = index._live_rows(q, np.array([row], np.int32))
            if not len(rows):
                continue
            dense, _ = index._query_sims(q)
            levels = index.weigh(*index._pairs(q, rows, elapsed, dense))[0]
            parts.append(PairSample(_matrix(levels), np.ones(1)))
            labels.append(bool(is_match))
    return PairSample.join(parts), np.array(labels, bool)


def _counts(levels: np.ndarray, weight: np.ndarray, f: str) -> np.ndarray:
    """Weighted counts of a comparison's levels 1..n: shape (rows, n), one row per
    level of the comparison it is given (one row otherwise)."""
    j, n = COMPARISONS.index(f), len(LEVELS[f]) - 1
    rows = rows_of(f)
    parent = CONDITIONED_ON.get(f)
    idx = levels[:, j].astype(np.int64)
    if parent:
        idx = levels[:, COMPARISONS.index(parent)].astype(np.int64) * (n + 1) + idx
    c = np.bincount(idx, weights=weight, minlength=rows * (n + 1))[:rows * (n + 1)]
    return c.reshape(rows, n + 1)[:, 1:]


def _row_norm(c: np.ndarray) -> np.ndarray:
    """Counts to probabilities, row by row. Rows of a comparison weighed given another
    are first pulled towards the pooled row by ``ROW_POOL`` pseudo-pairs: a level of
    the other that the register rarely shows (place unknown) falls back to the
    comparison on its own instead of to nothing."""
    c = np.maximum(c, 0.0)
    if len(c) > 1:
        pooled = c.sum(axis=0)
        c = c + ROW_POOL * pooled / max(pooled.sum(), 1e-12)
    c = np.maximum(c, PROB_FLOOR)
    return c / c.sum(axis=1, keepdims=True)


def em(candidates: PairSample, start: Weights, fixed_u: dict | None = None,
       labelled: tuple[PairSample, np.ndarray] | None = None, iterations: int = 60,
       tol: float = 1e-5) -> Weights:
    """Expectation–maximisation of m, u (except ``fixed_u``: comparison -> u) and the
    priors on ``candidates``, from ``start``."""
    fixed_u = fixed_u or {}
    X, w = candidates.levels.astype(np.int64), candidates.weight.astype(np.float64)
    named = candidates.named
    m = {f: start.m[f].copy() for f in COMPARISONS}
    u = {}
    for f in COMPARISONS:
        if f in fixed_u:
            u[f] = np.atleast_2d(np.asarray(fixed_u[f], np.float64))
        else:   # nearly every candidate pair is of different children
            u[f] = _row_norm(_counts(X, w, f) + PROB_FLOOR)
    prior = dict(start.prior)
    if candidates.query is not None and len(w):
        # start from "half of the queries have their child among the candidates": the
        # share of true pairs falls with the register's size, a fixed start does not
        start_share = 0.5 * (candidates.query.max() + 1) / w.sum()
        prior = dict.fromkeys(prior, float(np.clip(start_share, 1e-7, 0.5)))
    m_start = {f: start.m[f].copy() for f in COMPARISONS}
    if labelled is not None and len(labelled[1]):
        LX, lab = labelled[0].levels.astype(np.int64), labelled[1]
    else:
        LX, lab = np.zeros((0, len(COMPARISONS)), np.int64), np.zeros(0, bool)
    cols = {f: X[:, COMPARISONS.index(f)] for f in COMPARISONS}
    for _ in range(iterations):
        # E: posterior probability that each pair is of the same child
        llr = np.zeros(len(w))
        for f in COMPARISONS:
            table = np.concatenate([np.zeros((len(m[f]), 1)), np.log(m[f] / u[f])], axis=1)
            parent = CONDITIONED_ON.get(f)
            llr += table[cols[parent] if parent else 0, cols[f]]
        lam = np.where(named, prior["named"], prior["unnamed"])
        logit = np.log(lam / (1 - lam)) + llr
        gamma = 1.0 / (1.0 + np.exp(-np.clip(logit, -50, 50)))
        if candidates.query is not None and len(w):
            # one child is at most one report of the other kind: a query's pairs hold
            # at most one same-child pair between them (this rules out the solutions
            # where "same state" or "same age" is taken for "same child")
            # (counted over the sampled pairs themselves, not weighted up: a weighted
            # sum lets a large register's many sampled look-alikes, each weighing
            # hundreds, crowd out every true pair, and EM then collapses)
            per_query = np.bincount(candidates.query, weights=gamma)
            gamma = gamma / np.maximum(per_query[candidates.query], 1.0)
        # M: m, u, priors from the expected counts (plus the labelled pairs)
        old = prior.copy()
        for key, sel in (("named", named), ("unnamed", ~named)):
            if sel.any():
                prior[key] = float(np.clip((w[sel] * gamma[sel]).sum() / w[sel].sum(), 1e-7, 0.5))
        change = 0.0
        for f in COMPARISONS:
            cm = _counts(X, w * gamma, f) + _counts(LX, lab.astype(float), f) \
                + PRIOR_PSEUDO * m_start[f] / len(m_start[f])
            new_m = _row_norm(cm)
            new_m = np.maximum(new_m, M_FLOOR)
            new_m /= new_m.sum(axis=1, keepdims=True)
            change = max(change, float(np.abs(new_m - m[f]).max()))
            m[f] = new_m
            if f not in fixed_u:
                u[f] = _row_norm(_counts(X, w * (1 - gamma), f)
                                 + _counts(LX, (~lab).astype(float), f) + PROB_FLOOR)
        change = max(change, *(abs(prior[k] - old[k]) / max(old[k], 1e-9) * 1e-3 for k in prior))
        if change < tol:
            break
    return Weights(m=m, u=u, prior=prior)


def estimate(index, queries=None, labelled=None, seed: int = 0, max_queries: int = 3000,
             start: Weights | None = None, rounds: int = 2) -> Weights:
    """Estimate the parameters on the register in ``index``.

    ``queries``: the records whose candidates are sampled (default: found records of
    the index are not kept as dicts, so the caller passes them); at most
    ``max_queries`` of them, drawn at random. ``labelled``: [(query record, other
    id, is_match)] from reviewers' decisions. ``rounds``: the candidates' "best" are
    chosen by the current weights, so the sample is drawn again with the new ones."""
    queries = list(queries or [])
    rnd = random.Random(seed)
    if len(queries) > max_queries:
        queries = rnd.sample(queries, max_queries)
    queries = [_prepared(index, q) for q in queries]
    weights = start or default_weights()
    saved = index.weights
    try:
        rand = random_pairs(index, queries, seed)
        fixed_u = {}   # the names' u between random children: the reference of a name's share
        for f in NAME_COMPARISONS:
            c = _counts(rand.levels, rand.weight, f)[0]
            fixed_u[f] = (c + 0.5) / (c + 0.5).sum()
        lab = labelled_pairs(index, labelled) if labelled else None
        for r in range(max(1, rounds)):
            index.weights = weights
            cand = candidate_pairs(index, queries, seed + r)
            weights = em(cand, weights, None, lab)
        weights.tf_ref = fixed_u
    finally:
        index.weights = saved
    weights.source = (f"EM on the candidate pairs of {len(queries)} records "
                      f"({len(cand.weight)} sampled pairs standing for {cand.weight.sum():.0f}), "
                      f"u of names from {len(rand.weight)} random pairs, "
                      f"{0 if lab is None else len(lab[1])} reviewed pairs")
    return weights
