"""Charts on pages, without a browser: the block, chart pages, the index, the embed, the files and the script tag."""
from __future__ import annotations

import html
import json
import re
import textwrap
from pathlib import Path

import pytest

from generator.charts import pages as chart_pages
from generator.charts.data import Table
from generator.engines.prebuild import generated_files
from generator.facts.pipeline import load_graph
from generator.facts.problems import DataError
from generator.pages import embeds
from generator.pages.render import Renderer, render

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def graph():
    return load_graph(ROOT / "data", ROOT)


@pytest.fixture(scope="module")
def pages(graph):
    return render(graph, "https://example.org/site/")


def figure_of(block: str) -> dict:
    """The figure JSON a chart block carries in its data-figure attribute."""
    return json.loads(html.unescape(re.search(r'data-figure="([^"]*)"', block).group(1)))


def test_every_chart_has_a_page_and_the_index_lists_them_all(graph, pages):
    ids = [entry.id for entry in graph.all("charts")]
    assert len(ids) >= 5
    assert {f"charts/{chart_id}.md" for chart_id in ids} | {"charts/index.md"} <= set(pages)
    index = pages["charts/index.md"]
    assert all(f'<a href="{chart_id}/">' in index for chart_id in ids)


def test_chart_page_has_block_permalink_embed_code_and_what_it_concerns(pages):
    page = pages["charts/hk-ai-ipos-2026.md"]
    assert '<figure class="chart" id="chart-hk-ai-ipos-2026" markdown>' in page
    assert '- **Permalink:** <a href="./">https://example.org/site/charts/hk-ai-ipos-2026/</a>' in page
    assert "```text\n[[chart:hk-ai-ipos-2026]]\n```" in page
    assert '<a href="../../companies/zhipu/">Zhipu AI</a>' in page and 'href="../../events/minimax-ipo/"' in page


def test_company_event_and_model_pages_list_their_charts(pages):
    assert "## Charts" in pages["companies/zhipu.md"]
    assert 'href="../../charts/hk-ai-ipos-2026/"' in pages["companies/zhipu.md"]
    assert 'href="../../charts/us-chip-controls-timeline/"' in pages["events/h20-halt-2025-04.md"]
    assert 'href="../../charts/model-releases-timeline/"' in pages["models/glm-5.md"]
    assert "## Charts" not in pages["people/lin-junyang.md"]


def test_chart_block_carries_table_links_and_numbered_sources(graph):
    entry = graph.get("charts", "ai-investment-2024")
    block = chart_pages.chart_block(entry, "index.md")
    assert figure_of(block)["data"][0]["type"] == "bar"
    assert '<th scope="row">United States</th><td class="number">$109.1bn</td>' in block
    assert '[Download the data (CSV)](data/charts/ai-investment-2024.csv){ download="ai-investment-2024.csv" }' in block
    assert "[About this chart](charts/ai-investment-2024.md)" in block
    assert '<a href="#chart-ai-investment-2024-source-1">[1]</a>' in block
    assert '<li id="chart-ai-investment-2024-source-1"><span class="source-ref">Stanford' in block
    assert "\n\n" not in block  # one raw HTML block: a blank line would end it


def test_links_in_the_block_are_relative_to_the_source_of_the_page_that_embeds_it(graph):
    """Markdown links, relative to the page's source file, which MkDocs and Zensical both resolve alike."""
    entry = graph.get("charts", "ai-investment-2024")
    block = chart_pages.chart_block(entry, "events/ai-index-2025.md")
    assert "(../data/charts/ai-investment-2024.csv)" in block
    assert "(../charts/ai-investment-2024.md)" in block


def test_text_in_the_block_is_escaped(graph):
    entry = graph.get("charts", "notable-models-2024")
    risky = entry.record.model_copy(update={"title": 'A "title" <script>x</script>', "summary": "<b>&</b>",
                                            "alt": 'An "alt" <img src=x onerror=alert(1)>'})
    risky._table = entry.record.table
    block = chart_pages.chart_block(type(entry)(entry.kind, entry.id, risky, entry.raw), "index.md")
    assert "<script>" not in block and "<b>" not in block
    assert 'aria-label="Data: A &quot;title&quot; &lt;script&gt;x&lt;/script&gt;"' in block
    assert 'aria-label="An &quot;alt&quot; &lt;img src=x onerror=alert(1)&gt;"' in block
    assert "&lt;b&gt;&amp;&lt;/b&gt;" in block


def test_every_picture_of_a_chart_carries_its_alt_text_not_its_title(graph):
    entry = graph.get("charts", "ai-investment-2024")
    block = chart_pages.with_pictures(chart_pages.chart_block(entry, "index.md"), "")
    alts = re.findall(r'<img [^>]*alt="([^"]*)"', block)
    assert len(alts) == 2 and set(alts) == {html.escape(entry.record.alt, quote=True)}
    assert entry.record.alt != entry.record.title


def test_chart_embed_block_inline_and_unknown_id(graph):
    renderer = Renderer(graph)
    text = "Money:\n\n[[chart:hk-ai-ipos-2026]]\n\nSee [[chart:hk-ai-ipos-2026]].\n"
    out = embeds.expand(text, renderer, "about.md", "docs/about.md")
    assert '<figure class="chart" id="chart-hk-ai-ipos-2026" markdown>' in out
    assert 'See <a href="../charts/hk-ai-ipos-2026/">MiniMax raised a little more, and its shares soared far higher</a>.' in out
    with pytest.raises(DataError) as error:
        embeds.expand("[[chart:hk-ai-ipo-2026]]\n", renderer, "about.md", "docs/about.md")
    assert [p.as_text() for p in error.value.problems] == [
        "docs/about.md:1:1: error: [[chart:hk-ai-ipo-2026]]: chart 'hk-ai-ipo-2026' not found (did you mean "
        "'hk-ai-ipos-2026'?)"]


def test_site_gets_each_chart_s_csv_the_script_the_style_and_plotly(graph):
    files = generated_files(graph, "")
    assert files["data/charts/hk-ai-ipos-2026.csv"].startswith("company,listed_on,raised_hkd_bn,raised_usd_m,")
    assert "document$" in files["assets/charts/charts.js"]
    assert files["assets/charts/plotly-basic.min.js"].startswith(b"/**\n* plotly.js (basic - minified) v4.1.1")
    assert ".chart__data" in files["assets/charts/charts.css"]
    assert "#chart-hk-ai-ipos-2026-plot { min-height: 460px; }" in files["assets/charts/charts.css"]


def test_csv_download_defuses_spreadsheet_formulas():
    table = Table(["name", "value"], [{"name": "=HYPERLINK(1)", "value": -3}, {"name": "ok", "value": None}], "x")
    assert chart_pages.table_csv(table) == "name,value\n'=HYPERLINK(1),-3\nok,\n"


@pytest.mark.parametrize(("url", "src"), [("", "assets/charts/charts.js"),
                                          ("charts/x/", "../../assets/charts/charts.js")])
def test_only_pages_with_a_chart_get_the_script_inside_their_content(url, src):
    page = "<body><article><div class=\"chart__plot\" data-figure=\"{}\"></div></article></body>"
    assert chart_pages.with_chart_script(page, url) == page.replace(
        "</article>", f'<script src="{src}" defer></script></article>')
    plain = "<body><article><p>No chart; data-figure= in text</p></article></body>"
    assert chart_pages.with_chart_script(plain, url) == plain


def test_export_config_loads_the_chart_assets_once():
    config = chart_pages.export_config({"extra_css": ["a.css"]})
    assert config == {"extra_css": ["a.css", "assets/charts/charts.css"],
                      "extra_javascript": ["assets/charts/charts.js"]}
    assert chart_pages.export_config(config) == config


def test_scratch_chart_with_markup_in_its_data_stays_text(tmp_path):
    spec = textwrap.dedent("""\
        title: T
        type: bar
        data:
          - {name: "<img src=x onerror=alert(1)>", value: 1}
        encoding: {x: name, y: value}
        alt: A bar chart.
        summary: S.
        sources:
          - {url: "https://example.org/a", publisher: P, title: T, accessed: 2026-11-28, excerpt: E.}
        checked: 2026-11-29
        """)
    (tmp_path / "data" / "charts").mkdir(parents=True)
    (tmp_path / "data" / "charts" / "t.yml").write_text(spec, "utf-8")
    graph = load_graph(tmp_path / "data", tmp_path)
    block = chart_pages.chart_block(graph.get("charts", "t"), "charts/t.md")
    assert "<img" not in block and "&lt;img src=x onerror=alert(1)&gt;" in block
    assert figure_of(block)["data"][0]["x"] == ["<img src=x onerror=alert(1)>"]  # data, not markup


def test_embed_page_and_snippet_escape_what_contributors_wrote(graph):
    from generator.charts import embed

    entry = graph.get("charts", "notable-models-2024")
    risky = entry.record.model_copy(update={"title": 'A "title" </script><script>alert(1)</script>',
                                            "summary": "<img src=x onerror=alert(1)>"})
    risky._table = entry.record.table
    hostile = type(entry)(entry.kind, entry.id, risky, entry.raw)
    block = chart_pages.chart_block(hostile, "charts/notable-models-2024/embed/index.md")
    page = embed.embed_page(hostile, embed.plain_html(block), 'Site <b>name</b>')
    assert "<script>alert(1)" not in page and "<img src=x" not in page and "<b>name" not in page
    assert page.count("<script") == 2  # embed.js and charts.js, nothing else
    code = embed.snippet(hostile, "https://example.org/site/")
    assert 'title="A &quot;title&quot; &lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;"' in code
    assert 'e.origin!=="https://example.org"' in code and 'src="https://example.org/site/charts/' in code
