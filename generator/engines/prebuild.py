"""The engine-neutral pre-build step: load the stages that add pages and files, and run the generator with the
cyclic garbage collector paused. Every engine adapter (the MkDocs plugin, `export`) calls it before building."""
from __future__ import annotations

import contextlib
import gc
import importlib
from typing import Iterator

from generator.pages.files import generated_files  # noqa: F401  (re-exported: the adapters' one entry point)

# Modules that register page providers (render.register_pages), file providers (register_files below) or embed
# kinds (embeds.register) when imported. The plugin and `export` import them before the first build.
STAGES: list[str] = ["generator.charts.pages"]


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
