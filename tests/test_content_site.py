"""The explainer as built: quote pages, record links, Chinese names, the front page, and in headless Chromium the
front page at phone width in both palettes and in print. One real build per session (the `real_site` fixture)."""
from __future__ import annotations

import html
import re
from pathlib import Path

import pytest

from generator.facts.pipeline import load_graph
from tests.conftest import open_page
from tests.test_content import DOCS, PLURAL, embeds

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def graph():
    """The real data, loaded, validated and linked."""
    return load_graph(ROOT / "data", ROOT)


def page_html(site: Path, url: str) -> str:
    """The HTML of a built page by its URL path: 'companies/zhipu/' -> site/companies/zhipu/index.html."""
    return (site / url / "index.html").read_text("utf-8")


def visible_text(markup: str) -> str:
    """The page's text with tags removed and whitespace collapsed, entities decoded."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", markup)).split())


def test_every_quote_page_shows_the_verbatim_text_and_a_source(real_site, graph):
    quotes = graph.all("quotes")
    assert quotes
    for quote in quotes:
        markup = page_html(real_site, f"quotes/{quote.id}/")
        assert " ".join(quote.record.text.split()) in visible_text(markup), f"{quote.id}: text not verbatim"
        hrefs = set(re.findall(r'href="([^"]+)"', markup))
        assert {source.url for source in quote.record.sources} & {html.unescape(h) for h in hrefs}, \
            f"{quote.id}: no link to any of its sources"


def test_every_record_the_narrative_links_has_a_page_and_a_link(real_site):
    for name in ["index.md", "how-we-know.md", "glossary.md"]:
        url = "" if name == "index.md" else name.removesuffix(".md") + "/"
        markup = page_html(real_site, url)
        prefix = "" if name == "index.md" else "../"
        for kind, ref in set(embeds((DOCS / name).read_text("utf-8"))):
            if kind in ("fact", "chart", "quote", "contents"):
                continue  # figures and charts are drawn in place; quote cards link their page by date
            target = f"{PLURAL[kind]}/{ref}/"
            assert (real_site / target / "index.html").is_file(), f"{name}: no page for {kind} {ref}"
            assert f'href="{prefix}{target}"' in markup, f"{name}: no link to {target}"


def test_every_company_and_person_has_and_shows_a_chinese_name(real_site, graph):
    """Every Chinese company and person has a Chinese name; a foreign one shows it when it has one (Anthropic's is
    not printed by any source we read, so it has none on the site)."""
    for kind in ("companies", "people"):
        for entry in graph.all(kind):
            if not entry.record.name_zh and getattr(entry.record, "country", "China") != "China":
                continue
            assert entry.record.name_zh, f"data/{kind}/{entry.id}.yml has no name_zh"
            heading = re.search(r"<h1[^>]*>(.*?)</h1>", page_html(real_site, f"{kind}/{entry.id}/"), re.S).group(1)
            assert f'<span lang="zh">{entry.record.name_zh}</span>' in heading, f"{kind}/{entry.id}: no Chinese name"


def test_the_front_page_has_the_question_three_sourced_figures_two_voices_one_chart_and_the_sections(real_site):
    markup = page_html(real_site, "")
    front, _, sections = markup.partition('class="home-contents"')
    assert "But is it?" in visible_text(re.search(r'<div class="hero">(.*?)</div>', front, re.S).group(1))
    figures = re.findall(r'<div class="key-figure">(.*?)</div>', front, re.S)
    assert len(figures) == 3
    for figure in figures:
        assert 'class="fact"' in figure
        anchor = re.search(r'href="#(source-\d+)"', figure).group(1)
        assert f'id="{anchor}"' in markup, f"figure cites {anchor}, which the page does not list"
    voices = re.search(r'<div class="voices">(.*?)\n</div>', front, re.S).group(1)
    assert voices.count('class="quote-card"') == 2
    lead = re.search(r'<div class="lead-chart">(.*?)\n</div>', front, re.S).group(1)
    assert "us-china-model-gap" in lead and "[[chart:" not in lead
    listed = re.findall(r'<li><a href="#([a-z-]+)">', sections.split("</nav>")[0])
    assert {"the-question", "what-happened-next", "momentum", "obstacles", "open-weights", "what-changed",
            "verdict", "what-to-watch"} <= set(listed)
    for anchor in listed:
        assert f'id="{anchor}"' in sections


def luminance(rgb: tuple) -> float:
    """Relative luminance of an sRGB colour (WCAG 2)."""
    channels = [c / 255 for c in rgb[:3]]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: tuple, b: tuple) -> float:
    """WCAG contrast ratio of two colours."""
    light, dark = sorted((luminance(a), luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


COLOURS_JS = """selector => [...document.querySelectorAll(selector)].map(el => {
  const rgb = s => s.match(/[\\d.]+/g).slice(0, 3).map(Number);
  let bg = el, colour = getComputedStyle(el).backgroundColor;
  while (bg && (colour === 'rgba(0, 0, 0, 0)' || colour === 'transparent')) {
    bg = bg.parentElement; colour = bg ? getComputedStyle(bg).backgroundColor : 'rgb(255, 255, 255)';
  }
  return [rgb(getComputedStyle(el).color), rgb(colour)];
})"""


@pytest.mark.browser
@pytest.mark.parametrize("preference, scheme", [("light", "default"), ("dark", "slate")])
def test_the_front_page_fits_a_360_pixel_screen_in_both_palettes(browser, site_url, preference, scheme):
    # The palettes in mkdocs.yml follow the reader's system preference until they choose one.
    context, page = open_page(browser, site_url, viewport={"width": 360, "height": 740}, color_scheme=preference)
    try:
        page.goto(site_url)
        assert page.page.evaluate("document.body.getAttribute('data-md-color-scheme')") == scheme
        assert page.page.evaluate("document.documentElement.scrollWidth") <= 360, "the page scrolls sideways"
        lefts = page.page.eval_on_selector_all(".key-figure", "els => els.map(e => e.getBoundingClientRect().left)")
        assert len(lefts) == 3 and len(set(lefts)) == 1, "key figures should stack at 360 px"
        for selector in (".hero h1", ".key-figure__value", ".key-figure__label", ".quote-card blockquote p",
                         ".home-contents a"):
            for colour, background in page.page.evaluate(COLOURS_JS, selector):
                assert contrast(colour, background) >= 4.5, f"{selector} in {scheme}: {colour} on {background}"
        assert page.watch.problems == []
    finally:
        context.close()


@pytest.mark.browser
def test_the_front_page_prints_without_the_site_chrome(browser, site_url):
    context, page = open_page(browser, site_url, color_scheme="dark")
    try:
        page.goto(site_url)
        # One chart swapped for Plotly's (the reader pointed at it); the others still show their pictures.
        page.page.locator("[data-figure]").first.hover()
        page.page.wait_for_function("() => document.querySelector('[data-figure]')._fullData", timeout=20_000)
        page.page.emulate_media(media="print")
        shown = "selector => [...document.querySelectorAll(selector)].some(e => getComputedStyle(e).display !== 'none')"
        for chrome in (".md-header", ".md-sidebar", ".md-footer", ".home-contents", ".md-search"):
            assert not page.page.evaluate(shown, chrome), f"{chrome} is printed"
        for content in (".hero h1", ".key-figure", ".quote-card", "#the-question"):
            assert page.page.evaluate(shown, content), f"{content} is not printed"
        filters = page.page.eval_on_selector_all(".js-plotly-plot", "els => els.map(e => getComputedStyle(e).filter)")
        assert filters and all("invert" in f for f in filters), "dark-palette charts should print light"
        pictures = page.page.eval_on_selector_all(".chart__static", "els => els.filter(e => getComputedStyle(e)"
                                                  ".display !== 'none').map(e => e.className)")
        assert pictures and all("chart__static--light" in p for p in pictures), "pictures should print light"
        background = page.page.evaluate("getComputedStyle(document.body).backgroundColor")
        assert background in ("rgb(255, 255, 255)", "rgba(0, 0, 0, 0)"), f"prints on {background}"
        assert page.page.pdf(format="A4")[:4] == b"%PDF"
    finally:
        context.close()
