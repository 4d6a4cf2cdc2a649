"""Find the page types of a built site, and one representative page of each, from its folders alone."""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

# Record kinds by URL folder, with the name of one record's page type (docs: conventions, page URLs).
RECORD_KINDS = {
    "companies": "company",
    "people": "person",
    "quotes": "quote",
    "events": "event",
    "models": "model",
    "charts": "chart",
}
MISSING_URL = "this-page-does-not-exist/"


@dataclass(frozen=True)
class Page:
    """One page to audit: its type, its URL path below the site root, and the file it comes from."""

    type: str
    path: str
    file: str

    def url(self, base: str) -> str:
        """Absolute URL of the page under the served base URL."""
        return base + self.path


def page_types(site: Path) -> list[Page]:
    """One page per type found in site: home, each index, one record of each kind, timeline, other pages, 404."""
    pages = [Page("home", "", "index.html")] if (site / "index.html").is_file() else []
    for folder, record_type in RECORD_KINDS.items():
        pages += _kind_pages(site, folder, record_type)
    if (site / "timeline" / "index.html").is_file():
        pages.append(Page("timeline", "timeline/", "timeline/index.html"))
    pages += _other_pages(site)
    if (site / "404.html").is_file():
        # Requested at a missing address, as readers meet it: status 404 and absolute asset URLs.
        pages.append(Page("404", MISSING_URL, "404.html"))
    return pages


def expected_types(data: Path) -> list[str]:
    """The page types the data calls for: an index and a record page per kind with records, plus the fixed ones."""
    types = ["home", "404"]
    for folder, record_type in RECORD_KINDS.items():
        if any((data / folder).glob("*.yml")):
            types += [f"{folder} index", record_type]
    if any((data / "events").glob("*.yml")):
        types.append("timeline")
    return types


def all_html(site: Path) -> list[str]:
    """Every HTML file of the site, as paths relative to it."""
    return sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html"))


def base_path(site: Path) -> str:
    """The path the site is published under (from its canonical link), so absolute links resolve when served."""
    index = site / "index.html"
    text = index.read_text(encoding="utf-8", errors="replace") if index.is_file() else ""
    match = re.search(r'<link rel="canonical" href="([^"]+)"', text)
    return urlsplit(match.group(1)).path if match else "/"


def _kind_pages(site: Path, folder: str, record_type: str) -> list[Page]:
    pages = []
    if (site / folder / "index.html").is_file():
        pages.append(Page(f"{folder} index", f"{folder}/", f"{folder}/index.html"))
    records = [p for p in (site / folder).glob("*/index.html")]
    if records:
        # The largest record page: the one most likely to break a budget or carry every kind of block.
        biggest = max(sorted(records), key=lambda p: p.stat().st_size)
        rel = biggest.parent.relative_to(site).as_posix()
        pages.append(Page(record_type, rel + "/", rel + "/index.html"))
    return pages


def _other_pages(site: Path) -> list[Page]:
    """Hand-written pages (the narrative, about, ...): each is its own type, named by its path."""
    taken = set(RECORD_KINDS) | {"timeline", "assets", "search"}
    pages = []
    for index in sorted(site.glob("*/**/index.html")):
        rel = index.parent.relative_to(site).as_posix()
        if rel.split("/", 1)[0] not in taken:
            pages.append(Page(f"page {rel}/", rel + "/", rel + "/index.html"))
    return pages
