"""Everything the generator adds to a docs tree: pages from render(), data files, and other stages' files.

Another stage adds files by registering a provider (the charts register their CSV files, pictures and scripts):
`register_files(provider)`, provider(graph, site_url, site_name) -> {docs path: text or bytes}.
"""
from __future__ import annotations

from typing import Callable

from generator.facts.link import Graph
from generator.facts.translations import localized
from generator.pages.datafiles import data_files
from generator.pages.i18n import SOURCE_LANGUAGE, speaking
from generator.pages.render import render
from generator.pages.reuse import PageCache

FileProvider = Callable[[Graph, str, str], dict[str, "str | bytes"]]
FILE_PROVIDERS: list[FileProvider] = []


def register_files(provider: FileProvider) -> FileProvider:
    """Add a provider of extra files: provider(graph, site_url, site_name) -> {docs path: text or bytes}; usable
    as a decorator."""
    if provider not in FILE_PROVIDERS:
        FILE_PROVIDERS.append(provider)
    return provider


def generated_files(graph: Graph, site_url: str = "", site_name: str = "", cache: PageCache | None = None,
                    language: str = SOURCE_LANGUAGE) -> dict[str, str | bytes]:
    """Every generated file by docs path: Markdown pages from render(), data/<kind>.json and .csv, and extras.
    A PageCache kept between builds lets unchanged record pages be reused (see generator/pages/reuse.py). Another
    edition's files are made from the graph in its language, with the site's own words in it too."""
    files: dict[str, str | bytes] = {}
    if language != SOURCE_LANGUAGE:
        graph = localized(graph, language)
    with speaking(language):
        for made in [render(graph, site_url, site_name, cache, language), data_files(graph, site_url),
                     *(provider(graph, site_url, site_name) for provider in FILE_PROVIDERS)]:
            for path, content in made.items():
                if path in files:
                    raise ValueError(f"two providers both write {path}")
                files[path] = content
    return dict(sorted(files.items()))
