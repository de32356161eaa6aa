"""The lifelong child ID: opaque, unique across states, with a check character.

Nine random Crockford base32 characters and one ISO 7064 (hybrid MOD 33,32)
check character over the same alphabet, shown as `7K3M-9Q2P-XR`. It encodes
nothing about a district, so a transfer never changes it."""
import re
import secrets

from stdnum.iso7064 import mod_37_36

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"  # Crockford base32
_BODY_LENGTH = 9
_CROCKFORD_ALIASES = str.maketrans({"O": "0", "I": "1", "L": "1"})


def _check_char(body: str) -> str:
    return mod_37_36.calc_check_digit(body, alphabet=ALPHABET)


def new_code(rng=None) -> str:
    """A fresh code; `rng` (a random.Random) makes it reproducible, as the demo needs."""
    choice = rng.choice if rng is not None else secrets.choice
    body = "".join(choice(ALPHABET) for _ in range(_BODY_LENGTH))
    return body + _check_char(body)


def clean(text: str) -> str:
    """Canonical stored form: upper case, no spaces or dashes, O/I/L read as 0/1."""
    return re.sub(r"[\s\-]", "", text or "").upper().translate(_CROCKFORD_ALIASES)


def is_valid(text: str) -> bool:
    code = clean(text)
    if len(code) != _BODY_LENGTH + 1 or any(c not in ALPHABET for c in code):
        return False
    return mod_37_36.is_valid(code, alphabet=ALPHABET)


def looks_like_code(text: str) -> bool:
    """True when a search term is a (possibly dashed) child ID rather than a name."""
    return is_valid(text)


def display(code: str | None) -> str:
    if not code:
        return ""
    return f"{code[:4]}-{code[4:8]}-{code[8:]}"
