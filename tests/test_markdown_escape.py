"""The first wall: any text escaped by markdown_escape renders as exactly that text, in every context pages use it.

Python-Markdown runs with the extensions the real mkdocs.yml configures, so adding one (say, pymdownx) that gives a
character new meaning makes these properties fail until the escaping covers it.
"""
from __future__ import annotations

import html
from html.parser import HTMLParser
from pathlib import Path

import markdown
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from generator.engines.config_file import Tagged, read_config
from generator.pages.escaping import Markdown, external_link, html_text, text, url, yaml_string

ROOT = Path(__file__).resolve().parent.parent
MARKDOWN_CHARS = list("<>&[](){}*_`#|\\!-+.:=~^\"'$%@/ \n\t0123456789") + ["\u2028", "\u00a0", "&#91;", "&lt;",
                                                                             "javascript:", "](", "{:", "1. "]
TEXT = st.lists(st.sampled_from(MARKDOWN_CHARS) | st.text(st.characters(exclude_categories=("Cs", "Cc")),
                                                         max_size=4), max_size=30).map("".join)
PAYLOADS = ["<script>alert(1)</script>", "x](javascript:alert(1))", '{ onclick="alert(1)" }',
            "\n\n<img src=x onerror=alert(1)>", "javascript:alert(1)", "# heading", "1. list", "- item",
            "> quote", "!!! warning", "[[company:x]]", "| a | b |", "*em* _em_ `code`", "&#60;b&#62;", "a  \nb",
            "    indented code", "{: #id .class }", "[x][ref]\n\n[ref]: https://evil.example", "<https://x.example>"]


def _extensions() -> tuple[list, dict]:
    names, configs = [], {}
    for item in read_config(ROOT / "mkdocs.yml").get("markdown_extensions", []):
        name, options = next(iter(item.items())) if isinstance(item, dict) else (item, None)
        names.append(name)
        if isinstance(options, dict) and not any(isinstance(v, Tagged) for v in options.values()):
            configs[name] = options
    return names, configs


NAMES, CONFIGS = _extensions()
MD = markdown.Markdown(extensions=NAMES, extension_configs=CONFIGS)


class Tree(HTMLParser):
    """The rendered HTML as (tag, attributes, children) with text nodes as str."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = ("root", {}, [])
        self.stack = [self.root]

    def handle_starttag(self, tag, attrs):
        node = (tag, dict(attrs), [])
        self.stack[-1][2].append(node)
        if tag not in ("br", "hr", "img", "input"):
            self.stack.append(node)

    def handle_endtag(self, tag):
        if len(self.stack) > 1:
            self.stack.pop()

    def handle_data(self, data):
        self.stack[-1][2].append(data)


def tree(source: str):
    """Render Markdown and parse the HTML; returns the root's children, blank text nodes dropped."""
    MD.reset()
    parser = Tree()
    parser.feed(MD.convert(source))
    return _strip(parser.root)[2]


def _strip(node):
    tag, attrs, children = node
    kept = [(_strip(child) if isinstance(child, tuple) else child) for child in children]
    return tag, attrs, [child for child in kept if not (isinstance(child, str) and not child.strip())]


def only(nodes, tag: str):
    """The single element of nodes, which must be a tag element; returns its children."""
    assert len(nodes) == 1 and isinstance(nodes[0], tuple) and nodes[0][0] == tag, nodes
    return nodes[0][2]


def plain(children) -> str:
    """Children that must all be text: their joined text."""
    assert all(isinstance(child, str) for child in children), children
    return "".join(children)


def flat(value: str) -> str:
    return " ".join(value.split())


@settings(max_examples=300, deadline=None)
@given(TEXT)
@example("x](javascript:alert(1))")
@example('{ onclick="alert(1)" }')
@example("1. first")
@example("10) tenth")
def test_text_in_a_paragraph_is_exactly_that_text(value):
    if not flat(value):
        assert tree(text(value)) == []
        return
    assert plain(only(tree(text(value)), "p")) == flat(value)


@settings(max_examples=150, deadline=None)
@given(TEXT.filter(lambda v: flat(v)))
@example("- item")
@example("+ item")
@example("1. item")
@example('!!! warning "x"')
@example("=== tab")
def test_text_after_block_markers_stays_text(value):
    """Text placed at the start of a line (quote, list item, table cell) opens nothing."""
    assert plain(only(only(tree("> " + text(value)), "blockquote"), "p")) == flat(value)
    assert plain(only(only(tree("- " + text(value)), "ul"), "li")) == flat(value)
    table = only(tree(f"| a | b |\n| --- | --- |\n| {text(value)} | z |\n"), "table")
    cells = only(table[1:], "tbody")[0][2]
    assert [plain(cell[2]) for cell in cells] == [flat(value), "z"]


@settings(max_examples=150, deadline=None)
@given(TEXT.filter(lambda v: flat(v)))
def test_text_as_a_link_label_or_heading_stays_text(value):
    anchor = only(only(tree(f"[{text(value)}](page.md)"), "p"), "a")
    assert plain(anchor) == flat(value)
    heading = only(tree("# " + text(value) + " { #fixed }"), "h1")
    words = [child for child in heading if isinstance(child, str)]
    assert "".join(words) == flat(value)
    assert all(child[0] == "a" and child[1].get("class") == "headerlink" for child in heading if
               isinstance(child, tuple))


@pytest.mark.parametrize("payload", PAYLOADS)
def test_payloads_render_as_their_own_text(payload):
    assert plain(only(tree("Before " + text(payload) + " after"), "p")) == f"Before {flat(payload)} after"


def test_generator_markdown_passes_unchanged():
    made = Markdown("[a](b.md)")
    assert text(made) is made
    assert text("plain") == "plain" and isinstance(text("plain"), Markdown)


@pytest.mark.parametrize("address", ["javascript:alert(1)", "JavaScript:alert(1)", " javascript:x", "data:text/html,x",
                                     "http://plain.example", "//evil.example", "vbscript:x", "mailto:a@b.example"])
def test_only_https_urls_are_accepted(address):
    with pytest.raises(ValueError):
        url(address)


def test_mailto_is_accepted_where_asked_for():
    assert url("mailto:editor@example.org", ("https", "mailto")) == "mailto:editor@example.org"


def test_urls_cannot_end_a_link_or_an_attribute_early():
    address = 'https://x.example/a_(b)"c\'d<e> f[g]'
    safe = url(address)
    assert not set("()\"'<> []") & set(safe)
    anchor = only(only(tree(external_link("label", address)), "p"), "a")
    assert plain(anchor) == "label"


def test_non_ascii_urls_are_percent_encoded():
    assert url("https://x.example/智谱（1）") == "https://x.example/%E6%99%BA%E8%B0%B1%EF%BC%881%EF%BC%89"


def test_front_matter_text_is_html_escaped_yaml():
    value = yaml_string(html_text('He said "<b>hi</b>" & left\n'))
    assert value == '"He said &quot;&lt;b&gt;hi&lt;/b&gt;&quot; &amp; left"'
    assert html.unescape(__import__("yaml").safe_load(value)) == 'He said "<b>hi</b>" & left'
