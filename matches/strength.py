"""How strong a possible match is, said in one place: the engine's score as the
calibrated probability that the two records are the same child ("about 8 in
10") and the calibration's label for it (matching/calibration.py). Every page
that shows a candidate or a proposal asks here (the `match_strength` filter,
templates/admin/matches/_strength.html)."""
from matching.calibration import strength as band
from matching.calibration import strength_label

COLOURS = {"strong": "success", "likely": "primary", "possible": "warning", "weak": "secondary"}


def probability(score: float) -> float:
    """The engine's score (the probability in percent, DESIGN "Matching records")."""
    return max(0.0, min(1.0, float(score or 0) / 100.0))


def strength(score: float) -> dict:
    """What a page shows of a score: the probability, "about N in 10", a label."""
    p = probability(score)
    key = band(p)
    return {"probability": p, "percent": round(p * 100), "in_ten": round(p * 10),
            "key": key, "label": strength_label(p), "colour": COLOURS[key]}
