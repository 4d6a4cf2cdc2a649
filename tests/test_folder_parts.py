"""The theme's parts rendered once per folder for the record pages the navigation does not list (generator/engines/
folder_parts.py), seen on the real site: every record page's navigation still leads where the home page's does with
nothing marked current, and its stylesheets, scripts and search worker load from the site; the pages the navigation
lists are still marked current."""
from __future__ import annotations

import json
import re
from urllib.parse import urljoin, urlsplit

import pytest

RECORDS = ["companies/zhipu", "people/yang-zhilin", "quotes/lin-below-20", "events/agi-next-2026", "models/glm-5"]
LISTED = ["companies", "people", "timeline"]
SITE = "https://site.example/"


def page_html(site, url: str) -> str:
    return (site / url / "index.html").read_text(encoding="utf-8")


def navigation(site, url: str) -> tuple[set[str], list[str]]:
    """Where the page's sidebar links lead (absolute, from the page's own address), and those marked current;
    without the current page's own contents, which the theme nests under its entry."""
    html = page_html(site, url)
    sidebar = html[html.index('data-md-type="navigation"'):html.index('data-md-type="toc"')]
    links = [(href, active) for href, active in
             re.findall(r'<a href="([^"]*)" class="md-nav__link( md-nav__link--active)?', sidebar) if "#" not in href]
    page = urljoin(SITE, f"{url}/".lstrip("/"))
    return {urljoin(page, href) for href, _ in links}, [urljoin(page, href) for href, active in links if active]


def assets(site, url: str) -> tuple[list[str], str]:
    """The site paths of the page's stylesheets, scripts and search worker, and where its settings put the root."""
    html, page = page_html(site, url), urljoin(SITE, f"{url}/")
    settings = json.loads(re.search(r'<script id="__config" type="application/json">(.*?)</script>', html).group(1))
    found = re.findall(r'<link rel="stylesheet" href="([^"]+)"|<script src="([^"]+)"', html)
    paths = [urlsplit(urljoin(page, link or script)).path.lstrip("/") for link, script in found]
    return paths + [urlsplit(urljoin(page, settings["search"])).path.lstrip("/")], urljoin(page, settings["base"] + "/")


@pytest.mark.parametrize("edition", ["", "zh/"])
def test_record_pages_of_every_folder_lead_where_the_home_page_leads(real_site, edition):
    home, _ = navigation(real_site, edition)
    assert len(home) >= 10
    for url in RECORDS:
        assert navigation(real_site, edition + url) == (home, []), edition + url


@pytest.mark.parametrize("edition", ["", "zh/"])
def test_record_pages_load_their_stylesheets_scripts_and_settings_from_the_site(real_site, edition):
    for url in RECORDS:
        paths, root = assets(real_site, edition + url)
        assert len(paths) >= 5 and [path for path in paths if not (real_site / path).is_file()] == [], edition + url
        assert root == SITE + edition, edition + url


@pytest.mark.parametrize("edition", ["", "zh/"])
def test_pages_the_navigation_lists_are_marked_current(real_site, edition):
    home, _ = navigation(real_site, edition)
    for url in LISTED:
        assert navigation(real_site, edition + url) == (home, [f"{SITE}{edition}{url}/"]), edition + url
