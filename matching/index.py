"""MatchIndex: the in-memory index the panel, the benchmarks and batch jobs search.

Records are stored column-wise (numpy arrays, one row per record, names as ids into the
shared vocabulary), so a query scores all its candidates at once.

Candidates are the union of these blocking rules, always over the *other* kind:

* child's name: records whose given name or pet name is like the query's (fuzzy match
  over the vocabulary, or the same phonetic key);
* father's name and mother's name, likewise;
* attributes: records of a compatible gender within an age window that allows for the
  time elapsed (up to ``ELAPSED_YEARS``) and estimation error (``AGE_WINDOW``). For a
  query with no formal name, every record in the window; for a named query, the
  records that have no formal name (nameless or pet name only).

Place never filters. A found record dated before the missing record is no candidate.
The index is safe to share between threads (one lock); each process keeps its own.

Marks and clothes are kept as term ids per row (``_Terms``) with their document
frequencies, so a shared term is weighted by its rarity in the index at query time.
``remove`` marks a row dead; when dead rows exceed ``COMPACT_SHARE`` of all rows (and
``COMPACT_MIN``), ``compact`` rebuilds the columns, postings and term stores from the
live rows, so a long-running worker that edits records does not grow without bound.
"""
from __future__ import annotations

import math
import threading
from array import array
from collections.abc import Iterable

import numpy as np

from . import score as scoring
from .pet_names import resolve
from .records import Prepared, prepare
from .vocab import Vocab
from .weights import Weights, default_weights

__all__ = ["MatchIndex"]

BLOCK_SIM = 75      # a vocabulary word this like a query name word opens its postings
AGE_WINDOW = 3      # years either side of the expected age for the attributes path
ELAPSED_YEARS = 2   # how long after going missing a child may be found (attributes path)
ROLES = ("child", "father", "mother")
COMPACT_SHARE = 0.2   # compact when removed rows exceed this share of all rows...
COMPACT_MIN = 1000    # ...and this many (a small index is never worth compacting)
# Below this many name mentions, a name's share of the register says little about how
# common it is: the level's u is used instead (see Weights.points).
TF_MIN_MENTIONS = 2000
# The attribute path's rows scored in full at most (see MatchIndex._cap).
ATTRIBUTE_CAP = 3000

_COLS = {  # name: (dtype, value when unknown)
    "kind": (np.int8, -1), "gender": (np.int8, 0), "age": (np.float32, np.nan),
    "height": (np.float32, np.nan), "day": (np.int32, 0), "state": (np.int32, -1),
    "district": (np.int32, -1), "lang": (np.int64, 0), "g": (np.int32, 0),
    "s": (np.int32, 0), "p": (np.int32, 0), "fg": (np.int32, 0), "mg": (np.int32, 0),
    "mstart": (np.int64, 0), "mlen": (np.int16, 0), "cstart": (np.int64, 0),
    "clen": (np.int16, 0), "build": (np.int8, 0), "complexion": (np.int8, 0),
    "alive": (np.bool_, False),
    "formal": (np.bool_, False), "usable": (np.bool_, False),
}


class _Columns:
    def __init__(self, capacity: int = 1024) -> None:
        self.n = 0
        self.a = {k: np.full(capacity, fill, dtype=dt) for k, (dt, fill) in _COLS.items()}

    def append(self, values: dict) -> int:
        row = self.n
        if row == len(self.a["kind"]):
            cap = max(1024, row * 2)
            for k, (dt, fill) in _COLS.items():
                new = np.full(cap, fill, dtype=dt)
                new[:row] = self.a[k][:row]
                self.a[k] = new
        for k, v in values.items():
            self.a[k][row] = v
        self.n += 1
        return row


class _Terms:
    """Terms of a free-text field (marks, clothes) for every row, CSR-style: ``data``
    holds term ids, a row's terms are ``data[start:start + len]`` (the start and length
    are columns of the row). ``df`` counts live rows holding each term; ``rows`` counts
    live rows with any term. Weights are IDF, smoothed towards a prior for small
    indexes: log(1 + (rows + M) / (df + M * P0)): with a few rows every term weighs as
    a typical term (P0 of rows, about 3.0); with many, as its own share."""

    PRIOR_ROWS = 50      # M
    PRIOR_SHARE = 0.05   # P0

    def __init__(self) -> None:
        self.ids: dict[str, int] = {}
        self.df = array("i")
        self.rows = 0
        self.data = array("i")

    def add(self, terms) -> tuple[int, int]:
        start = len(self.data)
        for t in terms:
            tid = self.ids.get(t)
            if tid is None:
                tid = self.ids[t] = len(self.df)
                self.df.append(0)
            self.df[tid] += 1
            self.data.append(tid)
        if terms:
            self.rows += 1
        return start, len(terms)

    def remove(self, start: int, n: int) -> None:
        for tid in self.data[start:start + n]:
            self.df[tid] -= 1
        if n:
            self.rows -= 1

    def weights(self) -> np.ndarray:
        df = np.frombuffer(self.df, dtype=np.int32).astype(np.float32)
        m = self.PRIOR_ROWS
        return np.log1p((self.rows + m) / (df + m * self.PRIOR_SHARE)).astype(np.float32)

    def overlap(self, q_terms, starts: np.ndarray, lens: np.ndarray):
        """For rows given by ``starts``/``lens``: (rarity-weighted overlap coefficient
        with ``q_terms``, information of the shared terms), both float32 arrays."""
        n = len(starts)
        ov, info = np.zeros(n, np.float32), np.zeros(n, np.float32)
        lens = lens.astype(np.int64)
        has = lens > 0
        if not q_terms or not has.any():
            return ov, info
        weight = self.weights()
        q_ids = [self.ids.get(t, -1) for t in q_terms]
        known = np.array([i for i in q_ids if i >= 0], dtype=np.int64)
        unseen = math.log1p((self.rows + self.PRIOR_ROWS) / (self.PRIOR_ROWS * self.PRIOR_SHARE))
        q_w = float(weight[known].sum()) + unseen * (len(q_ids) - len(known))
        q_dense = np.zeros(len(weight), np.float32)
        q_dense[known] = weight[known]
        st, ln = starts[has], lens[has]
        ends = np.cumsum(ln)
        pos = np.arange(ends[-1]) - np.repeat(ends - ln, ln) + np.repeat(st, ln)
        words = np.frombuffer(self.data, dtype=np.int32)[pos]
        owner = np.repeat(np.arange(len(st)), ln)
        shared = np.bincount(owner, weights=q_dense[words], minlength=len(st))
        c_w = np.bincount(owner, weights=weight[words], minlength=len(st))
        ov[has] = shared / np.maximum(np.minimum(c_w, q_w), 1e-6)
        info[has] = shared
        return ov, info

    def compact(self, starts: np.ndarray, lens: np.ndarray) -> np.ndarray:
        """Keep only the given rows' terms (in that order); return their new starts."""
        lens = lens.astype(np.int64)
        new_starts = np.zeros(len(lens), np.int64)
        data = np.frombuffer(self.data, dtype=np.int32)
        if len(lens) and lens.sum():
            ends = np.cumsum(lens)
            new_starts = ends - lens
            pos = np.arange(ends[-1]) - np.repeat(new_starts, lens) + np.repeat(starts, lens)
            kept = data[pos]
        else:
            kept = np.zeros(0, np.int32)
        self.data = array("i", kept.astype(np.int32).tobytes())
        return new_starts


def _to_array(x: np.ndarray) -> array:
    out = array("i")
    out.frombytes(np.ascontiguousarray(x, dtype=np.int32).tobytes())
    return out



def _missing_then_found(q: Prepared, query_value, row_values):
    """(the missing side's, the found side's) of a value: the query's own and the
    candidate rows' (the scores read age and height as missing -> found)."""
    return (query_value, row_values) if q.kind == 0 else (row_values, query_value)


class MatchIndex:
    """Search missing records for a found child, or found records for a missing one.

    ``MatchIndex.from_records(records, pet_names=None)``; ``add(record)``;
    ``remove(id)``; ``search(query, k=10) -> list[MatchResult]``. Record fields are
    documented in :mod:`matching.records`.
    """

    def __init__(self, pet_names=None, weights: Weights | None = None) -> None:
        self.pets = resolve(pet_names)
        self.weights = weights or default_weights()
        self.vocab = Vocab()
        self.cols = _Columns()
        self.ids: list[str] = []
        self.row_of: dict[str, int] = {}
        self._post = [[{} for _ in ROLES] for _ in range(2)]  # [kind][role][tok] -> rows
        self._attr: list[dict] = [{}, {}]    # [kind][(gender, age, formal)] -> rows
        self._states: dict[str, int] = {}
        self._districts: dict[tuple[str, str], int] = {}
        self._langs: dict[str, int] = {}
        self._lang_df = [0] * 63             # live rows speaking each language bit
        self._lang_rows = 0                  # live rows with any language
        self._marks = _Terms()
        self._clothes = _Terms()
        self._dead = 0                       # rows removed but still in the arrays
        self._lock = threading.RLock()

    # ------------------------------------------------------------------ building
    @classmethod
    def from_records(cls, records: Iterable[dict], pet_names=None,
                     weights: Weights | None = None) -> MatchIndex:
        index = cls(pet_names, weights)
        for r in records:
            index.add(r)
        return index

    def __len__(self) -> int:
        return len(self.row_of)

    def __contains__(self, rid) -> bool:
        return str(rid) in self.row_of

    def _lang_bit(self, lang: str, create: bool) -> int:
        b = self._langs.get(lang)
        if b is None:
            if not create:
                return 0
            b = len(self._langs)
            self._langs[lang] = b
        return 1 << min(b, 62)   # past 62 languages, the rest share one bit

    def _count_langs(self, mask: int, delta: int) -> None:
        if mask:
            self._lang_rows += delta
            for b in range(63):
                if mask >> b & 1:
                    self._lang_df[b] += delta

    def _lang_share(self, bit: int) -> float:
        """Share of the records naming a language that speak this one (by its bit)."""
        b = bit.bit_length() - 1
        return self._lang_df[b] / max(self._lang_rows, 1)

    def add(self, record: dict) -> None:
        """Add or replace one record."""
        p = record if isinstance(record, Prepared) else prepare(record, self.pets)
        with self._lock:
            if p.id in self.row_of:
                self.remove(p.id)
            v = self.vocab
            g, s = v.intern(p.name.given), v.intern(p.name.surname)
            pet = v.intern(p.name.pets[0]) if p.name.pets else 0
            fg, mg = v.intern(p.father.given), v.intern(p.mother.given)
            state = self._states.setdefault(p.state, len(self._states)) if p.state else -1
            district = (self._districts.setdefault((p.state, p.district), len(self._districts))
                        if p.district else -1)
            lang = 0
            for name in p.languages:
                lang |= self._lang_bit(name, True)
            self._count_langs(lang, 1)
            mstart, mlen = self._marks.add(p.marks)
            cstart, clen = self._clothes.add(p.clothes)
            row = self.cols.append({
                "kind": p.kind, "gender": p.gender, "age": p.age, "height": p.height,
                "day": p.day, "state": state, "district": district, "lang": lang,
                "g": g, "s": s, "p": pet, "fg": fg, "mg": mg, "mstart": mstart,
                "mlen": mlen, "cstart": cstart, "clen": clen, "build": p.build,
                "complexion": p.complexion, "alive": True, "formal": bool(p.name.given),
                "usable": p.name.usable,
            })
            self.ids.append(p.id)
            self.row_of[p.id] = row
            post = self._post[p.kind]
            for role, toks in ((0, (g, pet)), (1, (fg,)), (2, (mg,))):
                for t in toks:
                    if t:
                        post[role].setdefault(t, array("i")).append(row)
                        v.count(t, 1)
            age = -1 if math.isnan(p.age) else int(round(p.age))
            self._attr[p.kind].setdefault((p.gender, age, bool(p.name.given)),
                                          array("i")).append(row)

    def remove(self, rid) -> bool:
        """Remove a record (archived, deleted, or about to be replaced). False if absent.
        The row stays in the arrays, marked dead, until dead rows exceed
        ``COMPACT_SHARE`` of all rows; then the index is compacted."""
        with self._lock:
            row = self.row_of.pop(str(rid), None)
            if row is None:
                return False
            a = self.cols.a
            a["alive"][row] = False
            for col in ("g", "p", "fg", "mg"):
                self.vocab.count(int(a[col][row]), -1)
            self._count_langs(int(a["lang"][row]), -1)
            self._marks.remove(int(a["mstart"][row]), int(a["mlen"][row]))
            self._clothes.remove(int(a["cstart"][row]), int(a["clen"][row]))
            self._dead += 1
            if self._dead > max(COMPACT_MIN, COMPACT_SHARE * self.cols.n):
                self.compact()
            return True

    @property
    def dead_rows(self) -> int:
        """Rows of removed records still held (until the next compaction)."""
        return self._dead

    def compact(self) -> None:
        """Drop removed records' rows from the columns, postings and term stores, and
        renumber the live rows (in their order). Called by ``remove`` when dead rows
        exceed ``COMPACT_SHARE``; cheap enough to call by hand after a bulk removal."""
        with self._lock:
            c, a = self.cols, self.cols.a
            n = c.n
            live = np.flatnonzero(a["alive"][:n])
            remap = np.full(max(n, 1), -1, np.int32)
            remap[live] = np.arange(len(live), dtype=np.int32)
            new = _Columns(max(1024, len(live) * 5 // 4))
            for k in _COLS:
                new.a[k][:len(live)] = a[k][live]
            new.n = len(live)
            na = new.a
            na["mstart"][:len(live)] = self._marks.compact(a["mstart"][live], a["mlen"][live])
            na["cstart"][:len(live)] = self._clothes.compact(a["cstart"][live], a["clen"][live])
            self.cols = new
            self.ids = [self.ids[r] for r in live.tolist()]
            self.row_of = {rid: i for i, rid in enumerate(self.ids)}

            def renumber(table: dict) -> None:
                for key in list(table):
                    rows = remap[np.frombuffer(table[key], dtype=np.int32)]
                    rows = rows[rows >= 0]
                    if len(rows):
                        table[key] = _to_array(rows)
                    else:
                        del table[key]

            for kind in range(2):
                for role in range(len(ROLES)):
                    renumber(self._post[kind][role])
                renumber(self._attr[kind])
            self._dead = 0

    # ------------------------------------------------------------------ searching
    def _near_into(self, tokens, dense: np.ndarray, blocked: list) -> float:
        """Fill ``dense`` (vocabulary id -> similarity) for the query words; collect the
        vocabulary ids that open postings; return the share of name mentions in the
        register that are spellings of these words (how common the name is)."""
        df = np.frombuffer(self.vocab.df, dtype=np.int32)
        mentions = 0
        for tok in tokens:
            if not tok:
                continue
            ids, sims, keyed = self.vocab.near(tok, scoring.SIM_FLOOR)
            if len(ids):
                np.maximum.at(dense, ids, sims)
                blocked.append(ids[sims >= BLOCK_SIM])
                mentions += int(df[ids[sims >= scoring.SIM_AGREE]].sum())
            if len(keyed):
                blocked.append(keyed)
        return max(mentions, 1) / max(self.vocab.total, 1)

    def _rows_for(self, kind: int, role: int, tok_ids: list) -> list:
        post = self._post[kind][role]
        out = []
        if not tok_ids:
            return out
        for t in np.unique(np.concatenate(tok_ids)).tolist():
            rows = post.get(t)
            if rows is not None:
                out.append(np.frombuffer(rows, dtype=np.int32))
        return out

    def _attr_rows(self, q: Prepared, kind: int) -> list:
        genders = {1: (0, 1, 3), 2: (0, 2, 3)}.get(q.gender, (0, 1, 2, 3))
        if math.isnan(q.age):
            ages = None
        else:
            a = int(round(q.age))
            if q.kind == 1:   # found child, candidates missing earlier (younger then)
                ages = set(range(a - AGE_WINDOW - ELAPSED_YEARS, a + AGE_WINDOW + 1))
            else:
                ages = set(range(a - AGE_WINDOW, a + AGE_WINDOW + ELAPSED_YEARS + 1))
            ages.add(-1)
        formal_ok = (False,) if q.name.given else (False, True)
        out = []
        for (gender, age, formal), rows in self._attr[kind].items():
            if gender in genders and formal in formal_ok and (ages is None or age in ages):
                out.append(np.frombuffer(rows, dtype=np.int32))
        return out

    def search(self, query: dict, k: int = 10) -> list[scoring.MatchResult]:
        """Best ``k`` records of the other kind for ``query`` (a record dict), best first."""
        q = query if isinstance(query, Prepared) else prepare(query, self.pets)
        if k <= 0:
            return []
        with self._lock:
            return self._search(q, k)

    def search_same_kind(self, query: dict, k: int = 10) -> list[scoring.MatchResult]:
        """Best ``k`` records of the query's own kind, best first, the query's own id
        left out: the same child registered twice (DESIGN "Matching records").
        Scored as a pair across kinds, the dates compared either way round."""
        q = query if isinstance(query, Prepared) else prepare(query, self.pets)
        if k <= 0:
            return []
        with self._lock:
            dense, blk = self._query_sims(q)
            rows = self._candidate_rows(q, blk, kind=q.kind)
            own = self.row_of.get(str(q.id))
            if own is not None:
                rows = rows[rows != own]
            if not len(rows):
                return []
            return self._rank(q, rows, dense, k, same_kind=True)

    def score_some(self, query: dict, rids) -> list[scoring.MatchResult]:
        """Score ``query`` against the given indexed records of the other kind,
        whatever the blocking rules say, best first (a reviewer's own search of
        the register). Absent ids, and found children dated before going missing,
        are left out."""
        q = query if isinstance(query, Prepared) else prepare(query, self.pets)
        with self._lock:
            a = self.cols.a
            rows = [self.row_of.get(str(rid)) for rid in rids]
            rows = np.array([r for r in rows if r is not None and int(a["kind"][r]) != q.kind],
                            dtype=np.int32)
            if not len(rows):
                return []
            dense, _ = self._query_sims(q)
            return self._rank(q, rows, dense, len(rows))

    def score_one(self, query: dict, rid) -> scoring.MatchResult | None:
        """Score ``query`` against one indexed record, whatever the blocking rules say.
        None when that record is absent, of the same kind, or found before going missing."""
        q = query if isinstance(query, Prepared) else prepare(query, self.pets)
        with self._lock:
            row = self.row_of.get(str(rid))
            if row is None or int(self.cols.a["kind"][row]) == q.kind:
                return None
            dense, _ = self._query_sims(q)
            res = self._rank(q, np.array([row], dtype=np.int32), dense, 1)
            return res[0] if res else None

    def _query_sims(self, q: Prepared):
        V = len(self.vocab)
        dense = {r: np.zeros(V, np.uint8) for r in ("formal", "pet", "sur", "father", "mother")}
        blk = {r: [] for r in ROLES}
        pet_tokens = list(q.name.pets)
        for t in q.name.pets:
            pet_tokens.extend(self.pets.expansions(t))
        share = {
            "formal": self._near_into([q.name.given], dense["formal"], blk["child"]),
            "pet": self._near_into(pet_tokens, dense["pet"], blk["child"]),
            "sur": self._near_into([q.name.surname], dense["sur"], []),
            "father": self._near_into([q.father.given], dense["father"], blk["father"]),
            "mother": self._near_into([q.mother.given], dense["mother"], blk["mother"]),
        }
        for r in dense.values():
            r[0] = 0
        dense["share"] = share
        return dense, blk

    def candidates(self, query: dict) -> set[str]:
        """Ids the blocking rules let through for ``query`` (before the date rule);
        for diagnostics and benchmarks."""
        q = query if isinstance(query, Prepared) else prepare(query, self.pets)
        with self._lock:
            rows = self._candidate_rows(q, self._query_sims(q)[1])
            a = self.cols.a
            return {self.ids[r] for r in rows[a["alive"][rows]].tolist()}

    def _candidate_rows(self, q: Prepared, blk: dict, kind: int | None = None,
                        cap: bool = True) -> np.ndarray:
        """The blocking rules' rows of `kind` (default: the other kind); ``cap``: the
        attribute path's rows cut to ATTRIBUTE_CAP (a search); without it, all of them
        (the estimation, whose sample must stand for every candidate a pair is scored among)."""
        other = 1 - q.kind if kind is None else kind
        parts = []
        for role_i, role in enumerate(ROLES):
            parts.extend(self._rows_for(other, role_i, blk[role]))
        attr = self._attr_rows(q, other)
        # attribute buckets are disjoint (a row is in exactly one): no de-duplication
        attr = np.concatenate(attr) if attr else np.zeros(0, np.int32)
        if cap:
            attr = self._cap(q, attr, same_kind=other == q.kind)
        if not parts:
            return attr
        parts.append(attr)
        return np.unique(np.concatenate(parts))

    def _cap(self, q: Prepared, rows: np.ndarray, same_kind: bool = False) -> np.ndarray:
        """At most ``ATTRIBUTE_CAP`` rows of the attribute path: in a large register a
        nameless child's window of gender and age holds tens of thousands of reports,
        so they are ranked first by the evidence their columns alone give (age, gender,
        height, place, days between the dates, complexion, build: the same levels and
        weights as the full score) and only the best go on to be scored in full (names,
        marks, clothes, languages). Ties keep the lower row, so the choice is the
        same in a search and in a batch."""
        if len(rows) <= ATTRIBUTE_CAP:
            return rows
        rows, elapsed = self._live_rows(q, rows, same_kind)
        if len(rows) <= ATTRIBUTE_CAP:
            return rows
        a = self.cols.a
        am, af = _missing_then_found(q, q.age, a["age"][rows])
        hm, hf = _missing_then_found(q, q.height, a["height"][rows])
        st, di = a["state"][rows], a["district"][rows]
        qs = self._states.get(q.state, -2) if q.state else -2
        qd = self._districts.get((q.state, q.district), -2) if q.district else -2
        levels = {
            "age": scoring.age_level(am, af, elapsed),
            "gender": scoring.gender_level(q.gender, a["gender"][rows]),
            "place": scoring.place_level(bool(q.state), st >= 0, st == qs, di == qd),
            "date": scoring.date_level(elapsed),
            "complexion": scoring.scale_level(q.complexion, a["complexion"][rows]),
            "build": scoring.scale_level(q.build, a["build"][rows]),
        }
        levels["height"] = scoring.height_level(hm, hf, elapsed)
        total = sum(self.weights.points(levels).values())
        keep = np.argpartition(-total, ATTRIBUTE_CAP - 1)[:ATTRIBUTE_CAP]
        # the cut is at the cap's score: every row scoring above it is kept, ties by row
        cut = total[keep].min()
        above = np.flatnonzero(total > cut)
        ties = np.flatnonzero(total == cut)
        tie_rows = np.sort(rows[ties])[:max(ATTRIBUTE_CAP - len(above), 0)]
        return np.sort(np.concatenate([rows[above], tie_rows])).astype(np.int32)

    def _search(self, q: Prepared, k: int) -> list[scoring.MatchResult]:
        dense, blk = self._query_sims(q)
        rows = self._candidate_rows(q, blk)
        if not len(rows):
            return []
        return self._rank(q, rows, dense, k)

    def _live_rows(self, q: Prepared, rows: np.ndarray, same_kind: bool = False):
        """The candidate rows still live, without a found child dated before going
        missing, and the days between the two dates (NaN where one is unknown).
        Two records of one kind: the days between them, either way round."""
        a = self.cols.a
        rows = rows[a["alive"][rows]]
        day = a["day"][rows]
        if q.day and same_kind:
            elapsed = np.where(day == 0, np.nan, np.abs(day - q.day).astype(np.float32))
        elif q.day:
            elapsed = (day - q.day) if q.kind == 0 else (q.day - day)
            ok = (day == 0) | (elapsed >= 0)
            rows, day, elapsed = rows[ok], day[ok], elapsed[ok]
            elapsed = np.where(day == 0, np.nan, elapsed.astype(np.float32))
        else:
            elapsed = np.full(len(rows), np.nan, np.float32)
        return rows, elapsed

    def _rank(self, q: Prepared, rows: np.ndarray, dense: dict, k: int, same_kind: bool = False):
        rows, elapsed = self._live_rows(q, rows, same_kind)
        if not len(rows):
            return []
        levels, pts, total = self.weigh(*self._pairs(q, rows, elapsed, dense))
        n = min(k, len(rows))
        top = np.argpartition(-total, n - 1)[:n] if len(rows) > n else np.arange(len(rows))
        top = top[np.lexsort((rows[top], -total[top]))]
        return [self._result(q, int(rows[i]), i, levels, pts, float(total[i]), elapsed[i])
                for i in top.tolist()]

    def weigh(self, p: dict, shares: dict):
        """Levels, points per comparison and log-odds of pairs described by ``p`` (see
        ``score.pair_levels``)."""
        levels = scoring.pair_levels(p)
        pts = self.weights.points(levels, shares)
        total = self.weights.prior_bits(levels["name"] != 0) + sum(pts[f] for f in scoring.COMPARISONS)
        return levels, pts, total.astype(np.float64)

    def _result(self, q: Prepared, row: int, i: int, levels: dict, pts: dict, total: float,
                elapsed) -> scoring.MatchResult:
        reasons = {}
        for f in scoring.FIELDS:
            lv = int(levels[f][i])
            name, verdict = scoring.LEVELS[f][lv]
            reasons[f] = scoring.Reason(scoring.VERDICTS[verdict], float(pts[f][i]),
                                        level=name if lv else "")
        sur = int(levels["surname"][i])
        if sur:   # the surname's evidence is shown with the name's
            reasons["name"].points += float(pts["surname"][i])
            if reasons["name"].verdict == "unknown":
                reasons["name"].verdict = scoring.VERDICTS[scoring.LEVELS["surname"][sur][1]]
        self._detail(q, row, reasons, elapsed)
        prob = float(scoring.probability(total))
        return scoring.MatchResult(self.ids[row], 100.0 * prob, reasons, prob, total)

    def _shares(self, dense: dict, n: int, by_pet):
        """Term-frequency shares of the query's names (NaN in a small register)."""
        share = dense["share"]
        if self.vocab.total < TF_MIN_MENTIONS:
            share = dict.fromkeys(share, np.nan)
        return {"name": np.where(by_pet, share["pet"], share["formal"]),
                "father_name": np.full(n, share["father"]),
                "mother_name": np.full(n, share["mother"])}

    def _pairs(self, q: Prepared, rows: np.ndarray, elapsed: np.ndarray, dense: dict):
        """Everything ``score.pair_levels`` reads about the pairs (q, each row), and
        the name shares for the term-frequency weights."""
        a = self.cols.a
        n = len(rows)
        g, pet, sur = a["g"][rows], a["p"][rows], a["s"][rows]
        fg, mg = a["fg"][rows], a["mg"][rows]
        formal = a["formal"][rows]
        sim_formal = np.where(formal, dense["formal"][g], 0)
        sim_pet = np.maximum.reduce([dense["pet"][g], dense["pet"][pet], dense["formal"][pet]])
        am, af = _missing_then_found(q, q.age, a["age"][rows])
        hm, hf = _missing_then_found(q, q.height, a["height"][rows])
        mlen, clen = a["mlen"][rows], a["clen"][rows]
        zeros = np.zeros(n, np.float32)
        m_info = self._marks.overlap(q.marks, a["mstart"][rows], mlen)[1] if q.marks else zeros
        c_info = self._clothes.overlap(q.clothes, a["cstart"][rows], clen)[1] \
            if q.clothes else zeros
        lang = a["lang"][rows]
        # the rarest language both sides speak decides how much the agreement says
        lang_share = np.full(n, np.nan, np.float32)
        for name in q.languages:
            bit = self._lang_bit(name, False)
            if bit:
                lang_share = np.where((lang & bit) != 0,
                                      np.fmin(lang_share, self._lang_share(bit)), lang_share)
        st, di = a["state"][rows], a["district"][rows]
        qs = self._states.get(q.state, -2) if q.state else -2
        qd = self._districts.get((q.state, q.district), -2) if q.district else -2
        p = {
            "q_formal": bool(q.name.given), "q_usable": q.name.usable,
            "sim_formal": sim_formal, "sim_pet": sim_pet, "c_formal": formal,
            "c_usable": a["usable"][rows],
            "q_surname": bool(q.name.surname), "c_surname": sur != 0,
            "sim_surname": dense["sur"][sur],
            "q_father": bool(q.father.given), "c_father": fg != 0, "sim_father": dense["father"][fg],
            "q_mother": bool(q.mother.given), "c_mother": mg != 0, "sim_mother": dense["mother"][mg],
            "age_missing": am, "age_found": af, "height_missing": hm, "height_found": hf,
            "elapsed": elapsed, "q_gender": q.gender, "c_gender": a["gender"][rows],
            "q_marks": bool(q.marks), "c_marks": mlen > 0, "marks_info": m_info,
            "q_clothes": bool(q.clothes), "c_clothes": clen > 0, "clothes_info": c_info,
            "q_langs": bool(q.languages), "c_langs": lang != 0, "lang_share": lang_share,
            "q_state": bool(q.state), "c_state": st >= 0, "same_state": st == qs,
            "same_district": di == qd,
            "q_complexion": q.complexion, "c_complexion": a["complexion"][rows],
            "q_build": q.build, "c_build": a["build"][rows],
        }
        _, by_pet = scoring.name_level(p["q_formal"], p["q_usable"], sim_formal, sim_pet,
                                       formal, p["c_usable"])
        return p, self._shares(dense, n, by_pet)

    def _detail(self, q: Prepared, row: int, reasons: dict, elapsed) -> None:
        """Short human-readable details for the panel (folded names, ages)."""
        a, tokens = self.cols.a, self.vocab.tokens
        name = tokens[int(a["g"][row])] or tokens[int(a["p"][row])]
        qname = q.name.given or (q.name.pets[0] if q.name.pets else "")
        if qname and name:
            reasons["name"].detail = f"{qname} / {name}"
        for field, col, qp in (("father_name", "fg", q.father), ("mother_name", "mg", q.mother)):
            if qp.given and a[col][row]:
                reasons[field].detail = f"{qp.given} / {tokens[int(a[col][row])]}"
        if not math.isnan(q.age) and not math.isnan(float(a["age"][row])):
            years = 0.5 if math.isnan(elapsed) else max(float(elapsed), 0) / 365.25
            am, af = (q.age, float(a["age"][row])) if q.kind == 0 else (float(a["age"][row]), q.age)
            reasons["age"].detail = f"expected {am + years:.1f}, found {af:.1f}"
        if not math.isnan(elapsed):
            reasons["date"].detail = f"{int(elapsed)} days"
