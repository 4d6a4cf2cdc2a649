"""Generated pages skip the Markdown parser for the HTML they already are (issue 13).

The record templates write Markdown headings (so every engine makes the table of contents and the permalinks) and,
between them, blocks of finished HTML separated by blank lines. A Markdown parser passes such a block through as it
is, but only after reading it twice (the raw-HTML scan, then the block parser); at 5,000 records that reading was
most of the build. Under MkDocs this extension stores each such block in Markdown's own stash before either reads
it, as Python-Markdown itself does with raw HTML, so the output is the same and only the headings are parsed.
Hand-written pages are left to the parser (`active` is set per page by the plugin); Zensical parses everything.
"""
from __future__ import annotations

import re

from markdown import Extension, Markdown
from markdown.preprocessors import Preprocessor

OPENING_TAG = re.compile(r"<([a-z][a-z0-9]*)[\s>]")
ANCHOR_ID = re.compile(r'\sid="([^"]+)"')
# After Python-Markdown's whitespace normalising (30), which would strip the stash's placeholders, and before its
# raw-HTML block reader (20) and MkDocs' anchor scan (21).
PRIORITY = 25


class HtmlBlocks(Extension):
    """Stash whole top-level HTML blocks of the pages it is active for; remember the anchors they hold."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.active = False
        self.anchor_ids: set[str] = set()

    def start_page(self, active: bool) -> None:
        """Before a page renders: stash its blocks or not; forget the last page's anchors (a page that html_pages.py
        renders never reaches the preprocessor that would)."""
        self.active = active
        self.anchor_ids = set()

    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 - Python-Markdown's name
        """Register the preprocessor in each Markdown instance MkDocs makes."""
        md.preprocessors.register(_StashBlocks(md, self), "generated_html_blocks", PRIORITY)


class _StashBlocks(Preprocessor):
    def __init__(self, md: Markdown, extension: HtmlBlocks):
        super().__init__(md)
        self.extension = extension

    def run(self, lines: list[str]) -> list[str]:
        """Each blank-line-separated chunk that is whole block-level HTML becomes one stash placeholder."""
        self.extension.anchor_ids = set()
        if not self.extension.active:
            return lines
        chunks = "\n".join(lines).split("\n\n")
        return "\n\n".join(self._stashed(chunk) if is_html_block(chunk, self.md) else chunk
                           for chunk in chunks).split("\n")

    def _stashed(self, chunk: str) -> str:
        self.extension.anchor_ids.update(ANCHOR_ID.findall(chunk))
        return self.md.htmlStash.store(chunk)


def is_html_block(chunk: str, md: Markdown) -> bool:
    """True for text that opens a block-level element and closes it at its end, with as many of that element
    opened as closed, and no `markdown` attribute asking for its inside to be parsed."""
    opening = OPENING_TAG.match(chunk)
    if opening is None or not md.is_block_level(tag := opening.group(1)) or "markdown=" in chunk:
        return False
    return chunk.endswith(f"</{tag}>") and \
        len(re.findall(f"<{tag}[\\s>]", chunk)) == chunk.count(f"</{tag}>")
