"""Read Project 06 indicators out of a report's text, each with the quote it came from.

Design: rules on the structure of a clause, with the knowledge in data. A figure is read as a
reader of Vietnamese reports reads it, from general features of its clause, never from a known
document or sentence:

- **what it counts**: the noun after it (``120 dịch vụ công …``, ``1.250 hồ sơ``, ``… người``),
  or for a rate its base (``… so với tổng số hồ sơ``) and the count it is bound to
  (``300 hồ sơ nộp trực tiếp (chiếm 20%)`` is a share of in-person applications);
- **what its label says**: the words since the figure before it and after it up to the next
  (``de06.figures``), matched against the catalog's cue phrases (``data/reference/indicators.csv``:
  subject, cues, topic, near, exclude) — a count's words may run past a comma to what it counts;
- **the verb and its modality**: ``đạt``/``chiếm`` state a level, ``tăng``/``giảm``/``vượt`` a change
  (never a level), ``phấn đấu``/``tối thiểu``/``không thấp hơn``/``đến hết năm 2025`` a target
  (``de06.directions``), which never yields an observation;
- **the time phrase** that governs it (``de06.timeframe``): scope and as-of date;
- **the place phrase**: the last place its sentence names before it — ``cả nước``, another province,
  a district, a commune or ward (pre- and post-2025), ``Trà Vinh cũ`` — else the document's own,
  with merged provinces taken by the figure's date (``de06.places``);
- **tables** in every layout (``de06.tables``): each cell read by its row label and column header.

Each figure gets a confidence from the features that decided it (``de06.confidence``: a
transparent additive score, reasons listed); below the threshold it is a *candidate* for review,
not an observation. Rules are checked on the seeds and on a 41-document development corpus
(``tests/data/corpus``) from other places; a code-scan test keeps the corpus's figures and
phrases out of the rules. Everything here is linear in the size of the text: dates, figures,
places and tables are read once per document and each paragraph's topic phrases once.
"""

from __future__ import annotations

import bisect
import functools
import hashlib
from collections import deque
from itertools import takewhile
import re
import sys
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path

from de06 import confidence, directions, documents, figures, numbers, places, readers, tables, text as textmod, timeframe
from de06.figures import Group
from de06.timeframe import Marker
from de06.documents import Document, describe
from de06.errors import UnknownPlace
from de06.indicators import Indicator, breakdowns, catalog, compile_cue, twin

__all__ = ["Observation", "Target", "Extraction", "extract_text", "extract_file", "warm"]

OBSERVATION_FIELDS = ("doc", "indicator", "value", "numerator", "denominator", "value_source", "scope", "as_of",
                      "period", "jurisdiction", "breakdown", "quote", "start", "end", "flags", "confidence", "reasons", "ref")
TARGET_FIELDS = ("doc", "indicator", "comparator", "value", "deadline", "jurisdiction", "set_in", "quote", "start", "end", "ref")

# compiled once: these run for every figure or date
_AT_LEAST_WORDS = re.compile(r"^\s*\)?\s*(?:trở lên|trở xuống)\s*")
_SUBJECT_WORDS = re.compile(r"\s*(?:các\s+|tổng số\s+)?(\S+(?:\s+\S+)?)")


@dataclass(frozen=True)
class Observation:
    """One fact read from a source, as ``spec/observations.md`` defines it."""

    doc: str
    indicator: str
    value: float
    numerator: float | None
    denominator: float | None
    value_source: str
    scope: str
    as_of: str
    period: str
    jurisdiction: str
    breakdown: str
    quote: str
    start: int
    end: int
    flags: str = ""
    confidence: float = 1.0
    reasons: str = ""
    ref: str = ""

    def to_dict(self) -> dict:
        return {k: getattr(self, k) for k in OBSERVATION_FIELDS}


@dataclass(frozen=True)
class Target:
    """A numeric target a plan or direction sets: ``online_application_rate >= 20 by 2023-12-31``."""

    doc: str
    indicator: str
    comparator: str
    value: float
    deadline: str
    jurisdiction: str
    set_in: str
    quote: str
    start: int
    end: int
    ref: str = ""

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass(frozen=True)
class Extraction:
    """What one document yields."""

    document: Document
    observations: list[Observation]
    targets: list[Target]
    statements: list[Observation] = field(default_factory=list)  # every statement, repeats included (for the audit)
    text: str = ""
    candidates: list[Observation] = field(default_factory=list)  # below confidence.THRESHOLD: for review, not briefings


# ---------------------------------------------------------------- indicator choice

_KNOWN_SUBJECTS = compile_cue(  # whole words: "thôn" (a hamlet) is not the start of "thông tin"
    r"(?:cơ sở|trường|bệnh viện|đơn vị|cán bộ|công chức|viên chức|công dân|người|nhân khẩu|dân số|dữ liệu|thủ tục|TTHC"
    r"|hồ sơ|chỉ tiêu|kế hoạch|mục tiêu|xã|phường|huyện|địa phương|hộ|khách hàng|đối tượng|học sinh|giáo viên|thẻ|tài khoản"
    r"|dịch vụ|DVC|DVCTT|thửa|lượt|doanh nghiệp|máy|kết quả|giao dịch|văn bản|tổ|ấp|thôn|lực lượng|đảng viên|sổ"
    r"|số lượng|giá trị|doanh thu|số tiền|kinh phí|thời gian|chi phí|nhiệm vụ|số giao dịch|số thu|tổng thu)(?![^\W_])")
_NOT_A_SUBJECT = re.compile(r"^\s*\)?\s*(?:trở lên|trở xuống|trên|so với|với|và|,|;|\.|$)", re.IGNORECASE)
_KEY_LABEL = re.compile(r"(?:^|\n)[ \t]*(?:[-+*•–][ \t]*)?([^\W\d_][^:\n]{2,120}?)\s*:\s*$")  # "- Label: " before a figure
_RATE_OF_WHAT = re.compile(r"t[ỷỉ] lệ\s+(\S+(?:\s+\S+)?)[^;%\d]*$", re.IGNORECASE)  # "tỷ lệ <what> … X%"
# "…, giao dịch … chiếm khoảng X%": a share of what its clause part opens with (transactions, not facilities)
_SHARE_OF_WHAT = re.compile(r"(?:^|[,;:(])\s*(?:số\s+|các\s+)?(\S+(?:\s+\S+)?)[^,;:()%\d]*?\bchiếm\s*(?:khoảng|gần|hơn|trên)?\s*$",
                            re.IGNORECASE)
_MONEY_BASE = re.compile(r"^\s*(?:(?:so với|trên|của)\s+)?tổng\s+(?:số\s+tiền|số\s+thu|số\s+chi|(?:doanh\s+)?thu|giá\s+trị"
                         r"|kinh\s+phí|chi\s+phí)(?![^\W_])", re.IGNORECASE)
_BASE = re.compile(r"^\s*(?:so với|trên)\s+tổng\s+số\s+(\S+(?:\s+\S+)?)", re.IGNORECASE)  # "đạt 25% so với tổng số hồ sơ"


def _subject_ok(ind: Indicator, g: Group) -> bool:
    if g.is_rate:
        if g.percent is not None and g.fraction is None:
            after = g.after
            if _MONEY_BASE.match(after):
                return False  # "... chiếm X% tổng số tiền": a share of money; no catalog rate is one
            base = _BASE.match(after)
            if base:  # the base names what is counted
                word = base.group(1)
                return not _KNOWN_SUBJECTS.match(word) or bool(ind.subject and ind.subject.match(word))
            if _NOT_A_SUBJECT.match(after):
                after = _AT_LEAST_WORDS.sub("", after)
                if _NOT_A_SUBJECT.match(after):
                    return True
            head = _SUBJECT_WORDS.match(after)
            word = head.group(1) if head else ""
        else:
            word = g.unit
        if not word or not _KNOWN_SUBJECTS.match(word):
            return True
        return bool(ind.subject and ind.subject.match(word))
    unit = g.after if g.count is not None else ""
    if g.count is not None and not unit.strip(" .;:)\n"):
        key = _KEY_LABEL.search(g.before)
        if key:  # "- Dịch vụ công … đang cung cấp: N": the line's label says what is counted
            head = _SUBJECT_WORDS.match(_COUNT_HEAD.sub("", key.group(1)))  # its head noun: "Tổng số hồ sơ TTHC …"
            unit = head.group(1) if head else ""
    return bool(ind.subject and ind.subject.match(unit.lstrip()))


def _near_ok(ind: Indicator, g: Group, views: list) -> bool:
    """Whether a near phrase of the indicator is in the figure's words before, after, across, or in its tail.

    ``views`` holds those texts, lowered on the first indicator that asks for them and then shared by the
    figure's other candidates (``[]`` until then)."""
    if not ind.near:
        return True
    if not views:
        views += [_Lowered(g.before), _Lowered(g.after), _Lowered(g.before[-120:] + " " + g.after)]
        if g.tail:
            views.append(_Lowered(g.tail))
    return any(v.search(p) for p in ind.near for v in views)


_CHANGE = re.compile(r"(?:tăng|giảm|tăng thêm|giảm đi|cao hơn|(?<!không )thấp hơn|chênh lệch|vượt)\s*(?:là|được|khoảng|hơn|gần|tới|đến|thêm)?\s*$", re.IGNORECASE)
_COMPARED = re.compile(r"^\s*(?:điểm phần trăm|so với(?!\s+tổng\s+số)|so cùng kỳ)", re.IGNORECASE)


_DONG = re.compile(r"\s*đồng\b")
_CHANNEL = re.compile(r"(?:^|[,;(]\s*)(?:thanh toán\s+|nộp\s+)?qua\s+[^,;\d]{1,40}?chiếm\s*(?:khoảng\s*|gần\s*|hơn\s*)?$",
                      re.IGNORECASE)
# a share that names its channel ("qua ví điện tử 25%", "tiền mặt còn 5%"), the account that welfare is paid into apart
_CHANNEL_NAME = r"(?:(?!đạt\b|là\b|được\b|tỷ\b)[^\W\d]+\s+){1,4}?(?:chiếm\s*)?(?:khoảng\s*|gần\s*|hơn\s*)?"
_CASH = r"tiền mặt\s+(?:còn|chiếm)\s*"
_SHARE_OF_CHANNEL = re.compile(rf"(?<!\w)(?:qua\s+(?!tài khoản){_CHANNEL_NAME}|{_CASH})$", re.IGNORECASE)
_CHANNEL_SHARES = re.compile(rf"(?<!\w)(?:qua\s+{_CHANNEL_NAME}|{_CASH})(?:đạt\s*)?\d+(?:,\d+)?\s*%", re.IGNORECASE)
_RATE_LABEL = re.compile(r"t[ỷỉ] lệ", re.IGNORECASE)
_PER_UNIT_AFTER = re.compile(r"[^\d;.]{0,60}?(?:\bmỗi\s+|/\s*)(?:ngày|tuần|tháng|người|đơn vị|xã|cán bộ)\b", re.IGNORECASE)
_PER_UNIT_BEFORE = re.compile(r"\b(?:bình quân|trung bình|mỗi (?:ngày|tuần|tháng))\b[^\d;,.]{0,70}$", re.IGNORECASE)
_CUED: dict[tuple[str, str, int, bool], list[Indicator]] = {}


def _cued(clause: str, topic: frozenset, cat: dict[str, Indicator], rate: bool) -> list[Indicator]:
    """Rate (or count) indicators whose cue phrases a clause carries and whose topic phrases its clause or the
    text before it does (``topic``: the topic patterns found so far); the same clause is judged once."""
    key = (clause, topic, id(cat), rate)
    hit = _CUED.get(key)
    if hit is None:
        if len(_CUED) > 4096:  # a bounded memo: one document's clauses at a time
            _CUED.clear()
        low, seen = _Lowered(clause), {}  # a cue several indicators share ("hồ sơ") is looked for once

        def has(c: re.Pattern) -> bool:
            found = seen.get(id(c))  # by identity: a pattern hashes its whole program
            if found is None:
                found = seen[id(c)] = low.search(c)
            return found

        hit = _CUED[key] = [ind for ind in _by_kind(cat, rate)
                            if all(map(has, ind.cues)) and all(c in topic or has(c) for c in ind.topic)]
    return hit


_KIND: dict[tuple[int, bool], tuple[Indicator, ...]] = {}


def _by_kind(cat: dict[str, Indicator], rate: bool) -> tuple[Indicator, ...]:
    """The catalog's rate (or count) indicators, listed once."""
    key = (id(cat), rate)
    if key not in _KIND:
        _KIND[key] = tuple(ind for ind in cat.values() if (ind.unit == "percent") == rate)
    return _KIND[key]


_SOLE_RATE: dict[tuple[int, str], dict[str, Indicator]] = {}


def _sole_rate(cat: dict[str, Indicator], role: str) -> dict[str, Indicator]:
    """Each count's rate, where the catalog has exactly one rate with that count as its ``role`` ("numerator" or
    "denominator"; a rate read by its base must also have a numerator to compute); listed once."""
    if (id(cat), role) not in _SOLE_RATE:
        rates: dict[str, list[Indicator]] = {}
        for r in cat.values():
            if r.is_rate and getattr(r, role) and (role == "numerator" or r.numerator):
                rates.setdefault(getattr(r, role), []).append(r)
        _SOLE_RATE[(id(cat), role)] = {k: v[0] for k, v in rates.items() if len(v) == 1}
    return _SOLE_RATE[(id(cat), role)]


def _part_of_total(text: str, g: Group, rate: Indicator | None, total: Group, cat: dict[str, Indicator]) -> bool:
    """Whether a count with its percent, after a total in its sentence, is the numerator of the total's rate: its
    own words name the numerator and the percent is the part over the total (``N lượt tra cứu …; trong đó A lượt có
    kết quả, đạt X%``, ``…; số lượt tra cứu thành công là A lượt, tương ứng X%``)."""
    if rate is None or not 0 < g.count.value <= total.value:
        return False
    if abs(100 * g.count.value / total.value - g.percent.value) > figures.tolerance(g.percent.text):
        return False  # the percent is not the part over the total: some other share
    num = cat[rate.numerator]
    words = text[g.count.end:g.percent.start]
    label = g.before[-60:] + " " + words
    return bool(num.near and num.subject and num.subject.match(words.lstrip())
                and any(p.search(label) for p in num.near))


_COMPUTABLE: dict[int, tuple[Indicator, ...]] = {}


def _computable(cat: dict[str, Indicator]) -> tuple[Indicator, ...]:
    """The rates the catalog can compute from a numerator and a denominator count; listed once."""
    if id(cat) not in _COMPUTABLE:
        _COMPUTABLE[id(cat)] = tuple(r for r in cat.values() if r.is_rate and r.numerator and r.denominator)
    return _COMPUTABLE[id(cat)]


def _topic_patterns(cat: dict[str, Indicator]) -> tuple[re.Pattern, ...]:
    return tuple(dict.fromkeys(p for ind in cat.values() for p in ind.topic))


def _topic_hits(text: str, s: int, e: int, patterns) -> set[re.Pattern]:
    """The topic patterns ``text[s:e]`` carries: a paragraph's are the union of its sentences' (linear, not quadratic).

    Each is looked for by its :func:`~de06.indicators.twin` in the lowercased text where it has one."""
    low = numbers.lowered(text)
    return {p for p in patterns if ((t := twin(p)) is not None and t.search(low, s, e)) or (t is None and p.search(text, s, e))}


class _Lowered:
    """A short text to look for many catalog cues in, each by its lowercase twin where it has one."""

    __slots__ = ("text", "low")

    def __init__(self, text: str):
        self.text = text
        low = text.lower()
        self.low = low if len(low) == len(text) else None  # "İ" lowercases to two characters: the cues themselves

    def search(self, pattern: re.Pattern) -> bool:
        t = twin(pattern) if self.low is not None else None
        return bool(t.search(self.low) if t is not None else pattern.search(self.text))


_BASE_OF_SHARE = re.compile(r"(?:trên|so với)\s+tổng\s+số\s*$", re.IGNORECASE)


def _words(label: str) -> set[str]:
    return set(re.findall(r"[^\W\d_]+", label.lower()))


def _excluded(ind: Indicator, words: str) -> bool:
    """Whether words a figure is said with carry what the indicator's label must not say."""
    return ind.exclude is not None and _Lowered(words).search(ind.exclude)


def _per_unit(g: Group) -> bool:
    """A count per unit of time or body ("bình quân mỗi ngày làm việc tiếp nhận khoảng N hồ sơ"): no level of anything."""
    return g.count is not None and g.percent is None and bool(_PER_UNIT_AFTER.match(g.after)
                                                              or _PER_UNIT_BEFORE.search(g.before[-90:]))


def _candidates(g: Group, clause: str, topic: frozenset, cat: dict[str, Indicator], parents: dict[str, Group],
                text: str) -> list[Indicator]:
    if g.percent is not None and (_CHANGE.search(g.before) or _COMPARED.match(g.after)):
        return []  # "tăng 15% so với cùng kỳ" is a change, not a level
    if g.percent is not None and g.count is None and _CHANNEL.search(g.before):
        return []  # "qua ứng dụng ngân hàng chiếm 60%, qua ví điện tử chiếm 40%": a split between channels
    if g.percent is not None and g.count is None and _SHARE_OF_CHANNEL.search(g.before[-60:]) \
            and len(_CHANNEL_SHARES.findall(clause)) >= 2:
        return []  # "khách nộp phí qua ngân hàng số chiếm 60%, qua thẻ 30%, tiền mặt còn 10%": the same
    if _per_unit(g):
        return []  # "bình quân không dưới 50 hồ sơ mỗi tuần": a quota per unit of time or body, no level
    inner = clause[g.start - g.clause[0]:g.end - g.clause[0]]  # "300 hồ sơ nộp trực tiếp (chiếm 20%)"
    before = g.before[-60:]
    if g.percent is not None:  # a rate's own label reaches back to its "tỷ lệ …": "tỷ lệ tra cứu … tại các cơ sở … đạt 97%"
        labels = list(_RATE_LABEL.finditer(g.before, max(0, len(g.before) - 200)))
        if labels and len(g.before) - labels[-1].start() > 60:
            before = g.before[labels[-1].start():]
    rate_of = None  # what the rate's own label says it is of: "Tỷ lệ dân số có …: X%" is a rate of people
    own = ""  # the rate's label on its own line of a list, when the figure before it took those words as its own
    if g.percent is not None:
        lead = text[max(g.clause[0], g.start - 100):g.start]
        items = list(figures.NEW_ITEM.finditer(lead))
        own = lead[items[-1].end():] if items else ""
        named = _RATE_OF_WHAT.search(own or lead) or _SHARE_OF_WHAT.search(own or lead)
        rate_of = named.group(1) if named and _KNOWN_SUBJECTS.match(named.group(1)) else None
    window = _Lowered(before + " " + own + " " + inner + " " + g.after)
    dong = not g.is_rate and bool(_DONG.match(g.after))
    head = None
    if g.count is not None and g.percent is None and _BASE_OF_SHARE.search(g.before[-30:]):
        # "A hồ sơ … qua VNeID, chiếm X% trên tổng số N hồ sơ …": the base of a share is what its own words name
        head = _Lowered(inner + " " + g.after)
    views: list[_Lowered] = []  # the figure's words, lowered once for all its candidates' near phrases
    out = []
    for ind in _cued(clause, topic, cat, g.is_rate):
        if (ind.unit == "percent") != g.is_rate:
            continue
        if not g.is_rate and ((ind.unit == "vnd") != dong):
            continue
        if ind.exclude and window.search(ind.exclude):
            continue
        if rate_of is not None and not (ind.subject and ind.subject.match(rate_of)):
            continue  # a rate of people is no rate of facilities
        part = ind.parent and ind.part and ind.part.search(g.before[-30:]) and ind.parent in parents
        # a part of its sentence's total, in brackets or after "trong đó": "N hồ sơ định danh điện tử (mức 2: A)",
        # "N tài khoản …, trong đó mức 1: A, mức 2: B"
        if part and ((g.paren and parents[ind.parent].end <= g.paren[0])
                     or figures.AMONG.search(text, parents[ind.parent].end, g.start)):
            out.append(ind)
            continue
        if not _subject_ok(ind, g) or not _near_ok(ind, g, views):  # the cheap test first
            continue
        if head is not None and not all(c in topic or head.search(c) for c in ind.cues):
            continue
        out.append(ind)
    return out


def _choose(g: Group, cands: list[Indicator], text: str, clause_span: tuple[int, int]) -> Indicator | None:
    if len(cands) <= 1:
        return cands[0] if cands else None
    cands = [c for c in cands if c.id not in {x.parent for x in cands if x.parent}] or cands
    cs, ce = clause_span
    label = g.before[-80:] + " " + text[g.start:g.end] + " " + g.after  # "40/40 cơ sở giáo dục (đạt 100%)"

    def hits(ind: Indicator) -> int:
        pats = ind.cues + ind.topic + ind.near
        return sum(1 for p in pats if p.search(label))

    best = max(hits(c) for c in cands)
    cands = [c for c in cands if hits(c) == best]
    if len(cands) == 1:
        return cands[0]
    clause = text[cs:ce]
    pos = g.anchor - cs

    def distance(ind: Indicator) -> int:
        total = 0
        for p in ind.cues + ind.topic:
            spots = [abs(m.start() - pos) for m in p.finditer(clause)]
            total += min(spots) if spots else 500
        return total

    ranked = sorted(cands, key=distance)
    if distance(ranked[0]) == distance(ranked[1]):
        return None
    return ranked[0]


# ---------------------------------------------------------------- the document pass


@dataclass
class _Found:
    group: Group
    indicator: Indicator
    target: bool
    sentence: tuple[int, int]
    paragraph: int
    marker: Marker | None
    jurisdiction: str
    breakdown: str
    part: bool = False
    extra: dict = field(default_factory=dict)


def _breakdown(ind: Indicator, s: str, own: str = "") -> str:
    """The groups a figure's words name, one per key of the indicator's: ``Tiểu học`` → ``school_level=primary``.

    Its own words (``own``: since the figure before it, and what it counts) are read first, then its clause (``s``):
    "… A/B học sinh (X%) và C/D giáo viên (Y%)" — the second is the teachers'. Words
    that name two groups of one key (both "bảo trợ xã hội" and "người có công") are the whole: no group."""
    pairs: dict[str, str] = {}
    for words in (own, s):
        named: dict[str, set[str]] = {}
        for b in breakdowns():
            if b.key in ind.breakdowns and b.key not in pairs and b.pattern.search(words):
                named.setdefault(b.key, set()).add(b.value)
        pairs.update((k, v.pop()) for k, v in named.items() if len(v) == 1)
    return ";".join(f"{k}={v}" for k, v in sorted(pairs.items(), key=lambda kv: ind.breakdowns.index(kv[0])))



def extract_text(text: str, doc: str = "doc") -> Extraction:
    """Extract observations and targets from one normalised report text.

    >>> t = "BÁO CÁO tháng 10/2025 tỉnh Vĩnh Long\\nThực hiện…\\nTrong tháng, đã tiếp nhận 170.978 hồ sơ trực tuyến, đạt tỷ lệ 55,17%."
    >>> [(o.indicator, o.value, o.numerator, o.scope) for o in extract_text(t, "d").observations]
    [('online_application_rate', 55.17, 170978, 'period')]
    """
    source, text = text, textmod.canonical_tones(text)  # rules read one tone spelling; quotes keep the source's
    # one object for one text: the per-document caches below then find it by identity, never comparing two equal
    # copies character by character on every lookup (a report read twice took 8× longer the second time)
    text = sys.intern(text)
    d = describe(text, doc)
    cat = catalog()
    year = d.period_end.year if d.period_end else (d.dated.year if d.dated else None)
    table_cells = tables.cell_spans(text)
    masked = _merged(figures.masked_spans(text) + table_cells)  # prose reading skips the tables: they are read below
    table_spans = _merged(table_cells)
    mentions = places.find_places(text)
    nationals = _national_spots(text)
    paras = textmod.paragraphs(text)
    found: list[_Found] = []
    section: str | None = None  # forward | backward | None, from the last section heading
    lead_in: tuple[int, int] | None = None
    lead_markers: list[Marker] = []
    lead_topic: set[re.Pattern] = set()
    lead_rate: Indicator | None = None
    lead_counts: set[str] = set()
    headings: list[tuple[int, frozenset]] = []  # the numbered headings above, by level, with their topic phrases
    section_topic: set[re.Pattern] = set()
    section_rate: Indicator | None = None  # the last rate stated under the current heading
    rate_of = _sole_rate(cat, "numerator")
    rate_by_base = _sole_rate(cat, "denominator")
    topic_patterns = _topic_patterns(cat)
    for pi, (ps, pe) in enumerate(paras):
        ptext = text[ps:pe]
        if _BACKGROUND_HEAD.match(ptext):
            section = "backward"  # "I. BỐI CẢNH" / "Thực trạng" in a plan, numbered or not: facts, not targets
        elif directions.BACK_HEADING.match(ptext) or directions.FORWARD_HEADING.search(ptext[:120]):
            section = directions.section_kind(ptext[:120])
        elif _CONTEXT_HEAD.match(ptext):
            section = "backward"
        if figures.inside(ps, table_spans):
            continue
        is_item = bool(textmod._MARKER.match(ptext))
        # a bullet right under a lead-in ("…từ 01/7 đến 11/7, phường X tiếp nhận 2.000 hồ sơ, trong đó:") shares its place and time
        bullet = bool(lead_in and _BULLET.match(ptext) and ps - lead_in[1] < 600)
        # time phrases matter only where a figure is classified (or a lead-in for the bullets below it): read on
        # first need, so a paragraph whose digits are dates, list numbers or no catalog figure costs nothing here
        markers: list[Marker] | None = None
        para_topic: set[re.Pattern] = set()  # topic phrases of the paragraph before the sentence, read once, lazily
        topic_upto = ps
        para_rate: Indicator | None = None  # the paragraph's last rate, for the places its next sentences name
        para_count: Group | None = None  # ... and its last count, for a place a next sentence singles out
        para_ind: Indicator | None = None
        # a paragraph with no figure (headings, dates and document numbers only) has no sentence to read
        figures_here = any(not figures.inside(n.start, masked) for n in numbers.find_numbers(text, ps, pe))
        level = None if figures_here else _heading_level(ptext)
        if level is not None:  # "3. Chi trả lương hưu qua tài khoản": the topic of the paragraphs under it
            while headings and headings[-1][0] >= level:
                headings.pop()
            headings.append((level, frozenset(_topic_hits(text, ps, pe, topic_patterns))))
            section_topic = set().union(*(t for _, t in headings))
            section_rate = None
        for ss, se in textmod.sentences(text, ps, pe) if figures_here else ():
            sent_topic: set[re.Pattern] | None = None
            last_rate: Indicator | None = None
            last_count: Indicator | None = None
            parents: dict[str, Group] = {}
            for cs, ce in textmod.clauses(text, ss, se):
                groups = figures.groups(text, cs, ce, masked)
                if not groups:
                    continue
                figures.label(text, groups, cs, ce)
                depths = textmod.paren_depths(text, cs, ce)
                clause = text[cs:ce]
                if sent_topic is None:
                    if topic_upto < ss:  # a phrase the paragraph has already shown is not looked for again
                        para_topic |= _topic_hits(text, topic_upto, ss, [p for p in topic_patterns if p not in para_topic])
                        topic_upto = ss
                    sent_topic = _topic_hits(text, ss, se, [p for p in topic_patterns if p not in para_topic])
                topic = frozenset(para_topic | sent_topic | section_topic | (lead_topic if lead_in and is_item else set()))
                queue = deque(groups)
                while queue:
                    g = queue.popleft()
                    g.clause = (cs, ce)
                    listed = None
                    if depths[g.start - cs] > 0:
                        g.paren = (text.rfind("(", cs, g.start), ce)
                    ind = _choose(g, _candidates(g, clause, topic, cat, parents, text), text, (cs, ce))
                    if ind is None and g.percent is not None and cs > ss \
                            and (_OPENS_WITH_AMONG.match(text, cs) or _OPENS_WITH_RATE.match(text, cs)):
                        # "…có N người tham gia BHXH; trong đó đã xác thực … A người, đạt X%": a
                        # part's clause names its rate with the words of the total's clause before it
                        ind = _choose(g, [c for c in _candidates(g, text[ss:ce], topic, cat, parents, text)
                                          if any(cue.search(clause) for cue in c.cues)
                                          and (g.count is None or (c.subject and c.subject.match(g.unit)))], text, (cs, ce))
                    if ind is None and g.percent is not None and g.count is None and g.fraction is None \
                            and last_rate is not None and _ALSO.search(g.before):
                        ind = last_rate  # "…đạt 72%; riêng khối cấp xã đạt 75%": the same rate for a part
                    if ind is None and g.percent is not None and g.count is None \
                            and (last_rate or para_rate) is not None and _LEVEL_VERB.search(g.before[-40:]) \
                            and _names_place(mentions, cs, g.start):
                        # "…đạt 70,2%; trong đó khu vực X (cũ) đạt 77,3%", or the next sentence "Huyện Y về đích với
                        # 91%": the same rate for a place
                        ind = last_rate or para_rate
                    if ind is None and g.percent is not None and g.count is None \
                            and (_LEVEL_VERB.search(g.before[-40:]) or _OPEN_PAREN.search(g.before)
                                 or (g.fraction is not None and g.unit)) \
                            and _names_place(mentions, cs, g.start):
                        # a paragraph of places: "Theo địa bàn: thành phố A đạt cao nhất với X%; …; huyện B (Y%)" — the
                        # rate its words name so far, else the one stated above it under the same heading
                        named = _cued(text[ps:g.end], topic, cat, True)
                        rate = named[0] if len(named) == 1 else section_rate if not named else None
                        ind = rate if rate is not None and _subject_ok(rate, g) else None
                    if ind is None and bullet and lead_rate is not None and g.percent is not None and g.count is None \
                            and (_names_place(mentions, ps, g.start) or _names_breakdown(lead_rate, text[ps:g.start])
                                 or numbers.find_dates(text, year, ps, g.start)):
                        # "…đạt X%. Trong đó:" then "- Khu vực A (cũ): N/M thửa, đạt Y%", "- Mầm non: N/M trẻ (Y%)", or
                        # "- Quý II/2024: đạt Y%"
                        ind = lead_rate
                    if ind is None and g.percent is not None and g.count is None and g.fraction is None \
                            and last_rate is not None and _names_breakdown(last_rate, g.before[-40:]) \
                            and ":" in text[ss:g.start]:
                        ind = last_rate  # "Xác thực thông tin học sinh …: mầm non X%; tiểu học Y%; THCS Z%": a list by group
                        listed = ss  # quoted from the sentence's subject, not from its own clause
                    if ind is None and g.percent is not None and last_count is not None and _LEVEL_VERB.search(g.before[-40:]) \
                            and last_count.id in rate_of and not _excluded(rate_of[last_count.id], g.before[-60:]):
                        # "…; lũy kế 9.000 người, bằng 30% dân số": the rate of the count — unless the percent's own
                        # words name another measure ("…; tỷ lệ giải quyết đúng hạn đạt X%")
                        ind = rate_of[last_count.id]
                    if ind is None and g.count is not None and g.percent is not None and last_count is not None \
                            and _part_of_total(text, g, rate_by_base.get(last_count.id), parents[last_count.id], cat):
                        # "…N lượt tra cứu …; trong đó A lượt có kết quả, đạt tỷ lệ X%": the part is
                        # the numerator of the total's rate
                        ind = rate_by_base[last_count.id]
                    if ind is None and bullet and lead_counts and g.count is not None and g.percent is None:
                        # "… N hồ sơ định danh điện tử, trong đó:" then "+ Mức 1: A hồ sơ": a part of the lead-in's count
                        parts = [c for c in cat.values() if c.parent in lead_counts and c.part
                                 and c.part.search(text[ps:g.start]) and _subject_ok(c, g)]
                        ind = parts[0] if len(parts) == 1 else None
                    if ind is None and g.count is not None and g.percent is None and last_count is not None \
                            and not _per_unit(g) and _restates(g, parents[last_count.id]):
                        ind = last_count  # "thu nhận 300 hồ sơ … trong kỳ; lũy kế … đã thu nhận 9.000 hồ sơ"
                    if g.count is not None and g.percent is None and last_count is not None \
                            and _RAISED_TO.search(g.before[-90:]):
                        ind = last_count  # "thu nhận 310 hồ sơ, nâng tổng số lên 5.020": the same count's total
                    if ind is None and g.count is not None and g.percent is None and para_count is not None \
                            and last_count is None and _SINGLED_OUT.match(text, cs) and _names_place(mentions, cs, g.start) \
                            and g.unit.split()[:1] == para_count.unit.split()[:1] and not _per_unit(g):
                        # "… có N người đã tích hợp …. Riêng huyện A (cũ), đến ngày …, đã có M người tích hợp": the
                        # same count for the place the sentence singles out
                        ind = para_ind
                    if ind is None:
                        if g.count is not None and g.percent is not None:
                            queue.extendleft(reversed(figures.unbind(text, g)))
                        elif g.fraction is not None and not g.from_fraction:
                            queue.appendleft(figures.numerator_of(text, g))  # "cấp thẻ cho A/B công dân": a count
                        elif g.share_of is not None and g.share_of.count is not None:
                            pass  # "300 hồ sơ nộp trực tiếp (chiếm 20%)": a share of a count that is no catalog figure
                        continue
                    if ind.is_rate and g.percent is not None:
                        last_rate = para_rate = ind
                        if g.count is not None and ind.numerator in cat:  # "N người …, đạt X%": N counts the numerator
                            para_count, para_ind = g, cat[ind.numerator]
                    elif not ind.is_rate and g.count is not None:
                        last_count = ind
                        para_count, para_ind = g, ind
                    if g.percent is not None and g.count is None and g.share_of is not None and not g.share_of.resolved:
                        continue
                    parents[ind.id] = g
                    g.resolved = True
                    if markers is None:
                        markers = timeframe.markers(text, ps, pe, year)
                    f = _classify(g, ind, text, d, pi, (ss, se), markers, mentions, section, year, nationals,
                                  lead_in if bullet else None, lead_markers if bullet else ())
                    if f is not None:
                        if listed is not None:
                            f.extra["quote_from"] = listed
                        found.append(f)
                        if ind.is_rate and g.percent is not None and not f.target:
                            section_rate = ind  # the rate the paragraphs of places below may give by place
        if _TERMINAL_COLON.search(ptext):
            lead_in = (ps, pe)
            lead_markers = markers if markers is not None else timeframe.markers(text, ps, pe, year)
            lead_topic = _topic_hits(text, ps, pe, topic_patterns)
            # the counts the lead-in states, whose parts its items may list ("… N hồ sơ, trong đó:" / "+ Mức 1: …")
            lead_counts = {f.indicator.id for f in takewhile(lambda f: f.paragraph == pi, reversed(found))
                           if not f.indicator.is_rate and f.group.count is not None}
            # the rate the lead-in (or the sentence just before a bare "Trong đó:") states, for its items by place
            lead_rate = None
            if not figures_here:  # "a) Tỷ lệ hồ sơ … tiếp nhận trực tuyến:": a rate named, its values in the items below
                named = _cued(ptext, frozenset(lead_topic | section_topic), cat, True)
                lead_rate = named[0] if len(named) == 1 else None
            for f in reversed(found) if lead_rate is None else ():  # found so far runs paragraph by paragraph: look
                if paras[f.paragraph][1] <= ps - 400:  # back only as far as 400 characters
                    break
                if f.indicator.is_rate and f.group.percent is not None and not f.target and ps - 400 <= f.group.start < pe:
                    lead_rate = f.indicator
                    break
        elif not _BULLET.match(ptext):  # a numbered heading ("3. Dữ liệu bảo hiểm") ends the lead-in's items
            lead_in, lead_rate, lead_counts = None, None, set()
    found += _table_found(text, d, cat, paras, table_cells, year)
    return _assemble(text, d, found, paras, source)


_HEADING = re.compile(r"[ \t]*(?:([IVX]+)\.|(\d+(?:\.\d+)*)[.)]|[a-zđ]\))[ \t]+[^\n]{2,160}\s*$")


def _heading_level(paragraph: str) -> int | None:
    """A numbered heading's depth (``II.`` 1, ``3.`` 2, ``3.1.`` 3, ``a)`` 6), or None for any other paragraph."""
    m = _HEADING.match(paragraph)
    if m is None:
        return None
    if m.group(1):
        return 1
    if m.group(2):
        return 1 + m.group(2).count(".") + 1
    return 6


def _item_kind(item: str) -> str:
    """A list item's marker kind: its bullet character, or "1." / "a)" / "I." for numbered items."""
    m = re.match(r"\s*(?:([-+*•–])|(\(?\d+[.)]?)|([a-zđ]\))|([IVX]+\.))", item)
    if m is None:
        return ""
    return m.group(1) or ("1." if m.group(2) else "a)" if m.group(3) else "I.")


_VERB = re.compile(r"(?:thu nhận|tiếp nhận|trả|cấp|tích hợp|kích hoạt|số hóa|chi trả)\s*(?:được\s*)?(?:hơn|gần|khoảng|trên)?\s*$",
                   re.IGNORECASE)


def _restates(g: Group, prev: Group) -> bool:
    """A count in a later clause of the same sentence with the same verb and the same unit as the count before it,
    under a time phrase of its own: the same figure for another window."""
    a, b = g.after.split()[:2], prev.after.split()[:2]
    va, vb = _VERB.search(g.before[-40:]), _VERB.search(prev.before[-40:])
    return (bool(a) and a[:1] == b[:1] and va is not None and vb is not None
            and va.group(0).split()[0].lower() == vb.group(0).split()[0].lower() and g.clause != prev.clause)


def _names_breakdown(ind: Indicator, label: str) -> bool:
    """Whether a label names one of the indicator's groups (``Mầm non``, ``THCS``, ``mức độ 4``)."""
    return any(b.key in ind.breakdowns and b.pattern.search(label) for b in breakdowns())


def _names_place(mentions: list, start: int, end: int) -> bool:
    """Whether a place is named in ``text[start:end]``: a list item that starts with its place."""
    i = bisect.bisect_left(mentions, start, key=lambda m: m.start)
    return i < len(mentions) and mentions[i].start < end


def _merged(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Sorted, non-overlapping spans covering the same characters."""
    out: list[tuple[int, int]] = []
    for a, b in sorted(spans):
        if out and a <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], b))
        else:
            out.append((a, b))
    return out


_BACKGROUND_HEAD = re.compile(r"^\s*(?:[\dIVX]+[.)]\s*)?(?:bối cảnh|thực trạng)(?![^\W_])", re.IGNORECASE)
_CONTEXT_HEAD = re.compile(r"^\s*(?:[\dIVX]+[.)]\s*)?(?:bối cảnh|thực trạng|tình hình|kết quả)[^\n.;:]{0,60}(?:\n|:)",
                           re.IGNORECASE)
_DIGIT = re.compile(r"\d")
_SINGLED_OUT = re.compile(r"[\s\W]*riêng(?![^\W_])", re.IGNORECASE)  # a sentence or clause opening "Riêng …"
_ALSO = re.compile(r"(?:^|[;,])\s*riêng\s+[^;,\d]{0,60}?(?:đạt|là|chiếm)\s*(?:tỷ lệ\s*)?"
                   r"(?:(?:tối thiểu|ít nhất|từ|trên|khoảng|gần|hơn)\s*)?$", re.IGNORECASE)
_OPEN_PAREN = re.compile(r"\(\s*$")
_BULLET = re.compile(r"[ \t]*[-+*•–][ \t]")
_TERMINAL_COLON = re.compile(r":\s*$")


# _NATIONAL and _WHOLE_OWN are read on the lowercased text (numbers.lowered): each phrase starts with a letter the
# regex engine can skip to, and "x(?<![^\W_]x)" is "x, not inside a word", as a leading look-behind would say.
_NATIONAL = re.compile(r"(?:c(?<![^\W_]c)ả nước|t(?<![^\W_]t)oàn quốc|p(?<![^\W_]p)hạm vi cả nước)(?![^\W_])")
_NOT_NATIONAL = re.compile(r"(?:(?:thứ|số)\s*\d+(?:\s*/\s*\d+)?|so với|bình quân|trung bình|dẫn đầu|top\s*\d+|của)\s*$", re.IGNORECASE)
_WHOLE_OWN = re.compile(r"t(?<![^\W_]t)(?:oàn tỉnh|rên địa bàn tỉnh|oàn thành phố|oàn xã|oàn phường"
                        r"|rên địa bàn (?:xã|phường))(?![^\W_])")
_PLACE_KEYWORD = re.compile(r"(huyện|quận|thị\s+xã|thành\s+phố|tp\.?)\s*$", re.IGNORECASE)


def _national_spots(text: str) -> list[tuple[int, str]]:
    """Where the text names the whole country as a subject (``cả nước tiếp nhận…``) or the document's own territory."""
    low = numbers.lowered(text)
    spots = [(m.start(), "vn") for m in _NATIONAL.finditer(low) if not _NOT_NATIONAL.search(text[max(0, m.start() - 16):m.start()])]
    spots += [(m.start(), "province" if re.match(r"(?i)toàn tỉnh|trên địa bàn tỉnh|toàn thành phố", m.group()) else "own")
              for m in _WHOLE_OWN.finditer(low)]
    return sorted(spots)


def _place_of(g: Group, text: str, d: Document, sentence: tuple[int, int], mentions: list, nationals: list,
              marker: Marker | None, lead: tuple[int, int] | None = None) -> str | None:
    """The place a figure is for: the last place its sentence names before it, else the document's.

    ``cả nước tiếp nhận 9 triệu hồ sơ`` is ``vn``; ``tỉnh Hà Tĩnh … trên 80%`` in a ward's report is that
    province; ``xã Cẩm Lạc đạt 90%`` in Hà Tĩnh's report is ``ha-tinh/cam-lac``; ``Trà Vinh cũ`` is
    the former province. A district or commune of a national document has no id here: None.
    """
    on = (marker.as_of if marker and marker.as_of else None) or d.dated or d.period_end
    own = d.jurisdiction
    lo = max(sentence[0], g.start - 400)
    i = bisect.bisect_left(mentions, lo, key=lambda m: m.start)
    j = bisect.bisect_left(mentions, g.start, key=lambda m: m.start)
    last = mentions[j - 1] if j > i else None
    k = bisect.bisect_left(nationals, (g.start, ""))
    nat = nationals[k - 1] if k and nationals[k - 1][0] >= lo else None
    if lead is not None and last is None and nat is None:
        # a list item that names no place has its lead-in's ("Trên địa bàn huyện A, trong đó:"), never a place an
        # item above it named
        lo = lead[0]
        i = bisect.bisect_left(mentions, lead[0], key=lambda m: m.start)
        j = bisect.bisect_left(mentions, lead[1], key=lambda m: m.start)
        last = mentions[j - 1] if j > i else None
        kl = bisect.bisect_left(nationals, (lead[1], ""))
        nat = nationals[kl - 1] if kl and nationals[kl - 1][0] >= lead[0] else None
    if nat is None or nat[0] < lo:  # the country named after the figure, in its clause: "… chiếm 60% số hồ sơ trên toàn quốc"
        after = next((x for x in nationals[k:k + 2] if x[0] < g.clause[1] and x[0] - g.end < 80), None)
        if after is not None and after[1] == "vn" and (last is None or last.start < lo) \
                and not _COMPARED_WITH.search(text, g.end, after[0]):  # "…, cao hơn bình quân cả nước": a yardstick
            return "vn"
    if nat is not None and (last is None or nat[0] > last.start):
        if nat[1] == "vn":
            return "vn"
        if nat[1] == "province" and "/" in own:  # "toàn tỉnh" in a commune's report: its province
            return own.split("/")[0]
        return own
    if last is None:
        return own
    province = own.split("/")[0]
    if last.level == "province":
        try:
            jur = places.resolve(last.name, on, former=last.former)
        except UnknownPlace:
            return None
        same = jur == province or places.province_on(jur, on) == province
        return own if same and not last.former else jur
    if province == "vn":  # a commune or district in a national item: of the province its sentence named before it
        named = [m for m in mentions[i:j] if m.level == "province" and m.start < last.start]
        if not named:
            return None
        try:
            province = places.resolve(named[-1].name, on, former=named[-1].former)
        except UnknownPlace:
            return None
    if own.endswith("/" + places.slug(last.name)):
        return own
    home = places.province_on(province, on)
    if last.level == "commune":
        return places.commune_id(last.name, home)
    kw = _PLACE_KEYWORD.search(text[max(0, last.start - 12):last.start])
    prefix = places.slug(kw.group(1).rstrip(".")).replace("tp", "thanh-pho") if kw else "huyen"
    return f"{home}/{prefix}-{places.slug(last.name)}"


def _classify(g: Group, ind: Indicator, text: str, d: Document, pi: int, sentence: tuple[int, int],
              markers: list[Marker], mentions: list, section: str | None, year: int | None,
              nationals: list = (), lead: tuple[int, int] | None = None, lead_markers: list[Marker] = ()) -> _Found | None:
    cs, ce = g.clause
    prefix = text[cs:g.start]
    marker = timeframe.time_for(g.anchor, g.clause, markers)
    if marker is None and lead_markers:  # a list item under "…từ ngày 01/7 đến 11/7, trong đó:" has its lead-in's time
        marker = lead_markers[-1]
    reported = d.dated or d.period_end
    # a date after the report's is a deadline; a window the report was written in ("6 tháng đầu năm" signed on
    # 18 June) is not: it began before
    # ... nor is the month the report is written in, where the figure is stated as done ("Đến tháng 6/2025, toàn
    # huyện đã chi trả …" signed on 20 June)
    direction = directions.is_direction(prefix[-160:], g.after)
    future = bool(marker and marker.as_of and reported and marker.as_of > reported
                  and not (marker.since and marker.since <= reported)
                  and not ((marker.as_of.year, marker.as_of.month) == (reported.year, reported.month)
                           and marker.pos < g.start and _DONE_WORDS.search(text, marker.pos, g.start) and not direction))
    # a plan's baseline: "Tính đến ngày 31/8/2025, tỷ lệ … đạt 70,5%" — a date the plan looks back on, in the figure's
    # own sentence, is a fact even under a heading of targets
    # ... and so is a past figure in brackets inside a target: "đạt tối thiểu 90% trong tháng 11 (tháng 10 đạt 88%)"
    inner = g.paren[0] if g.paren else -1
    own = text[inner + 1:g.start] if inner >= 0 else prefix[-160:]
    # ... the date may open the sentence a "Trong đó" sentence continues ("Đến ngày 29/02, … đạt 46%. Trong đó, thành
    # phố A đạt 71%")
    opens = sentence[0] if not _OPENS_WITH_AMONG.match(text, sentence[0]) else text.rfind(".", 0, sentence[0] - 1) + 1
    past = bool(marker and marker.as_of and reported and marker.as_of <= reported
                and opens <= marker.pos < g.start and (marker.scope != "period" or marker.pos > inner >= 0)
                and not directions.is_direction(own, g.after))
    due = directions.due_after(text[g.end:sentence[1]], year, reported)
    # a directive's or plan's account of where things stand, before it directs ("… đã xác thực N học sinh, đạt X%",
    # "mới có A/B trường …"): done, not directed; and the money a plan allocates is a fact of the plan, not a target
    done = (d.forward and section is None and not future and not direction and not due
            and bool(_DONE_WORDS.search(prefix[-120:] + " " + g.after[:60])))
    ahead = (section == "forward" or (d.forward and section != "backward")) and not done and ind.unit != "vnd"
    target = not past and (ahead or future or direction or due)
    if g.percent is not None and _SELECTING.search(prefix[-120:]):
        return None  # "(các xã) có tỷ lệ … dưới X% (phải …)": which communes, not a level
    if not target and g.percent is not None and _BOUND.search(prefix[-40:]):
        return None  # "N xã có tỷ lệ … dưới 50%": a threshold, not a level
    if _SOME_PLACES.search(text, max(sentence[0], g.start - 120), g.start):
        return None  # "ở một số địa phương chỉ khoảng X%": places the text does not name, no figure of any
    if not target and g.count is not None and g.percent is None and _NOT_YET.match(g.after):
        return None  # "còn N hồ sơ … chưa được …": what is left undone, not what was done
    jur = _place_of(g, text, d, sentence, mentions, nationals, marker, lead)
    if jur is None:
        return None
    scope_text = text[cs:g.end] if not g.table_label else g.table_label
    own = "" if g.table_label else g.before + " " + text[g.start:g.end] + " " + g.after
    brk = _breakdown(ind, scope_text + " " + g.after, own) if ind.breakdowns else ""
    return _Found(g, ind, target, sentence, pi, marker, jur, brk)


_SOME_PLACES = re.compile(r"(?<![^\W_])(?:ở|tại|của)\s+(?:một số|một vài|nhiều|vài)\s+(?:địa phương|tỉnh|xã|phường|nơi|đơn vị)"
                          r"(?![^\W_])", re.IGNORECASE)
_NOT_YET = re.compile(r"[^,;.\d]{0,40}?(?<![^\W_])chưa(?![^\W_])", re.IGNORECASE)  # the figure's own words say "not yet"
# a percent bounded from above, outside a target ("không dưới 80%" is a target's floor): a threshold, never a level
_BOUND = re.compile(r"(?<!không )(?:dưới|thấp hơn|chưa (?:đến|tới))\s*$", re.IGNORECASE)
# ... and, target or not, a rate that picks out the places or bodies that have it: "(các xã) có tỷ lệ … dưới 70%"
# ... or counts them: "5 phường trung tâm có tỷ lệ … trên 93%"
_SELECTING = re.compile(r"(?<![^\W_])có\s+t[ỷỉ]\s+lệ[^.;:\d%]{0,80}(?<!không )(?:dưới|thấp hơn|chưa (?:đến|tới|đạt))\s*$"
                        r"|(?<![\d.,])\d+\s+(?:xã|phường|thị trấn|huyện|quận|thị xã|đơn vị|địa phương|cơ sở)(?![^\W_])[^.;:\d%]{0,60}?"
                        r"(?<![^\W_])có\s+t[ỷỉ]\s+lệ[^.;:\d%]{0,80}(?:trên|từ|đạt|cao hơn|vượt)\s*$", re.IGNORECASE)
# words that say a figure is done, not directed: "đã", "mới đạt", "chỉ có", "cho biết"
_DONE_WORDS = re.compile(r"(?<![^\W_])(?:đã|mới (?:đạt|có|được)|chỉ (?:đạt|có)|cho biết)(?![^\W_])", re.IGNORECASE)
_LABEL_NOISE = re.compile(r"\([^()]*\)|\b(?:từ|tính đến|đến|lũy kế|luỹ kế)\b.*$", re.IGNORECASE)
_RATE_HEADER = re.compile(r"\(%\)|%|tỷ lệ|tỉ lệ", re.IGNORECASE)


def _clean_label(label: str) -> str:
    """A row or column label without its brackets and time phrase: ``Hồ sơ tiếp nhận từ 01/7/2025 đến nay`` → ``Hồ sơ tiếp nhận``."""
    return _LABEL_NOISE.sub("", label).strip(" :-–,")


def _row_time(text: str, row, year: int | None) -> Marker | None:
    """The time a table row states in a cell of its own: ``01/7 - 30/9/2025`` (a window), ``Đến 15/10/2025`` (a date)."""
    for cell in row.cells:
        if not re.search(r"\d{1,2}\s*/\s*\d{1,2}", cell.text):
            continue
        dates = numbers.find_dates(text, year, cell.start, cell.end)
        if not dates:
            continue
        last = dates[-1][2]
        if len(dates) >= 2 or re.search(r"\d\s*[-–]\s*\d", cell.text):
            return Marker(cell.start, "period", last.end, None, dates[0][2].start)
        return Marker(cell.start, "cumulative", last.end, None)
    return None


def _table_found(text: str, d: Document, cat: dict, paras: list, cells: list, year: int | None) -> list[_Found]:
    """Figures in tables: each cell read with its row label and column header (``Phường Bắc Hà`` × ``Tỷ lệ trực tuyến (%)``).

    A rate is a cell with ``%`` or under a ``Tỷ lệ``/``(%)`` label; a count is any other figure. The row's own
    counts feed its rate as numerator and denominator; a row that names a commune or district is that place's.
    """
    out = []
    mentions = places.find_places(text)
    seen: dict[tuple[int, str], bool] = {}  # a cue looked for in a label once: a table repeats its headers, rows and context

    def found(p: re.Pattern, s: str) -> bool:
        key = (id(p), s)
        hit = seen.get(key)
        if hit is None:
            hit = seen[key] = p.search(s) is not None
        return hit

    for table in tables.read_tables(text):
        k = bisect.bisect_right(paras, (table.start, len(text) + 1)) - 1  # the paragraph the table sits in, if any
        inside = text[paras[k][0]:table.start] if k >= 0 and paras[k][0] < table.start else ""
        lead = next((text[s:e] for s, e in reversed(paras) if e <= table.start), "") + " " + inside
        # a table of targets: in a plan, or under a title that sets them ("CHỈ TIÊU GIAO CHO CÁC HUYỆN …")
        targets = d.forward or directions.section_kind(lead) == "forward"
        headers = " ".join(table.columns)
        for ri, row in enumerate(table.rows):
            marker = _row_time(text, row, year)
            row_found: list[_Found] = []
            row_label = _clean_label(row.label)
            for ci, cell in enumerate(row.cells):
                if not cell.text or cell.text == row.label or (ci == 0 and table.header(0).upper() == "STT"):
                    continue
                nums = numbers.find_numbers(text, cell.start, cell.end)
                if _FRACTION_CELL.fullmatch(cell.text.strip()) and len(nums) == 2 and 0 < nums[0].value <= nums[1].value:
                    f = _fraction_cell(text, d, cat, table, row, ci, cell, nums, lead, headers, mentions, marker, targets)
                    if f is not None:
                        row_found.append(f)  # "48/50" under a header naming a rate: a rate the row implies
                    continue
                if len(nums) != 1 or re.search(r"\d\s*/\s*\d", cell.text) or _DONG.search(cell.text):
                    continue  # dates, fractions and sums of money are no counts of a table's rows
                n = nums[0]
                header = _clean_label(table.header(ci))
                own = row_label + " " + header
                raw_own = row.label + " " + table.header(ci)
                rate = n.percent or bool(_RATE_HEADER.search(raw_own))
                if rate and n.value > 100:
                    continue
                if rate:
                    # in a table of indicators by row, a rate row ("Tỷ lệ xác thực (%)") is the rate of the count
                    # rows just above it ("Người tham gia BHXH, BHYT", "Đã xác thực …"): their words are its context
                    above = " ".join(r.label for r in table.rows[max(0, ri - 2):ri]) if _RATE_HEADER.match(row.label) else ""
                    if not _words(row.label) - {"tỷ", "tỉ", "lệ"} <= _words(above):
                        above = ""  # "Tỷ lệ số hóa hồ sơ" under rows of online applications: another measure
                    ctx = lead + " " + headers + " " + above + " " + row.label
                    cands = [ind for ind in cat.values() if ind.is_rate and ind.emit
                             and all(found(c, ctx) for c in ind.cues + ind.topic)
                             and not (ind.exclude and ind.exclude.search(raw_own))
                             and (_names(ind, raw_own) or (above and _names(ind, above))
                                  or re.fullmatch(r"(?i)t[ỷỉ] lệ", header))]  # a bare "Tỷ lệ" column: the table says what of
                    if len(cands) > 1:  # a row per indicator ("Chỉ tiêu" column): the one its own label names in full
                        own_named = [ind for ind in cands if all(c.search(row.label) for c in ind.cues + ind.topic)]
                        cands = own_named if len(own_named) == 1 else cands
                    if len(cands) > 1:  # ... or the one its label names more of than any other ("Cơ sở giáo dục (trường)")
                        named = [sum(found(c, (above + " " + row.label).strip()) for c in ind.cues + ind.topic) for ind in cands]
                        best = max(named)
                        cands = [ind for ind, n in zip(cands, named) if n == best] if best > 0 and named.count(best) == 1 else cands
                    if len(cands) > 1:  # columns "Số cơ sở …", "Số … đã có", then a bare "Tỷ lệ": the rate of those columns
                        left = " ".join(_COUNT_HEAD.sub("", table.header(j)) for j in range(1, ci)
                                        if j < len(row.cells) and tables.FIGURE_CELL.fullmatch(row.cells[j].text))
                        of_left = [ind for ind in cands if ind.subject and ind.subject.search(left)]
                        cands = of_left if len(of_left) == 1 else cands
                else:
                    counted = _COUNT_HEAD.sub("", header)  # "Số lượt tra cứu bằng CCCD": what the column counts
                    labels = [lbl for lbl in (row_label, header, counted)
                              if lbl and not (lbl is row_label and tables.TOTAL_ROW.match(lbl)) and not _BARE_TOTAL.fullmatch(lbl)]
                    cands = [ind for ind in cat.values() if ind.unit == "count" and ind.emit and ind.near
                             and any(found(p, lbl) for p in ind.near for lbl in labels)
                             and not (ind.exclude and ind.exclude.search(own))]
                    if not cands:  # a count named by its cue phrases: its column's header names one, the text above
                        # the table or, for a part ("Trong đó: qua VNeID"), the header of the column it is part of the rest
                        whole = table.header(ci - 1) if ci and _OPENS_WITH_AMONG.match(table.header(ci)) else ""
                        ctx = lead + " " + whole + " " + table.header(ci) + " " + row.label
                        cands = [ind for ind in cat.values() if ind.unit == "count" and ind.emit and not ind.near
                                 and ind.cues and all(found(c, ctx) for c in ind.cues + ind.topic)
                                 and any(found(c, header) for c in ind.cues)
                                 and not (ind.exclude and ind.exclude.search(own))]
                if len(cands) != 1:
                    continue
                ind = cands[0]
                num = numbers.Number(n.value, n.start, n.end, n.text, True, n.approximate) if rate else n
                g = _cell_group(table, row, ci, cell, lead, percent=num if rate else None, count=None if rate else num)
                jur = _row_place(text, d, row, mentions, marker, table, ci)
                if jur is None:
                    continue
                brk = _breakdown(ind, raw_own) if ind.breakdowns else ""
                # in a plan's table, a column of results ("Thực hiện năm 2023") states facts beside the targets
                # ... and in any table, a column of quotas ("Chỉ tiêu số hồ sơ …", "Kế hoạch") holds targets
                aim, result = _AIM_HEAD.search(table.header(ci)), _RESULT_HEAD.search(table.header(ci))
                target = (targets and not (result and not aim)) or bool(aim and not result)
                row_found.append(_Found(g, ind, target, (cell.start, cell.end), -1, marker, jur, brk))
            by_id = {f.indicator.id: f for f in row_found}
            for f in row_found:
                if f.indicator.is_rate and not f.extra.get("computed"):
                    numf, denf = by_id.get(f.indicator.numerator), by_id.get(f.indicator.denominator)
                    f.extra.update(numerator=numf.group.value if numf else None, denominator=denf.group.value if denf else None)
            out += row_found
    return out


def _cell_group(table, row, ci, cell, lead: str, **figure) -> Group:
    """A table cell's figure with its labels: the text above the table, its row's label and its column's header."""
    return Group(cell.start, cell.end, clause=(cell.start, cell.end),
                 table_label=lead[-200:] + " " + row.label + " " + table.header(ci),
                 row_start=next((c.start for c in row.cells if c.text), cell.start), table_header=table.header(ci),
                 **figure)


_RESULT_HEAD = re.compile(r"thực hiện|kết quả|đã đạt|hiện trạng", re.IGNORECASE)
_AIM_HEAD = re.compile(r"chỉ tiêu|kế hoạch|mục tiêu|phấn đấu", re.IGNORECASE)
_BARE_TOTAL = re.compile(r"\s*(?:tổng\s+số|tổng\s+cộng|tổng|số\s+lượng|cộng)\s*", re.IGNORECASE)  # names no thing counted
_COUNT_HEAD = re.compile(r"^\s*(?:chỉ\s+tiêu\s+)?(?:tổng\s+)?(?:số\s+lượng|số)\s+", re.IGNORECASE)  # a column header's "Số …": the number of …
_FRACTION_CELL = re.compile(r"\d[\d.]*\s*/\s*\d[\d.]*")


def _fraction_cell(text, d, cat, table, row, ci, cell, nums, lead, headers, mentions, marker, targets) -> _Found | None:
    """A table cell written as a fraction (``48/50``) under a header that names one rate of the catalog: that rate,
    computed, for the row's place."""
    raw_own = row.label + " " + table.header(ci)
    ctx = lead + " " + headers + " " + row.label
    cands = [ind for ind in cat.values() if ind.is_rate and ind.emit and all(c.search(ctx) for c in ind.cues + ind.topic)
             and not (ind.exclude and ind.exclude.search(raw_own)) and _names(ind, table.header(ci))]
    if len(cands) > 1:  # the one whose cue phrases the column's own header carries, if one does
        cands = [ind for ind in cands if all(c.search(table.header(ci)) for c in ind.cues)]
        most = max((len(ind.cues) for ind in cands), default=0)
        cands = [ind for ind in cands if len(ind.cues) == most]  # the most specific: "cơ sở … KCB … CCCD" over "VNeID"
    if len(cands) != 1:
        return None
    jur = _row_place(text, d, row, mentions, marker, table, ci)
    if jur is None:
        return None
    a, b = nums
    g = _cell_group(table, row, ci, cell, lead, fraction=(a, b))
    return _Found(g, cands[0], targets, (cell.start, cell.end), -1, marker, jur, "",
                  extra={"numerator": a.value, "denominator": b.value, "computed": True})


_NAME_STOP = {"tỷ", "tỉ", "lệ", "số", "hồ", "sơ", "của", "với", "về", "đã", "trên", "bằng", "qua", "được", "người", "điện", "tử",
              "cơ", "sở", "thanh", "toán", "không", "dùng", "tiền", "mặt", "tài", "khoản", "chi", "trả", "sử", "dụng", "và"}


def _names(ind: Indicator, label: str) -> bool:
    """Whether a table label carries a word of the indicator's own name beyond the generic ones.

    ``Tỷ lệ trực tuyến (%)`` names the online application rate; ``Tỷ lệ số hóa hồ sơ`` does not.
    """
    return bool((_words(ind.name_vi) - _NAME_STOP) & _words(label))


def _row_place(text: str, d: Document, row, mentions: list, marker: Marker | None, table, ci: int) -> str | None:
    """The place a table row is for: the commune, district or province its label names, else the document's. Under
    a label column headed by a level ("Phường", "Huyện"), a bare name ("Tân Lập") is a place of that level; in a table
    of indicators by place, a cell's place is its column's ("Chỉ tiêu | Tỉnh A (cũ) | Tỉnh B (cũ) | Toàn tỉnh")."""
    label_cell = next((c for c in row.cells if c.text == row.label), None)
    if label_cell is None or tables.TOTAL_ROW.match(row.label):
        return d.jurisdiction
    i = bisect.bisect_left(mentions, label_cell.start, key=lambda m: m.start)
    j = bisect.bisect_left(mentions, label_cell.end, key=lambda m: m.start)
    if i == j:
        label_ci = row.cells.index(label_cell)
        level = _LEVEL_COLUMN.fullmatch(table.header(label_ci))
        if level is None and ci != label_ci and (named := _column_places(table.header(ci))):  # the column names the place
            header = table.header(ci)
            return _place_of(Group(len(header), len(header)), header, d, (0, len(header)), named, [], marker)
        own = d.jurisdiction.split("/")[0]
        if level is None or own == "vn" or not _PLACE_NAME.fullmatch(row.label):
            return d.jurisdiction
        home = places.province_on(own, (marker.as_of if marker and marker.as_of else None) or d.dated or d.period_end)
        if level.group(1).lower() in ("huyện", "quận", "thị xã"):
            return places.district_id(row.label, places.slug(level.group(1)), home)
        return places.commune_id(row.label, home)
    g = Group(label_cell.end, label_cell.end)
    return _place_of(g, text, d, (label_cell.start, label_cell.end), mentions, [], marker)


_column_places = functools.lru_cache(maxsize=256)(places.scan_places)  # a header is read for places once, not per row


# a table's label column headed by one level of place, and a label that is a name ("Tân Lập", "Hòa Bình Đông")
_LEVEL_COLUMN = re.compile(r"\s*(xã|phường|thị trấn|huyện|quận|thị xã)(?:\s*[,/]\s*(?:xã|phường|thị trấn))?\s*", re.IGNORECASE)
_PLACE_NAME = re.compile(r"(?:[A-ZĐÀ-Ỹ][^\W\d_]*)(?:[ -][A-ZĐÀ-Ỹ][^\W\d_]*){0,3}")
_OPENS_WITH_AMONG = re.compile(r"[\W_]*" + figures.AMONG.pattern, re.IGNORECASE)
# "…; tỷ lệ tra cứu thành công đạt X%": a clause that names its rate by its own words and the object the clause before
_OPENS_WITH_RATE = re.compile(r"[\W_]*t[ỷỉ]\s+lệ(?![^\W_])", re.IGNORECASE)


def _joined_sentences(text: str, spans: set[tuple[int, int]]) -> dict[tuple[int, int], tuple[int, int]]:
    """Each sentence's group for parts and totals: itself, or the sentence before it when it opens with "Trong số
    đó" / "Trong đó" right after it ("…tiếp nhận 2.000 hồ sơ. Trong số đó, 1.500 hồ sơ trực tuyến.")."""
    out: dict[tuple[int, int], tuple[int, int]] = {}
    prev: tuple[int, int] | None = None
    for span in sorted(spans):
        s, _ = span
        if prev is not None and not text[prev[1]:s].strip() and _OPENS_WITH_AMONG.match(text, s):
            out[span] = out[prev]
        else:
            out[span] = span
        prev = span
    return out


def _assemble(text: str, d: Document, found: list[_Found], paras: list, source: str | None = None) -> Extraction:
    source = text if source is None else source  # the text as written, for the quotes (same length as text)
    cat = catalog()
    obs: list[Observation] = []
    statements: list[Observation] = []
    targets: list[Target] = []
    by_sentence: dict[tuple[int, int], list[_Found]] = {}
    joined = _joined_sentences(text, {f.sentence for f in found})
    for f in found:
        by_sentence.setdefault(joined[f.sentence], []).append(f)
    # parts: a figure of the same indicator after "trong đó" ("trong số đó") in its clause, or opening the next sentence
    for fs in by_sentence.values():
        seen: dict[str, _Found] = {}
        for f in fs:
            first = seen.get(f.indicator.id)
            if (first is not None and (first.group.clause == f.group.clause or first.sentence != f.sentence)
                    and f.jurisdiction == first.jurisdiction  # a place's own figure is that place's observation
                    and f.breakdown == first.breakdown  # "trong đó hơn 900 hồ sơ của trẻ em …": a sub-series
                    and figures.AMONG.search(text, first.group.end, f.group.start)):
                f.part = True
            seen.setdefault(f.indicator.id, f)
    lead_totals = _lead_in_parts(text, found, paras)
    # rates: attach numerator and denominator counts stated in the same sentence
    for fs in by_sentence.values():
        for f in fs:
            ind = f.indicator
            if not ind.is_rate or f.target or f.group.table_label:
                continue  # a table row's rate has its row's counts already
            g = f.group
            num = g.fraction[0].value if g.fraction else (g.count.value if g.count else None)
            den = g.fraction[1].value if g.fraction else None
            before = [o for o in fs if o is not f and not o.part and o.group.clause == g.clause and o.group.start < g.start
                      and not figures.CONTRAST.search(text, o.group.end, g.start)]  # "…, nhưng tỷ lệ … chỉ đạt"
            for other in reversed(before):  # nearest first
                if den is None and ind.denominator == other.indicator.id:
                    den = other.group.value
                if num is None and ind.numerator == other.indicator.id:
                    num = other.group.value
            if den is None and g.fraction is None:
                # "tiếp nhận N hồ sơ, …; tỷ lệ trực tuyến đạt X%": the sentence's one total is the base
                # (also of a count stated with the rate: "…; 1.800 hồ sơ nộp trực tuyến, đạt 90%")
                totals = [o for o in fs if o.indicator.id == ind.denominator and not o.part and not o.target
                          and o.group.start < g.start and (num is None or num <= o.group.value)
                          and not figures.CONTRAST.search(text, o.group.end, g.start)]
                if len(totals) == 1:
                    den = totals[0].group.value
            f.extra.update(numerator=num, denominator=den)
        # computed rates: a total and its part stated, the rate not
        stated = {f.indicator.id for f in fs if f.indicator.is_rate}
        for ind in _computable(cat):
            if ind.id in stated:
                continue
            dens = [f for f in fs if f.indicator.id == ind.denominator and not f.target]
            nums = [f for f in fs if f.indicator.id == ind.numerator and not f.target]
            if len(dens) == 1 and len(nums) == 1 and 0 < nums[0].group.value <= dens[0].group.value:
                a, b = nums[0], dens[0]
                s, e = min(a.group.start, b.group.start), max(a.group.end, b.group.end)
                g = Group(s, e, fraction=(a.group.count, b.group.count), clause=b.group.clause)
                found.append(_Found(g, ind, False, b.sentence, b.paragraph, b.marker, b.jurisdiction, "",
                                    extra={"numerator": a.group.value, "denominator": b.group.value, "computed": True}))
    _computed_across_sentences(text, found, cat)
    for f, total in lead_totals:  # a lead-in total "…: 2.000 hồ sơ. Trong đó:", then an item "- trực tuyến: 1.900, tỷ lệ 95%"
        if f.extra.get("denominator") is None and total.indicator.id == f.indicator.denominator and not f.target:
            num = f.extra.get("numerator")
            if num is None or num <= total.group.value:
                f.extra["denominator"] = total.group.value
    _counts_on_lines_above(found)
    found.sort(key=lambda f: f.group.start)
    used = {(f.indicator.numerator, f.extra.get("numerator")) for f in found if f.indicator.is_rate}
    used |= {(f.indicator.denominator, f.extra.get("denominator")) for f in found if f.indicator.is_rate}
    seen_keys: dict[tuple, int] = {}
    seen_values: dict[tuple, int] = {}  # (indicator, place, value) of the figures so far, whatever their group
    target_keys: set[tuple] = set()
    for f in found:
        ind, g = f.indicator, f.group
        if f.part or not ind.emit:
            continue
        if f.target:
            t = _target(text, d, f, source)
            if t:
                tkey = tuple(sorted((t.to_dict() | {"quote": "", "start": 0, "end": 0}).items()))  # same target, any quote
                if tkey not in target_keys:
                    target_keys.add(tkey)
                    targets.append(t)
            continue
        if not ind.is_rate and (ind.id, g.value) in used:
            continue
        o = _observation(text, d, f, source)
        statements.append(o)
        key = (o.indicator, o.jurisdiction, o.breakdown, round(o.value, 4))
        same = seen_values.get(key[:2] + key[3:])
        if g.table_label and not o.breakdown and same is not None:
            key = (o.indicator, o.jurisdiction, obs[same].breakdown, key[3])  # a table's total row restating the
            # figure its text gives (with the text's group words): the text's, with the row's counts if it has none
        seen_values.setdefault(key[:2] + key[3:], len(obs))
        if key in seen_keys:
            k = seen_keys[key]
            prev = obs[k]
            if prev.numerator is None and o.numerator is not None or prev.denominator is None and o.denominator is not None:
                obs[k] = replace(prev, numerator=prev.numerator if prev.numerator is not None else o.numerator,
                                 denominator=prev.denominator if prev.denominator is not None else o.denominator)
            continue
        seen_keys[key] = len(obs)
        obs.append(o)
    obs = _with_refs(_drop_restated(obs))
    targets = _with_refs(targets)
    kept = [o for o in obs if o.confidence >= confidence.THRESHOLD]
    return Extraction(d, kept, targets, statements, source, [o for o in obs if o.confidence < confidence.THRESHOLD])


def _computed_across_sentences(text: str, found: list[_Found], cat: dict[str, Indicator]) -> None:
    """A total, then its part in the very next sentence, and no rate of the two stated in their paragraph: the rate
    they compute ("Trong quý, xã tiếp nhận N hồ sơ. Có A hồ sơ nộp trực tuyến, …"), for the same place and time."""
    by_para: dict[int, list[_Found]] = {}
    for f in found:
        if f.paragraph >= 0 and not f.target and not f.part:
            by_para.setdefault(f.paragraph, []).append(f)
    for fs in by_para.values():
        stated = {f.indicator.id for f in fs if f.indicator.is_rate}
        for ind in _computable(cat):
            if ind.id in stated:
                continue
            dens = [f for f in fs if f.indicator.id == ind.denominator]
            nums = [f for f in fs if f.indicator.id == ind.numerator]
            if len(dens) != 1 or len(nums) != 1:
                continue
            a, b = nums[0], dens[0]
            if a.sentence == b.sentence or text[b.sentence[1]:a.sentence[0]].strip() or a.jurisdiction != b.jurisdiction \
                    or a.marker is not b.marker or not 0 < a.group.value <= b.group.value:
                continue  # the part must open the next sentence's count, under the same time phrase and place
            g = Group(b.group.start, a.group.end, fraction=(a.group.count, b.group.count), clause=b.group.clause)
            found.append(_Found(g, ind, False, b.sentence, b.paragraph, b.marker, b.jurisdiction, "",
                                extra={"numerator": a.group.value, "denominator": b.group.value, "computed": True}))


def _counts_on_lines_above(found: list[_Found]) -> None:
    """A rate on its own line takes its numerator and denominator from the two lines just above it when they state
    them and the arithmetic agrees: a list of a total, its online part and their rate, one line each, is one statement."""
    by_para: dict[int, list[_Found]] = {}
    for f in found:
        if f.paragraph >= 0 and not f.target:
            by_para.setdefault(f.paragraph, []).append(f)
    for f in found:
        ind, g = f.indicator, f.group
        if (not ind.is_rate or f.target or g.percent is None or g.table_label or not (ind.numerator and ind.denominator)
                or f.extra.get("denominator") is not None):
            continue
        above = [o for k in (f.paragraph - 2, f.paragraph - 1, f.paragraph) for o in by_para.get(k, ())
                 if o.jurisdiction == f.jurisdiction and o.group.count is not None and o.group.percent is None
                 and o.group.start < g.start]
        dens = [o.group.value for o in above if o.indicator.id == ind.denominator]
        num = f.extra.get("numerator")
        nums = [num] if num is not None else [o.group.value for o in above if o.indicator.id == ind.numerator]
        if len(nums) == 1 and len(dens) == 1 and 0 < nums[0] <= dens[0] \
                and abs(100 * nums[0] / dens[0] - g.percent.value) <= figures.tolerance(g.percent.text):
            f.extra.update(numerator=nums[0], denominator=dens[0])


def ref_of(doc: str, indicator: str, breakdown: str, quote: str, n: int = 0) -> str:
    """A short id for a figure that stays the same when the same text is extracted again: a hash of what it is and says.

    >>> ref_of("bao-cao-thang-10", "online_application_rate", "", "đạt tỷ lệ 80,5%")
    '353812e1'
    """
    key = "\x1f".join((doc, indicator, breakdown, quote, str(n) if n else ""))
    return hashlib.sha1(key.encode("utf-8")).hexdigest()[:8]


def _with_refs(rows: list) -> list:
    """Give each row its ref; a second row with the same doc, indicator, breakdown and quote gets an occurrence number."""
    seen: dict[tuple, int] = {}
    out = []
    for r in rows:
        key = (r.doc, r.indicator, getattr(r, "breakdown", ""), r.quote)
        n = seen.get(key, 0)
        seen[key] = n + 1
        ref = ref_of(r.doc, r.indicator, getattr(r, "breakdown", ""), r.quote, n)
        out.append(r if r.ref == ref else replace(r, ref=ref))  # rows are made with their first-occurrence ref
    return out


def _drop_restated(obs: list[Observation]) -> list[Observation]:
    """A rounded restatement of an exact figure is the same fact: ``hơn 52 nghìn hồ sơ`` beside ``52.418 hồ sơ``."""
    exact: dict[tuple, list[float]] = {}
    cat = catalog()
    for o in obs:
        if "approximate" in o.flags:
            continue
        exact.setdefault((o.indicator, o.jurisdiction, o.breakdown), []).append(o.value)
        ind = cat.get(o.indicator)
        # a rate's stated counts are exact figures too: "Gần 300 nghìn người" over "297.450 người …, bằng 31,5%"
        for part, v in ((ind.numerator if ind else None, o.numerator), (ind.denominator if ind else None, o.denominator)):
            if part and v is not None:
                exact.setdefault((part, o.jurisdiction, o.breakdown), []).append(v)
    def restated(o: Observation) -> bool:
        if "approximate" not in o.flags or not o.value or o.numerator is not None or o.denominator is not None:
            return False
        near = max(0.02 * abs(o.value), _last_digit(o.value))  # "hơn 1,1 triệu" is any figure up to 1,2 triệu
        return any(abs(v - o.value) <= near for v in exact.get((o.indicator, o.jurisdiction, o.breakdown), ()))
    return [o for o in obs if not restated(o)]


def _last_digit(value: float) -> float:
    """The place of a rounded figure's last significant digit: eleven hundred thousand → a hundred thousand, a whole
    percent → 1, a percent to one decimal → 0,1."""
    if float(value).is_integer():
        n, unit = int(abs(value)), 1
        while n and n % 10 == 0:
            n, unit = n // 10, unit * 10
        return float(unit)
    return 10.0 ** -len(f"{abs(value):.6f}".rstrip("0").split(".")[1])


_PARTS_LEAD = re.compile(r"(?:" + figures.AMONG.pattern + r"|bao gồm|gồm)\s*:\s*$", re.IGNORECASE)


def _lead_in_parts(text: str, found: list[_Found], paras: list) -> list[tuple[_Found, _Found]]:
    """List items under ``…, trong đó:`` are parts of the figure the lead-in states; returns (item rate, lead-in figure) pairs."""
    starts = [s for s, _ in paras]
    para_of = {}
    for f in found:  # the paragraph holding each figure, by bisection: linear in the text, not quadratic
        i = bisect.bisect_right(starts, f.group.start) - 1
        if i >= 0 and paras[i][0] <= f.group.start < paras[i][1]:
            para_of[id(f)] = i
    by_para: dict[int, list[_Found]] = {}
    for f in found:
        if id(f) in para_of:
            by_para.setdefault(para_of[id(f)], []).append(f)
    pairs: list[tuple[_Found, _Found]] = []
    for i, (s, e) in enumerate(paras):
        if not text[max(s, e - 80):e].rstrip().endswith(":") or not _PARTS_LEAD.search(text, s, e):
            continue  # the cheap test first: most paragraphs do not end in a colon
        heads = {f.indicator.id: f for f in by_para.get(i, [])}
        j = i + 1
        kind = _item_kind(text[paras[j][0]:paras[j][1]]) if j < len(paras) else None
        # the items: list items of the first one's kind ("- …" bullets stop at "3. Dữ liệu bảo hiểm", a heading)
        while j < len(paras) and textmod._MARKER.match(text[paras[j][0]:paras[j][1]]) \
                and _item_kind(text[paras[j][0]:paras[j][1]]) == kind:
            for f in by_para.get(j, []):
                if f.indicator.id in heads and f.jurisdiction == heads[f.indicator.id].jurisdiction \
                        and f.target == heads[f.indicator.id].target:
                    f.part = True  # (an item for another place is that place's own figure)
                elif f.indicator.is_rate and f.indicator.denominator in heads:
                    pairs.append((f, heads[f.indicator.denominator]))
            j += 1
    return pairs


def _fmt(v: float | None) -> float | None:
    if v is None:
        return None
    return int(v) if float(v).is_integer() else round(float(v), 4)


def _quote_span(text: str, f: _Found) -> tuple[int, int]:
    g = f.group
    if g.table_label:
        return (g.row_start if g.row_start is not None else g.start), g.end  # the row from its first cell: "Phường Bắc Hà … 95"
    cs, ce = g.clause
    cs = min(cs, f.extra.get("quote_from", cs))  # an item of a list: from the list's subject
    s = max(cs, g.start - 200)  # the clause with its subject, at most 200 characters before the figure
    if s > cs:
        while s < g.start and text[s - 1].isalnum():
            s += 1  # never from mid-word
    ps = text.rfind("\n", s, g.start)
    if ps >= 0 and text[ps + 1:g.start].strip():
        s = ps + 1  # not across a heading line
    while s < g.start and not text[s].isalnum():
        s += 1  # from the first letter or digit
    e = g.end
    if g.percent is None and (g.count is not None or g.fraction is not None):
        e = g.end + len(g.after.rstrip())  # a count or fraction with what it counts: "40/40 cơ sở giáo dục"
    elif not any(c.isalpha() for c in text[s:g.start]):
        # "100% cơ sở khám, chữa bệnh … thanh toán không dùng tiền mặt": a figure that opens its clause, with its
        # subject and what it says of it (to the clause's end, at most 160 characters, never mid-word)
        e = min(ce, g.end + 160)
        if e < ce:
            while e > g.end and text[e - 1].isalnum():
                e -= 1
        e = max(e, g.end)
    while e > s and text[e - 1].isspace():
        e -= 1
    return s, e


def _observation(text: str, d: Document, f: _Found, source: str) -> Observation:
    g, ind = f.group, f.indicator
    s, e = _quote_span(text, f)
    m = f.marker
    scope = "cumulative"
    if ind.flow:
        # a rate with no time phrase is the state at the report's date; a count with none is the report's window
        # ... unless the rate is a share of the window's own counts, stated beside it ("500 hồ sơ, trong đó 410
        # hồ sơ trực tuyến, đạt 82%")
        counted = ind.is_rate and f.extra.get("denominator") is not None
        scope = (m.scope if m and m.scope else ("period" if d.states_window and (not ind.is_rate or counted)
                                                else "cumulative"))
    elif m and m.scope == "period" and m.as_of is None and f.sentence[0] <= m.pos < f.sentence[1] \
            and _IN_PERIOD.match(text, m.pos):
        scope = "period"  # "Trong kỳ chi trả tháng 9, … nhận qua tài khoản, đạt tỷ lệ 95%": a stock read in its own window
    flags = []
    if g.approximate:
        flags.append("approximate")
    if ind.flow and m and m.since and m.as_of:
        # the window the text names: a year to date, or a part of the period ("6 tháng đầu năm")
        ytd = m.since.month == 1 and m.since.day == 1 and scope == "cumulative"
        flags.append("year_to_date" if ytd else f"window={m.since.isoformat()}..{m.as_of.isoformat()}")
    num, den = f.extra.get("numerator"), f.extra.get("denominator")
    computed = f.extra.get("computed") or (g.percent is None and g.fraction is not None)
    value = g.value if not computed else round(100 * num / den, 2)
    if g.percent is not None and num is not None and den:
        if abs(100 * num / den - value) > figures.tolerance(g.percent.text):
            flags.append("rate_mismatch")
    conf, reasons = confidence.score(_features(text, d, f, s, e, flags, computed, num, den))
    return Observation(
        doc=d.doc, indicator=ind.id, value=_fmt(value), numerator=_fmt(num), denominator=_fmt(den),
        value_source="computed" if computed else "stated", scope=scope,
        as_of=m.as_of.isoformat() if m and m.as_of else "", period=d.period, jurisdiction=f.jurisdiction,
        breakdown=f.breakdown, quote=source[s:e], start=s, end=e, flags=";".join(flags),
        confidence=conf, reasons=reasons, ref=ref_of(d.doc, ind.id, f.breakdown, text[s:e]))


_LEVEL_VERB = re.compile(r"(?:đạt|là|chiếm|với|bằng|tương đương|tương ứng)\s*(?:tỷ lệ\s*|khoảng\s*|gần\s*|hơn\s*|trên\s*)?$", re.IGNORECASE)
_COMPARED_WITH = re.compile(r"\b(?:so với|cao hơn|thấp hơn|bình quân|trung bình|mức chung)\b", re.IGNORECASE)
# "nâng tổng số (hồ sơ …) lên 5.020": the running total of the count just stated
_RAISED_TO = re.compile(r"nâng\s+tổng(?:\s+số)?(?:\s+[^\d,;.]{1,50})?\s+lên\s*(?:là|thành)?\s*$", re.IGNORECASE)
_IN_PERIOD = re.compile(r"trong\s+kỳ\s+(?:chi trả|báo cáo)", re.IGNORECASE)
_RATE_WORD = re.compile(r"tỷ lệ|tỉ lệ|chiếm|đạt", re.IGNORECASE)


def _features(text: str, d: Document, f: _Found, s: int, e: int, flags: list[str], computed: bool,
              num: float | None, den: float | None) -> set[str]:
    """What the extractor saw of one figure, as the feature names ``de06.confidence`` weighs."""
    g, ind = f.group, f.indicator
    out = set()
    label = g.before[-80:] + " " + g.after
    pats = ind.cues + ind.topic + ind.near
    if pats and any(p.search(label) for p in pats):
        out.add("named")
    if ind.subject and g.unit and ind.subject.match(g.unit):
        out.add("unit")
    if g.percent is not None and num is not None and den and "rate_mismatch" not in flags:
        out.add("fraction_agrees")
    if computed:
        out.add("computed")
    if "approximate" in flags:
        out.add("approximate")
    if "rate_mismatch" in flags:
        out.add("rate_mismatch")
    if g.percent is not None and not g.unit and not g.table_label and not _RATE_WORD.search(g.before[-40:]):
        out.add("bare_percent")
    if e - s <= len(g.percent.text if g.percent is not None else "") + 8:
        out.add("short_quote")
    if g.table_label:
        out.add("table_cell")
    if f.jurisdiction != d.jurisdiction:
        out.add("other_place")
    if d.kind == "news":
        out.add("news")
    return out


def _target(text: str, d: Document, f: _Found, source: str) -> Target | None:
    g = f.group
    if g.percent is None and g.count is None:
        return None
    cs, ce = g.clause
    ss, se = f.sentence
    prefix = text[cs:g.start]
    comparator = directions.comparator(prefix)
    value = g.percent.value if g.percent is not None else g.count.value
    year = d.period_end.year if d.period_end else None
    deadline = (directions.column_deadline(g.table_header, year)
                # the line that opens a table of quotas: "Hoàn thành chỉ tiêu … trước ngày 30/6/2024, cụ thể:"
                or (directions.deadline_in(g.table_label, year) if g.table_label else None)
                or directions.label_deadline(prefix, year)
                or directions.deadline_in(prefix, year) or directions.year_named(prefix, d.dated)
                or directions.deadline_in(text[ss:se], year) or directions.item_deadline(text, g.end, year)
                # a table's title: "CHỈ TIÊU GIAO CHO CÁC HUYỆN … NĂM 2023"
                or (directions.year_named(g.table_label, d.dated) if g.table_label else None))
    if deadline is None:
        deadline = d.period_end if d.forward else documents.next_period_end(d)
    s, e = _quote_span(text, f)
    return Target(doc=d.doc, indicator=f.indicator.id, comparator=comparator, value=_fmt(value),
                  deadline=deadline.isoformat() if deadline else "", jurisdiction=f.jurisdiction,
                  set_in=d.dated.isoformat() if d.dated else "", quote=source[s:e], start=s, end=e)



def warm() -> None:
    """Load what every extraction reads (the catalog, its breakdowns and the lowercase twins of its cues, the place
    tables and their patterns) now: processes forked afterwards (``de06 extract`` on many files) share it instead of
    compiling it each."""
    for ind in catalog().values():
        for p in (*ind.cues, *ind.topic, *ind.near, ind.exclude):
            if p is not None:
                twin(p)
    breakdowns(), places.load()


def extract_file(path: str | Path) -> Extraction:
    """Extract from a .txt, .docx, .pdf or .html file; the document id is its name without extension.

    ``bao-cao-thang-10.docx`` → doc ``bao-cao-thang-10``; ``de06.readers`` turns the file into text.
    """
    p = Path(path)
    return extract_text(readers.read_document(p), p.stem)
