"""Build-time chart pictures: the palette's colours, stable ids, the cache, real drawings by Kaleido in Chromium
(byte-identical from one cold cache to another) and the fallback without a Chromium."""
from __future__ import annotations

import re
import textwrap
from pathlib import Path

import pytest

from generator import machine
from generator.charts import pages as chart_pages, pictures
from generator.charts.figures import figure
from generator.facts.pipeline import load_graph

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def graph():
    return load_graph(ROOT / "data", ROOT)


def test_pictures_sit_on_the_page_in_the_palette_s_ink(graph):
    fig = figure(graph.get("charts", "hk-ai-ipos-2026").record)
    dark = pictures.themed(fig, "dark")
    assert dark["layout"]["paper_bgcolor"] == dark["layout"]["plot_bgcolor"] == "rgba(0,0,0,0)"
    assert dark["layout"]["font"]["color"] == pictures.SCHEMES["dark"]["ink"]
    assert dark["layout"]["yaxis2"]["gridcolor"] == pictures.SCHEMES["dark"]["grid"]
    assert [trace["uid"] for trace in dark["data"]] == ["t0", "t1"]
    assert "uid" not in fig["data"][0]  # the live figure is untouched


def test_plotly_s_random_uid_becomes_one_derived_from_the_chart():
    svg = ('<defs id="defs-74336f"><clipPath id="clip74336fxyplot"/></defs><g clip-path="url(#clip74336fxyplot)"/>'
           '<defs id="topdefs-74336f"><clipPath id="legend74336f"/></defs><text>74336f</text>')
    out = pictures.normalised(svg, "hk", "light.wide")
    assert "74336f" not in out.replace("<text>74336f</text>", "")
    assert out.endswith("<text>74336f</text>")  # data that happens to look like the uid stays
    other = svg.replace("74336f", "a1b2c3")
    assert pictures.normalised(other, "hk", "light.wide") == out.replace("<text>74336f</text>", "<text>a1b2c3</text>")


def test_each_chart_gets_four_pictures_beside_its_csv():
    assert pictures.svg_path("x", "light", "wide") == "data/charts/x.light.svg"
    assert pictures.svg_path("x", "dark", "narrow") == "data/charts/x.dark.narrow.svg"


def one_chart_graph(tmp_path: Path):
    spec = textwrap.dedent("""\
        title: T
        type: bar
        data:
          - {name: A, value: 1}
          - {name: B, value: 2}
        encoding: {x: name, y: value, series: name}
        alt: A bar chart.
        summary: S.
        sources:
          - {url: "https://example.org/a", publisher: P, title: T, accessed: 2026-11-28, excerpt: E.}
        checked: 2026-11-29
        """)
    (tmp_path / "data" / "charts").mkdir(parents=True)
    (tmp_path / "data" / "charts" / "t.yml").write_text(spec, "utf-8")
    return load_graph(tmp_path / "data", tmp_path)


@pytest.mark.browser
def test_drawings_are_identical_from_cold_caches_and_the_cache_spares_chromium(tmp_path, monkeypatch):
    if not pictures.browser_path():
        pytest.skip("no Chromium")
    graph = one_chart_graph(tmp_path)
    drawn = []
    for name in ("one", "two"):
        monkeypatch.setenv("CHART_SVG_CACHE", str(tmp_path / name))
        drawn.append(pictures.chart_svgs(graph, chart_pages.plotly_bundle()))
    # Four pictures for the page and four downloads (PNG and SVG, light and dark), the same bytes both times.
    assert drawn[0] == drawn[1] and len(drawn[0]) == 8
    assert drawn[0]["data/charts/t-dark.png"].startswith(b"\x89PNG")
    svg = drawn[0]["data/charts/t.dark.narrow.svg"].decode()
    assert svg.startswith("<svg") and 'width="340"' in svg and len(re.findall(r'class="point"', svg)) == 2
    assert not re.search(r'trace[0-9a-f]{6}"', svg)  # trace groups named by the stable uids

    async def no_browser(*args):
        raise AssertionError("Chromium started although every picture is cached")
    monkeypatch.setattr(pictures, "_draw", no_browser)
    assert pictures.chart_svgs(graph, chart_pages.plotly_bundle()) == drawn[1]


@pytest.mark.parametrize("hidden", ["absent", "empty"])
def test_without_chromium_one_notice_and_plotly_draws_on_load(tmp_path, monkeypatch, capsys, hidden):
    browser = tmp_path / "no-chromium"
    if hidden == "empty":  # what a private mount over the browser leaves: a file, but nothing to run
        browser.write_bytes(b"")
    monkeypatch.setenv("BROWSER_PATH", str(browser))
    monkeypatch.setattr(machine, "_told", set())
    graph = one_chart_graph(tmp_path)
    assert pictures.chart_svgs(graph, chart_pages.plotly_bundle()) == {}
    block = chart_pages.chart_block(graph.get("charts", "t"), "charts/t.md")
    assert "data-static" not in block and 'class="chart__placeholder"' in block
    assert chart_pages.with_chart_script(block, "charts/t/").count("<picture") == 0
    err = capsys.readouterr().err
    assert err.count("notice: Chromium") == 1 and "apt-get install chromium" in err


def test_the_pictures_are_placed_after_sanitising_with_page_relative_paths(tmp_path, monkeypatch):
    monkeypatch.setenv("BROWSER_PATH", "/bin/sh")  # any file: only whether a browser exists is asked here
    graph = one_chart_graph(tmp_path)
    block = chart_pages.chart_block(graph.get("charts", "t"), "charts/t.md")
    assert 'tabindex="0" data-static="360"' in block and "<img" not in block
    page = chart_pages.with_chart_script(block, "charts/t/")
    assert page.count("<picture") == 2
    assert '<img src="../../data/charts/t.light.svg" width="720" height="360" alt="A bar chart."' in page
    assert 'srcset="../../data/charts/t.dark.narrow.svg" width="340" height="360"' in page
