"""The editions' sitemaps, linked: each page's entry names its twin in every edition (`xhtml:link` hreflang), as
search engines read language alternates. Each edition keeps its own sitemap.xml (the theme's instant navigation
reads it to know its own pages), listing its own pages only."""
from __future__ import annotations

import gzip
from pathlib import Path
from xml.etree import ElementTree

SITEMAP = "http://www.sitemaps.org/schemas/sitemap/0.9"
XHTML = "http://www.w3.org/1999/xhtml"
ElementTree.register_namespace("", SITEMAP)
ElementTree.register_namespace("xhtml", XHTML)


def link_editions(site: Path, roots: dict[str, str], default: str) -> None:
    """Add hreflang alternates to the sitemap of every edition: roots maps each language to its folder in the site
    ('' for the default edition, 'zh' for Chinese) and the default is the x-default language."""
    trees = {language: ElementTree.parse(site / folder / "sitemap.xml") for language, folder in roots.items()}
    bases = {language: _base(tree, roots[language]) for language, tree in trees.items()}
    paths = {language: {_loc(url)[len(bases[language]):] for url in _urls(tree)} for language, tree in trees.items()}
    for language, tree in trees.items():
        for url in _urls(tree):
            path = _loc(url)[len(bases[language]):]
            twins = {other: bases[other] + path for other in roots if path in paths[other]}
            _add_alternates(url, twins, default)
        _write(tree, site / roots[language])


def _urls(tree) -> list:
    return tree.getroot().findall(f"{{{SITEMAP}}}url")


def _loc(url) -> str:
    return url.findtext(f"{{{SITEMAP}}}loc").strip()


def _base(tree, folder: str) -> str:
    """The edition's root address: the shortest page address in its sitemap (its home page)."""
    return min((_loc(url) for url in _urls(tree)), key=len)


def _add_alternates(url, twins: dict[str, str], default: str) -> None:
    if len(twins) < 2:
        return
    for language, address in sorted(twins.items()):
        ElementTree.SubElement(url, f"{{{XHTML}}}link", rel="alternate", hreflang=language, href=address)
    if default in twins:
        ElementTree.SubElement(url, f"{{{XHTML}}}link", rel="alternate", hreflang="x-default", href=twins[default])


def _write(tree, folder: Path) -> None:
    ElementTree.indent(tree, space="    ")
    body = ElementTree.tostring(tree.getroot(), encoding="unicode")
    text = '<?xml version="1.0" encoding="UTF-8"?>\n' + body + "\n"
    (folder / "sitemap.xml").write_text(text, encoding="utf-8")
    if (folder / "sitemap.xml.gz").exists():
        # mtime 0: two builds of the same input stay byte-identical (SOURCE_DATE_EPOCH builds)
        (folder / "sitemap.xml.gz").write_bytes(gzip.compress(text.encode("utf-8"), mtime=0))
