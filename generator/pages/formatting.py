"""Human-readable forms of dates, figures and kinds, shared by pages, embeds and data files."""
from __future__ import annotations

import datetime as dt

MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December"]

CURRENCY_SIGNS = {"USD": "US$", "HKD": "HK$", "CNY": "CN¥", "EUR": "€", "GBP": "£", "JPY": "¥", "TWD": "NT$"}
# Scale words stay words ('4.3 billion'); units that read as symbols attach to the number.
SYMBOL_UNITS = {"percent": "%"}

COMPANY_KINDS = {"lab": "AI lab", "big-tech": "Big tech", "startup": "Start-up", "adopter": "Adopter",
                 "chipmaker": "Chipmaker", "investor": "Investor", "university": "University",
                 "government": "Government"}
EVENT_KINDS = {"summit": "Summit", "ipo": "IPO", "acquisition": "Acquisition", "release": "Release",
               "policy": "Policy", "funding": "Funding", "milestone": "Milestone", "speech": "Speech",
               "market": "Market", "listing": "Listing", "report": "Report"}


def date_text(value: object) -> str:
    """'2019', 'October 2022' or '8 January 2026' from a date or a partial date string."""
    if isinstance(value, dt.date):
        return f"{value.day} {MONTHS[value.month - 1]} {value.year}"
    parts = [int(part) for part in str(value).split("-")]
    if len(parts) == 1:
        return str(parts[0])
    if len(parts) == 2:
        return f"{MONTHS[parts[1] - 1]} {parts[0]}"
    return date_text(dt.date(*parts))


def iso(value: object) -> str:
    """The machine-readable form of a date or partial date, for `<time datetime>` and data files."""
    return value.isoformat() if isinstance(value, dt.date) else str(value)


def date_sort_key(value: object) -> tuple[int, int, int]:
    """(year, month, day) with unknown parts as 0, for dates and partial dates alike."""
    if isinstance(value, dt.date):
        return (value.year, value.month, value.day)
    parts = [int(part) for part in str(value).split("-")]
    return tuple(parts + [0] * (3 - len(parts)))  # type: ignore[return-value]


def number(value: float) -> str:
    """A number with thousands separators and no trailing '.0': 37419500 -> '37,419,500', 13.17 -> '13.17'."""
    if float(value).is_integer():
        return f"{int(value):,}"
    return f"{value:,.10f}".rstrip("0").rstrip(".")


def figure_text(figure) -> str:
    """A figure as a reader says it: 'about HK$57.9 billion', '13.17%', '1,159.46 times'."""
    amount = number(figure.value)
    if figure.currency:
        amount = CURRENCY_SIGNS.get(figure.currency, figure.currency + " ") + amount
    unit = figure.unit.strip()
    if unit in SYMBOL_UNITS:
        amount += SYMBOL_UNITS[unit]
    elif unit:
        amount += " " + unit
    return ("about " if figure.approximate else "") + amount


def parameters_text(parameters) -> str:
    """'671B total, 37B active' or '7B'."""
    if parameters is None:
        return ""
    total = number(parameters.total) + "B"
    return f"{total} total, {number(parameters.active)}B active" if parameters.active else total


def is_chinese(text: str) -> bool:
    """True when the text holds Chinese characters (CJK Unified Ideographs, extension A included)."""
    return any("\u3400" <= char <= "\u9fff" for char in text)


def truncate(value: str, limit: int = 90) -> str:
    """Text cut at a word boundary to at most limit characters, with an ellipsis when cut."""
    flat = " ".join(value.split())
    if len(flat) <= limit:
        return flat
    cut = flat[: limit - 1].rsplit(" ", 1)[0].rstrip(",;:.")
    return cut + "…"
