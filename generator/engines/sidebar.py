"""The sidebar's navigation, rendered once per folder for the pages the navigation does not list (issue 13).

Material renders the whole navigation into every page. On a page the navigation does not list (every record page) no
entry of it is active, and its links, relative to the page, are the same for every page of one folder: so the record
pages of a folder share one rendering. overrides/main.html asks for it through the `sidebar_once` template global
that the plugin sets; Zensical, which runs no MkDocs plugins, renders its own sidebar on every page as before.
"""
from __future__ import annotations

import posixpath
from typing import Callable


class Sidebars:
    """One build's rendered navigation, by folder."""

    def __init__(self, listed_urls: set[str]):
        self.listed = listed_urls
        self.rendered: dict[str, str] = {}

    def once(self, page, render: Callable[[], str]) -> str:
        """The navigation for this page: rendered anew for a page it lists (one of its entries is then active),
        rendered once per folder for the others."""
        if page is None or page.url in self.listed:
            return render()
        folder = posixpath.dirname(page.url.rstrip("/"))
        if folder not in self.rendered:
            self.rendered[folder] = render()
        return self.rendered[folder]
