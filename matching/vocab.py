"""The distinct folded name words of an index, and fuzzy look-up over them.

A query word is compared once against the vocabulary (rapidfuzz ``cdist``), never
against every record: a national register holds a million children but far fewer
distinct names. Words are grouped by their first sound (vowels together, b with v) so a
look-up scans one group; words sharing the phonetic key are always returned.
"""
from __future__ import annotations

from array import array

import numpy as np
from rapidfuzz import fuzz, process

from .normalise import key_of_token

__all__ = ["Vocab"]


def _group(tok: str) -> str:
    c = tok[0]
    if c in "aeiouy":
        return "a"
    if c == "v":
        return "b"
    return c


class Vocab:
    """Token <-> id (id 0 is "no name"), per-token name frequency, fuzzy look-up."""

    def __init__(self) -> None:
        self.tokens: list[str] = [""]
        self.ids: dict[str, int] = {"": 0}
        self.df = array("i", [0])           # records naming this token (any name field)
        self.total = 0                      # sum of df
        self._group_ids: dict[str, array] = {}
        self._group_strs: dict[str, list[str]] = {}
        self._key_ids: dict[str, array] = {}

    def __len__(self) -> int:
        return len(self.tokens)

    def intern(self, tok: str) -> int:
        if not tok:
            return 0
        i = self.ids.get(tok)
        if i is None:
            i = len(self.tokens)
            self.tokens.append(tok)
            self.ids[tok] = i
            self.df.append(0)
            g = _group(tok)
            self._group_ids.setdefault(g, array("i")).append(i)
            self._group_strs.setdefault(g, []).append(tok)
            self._key_ids.setdefault(key_of_token(tok), array("i")).append(i)
        return i

    def count(self, i: int, delta: int) -> None:
        if i:
            self.df[i] += delta
            self.total += delta

    def near(self, tok: str, cutoff: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Vocabulary words like ``tok``: (ids, similarities 0..100 as uint8, ids sharing
        the phonetic key). Similarity is rapidfuzz ``ratio`` on folded words."""
        empty = np.zeros(0, np.int32)
        if not tok:
            return empty, np.zeros(0, np.uint8), empty
        g = _group(tok)
        strs = self._group_strs.get(g)
        if strs:
            sims = process.cdist([tok], strs, scorer=fuzz.ratio, score_cutoff=cutoff,
                                 dtype=np.uint8)[0]
            hit = np.flatnonzero(sims)
            ids = np.frombuffer(self._group_ids[g], dtype=np.int32)[hit].copy()
            sims = sims[hit]
        else:
            ids, sims = empty, np.zeros(0, np.uint8)
        kid = self._key_ids.get(key_of_token(tok))
        keyed = np.frombuffer(kid, dtype=np.int32).copy() if kid is not None else empty
        return ids, sims, keyed
