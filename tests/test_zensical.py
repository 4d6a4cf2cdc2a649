"""Zensical as a second engine: the real site built by both engines is the same site for a reader (pages, titles,
text, charts, links, data files), and the Zensical build keeps its cache warm by touching only changed files.
Browser checks on the Zensical site: search in English and Chinese, charts' pictures and plotly.js on reaching
for them, instant navigation, no request to another host."""
from __future__ import annotations

import html
import os
import shutil
from pathlib import Path

import pytest

from audit.engines import differences, summarise
from generator.engines.zensical import finish_site, sanitised, sync_tree
from tests.browser import reach_for
from tests.conftest import open_page
from tests.test_charts_browser import drawn_charts, shown_picture, wait_for_charts


def test_both_engines_build_the_same_site(real_site, zensical_site):
    found = differences(real_site, zensical_site)
    assert found == [], "\n".join(found[:40])


def test_the_comparison_covers_the_whole_site(zensical_site):
    """What the comparison above compares is all there: every page kind, the charts, thousands of links."""
    pages = summarise(zensical_site)
    assert len(pages) > 100 and {"", "companies/zhipu/", "charts/us-china-model-gap/", "404.html"} <= set(pages)
    assert pages[""].charts == 4 and pages["charts/us-china-model-gap/"].charts == 1
    assert sum(len(page.links) for page in pages.values()) > 3000
    assert "智谱" in pages["companies/zhipu/"].text


def test_the_comparison_sees_what_a_reader_would_miss(real_site, tmp_path):
    other = shutil.copytree(real_site, tmp_path / "other")
    shutil.rmtree(other / "glossary")
    _edit(other / "companies" / "zhipu" / "index.html", "Tsinghua University", "Peking University")
    _edit(other / "charts" / "ai-capex-2026" / "index.html", "data-figure=", "data-dropped=")
    _edit(other / "index.html", 'href="companies/zhipu/"', 'href="companies/zhipu-ai/"')
    found = "\n".join(differences(real_site, other))
    assert "only in site: /glossary/" in found
    assert "/companies/zhipu/: text differs" in found and "Peking University" in found
    assert "/charts/ai-capex-2026/: 1 charts vs 0" in found
    assert "broken in other: / -> companies/zhipu-ai/" in found


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_both_sites_serve_the_same_data_files_feed_and_social_cards(real_site, zensical_site):
    def files(site: Path, folder: str) -> set[str]:
        return {path.relative_to(site).as_posix() for path in (site / folder).rglob("*") if path.is_file()}
    assert files(real_site, "data") == files(zensical_site, "data") and len(files(real_site, "data")) > 20
    assert (zensical_site / "changelog.xml").read_bytes() == (real_site / "changelog.xml").read_bytes()
    cards = {path.name for path in (zensical_site / "assets/images/social/companies").glob("*.png")}
    assert "zhipu.png" in cards
    # Zensical's templates escape '/' in attributes as &#x2f;, which browsers read as '/'.
    page = html.unescape((zensical_site / "companies/zhipu/index.html").read_text(encoding="utf-8"))
    assert 'assets/images/social/companies/zhipu.png"' in page and "summary_large_image" in page
    # The edit button opens the record's YAML, not a generated Markdown page that exists only in the build.
    assert "edit/main/data/companies/zhipu.yml" in page and "edit/main/docs/companies/zhipu.md" not in page
    assert "Last updated" in page
    # A chart page's link preview is the chart's own picture under Zensical too, and only that.
    chart = html.unescape((zensical_site / "charts/ai-capex-2026/index.html").read_text(encoding="utf-8"))
    assert chart.count('property="og:image"') == 1 and "data/charts/ai-capex-2026-light.png" in chart


def test_generated_pages_content_goes_through_the_allowlist_and_the_theme_s_parts_stay(zensical_site):
    """The second wall, as the Zensical build applies it after the engine: on a real page of its output, markup
    slipped into the content is removed, the theme's edit button (with its SVG) and page footer are kept."""
    page = (zensical_site / "companies/zhipu/index.html").read_text(encoding="utf-8")
    hostile = page.replace("<h1", '<script>alert(1)</script><img src=x onerror="alert(1)"><h1', 1)
    hostile = hostile.replace("</h1>", '</h1><p onclick="alert(1)">x</p>', 1)
    cleaned = sanitised(hostile)
    assert "alert(1)" not in cleaned and "<img" not in cleaned.split('<article')[1].split("</article>")[0]
    assert 'rel="edit"' in cleaned and "<svg" in cleaned and 'class="md-source-file' in cleaned
    assert sanitised(page).count("<h2") == page.count("<h2")


def test_finishing_cleans_generated_pages_only_and_places_chart_pictures(zensical_site, tmp_path):
    built = tmp_path / "built"
    for url in ("companies/zhipu/", "glossary/", "charts/us-china-model-gap/"):
        (built / url).mkdir(parents=True)
        page = (zensical_site / url / "index.html").read_text(encoding="utf-8")
        page = page.replace("<h1", "<script>alert(1)</script><h1", 1)
        page = page.replace('<picture class="chart__static', '<picture hidden class="chart__static')
        (built / url / "index.html").write_text(page, encoding="utf-8")
    finish_site(built, tmp_path / "out", frozenset({"companies/zhipu/", "charts/us-china-model-gap/"}))
    assert "alert(1)" not in (tmp_path / "out/companies/zhipu/index.html").read_text(encoding="utf-8")
    # A hand-written page is the author's own HTML, as under MkDocs (which sanitises generated pages only).
    assert "alert(1)" in (tmp_path / "out/glossary/index.html").read_text(encoding="utf-8")
    chart = (tmp_path / "out/charts/us-china-model-gap/index.html").read_text(encoding="utf-8")
    assert chart.count('<picture class="chart__static') == 2 and "us-china-model-gap.dark.svg" in chart


def test_sync_writes_only_the_files_whose_bytes_changed(tmp_path):
    source, target = tmp_path / "export", tmp_path / "work"
    for name, text in {"docs/a.md": "a", "docs/b.md": "b", "mkdocs.yml": "site_name: x"}.items():
        (source / name).parent.mkdir(parents=True, exist_ok=True)
        (source / name).write_text(text)
    assert sync_tree(source, target) == 3
    (target / ".cache").mkdir()
    (target / ".cache" / "page").write_text("cached")
    (target / "docs" / "old.md").write_text("gone from the export")
    os.utime(target / "docs" / "a.md", (1, 1))
    (source / "docs" / "b.md").write_text("b, edited")
    assert sync_tree(source, target) == 1
    assert (target / "docs" / "b.md").read_text() == "b, edited"
    assert (target / "docs" / "a.md").stat().st_mtime == 1  # unchanged bytes: not touched, the cache stays warm
    assert not (target / "docs" / "old.md").exists() and (target / ".cache" / "page").exists()


@pytest.fixture(scope="module")
def zensical_url(zensical_site, serve) -> str:
    return serve(zensical_site)


@pytest.fixture
def zensical_page(browser, zensical_url, public_url):
    """A page on the Zensical site at its public address, where instant navigation works."""
    context, page = open_page(browser, public_url, served_from=zensical_url)
    yield page
    context.close()


def zensical_search(page, query: str) -> list[str]:
    """Open Zensical's search dialog (its own interface, in a shadow root that Playwright's locators pierce),
    type query and return the result links, best first."""
    page.page.locator(".md-search__button").click()
    box = page.page.locator("input[role=combobox]")
    box.fill(query)
    page.page.wait_for_selector("ol[role=listbox] a[role=option]", timeout=30000)
    links = page.page.locator("ol[role=listbox] a[role=option]").evaluate_all("links => links.map(a => a.href)")
    return [link.split("?")[0] for link in links]


@pytest.mark.browser
@pytest.mark.parametrize("query, url", [("智谱", "companies/zhipu/"), ("Zhipu", "companies/zhipu/"),
                                        ("月之暗面", "companies/moonshot-ai/"), ("暗面", "companies/moonshot-ai/")])
def test_zensical_search_finds_a_record_by_english_or_chinese_name(zensical_page, public_url, query, url):
    zensical_page.goto("")
    links = zensical_search(zensical_page, query)
    assert public_url + url in links[:3], f"{query!r}: {links[:5]}"
    assert zensical_page.watch.problems == []


@pytest.mark.browser
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_zensical_chart_shows_its_picture_then_plotly_on_focus(zensical_page, scheme):
    zensical_page.page.emulate_media(color_scheme=scheme)
    zensical_page.goto("charts/us-china-model-gap/")
    picture = shown_picture(zensical_page.page)
    assert picture and picture["loaded"] and picture["src"].endswith(f".{scheme}.svg"), picture
    assert not [url for url in zensical_page.watch.requests if "plotly" in url]
    zensical_page.page.locator("[data-figure]").first.focus()
    wait_for_charts(zensical_page.page)
    [chart] = drawn_charts(zensical_page.page)
    assert chart["drawn"] == chart["spec"] and chart["marks"] == chart["expected"]
    assert zensical_page.watch.problems == []


@pytest.mark.browser
def test_zensical_instant_navigation_reaches_a_chart_and_draws_it(zensical_page):
    page = zensical_page.page
    zensical_page.goto("charts/")
    page.evaluate("window.notReloaded = true")
    reach_for(page, page.locator("article a[href$='charts/hk-ai-ipos-2026/']").first)
    page.locator("article a[href$='charts/hk-ai-ipos-2026/']").first.click()
    page.wait_for_url(lambda url: "/charts/hk-ai-ipos-2026/" in url)
    page.wait_for_function("() => document.querySelector('[data-figure] .chart__static img')")
    wait_for_charts(page)
    assert page.evaluate("window.notReloaded === true"), "the click reloaded the page: no instant navigation"
    assert zensical_page.watch.problems == []
