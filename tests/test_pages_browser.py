"""The real site in headless Chromium: home, a company, a quote, and Material's instant navigation between them.

Every page must load without console errors, failed requests or any request to another host. The pages are
opened at the site's public address (public_page), where Material's instant navigation works as on the real host.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from generator.facts.pipeline import load_graph
from tests.browser import reach_for

ROOT = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def graph():
    """The real data."""
    return load_graph(ROOT / "data", ROOT)


@pytest.fixture(scope="module")
def quote(graph):
    """A quote whose speaker has a role at a company, so its page links a person and a company."""
    for entry in graph.all("quotes"):
        person = graph.get("people", entry.record.person).record
        if any(role.company for role in person.roles):
            return entry
    pytest.fail("the real data has no quote by someone with a company role")


@pytest.fixture(scope="module")
def company(graph, quote):
    """The company of the quote's speaker."""
    person = graph.get("people", quote.record.person).record
    return graph.get("companies", next(role.company for role in person.roles if role.company))


def test_home_page_loads_clean(public_page):
    response = public_page.goto("")
    assert response.status == 200
    page = public_page.page
    assert page.locator("h1").first.is_visible()
    assert page.locator(".quote-card").count() >= 1
    assert public_page.watch.problems == []
    assert public_page.watch.requests, "the watch saw the page's requests"


def test_company_page_shows_profile_links_and_numbered_sources(public_page, company):
    public_page.goto(f"companies/{company.id}/")
    page = public_page.page
    assert company.record.name in page.locator("h1").inner_text()
    assert page.locator("ol.citations > li").count() >= len(company.record.sources)
    first_marker = page.locator("sup.cite a").first
    first_marker.click()
    assert page.evaluate("location.hash") == "#source-1"
    assert page.locator("#source-1").is_visible()
    assert public_page.watch.problems == []


def test_quote_page_shows_the_words_speaker_and_permalink(public_page, quote, graph):
    public_page.goto(f"quotes/{quote.id}/")
    page = public_page.page
    card = page.locator("figure.quote-card").first
    assert " ".join(quote.record.text.split())[:40] in " ".join(card.locator("blockquote").inner_text().split())
    speaker = graph.get("people", quote.record.person).record.name
    assert speaker in card.locator("figcaption").inner_text()
    assert public_page.url(f"quotes/{quote.id}/") in page.locator("text=Permalink").locator("..").inner_text()
    assert page.locator('meta[property="og:title"]').get_attribute("content").startswith(speaker)
    assert public_page.watch.problems == []


def test_instant_navigation_between_home_company_and_quote(public_page, company, quote):
    page = public_page.page
    public_page.goto("")
    # A marker on window survives only if Material swaps pages in place instead of loading a new document.
    page.evaluate("window.__stillHere = true")

    _click_link_to(page, f"companies/{company.id}/")
    page.wait_for_url(f"**/companies/{company.id}/")
    page.wait_for_selector(f"h1:has-text('{company.record.name}')")
    assert page.evaluate("window.__stillHere === true"), "instant navigation reloaded the page"

    _click_link_to(page, f"quotes/{quote.id}/")
    page.wait_for_url(f"**/quotes/{quote.id}/")
    page.wait_for_selector("figure.quote-card")
    assert page.evaluate("window.__stillHere === true")

    page.go_back()
    page.wait_for_url(f"**/companies/{company.id}/")
    page.wait_for_selector(f"h1:has-text('{company.record.name}')")
    page.wait_for_load_state("networkidle")
    assert public_page.watch.problems == []


def _click_link_to(page, path: str) -> None:
    """Click the first visible link whose resolved address ends with path; fails if there is none."""
    links = page.locator(f'article a[href$="{path}"]')
    assert links.count(), f"no link to {path} on {page.url}"
    target = next(links.nth(i) for i in range(links.count()) if links.nth(i).is_visible())
    reach_for(page, target)
    target.click()
