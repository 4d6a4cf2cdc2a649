"""Escape data for the Markdown (and HTML) context it lands in, so YAML text can never become markup.

Text from fact files is plain text. Placed in a page it must stay text: never a link, an attribute list `{ ... }`,
raw HTML, a heading, a list, a table cell break or a new block. The rules, in one place:

- whitespace runs (newlines included, and Unicode line separators) collapse to one space: no new block can start;
- `& < >` become `&amp; &lt; &gt;`, and the characters that open Markdown or extension syntax
  (`\\ ` * _ { } [ ] # | ~ ^`) become numeric character references, which every Markdown engine (Python-Markdown,
  CommonMark, Zensical) passes through as literal characters;
- the first character, when it is punctuation, and a dot or parenthesis after leading digits, become references too,
  so text placed at the start of a line cannot open a list, quote, admonition or heading.

`Markdown` marks strings the generator built itself (links, citation markers); templates print those unchanged and
escape everything else (see `render.py`'s Jinja `finalize`).
"""
from __future__ import annotations

import html
import json
import re
import string
from urllib.parse import quote, urlsplit

_ALWAYS = {"&": "&amp;", "<": "&lt;", ">": "&gt;"}
_ALWAYS.update({char: f"&#{ord(char)};" for char in "\\`*_{}[]#|~^"})
_ALWAYS_RE = re.compile("[" + re.escape("".join(_ALWAYS)) + "]")
_NUMBERED_LIST_START = re.compile(r"^(\d+)([.)])(?=\s|$)")
# Characters kept as they are in a URL; everything else (spaces, quotes, brackets, parentheses, non-ASCII) is
# percent-encoded so the URL cannot end a Markdown link early or break out of an HTML attribute.
_URL_SAFE = "/:?#&=%+@!$,;~*-._"
URL_SCHEMES = ("https",)


class Markdown(str):
    """Markdown the generator wrote itself: trusted, printed by templates without escaping."""

    __slots__ = ()


def text(value: object) -> Markdown:
    """Plain text as inline Markdown that renders as exactly that text and nothing else."""
    if isinstance(value, Markdown):
        return value
    flat = " ".join(str(value).split())
    escaped = _ALWAYS_RE.sub(lambda match: _ALWAYS[match.group()], flat)
    escaped = _NUMBERED_LIST_START.sub(lambda m: m.group(1) + f"&#{ord(m.group(2))};", escaped, count=1)
    if escaped[:1] and escaped[0] in string.punctuation and not escaped.startswith("&"):
        escaped = f"&#{ord(escaped[0])};" + escaped[1:]
    return Markdown(escaped)


def inline_text(value: object) -> Markdown:
    """Plain text inside a line that a template started (a message's words between its values): escaped like
    text(), but spaces at its ends kept, since it never starts a line."""
    escaped = _ALWAYS_RE.sub(lambda match: _ALWAYS[match.group()], re.sub(r"\s+", " ", str(value)))
    return Markdown(escaped)


def url(value: str, schemes: tuple[str, ...] = URL_SCHEMES) -> str:
    """A web address made safe as a Markdown link destination or HTML attribute; ValueError for other schemes."""
    scheme = urlsplit(str(value).strip()).scheme.lower()
    if scheme not in schemes:
        raise ValueError(f"refusing URL with scheme '{scheme or 'none'}': {value!r}")
    return quote(str(value).strip(), safe=_URL_SAFE)


def link(label: object, target: str) -> Markdown:
    """`<a href="target">label</a>` with the label escaped; target is a relative URL or an already checked address.
    An HTML link, not `[label](target)`: it reads the same in a Markdown paragraph and in the HTML blocks generated
    pages are made of, which no Markdown parser needs to read (see generator/engines/html_blocks.py)."""
    return Markdown(f'<a href="{html.escape(target, quote=True)}">{text(label)}</a>')


def external_link(label: object, address: str) -> Markdown:
    """A link to another site: https only."""
    return link(label, url(address))


def html_text(value: object) -> str:
    """Plain text for a place a theme prints raw into HTML (page title, meta description): HTML-escaped."""
    return html.escape(" ".join(str(value).split()), quote=True)


def yaml_string(value: str) -> Markdown:
    """A one-line YAML scalar for front matter (a JSON string is valid YAML)."""
    return Markdown(json.dumps(str(value), ensure_ascii=False))
