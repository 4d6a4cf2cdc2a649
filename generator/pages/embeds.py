"""Embeds: `[[kind:id]]` in any Markdown page, hand-written or generated, becomes a piece of the fact graph.

Syntax
    On a line of its own, an embed is a block:    [[quote:lin-below-20]]   -> a quote card
    Inside a sentence, it is inline:               ... [[company:zhipu]] ... -> a link to the record's page by name
    A figure of an event:                          [[fact:zhipu-ipo/raised-usd]] -> 'about US$558 million' + citation
    A page's own contents:                         [[contents:below]] -> a list of the `##` headings after it
    Embeds inside `code` or fenced code blocks are left alone, and so is one written `\\[[...]]`.
Citations that embeds make are numbered per page; the page then ends with a "Sources" list.
An unknown kind or id is an error that names the file, line and column, with a "did you mean".

Registering a kind (the charts stage registers "chart"):

    from generator.pages import embeds

    def chart(ref: embeds.Ref, page: render.Page) -> str:
        entry = embeds.lookup(page.graph, "charts", ref)      # raises EmbedError with a did-you-mean
        return f'<div class="chart" id="chart-{entry.id}"></div>' if ref.block else page.link_entry(entry)

    embeds.register("chart", chart)

An embed function receives
    ref   Ref(kind, id, block): block is True when the embed stands on a line of its own;
    page  the render.Page being expanded: page.graph (the linked graph), page.path (docs path such as 'index.md'),
          page.link(kind, id), page.href(docs path) for relative links, page.cite(sources) for numbered citations,
          and page.renderer to render a template from generator/templates (page.renderer.fragment(name, page, ...)).
It returns Markdown: a block (one or more lines) when ref.block, else inline Markdown. Escape every piece of data
text with escaping.text (templates do this by themselves). It raises EmbedError(message) for a bad id.
"""
from __future__ import annotations

import html
import re
from dataclasses import dataclass
from typing import Callable

from generator.facts import excerpts
from generator.facts.link import SINGULAR
from generator.facts.problems import DataError, Problem, did_you_mean
from generator.facts.validate import Entry
from generator.pages import formatting
from generator.pages.escaping import Markdown, text
from generator.pages.i18n import N_, gettext, speaking
from generator.pages.render import Page, Renderer

EMBED = re.compile(r"(?<!\\)\[\[([a-z][a-z-]*):([^\[\]\s]+)\]\]")
BLOCK_LINE = re.compile(r"^(\s*)(?<!\\)\[\[([a-z][a-z-]*):([^\[\]\s]+)\]\]\s*$")
FENCE = re.compile(r"^\s{0,3}(`{3,}|~{3,})")
CODE_SPAN = re.compile(r"(`+)(?:.+?)\1", re.S)
KIND_OF = {singular: kind for kind, singular in SINGULAR.items()}


@dataclass(frozen=True)
class Ref:
    """One embed as written: its kind ('quote'), id ('lin-below-20') and whether it stands alone on its line."""

    kind: str
    id: str
    block: bool


class EmbedError(Exception):
    """An embed that cannot be expanded; the message says why, the expander adds where."""


EmbedFunction = Callable[[Ref, Page], str]
REGISTRY: dict[str, EmbedFunction] = {}


def register(kind: str, function: EmbedFunction) -> None:
    """Make `[[kind:...]]` call function(ref, page); a later registration of the same kind replaces it."""
    REGISTRY[kind] = function


def lookup(graph, kind: str, ref: Ref) -> Entry:
    """The entry a ref names, or EmbedError: '<singular> '<id>' not found (did you mean ...)'."""
    known = graph.entries.get(kind, {})
    if ref.id not in known:
        raise EmbedError(f"{SINGULAR.get(kind, kind)} '{ref.id}' not found" + did_you_mean(ref.id, known))
    return known[ref.id]


def expand(markdown: str, renderer: Renderer, path: str, shown: str | None = None, first_line: int = 1) -> str:
    """The page's Markdown with every embed expanded; DataError listing every bad embed with file:line:col."""
    if "[[" not in markdown:
        return markdown
    page = renderer.page(path)
    page.body = markdown
    problems: list[Problem] = []
    with speaking(renderer.language):  # charts drawn inside an embed read the language from the context
        lines = [_expand_line(line, number, page, shown or path, problems)
                 for number, line in _lines_outside_fences(markdown, first_line)]
    if problems:
        raise DataError(problems)
    result = "\n".join(lines)
    if page.citations:
        result = result.rstrip("\n") + "\n\n" + renderer.fragment("_sources.md.j2", page)
    return result


def check(markdown: str, renderer: Renderer, path: str, shown: str | None = None, first_line: int = 1) -> list:
    """Every problem with the page's embeds, as located Problems; nothing is returned for a clean page."""
    try:
        expand(markdown, renderer, path, shown, first_line)
    except DataError as error:
        return error.problems
    return []


def _lines_outside_fences(markdown: str, first_line: int):
    """(line number, line) pairs; lines inside fenced code come back with number None, to be left alone."""
    fence = None
    for offset, line in enumerate(markdown.split("\n")):
        match = FENCE.match(line)
        if fence is None and match:
            fence = match.group(1)
            yield None, line
        elif fence is not None:
            if match and match.group(1)[0] == fence[0] and len(match.group(1)) >= len(fence) \
                    and not line.strip().strip(fence[0]):
                fence = None
            yield None, line
        else:
            yield first_line + offset, line


def _expand_line(line: str, number: int | None, page: Page, shown: str, problems: list) -> str:
    if number is None or "[[" not in line:
        return line
    block = BLOCK_LINE.match(line)
    if block:
        indent, kind, id = block.groups()
        out = _call(Ref(kind, id, True), page, shown, number, len(indent) + 1, problems)
        return "\n".join(indent + part if part else part for part in out.split("\n")) if out else line
    return _expand_inline(line, number, page, shown, problems)


def _expand_inline(line: str, number: int, page: Page, shown: str, problems: list) -> str:
    code = [match.span() for match in CODE_SPAN.finditer(line)]

    def replace(match: re.Match) -> str:
        if any(start <= match.start() < end for start, end in code):
            return match.group()
        return _call(Ref(match.group(1), match.group(2), False), page, shown, number, match.start() + 1,
                     problems) or match.group()

    return EMBED.sub(replace, line)


def _call(ref: Ref, page: Page, shown: str, line: int, col: int, problems: list) -> str:
    function = REGISTRY.get(ref.kind)
    try:
        if function is None:
            raise EmbedError(f"unknown embed kind '{ref.kind}'" + did_you_mean(ref.kind, REGISTRY)
                             + "; known kinds: " + ", ".join(sorted(REGISTRY)))
        return function(ref, page)
    except EmbedError as error:
        problems.append(Problem(shown, line, col, f"[[{ref.kind}:{ref.id}]]: {error}"))
        return ""


def record_embed(ref: Ref, page: Page) -> str:
    """Inline: a link to the record's page. Block: a quote card for a quote, else a short card with the summary."""
    entry = lookup(page.graph, KIND_OF[ref.kind], ref)
    if not ref.block:
        return page.link_entry(entry)
    if entry.kind == "quotes":
        return page.renderer.fragment("_quote_card.md.j2", page, quote=entry)
    return page.renderer.fragment("_record_card.md.j2", page, entry=entry)


def fact_embed(ref: Ref, page: Page) -> str:
    """A figure of an event, `[[fact:<event>/<figure>]]`: its value as a reader says it, with its citation."""
    event_id, _, figure_id = ref.id.partition("/")
    event = lookup(page.graph, "events", Ref("event", event_id, ref.block))
    figures = {figure.id: figure for figure in event.record.figures}
    if figure_id not in figures:
        raise EmbedError(f"event '{event_id}' has no figure '{figure_id}'" + did_you_mean(figure_id, figures)
                         + ("; write [[fact:<event>/<figure>]]" if not figure_id else ""))
    figure = figures[figure_id]
    value = text(formatting.figure_text(figure, page.language))
    cited = page.cite(excerpts.backing_sources(figure, event, page.graph))
    return Markdown(f'<span class="fact">{value}</span>{cited}')


CONTENTS_TITLE = N_("In this explainer")
HEADING = re.compile(r"^## +(.+?)(?: +\{[^}]*#([\w-]+)[^}]*\})?[ \t]*$", re.M)


def contents_embed(ref: Ref, page: Page) -> str:
    """`[[contents:below]]` on a line of its own: the `##` headings after it, as a list of links to their ids.
    Done here rather than in a theme template, so every engine's page carries the same list."""
    if not ref.block or ref.id != "below":
        raise EmbedError("write [[contents:below]] on a line of its own")
    later = page.body.partition(f"[[contents:{ref.id}]]")[2]
    headings = HEADING.findall(later)
    unnamed = [title for title, anchor in headings if not anchor]
    if unnamed:
        raise EmbedError(f"heading '{unnamed[0]}' after it needs an id, as in '## {unnamed[0]} {{ #its-id }}'")
    items = "".join(f'<li><a href="#{anchor}">{html.escape(title)}</a></li>' for title, anchor in headings)
    # Raw HTML, so its heading stays out of the page's table of contents in every engine.
    return Markdown('<nav class="home-contents" aria-labelledby="home-contents-title">'
                    '<h2 class="home-contents__title" id="home-contents-title">'
                    f'{html.escape(gettext(page.language, CONTENTS_TITLE))}</h2>'
                    f'<ol class="home-contents__list">{items}</ol></nav>')


register("contents", contents_embed)
for _singular in ("company", "person", "quote", "event", "model"):
    register(_singular, record_embed)
register("fact", fact_embed)


FRONT_MATTER = re.compile(r"^-{3}[ \t]*\n(.*?\n)(?:\.{3}|-{3})[ \t]*\n", re.S)


def split_front_matter(source: str) -> tuple[str, str, int]:
    """(front matter block, body, line number of the body's first line), as MkDocs splits a page."""
    match = FRONT_MATTER.match(source)
    if not match:
        return "", source, 1
    body = source[match.end():].lstrip("\n")
    front = source[: len(source) - len(body)]
    return front, body, front.count("\n") + 1


def body_first_line(source: str, body: str) -> int:
    """Line number in source where body (the page's Markdown after MkDocs removed the front matter) starts."""
    return source[: len(source) - len(body)].count("\n") + 1 if source.endswith(body) else 1
