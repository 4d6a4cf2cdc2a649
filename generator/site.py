"""Everything the generator adds to a docs tree (pages, data files, other stages' files), with no site engine."""
from __future__ import annotations

import contextlib
import gc
import importlib
from typing import Callable, Iterator

from generator.datafiles import data_files
from generator.link import Graph
from generator.render import render

# Modules that register page providers (render.register_pages), file providers (register_files below) or embed
# kinds (embeds.register) when imported. The plugin and `export` import them before the first build.
STAGES: list[str] = ["generator.chart_pages"]

FileProvider = Callable[[Graph, str], dict[str, "str | bytes"]]
FILE_PROVIDERS: list[FileProvider] = []


def register_files(provider: FileProvider) -> FileProvider:
    """Add a provider of extra files: provider(graph, site_url) -> {docs path: text or bytes}. Usable as a decorator."""
    if provider not in FILE_PROVIDERS:
        FILE_PROVIDERS.append(provider)
    return provider


def load_stages() -> None:
    """Import every registered stage module once, so its pages, files and embeds take part in the build."""
    for name in STAGES:
        importlib.import_module(name)


@contextlib.contextmanager
def paused_gc() -> Iterator[None]:
    """The cyclic garbage collector off while the generator reads and renders: what it makes lives on or is freed
    by reference counting, and each full collection would walk every record again, so the stage would grow
    faster than the data (5.5x from 1,000 to 5,000 records with it, 5.1x without)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def generated_files(graph: Graph, site_url: str = "") -> dict[str, str | bytes]:
    """Every generated file by docs path: Markdown pages from render(), data/<kind>.json and .csv, and extras."""
    files: dict[str, str | bytes] = {}
    for made in [render(graph, site_url), data_files(graph, site_url),
                 *(provider(graph, site_url) for provider in FILE_PROVIDERS)]:
        for path, content in made.items():
            if path in files:
                raise ValueError(f"two providers both write {path}")
            files[path] = content
    return dict(sorted(files.items()))
