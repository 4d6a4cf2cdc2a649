"""Record pages reused from the last build while everything they read from the graph is unchanged.

A page is rendered against `Reads`, the graph as that page sees it: each question it asks (get, all, referrers)
is noted with a fingerprint of the answer. On the next build the page is reused if every question, asked of the
new graph, gets the same answer; otherwise it is rendered again. So an edit re-renders the edited record's page and
exactly the pages that read that record, through any chain of links, and nothing else. The live preview keeps one
PageCache between its rebuilds; a one-off build has none and renders everything.
"""
from __future__ import annotations

import json
from typing import Callable

from generator.facts.link import Graph
from generator.facts.validate import Entry

# A page that asked the graph something other than get, all or referrers is never reused.
UNTRACKED = object()


class Fingerprints:
    """A text standing for each entry's content, computed at most once per build."""

    def __init__(self):
        self._seen: dict[int, tuple[Entry, str]] = {}

    def of(self, entry: Entry) -> str:
        """The fingerprint of one entry: its validated record and, for a chart, its table."""
        known = self._seen.get(id(entry))
        if known is None or known[0] is not entry:
            table = getattr(entry.record, "table", None)
            rows = json.dumps([table.columns, table.rows], default=str) if table is not None else ""
            known = self._seen[id(entry)] = (entry, entry.record.model_dump_json() + rows)
        return known[1]

    def of_all(self, entries: list[Entry]) -> tuple:
        """The fingerprint of a list of entries, in order."""
        return tuple((entry.id, self.of(entry)) for entry in entries)


class Reads:
    """The graph as one page sees it: every question asked is noted with its answer's fingerprint."""

    def __init__(self, graph: Graph, prints: Fingerprints):
        self._graph, self._prints = graph, prints
        self.log: list[tuple[tuple, object]] = []

    def get(self, kind: str, id: str) -> Entry:
        """Graph.get, noted."""
        entry = self._graph.get(kind, id)
        self.log.append((("get", kind, id), self._prints.of(entry)))
        return entry

    def all(self, kind: str) -> list[Entry]:
        """Graph.all, noted."""
        entries = self._graph.all(kind)
        self.log.append((("all", kind), self._prints.of_all(entries)))
        return entries

    def referrers(self, kind: str, id: str, from_kind: str) -> list[Entry]:
        """Graph.referrers, noted."""
        entries = self._graph.referrers(kind, id, from_kind)
        self.log.append((("referrers", kind, id, from_kind), self._prints.of_all(entries)))
        return entries

    def __getattr__(self, name: str):
        # Anything else (entries, backrefs) is read without a trace, so the page can't be proven unchanged.
        self.log.append((("untracked", name), UNTRACKED))
        return getattr(self._graph, name)


def answer(graph: Graph, prints: Fingerprints, question: tuple) -> object:
    """The fingerprint of the answer the graph gives today to a question a page asked before."""
    kind = question[0]
    try:
        if kind == "get":
            return prints.of(graph.get(question[1], question[2]))
        if kind == "all":
            return prints.of_all(graph.all(question[1]))
        if kind == "referrers":
            return prints.of_all(graph.referrers(*question[1:]))
    except KeyError:  # the record is gone
        return None
    return object()  # an untracked read: equal to nothing, so the page is rendered again


class PageCache:
    """Rendered record pages with what they read, kept from one build to the next."""

    def __init__(self):
        self._pages: dict[str, tuple[tuple, list, str]] = {}
        self.rendered = self.reused = 0

    def page(self, path: str, graph: Graph, prints: Fingerprints, context: tuple,
             render: Callable[[Reads], str]) -> str:
        """The page at path: reused if it read the same answers in the same context, else rendered with Reads."""
        known = self._pages.get(path)
        if known is not None and known[0] == context and all(
                answer(graph, prints, question) == seen for question, seen in known[1]):
            self.reused += 1
            return known[2]
        reads = Reads(graph, prints)
        markdown = render(reads)
        self._pages[path] = (context, reads.log, markdown)
        self.rendered += 1
        return markdown

    def keep_only(self, paths: set[str]) -> None:
        """Forget pages no longer made (a deleted record)."""
        for path in set(self._pages) - paths:
            del self._pages[path]
