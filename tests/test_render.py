"""render(): golden pages for each kind, and what every page must carry (back-links, numbered citations, escaping).

Golden files live in tests/golden/pages/; after an intended change to the output, refresh them with `make golden`
(UPDATE_GOLDEN=1) and review the diff like code.
"""
from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from generator.facts.pipeline import load_graph
from generator.facts.problems import DataError
from generator.pages import render as render_module
from generator.pages.render import Renderer, page_url, render, url_of
from tests.sites import FIXTURES

GOLDEN = Path(__file__).parent / "golden" / "pages"
SITE_URL = "https://example.test/site/"
GOLDEN_PAGES = ["companies/alpha-lab.md", "people/ada-chen.md", "quotes/ada-gap.md", "events/alpha-ipo.md",
                "models/alpha-1.md", "models/index.md", "timeline.md", "companies/index.md"]


@pytest.fixture(scope="module")
def graph():
    """The scratch data of tests/fixtures/data, linked."""
    return load_graph(FIXTURES / "data", FIXTURES)


@pytest.fixture(scope="module")
def pages(graph) -> dict[str, str]:
    """Every page render() makes from the scratch data."""
    return render(graph, SITE_URL)


def normalised(markdown: str) -> str:
    """Line endings and trailing spaces evened out, so the golden comparison sees only real changes."""
    return "\n".join(line.rstrip() for line in markdown.replace("\r\n", "\n").split("\n")).strip() + "\n"


@pytest.mark.parametrize("path", GOLDEN_PAGES)
def test_golden_page(pages, path):
    golden = GOLDEN / path.replace("/", "__")
    actual = normalised(pages[path])
    if os.environ.get("UPDATE_GOLDEN"):
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_text(actual, encoding="utf-8")
    assert golden.exists(), f"no golden file {golden}; run `make golden`"
    assert actual == golden.read_text(encoding="utf-8"), f"{path} changed; if intended, run `make golden`"


def test_every_record_has_a_page_and_every_kind_an_index(graph, pages):
    for kind in render_module.RECORD_KINDS:
        assert f"{kind}/index.md" in pages
        for entry in graph.all(kind):
            assert f"{kind}/{entry.id}.md" in pages
    assert "timeline.md" in pages
    assert list(pages) == sorted(pages)


def test_pages_start_with_front_matter_title_and_description(pages):
    for path, markdown in pages.items():
        assert re.match(r'---\ntitle: ".+"\ndescription: ".+"\n---\n', markdown), path


def _links(markdown: str) -> set[str]:
    return set(re.findall(r'href="([^"#]+)"', markdown))


def test_back_links_join_the_records(pages):
    company = pages["companies/alpha-lab.md"]
    assert {"../../people/ada-chen/", "../../models/alpha-1/", "../../events/alpha-ipo/", "../../events/summit-2026/",
            "../../quotes/ada-gap/"} <= _links(company)
    person = pages["people/ada-chen.md"]
    assert {"../../companies/alpha-lab/", "../../quotes/ada-gap/", "../../quotes/ada-early/",
            "../../events/summit-2026/"} <= _links(person)
    assert "../gamma-ai/" in _links(pages["companies/beta-corp.md"])  # subsidiary, by back-reference
    assert "../../models/alpha-1/" in _links(pages["events/alpha-ipo.md"])
    assert "../../events/alpha-ipo/" in _links(pages["models/alpha-1.md"])


def test_every_page_cites_its_sources_in_a_numbered_list(graph, pages):
    for kind in render_module.RECORD_KINDS:
        for entry in graph.all(kind):
            markdown = pages[f"{kind}/{entry.id}.md"]
            listed = re.findall(r'<li id="source-(\d+)"', markdown)
            assert listed == [str(n) for n in range(1, len(listed) + 1)], entry.id
            for source in entry.record.sources[:1]:
                assert source.url in markdown, (entry.id, source.url)
            assert set(re.findall(r'href="#source-(\d+)"', markdown)) == set(listed), entry.id


def test_a_source_cited_twice_keeps_one_number(pages):
    quote = pages["quotes/ada-gap.md"]  # the transcript backs this quote and another from the same panel
    assert quote.count("https://news.example.org/summit-transcript") == 1
    assert quote.count('href="#source-1"') == 3


def test_disputes_are_shown_with_both_sides_cited(pages):
    company = pages["companies/alpha-lab.md"]
    assert '<a href="#disputes">(disputed)</a>' in company
    assert '<p class="admonition-title">Disputed: Founded</p>' in company
    assert "https://news.example.org/alpha-founded-2020" in company


def test_quote_page_names_role_at_the_time_occasion_and_permalink(pages):
    quote = pages["quotes/ada-gap.md"]
    assert '<strong>Role at the time:</strong> Chief executive, <a href="../../companies/alpha-lab/">Alpha Lab</a>' in quote
    assert '<strong>Occasion:</strong> <a href="../../events/summit-2026/">The 2026 summit</a>' in quote
    assert f'<a href="./">{SITE_URL}quotes/ada-gap/</a>' in quote
    assert "## More from The 2026 summit" in quote and "quotes/bo-odds/" not in quote  # same folder
    assert 'href="../bo-odds/"' in quote
    early = pages["quotes/ada-early.md"]
    assert "Professor, Example University" in early  # before the company existed
    assert "## More from Ada Chen" in early


def test_event_figures_carry_anchor_value_and_citation(pages):
    event = pages["events/alpha-ipo.md"]
    assert '<td><span id="figure-raised-usd"></span>Gross proceeds in US dollars</td><td>about US$558 million</td>' in event
    assert "<td>13.17%</td>" in event and "37,419,500 shares" in event
    assert "30 December 2025 to 8 January 2026" in event


def test_an_event_shows_what_happened_next_and_the_later_event_what_it_settled(pages):
    earlier, later = pages["events/alpha-ipo.md"], pages["events/summit-2026.md"]
    assert "## What happened next" in earlier
    assert re.search(r"<time datetime=\"2026-01-10\">10 January 2026</time>: <a href=\"\.\./summit-2026/\">The 2026 summit</a>\. "
                     r"Leaders of Chinese labs met", earlier)
    assert '<li>This is the outcome of <a href="../alpha-ipo/">Alpha Lab lists in Hong Kong</a> (' in later


def test_every_page_says_when_its_record_was_checked(graph, pages):
    for kind in graph.entries:
        for entry in graph.all(kind):
            page = pages.get(f"{kind}/{entry.id}.md")
            if page is not None:
                date = entry.record.checked.isoformat()
                assert f'Checked against its sources on <time datetime="{date}">' in page, entry.id


def test_urls_of_pages():
    assert page_url("companies", "zhipu") == "companies/zhipu/"
    assert url_of("timeline.md") == "timeline/" and url_of("people/index.md") == "people/"
    assert url_of("index.md") == "" and url_of("companies/reindex.md") == "companies/reindex/"


def test_data_text_is_escaped_in_pages(graph):
    entry = graph.get("companies", "beta-corp")
    hostile = entry.record.model_copy(update={"name": "[x](javascript:alert(1)) <b>", "summary": "# no\n\n- no"})
    entry.record = hostile
    try:
        markdown = render(graph)["companies/beta-corp.md"]
    finally:
        entry.record = hostile.model_copy(update={"name": "Beta Corp"})
    assert "# &#91;x&#93;(javascript:alert(1)) &lt;b&gt;\n" in markdown
    assert "\n<p>&#35; no - no<sup" in markdown  # one paragraph of text in its HTML block
    assert 'title: "&#91;x&#93;(javascript:alert(1)) &lt;b&gt;"' not in markdown  # front matter: HTML-escaped
    assert 'title: "[x](javascript:alert(1)) &lt;b&gt;"' in markdown


def test_a_record_with_the_id_index_is_refused(graph):
    entry = graph.get("models", "alpha-2")
    graph.entries["models"]["index"] = entry.__class__("models", "index", entry.record, entry.raw)
    try:
        with pytest.raises(DataError) as error:
            render(graph)
    finally:
        del graph.entries["models"]["index"]
    assert "reserved for the list page" in str(error.value)


def test_registered_page_providers_add_pages(graph):
    def extra(renderer: Renderer) -> dict[str, str]:
        page = renderer.page("extra/index.md")
        return {"extra/index.md": f"# Extra\n\n{page.link('companies', 'alpha-lab')}\n"}

    render_module.register_pages(extra)
    try:
        pages = render(graph)
    finally:
        render_module.PAGE_PROVIDERS.remove(extra)
    assert pages["extra/index.md"] == '# Extra\n\n<a href="../companies/alpha-lab/">Alpha Lab</a>\n'


def test_two_providers_writing_one_path_is_an_error(graph):
    def clash(renderer: Renderer) -> dict[str, str]:
        return {"timeline.md": "# Again\n"}

    render_module.register_pages(clash)
    try:
        with pytest.raises(ValueError, match="timeline.md"):
            render(graph)
    finally:
        render_module.PAGE_PROVIDERS.remove(clash)
