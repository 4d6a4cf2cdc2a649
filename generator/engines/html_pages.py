"""Record pages that MkDocs builds without a Markdown parser (issue 13).

A record page's Markdown is ATX headings and, between them, whole blocks of finished HTML (html_blocks.py). Even
with the blocks stashed, Python-Markdown still costs most of a millisecond a page: a new parser with every extension,
the inline patterns over each heading, the table of contents and the serialiser. Across a site the headings repeat
("Key people", "Sources", ...), so `HeadingsAndBlocks` has Python-Markdown convert each distinct heading once a build
and joins the results with the blocks as they are: the same HTML, contents and anchors as parsing the whole page
(tests/test_html_blocks.py checks every page of both editions); a heading whose id an earlier one took is numbered
as the table of contents numbers it. A page with anything else in it, without a title in its front matter, or with
an id written out twice (`{#id}`) is parsed as before. Zensical builds the exported Markdown and parses everything.
"""
from __future__ import annotations

import html
import re
from dataclasses import dataclass, field, replace

from markdown import Markdown
from markdown.extensions.toc import nest_toc_tokens, unique
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc

from generator.engines.html_blocks import ANCHOR_ID, is_html_block

HEADING = re.compile(r"#{1,6}[ \t]")
HEADING_ID = re.compile(r'<h[1-6] id="([^"]*)"')


@dataclass
class Heading:
    """One heading as Python-Markdown converts it alone: its HTML, its id, its table-of-contents entry (if any) and
    the slug the id comes from (None when the id was written out, `{#id}`, or cannot be told)."""

    html: str
    id: str | None
    token: dict | None
    slug: str | None

    def renamed(self, anchor: str) -> Heading:
        """The heading with the id Python-Markdown gives it on a page where its own id is taken ("_1", "_2")."""
        text = self.html.replace(f' id="{self.id}"', f' id="{anchor}"', 1).replace(f'href="#{self.id}"',
                                                                                  f'href="#{anchor}"', 1)
        return replace(self, html=text, id=anchor, token=self.token and {**self.token, "id": anchor})


@dataclass
class Rendered:
    """A page's HTML, its table of contents (Python-Markdown's tokens) and the anchor ids it holds."""

    html: list[str] = field(default_factory=list)
    tokens: list[dict] = field(default_factory=list)
    heading_ids: set[str] = field(default_factory=set)
    block_ids: set[str] = field(default_factory=set)


class HeadingsAndBlocks:
    """Python-Markdown's output for pages of headings and whole HTML blocks, each distinct heading converted once."""

    def __init__(self, md: Markdown):
        self.md = md
        self.headings: dict[str, Heading] = {}

    def render(self, text: str) -> Rendered | None:
        """The page as Python-Markdown would make it, or None when the page holds more than headings and blocks."""
        # Python-Markdown's own first step (line endings, tabs, lines of spaces), so the chunks are the ones it sees.
        lines = self.md.preprocessors["normalize_whitespace"].run(text.split("\n"))
        rendered = Rendered()
        for chunk in filter(None, (chunk.strip("\n") for chunk in "\n".join(lines).split("\n\n"))):
            if not self._add(chunk, rendered):
                return None
        return rendered

    def _add(self, chunk: str, rendered: Rendered) -> bool:
        if is_html_block(chunk, self.md):
            rendered.html.append(chunk)
            rendered.block_ids.update(ANCHOR_ID.findall(chunk))
            return True
        heading = self._heading(chunk) if HEADING.match(chunk) and "\n" not in chunk else None
        heading = heading and numbered(heading, rendered.heading_ids)
        if heading is None:
            return False
        rendered.html.append(heading.html)
        rendered.tokens += [dict(heading.token)] if heading.token else []
        return True

    def _heading(self, line: str) -> Heading:
        if line not in self.headings:
            self.headings[line] = self._converted(line)
        return self.headings[line]

    def _converted(self, line: str) -> Heading:
        text = self.md.reset().convert(line)
        found = HEADING_ID.match(text)
        tokens = getattr(self.md, "toc_tokens", [])  # none without the toc extension
        token = {key: value for key, value in tokens[0].items() if key != "children"} if tokens else None
        return Heading(text, found and found.group(1), token, self._slug(token) if "{" not in line else None)

    def _slug(self, token: dict | None) -> str | None:
        """The id the table of contents makes from a heading's name before numbering it, as toc.py does."""
        toc = self.md.treeprocessors["toc"] if "toc" in self.md.treeprocessors else None
        return toc.slugify(html.unescape(token["name"]), toc.sep) if toc and token else None


def numbered(heading: Heading, taken: set[str]) -> Heading | None:
    """The heading with the id the table of contents gives it after the page's earlier headings (it numbers a taken
    id: Chinese headings all slug to "", so "_1", "_2"), added to `taken`; None when that cannot be told."""
    if heading.slug is None:
        if heading.id is None or heading.id in taken:
            return None
        taken.add(heading.id)
        return heading
    anchor = unique(heading.slug, taken)
    return heading if anchor == heading.id else heading.renamed(anchor)


class HtmlPage(Page):
    """A generated page rendered by `HeadingsAndBlocks` when it can be, by MkDocs' Markdown otherwise."""

    def __init__(self, file, config, headings: HeadingsAndBlocks):
        super().__init__(None, file, config)
        self.headings = headings

    def render(self, config, files) -> None:
        """Set the content, table of contents and anchors without parsing, as Page.render would."""
        # The title comes from the front matter; without one MkDocs takes the first heading, which needs the parser.
        rendered = self.headings.render(self.markdown) if self.meta.get("title") else None
        if rendered is None:
            super().render(config, files)
            return
        self.content = "\n".join(rendered.html)
        self.toc = get_toc(nest_toc_tokens(rendered.tokens))
        self.present_anchor_ids = rendered.heading_ids | rendered.block_ids
