"""Each page type in headless Chromium: what it loads (gzip bytes by kind), axe-core in light and dark palettes."""
from __future__ import annotations

import gzip
import os
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from playwright.sync_api import Browser, Page as BrowserPage, sync_playwright

from audit import ROOT
from audit.pages import Page

AXE_JS = ROOT / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync"]
FAILING_IMPACTS = ("serious", "critical")
# Material's palette schemes: `default` is light, `slate` dark.
SCHEMES = {"light": "default", "dark": "slate"}
KIND_OF_RESOURCE = {"document": "html", "stylesheet": "css", "script": "js", "font": "font", "image": "image"}


@dataclass
class PageResult:
    """What one page type loaded and what axe found on it in each palette."""

    type: str
    url: str
    status: int = 0
    bytes: dict[str, int] = field(default_factory=dict)
    requests: int = 0
    resources: list[dict] = field(default_factory=list)
    foreign_requests: list[str] = field(default_factory=list)
    failed_requests: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    axe: dict[str, list[dict]] = field(default_factory=dict)

    def axe_failures(self) -> list[tuple[str, dict]]:
        """(palette, violation) for each serious or critical violation."""
        return [(palette, v) for palette, violations in self.axe.items() for v in violations
                if v["impact"] in FAILING_IMPACTS]


def chromium_path() -> str | None:
    """CHROME_PATH, else Debian's Chromium, else None: Playwright's own (CI on Ubuntu, which has no deb)."""
    for path in (os.environ.get("CHROME_PATH"), "/usr/bin/chromium"):
        if path and os.path.exists(path):
            return path
    return None


def audit_pages(base: str, pages: list[Page], workers: int = 2, axe: bool = True) -> list[PageResult]:
    """Load each page type in a fresh browser context, record its requests, run axe in light and dark (or, with
    axe=False, only load it in the light palette: its weight)."""
    # Playwright's sync API belongs to one thread: each worker thread drives its own Chromium. Launching one costs
    # about a CPU second, so a second browser is started only for a second share of at least three pages.
    workers = max(1, min(workers, len(pages) // 3))
    shares = [pages[start::workers] for start in range(workers)]
    with ThreadPoolExecutor(max_workers=workers) as pool:
        done = [result for share in pool.map(lambda share: _audit_share(base, share, axe), shares)
                for result in share]
    by_type = {result.type: result for result in done}
    return [by_type[page.type] for page in pages]


def _audit_share(base: str, pages: list[Page], axe: bool = True) -> list[PageResult]:
    if not pages:
        return []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_FLAGS)
        try:
            return [_audit_page(browser, base, page, axe) for page in pages]
        finally:
            browser.close()


def _audit_page(browser: Browser, base: str, page: Page, axe: bool = True) -> PageResult:
    result = PageResult(page.type, page.url(base))
    # A fresh context: an empty cache, so the first load shows everything a new reader downloads.
    context = browser.new_context(color_scheme="light", viewport={"width": 1280, "height": 900})
    _block_other_hosts(context, urlsplit(base).netloc)
    try:
        tab = context.new_page()
        _record_load(tab, page, result)
        # Then axe in each palette, switched as a reader does, with the toggle: the page is loaded once.
        for palette in SCHEMES if axe else []:
            _choose_palette(tab, palette)
            result.axe[palette] = _run_axe(tab)
    finally:
        context.close()
    return result


def _block_other_hosts(context, host: str) -> None:
    """Abort requests to any other host: the audit stays offline, and _count_response still reports them."""
    context.route(lambda url: urlsplit(url).scheme in ("http", "https") and urlsplit(url).netloc != host,
                  lambda route: route.abort())


def _record_load(tab: BrowserPage, page: Page, result: PageResult) -> None:
    host = urlsplit(result.url).netloc
    responses = []
    tab.on("response", lambda response: responses.append(response))
    tab.on("requestfailed", lambda request: urlsplit(request.url).netloc == host and result.failed_requests.append(
        f"{request.url}: {request.failure}"))
    tab.on("request", lambda request: urlsplit(request.url).scheme in ("http", "https") and urlsplit(
        request.url).netloc != host and result.foreign_requests.append(request.url))
    tab.on("console", lambda message: _console_error(message, page, result))
    tab.on("pageerror", lambda error: result.console_errors.append(f"uncaught: {error}"))
    response = tab.goto(result.url, wait_until="networkidle")
    result.status = response.status if response else 0
    _read_to_the_end(tab)
    for response in responses:
        _count_response(response, host, result)


def _read_to_the_end(tab: BrowserPage) -> None:
    """Scroll down the page as a reader would, so what loads lazily (charts, images) is counted and checked."""
    pending: set = set()
    tab.on("request", lambda request: pending.add(request))
    tab.on("requestfinished", lambda request: pending.discard(request))
    tab.on("requestfailed", lambda request: pending.discard(request))
    height = tab.evaluate("document.documentElement.scrollHeight")
    for top in range(0, height, 800):
        tab.evaluate(f"window.scrollTo(0, {top})")
        tab.wait_for_timeout(50)
    tab.evaluate("window.scrollTo(0, document.documentElement.scrollHeight)")
    # Then wait until nothing has been in flight for half a second (at most ten seconds).
    quiet = 0
    for _ in range(100):
        quiet = quiet + 100 if not pending else 0
        if quiet >= 500:
            break
        tab.wait_for_timeout(100)
    tab.evaluate("window.scrollTo(0, 0)")


def _count_response(response, host: str, result: PageResult) -> None:
    url = response.url
    if url.startswith(("data:", "blob:")):
        return
    if urlsplit(url).netloc != host:
        return  # counted as a foreign request when it was made: the site promises readers none
    if 300 <= response.status < 400:
        return
    try:
        body = response.body()
    except Exception:  # noqa: BLE001 - a body Chromium did not keep (e.g. a cancelled prefetch) weighs nothing
        return
    if any(seen["url"] == url for seen in result.resources):
        return  # asked for again (favicon, sitemap): served from the browser's cache, not downloaded twice
    kind = _kind(response)
    size = len(gzip.compress(body, compresslevel=6, mtime=0))
    result.bytes[kind] = result.bytes.get(kind, 0) + size
    result.requests += 1
    result.resources.append({"url": url, "kind": kind, "gzip_bytes": size})


def _kind(response) -> str:
    """html, css, js, font, image or other, by how the page asked for it, else by its content type."""
    kind = KIND_OF_RESOURCE.get(response.request.resource_type)
    if kind:
        return kind
    # Workers' importScripts and the favicon come as resource type "other".
    content_type = response.headers.get("content-type", "")
    for marker, kind in (("javascript", "js"), ("css", "css"), ("image/", "image"), ("font", "font"),
                         ("html", "html")):
        if marker in content_type:
            return kind
    return "other"


def _console_error(message, page: Page, result: PageResult) -> None:
    if message.type != "error":
        return
    # The 404 page is meant to answer 404; Chromium logs that for the document itself.
    if page.type == "404" and message.location.get("url") == result.url:
        return
    result.console_errors.append(f"{message.text} ({message.location.get('url', '')})")


# Colours are measured in their final state: with transitions on, a switched palette fades in over frames that a
# busy headless Chromium draws late, and axe would read the colours halfway.
NO_TRANSITIONS = "*, *::before, *::after { transition: none !important; }"


def _choose_palette(tab: BrowserPage, palette: str) -> None:
    """Make the theme show the palette: the one media emulation picked on the first visit, else click the toggle."""
    wanted = SCHEMES[palette]
    for _ in range(4):
        if tab.evaluate("document.body.getAttribute('data-md-color-scheme')") == wanted:
            return
        toggle = tab.locator("form[data-md-component=palette] label:not([hidden])").first
        if not toggle.count():
            break
        tab.add_style_tag(content=NO_TRANSITIONS)
        toggle.click()
    raise RuntimeError(f"could not switch {tab.url} to the {palette} palette")


def _run_axe(tab: BrowserPage) -> list[dict]:
    """axe-core's violations on the page, reduced to what the report needs."""
    if not tab.evaluate("typeof axe !== 'undefined'"):  # once a page, for both palettes
        tab.add_script_tag(path=str(AXE_JS))
    violations = tab.evaluate("async () => (await axe.run(document)).violations")
    return [{"id": v["id"], "impact": v["impact"], "help": v["help"], "nodes": len(v["nodes"]),
             "targets": [", ".join(map(str, n["target"])) for n in v["nodes"][:5]],
             "summary": (v["nodes"][0].get("failureSummary") or "")[:300] if v["nodes"] else ""}
            for v in violations]
