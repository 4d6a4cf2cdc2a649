"""The nh3 allowlist: it removes what is live and keeps every piece of markup the generated pages and the theme use."""
from __future__ import annotations

from html.parser import HTMLParser

import markdown
import pytest

from generator.facts.pipeline import load_graph
from generator.pages import sanitize
from generator.pages.render import render
from tests.sites import FIXTURES
from tests.test_markdown_escape import CONFIGS, NAMES


class Shape(HTMLParser):
    """Tags with their attributes and the text, as a list: serialisation details (quotes, entities) drop out."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.items: list = []

    def handle_starttag(self, tag, attrs):
        self.items.append((tag, sorted((name, _same(name, value or "")) for name, value in attrs)))

    def handle_endtag(self, tag):
        self.items.append(("/" + tag,))

    def handle_data(self, data):
        if data.strip():
            self.items.append(" ".join(data.split()))


def _same(name: str, value: str) -> str:
    """An attribute value as nh3 writes it back: 'text-align: right;' becomes 'text-align:right'."""
    return value.replace(" ", "").rstrip(";") if name == "style" else " ".join(value.split())


def shape(html: str) -> list:
    parser = Shape()
    parser.feed(html)
    return parser.items


@pytest.fixture(scope="module")
def pages_html() -> dict[str, str]:
    """Every scratch page rendered and converted with the site's Markdown extensions."""
    converter = markdown.Markdown(extensions=NAMES, extension_configs=CONFIGS)
    converted = {}
    for path, page in render(load_graph(FIXTURES / "data", FIXTURES)).items():
        converter.reset()
        converted[path] = converter.convert(page.split("---\n", 2)[2])
    return converted


def test_the_allowlist_keeps_everything_generated_pages_contain(pages_html):
    for path, html in pages_html.items():
        assert shape(sanitize.clean(html)) == shape(html), path


@pytest.mark.parametrize("markup", [
    '<h2 id="sources">Sources<a class="headerlink" href="#sources" title="Permanent link">¶</a></h2>',
    '<div class="admonition warning"><p class="admonition-title">Disputed</p><p>x</p></div>',
    '<table><thead><tr><th style="text-align: right;">A</th></tr></thead><tbody><tr><td>1</td></tr></tbody></table>',
    '<figure class="quote-card"><blockquote><p>x</p></blockquote><figcaption>y</figcaption></figure>',
    '<p><time datetime="2026-01-10">10 January 2026</time><sup class="cite"><a href="#source-1">[1]</a></sup></p>',
    '<ol class="citations"><li id="source-1">A <a href="https://example.org/a">b</a></li></ol>',
    '<p><span lang="zh">智谱</span> <a href="mailto:editor@example.org">mail</a></p>',
])
def test_material_and_page_markup_survives(markup):
    assert shape(sanitize.clean(markup)) == shape(markup)


@pytest.mark.parametrize("hostile, kept", [
    ("<script>alert(1)</script>ok", "ok"),
    ('<p onclick="alert(1)">x</p>', "<p>x</p>"),
    ('<a href="javascript:alert(1)">x</a>', "<a>x</a>"),
    ('<a href="http://plain.example">x</a>', "<a>x</a>"),
    ('<img src=x onerror="alert(1)">', ""),
    ('<iframe src="https://evil.example"></iframe>', ""),
    ("<style>body{display:none}</style>ok", "ok"),
    ('<td style="position:fixed;text-align:left">x</td>', "x"),
    ('<p style="background:url(javascript:alert(1))">x</p>', "<p>x</p>"),
    ("<!-- note -->x", "x"),
])
def test_live_markup_is_removed(hostile, kept):
    assert sanitize.clean(hostile) == kept


def test_allow_widens_the_list():
    assert sanitize.clean('<canvas data-x="1"></canvas>') == ""
    try:
        sanitize.allow({"canvas"}, {"canvas": {"data-x"}})
        assert sanitize.clean('<canvas data-x="1"></canvas>') == '<canvas data-x="1"></canvas>'
    finally:
        sanitize.TAGS.discard("canvas")
        sanitize.ATTRIBUTES.pop("canvas")
        sanitize.allow()
