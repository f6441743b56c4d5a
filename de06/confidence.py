"""How sure de06 is of one extracted figure, and why: a transparent additive score.

Every observation starts from a base and each feature the extractor saw adds or removes a fixed
amount (``WEIGHTS``, readable below); the result is clipped to 0–1. The weights were set by hand
against the development corpus (``tests/data/corpus``), precision first: a figure whose label
names its indicator and its noun, with a stated fraction that agrees, scores high; a bare
``64,2%`` with no noun after it, a figure read from a table cell alone, or a rate that disagrees
with its own fraction scores low. Figures below ``THRESHOLD`` are *candidates*: kept for review
(``de06 extract --candidates``, ``data/processed/candidates.csv``), never shown in briefings.

>>> score({"named", "fraction_agrees"})
(1.0, 'named;fraction_agrees')
>>> score({"bare_percent", "short_quote"})[0] < THRESHOLD
True
"""

from __future__ import annotations

__all__ = ["WEIGHTS", "BASE", "THRESHOLD", "score"]

BASE = 0.8
THRESHOLD = 0.5

# feature → weight; a positive weight raises confidence. Each is computed in de06.extract._features.
WEIGHTS: dict[str, float] = {
    "named": 0.1,             # the figure's own label carries its indicator's words ("tỷ lệ hồ sơ trực tuyến đạt")
    "unit": 0.05,             # the noun after a count is the indicator's ("120 dịch vụ công …")
    "fraction_agrees": 0.1,   # a stated rate with its numerator and denominator, and they agree
    "lead_in": 0.0,           # its base came from a "Trong đó:" lead-in
    "computed": -0.05,        # derived from two counts; the text states no rate
    "approximate": -0.05,     # hơn / gần / khoảng / trên, or rounded millions
    "rate_mismatch": -0.3,    # the stated rate disagrees with its own fraction
    "bare_percent": -0.2,     # a percent with no noun after it and no "tỷ lệ" before it
    "short_quote": -0.15,     # the quote is little more than the figure ("64,2%")
    "table_cell": -0.1,       # read from a table cell by its row and column labels
    "other_place": -0.05,     # the sentence names another place than the document's
    "news": -0.05,            # a news item: figures of several places and times mixed
}


def score(features: set[str] | frozenset[str]) -> tuple[float, str]:
    """The confidence (0–1, two decimals) of a figure with these features, and its reasons in a stable order."""
    unknown = set(features) - WEIGHTS.keys()
    if unknown:
        raise ValueError(f"unknown confidence features {sorted(unknown)}")
    value = BASE + sum(WEIGHTS[f] for f in features)
    reasons = ";".join(f for f in WEIGHTS if f in features)
    return round(min(1.0, max(0.0, value)), 2), reasons
