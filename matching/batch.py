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

``min_score``: results below it are counted out before their reasons are
written (the caller would drop them: ``PROPOSAL_FLOOR``); the rest are those
``search`` returns.
"""
from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from . import score as scoring
from .index import MatchIndex
from .normalise import key_of_token
from .records import Prepared, prepare
from .vocab import _group

__all__ = ["add_and_search"]


def add_and_search(index: MatchIndex, records: Sequence[dict], k: int = 10,
                   min_score: float | None = None,
                   add: Sequence[bool] | None = None) -> list[list[scoring.MatchResult]]:
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
    """Everything of one search that depends on the register at that moment."""

    __slots__ = ("clothes", "district", "elapsed", "langs", "marks", "p", "rf", "rows",
                 "sims", "state")

    def __init__(self, index: MatchIndex, q: Prepared, k: int):
        self.p = q
        dense, blk = index._query_sims(q)
        rows = index._candidate_rows(q, blk)
        a = index.cols.a
        rows, elapsed = index._live_rows(q, rows)
        self.rows, self.elapsed = rows, elapsed
        if not len(rows):
            return
        g, pet, sur = a["g"][rows], a["p"][rows], a["s"][rows]
        self.sims = (dense["formal"][g], dense["pet"][g], dense["pet"][pet],
                     dense["formal"][pet], dense["sur"][sur], dense["father"][a["fg"][rows]],
                     dense["mother"][a["mg"][rows]])
        share = dense["share"]
        self.rf = scoring.rarity_factor(np.array([share["formal"], share["pet"], share["father"],
                                            share["mother"]]))
        # (overlap gives zeros for a query without terms: skipped, as for clothes)
        self.marks = index._marks.overlap(q.marks, a["mstart"][rows], a["mlen"][rows]) \
            if q.marks else None
        if q.clothes:
            self.clothes = index._clothes.overlap(q.clothes, a["cstart"][rows], a["clen"][rows])
        else:
            self.clothes = None
        langs = []
        for name in q.languages:
            bit = index._lang_bit(name, False)
            if bit:
                langs.append((bit, index._lang_rarity(bit)))
        self.langs = langs
        self.state = index._states.get(q.state, -2) if q.state else -2
        self.district = index._districts.get((q.state, q.district), -2) if q.district else -2


def _finish(index, queries, k, min_score):
    live = [q for q in queries if q is not None and len(q.rows)]
    out: dict[int, list] = {}
    if live:
        pts, verdicts, total, rows, elapsed, offsets = _score_all(index, live)
        best = np.maximum.reduceat(total, offsets[:-1])
        for n, q in enumerate(live):
            if min_score is not None and best[n] < min_score:
                continue  # nothing of this query would be kept
            s, e = offsets[n], offsets[n + 1]
            out[id(q)] = _top(index, q, k, min_score, rows[s:e], total[s:e], elapsed[s:e],
                              {f: v[s:e] for f, v in pts.items()},
                              {f: v[s:e] for f, v in verdicts.items()})
    return [out.get(id(q), []) if q is not None else [] for q in queries]


def _top(index, q, k, min_score, rows, total, elapsed, pts, verdicts):
    """The ordering and cut of ``MatchIndex._rank`` for one query."""
    n = min(k, len(rows))
    top = np.argpartition(-total, n - 1)[:n] if len(rows) > n else np.arange(len(rows))
    top = top[np.lexsort((rows[top], -total[top]))]
    if min_score is not None:
        top = top[total[top] >= min_score]
    if not len(top):
        return []
    # each kept pair's points and verdicts as plain numbers, one array per field
    points = np.stack([pts[f][top] for f in scoring.FIELDS]).astype(np.float64).T.tolist()
    codes = np.stack([verdicts[f][top] for f in scoring.FIELDS]).T.tolist()
    results = []
    for i, p_row, v_row in zip(top.tolist(), points, codes):
        reasons = {f: scoring.Reason(scoring.VERDICTS[v], p) for f, p, v in zip(scoring.FIELDS, p_row, v_row)}
        index._detail(q.p, int(rows[i]), reasons, elapsed[i])
        results.append(scoring.MatchResult(index.ids[int(rows[i])], float(total[i]), reasons))
    return results


def _score_all(index, queries):
    """``MatchIndex._score`` for every (query, candidate) pair of the batch at once:
    the query's values repeated along its candidates, the same score functions."""
    a = index.cols.a
    counts = np.array([len(q.rows) for q in queries])
    offsets = np.concatenate([[0], np.cumsum(counts)])
    rows = np.concatenate([q.rows for q in queries])
    elapsed = np.concatenate([q.elapsed for q in queries])

    def per_query(values, dtype):
        return np.repeat(np.asarray(values, dtype=dtype), counts)

    def cat(part):
        return np.concatenate([part(q) for q in queries])

    ps = [q.p for q in queries]
    q_kind = per_query([p.kind for p in ps], np.int8)
    q_formal = per_query([bool(p.name.given) for p in ps], bool)

    sim_g_formal, sim_g_pet, sim_p_pet, sim_p_formal, sim_sur, sim_father, sim_mother = (
        cat(lambda q, j=j: q.sims[j]) for j in range(7))
    rf = np.concatenate([np.repeat(q.rf[None, :], len(q.rows), axis=0) for q in queries])

    sur = a["s"][rows]
    fg, mg = a["fg"][rows], a["mg"][rows]
    formal = a["formal"][rows]
    sim_formal = np.where(formal, sim_g_formal, 0)
    sim_pet = np.maximum.reduce([sim_g_pet, sim_p_pet, sim_p_formal])
    rarity = np.where(sim_formal >= sim_pet, rf[:, 0], rf[:, 1])
    pts, ver = {}, {}
    pts["name"], ver["name"] = _grouped(
        [(p.name.usable, bool(p.name.surname)) for p in ps], counts,
        lambda sel, usable, surname: scoring.name_points(
            q_formal[sel], usable, sim_formal[sel], sim_pet[sel], formal[sel],
            a["usable"][rows[sel]], rarity[sel], surname, sur[sel] != 0, sim_sur[sel]))
    for field, col, sims, qgiven, r in (
            ("father_name", fg, sim_father, [bool(p.father.given) for p in ps], rf[:, 2]),
            ("mother_name", mg, sim_mother, [bool(p.mother.given) for p in ps], rf[:, 3])):
        pts[field], ver[field] = scoring.parent_points(field, per_query(qgiven, bool), col != 0, sims, r)
    age, height = a["age"][rows], a["height"][rows]
    q_age = per_query([p.age for p in ps], np.float32)
    q_height = per_query([p.height for p in ps], np.float32)
    missing_side = q_kind == 0
    am, af = np.where(missing_side, q_age, age), np.where(missing_side, age, q_age)
    hm, hf = np.where(missing_side, q_height, height), np.where(missing_side, height, q_height)
    pts["age"], ver["age"] = scoring.age_points(am, af, elapsed)
    pts["gender"], ver["gender"] = scoring.gender_points(per_query([p.gender for p in ps], np.int8),
                                                   a["gender"][rows])
    pts["height"], ver["height"] = scoring.height_points(hm, hf, elapsed)
    mlen = a["mlen"][rows]
    zeros = np.zeros(len(rows), np.float32)
    ov = cat(lambda q: q.marks[0] if q.marks else zeros[:len(q.rows)])
    info = cat(lambda q: q.marks[1] if q.marks else zeros[:len(q.rows)])
    pts["marks"], ver["marks"] = scoring.marks_points(
        per_query([bool(p.marks) for p in ps], bool), mlen > 0, ov,
        scoring.info_fraction(info, scoring.MARKS_INFO_FULL))
    clen = a["clen"][rows]
    ov = cat(lambda q: q.clothes[0] if q.clothes else zeros[:len(q.rows)])
    info = cat(lambda q: q.clothes[1] if q.clothes else zeros[:len(q.rows)])
    pts["clothes"], ver["clothes"] = scoring.clothes_points(
        per_query([bool(p.clothes) for p in ps], bool), clen > 0, ov,
        scoring.info_fraction(info, scoring.CLOTHES_INFO_FULL), elapsed)
    for field in ("complexion", "build"):
        values = a[field][rows]
        pts[field], ver[field] = _grouped(
            [(getattr(p, field),) for p in ps], counts,
            lambda sel, q_value, field=field, values=values: scoring.scale_points(
                field, q_value, values[sel]))
    lang = a["lang"][rows]
    # the rarest language both sides speak decides how much the agreement says
    factor = np.zeros(len(rows), np.float32)
    for slot in range(max(len(q.langs) for q in queries)):
        bit = per_query([q.langs[slot][0] if slot < len(q.langs) else 0 for q in queries],
                        np.int64)
        rare = per_query([q.langs[slot][1] if slot < len(q.langs) else 0.0 for q in queries],
                         np.float32)
        factor = np.where((lang & bit) != 0, np.maximum(factor, rare), factor)
    pts["languages"], ver["languages"] = scoring.language_points(
        per_query([bool(p.languages) for p in ps], bool), lang != 0, factor > 0, factor)
    st, di = a["state"][rows], a["district"][rows]
    qs = per_query([q.state for q in queries], np.int64)
    qd = per_query([q.district for q in queries], np.int64)
    pts["place"], ver["place"] = scoring.place_points(
        per_query([bool(p.state) for p in ps], bool), st >= 0, st == qs, di == qd)
    pts["date"], ver["date"] = scoring.date_points(elapsed)
    total = np.clip(sum(pts.values()), 0.0, 100.0)
    return pts, ver, total, rows, elapsed, offsets


def _grouped(keys, counts, score):
    """Call a score function that takes some query values as plain scalars (not
    arrays) once per distinct combination of them, over the pairs of the queries
    that have it, and put the pieces back in pair order. ``keys``: one tuple of
    plain values per query; ``counts``: pairs per query."""
    n = int(counts.sum())
    pts = np.zeros(n, np.float32)
    ver = np.zeros(n, np.int8)
    groups: dict[tuple, list[int]] = {}
    for i, key in enumerate(keys):
        groups.setdefault(key, []).append(i)
    for key, members in groups.items():
        chosen = np.zeros(len(keys), bool)
        chosen[members] = True
        sel = np.flatnonzero(np.repeat(chosen, counts))
        pts[sel], ver[sel] = score(sel, *key)
    return pts, ver
