"""Shared fixtures, a pyramid so most tests share one build (all session-scoped unless noted). The suite runs on
every core (pytest-xdist, at most 4 workers); the real site's builds are made once per run and shared by all
workers (shared_build, under a file lock).

    real_site        the project's own site, built once with `python -m generator build` into a temp folder
    zensical_site    the same site built by Zensical (`build --engine zensical`), once, with its own work folder
    serve            serve(folder) -> base URL ('http://127.0.0.1:<port>/'); servers stop at the end of the session
    site_url         real_site served: its base URL
    public_url       the real site's own address (mkdocs.yml site_url); browser_page reaches it through site_url
    browser          headless Chromium through Playwright (tests/browser.py says which one; it prints it)
    browser_page     (per test) a fresh context and page on the locally served real site, with .watch recording
                     console errors, failed requests and requests to any other host (which are blocked);
                     browser_page.goto("companies/") or goto(site_url + "companies/"); see open_page
    public_page      (per test) the same, but the page sees the site at public_url, as readers do (answered by the
                     local server): Material's instant navigation only works there, as it follows only links its
                     sitemap lists under site_url's path and port. Playwright's page.request is not routed.
Browser tests are marked @pytest.mark.browser; `pytest -m "not browser"` runs the rest.
"""
from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from filelock import FileLock

from tests import browser as browser_support

ROOT = Path(__file__).resolve().parent.parent


def shared_build(tmp_path_factory, name: str, arguments: list[str]) -> Path:
    """`python -m generator build` of the real project into <run's temp folder>/<name>/site, once per test run:
    under pytest-xdist the first worker to ask builds it while the others wait on the lock, then all read it."""
    base = tmp_path_factory.getbasetemp()
    root = base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base  # the folder all workers share
    folder = root / name
    with FileLock(str(folder) + ".lock"):
        if not (folder / "built").is_file():
            done = subprocess.run([sys.executable, "-m", "generator", "build", "--out", str(folder / "site"),
                                   *[str(arg).format(folder=folder) for arg in arguments]], cwd=ROOT,
                                  capture_output=True, text=True)
            assert done.returncode == 0, done.stdout + done.stderr
            (folder / "built").touch()
    return folder / "site"


@pytest.fixture(scope="session")
def real_site(tmp_path_factory) -> Path:
    """The project's own site (real data, real docs), built once per test run."""
    return shared_build(tmp_path_factory, "real", [])


@pytest.fixture(scope="session")
def zensical_site(tmp_path_factory) -> Path:
    """The project's own site built by Zensical, once per test run (work folder beside it)."""
    return shared_build(tmp_path_factory, "zensical", ["--engine", "zensical", "--work", "{folder}/work"])


@pytest.fixture(scope="session")
def serve():
    """A function serving a folder on 127.0.0.1 and returning its base URL; every server stops after the session."""
    servers: list[browser_support.SiteServer] = []

    def start(folder: Path) -> str:
        server = browser_support.SiteServer(folder)
        servers.append(server)
        return server.url

    yield start
    for server in servers:
        server.close()


@pytest.fixture(scope="session")
def site_url(real_site, serve) -> str:
    """The real site served locally: 'http://127.0.0.1:<port>/'."""
    return serve(real_site)


@pytest.fixture(scope="session")
def public_url() -> str:
    """The site's address from mkdocs.yml, ending with '/'."""
    from generator.engines.config_file import read_config

    return read_config(ROOT / "mkdocs.yml")["site_url"].rstrip("/") + "/"


@pytest.fixture(scope="session")
def browser():
    """Headless Chromium, started once per session."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = browser_support.launch(playwright)
        yield chromium
        chromium.close()


@dataclass
class BrowserPage:
    """A Playwright page with the Watch that records what it did, and the base URL it browses."""

    page: object
    watch: browser_support.Watch
    base: str
    served_from: str | None = None

    def url(self, path: str = "") -> str:
        """The absolute address of a path of the site: url("quotes/lin-below-20/")."""
        return self.base + path

    def goto(self, path: str = ""):
        """Load a path of the site, or an absolute URL (one on the local server is taken to the same page at the
        site's address), and wait until the network is quiet."""
        if self.served_from and path.startswith(self.served_from):
            path = path[len(self.served_from):]
        return self.page.goto(path if "://" in path else self.url(path), wait_until="networkidle")


def open_page(browser, base_url: str, served_from: str | None = None, **context_options):
    """A new context and page for base_url's host, other hosts blocked, everything recorded. With served_from
    (a local server's URL), requests to base_url are answered from it, so the site runs at its real address."""
    host = urlsplit(base_url).netloc
    context = browser.new_context(**context_options)
    browser_support.block_other_hosts(context, host)
    if served_from:
        browser_support.serve_at(context, base_url, served_from)
    page = context.new_page()
    watch = browser_support.Watch(host)
    watch.attach(page)
    return context, BrowserPage(page, watch, base_url, served_from)


@pytest.fixture
def browser_page(browser, site_url):
    """A fresh page on the locally served real site (per test); .watch.problems stays empty when healthy."""
    context, page = open_page(browser, site_url)
    yield page
    context.close()


@pytest.fixture
def public_page(browser, site_url, public_url):
    """A fresh page on the real site at its public address (per test); .watch.problems stays empty when healthy."""
    context, page = open_page(browser, public_url, served_from=site_url)
    yield page
    context.close()
