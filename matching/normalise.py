"""Name normalisation: one Latin spelling for every way a name is written.

Pipeline for a name (done once, when a record is saved or indexed):

1. ``to_latin``: Devanagari and Gujarati runs are transliterated with
   ``indic-transliteration`` (ITRANS scheme), then ITRANS' capitals and marks are
   mapped to the plain Latin letters people actually write ("kRRiShNa" -> "krishna",
   anusvara "M" -> "n"). Latin text loses its diacritics (NFKD).
2. ``fold_token``: spelling variants are folded to one form: c/k/q, ph/f, v/w, z/j,
   aspirated consonants (kh gh chh jh th dh bh -> k g c j t d b), sh/s, long vowels
   (aa ee ii oo uu), ou/au, nasal m before a consonant -> n, doubled letters, a final
   "y" after a consonant, the inherent final vowel "a" and an unspoken medial "a"
   ("Ganapat" / "Ganpat").
3. Honorifics and suffixes are stripped, both as separate words ("Sunita Devi",
   "Mr", "Ms", "Shri") and glued to the name ("Rameshbhai", "Geetaben",
   "Sureshkumar"). "Md" and "Mohd" are short for Mohammad: every spelling of it folds
   to "mohamad", and when another name follows it, that name is the given name.
4. Words after "urf" / "alias" / "@" and words in the pet-name table are kept as
   aliases (pet names): they are matched, but they are weak evidence.

``fold_name`` and ``phonetic_key`` are what the application stores in indexed columns.
Everything here is deterministic and pure (no I/O); results are memoised.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from indic_transliteration import sanscript
from indic_transliteration.sanscript import transliterate

__all__ = [
    "NameParts", "to_latin", "fold_token", "parse_name", "fold_name", "phonetic_key",
    "key_of_token", "fold_words",
]

_DEVANAGARI = (0x0900, 0x097F)
_GUJARATI = (0x0A80, 0x0AFF)

# ITRANS output -> plain Latin as families and police write it. Order matters
# (longer sequences first). Case-sensitive: ITRANS uses capitals for retroflex/long.
_ITRANS_MAP = [
    ("RRi", "ri"), ("RRI", "ri"), ("LLi", "li"), ("LLI", "li"),
    ("j~n", "gy"), ("~N", "n"), ("~n", "n"), (".N", "n"), (".Dh", "dh"), (".D", "d"),
    (".h", ""), (".a", ""), ("{}", ""),
    ("x", "ksh"), ("M", "n"), ("H", ""), ("Ch", "chh"), ("Sh", "sh"),
    ("K", "kh"), ("G", "gh"), ("q", "k"), ("L", "l"),
]

_NON_LETTER = re.compile(r"[^a-z]+")

# Character-level folds on a lower-case Latin word, applied in order.
_FOLDS = [
    (re.compile(r"ck"), "k"),
    (re.compile(r"c(?=[eiy])"), "s"),   # Latin soft c (Vincent, Francis)
    (re.compile(r"c(?!h)"), "k"),
    (re.compile(r"q"), "k"),
    (re.compile(r"x"), "ks"),
    (re.compile(r"ph"), "f"),
    (re.compile(r"w"), "v"),
    (re.compile(r"z"), "j"),
    (re.compile(r"c+h+"), "c"),          # ch, chh, cch -> one letter "c"
    (re.compile(r"([kgjtdbr])h"), r"\1"),  # aspirated consonants
    (re.compile(r"s+h"), "s"),           # sh / s
    (re.compile(r"ee|ii"), "i"),
    (re.compile(r"oo|uu"), "u"),
    (re.compile(r"aa"), "a"),
    (re.compile(r"ou"), "au"),
    (re.compile(r"m(?=[bcdgjkpst])"), "n"),  # nasal mark before a stop
    (re.compile(r"(?<=[^aeiou])y$"), "i"),  # Pinky / Pinki, Sunny / Sunni
    (re.compile(r"(.)\1+"), r"\1"),      # doubled letters
]

# Honorifics, kinship and polite suffixes (folded forms are computed below).
_HONORIFIC_WORDS = [
    "mr", "mrs", "ms", "miss", "master", "shri", "shree", "sri", "smt", "shrimati", "kum",
    "kumari", "kumar", "bhai", "ben", "behen", "bahen", "devi", "ji", "saheb", "sahab",
    "late", "baby", "dr",
]
# Suffixes stripped when glued to a name ("Rameshbhai", "Geetaben").
_GLUED_SUFFIXES = ["bhai", "ben", "behen", "kumari", "kumar", "devi"]
_ALIAS_MARKERS = {"urf", "alias", "aka", "or"}
_MOHAMMAD = {
    "md", "mohd", "mohamad", "mohammad", "mohammed", "mohamed", "muhammad", "muhammed",
    "mohmad", "mohmmad", "mahmad", "mhd", "mohamod",
}
_CANON_MOHAMMAD = "mohamad"


def _script_of(ch: str) -> str | None:
    o = ord(ch)
    if _DEVANAGARI[0] <= o <= _DEVANAGARI[1]:
        return sanscript.DEVANAGARI
    if _GUJARATI[0] <= o <= _GUJARATI[1]:
        return sanscript.GUJARATI
    return None


def _itrans_to_plain(s: str) -> str:
    for a, b in _ITRANS_MAP:
        s = s.replace(a, b)
    return s.lower()


@lru_cache(maxsize=200_000)
def to_latin(text: str) -> str:
    """Latin, lower-case rendering of ``text`` in Devanagari, Gujarati or Latin."""
    if not text:
        return ""
    if text.isascii():      # fast path: the same as the general one for ASCII
        return text.lower()
    out: list[str] = []
    run: list[str] = []
    run_script = None
    for ch in text:
        sc = _script_of(ch)
        if sc != run_script and run:
            out.append(_convert_run("".join(run), run_script))
            run = []
        run_script = sc
        run.append(ch)
    if run:
        out.append(_convert_run("".join(run), run_script))
    return "".join(out)


def _convert_run(run: str, script: str | None) -> str:
    if script is None:
        plain = unicodedata.normalize("NFKD", run)
        return "".join(c for c in plain if not unicodedata.combining(c)).lower()
    # ITRANS renders danda and digits; keep only letters later.
    run = " ".join(_delete_schwas(word, script) for word in run.split(" "))
    return _itrans_to_plain(transliterate(run, script, sanscript.ITRANS))


# Schwa deletion in Devanagari and Gujarati (the inherent "a" Hindi and Gujarati do
# not say), done on the letters before transliteration, right to left: the final
# one ("भरत" is Bharat), then one between a vowel-bearing syllable and a consonant
# that keeps its vowel ("ममता" is Mamta, "कमलेश" is Kamlesh, "गणपत" is Ganpat). The
# Gujarati block mirrors Devanagari at an offset of 0x180.
_BLOCK_OFFSET = {sanscript.DEVANAGARI: 0, sanscript.GUJARATI: 0x180}
_VIRAMA, _NUKTA = 0x094D, 0x093C
_MODIFIERS = {0x0901, 0x0902, 0x0903}  # candrabindu, anusvara, visarga


def _kind(ch: str, offset: int) -> str:
    o = ord(ch) - offset
    if 0x0915 <= o <= 0x0939 or 0x0958 <= o <= 0x095F:
        return "consonant"
    if 0x093E <= o <= 0x094C or 0x0962 <= o <= 0x0963:
        return "matra"
    if 0x0904 <= o <= 0x0914 or 0x0960 <= o <= 0x0961:
        return "vowel"
    if o == _VIRAMA:
        return "virama"
    if o == _NUKTA or o in _MODIFIERS:
        return "mark"
    return "other"


def _delete_schwas(word: str, script: str) -> str:
    offset = _BLOCK_OFFSET[script]
    # Syllables: [chars, kind, has_vowel, cluster], kind "consonant" or "vowel".
    units: list[list] = []
    for ch in word:
        kind = _kind(ch, offset)
        if kind == "consonant" and units and units[-1][1] == "consonant" and units[-1][2] == "virama":
            units[-1][0] += ch          # conjunct: the cluster takes this consonant
            units[-1][2], units[-1][3] = "schwa", True
        elif kind in ("consonant", "vowel"):
            units.append([ch, kind, "schwa" if kind == "consonant" else "vowel", False])
        elif units and kind == "matra":
            units[-1][0] += ch
            units[-1][2] = "matra"
        elif units and kind == "virama":
            units[-1][0] += ch
            units[-1][2] = "virama"
        elif units and kind == "mark":
            units[-1][0] += ch
            if ord(ch) - offset in _MODIFIERS and units[-1][2] == "schwa":
                units[-1][2] = "nasal"   # a nasalised schwa is spoken
        else:
            return word                  # digits, punctuation: leave the word alone
    if len(units) < 2 or any(u[1] != "consonant" and u[1] != "vowel" for u in units):
        return word
    virama = chr(_VIRAMA + offset)

    def speaks(u):
        return u[2] in ("schwa", "matra", "vowel", "nasal")

    last = units[-1]
    if last[1] == "consonant" and last[2] == "schwa" and not last[3]:
        last[0] += virama
        last[2] = "virama"
    for i in range(len(units) - 2, 0, -1):
        unit, before, after = units[i], units[i - 1], units[i + 1]
        if (unit[1] == "consonant" and unit[2] == "schwa" and not unit[3]
                and speaks(before) and after[1] == "consonant" and speaks(after)
                and not after[3]):
            unit[0] += virama
            unit[2] = "virama"
    return "".join(u[0] for u in units)


def _fold_chars(word: str) -> str:
    for pat, rep in _FOLDS:
        word = pat.sub(rep, word)
    return word


def _drop_final_a(word: str) -> str:
    return word[:-1] if len(word) > 2 and word.endswith("a") else word


# Medial schwa: ITRANS writes the inherent "a" that Hindi and Gujarati do not say
# ("gaNapata" is "Ganpat", "chAMdanI" is "Chandni"); drop an "a" between two single
# consonants after the first syllable, the same way for every script.
_C = "[b-df-hj-np-tv-z]"
_MEDIAL_SCHWA = re.compile(rf"(?<=[a-z]{_C})a(?={_C}[aeiou])")
_NASAL = re.compile(r"m(?=[bcdgjkpst])")


def _fold_plain(word: str) -> str:
    """Fold a Latin word without stripping suffixes."""
    return _drop_final_a(_fold_chars(word))


_HONORIFICS = frozenset(_fold_plain(w) for w in _HONORIFIC_WORDS)
_SUFFIXES = tuple(sorted({_fold_plain(w) for w in _GLUED_SUFFIXES}, key=len, reverse=True))
_MOHAMMAD_FOLDED = frozenset(_fold_plain(w) for w in _MOHAMMAD)


@lru_cache(maxsize=500_000)
def fold_token(word: str) -> str:
    """Fold one Latin word (already lower-case letters) to its canonical spelling.

    Glued honorific suffixes are removed when a stem of 3+ letters remains.
    """
    w = _fold_plain(_NON_LETTER.sub("", word.lower()))
    if w in _MOHAMMAD_FOLDED:
        return _CANON_MOHAMMAD
    for suf in _SUFFIXES:
        if w.endswith(suf) and len(w) - len(suf) >= 3:
            w = _drop_final_a(w[: -len(suf)])
            break
    if "a" in w[2:]:
        w = _MEDIAL_SCHWA.sub("", w)
        w = _NASAL.sub("n", w)
    return w


_HONORIFICS = _HONORIFICS | frozenset(fold_token(w) for w in _HONORIFIC_WORDS)


@dataclass(frozen=True, slots=True)
class NameParts:
    """A parsed, folded name.

    ``given`` is the given (first usable) name, ``others`` the remaining words (middle
    names, surname: the surname is ``others[-1]``), ``pets`` the aliases and pet names.
    """

    given: str = ""
    others: tuple[str, ...] = ()
    pets: tuple[str, ...] = ()

    @property
    def surname(self) -> str:
        return self.others[-1] if self.others else ""

    @property
    def usable(self) -> bool:
        return bool(self.given or self.pets)

    def tokens(self) -> list[str]:
        return [t for t in (self.given, *self.others, *self.pets) if t]


_SPLIT = re.compile(r"[\s,;/()\[\]\-._'\"]+")


def _words(text: str) -> list[str]:
    text = text.replace("@", " urf ")
    return [w for w in _SPLIT.split(to_latin(text)) if w]


@lru_cache(maxsize=300_000)
def _parse_cached(text: str, pet_set: frozenset[str]) -> NameParts:
    words = _words(text)
    main: list[str] = []
    pets: list[str] = []
    alias_mode = False
    for raw in words:
        if _NON_LETTER.sub("", raw) in _ALIAS_MARKERS:
            alias_mode = True
            continue
        tok = fold_token(raw)
        if len(tok) < 2 and tok != "":
            # single letters are initials ("R. Sharma"): no evidence either way
            continue
        if not tok or tok in _HONORIFICS:
            continue
        if alias_mode or tok in pet_set:
            if tok not in pets:
                pets.append(tok)
        else:
            main.append(tok)
    if not main and not pets:
        # a name made only of honorifics ("Kumar", "Devi"): keep what was written
        folded = [fold_token(w) for w in words if fold_token(w)]
        folded = [t for t in folded if len(t) >= 2 and t not in ("baby", "late", "mr", "ms")]
        main = folded[:1] + folded[1:]
    # "Mohd Firoz": Mohammad is stripped like an honorific when a name follows it.
    if len(main) > 1 and main[0] == _CANON_MOHAMMAD:
        main = main[1:]
    given = main[0] if main else ""
    if not given and pets:
        # only a pet name is known
        return NameParts("", (), tuple(pets))
    return NameParts(given, tuple(main[1:]), tuple(pets))


def parse_name(text, pet_names=None) -> NameParts:
    """Parse and fold a full name. ``pet_names`` is a ``PetNames`` table or None
    (the built-in default)."""
    if text is None:
        return NameParts()
    text = str(text).strip()
    if not text:
        return NameParts()
    from .pet_names import resolve  # local import: pet_names uses fold_token

    return _parse_cached(text, resolve(pet_names).folded_set)


def fold_name(text, pet_names=None) -> str:
    """The folded Latin form of a full name: tokens space-joined, honorifics stripped,
    "" when nothing usable is left.

    >>> fold_name("राहुल") == fold_name("રાહુલ") == fold_name("Raahul") == fold_name("Rahul")
    True
    """
    return " ".join(parse_name(text, pet_names).tokens())


@lru_cache(maxsize=500_000)
def key_of_token(tok: str) -> str:
    """Consonant skeleton of a folded word: first letter, then the consonants without
    vowels, y and h, doubled letters collapsed ("rahul" -> "rl", "priy" -> "pr")."""
    if not tok:
        return ""
    rest = re.sub(r"[aeiouyh]", "", tok[1:])
    return re.sub(r"(.)\1+", r"\1", tok[0] + rest)


def phonetic_key(text, pet_names=None) -> str:
    """Phonetic key of the given name (or, failing that, of the first pet name)."""
    parts = parse_name(text, pet_names)
    tok = parts.given or (parts.pets[0] if parts.pets else "")
    return key_of_token(tok)


_STOP_WORDS = frozenset(
    "a an the on of in at near and with to is has above below over under small big "
    "large little mark marks one two its his her side".split()
)


@lru_cache(maxsize=100_000)
def fold_words(text: str) -> frozenset[str]:
    """Content words of a free-text field (identification marks), folded."""
    if not text:
        return frozenset()
    words = _SPLIT.split(to_latin(str(text)))
    out = set()
    for w in words:
        w = _NON_LETTER.sub("", w)
        if len(w) < 2 or w in _STOP_WORDS:
            continue
        out.add(_fold_plain(w))
    return frozenset(out)


# Words people use for the same mark or garment, mapped before folding. Hindi words are
# the ones police and families write in Latin letters ("til" for a mole).
_MARK_WORDS = {
    "til": "mole", "masa": "wart", "massa": "wart", "masha": "wart", "moles": "mole",
    "warts": "wart", "daag": "spot", "dag": "spot", "spots": "spot", "dark": "black",
    "kala": "black", "birthmark": "birth", "nishan": "mark", "nishaan": "mark",
    "scars": "scar", "tattooed": "tattoo", "tatoo": "tattoo", "godna": "tattoo",
}
_CLOTHES_WORDS = {
    "tshirt": "shirt", "tee": "shirt", "shirts": "shirt", "pants": "pant", "trouser": "pant",
    "trousers": "pant", "lower": "pant", "shorts": "halfpant", "chaddi": "halfpant",
    "nikar": "halfpant", "chappals": "chappal", "slippers": "chappal", "slipper": "chappal",
    "sandal": "chappal", "sandals": "chappal", "frok": "frock", "jean": "jeans",
    "suit": "salwar", "kameez": "salwar", "kamiz": "salwar", "grey": "gray",
}
_CLOTHES_STOP = frozenset(
    "wearing wore worn was were dress dressed colour color coloured colored clothes "
    "cloth kapde light dark".split()
)
_PHRASE_SPLIT = re.compile(r"[,;/.\n]+|\band\b|\bwith\b|\baur\b")
PAIR_SEP = "+"


def mark_terms(text: str, clothes: bool = False) -> frozenset[str]:
    """Terms of a free-text description (identification marks, or clothes worn when
    ``clothes``): its content words, folded, plus every unordered pair of content words
    within one phrase ("burn scar on left palm" gives burn, scar, left, palm and
    burn+palm, left+palm, ...). Pairs tell a "mole on the left cheek" from a mole
    somewhere and a cheek mark of another kind, and a "red shirt" from a red anything.
    Phrases are split at commas, semicolons, "and" and "with"."""
    if not text:
        return frozenset()
    out: set[str] = set()
    for phrase in _PHRASE_SPLIT.split(to_latin(str(text))):
        out.update(_phrase_terms(phrase.strip(), clothes))
    return frozenset(out)


@lru_cache(maxsize=100_000)
def _phrase_terms(phrase: str, clothes: bool) -> tuple[str, ...]:
    if not phrase:
        return ()
    table = _CLOTHES_WORDS if clothes else _MARK_WORDS
    # "half pant" / "half-pant" / "halfpant" are one garment
    if clothes:
        phrase = re.sub(r"\bhalf[\s-]*pants?\b", "halfpant", phrase)
        phrase = re.sub(r"\bt[\s-]shirt", "tshirt", phrase)
    words: list[str] = []
    for w in _SPLIT.split(phrase):
        w = _NON_LETTER.sub("", w)
        w = table.get(w, w)
        if len(w) < 2 or w in _STOP_WORDS or (clothes and w in _CLOTHES_STOP):
            continue
        w = _fold_plain(w)
        if w not in words:
            words.append(w)
    out = list(words)
    words = sorted(words[:6])
    for i, a in enumerate(words):
        for b in words[i + 1:]:
            out.append(a + PAIR_SEP + b)
    return tuple(out)
