"""Charts people can take away, on the real site: PNG and SVG downloads made at build time (1,200 px, title and
source line in the picture, both palettes), a citation with the permalink, the licence, and a link preview that
is the chart itself."""
from __future__ import annotations

import html
import re
from pathlib import Path

import pytest
from PIL import Image

from generator.charts import pictures
from generator.facts.pipeline import load_graph
from tests.conftest import ROOT, open_page

CHARTS = load_graph(ROOT / "data", ROOT).all("charts")


def page_of(site: Path, chart_id: str) -> str:
    return (site / "charts" / chart_id / "index.html").read_text(encoding="utf-8")


@pytest.mark.parametrize("entry", CHARTS, ids=lambda entry: entry.id)
def test_every_chart_has_png_and_svg_downloads_with_its_title(real_site, entry):
    for scheme in pictures.SCHEMES:
        png = real_site / pictures.download_path(entry.id, scheme, "png")
        with Image.open(png) as image:
            assert image.format == "PNG" and image.width == 1200 and image.height > 300
        svg = (real_site / pictures.download_path(entry.id, scheme, "svg")).read_text(encoding="utf-8")
        shown = html.unescape(" ".join(re.findall(r"<text[^>]*>(.*?)</text>", svg)))
        assert " ".join(entry.record.title.split())[:40] in shown and "Source: " in shown
    links = re.findall(r'<a download="" href="([^"]+)"', page_of(real_site, entry.id))
    assert {link.rsplit("/", 1)[-1] for link in links} == {
        f"{entry.id}-{scheme}.{fmt}" for scheme in pictures.SCHEMES for fmt in pictures.DOWNLOAD_FORMATS}


@pytest.mark.parametrize("entry", CHARTS, ids=lambda entry: entry.id)
def test_chart_page_cites_its_permalink_states_the_licence_and_previews_itself(real_site, public_url, entry):
    page = page_of(real_site, entry.id)
    permalink = f"{public_url}charts/{entry.id}/"
    citation = html.unescape(re.search(r'<p class="chart-cite__text" id="cite-[^"]+">(.*?)</p>', page, re.S).group(1))
    assert permalink in citation and "Chart, China's AI race, checked" in citation
    assert citation.startswith(" ".join(entry.record.title.split()))
    assert "creativecommons.org/licenses/by/4.0/" in page
    image = re.search(r'<meta property="og:image" content="([^"]+)"', page).group(1)
    assert image == f"{public_url}data/charts/{entry.id}-light.png"
    assert page.count('property="og:image"') == 1  # the generic card is kept off chart pages
    assert html.unescape(re.search(r'<meta property="og:image:alt" content="([^"]*)"', page).group(1)) == \
        " ".join(entry.record.alt.split())


@pytest.mark.browser
def test_the_citation_gets_today_s_date_and_the_button_copies_it(browser, site_url):
    context, page = open_page(browser, site_url, permissions=["clipboard-read", "clipboard-write"])
    page.goto("charts/ai-investment-2024/")
    accessed = page.page.locator(".chart-cite__accessed")
    page.page.wait_for_function("() => !document.querySelector('.chart-cite__accessed').textContent.includes('[')")
    assert re.fullmatch(r"\d{1,2} [A-Z][a-z]+ 20\d\d", accessed.inner_text())
    page.page.locator("button[data-copy]").click()
    page.page.wait_for_function("() => document.querySelector('button[data-copy]').textContent === 'Copied'")
    assert page.watch.problems == []
    context.close()
