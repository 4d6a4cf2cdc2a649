"""Load, validate and link in one call: the data half of every command, free of any site engine."""
from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Callable

from generator.facts.excerpts import check_excerpts
from generator.facts.link import Graph, link
from generator.facts.load import load_data
from generator.facts.model import KINDS
from generator.facts.problems import DataError, Problem
from generator.facts.translations import translation_problems
from generator.facts.validate import validate


# Stages above facts that read more data for their records after validation (the charts read their rows): each a
# function (entries, data folder) -> problems, registered with register_attacher when the stage is imported.
Attacher = Callable[[list, Path], list[Problem]]
ATTACHERS: list[Attacher] = []


def register_attacher(attacher: Attacher) -> Attacher:
    """Add a stage's reader of extra data, run after validation and before linking. Usable as a decorator."""
    if attacher not in ATTACHERS:
        ATTACHERS.append(attacher)
    return attacher


@dataclass
class Result:
    """What reading the data produced: the graph (when usable), every problem, and counts for the summary."""

    graph: Graph
    problems: list[Problem] = field(default_factory=list)
    files: int = 0
    seconds: float = 0.0

    @property
    def errors(self) -> list[Problem]:
        """Problems that stop a build."""
        return [p for p in self.problems if p.is_error]

    @property
    def warnings(self) -> list[Problem]:
        """Problems that stop only a --strict build."""
        return [p for p in self.problems if not p.is_error]


def read_data(data_dir: Path, root: Path | None = None, languages: Iterable[str] = ()) -> Result:
    """Load, validate and link every record under data_dir, checking the translations into each of languages (the
    site's other editions); never raises for bad data."""
    started = time.perf_counter()
    raws, problems, files = load_data(data_dir, set(KINDS), root)
    entries, invalid = validate(raws)
    invalid += [problem for language in languages for entry in entries
                for problem in translation_problems(entry, language)]
    for attach in ATTACHERS:  # e.g. charts: read and check rows inline or in CSV files
        invalid += attach(entries, data_dir)
    graph, broken = link(entries, list(KINDS))
    broken += check_excerpts(graph)
    all_problems = sorted(problems + invalid + broken)
    return Result(graph, all_problems, files, time.perf_counter() - started)


def load_graph(data_dir: Path, root: Path | None = None, strict: bool = False,
               languages: Iterable[str] = ()) -> Graph:
    """The linked graph, or DataError with every problem when there are errors (or warnings under strict)."""
    result = read_data(data_dir, root, languages)
    failing = result.problems if strict else result.errors
    if failing:
        raise DataError(failing)
    return result.graph


def report(result: Result, fmt: str = "text", stale: list[Problem] | None = None) -> None:
    """Print every problem (then every stale record, when asked for), one a line, then the one-line summary."""
    for problem in result.problems + (stale or []):
        print(problem.as_github() if fmt == "github" else problem.as_text())
    counts = ", ".join(f"{n} {kind}" for kind, n in result.graph.count().items())
    aged = f", {len(stale)} stale" if stale is not None else ""
    print(f"checked {result.files} files ({counts}): {len(result.errors)} errors, "
          f"{len(result.warnings)} warnings{aged} in {result.seconds:.2f}s")
