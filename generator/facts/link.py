"""Stage 3, link: resolve every id reference and compute back-references once, into one graph."""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Iterator

from generator.facts.problems import Problem, did_you_mean
from generator.facts.validate import Entry

# (kind that refers, field, kind referred to); a field holding a list of dicts is written 'roles[].company'.
REFERENCES: list[tuple[str, str, str]] = [
    ("quotes", "person", "people"),
    ("quotes", "event", "events"),
    ("people", "roles[].company", "companies"),
    ("events", "companies", "companies"),
    ("events", "people", "people"),
    ("events", "models", "models"),
    ("events", "outcome", "events"),
    ("models", "company", "companies"),
    ("companies", "founders", "people"),
    ("companies", "parent", "companies"),
]

SINGULAR = {"companies": "company", "people": "person", "quotes": "quote", "events": "event", "models": "model",
            "charts": "chart"}


@dataclass
class Graph:
    """Every record by kind and id, with who refers to whom in both directions."""

    entries: dict[str, dict[str, Entry]] = field(default_factory=dict)
    # (kind, id) -> referring kind -> ids of the referring records, in id order
    backrefs: dict[tuple[str, str], dict[str, list[str]]] = field(default_factory=dict)
    # The language the records' text is in: English as written, or an edition's (translations.localized).
    language: str = "en"

    def get(self, kind: str, id: str) -> Entry:
        """The entry of that kind and id; KeyError if absent (linking guarantees references exist)."""
        return self.entries[kind][id]

    def all(self, kind: str) -> list[Entry]:
        """Every entry of a kind, in id order."""
        return [self.entries.get(kind, {})[key] for key in sorted(self.entries.get(kind, {}))]

    def referrers(self, kind: str, id: str, from_kind: str) -> list[Entry]:
        """Entries of from_kind that refer to (kind, id), in id order."""
        ids = self.backrefs.get((kind, id), {}).get(from_kind, [])
        return [self.entries[from_kind][ref] for ref in ids]

    def count(self) -> dict[str, int]:
        """Number of records of each kind."""
        return {kind: len(by_id) for kind, by_id in sorted(self.entries.items())}


def link(entries: list[Entry], kinds: list[str] | None = None) -> tuple[Graph, list[Problem]]:
    """Index entries, check every reference resolves (suggesting near misses) and record back-references."""
    graph = Graph(entries={kind: {} for kind in (kinds or [])})
    for entry in entries:
        graph.entries.setdefault(entry.kind, {})[entry.id] = entry
    problems: list[Problem] = []
    backrefs: dict[tuple[str, str], dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for entry in entries:
        for loc, target_kind, target in references_of(entry):
            if target in graph.entries.get(target_kind, {}):
                backrefs[(target_kind, target)][entry.kind].add(entry.id)
            else:
                problems.append(_missing(entry, loc, target_kind, target, graph))
    graph.backrefs = {key: {kind: sorted(ids) for kind, ids in by_kind.items()} for key, by_kind in backrefs.items()}
    return graph, problems


def references_of(entry: Entry) -> Iterator[tuple[tuple, str, str]]:
    """Every (loc, target kind, target id) an entry refers to, including references added by other stages."""
    for kind, path, target_kind in REFERENCES:
        if kind == entry.kind:
            yield from _walk(entry.record, path, (), target_kind)
    extra = getattr(entry.record, "references", None)
    if callable(extra):
        yield from extra()


def _walk(obj, path: str, loc: tuple, target_kind: str):
    head, _, rest = path.partition(".")
    name = head.removesuffix("[]")
    value = getattr(obj, name, None)
    if value is None:
        return
    if head.endswith("[]"):
        for index, item in enumerate(value):
            yield from _walk(item, rest, loc + (_key(obj, name), index), target_kind)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield loc + (_key(obj, name), index), target_kind, item
    else:
        yield loc + (_key(obj, name),), target_kind, value


def _key(obj, name: str) -> str:
    """The key as the contributor wrote it (a field's YAML alias where it has one)."""
    info = type(obj).model_fields.get(name)
    return (info.alias if info and info.alias else name)


def _missing(entry: Entry, loc: tuple, target_kind: str, target: str, graph: Graph) -> Problem:
    noun = SINGULAR.get(target_kind, target_kind)
    hint = did_you_mean(target, graph.entries.get(target_kind, {}))
    if not hint:
        hint = f" (add data/{target_kind}/{target}.yml, or fix the id)"
    return entry.locate(loc, f"{noun} '{target}' not found{hint}")
