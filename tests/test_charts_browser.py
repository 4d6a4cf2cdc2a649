"""Charts in headless Chromium on the real site: a build-time picture first (light and dark, also without
JavaScript), plotly.js fetched only when the reader reaches for a chart (pointer, touch, click, keyboard focus),
then drawn with the right marks and trace types, no console errors, light and dark, after instant navigation,
inside a hidden container, on a phone, accessible, and with plotly.js loaded only where a chart is.
"""
from __future__ import annotations

import gzip
from pathlib import Path
from urllib.parse import urljoin

import pytest

from generator.facts.pipeline import load_graph
from tests.browser import reach_for
from tests.conftest import ROOT, open_page

pytestmark = pytest.mark.browser

CHART_IDS = [entry.id for entry in load_graph(ROOT / "data", ROOT).all("charts")]
NO_CHART_PAGE = "companies/zhipu/"  # lists charts by link, draws none
# At least one chart, and every one drawn (after instant navigation the old page may still be showing).
ALL_DRAWN = ("() => { const charts = [...document.querySelectorAll('[data-figure]')]; "
             "return charts.length > 0 && charts.every(el => el.querySelector('svg.main-svg') && el._fullData); }")
# Budget from the issue: all JavaScript on a chart page, gzip-compressed.
JS_BUDGET = 460 * 1000


def reach_charts(page) -> None:
    """The reader points at every chart on the page (scrolled to it): each swaps its picture for Plotly's chart."""
    charts = page.locator("[data-figure]")
    # After instant navigation the page script runs a moment after the content: point once it is listening.
    page.wait_for_function("() => [...document.querySelectorAll('[data-figure]')].every(el => el.factsSeen)")
    for index in range(charts.count()):
        charts.nth(index).hover()


def wait_for_charts(page, timeout: float = 20_000) -> None:
    """Reach for every chart on the page, then wait until each has Plotly's SVG."""
    reach_charts(page)
    page.wait_for_function(ALL_DRAWN, timeout=timeout)


def shown_picture(page, index: int = 0) -> dict | None:
    """The build-time picture a chart shows now (loaded and visible), or None."""
    return page.evaluate("""i => {
        const el = document.querySelectorAll('[data-figure]')[i];
        const img = [...el.querySelectorAll('.chart__static img')].find(img => img.getBoundingClientRect().height);
        return img ? {src: img.currentSrc, alt: img.alt, loaded: img.complete && img.naturalWidth > 0,
                      height: img.getBoundingClientRect().height} : null;
    }""", index)


def plotly_requests(watch) -> list[str]:
    return [url for url in watch.requests if "plotly" in url]


def drawn_charts(page) -> list[dict]:
    """For each chart: drawn trace types, the spec's trace types, marks drawn and marks the data holds."""
    return page.evaluate("""() => [...document.querySelectorAll('[data-figure]')].map(gd => {
        const spec = JSON.parse(gd.getAttribute('data-figure'));
        const values = t => (t.orientation === 'h' && t.type === 'bar' ? t.x : t.y).filter(v => v !== null).length;
        return {
            id: gd.id,
            drawn: gd._fullData.map(t => t.type),
            spec: spec.data.map(t => t.type),
            // A missing value (a range given without its centre) still gets a bar element, of no width.
            marks: [...gd.querySelectorAll('.point')].filter(p => {
                const box = (p.matches('path') ? p : p.querySelector('path')).getBBox();
                return box.width > 0 && box.height > 0;
            }).length,
            expected: spec.data.reduce((n, t) => n + values(t), 0),
            width: gd.getBoundingClientRect().width,
            svgWidth: gd.querySelector('svg.main-svg').getBoundingClientRect().width,
        };
    })""")


@pytest.mark.parametrize("chart_id", CHART_IDS)
def test_chart_page_draws_the_spec_s_traces_and_marks(chart_id, browser_page, site_url):
    browser_page.goto(site_url + f"charts/{chart_id}/")
    wait_for_charts(browser_page.page)
    [chart] = drawn_charts(browser_page.page)
    # The basic bundle silently draws unknown trace types as scatter: compare with the spec, not just count.
    assert chart["drawn"] == chart["spec"]
    assert chart["marks"] == chart["expected"] > 0
    assert browser_page.watch.problems == []


def test_every_chart_on_the_home_page_draws_once_scrolled_to(browser_page, site_url):
    page = browser_page.page
    browser_page.goto(site_url)
    charts = page.locator("[data-figure]")
    assert charts.count() >= 4  # the others are linked from the text, each on its own page
    for index in range(charts.count()):
        charts.nth(index).hover()
        page.wait_for_function(f"() => document.querySelectorAll('[data-figure]')[{index}]._fullData", timeout=20_000)
    drawn = drawn_charts(page)
    assert all(c["drawn"] == c["spec"] and c["marks"] == c["expected"] for c in drawn), drawn
    assert browser_page.watch.problems == []


def test_a_chart_shows_its_picture_and_fetches_no_plotly_until_the_reader_reaches_for_it(browser, site_url):
    context, bp = open_page(browser, site_url, viewport={"width": 360, "height": 640})
    page = bp.page
    bp.goto(site_url)  # on a phone the first chart is several screens down
    page.locator("[data-figure]").first.scroll_into_view_if_needed()
    page.wait_for_function("() => [...document.querySelector('[data-figure]').querySelectorAll('img')]"
                           ".some(img => img.complete && img.naturalWidth > 0 && img.getBoundingClientRect().height)")
    page.wait_for_timeout(500)
    picture = shown_picture(page)
    assert picture["loaded"] and picture["src"].endswith(".light.narrow.svg") and picture["alt"]
    assert plotly_requests(bp.watch) == [] and page.locator("svg.main-svg").count() == 0
    page.locator("[data-figure]").first.hover()
    page.wait_for_function("() => document.querySelector('[data-figure]')._fullData", timeout=20_000)
    assert plotly_requests(bp.watch) and page.locator("[data-figure]").first.locator(".chart__static").count() == 0
    # Only the chart the reader reached for is swapped; the others keep their pictures.
    drawn = page.evaluate("[...document.querySelectorAll('[data-figure]')].filter(el => el._fullData).length")
    assert drawn == 1 and page.locator("[data-figure]").nth(1).locator(".chart__static").count() == 2
    assert bp.watch.problems == []
    context.close()


@pytest.mark.parametrize("reach", ["focus", "tap", "click"])
def test_keyboard_focus_a_tap_or_a_click_also_swaps_in_the_interactive_chart(reach, browser, site_url):
    context, bp = open_page(browser, site_url, has_touch=True)
    page = bp.page
    bp.goto(site_url + "charts/ai-investment-2024/")
    plot = page.locator("[data-figure]")
    if reach == "focus":
        # Keyboard readers tab to the chart: it is focusable, and focus is enough.
        for _ in range(200):
            page.keyboard.press("Tab")
            if page.evaluate("document.activeElement.hasAttribute('data-figure')"):
                break
        assert page.evaluate("document.activeElement.hasAttribute('data-figure')")
    else:
        getattr(plot, reach)()
    page.wait_for_function(ALL_DRAWN, timeout=20_000)
    [chart] = drawn_charts(page)
    assert chart["drawn"] == chart["spec"] and chart["marks"] == chart["expected"]
    assert bp.watch.problems == []
    context.close()


def test_drawing_the_chart_moves_nothing_on_the_page(browser, site_url):
    context, bp = open_page(browser, site_url)
    page = bp.page
    page.add_init_script("window.shifts = 0; new PerformanceObserver(list => list.getEntries().forEach("
                         "e => { if (!e.hadRecentInput) window.shifts += e.value; })).observe({type: 'layout-shift', "
                         "buffered: true});")
    bp.goto(site_url + "charts/us-chip-controls-timeline/")
    page.wait_for_timeout(300)
    wait_for_charts(page)  # the picture, then Plotly's chart in its place
    page.wait_for_timeout(300)
    shifts = page.evaluate("window.shifts")
    context.close()
    assert shifts < 0.01  # the stylesheet reserves each chart's height; the picture is never taller


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_picture_follows_the_palette_and_its_switch(scheme, browser, site_url):
    context, bp = open_page(browser, site_url, color_scheme=scheme)
    page = bp.page
    bp.goto(site_url + "charts/ai-investment-2024/")
    other = "dark" if scheme == "light" else "light"
    page.wait_for_function(f"() => document.querySelector('.chart__static--{scheme} img').complete")
    assert shown_picture(page)["src"].endswith(f".{scheme}.svg")
    page.locator("form[data-md-component=palette] label:not([hidden])").click()
    page.wait_for_function(f"() => document.querySelector('.chart__static--{other} img').complete "
                           f"&& document.querySelector('.chart__static--{other} img').naturalWidth > 0")
    assert shown_picture(page)["src"].endswith(f".{other}.svg")
    assert plotly_requests(bp.watch) == [] and bp.watch.problems == []
    context.close()


def test_palette_switch_recolours_the_chart_at_once(browser_page, site_url):
    page = browser_page.page
    browser_page.goto(site_url + "charts/ai-investment-2024/")
    wait_for_charts(page)
    before = chart_background(page)
    scheme = page.evaluate("document.body.getAttribute('data-md-color-scheme')")
    page.locator("form[data-md-component=palette] label:not([hidden])").click()
    page.wait_for_function(f"document.body.getAttribute('data-md-color-scheme') !== '{scheme}'")
    page.wait_for_function(f"() => getComputedStyle(document.querySelector('.chart__plot svg.main-svg'))"
                           f".backgroundColor !== '{before['svg']}'", timeout=5000)
    after = chart_background(page)
    assert after["layout"] != before["layout"] and after["svg"] != before["svg"]
    assert after["layout"] == after["page"]  # the chart sits on the page's own background
    assert browser_page.watch.problems == []


def chart_background(page) -> dict:
    """The chart's background as Plotly holds it and as drawn, and the page's background."""
    return page.evaluate("""() => {
        const gd = document.querySelector('[data-figure]');
        const probe = document.createElement('div');
        probe.style.cssText = 'transition:none;background-color:var(--md-default-bg-color)';
        document.body.appendChild(probe);
        const pageBg = getComputedStyle(probe).backgroundColor;
        probe.remove();
        return {layout: gd._fullLayout.paper_bgcolor, page: pageBg,
                svg: getComputedStyle(gd.querySelector('svg.main-svg')).backgroundColor};
    }""")


@pytest.mark.parametrize("start", ["", NO_CHART_PAGE], ids=["from-home", "from-a-page-without-charts"])
def test_instant_navigation_to_a_chart_page_draws_the_chart(start, public_page):
    page = public_page.page
    public_page.goto(start)
    if start:
        assert not any("plotly" in url or "charts.js" in url for url in public_page.watch.requests)
    page.evaluate("window.notReloaded = true")
    reach_for(page)
    if not start:
        # The home page hides the sidebar; its navigation links are still in the page for the menu.
        page.evaluate("document.querySelector('.md-nav__link[href$=\"charts/\"]').click()")
        page.wait_for_url(lambda url: url.split("#")[0].endswith("/charts/"))
    page.locator("article a[href$='charts/hk-ai-ipos-2026/']").first.click()
    # Material's navigation.tracking may add the heading in view as a #hash.
    page.wait_for_url(lambda url: "/charts/hk-ai-ipos-2026/" in url)
    page.wait_for_function("() => document.querySelector('[data-figure] .chart__static img')")
    wait_for_charts(page)
    assert page.evaluate("window.notReloaded === true"), "the click reloaded the page: no instant navigation"
    [chart] = drawn_charts(page)
    assert chart["drawn"] == chart["spec"] and chart["marks"] == chart["expected"]
    assert public_page.watch.problems == []


def test_a_page_without_charts_loads_no_chart_script(browser_page, site_url):
    browser_page.goto(site_url + NO_CHART_PAGE)
    scripts = [url for url in browser_page.watch.requests if url.endswith(".js")]
    assert scripts and not [url for url in scripts if "plotly" in url or "charts.js" in url]
    assert browser_page.page.locator("[data-figure]").count() == 0


def test_javascript_on_a_chart_page_is_within_budget_and_after_first_paint(browser, site_url, real_site):
    context, bp = open_page(browser, site_url)
    page = bp.page
    bp.goto(site_url + "charts/hk-ai-ipos-2026/")
    before = sorted({url for url in bp.watch.requests if url.endswith(".js")})
    wait_for_charts(page)
    scripts = sorted({url for url in bp.watch.requests if url.endswith(".js")})
    total = sum(gzipped(real_site, site_url, url) for url in scripts)
    before_total = sum(gzipped(real_site, site_url, url) for url in before)
    timing = page.evaluate("""() => ({
        paint: performance.getEntriesByName('first-contentful-paint')[0].startTime,
        plotly: performance.getEntriesByType('resource').find(r => r.name.includes('plotly')).startTime })""")
    context.close()
    print(f"gzip bytes of JavaScript on a chart page: {before_total} before the reader reaches for the chart, "
          f"{total} after")
    assert not [url for url in before if "plotly" in url]
    assert before_total <= 100 * 1000, before  # Material's scripts, search and the chart script only
    assert any("plotly-basic.min.js" in url for url in scripts)
    assert total <= JS_BUDGET, f"{total} gzip bytes of JavaScript: {scripts}"
    assert timing["plotly"] >= timing["paint"], timing


def gzipped(site: Path, base_url: str, url: str) -> int:
    """Size of a served file after gzip -9, read from the built site."""
    return len(gzip.compress((site / url.removeprefix(base_url)).read_bytes(), compresslevel=9))


def test_without_javascript_the_data_table_is_there(browser, site_url):
    context, bp = open_page(browser, site_url, java_script_enabled=False)
    page = bp.page
    bp.goto(site_url + "charts/ai-investment-2024/")
    table = page.locator(".chart__data table")
    assert table.is_visible()
    assert table.locator("tbody tr").count() == 3
    # The last column names the row's source: a citation mark to the chart's list of sources.
    assert table.locator("tbody tr").first.inner_text().split("\t") == ["United States", "$109.1bn", "[1]"]
    assert table.locator("tbody tr").first.locator("sup.cite a").get_attribute("href").endswith("-source-1")
    # The build-time picture stands for the chart (light: the palette Material shows without JavaScript).
    picture = shown_picture(page)
    assert picture["loaded"] and picture["src"].endswith("ai-investment-2024.light.svg")
    assert picture["alt"] == page.locator(".chart__plot").get_attribute("aria-label")
    assert page.locator(".chart__static--dark img").is_hidden()
    assert page.locator(".chart__plot").evaluate("el => el.getBoundingClientRect().height") == 360
    assert page.locator(".chart__summary").is_visible() and page.locator(".chart__sources li").count() == 1
    assert page.locator("a[download$='.csv']").get_attribute("href") == "../../data/charts/ai-investment-2024.csv"
    context.close()


def test_csv_download_holds_the_chart_data(browser, site_url):
    # Without JavaScript the link is as built (Material's scripts rewrite links against the sitemap's site_url).
    context, bp = open_page(browser, site_url, java_script_enabled=False)
    page_url = site_url + "charts/hk-ai-ipos-2026/"
    bp.goto(page_url)
    href = bp.page.locator("a[download$='.csv']").get_attribute("href")
    response = bp.page.request.get(urljoin(page_url, href))
    assert response.ok
    assert response.text().splitlines()[:2] == [
        "company,listed_on,raised_hkd_bn,raised_usd_m,first_day_close_pct,source", "Zhipu,2026-01-08,4.35,558,13.17,1;4"]
    context.close()


def test_chart_fits_a_phone_and_follows_its_container(browser, site_url):
    context, bp = open_page(browser, site_url, viewport={"width": 360, "height": 740})
    page = bp.page
    bp.goto(site_url + "charts/us-chip-controls-timeline/")
    wait_for_charts(page)
    [chart] = drawn_charts(page)
    assert chart["svgWidth"] <= chart["width"] <= 360
    assert page.evaluate("document.scrollingElement.scrollWidth") <= 360
    page.set_viewport_size({"width": 1000, "height": 800})
    page.wait_for_function("() => document.querySelector('svg.main-svg').getBoundingClientRect().width > 400")
    [wide] = drawn_charts(page)
    assert abs(wide["svgWidth"] - wide["width"]) <= 1
    assert bp.watch.problems == []
    context.close()


def test_chart_in_a_hidden_container_draws_at_full_width_when_shown(browser, site_url):
    """As in an inactive tab: hidden when plotly.js arrives, drawn at its container's width once visible."""
    context, bp = open_page(browser, site_url)
    page = bp.page
    held = []
    # plotly.js is held back until the chart is hidden.
    page.route("**/plotly-basic.min.js", lambda route: held.append(route))
    page.goto(site_url + "charts/notable-models-2024/", wait_until="domcontentloaded")
    page.locator("[data-figure]").hover()
    while not held:
        page.wait_for_timeout(50)
    page.evaluate("document.querySelector('figure.chart').style.display = 'none'")
    held[0].continue_()
    page.wait_for_function("() => window.Plotly !== undefined")
    page.wait_for_timeout(300)
    assert page.locator("svg.main-svg").count() == 0
    page.evaluate("document.querySelector('figure.chart').style.display = ''")
    wait_for_charts(page)
    [chart] = drawn_charts(page)
    assert abs(chart["svgWidth"] - chart["width"]) <= 1 and chart["marks"] == chart["expected"]
    assert bp.watch.problems == []
    context.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_finds_no_serious_violation_on_a_chart_page(scheme, browser, site_url):
    context, bp = open_page(browser, site_url, color_scheme=scheme)
    page = bp.page
    bp.goto(site_url + "charts/hk-ai-ipos-2026/")
    page.add_script_tag(path=str(ROOT / "node_modules" / "axe-core" / "axe.min.js"))
    serious = {}
    for state in ("picture", "drawn"):  # as most readers see it, then once they reach for the chart
        if state == "drawn":
            wait_for_charts(page)
        result = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
        serious[state] = [f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:3]}"
                          for v in result["violations"] if v["impact"] in ("serious", "critical")]
    context.close()
    assert serious == {"picture": [], "drawn": []}
