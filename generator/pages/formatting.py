"""Human-readable forms of dates, figures and kinds, shared by pages, embeds and data files."""
from __future__ import annotations

import datetime as dt

from babel.dates import format_date, format_skeleton
from babel.numbers import format_compact_decimal, format_decimal, get_currency_name

from generator.pages.i18n import N_, NP_, gettext, locale, pgettext


MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December"]

CURRENCY_SIGNS = {"USD": "US$", "HKD": "HK$", "CNY": "CN¥", "EUR": "€", "GBP": "£", "JPY": "¥", "TWD": "NT$"}
# Scale words stay words ('4.3 billion'); units that read as symbols attach to the number.
SYMBOL_UNITS = {"percent": "%"}

COMPANY_KINDS = {"lab": N_("AI lab"), "big-tech": N_("Big tech"), "startup": N_("Start-up"),
                 "adopter": N_("Adopter"), "chipmaker": N_("Chipmaker"), "investor": N_("Investor"),
                 "university": N_("University"), "government": N_("Government")}
EVENT_KINDS = {"summit": N_("Summit"), "ipo": N_("IPO"), "acquisition": N_("Acquisition"), "release": N_("Release"),
               "policy": N_("Policy"), "funding": N_("Funding"), "milestone": N_("Milestone"), "speech": N_("Speech"),
               "market": N_("Market"), "listing": N_("Listing"), "report": N_("Report")}
# Scale words a figure's unit may start with, as powers of ten: in Chinese the number is rescaled (5.58亿).
SCALES = {"thousand": 3, "million": 6, "billion": 9, "trillion": 12}
# Units of figures, for the catalog: a figure's unit (after its scale word) is translated where it is shown.
UNITS = [N_("accounts"), N_("benchmarks"), N_("chips"), N_("companies"), N_("data centres"), N_("entities"),
         N_("exchanges"), N_("models"), N_("months"), N_("shares"), N_("times"), N_("tokens"), N_("per share")]


def company_kind(kind: str, language: str = "en") -> str:
    """'Start-up' for 'startup', in the language."""
    return gettext(language, COMPANY_KINDS.get(kind, kind))


def event_kind(kind: str, language: str = "en") -> str:
    """'IPO' for 'ipo', in the language."""
    return gettext(language, EVENT_KINDS.get(kind, kind))


# How a derived figure's page names its formula ('percent-change' is written out).
FORMULAS = {"sum": N_("sum"), "difference": N_("difference"), "ratio": N_("ratio"), "product": N_("product"),
            "percent-change": N_("percent change")}
# Record fields a dispute may name, as its heading shows them ('Disputed: Founded'): in their own context, since
# 'Title' here is an event's or a chart's and 'Text' a quote's wording, not a person's title or a table's text.
FIELD_CONTEXT = "record field"
FIELD_LABELS = [
    NP_("record field", "Data"), NP_("record field", "Date"), NP_("record field", "Figures"),
    NP_("record field", "Founded"), NP_("record field", "Parameters"), NP_("record field", "Released"),
    NP_("record field", "Roles"), NP_("record field", "Summary"), NP_("record field", "Text"),
    NP_("record field", "Title"), NP_("record field", "Headquarters"), NP_("record field", "Name")]


def formula_name(formula: str, language: str = "en") -> str:
    """'percent change' for 'percent-change', in the language."""
    return gettext(language, FORMULAS.get(formula, formula.replace("-", " ")))


def field_label(name: str, language: str = "en") -> str:
    """'Founded' for the field 'founded', in the language."""
    return pgettext(language, FIELD_CONTEXT, str(name).replace("_", " ").capitalize())


def date_text(value: object, language: str = "en") -> str:
    """'2019', 'October 2022' or '8 January 2026' from a date or a partial date string; in another language as
    its readers write dates ('2026年1月8日', '2022年10月')."""
    if language != "en":
        return _local_date(value, language)
    if isinstance(value, dt.date):
        return f"{value.day} {MONTHS[value.month - 1]} {value.year}"
    parts = [int(part) for part in str(value).split("-")]
    if len(parts) == 1:
        return str(parts[0])
    if len(parts) == 2:
        return f"{MONTHS[parts[1] - 1]} {parts[0]}"
    return date_text(dt.date(*parts))


def _local_date(value: object, language: str) -> str:
    if isinstance(value, dt.date):
        return format_date(value, "long", locale=locale(language))
    parts = [int(part) for part in str(value).split("-")]
    day = dt.date(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1)
    skeleton = {1: "y", 2: "yMMM", 3: "yMMMd"}[len(parts)]
    return format_skeleton(skeleton, day, locale=locale(language))


def iso(value: object) -> str:
    """The machine-readable form of a date or partial date, for `<time datetime>` and data files."""
    return value.isoformat() if isinstance(value, dt.date) else str(value)


def date_sort_key(value: object) -> tuple[int, int, int]:
    """(year, month, day) with unknown parts as 0, for dates and partial dates alike."""
    if isinstance(value, dt.date):
        return (value.year, value.month, value.day)
    parts = [int(part) for part in str(value).split("-")]
    return tuple(parts + [0] * (3 - len(parts)))  # type: ignore[return-value]


def number(value: float, language: str = "en") -> str:
    """A number with thousands separators and no trailing '.0': 37419500 -> '37,419,500', 13.17 -> '13.17'."""
    if language != "en":
        return format_decimal(value, "#,##0.##########", locale=locale(language))
    if float(value).is_integer():
        return f"{int(value):,}"
    return f"{value:,.10f}".rstrip("0").rstrip(".")


def figure_text(figure, language: str = "en") -> str:
    """A figure as a reader says it: 'about HK$57.9 billion', '13.17%', '1,159.46 times'; in Chinese
    '约579亿港元', '13.17%', '1,159.46倍'."""
    if language != "en":
        return _local_figure(figure, language)
    amount = number(figure.value)
    if figure.currency:
        amount = CURRENCY_SIGNS.get(figure.currency, figure.currency + " ") + amount
    unit = figure.unit.strip()
    if unit in SYMBOL_UNITS:
        amount += SYMBOL_UNITS[unit]
    elif unit:
        amount += " " + unit
    return ("about " if figure.approximate else "") + amount


def _local_figure(figure, language: str) -> str:
    """A figure in another language: the scale folded into the number the way its readers count (Chinese
    counts in 万 and 亿), the currency and unit named after it."""
    scale, _, rest = figure.unit.strip().partition(" ")
    if scale in SCALES:
        amount = format_compact_decimal(figure.value * 10 ** SCALES[scale], locale=locale(language),
                                        fraction_digits=max(0, _decimals(figure.value) + SCALES[scale] - 4))
        unit = rest
    else:
        amount, unit = number(figure.value, language), figure.unit.strip()
    if unit in SYMBOL_UNITS:
        amount += SYMBOL_UNITS[unit]
        unit = ""
    currency = get_currency_name(figure.currency, locale=locale(language)) if figure.currency else ""
    if unit == "per share":
        text = gettext(language, unit) + amount + currency
    else:
        text = amount + currency + (gettext(language, unit) if unit else "")
    return (gettext(language, "about ") if figure.approximate else "") + text


def _decimals(value: float) -> int:
    """How many decimals a number is written with: 4.348 -> 3."""
    written = f"{value:.10f}".rstrip("0")
    return len(written.split(".")[1]) if "." in written else 0


def parameters_text(parameters, language: str = "en") -> str:
    """'671B total, 37B active' or '7B'; in Chinese '总参数6710亿，激活370亿'."""
    if parameters is None:
        return ""
    if language != "en":
        total = format_compact_decimal(parameters.total * 1e9, locale=locale(language), fraction_digits=2)
        if not parameters.active:
            return total
        active = format_compact_decimal(parameters.active * 1e9, locale=locale(language), fraction_digits=2)
        return gettext(language, "%(total)s total, %(active)s active") % {"total": total, "active": active}
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
