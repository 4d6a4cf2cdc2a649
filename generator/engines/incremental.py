"""Incremental rebuilds for `generator serve`: MkDocs' dirty builds, made exact.

A dirty build renders only the pages whose File says it is modified. MkDocs counts every generated file as
modified and drops the pages it does not render from the search index; this module fixes both:

- a generated file is modified when its text differs from the last good build's (the generator renders every
  page from the linked graph, so a page that reads an edited record, through any link, has new text);
- a hand-written page is modified when its source changed or when its embeds expand to other text;
- the search index keeps the entries of every page not rendered this time, drops those of pages that are gone,
  and takes the new entries of the pages rendered;
- a generated file that is no longer made is removed from the site.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from mkdocs.structure.files import File


class GeneratedFile(File):
    """A generated file that an incremental build renders or copies only when its content changed."""

    changed = True

    def is_modified(self) -> bool:
        """Whether a dirty build must write this file again."""
        return self.changed


def _always_modified() -> bool:
    return True


@dataclass
class Previous:
    """What the last good build made: generated texts, expanded hand-written pages, search entries, outputs."""

    made: dict[str, str | bytes] = field(default_factory=dict)
    outputs: dict[str, str] = field(default_factory=dict)
    expanded: dict[str, str] = field(default_factory=dict)
    entries: list[dict] | None = None
    rendered: set[str] = field(default_factory=set)
    pending: dict = field(default_factory=dict)
    last_rendered: int = 0  # pages the last good build rendered

    def mark_generated(self, file: GeneratedFile, content: str | bytes) -> None:
        """Count the generated file as modified only if its content is new."""
        file.changed = self.made.get(file.src_uri) != content
        self.pending.setdefault("made", {})[file.src_uri] = content
        self.pending.setdefault("outputs", {})[file.src_uri] = file.abs_dest_path

    def mark_hand_written(self, file: File, expanded: str) -> None:
        """A hand-written page whose embeds now expand to other text is rendered again, though its source is not
        newer than its output."""
        if self.expanded.get(file.src_uri) != expanded:
            # File.is_modified compares modification times only; this page's inputs are the records it embeds.
            file.is_modified = _always_modified
        self.pending.setdefault("expanded", {})[file.src_uri] = expanded

    def remove_gone(self) -> list[str]:
        """Delete the outputs of generated files this build no longer makes; returns their paths."""
        gone = sorted(set(self.outputs) - set(self.pending.get("outputs", {})))
        for path in gone:
            output = Path(self.outputs[path])
            if output.is_file():
                output.unlink()
                _remove_empty_parents(output.parent)
        return gone

    def page_rendered(self, url: str) -> None:
        """Note a page rendered in this build (its search entries replace the old ones)."""
        self.rendered.add(url)

    def merged_entries(self, fresh: list[dict], urls: set[str]) -> list[dict]:
        """The search entries of this build: the fresh ones, plus the previous ones of pages that still exist and
        were not rendered this time."""
        if self.entries is None:
            return fresh
        kept = [entry for entry in self.entries
                if _page_of(entry) in urls and _page_of(entry) not in self.rendered]
        return kept + fresh

    def commit(self, entries: list[dict]) -> None:
        """The build succeeded: it becomes the one the next build compares with."""
        self.made = self.pending.get("made", {})
        self.outputs = self.pending.get("outputs", {})
        self.expanded = {**self.expanded, **self.pending.get("expanded", {})}
        self.entries = list(entries)
        self.last_rendered = len(self.rendered)
        self.reset()

    def forget(self) -> None:
        """The next build renders everything again (the config or the theme changed under it)."""
        self.made, self.outputs, self.expanded, self.entries = {}, {}, {}, None
        self.reset()

    def reset(self) -> None:
        """Forget a build's work in progress (a failed build compares the next one with the last good one)."""
        self.pending = {}
        self.rendered = set()


def _page_of(entry: dict) -> str:
    return entry["location"].split("#", 1)[0]


def _remove_empty_parents(folder: Path) -> None:
    """Remove folders left empty by a removed page (companies/old-id/), up to the first that is not."""
    while folder.is_dir() and not any(folder.iterdir()):
        os.rmdir(folder)
        folder = folder.parent
