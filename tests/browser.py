"""Headless Chromium for the tests: which browser, how it starts, a local server, and a page that records itself.

The browser is, in order: $CHROME_PATH, Debian's /usr/bin/chromium, then Playwright's own Chromium (CI runners
that installed it with `playwright install`). The choice is printed once, so a log says what ran the tests.
Playwright cannot download a browser on this machine; the flags below keep Chromium from calling home.
"""
from __future__ import annotations

import functools
import http.server
import os
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from playwright.sync_api import Error as PlaywrightError

LAUNCH_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
               "--disable-background-networking", "--disable-component-update", "--disable-sync"]
DEBIAN_CHROMIUM = "/usr/bin/chromium"


def find_browser(playwright) -> tuple[str | None, str]:
    """(executable path to pass to launch, or None for Playwright's own; a description for the log)."""
    configured = os.environ.get("CHROME_PATH")
    if configured:
        if not Path(configured).exists():
            raise FileNotFoundError(f"CHROME_PATH={configured} does not exist")
        return configured, f"CHROME_PATH={configured}"
    if Path(DEBIAN_CHROMIUM).exists():
        return DEBIAN_CHROMIUM, f"Debian's {DEBIAN_CHROMIUM}"
    own = playwright.chromium.executable_path
    if own and Path(own).exists():
        return None, f"Playwright's Chromium at {own}"
    raise FileNotFoundError("no Chromium found: set CHROME_PATH, install Debian's chromium (.ci/run does), "
                            "or run `playwright install chromium`")


def launch(playwright):
    """Start headless Chromium with the flags that keep it offline; prints which browser it is."""
    path, description = find_browser(playwright)
    browser = playwright.chromium.launch(executable_path=path, args=LAUNCH_ARGS)
    print(f"browser: {description}, version {browser.version}")
    return browser


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - the name is the base class's
        pass


class SiteServer:
    """A folder served over HTTP on 127.0.0.1 at a free port, in a daemon thread, until close()."""

    def __init__(self, folder: Path):
        handler = functools.partial(_QuietHandler, directory=str(folder))
        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def close(self) -> None:
        """Stop serving and free the port."""
        self.httpd.shutdown()
        self.httpd.server_close()
        self.thread.join(timeout=5)


@dataclass
class Watch:
    """What a page did: console errors, uncaught exceptions, failed requests, requests to any other host."""

    host: str
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    failed_requests: list[str] = field(default_factory=list)
    foreign_requests: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)

    def attach(self, page) -> None:
        """Record the page's events from now on."""
        page.on("console", lambda message: message.type == "error" and self.console_errors.append(
            f"{message.text} ({message.location.get('url', '')})"))
        page.on("pageerror", lambda error: self.page_errors.append(str(error)))
        page.on("requestfailed", lambda request: self.failed_requests.append(
            f"{request.url}: {request.failure}"))
        page.on("request", self._request)

    def _request(self, request) -> None:
        self.requests.append(request.url)
        parts = urlsplit(request.url)
        if parts.scheme in ("http", "https", "ws", "wss") and parts.netloc != self.host:
            self.foreign_requests.append(request.url)

    @property
    def problems(self) -> list[str]:
        """Everything that should not have happened, one line each (empty for a clean page)."""
        return ([f"console: {line}" for line in self.console_errors] + [f"error: {line}" for line in self.page_errors]
                + [f"failed: {line}" for line in self.failed_requests]
                + [f"other host: {line}" for line in self.foreign_requests])


def block_other_hosts(context, host: str) -> None:
    """Abort any request to another host (it is still recorded by Watch): the tests never touch the internet."""
    context.route(lambda url: urlsplit(url).scheme in ("http", "https") and urlsplit(url).netloc != host,
                  lambda route: route.abort())


def serve_at(context, public_url: str, local_url: str) -> None:
    """Make the browser reach public_url (the site_url) through the local server, so the page runs at its real
    address: Material's instant navigation only follows links its sitemap lists under site_url's path and port."""
    def forward(route) -> None:
        local = local_url + route.request.url[len(public_url):]
        try:
            route.fulfill(response=route.fetch(url=local))
        except PlaywrightError:
            # The test closed its page while this request was in flight (a sitemap fetched on the last pointer
            # move, say): nobody waits for the answer, and raising here would fail the next test instead.
            pass

    context.route(lambda url: url.startswith(public_url), forward)


def reach_for(page, locator=None) -> None:
    """Point at the page (at locator, when given) as a reader does before a click, and wait for the sitemap that
    instant navigation needs: overrides/partials/on-demand.html holds it back until the reader's first move."""
    if locator is not None:
        locator.hover()
    else:
        page.mouse.move(5, 5)
        page.mouse.move(40, 40)
    page.wait_for_function("() => performance.getEntriesByType('resource')"
                           ".some(entry => /\\/sitemap\\.xml$/.test(entry.name.split('?')[0]))")


def goto_when_up(page, url: str, timeout: float = 300) -> None:
    """Load url once the server behind it answers 200 (a preview server builds its first site before serving)."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            if page.goto(url).status == 200:
                return
        except PlaywrightError:  # nothing listening yet
            if time.monotonic() > deadline:
                raise
        time.sleep(0.5)
