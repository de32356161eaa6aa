"""Pet names (ghar ka naam): the national alias table.

A child who gives only a pet name ("Guddu", "Chhotu") has given no evidence for or
against a missing report that carries the formal name. The table lists common pet
names; for some it also lists the formal names they commonly stand for ("Raju" for
Rajesh), which are then tried as weaker name evidence.

The table is national; a state admin extends it from the panel, and the application
passes the whole table to the index: ``MatchIndex.from_records(records,
pet_names={**DEFAULT_PET_NAMES, **extra})``. Keys and values may be written in any
script; they are folded like names.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from functools import lru_cache

from .normalise import fold_token, to_latin

__all__ = ["DEFAULT_PET_NAMES", "PetNames", "resolve"]

# pet name -> formal given names it often stands for (empty: could be anyone).
DEFAULT_PET_NAMES: dict[str, tuple[str, ...]] = {
    "Guddu": (), "Guddi": (), "Pappu": (), "Munna": (), "Munni": (), "Chhotu": (),
    "Chhoti": (), "Babli": (), "Bablu": (), "Babloo": (), "Bunty": (), "Bittu": (),
    "Bitto": (), "Golu": (), "Gollu": (), "Monu": (), "Sonu": (), "Chintu": (),
    "Pintu": (), "Tinku": (), "Rinku": (), "Rinki": (), "Pinki": (), "Pinky": (),
    "Dolly": (), "Sweety": (), "Lalli": (), "Lallu": (), "Kallu": (), "Bholu": (),
    "Bhola": (), "Dabbu": (), "Titu": (), "Tony": (), "Bobby": (), "Chunnu": (),
    "Chunni": (), "Nanhe": (), "Nanhi": (), "Lado": (), "Gudiya": (), "Pari": (),
    "Chikki": (), "Motu": (), "Kalu": (), "Bablu Bhai": (), "Baba": (), "Beta": (),
    "Raju": ("Rajesh", "Rajendra", "Rajkumar", "Raj"),
    "Pappi": (), "Mintu": (), "Ballu": ("Balram", "Balwant"),
    "Sanju": ("Sanjay", "Sanjana"), "Viju": ("Vijay",), "Ramu": ("Ram", "Ramesh"),
    "Shyamu": ("Shyam",), "Bablu Kumar": (), "Lalu": (), "Kanha": ("Krishna",),
    "Kanhaiya": ("Krishna",), "Sunny": ("Sunil",), "Vicky": ("Vikas", "Vikram", "Vivek"),
    "Nikki": ("Nikita", "Nikhil"), "Ricky": (), "Rocky": (), "Gopu": ("Gopal",),
    "Kuku": (), "Papu": (), "Chotu": (), "Mona": (), "Guddan": (), "Nannu": (),
    "गुड्डू": (), "छोटू": (), "पप्पू": (), "मुन्ना": (), "बबली": (), "ગુડ્ડુ": (), "છોટુ": (),
}


class PetNames:
    """Folded pet-name table: ``is_pet(token)`` and ``expansions(token)``."""

    __slots__ = ("expansions_of", "folded_set")

    def __init__(self, table: Mapping[str, Iterable[str]] | Iterable[str]):
        exp: dict[str, tuple[str, ...]] = {}
        items = table.items() if isinstance(table, Mapping) else ((t, ()) for t in table)
        for pet, formal in items:
            words = [fold_token(w) for w in to_latin(str(pet)).split()]
            words = [w for w in words if w]
            if not words:
                continue
            key = words[0]
            if isinstance(formal, str):
                formal = [formal]
            folded = tuple(dict.fromkeys(f for f in (fold_token(x) for x in (formal or ())) if f))
            exp[key] = tuple(dict.fromkeys(exp.get(key, ()) + folded))
        self.expansions_of = exp
        self.folded_set = frozenset(exp)

    def is_pet(self, token: str) -> bool:
        return token in self.folded_set

    def expansions(self, token: str) -> tuple[str, ...]:
        return self.expansions_of.get(token, ())


@lru_cache(maxsize=1)
def _default() -> PetNames:
    return PetNames(DEFAULT_PET_NAMES)


def resolve(pet_names) -> PetNames:
    """None -> the built-in table; a PetNames -> itself; a mapping or list -> folded."""
    if pet_names is None:
        return _default()
    if isinstance(pet_names, PetNames):
        return pet_names
    return PetNames(pet_names)
