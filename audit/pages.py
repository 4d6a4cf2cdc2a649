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
# An edition's types start with its language folder ("zh/company"); English types never do ("page about/").
EDITION_PREFIX = re.compile(r"^[a-z]{2,3}(?:-[A-Za-z]+)?/")


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
    """One page per type found in site: home, each index, one record of each kind, timeline, other pages, 404;
    then the same types of each further edition (zh/: "zh/home", "zh/company", ...)."""
    editions = edition_folders(site)
    pages = _edition_pages(site, "", editions)
    for edition in editions:
        pages += _edition_pages(site, edition + "/", editions)
    if (site / "404.html").is_file():
        # Requested at a missing address, as readers meet it: status 404 and absolute asset URLs.
        pages.append(Page("404", MISSING_URL, "404.html"))
    return pages


def edition_folders(site: Path) -> list[str]:
    """The folders holding another edition of the site (zh/, ...): each is a site of its own, with its sitemap."""
    return sorted(folder.name for folder in site.iterdir()
                  if (folder / "index.html").is_file() and (folder / "sitemap.xml").is_file())


def base_type(page_type: str) -> str:
    """The type a page of another edition shares with its English twin: "zh/company" -> "company"."""
    return EDITION_PREFIX.sub("", page_type)


def _edition_pages(site: Path, prefix: str, editions: list[str]) -> list[Page]:
    """The page types of the edition at site/prefix, named with prefix; other editions' folders left out."""
    root = site / prefix
    found = [Page("home", "", "index.html")] if (root / "index.html").is_file() else []
    for folder, record_type in RECORD_KINDS.items():
        found += _kind_pages(root, folder, record_type)
    if (root / "timeline" / "index.html").is_file():
        found.append(Page("timeline", "timeline/", "timeline/index.html"))
    found += _other_pages(root, set(editions))
    return [Page(prefix + page.type, prefix + page.path, prefix + page.file) for page in found]


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


def _other_pages(site: Path, editions: set[str]) -> list[Page]:
    """Hand-written pages (the narrative, about, ...): each is its own type, named by its path."""
    taken = set(RECORD_KINDS) | {"timeline", "assets", "search"} | editions
    pages = []
    for index in sorted(site.glob("*/**/index.html")):
        rel = index.parent.relative_to(site).as_posix()
        if rel.split("/", 1)[0] not in taken:
            pages.append(Page(f"page {rel}/", rel + "/", rel + "/index.html"))
    return pages
