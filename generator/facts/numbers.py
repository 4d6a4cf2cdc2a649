"""Numbers as people write them ('US$558 million', '0.56bn', '13.17%', '1,837x', '43.5亿'), read into comparable values.

`read_numbers(text)` finds every number a sentence states, with its scale, currency and kind (a percentage, a
multiple or a plain amount); `Quantity.matches` says whether a figure's value is the number a source states.
"""
from __future__ import annotations

import functools
import math
import re
import unicodedata
from dataclasses import dataclass

SCALES = {
    "thousand": 1e3, "k": 1e3, "million": 1e6, "millions": 1e6, "mn": 1e6, "mln": 1e6, "m": 1e6,
    "mil": 1e6, "billion": 1e9, "billions": 1e9, "bn": 1e9, "b": 1e9, "trillion": 1e12, "trillions": 1e12, "tn": 1e12,
    "千": 1e3, "万": 1e4, "萬": 1e4, "十万": 1e5, "百万": 1e6, "千万": 1e7, "亿": 1e8, "億": 1e8, "十亿": 1e9,
    "百亿": 1e10, "千亿": 1e11, "万亿": 1e12, "萬億": 1e12,
}
# Prefix signs and suffix words, each read as an ISO code; '$' and '¥' alone could be one of several.
CURRENCY_PREFIXES = {
    "us$": "USD", "usd": "USD", "hk$": "HKD", "hkd": "HKD", "nt$": "TWD", "cn¥": "CNY", "rmb": "CNY", "cny": "CNY",
    "€": "EUR", "eur": "EUR", "£": "GBP", "$": "$", "¥": "¥", "￥": "¥",
}
CURRENCY_SUFFIXES = {
    "us dollars": "USD", "u.s. dollars": "USD", "hong kong dollars": "HKD", "dollars": "$", "yuan": "CNY",
    "renminbi": "CNY", "euros": "EUR", "美元": "USD", "港元": "HKD", "港币": "HKD", "港幣": "HKD", "人民币": "CNY",
    "元": "CNY", "usd": "USD", "hkd": "HKD", "cny": "CNY", "rmb": "CNY",
}
WILDCARDS = {"$": {"USD", "HKD", "TWD", "SGD", "AUD", "CAD"}, "¥": {"CNY", "JPY"}}
PERCENT_WORDS = ("%", "percent", "per cent", "percentage points", "percentage point", "个百分点", "個百分點")
TIMES_WORDS = ("times", "x", "×", "-fold", "fold", "倍")


def _alternation(words) -> str:
    return "|".join(re.escape(word) for word in sorted(words, key=len, reverse=True))


# The unit that follows a number: a letter word must end there ('558m', not '558 metres').
_WORD_END = r"(?![A-Za-z])"
NUMBER_RE = re.compile(
    rf"(?P<currency>(?:{_alternation(CURRENCY_PREFIXES)})\s?)?"
    r"(?P<number>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
    rf"(?:\s?(?P<scale>{_alternation(SCALES)}){_WORD_END})?"
    rf"(?:\s?(?P<suffix>{_alternation(CURRENCY_SUFFIXES)}){_WORD_END})?"
    rf"(?:\s?(?P<kind>{_alternation(PERCENT_WORDS + TIMES_WORDS)}){_WORD_END})?",
    re.IGNORECASE)


@dataclass(frozen=True)
class Quantity:
    """A number in base units (558 million is 558e6), how finely it is written, what it counts and in which money."""

    value: float
    step: float  # the value of one unit in the last written digit: '4.35 billion' has step 1e7
    kind: str = "amount"  # 'amount', 'percent' or 'times'
    currency: str | None = None
    written: str = ""

    def matches(self, stated: "Quantity", approximate: bool = False) -> bool:
        """True when stated is this figure's value: equal, or (approximate) the same number rounded either way."""
        if stated.kind != self.kind or not _same_currency(self.currency, stated.currency):
            return False
        difference = abs(abs(self.value) - abs(stated.value))
        if difference <= 1e-9 * max(abs(self.value), 1e-12):
            return True
        return approximate and difference <= max(self.step, stated.step) / 2 * (1 + 1e-9)


def _same_currency(figure: str | None, stated: str | None) -> bool:
    if figure is None or stated is None:
        return True  # a source often names the currency once per sentence, not at every number
    return figure == stated or figure in WILDCARDS.get(stated, ())


def read_numbers(text: str) -> list[Quantity]:
    """Every number the text states, in the order written."""
    return list(_read_cached(text))


@functools.lru_cache(maxsize=8192)
def _read_cached(text: str) -> tuple[Quantity, ...]:
    flat = unicodedata.normalize("NFKC", text)
    found: list[Quantity] = []
    for run in _runs(list(NUMBER_RE.finditer(flat)), flat):
        found += _shared_unit([_quantity(match) for match in run], run)
    return tuple(found)


# Numbers listed together share the unit written after the last: '17.5, 13.5 and 31.6 percentage points'.
LIST_GAP = re.compile(r"^\s*(?:[,、，;]\s*)?(?:(?:and|or)\s+|[和及与]\s*)?$")


def _runs(matches: list[re.Match], text: str) -> list[list[re.Match]]:
    runs: list[list[re.Match]] = []
    for match in matches:
        if runs and LIST_GAP.match(text[runs[-1][-1].end():match.start()]):
            runs[-1].append(match)
        else:
            runs.append([match])
    return runs


def _shared_unit(quantities: list[Quantity], run: list[re.Match]) -> list[Quantity]:
    last, end = quantities[-1], run[-1]
    if len(quantities) == 1 or not (end["scale"] or end["kind"] or end["suffix"]):
        return quantities
    return [_like(q, m, last, end) if not (m["scale"] or m["kind"] or m["suffix"]) else q
            for q, m in zip(quantities, run)]


def _like(quantity: Quantity, match: re.Match, last: Quantity, end: re.Match) -> Quantity:
    """A bare number of a list, read in the unit, scale and currency written after the list's last number."""
    scale = SCALES[_word(end["scale"])] if end["scale"] else 1.0
    return Quantity(quantity.value * scale, quantity.step * scale, last.kind,
                    quantity.currency or last.currency, quantity.written)


def _quantity(match: re.Match) -> Quantity:
    digits = match["number"].replace(",", "")
    scale = SCALES[_word(match["scale"])] if match["scale"] else 1.0
    kind = _kind(match["kind"])
    currency = _currency(match["currency"], match["suffix"])
    return Quantity(float(digits) * scale, _last_digit(digits) * scale, kind, currency, match[0].strip())


def _word(text: str) -> str:
    return " ".join(text.lower().split())


def _kind(word: str | None) -> str:
    if not word:
        return "amount"
    return "percent" if _word(word) in PERCENT_WORDS else "times"


def _currency(prefix: str | None, suffix: str | None) -> str | None:
    if prefix:
        return CURRENCY_PREFIXES[_word(prefix)]
    return CURRENCY_SUFFIXES[_word(suffix)] if suffix else None


def _last_digit(digits: str) -> float:
    """1 for '558', 0.01 for '4.35': the size of a step in the last digit written."""
    decimals = len(digits.partition(".")[2])
    return 10.0 ** -decimals


def figure_quantity(value: float, unit: str, currency: str | None = None) -> Quantity:
    """A figure's value in base units, read through its unit ('million', 'percent', 'times', 'US$ billion')."""
    words = _word(unit)
    scale = _unit_scale(words)
    kind = _unit_kind(words)
    return Quantity(value * scale, _written_step(value) * scale, kind, currency or _unit_currency(words))


def _unit_scale(words: str) -> float:
    for token in re.findall(r"[a-z]+|[^\sa-z0-9%$]+", words):
        if token in SCALES and len(token) > 1:  # 'm' or 'b' alone in a unit is more likely a metre or a byte
            return SCALES[token]
    return 1.0


def _unit_kind(words: str) -> str:
    if "%" in words or "percent" in words or "per cent" in words or "百分点" in words:
        return "percent"
    return "times" if words in ("times", "x", "倍", "fold") else "amount"


def _unit_currency(words: str) -> str | None:
    for sign, code in CURRENCY_PREFIXES.items():
        if len(sign) > 1 and sign in words and code not in WILDCARDS:
            return code
    return None


def _written_step(value: float) -> float:
    """The step of the last digit of value as a person would write it: 13.17 -> 0.01, 558 -> 1."""
    if value == 0 or float(value).is_integer():
        return 1.0
    text = f"{value:.10f}".rstrip("0")
    return 10.0 ** -len(text.partition(".")[2])


def describe(quantities: list[Quantity], limit: int = 12) -> str:
    """The numbers a text states, as written, for an error message: '558m, 13.17%, HK$4.35 billion'."""
    seen = list(dict.fromkeys(q.written for q in quantities))
    more = f" and {len(seen) - limit} more" if len(seen) > limit else ""
    return ", ".join(seen[:limit]) + more if seen else "no numbers"


def isclose(a: float, b: float) -> bool:
    """Equal up to floating-point noise."""
    return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-12)
