"""Search: Material's search finds a record by its English or Chinese name, Chinese segmented by jieba so part of a
name matches too. In headless Chromium on the session's real build."""
from __future__ import annotations

import pytest


def search(page, query: str) -> list[str]:
    """Type query into Material's search and return the result links, best first."""
    box = page.page.locator("input.md-search__input")
    box.click()
    box.fill(query)
    # Material searches on keyup; Chinese arrives as text input with no key events, as from an input method.
    box.press("End")
    page.page.wait_for_selector(".md-search-result__item", timeout=30000)  # the index loads in a worker
    links = page.page.eval_on_selector_all(".md-search-result__item > a", "links => links.map(a => a.href)")
    return [link.split("?")[0] for link in links]


@pytest.mark.browser
@pytest.mark.parametrize("query, url", [("智谱", "companies/zhipu/"), ("Zhipu", "companies/zhipu/"),
                                        ("月之暗面", "companies/moonshot-ai/"), ("暗面", "companies/moonshot-ai/")])
def test_search_finds_a_record_by_english_or_chinese_name(browser_page, site_url, query, url):
    browser_page.goto(site_url)
    links = search(browser_page, query)
    assert site_url + url in links[:3], f"{query!r}: {links[:5]}"
    assert browser_page.watch.problems == []




ON_DEMAND = ("search/search_index.json", "sitemap.xml")


@pytest.mark.browser
@pytest.mark.parametrize("path", ["", "companies/zhipu/", "charts/"])
def test_a_first_visit_fetches_no_data_that_grows_with_the_site(browser_page, site_url, path):
    """The search index and the sitemap wait until the reader reaches for them (overrides/partials/on-demand.html):
    opening search fetches the index, the first pointer move the sitemap, and search then works."""
    browser_page.goto(site_url + path)
    browser_page.page.wait_for_timeout(500)  # anything the theme starts after load
    assert not [url for url in browser_page.watch.requests if url.endswith(ON_DEMAND)]
    with browser_page.page.expect_response(lambda response: response.url.endswith(ON_DEMAND[0])):
        links = search(browser_page, "Zhipu")
    assert site_url + "companies/zhipu/" in links[:3]
    browser_page.page.mouse.move(30, 30)
    browser_page.page.wait_for_function("() => performance.getEntriesByType('resource')"
                                        ".some(entry => entry.name.endsWith('/sitemap.xml'))")
    assert browser_page.watch.problems == []
