"""What an analyst types for a place or a period, turned into de06's ids — or an error that says what exists.

A place is accepted by id (``vinh-long-2025``, ``thanh-hoa/vinh-phuc``), in the file-name form of a commune
(``thanh-hoa--vinh-phuc``) or the slug a stored report's name uses (``thanh-hoa-vinh-phuc``), and by name with or
without diacritics (``Vĩnh Long``, ``vinh long``, ``xã Vĩnh Phúc``). Only the places that have a report for the
period are candidates, so ``Vĩnh Long`` means ``vinh-long-2025`` in 2025-10 and ``vinh-long`` in 2022. A papermill
``-p period 2022`` arrives as the int 2022 and is read as the year.

>>> place_id("Vĩnh Long", ["vinh-long-2025", "thanh-hoa/vinh-phuc"])
'vinh-long-2025'
>>> place_id("thanh-hoa--vinh-phuc", ["vinh-long-2025", "thanh-hoa/vinh-phuc"])
'thanh-hoa/vinh-phuc'
"""

from __future__ import annotations

import difflib
import re

from de06 import places
from de06.errors import UnknownPlace

__all__ = ["place_id", "period_text", "names_of"]

_PREFIX = re.compile(r"^(?:tỉnh|thành\s+phố|tp\.?|xã|phường|thị\s+trấn|province|city|commune)\s+", re.IGNORECASE)


def period_text(period) -> str:
    """A period as the string de06 checks: papermill's ``-p period 2022`` gives an int, which is that year.

    >>> period_text(2022), period_text("2025-10"), period_text(" 2024-09 ")
    ('2022', '2025-10', '2024-09')
    """
    if isinstance(period, int) and not isinstance(period, bool):
        return f"{period:04d}" if 0 <= period <= 9999 else str(period)
    return period.strip() if isinstance(period, str) else period


def _name(pid: str, lang: str = "vi") -> str:
    from de06.sections import place_name

    return place_name(pid, lang)


def names_of(pid: str) -> set[str]:
    """Every spelling that names ``pid``, as slugs: the id, its file-name form, its name in both languages.

    >>> sorted(names_of("vinh-long-2025")), "vinh-phuc" in names_of("thanh-hoa/vinh-phuc")
    (['vinh-long', 'vinh-long-2025'], True)
    """
    keys = {places.slug(pid), places.slug(pid.replace("/", "--"))}
    head, _, commune = pid.partition("/")
    if commune:
        keys |= {commune, f"{commune}-{head}"}
    else:
        try:
            keys.add(places.slug(places.lineage(head)["name"]))
        except UnknownPlace:
            pass
    for lang in ("vi", "en"):
        keys.add(places.slug(_PREFIX.sub("", _name(pid, lang))))
    return {k for k in keys if k}


def _current(pid: str) -> bool:
    try:
        return places.lineage(pid)["valid_to"] is None
    except UnknownPlace:
        return False


def place_id(text: str, available: list[str], period: str = "") -> str:
    """The id among ``available`` (the places with a report) that ``text`` names; otherwise "did you mean …".

    >>> place_id("vinh long", ["vinh-long-2025"]), place_id("thanh-hoa-vinh-phuc", ["thanh-hoa/vinh-phuc"])
    ('vinh-long-2025', 'thanh-hoa/vinh-phuc')
    >>> place_id("Vĩnh Long", ["vinh-long", "vinh-long-2025"]), place_id("vinh-long", ["vinh-long", "vinh-long-2025"])
    ('vinh-long-2025', 'vinh-long')
    >>> place_id("Vinh Lon", ["vinh-long-2025"], "2025-10")
    Traceback (most recent call last):
    de06.errors.UnknownPlace: no report of 'Vinh Lon' for period 2025-10; did you mean vinh-long-2025 (Vĩnh Long)? places with one: vinh-long-2025 (Vĩnh Long)
    """
    text = str(text).strip()
    if text in available:
        return text
    if text.replace("--", "/") in available:
        return text.replace("--", "/")
    key = places.slug(_PREFIX.sub("", text))
    by_key: dict[str, set[str]] = {}
    for pid in available:
        for k in names_of(pid):
            by_key.setdefault(k, set()).add(pid)
    found = sorted(by_key.get(key, ()))
    if len(found) > 1:  # a name both a former and a current province bear: the current one (the id gives the other)
        current = [p for p in found if "/" not in p and _current(p)]
        found = current if len(current) == 1 else found
    if len(found) == 1:
        return found[0]
    listed = lambda ids: ", ".join(f"{p} ({_name(p)})" for p in ids)  # noqa: E731
    where = f"no report of {text!r}" + (f" for period {period}" if period else "")
    if found:
        raise UnknownPlace(f"{where}: {text!r} could mean {listed(found)}; give the id")
    close = difflib.get_close_matches(key, list(by_key), n=3, cutoff=0.6)
    guesses = sorted({p for k in close for p in by_key[k]})
    hint = f"; did you mean {listed(guesses)}?" if guesses else ";"
    raise UnknownPlace(f"{where}{hint} places with one: {listed(available) or 'none'}")
