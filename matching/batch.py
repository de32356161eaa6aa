"""Many new records added and searched in one pass: what an import needs.

``add_and_search(index, records, k)`` gives, for every record, the results that
``index.add(record)`` followed by ``index.search(record, k)`` would give, record
after record, in the file's order, but scores all the pairs together.

Why it is the same: a search reads two kinds of things. (1) The register's
statistics, which every ``add`` changes: how common a name is (rarity), the
weight of a mark or clothes term (IDF), how common a language is. These are
read per record, right after adding it, exactly as ``search`` reads them (the
index's own ``_query_sims``, ``_candidate_rows``, ``_Terms.overlap`` and
``_lang_rarity``). (2) The candidates' own columns, which an ``add`` never
changes. The arithmetic on those (``_score``: the ``matching.score`` functions
on every candidate) is what costs most per record, and is the same for one
pair whether it is computed with the pairs of one query or of a thousand, so
it is done once for the whole batch. Top-k and ties are decided per record as
``_rank`` decides them. ``tests/test_matching_batch.py`` checks the results
against one-at-a-time ``add``/``search`` field by field.

``min_score`` (a score, the probability in percent): results below it are
counted out (the caller would drop them: ``PROPOSAL_THRESHOLD``); the rest are
those ``search`` returns.
"""
from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from .index import MatchIndex
from .normalise import key_of_token
from .records import Prepared, prepare
from .vocab import _group

__all__ = ["add_and_search"]


def add_and_search(index: MatchIndex, records: Sequence[dict], k: int = 10,
                   min_score: float | None = None,
                   add: Sequence[bool] | None = None) -> list[list]:
    """For each record in order: add it (unless ``add[i]`` is false: searched
    only, as for a report no longer looked for), then search it. Returns one
    result list per record, best first, as ``search`` would."""
    with index._lock:  # nothing may renumber rows between the two passes
        near = _NearCache(index.vocab)
        try:
            queries = []
            for i, record in enumerate(records):
                p = record if isinstance(record, Prepared) else prepare(record, index.pets)
                if add is None or add[i]:
                    index.add(p)
                queries.append(_Query(index, p, k) if k > 0 else None)
        finally:
            near.close()
        return _finish(index, queries, k, min_score)


class _NearCache:
    """`Vocab.near` remembered per word while the vocabulary it scans is unchanged.

    A batch asks for the same names again and again ("Rahul" in every tenth row);
    `near(word)` scans the words of the word's first-sound group and those of its
    phonetic key, so its answer holds until either list grows. Installed on the
    vocabulary for the batch only (the index lock is held throughout), and removed
    by `close`. The answer's arrays are only read by the index."""

    def __init__(self, vocab):
        self.vocab, self.real, self.answers = vocab, vocab.near, {}
        vocab.near = self.near

    def near(self, tok, cutoff):
        vocab = self.vocab
        group, key = vocab._group_strs.get(_group(tok)), vocab._key_ids.get(key_of_token(tok))
        sizes = (len(group) if group is not None else 0, len(key) if key is not None else 0)
        seen = self.answers.get((tok, cutoff))
        if seen is not None and seen[0] == sizes:
            return seen[1]
        answer = self.real(tok, cutoff)
        self.answers[(tok, cutoff)] = (sizes, answer)
        return answer

    def close(self):
        del self.vocab.near


class _Query:
    """Everything of one search that depends on the register at that moment: the
    candidates and what ``score.pair_levels`` reads about each pair."""

    __slots__ = ("elapsed", "p", "pairs", "rows", "shares")

    def __init__(self, index: MatchIndex, q: Prepared, k: int):
        self.p = q
        dense, blk = index._query_sims(q)
        rows = index._candidate_rows(q, blk)
        rows, elapsed = index._live_rows(q, rows)
        self.rows, self.elapsed = rows, elapsed
        if len(rows):
            self.pairs, self.shares = index._pairs(q, rows, elapsed, dense)


def _finish(index, queries, k, min_score):
    live = [q for q in queries if q is not None and len(q.rows)]
    out: dict[int, list] = {}
    if live:
        levels, pts, total, rows, elapsed, offsets = _score_all(index, live)
        best = np.maximum.reduceat(total, offsets[:-1])
        min_bits = None
        if min_score is not None:
            # the score is a probability in percent: compare log-odds (monotone)
            p = min(max(min_score / 100.0, 1e-12), 1 - 1e-12)
            min_bits = float(np.log2(p / (1 - p)))
        for n, q in enumerate(live):
            if min_bits is not None and best[n] < min_bits:
                continue  # nothing of this query would be kept
            s, e = offsets[n], offsets[n + 1]
            out[id(q)] = _top(index, q, k, min_score, rows[s:e], total[s:e], elapsed[s:e],
                              {f: v[s:e] for f, v in levels.items()},
                              {f: v[s:e] for f, v in pts.items()})
    return [out.get(id(q), []) if q is not None else [] for q in queries]


def _top(index, q, k, min_score, rows, total, elapsed, levels, pts):
    """The ordering and cut of ``MatchIndex._rank`` for one query."""
    n = min(k, len(rows))
    top = np.argpartition(-total, n - 1)[:n] if len(rows) > n else np.arange(len(rows))
    top = top[np.lexsort((rows[top], -total[top]))]
    results = [index._result(q.p, int(rows[i]), i, levels, pts, float(total[i]), elapsed[i])
               for i in top.tolist()]
    if min_score is not None:
        results = [r for r in results if r.score >= min_score]
    return results


def _score_all(index, queries):
    """``MatchIndex.weigh`` for every (query, candidate) pair of the batch at once: each
    query's values repeated along its candidates, the same level and weight functions."""
    counts = np.array([len(q.rows) for q in queries])
    offsets = np.concatenate([[0], np.cumsum(counts)])
    rows = np.concatenate([q.rows for q in queries])
    elapsed = np.concatenate([q.elapsed for q in queries])
    pairs = {key: np.concatenate([np.broadcast_to(q.pairs[key], (len(q.rows),)) for q in queries])
             for key in queries[0].pairs}
    shares = {key: np.concatenate([q.shares[key] for q in queries]) for key in queries[0].shares}
    levels, pts, total = index.weigh(pairs, shares)
    return levels, pts, total, rows, elapsed, offsets
