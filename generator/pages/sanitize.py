"""The second wall: generated pages' HTML passes through nh3 with an allowlist that keeps Material's markup.

The first wall is escaping (escaping.py): data never becomes markup. This one removes anything live that
slipped through anyway (a script, an event handler, a `javascript:` link) while keeping what the theme styles:
headings with their permalink anchors, admonitions, tables with alignment, figures, citation lists, `<time>`.
Another stage that puts richer HTML into generated pages widens the allowlist with `allow(...)` at import time.
"""
from __future__ import annotations

import nh3

TAGS = {
    "a", "abbr", "b", "blockquote", "br", "caption", "cite", "code", "col", "colgroup", "dd", "del", "details",
    "div", "dl", "dt", "em", "figcaption", "figure", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i", "ins", "kbd",
    "li", "mark", "ol", "p", "pre", "q", "s", "small", "span", "strong", "sub", "summary", "sup", "table", "tbody",
    "td", "tfoot", "th", "thead", "time", "tr", "u", "ul",
}
ATTRIBUTES = {
    "*": {"class", "id", "lang", "title", "dir", "role", "aria-label", "aria-hidden", "aria-describedby"},
    "a": {"href"},
    "blockquote": {"cite"},
    "details": {"open"},
    "ol": {"start", "reversed", "data-search-exclude"},
    "td": {"style", "colspan", "rowspan"},
    "th": {"style", "colspan", "rowspan", "scope"},
    "time": {"datetime"},
}
# Relative links (other pages, #anchors) always pass; absolute ones only with these schemes.
URL_SCHEMES = {"https", "mailto"}
# Python-Markdown's tables write alignment as style="text-align: ..."; no other property is needed.
STYLE_PROPERTIES = {"text-align"}

_cleaner: nh3.Cleaner | None = None


def allow(tags: set[str] = frozenset(), attributes: dict[str, set[str]] | None = None) -> None:
    """Widen the allowlist, e.g. allow({"canvas"}, {"div": {"data-chart"}}); call before the first clean()."""
    global _cleaner
    TAGS.update(tags)
    for tag, names in (attributes or {}).items():
        ATTRIBUTES.setdefault(tag, set()).update(names)
    _cleaner = None


def clean(html: str) -> str:
    """The HTML with everything outside the allowlist removed (script and style contents dropped entirely)."""
    global _cleaner
    if _cleaner is None:
        _cleaner = nh3.Cleaner(tags=set(TAGS), clean_content_tags={"script", "style"},
                               attributes={tag: set(names) for tag, names in ATTRIBUTES.items()},
                               url_schemes=set(URL_SCHEMES), filter_style_properties=set(STYLE_PROPERTIES),
                               link_rel=None, strip_comments=True)
    return _cleaner.clean(html)
