"""Stage 4, render: the linked graph as Markdown pages, through Jinja templates, with no site engine involved.

`render(graph)` returns {page path: Markdown}, for example 'companies/zhipu.md'. Page providers make the pages: one
per kind of record plus the index pages and the timeline. Another stage adds its own pages without touching these
templates by registering a provider:

    from generator.pages import render

    def chart_pages(renderer: render.Renderer) -> dict[str, str]:
        return {f"charts/{e.id}.md": renderer.template("chart.md.j2", f"charts/{e.id}.md", entry=e)
                for e in renderer.graph.all("charts")}

    render.register_pages(chart_pages)

Templates print every `{{ value }}` escaped for Markdown (see escaping.py) unless the value is `Markdown`
the generator built itself, such as `page.link(...)` or `page.cite(...)`: data can never become markup.
"""
from __future__ import annotations

import functools
import posixpath
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable
from urllib.parse import urlsplit

import jinja2

from generator.facts import excerpts
from generator.facts.link import Graph, SINGULAR
from generator.facts.problems import DataError, Problem
from generator.facts.validate import Entry
from generator.pages import formatting, views
from generator.pages.escaping import Markdown, external_link, html_text, link, text, yaml_string
from generator.pages.reuse import Fingerprints, PageCache, Reads

TEMPLATES = Path(__file__).parent / "templates"
RECORD_KINDS = ["companies", "people", "quotes", "events", "models"]
INDEX_TITLES = {"companies": "Companies", "people": "People", "quotes": "Quotes", "events": "Events",
                "models": "Models"}
# A list page shows at most this many records; a longer list goes on at <kind>/page-2/, page-3/, ..., so a
# reader's first visit to a list costs the same at 50 records and at 5,000 (issue 13).
PAGE_SIZE = 50
PAGED_NAME = re.compile(r"page-\d+")
# The order each list page shows its records in (id order otherwise), before it is cut into pages.
INDEX_ORDER: dict[str, Callable] = {
    "quotes": lambda entries: views.by_date(entries, views.quote_date)[::-1],  # newest first
    "events": lambda entries: views.by_date(entries, views.event_date)[::-1],
    "models": lambda entries: views.by_date(entries, views.model_date),  # oldest first
}
LANGUAGE_CODE = re.compile(r"^[a-z]{2,3}(?:-[A-Za-z0-9]{1,8})*$")
LANGUAGE_NAMES = {"en": "English", "zh": "Chinese", "zh-Hans": "Chinese", "zh-Hant": "Chinese", "ja": "Japanese",
                  "ko": "Korean", "fr": "French", "de": "German"}


def page_path(kind: str, id: str) -> str:
    """Where a record's page sits in the docs tree: 'companies/zhipu.md'."""
    return f"{kind}/{id}.md"


def page_url(kind: str, id: str) -> str:
    """The record page's URL relative to the site root: 'companies/zhipu/'."""
    return url_of(page_path(kind, id))


def url_of(path: str) -> str:
    """A docs path's URL from the site root: 'timeline.md' -> 'timeline/', 'people/index.md' -> 'people/'."""
    stem = path.removesuffix(".md")
    if stem == "index" or stem.endswith("/index"):
        return stem.removesuffix("index")
    return stem + "/"


@functools.lru_cache(maxsize=65536)
def relative_path(target: str, folder: str) -> str:
    """posixpath.relpath for two paths inside the docs tree, without its per-call getcwd (pages make thousands)."""
    here, there = folder.split("/") if folder else [], target.split("/")
    common = 0
    while common < len(here) and common < len(there) - 1 and here[common] == there[common]:
        common += 1
    return "/".join([".."] * (len(here) - common) + there[common:])


@dataclass
class Page:
    """One page being written: where it sits (for relative links) and the sources it cites, numbered in order."""

    graph: Graph
    path: str
    site_url: str = ""
    renderer: "Renderer | None" = None
    citations: list = field(default_factory=list)
    body: str = ""  # the Markdown being expanded, for embeds that read the rest of the page
    _numbers: dict = field(default_factory=dict)

    def href(self, target: str) -> Markdown:
        """Relative link from this page to another docs path, as MkDocs and Zensical resolve it."""
        return Markdown(relative_path(target, posixpath.dirname(self.path)))

    def link(self, kind: str, id: str, label: object = None) -> Markdown:
        """A link to a record's page, labelled with its name unless a label is given."""
        entry = self.graph.get(kind, id)
        return link(views.name_of(entry) if label is None else label, self.href(page_path(kind, id)))

    def link_entry(self, entry: Entry, label: object = None) -> Markdown:
        """A link to an entry's page."""
        return self.link(entry.kind, entry.id, label)

    def link_page(self, path: str, label: object) -> Markdown:
        """A link to any page of the docs tree by its path."""
        return link(label, self.href(path))

    def external(self, label: object, address: str) -> Markdown:
        """A link to another site (https only)."""
        return external_link(label, address)

    def cite(self, sources: Iterable) -> Markdown:
        """Numbered citation markers for sources, each linking to its entry in the page's list of sources."""
        numbers = [self._number(source) for source in sources]
        if not numbers:
            return Markdown("")
        marks = "".join(f"[&#91;{n}&#93;](#source-{n})" for n in numbers)
        return Markdown(f'<sup class="cite">{marks}</sup>')

    def _number(self, source) -> int:
        key = source.url
        if key not in self._numbers:
            self.citations.append(source)
            self._numbers[key] = len(self.citations)
        return self._numbers[key]

    @property
    def permalink(self) -> str:
        """The page's absolute address when the site URL is known, else its path from the site root."""
        return (self.site_url.rstrip("/") or "") + "/" + url_of(self.path)


class Renderer:
    """A Jinja environment over generator/templates that escapes every printed value for Markdown."""

    def __init__(self, graph: Graph, site_url: str = "", site_name: str = "", cache: PageCache | None = None):
        self.graph, self.site_url, self.site_name, self.cache = graph, site_url, site_name, cache
        self.env = environment()

    def record_page(self, entry: Entry, prints: Fingerprints | None = None) -> str:
        """A record's own page; with a cache, reused while nothing it reads has changed."""
        path, template = page_path(entry.kind, entry.id), f"{SINGULAR[entry.kind]}.md.j2"
        if self.cache is None or prints is None:
            return self.template(template, path, entry=entry, r=entry.record)

        def draw(reads: Reads) -> str:
            reads.get(entry.kind, entry.id)  # its own record is the page's first input
            return Renderer(reads, self.site_url, self.site_name).template(template, path, entry=entry,
                                                                            r=entry.record)
        return self.cache.page(path, self.graph, prints, (self.site_url, self.site_name), draw)

    def page(self, path: str) -> Page:
        """A fresh page context for the docs path."""
        return Page(self.graph, path, self.site_url, self)

    def template(self, name: str, path: str | Page, **context) -> str:
        """Render one template for the page at path; returns tidy Markdown."""
        page = path if isinstance(path, Page) else self.page(path)
        return tidy(self.env.get_template(name).render(page=page, graph=self.graph, **context))

    def fragment(self, name: str, page: Page, **context) -> Markdown:
        """Render a partial template (a quote card, a list of sources) into a page that is being written."""
        return Markdown(self.template(name, page, **context).rstrip("\n"))


@functools.lru_cache(maxsize=1)
def environment() -> jinja2.Environment:
    """The Jinja environment, made once per process: templates compile once, even across `mkdocs serve` rebuilds
    (templates are code: restart `serve` after editing one)."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(TEMPLATES)), autoescape=False, finalize=_escape_printed, auto_reload=False,
        undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)
    env.filters.update(FILTERS)
    env.globals.update(views=views, formatting=formatting, language_name=language_name,
                       backing_sources=excerpts.backing_sources)
    return env


def _escape_printed(value):
    """Jinja's finalize hook: every printed value is escaped unless the generator marked it as Markdown."""
    if isinstance(value, Markdown):
        return value
    if value is None:
        raise jinja2.TemplateError("a template printed None; guard optional fields with {% if %}")
    return text(value)


def tidy(markdown: str) -> str:
    """Strip trailing spaces (a Markdown line break) and runs of blank lines; end with one newline."""
    lines = [line.rstrip() for line in markdown.splitlines()]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip("\n") + "\n"


def language_name(code: str) -> str:
    """'zh' -> 'Chinese'; unknown codes are shown as written."""
    return LANGUAGE_NAMES.get(code, code)


def _join(items: Iterable, separator: str = ", ") -> Markdown:
    """Join values, escaping those that are not Markdown already."""
    return Markdown(separator.join(item if isinstance(item, Markdown) else text(item) for item in items))


def _lang_attribute(code: str) -> Markdown:
    """` lang="zh"` for a well-formed language code, else nothing (the value lands in an HTML attribute)."""
    return Markdown(f' lang="{code}"') if LANGUAGE_CODE.match(str(code)) else Markdown("")


def _excerpt_lang(excerpt: str) -> Markdown:
    """` lang="zh"` for an excerpt in Chinese characters, so readers and screen readers use a Chinese voice and font."""
    return Markdown(' lang="zh"') if formatting.is_chinese(excerpt) else Markdown("")


def _event_when(event) -> Markdown:
    """'8 January 2026', or '4 January 2026 to 6 January 2026' for an event that spans days."""
    if event.date:
        return text(formatting.date_text(event.date))
    return text(f"{formatting.date_text(event.start)} to {formatting.date_text(event.end)}")


def _host(address: str) -> str:
    return urlsplit(address).hostname or address


FILTERS: dict[str, Callable] = {
    "date": lambda value: text(formatting.date_text(value)),
    "iso": lambda value: text(formatting.iso(value)),
    "figure": lambda figure: text(formatting.figure_text(figure)),
    "number": lambda value: text(formatting.number(value)),
    "parameters": lambda value: text(formatting.parameters_text(value)),
    "company_kind": lambda value: text(formatting.COMPANY_KINDS.get(value, value)),
    "event_kind": lambda value: text(formatting.EVENT_KINDS.get(value, value)),
    "truncate_text": lambda value, limit=90: text(formatting.truncate(value, limit)),
    "front_matter": lambda value: yaml_string(html_text(value)),
    "join_md": _join,
    "lang": _lang_attribute,
    "excerpt_lang": _excerpt_lang,
    "label": lambda name: text(str(name).replace("_", " ").capitalize()),
    "event_when": _event_when,
    "host": _host,
    "entry_link": lambda entry, page: page.link_entry(entry),
    "company_link": lambda id, page: page.link("companies", id),
    "person_link": lambda id, page: page.link("people", id),
    "model_link": lambda id, page: page.link("models", id),
}

PageProvider = Callable[[Renderer], dict[str, str]]
PAGE_PROVIDERS: list[PageProvider] = []


def register_pages(provider: PageProvider) -> PageProvider:
    """Add a page provider: a function from the Renderer to {docs path: Markdown}. Usable as a decorator."""
    if provider not in PAGE_PROVIDERS:
        PAGE_PROVIDERS.append(provider)
    return provider


def render(graph: Graph, site_url: str = "", site_name: str = "", cache: PageCache | None = None) -> dict[str, str]:
    """Every generated page, {docs path: Markdown}, sorted by path; DataError for ids that would clash. A cache
    kept between builds (the live preview's) reuses the record pages whose inputs are unchanged."""
    _check_reserved_ids(graph)
    renderer = Renderer(graph, site_url, site_name, cache)
    pages: dict[str, str] = {}
    for provider in [record_pages, index_pages, timeline_page, *PAGE_PROVIDERS]:
        for path, markdown in provider(renderer).items():
            if path in pages:
                raise ValueError(f"two page providers both write {path}")
            pages[path] = markdown
    return dict(sorted(pages.items()))


def _check_reserved_ids(graph: Graph) -> None:
    clashes = [Problem(entry.path, 1, 1, f"the id '{entry.id}' is reserved for the list pages of its kind; rename "
                       "the file") for kind in graph.entries for entry in graph.all(kind)
               if entry.id == "index" or PAGED_NAME.fullmatch(entry.id)]
    if clashes:
        raise DataError(clashes)


def record_pages(renderer: Renderer) -> dict[str, str]:
    """One page per company, person, quote, event and model."""
    prints = Fingerprints() if renderer.cache is not None else None
    pages = {page_path(kind, entry.id): renderer.record_page(entry, prints)
             for kind in RECORD_KINDS for entry in renderer.graph.all(kind)}
    if renderer.cache is not None:
        renderer.cache.keep_only(set(pages))
    return pages


@dataclass
class Pager:
    """Where one page of a long list stands: its number and the docs paths of all the list's pages."""

    number: int
    paths: list[str]

    @property
    def count(self) -> int:
        """How many pages the list has."""
        return len(self.paths)

    @property
    def previous(self) -> str | None:
        """The docs path of the page before, if any."""
        return self.paths[self.number - 2] if self.number > 1 else None

    @property
    def next(self) -> str | None:
        """The docs path of the page after, if any."""
        return self.paths[self.number] if self.number < self.count else None

    def title(self, base: str) -> str:
        """'Companies' on the first page, 'Companies, page 2 of 3' on the others."""
        return base if self.number == 1 else f"{base}, page {self.number} of {self.count}"


def paged(entries: list[Entry], first: str, folder: str) -> list[tuple[str, list[Entry], Pager]]:
    """A list cut into pages of PAGE_SIZE: (docs path, entries, pager) for each, the first page at `first`."""
    chunks = [entries[start:start + PAGE_SIZE] for start in range(0, len(entries), PAGE_SIZE)] or [[]]
    paths = [first] + [f"{folder}/page-{number}.md" for number in range(2, len(chunks) + 1)]
    return [(path, chunk, Pager(number, paths)) for number, (path, chunk) in enumerate(zip(paths, chunks), 1)]


def index_pages(renderer: Renderer) -> dict[str, str]:
    """A list page per kind: companies/index.md, people/index.md, ... (and companies/page-2.md on, when long)."""
    pages = {}
    for kind in RECORD_KINDS:
        ordered = INDEX_ORDER.get(kind, list)(renderer.graph.all(kind))
        for path, chunk, pager in paged(ordered, f"{kind}/index.md", kind):
            pages[path] = renderer.template(f"{kind}_index.md.j2", path, entries=chunk, pager=pager,
                                            title=pager.title(INDEX_TITLES[kind]))
    return pages


def timeline_page(renderer: Renderer) -> dict[str, str]:
    """timeline.md: every event, oldest first, grouped by year (going on at timeline/page-2.md when long)."""
    events = views.by_date(renderer.graph.all("events"), views.event_date)
    pages = {}
    for path, chunk, pager in paged(events, "timeline.md", "timeline"):
        years: dict[int, list[Entry]] = {}
        for event in chunk:
            years.setdefault(formatting.date_sort_key(views.event_date(event.record))[0], []).append(event)
        pages[path] = renderer.template("timeline.md.j2", path, years=years, pager=pager,
                                        title=pager.title("Timeline"))
    return pages
