"""Chart embeds on another site, in headless Chromium: a host page on another origin pastes two charts' snippets
(taken from their chart pages); each iframe resizes to its content at 360 and 1200 px, follows the host's
prefers-color-scheme, turns interactive on focus, and nothing is requested outside the two origins."""
from __future__ import annotations

import html
import re
from urllib.parse import urlsplit

import pytest

from tests import browser as browser_support

pytestmark = pytest.mark.browser

CHARTS = ["ai-investment-2024", "us-china-model-gap"]
HOST = "https://host.example.net/"


def snippet(site, chart_id: str) -> str:
    """The embed code a chart page offers, as a reader copies it."""
    page = (site / "charts" / chart_id / "index.html").read_text(encoding="utf-8")
    code = re.search(r'<code class="language-html">(.*?)</code>', page, re.S).group(1)
    return html.unescape(code)


def host_page(site) -> str:
    return ("<!doctype html><html><head><meta charset=utf-8><title>Host</title></head><body>"
            "<h1>A host page</h1>" + "".join(f"<section>{snippet(site, c)}</section>" for c in CHARTS)
            + "<p>After the charts.</p></body></html>")


@pytest.fixture
def embedded(browser, real_site, site_url, public_url, request):
    """A host page on HOST with two embedded charts; the site itself answered at its public address."""
    width, scheme = request.param
    context = browser.new_context(viewport={"width": width, "height": 900}, color_scheme=scheme)
    requests: list[str] = []
    context.on("request", lambda r: requests.append(r.url))
    context.route(lambda url: url.startswith(HOST), lambda route: route.fulfill(
        status=200, content_type="text/html", body=host_page(real_site)))
    browser_support.serve_at(context, public_url, site_url)
    context.route(lambda url: not url.startswith((HOST, public_url, "data:")), lambda route: route.abort())
    page = context.new_page()
    page.goto(HOST + "host.html", wait_until="networkidle")
    yield page, requests, scheme
    context.close()


def frames(page):
    return [page.frame_locator(f"iframe[data-facts-chart='{c}']") for c in CHARTS]


@pytest.mark.parametrize("embedded", [(360, "light"), (1200, "light"), (360, "dark")], indirect=True,
                         ids=["360-light", "1200-light", "360-dark"])
def test_embeds_resize_to_their_content_and_follow_the_host_palette(embedded, public_url):
    page, requests, scheme = embedded
    for chart in CHARTS:
        iframe = page.locator(f"iframe[data-facts-chart='{chart}']")
        frame = iframe.element_handle().content_frame()
        frame.wait_for_load_state("load")
        # The host's script sets the height from the embed's message (the fixed height is only the attribute).
        page.wait_for_function("id => document.querySelector(`iframe[data-facts-chart='${id}']`).style.height",
                               arg=chart)
        content = frame.evaluate("Math.ceil(document.documentElement.getBoundingClientRect().height)")
        shown = iframe.evaluate("f => f.getBoundingClientRect().height")
        assert abs(shown - content) <= 2, (chart, shown, content)
        assert frame.evaluate("document.body.getAttribute('data-md-color-scheme')") == \
            ("slate" if scheme == "dark" else "default")
        # The picture loads lazily, as the reader reaches it: bring it into view and wait for its source.
        iframe.scroll_into_view_if_needed()
        picture = frame.wait_for_function("""() => {
            const shown = [...document.querySelectorAll('.chart__static img')]
                .filter(img => img.getBoundingClientRect().height).map(img => img.currentSrc);
            return shown.length && shown.every(Boolean) && shown; }""").json_value()
        assert f"/{chart}.{scheme}." in picture[0], picture
    origins = {f"{urlsplit(url).scheme}://{urlsplit(url).netloc}" for url in requests if not url.startswith("data:")}
    assert origins == {HOST.rstrip("/"), public_url.split("/ai-race")[0]}, origins


@pytest.mark.parametrize("embedded", [(1200, "light")], indirect=True, ids=["1200-light"])
def test_an_embedded_chart_turns_interactive_on_focus(embedded):
    page, requests, _ = embedded
    frame = page.locator(f"iframe[data-facts-chart='{CHARTS[0]}']").element_handle().content_frame()
    assert not [url for url in requests if "plotly" in url]
    frame.locator("[data-figure]").focus()
    frame.wait_for_function("() => document.querySelector('[data-figure] svg.main-svg')", timeout=20000)
    assert [url for url in requests if "plotly" in url]


def test_the_theme_parameter_fixes_the_palette(browser, site_url):
    context = browser.new_context(color_scheme="light")
    page = context.new_page()
    page.goto(site_url + "charts/ai-investment-2024/embed/?theme=dark", wait_until="networkidle")
    assert page.evaluate("document.body.getAttribute('data-md-color-scheme')") == "slate"
    assert "Stanford" in page.locator(".embed__source").inner_text()
    assert page.locator(".embed__credit a").get_attribute("href") == "../../../charts/ai-investment-2024/"
    context.close()
