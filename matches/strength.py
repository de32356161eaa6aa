"""How strong a possible match is, said in one place: the engine's score as a
probability that the two records are the same child ("about 8 in 10") and a
label for it. Every page that shows a candidate or a proposal asks here
(templates/admin/matches/_strength.html), so the calibration decides the words
everywhere at once."""
from flask_babel import lazy_gettext as _l

# (lowest probability, key, label, Bootstrap colour), strongest first.
STRENGTHS = (
    (0.8, "strong", _l("Strong"), "success"),
    (0.5, "likely", _l("Likely"), "primary"),
    (0.2, "possible", _l("Possible"), "warning"),
    (0.0, "weak", _l("Weak"), "secondary"),
)


def probability(score: float) -> float:
    """The engine's score (0-100, DESIGN "Matching records") as a probability."""
    return max(0.0, min(1.0, float(score or 0) / 100.0))


def strength(score: float) -> dict:
    """What a page shows of a score: the probability, "about N in 10", a label."""
    p = probability(score)
    for floor, key, label, colour in STRENGTHS:
        if p >= floor:
            break
    return {"probability": p, "percent": round(p * 100), "in_ten": round(p * 10),
            "key": key, "label": label, "colour": colour}
