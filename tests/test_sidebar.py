"""The sidebar's navigation, rendered once per folder for the record pages it does not list (generator/engines/
sidebar.py): on the real site every record page's navigation still leads where the home page's does, with nothing
marked as the current page, and the pages it lists are still marked current."""
from __future__ import annotations

import re
from urllib.parse import urljoin

import pytest

RECORDS = ["companies/zhipu", "people/yang-zhilin", "quotes/lin-below-20", "events/agi-next-2026", "models/glm-5"]
LISTED = ["companies", "people", "timeline"]


def navigation(site, url: str) -> tuple[set[str], list[str]]:
    """Where the page's sidebar links lead (absolute, from the page's own address), and those marked current;
    without the current page's own contents, which the theme nests under its entry."""
    html = (site / url / "index.html").read_text(encoding="utf-8")
    sidebar = html[html.index('data-md-type="navigation"'):html.index('data-md-type="toc"')]
    links = [(href, active) for href, active in
             re.findall(r'<a href="([^"]*)" class="md-nav__link( md-nav__link--active)?', sidebar) if "#" not in href]
    page = f"https://site.example/{url}/".replace("//", "/").replace(":/", "://")
    return {urljoin(page, href) for href, _ in links}, [urljoin(page, href) for href, active in links if active]


@pytest.mark.parametrize("edition", ["", "zh/"])
def test_record_pages_of_every_folder_lead_where_the_home_page_leads(real_site, edition):
    home, _ = navigation(real_site, edition)
    assert len(home) >= 10
    for url in RECORDS:
        assert navigation(real_site, edition + url) == (home, []), edition + url


@pytest.mark.parametrize("edition", ["", "zh/"])
def test_pages_the_navigation_lists_are_marked_current(real_site, edition):
    home, _ = navigation(real_site, edition)
    for url in LISTED:
        assert navigation(real_site, edition + url) == (home, [f"https://site.example/{edition}{url}/"]), edition + url
