"""Load, validate and link in one call: the data half of every command, free of any site engine."""
from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path

from generator.chart_data import attach_chart_data
from generator.excerpts import check_excerpts
from generator.link import Graph, link
from generator.load import load_data
from generator.model import KINDS
from generator.problems import DataError, Problem
from generator.validate import validate


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


def read_data(data_dir: Path, root: Path | None = None) -> Result:
    """Load, validate and link every record under data_dir; never raises for bad data."""
    started = time.perf_counter()
    raws, problems, files = load_data(data_dir, set(KINDS), root)
    entries, invalid = validate(raws)
    invalid += attach_chart_data(entries, data_dir)  # charts: read and check rows inline or in CSV files
    graph, broken = link(entries, list(KINDS))
    broken += check_excerpts(graph)
    all_problems = sorted(problems + invalid + broken)
    return Result(graph, all_problems, files, time.perf_counter() - started)


def load_graph(data_dir: Path, root: Path | None = None, strict: bool = False) -> Graph:
    """The linked graph, or DataError with every problem when there are errors (or warnings under strict)."""
    result = read_data(data_dir, root)
    failing = result.problems if strict else result.errors
    if failing:
        raise DataError(failing)
    return result.graph
