"""Compare two builds of the site (MkDocs and Zensical): the same pages at the same URLs, each with the same title,
main text and charts, and no internal link broken in either.

    python -m audit.engines SITE_A SITE_B      # prints the differences; exit 1 if there are any

Zensical ignores what it does not support without a word, so a silent drop shows up only in such a comparison.
"""
from __future__ import annotations

import argparse
import posixpath
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

from bs4 import BeautifulSoup

# Theme chrome inside the article that differs between engines and says nothing about the page's content.
CHROME = ".headerlink, .md-content__button, .md-source-file, .chart__loading"
SPACE = re.compile(r"\s+")


@dataclass
class PageSummary:
    """What a reader gets from one page: its title, main text, number of charts and internal links."""

    title: str
    text: str
    charts: int
    links: list[str] = field(default_factory=list)
    ids: set[str] = field(default_factory=set)


def summarise(site: Path) -> dict[str, PageSummary]:
    """Every HTML page of a built site by URL path ('', 'companies/zhipu/', '404.html')."""
    return {url_of(path.relative_to(site).as_posix()): summarise_page(path.read_text("utf-8"))
            for path in sorted(site.rglob("*.html"))}


def url_of(relative: str) -> str:
    """The URL path a reader types for a built file: 'companies/zhipu/index.html' -> 'companies/zhipu/'."""
    return relative[: -len("index.html")] if relative.endswith("index.html") else relative


def summarise_page(markup: str) -> PageSummary:
    """Title, normalised article text, charts and links of one page."""
    soup = BeautifulSoup(markup, "html.parser")
    title = SPACE.sub(" ", soup.title.get_text()).strip() if soup.title else ""
    article = soup.select_one("article.md-content__inner") or soup.body or soup
    ids = {tag["id"] for tag in soup.select("[id]")}
    links = [tag["href"] for tag in article.select("a[href]")]
    charts = len(article.select("[data-figure]"))
    for tag in article.select(CHROME):
        tag.decompose()
    for block in article.select("pre"):
        block.replace_with(block.get_text(""))  # engines highlight code into differently split spans
    return PageSummary(title, SPACE.sub(" ", article.get_text(" ")).strip(), charts, links, ids)


def broken_links(pages: dict[str, PageSummary], site: Path) -> list[str]:
    """'page -> link' for every internal link to a file or anchor the site does not have."""
    broken = []
    for url, page in pages.items():
        for href in page.links:
            if not is_internal(href):
                continue
            target, _, anchor = resolve(url, href).partition("#")
            if not (target in pages or (site / target).is_file()) or \
                    (anchor and target in pages and anchor not in pages[target].ids):
                broken.append(f"/{url} -> {href}")
    return broken


def is_internal(href: str) -> bool:
    """A link within the site (relative or a fragment), not another site, mail or script."""
    parts = urlsplit(href)
    return not parts.scheme and not parts.netloc


def resolve(page_url: str, href: str) -> str:
    """The site path a relative href on page_url points at, with its #fragment kept."""
    path, _, fragment = href.partition("#")
    base = page_url if page_url.endswith("/") or not page_url else posixpath.dirname(page_url) + "/"
    target = posixpath.normpath(posixpath.join(base, unquote(path))) if path else page_url.rstrip("/")
    target = "" if target in (".", "") else target
    if target and (path.endswith("/") or not path) and not target.endswith(".html"):
        target += "/"
    if target.endswith("index.html"):
        target = url_of(target)
    return target + ("#" + fragment if fragment else "")


def differences(site_a: Path, site_b: Path) -> list[str]:
    """Every difference a reader would notice between two builds, one line each; empty when they match."""
    a, b = summarise(site_a), summarise(site_b)
    found = [f"only in {site_a.name}: /{url}" for url in sorted(set(a) - set(b))]
    found += [f"only in {site_b.name}: /{url}" for url in sorted(set(b) - set(a))]
    for url in sorted(set(a) & set(b)):
        found += page_differences(url, a[url], b[url])
    found += [f"broken in {site_a.name}: {link}" for link in broken_links(a, site_a)]
    found += [f"broken in {site_b.name}: {link}" for link in broken_links(b, site_b)]
    return found


def page_differences(url: str, a: PageSummary, b: PageSummary) -> list[str]:
    """How one page differs in title, text and charts between two builds."""
    found = []
    if a.title != b.title:
        found.append(f"/{url}: title {a.title!r} vs {b.title!r}")
    if a.charts != b.charts:
        found.append(f"/{url}: {a.charts} charts vs {b.charts}")
    if a.text != b.text:
        found.append(f"/{url}: text differs at {first_difference(a.text, b.text)}")
    return found


def first_difference(a: str, b: str) -> str:
    """Where two texts part, with a little context from each."""
    at = next((i for i, (x, y) in enumerate(zip(a, b)) if x != y), min(len(a), len(b)))
    return f"character {at}: {a[max(0, at - 30):at + 50]!r} vs {b[max(0, at - 30):at + 50]!r}"


def main(argv: list[str] | None = None) -> int:
    """Print the differences between two built sites; exit 1 if there are any."""
    parser = argparse.ArgumentParser(prog="python -m audit.engines", description=__doc__.split("\n\n")[0])
    parser.add_argument("site_a", type=Path)
    parser.add_argument("site_b", type=Path)
    args = parser.parse_args(argv)
    found = differences(args.site_a, args.site_b)
    print("\n".join(found) if found else f"{args.site_a} and {args.site_b} have the same pages, text and charts")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
