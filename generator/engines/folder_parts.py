"""Parts of the theme rendered once per folder for the pages the navigation does not list (issue 13).

Material renders the whole navigation, the footer, the stylesheet and script tags and the app's settings into every
page. On a page the navigation does not list (every record page) no entry of the navigation is active, there is no
previous or next page, and every link in those parts is relative to the page, so it is the same for every page of
one folder: the record pages of a folder share one rendering of each. overrides/main.html asks for them through the
`folder_once` template global that the plugin sets; Zensical, which runs no MkDocs plugins, renders its own blocks on
every page as before.
"""
from __future__ import annotations

import posixpath
from typing import Callable


class FolderParts:
    """One build's rendered parts, by name and folder."""

    def __init__(self, listed_urls: set[str]):
        self.listed = listed_urls
        self.rendered: dict[tuple[str, str], str] = {}

    def once(self, page, name: str, render: Callable[[], str]) -> str:
        """The part for this page: rendered anew for a page the navigation lists (its entry is then active, and it
        has neighbours), rendered once per folder for the others."""
        if page is None or page.url in self.listed:
            return render()
        key = (name, posixpath.dirname(page.url.rstrip("/")))
        if key not in self.rendered:
            self.rendered[key] = render()
        return self.rendered[key]
