"""Generated pages' HTML blocks skip the Markdown parser (generator/engines/html_blocks.py): the same HTML and table
of contents as parsing them, on every page the real data makes, and record pages made of nothing else but headings."""
from __future__ import annotations

import re

import markdown
import pytest

from generator.engines.html_blocks import HtmlBlocks, is_html_block
from generator.engines.prebuild import generated_files, load_stages
from generator.facts.pipeline import read_data
from generator.facts.translations import localized
from tests.conftest import ROOT
from tests.test_markdown_escape import CONFIGS, NAMES

BETWEEN_BLOCKS = re.compile(r">\n+<")


@pytest.fixture(scope="module")
def pages() -> dict[str, str]:
    """Every generated Markdown page of the real data in both editions, without its front matter."""
    load_stages()
    graph = read_data(ROOT / "data", ROOT).graph
    made = {f"{language}:{path}": text for language in ("en", "zh") for path, text in
            generated_files(localized(graph, language), "https://example.org/site/", "", None, language).items()}
    return {path: text.split("\n---\n", 1)[1] for path, text in made.items() if path.endswith(".md")}


def converter(stash: bool) -> tuple[markdown.Markdown, HtmlBlocks]:
    """Python-Markdown with the site's extensions, and the stash on or off."""
    extension = HtmlBlocks()
    extension.active = stash
    return markdown.Markdown(extensions=[*NAMES, extension], extension_configs=CONFIGS), extension


def convert(md: markdown.Markdown, text: str) -> tuple[str, list]:
    md.reset()
    html = md.convert(text)
    return BETWEEN_BLOCKS.sub(">\n<", html), md.toc_tokens


def test_stashed_blocks_give_the_html_and_contents_the_parser_gives(pages):
    parsed, (stashing, extension) = converter(stash=False)[0], converter(stash=True)
    stashed_anchors = 0
    for path, text in pages.items():
        assert convert(stashing, text) == convert(parsed, text), path
        stashed_anchors += len(extension.anchor_ids)
    assert len(pages) > 200 and stashed_anchors > 500  # the stash was used, on the real site's pages


def test_record_pages_are_headings_and_html_blocks_only(pages):
    """What the parser would still have to read on a record page: nothing but its headings."""
    md = converter(stash=True)[0]
    records = {path: text for path, text in pages.items() if path.split(":")[1].split("/")[0] in
               {"companies", "people", "quotes", "events", "models"} and not path.endswith("index.md")}
    assert len(records) > 50
    for path, text in records.items():
        left = [chunk for chunk in text.strip().split("\n\n")
                if not chunk.startswith("#") and not is_html_block(chunk, md)]
        assert left == [], path


@pytest.mark.parametrize("chunk, whole", [
    ("<ul>\n<li>a</li>\n</ul>", True),
    ('<div class="admonition warning">\n<p>a</p>\n</div>', True),
    ("<div>\n<div>a</div>", False),           # a block cut by a blank line: the parser reads it
    ("<div>a</div>\n<div>b</div>\n</div>", False),
    ('<div markdown="1">\n*a*\n</div>', False),  # its inside is Markdown
    ("<span>a</span> and *b*", False),        # inline HTML opens a paragraph
    ("Some *text*", False),
])
def test_only_whole_block_level_html_is_stashed(chunk, whole):
    assert is_html_block(chunk, converter(stash=True)[0]) is whole


def test_an_inactive_stash_leaves_the_page_to_the_parser():
    md, extension = converter(stash=False)
    assert "<em>a</em>" in md.convert('<div markdown="1">\n\n*a*\n\n</div>') and not extension.anchor_ids
