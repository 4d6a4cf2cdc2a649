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

import contextlib
import contextvars
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
from generator.facts.translations import Untranslated
from generator.pages import formatting, views
from generator.pages.escaping import Markdown, external_link, html_text, inline_text, link, text, yaml_string
from generator.pages.i18n import N_, gettext
from generator.pages.reuse import Fingerprints, PageCache, Reads

TEMPLATES = Path(__file__).parent / "templates"
RECORD_KINDS = ["companies", "people", "quotes", "events", "models"]
INDEX_TITLES = {"companies": N_("Companies"), "people": N_("People"), "quotes": N_("Quotes"), "events": N_("Events"),
                "models": N_("Models")}
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
LANGUAGE_NAMES = {"en": N_("English"), "zh": N_("Chinese"), "zh-Hans": N_("Chinese"), "zh-Hant": N_("Chinese"),
                  "ja": N_("Japanese"), "ko": N_("Korean"), "fr": N_("French"), "de": N_("German")}
# Between the parts of a phrase ('Lin Junyang, technical lead, Alibaba'): Chinese writes a full-width comma.
COMMAS = {"zh": "，"}
PLACEHOLDER = re.compile(r"%\((\w+)\)s")


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


# What a relative link in a generated page is relative to. MkDocs leaves links in raw HTML as they are, so they
# start from the page's URL ('companies/zhipu/'); Zensical rewrites every relative link, raw HTML included, as if
# it started from the Markdown file's folder ('companies/'). Zensical's export sets this with links_from_source().
_FROM_SOURCE: contextvars.ContextVar[bool] = contextvars.ContextVar("links_from_source", default=False)


@contextlib.contextmanager
def links_from_source():
    """Pages rendered inside write their links relative to their Markdown file's folder, for Zensical."""
    token = _FROM_SOURCE.set(True)
    try:
        yield
    finally:
        _FROM_SOURCE.reset(token)


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

    @property
    def language(self) -> str:
        """The language of the edition the page belongs to."""
        return self.renderer.language if self.renderer is not None else "en"

    def href(self, target: str) -> Markdown:
        """The relative URL from this page to another docs path (a page or a file), as the built site serves it:
        from 'companies/zhipu.md', 'people/tang-jie.md' is '../../people/tang-jie/'."""
        served = url_of(target) if target.endswith(".md") else target.removesuffix("index.html")
        start = posixpath.dirname(self.path) if _FROM_SOURCE.get() else url_of(self.path).rstrip("/")
        return Markdown(relative_path(served, start) or "./")

    def link(self, kind: str, id: str, label: object = None) -> Markdown:
        """A link to a record's page, labelled with its name unless a label is given."""
        entry = self.graph.get(kind, id)
        return link(views.name_of(entry, self.language) if label is None else label, self.href(page_path(kind, id)))

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
        marks = "".join(f'<a href="#source-{n}">&#91;{n}&#93;</a>' for n in numbers)
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

    def __init__(self, graph: Graph, site_url: str = "", site_name: str = "", cache: PageCache | None = None,
                 language: str = "en"):
        self.graph, self.site_url, self.site_name, self.cache = graph, site_url, site_name, cache
        self.language = language
        self.env = environment(language)

    def record_page(self, entry: Entry, prints: Fingerprints | None = None) -> str:
        """A record's own page; with a cache, reused while nothing it reads has changed."""
        path, template = page_path(entry.kind, entry.id), f"{SINGULAR[entry.kind]}.md.j2"
        if self.cache is None or prints is None:
            return self.template(template, path, entry=entry, r=entry.record)

        def draw(reads: Reads) -> str:
            reads.get(entry.kind, entry.id)  # its own record is the page's first input
            return Renderer(reads, self.site_url, self.site_name, language=self.language).template(
                template, path, entry=entry, r=entry.record)
        return self.cache.page(path, self.graph, prints, (self.site_url, self.site_name, self.language), draw)

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


# The options the templates are read with, shared by the environments and by the message extractor (Babel).
ENVIRONMENT_OPTIONS = dict(autoescape=False, trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)


@functools.lru_cache(maxsize=None)
def environment(language: str = "en") -> jinja2.Environment:
    """The Jinja environment of an edition, made once per process: templates compile once, even across `mkdocs
    serve` rebuilds (templates are code: restart `serve` after editing one)."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(TEMPLATES)), finalize=_escape_printed, auto_reload=False,
        undefined=jinja2.StrictUndefined, **ENVIRONMENT_OPTIONS)
    env.filters.update({name: functools.partial(make, language) for name, make in LANGUAGE_FILTERS.items()})
    env.filters.update(FILTERS)
    env.globals.update(views=views, formatting=formatting, backing_sources=excerpts.backing_sources,
                       language=language, language_name=functools.partial(language_name, language=language),
                       _=functools.partial(translated, language), quote_text=views.quote_text,
                       time_tag=functools.partial(_time_tag, language), event_time=functools.partial(_event_time, language),
                       code=_code, comma=functools.partial(_comma, language))
    return env


def translated(language: str, message: str, /, **values) -> Markdown:
    """`_("Accessed %(date)s.", date=...)` in a template: the message in the language, its words escaped and each
    value escaped unless it is Markdown the generator built (a link, a citation)."""
    parts = PLACEHOLDER.split(gettext(language, message))
    return Markdown("".join(_escape_printed(values[part]) if index % 2 else _message_words(part, index == 0)
                            for index, part in enumerate(parts)))


def _message_words(part: str, starts_line: bool) -> Markdown:
    """A message's words between its values. The first may start a line, where a catalog's words must not open
    a list or a quote (text() references a leading mark); the space before a value stays."""
    if not starts_line or not part.strip():
        return inline_text(part)
    return Markdown(text(part) + (" " if part[-1].isspace() else ""))


def _escape_printed(value):
    """Jinja's finalize hook: every printed value is escaped unless the generator marked it as Markdown; English
    left untranslated on another edition's page is marked as English."""
    if isinstance(value, Markdown):
        return value
    if value is None:
        raise jinja2.TemplateError("a template printed None; guard optional fields with {% if %}")
    if isinstance(value, Untranslated):
        return Markdown(f'<span lang="en" class="untranslated">{text(value)}</span>')
    return text(value)


def tidy(markdown: str) -> str:
    """Strip trailing spaces (a Markdown line break) and runs of blank lines; end with one newline."""
    lines = [line.rstrip() for line in markdown.splitlines()]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip("\n") + "\n"


def language_name(code: str, language: str = "en") -> str:
    """'zh' -> 'Chinese' (in the page's language); unknown codes are shown as written."""
    return gettext(language, LANGUAGE_NAMES[code]) if code in LANGUAGE_NAMES else code


def _join(items: Iterable, separator: str = ", ") -> Markdown:
    """Join values, escaping those that are not Markdown already."""
    return Markdown(separator.join(item if isinstance(item, Markdown) else text(item) for item in items))


def _lang_attribute(code: str) -> Markdown:
    """` lang="zh"` for a well-formed language code, else nothing (the value lands in an HTML attribute)."""
    return Markdown(f' lang="{code}"') if LANGUAGE_CODE.match(str(code)) else Markdown("")


def _excerpt_lang(excerpt: str) -> Markdown:
    """` lang="zh"` for an excerpt in Chinese characters, so readers and screen readers use a Chinese voice and font."""
    return Markdown(' lang="zh"') if formatting.is_chinese(excerpt) else Markdown("")


def _event_when(language: str, event) -> Markdown:
    """'8 January 2026', or '4 January 2026 to 6 January 2026' for an event that spans days."""
    if event.date:
        return text(formatting.date_text(event.date, language))
    return text(gettext(language, "%(start)s to %(end)s") % {"start": formatting.date_text(event.start, language),
                                                              "end": formatting.date_text(event.end, language)})


def _time_tag(language: str, value) -> Markdown:
    """A date as a <time> element: machine-readable, shown in the language's convention."""
    return Markdown(f'<time datetime="{text(formatting.iso(value))}">{text(formatting.date_text(value, language))}</time>')


def _event_time(language: str, event) -> Markdown:
    """An event's date, or its span, as a <time> element."""
    return Markdown(f'<time datetime="{text(formatting.iso(views.event_date(event)))}">{_event_when(language, event)}</time>')


def _comma(language: str) -> Markdown:
    """The comma between the parts of a phrase, in the language."""
    return Markdown(COMMAS.get(language, ", "))


def _code(value: str) -> Markdown:
    """Inline code: a value a reader copies as it is (no backtick inside)."""
    return Markdown(f"`{str(value).replace('`', '')}`")


def _host(address: str) -> str:
    return urlsplit(address).hostname or address


# Filters whose output depends on the page's language: each takes it first.
LANGUAGE_FILTERS: dict[str, Callable] = {
    "date": lambda language, value: text(formatting.date_text(value, language)),
    "figure": lambda language, figure: text(formatting.figure_text(figure, language)),
    "number": lambda language, value: text(formatting.number(value, language)),
    "parameters": lambda language, value: text(formatting.parameters_text(value, language)),
    "company_kind": lambda language, value: text(formatting.company_kind(value, language)),
    "event_kind": lambda language, value: text(formatting.event_kind(value, language)),
    "event_when": _event_when,
    "label": lambda language, name: text(formatting.field_label(name, language)),
}
FILTERS: dict[str, Callable] = {
    "iso": lambda value: text(formatting.iso(value)),
    "truncate_text": lambda value, limit=90: text(formatting.truncate(value, limit)),
    "front_matter": lambda value: yaml_string(html_text(value)),
    "join_md": _join,
    "lang": _lang_attribute,
    "excerpt_lang": _excerpt_lang,
    "host": _host,
    # A template's own output captured with {% set %}...{% endset %}: every value in it went through finalize.
    "rendered": Markdown,
    # A link the reader's browser saves instead of opening (an attribute list on the link).
    "download": lambda link_html: Markdown(link_html.replace("<a ", '<a download="" ', 1)),
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


def render(graph: Graph, site_url: str = "", site_name: str = "", cache: PageCache | None = None,
           language: str = "en") -> dict[str, str]:
    """Every generated page, {docs path: Markdown}, sorted by path; DataError for ids that would clash. A cache
    kept between builds (the live preview's) reuses the record pages whose inputs are unchanged. The graph is
    in the edition's language already (generator.facts.translations.localized); the templates' words are put
    in it here."""
    _check_reserved_ids(graph)
    renderer = Renderer(graph, site_url, site_name, cache, language)
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

    def title(self, base: str, language: str = "en") -> str:
        """'Companies' on the first page, 'Companies, page 2 of 3' on the others."""
        if self.number == 1:
            return base
        return gettext(language, "%(list)s, page %(number)s of %(count)s") % {
            "list": base, "number": self.number, "count": self.count}


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
                                            title=pager.title(gettext(renderer.language, INDEX_TITLES[kind]),
                                                              renderer.language))
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
                                        title=pager.title(gettext(renderer.language, "Timeline"), renderer.language))
    return pages
