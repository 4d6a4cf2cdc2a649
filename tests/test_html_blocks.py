"""Generated pages' HTML blocks skip the Markdown parser (generator/engines/html_blocks.py), and record pages skip it
altogether (generator/engines/html_pages.py): the same HTML and table of contents as parsing them, on every page the
real data makes, and record pages made of nothing else but headings."""
from __future__ import annotations

import re

import markdown
import pytest

from markdown.extensions.toc import nest_toc_tokens

from generator.engines.html_blocks import HtmlBlocks, is_html_block
from generator.engines.html_pages import HeadingsAndBlocks
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


def record_pages(pages: dict[str, str]) -> dict[str, str]:
    return {path: text for path, text in pages.items() if path.split(":")[1].split("/")[0] in
            {"companies", "people", "quotes", "events", "models"} and not path.endswith("index.md")}


def test_record_pages_are_headings_and_html_blocks_only(pages):
    """What the parser would still have to read on a record page: nothing but its headings."""
    md = converter(stash=True)[0]
    records = record_pages(pages)
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


def without_parser(text: str, headings: HeadingsAndBlocks) -> tuple[str, list, set] | None:
    rendered = headings.render(text)
    return rendered and ("\n".join(rendered.html), nest_toc_tokens(rendered.tokens),
                         rendered.heading_ids | rendered.block_ids)


def parsed_with_stash(text: str, md: markdown.Markdown, extension: HtmlBlocks) -> tuple[str, list, set]:
    md.reset()
    html = md.convert(text)
    return html, md.toc_tokens, set(re.findall(r'<h[1-6] id="([^"]+)"', html)) | extension.anchor_ids


def test_record_pages_render_without_the_parser_as_the_parser_renders_them(pages):
    """Every record page of both editions takes the short way, and gets the parser's HTML, contents and anchors;
    Chinese headings, which all slug to "", are numbered as the parser numbers them."""
    (md, extension), headings = converter(stash=True), HeadingsAndBlocks(converter(stash=False)[0])
    short = {path: without_parser(text, headings) for path, text in pages.items()}
    assert all(short[path] is not None for path in record_pages(pages))
    for path, rendered in short.items():
        assert rendered is None or rendered == parsed_with_stash(pages[path], md, extension), path
    converted = sum(len(re.findall("<h[1-6] ", rendered[0])) for rendered in short.values() if rendered)
    assert len(headings.headings) < converted / 2  # each distinct heading converted once
    assert any("_3" in rendered[2] for path, rendered in short.items() if rendered and path.startswith("zh:"))


@pytest.mark.parametrize("text", [
    "# A\n\n<ul>\n<li>x</li>\n</ul>\n\n## B\n\n## B\n\n### B_1\n\n## B",     # repeated ids, numbered
    "# 公司\n\n## 人物\n\n## 人物\n\n<p>x</p>\n\n## Sources",                   # all slug to ""
    "# A <span lang=\"zh\">甲</span>\n\n\n\n<div id=\"here\">\n<p>x</p>\n</div>\n",  # inline HTML, blank lines
    "# A\r\n\r\n<pre>\tx</pre>",                                                 # line ends and tabs normalised
])
def test_headings_and_blocks_come_out_as_the_parser_makes_them(text):
    (md, extension), headings = converter(stash=True), HeadingsAndBlocks(converter(stash=False)[0])
    assert without_parser(text, headings) == parsed_with_stash(text, md, extension)
    assert without_parser(text, headings) == parsed_with_stash(text, md, extension)  # again, from the cache


@pytest.mark.parametrize("text", [
    "# A\n\nSome *text*",                  # a paragraph
    "# A\n\n    <p>code</p>",               # an indented block is code
    "# A {#same}\n\n## B {#same}",          # ids written out, repeated: the parser decides
    "Title\n=====\n\n<p>x</p>",            # a Setext heading
    "# A\n\n<ul>\n<li>x</li>\n   \n</ul>",     # a line of spaces is a blank line: the list is cut in two
])
def test_a_page_with_anything_else_is_left_to_the_parser(text):
    assert HeadingsAndBlocks(converter(stash=False)[0]).render(text) is None



@pytest.mark.parametrize("url", ["companies/zhipu", "zh/companies/zhipu", "zh/quotes/lin-below-20"])
def test_built_record_pages_list_their_headings_in_the_table_of_contents(real_site, url):
    """In the real build the theme still gets a record page's contents: each entry the id of a heading with its
    permalink; Chinese ones numbered, an id written out ({ #disputes }) kept."""
    html = (real_site / url / "index.html").read_text(encoding="utf-8")
    contents = html[html.index("md-nav--secondary"):]
    entries = re.findall(r'<a href="#([^"]+)" class="md-nav__link"', contents[:contents.index("</nav>")])
    headings = re.findall(r'<h[2-6] id="([^"]+)">.*?<a class="headerlink" href="#\1"', html)
    assert len(headings) >= 3 and entries == headings
