"""Figures: one golden Plotly figure JSON per chart type, deterministic, with no random ids and no template."""
from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from generator.charts.figures import figure, figure_json
from generator.facts.pipeline import load_graph

ROOT = Path(__file__).resolve().parent.parent
SPECS = ROOT / "tests" / "fixtures" / "chart_specs"
GOLDEN = ROOT / "tests" / "golden" / "charts"
# Trace types each fixture must produce: the basic plotly.js bundle draws bar and scatter (and pie) only.
TRACE_TYPES = {
    "bar": ["bar"],
    "bar-panels": ["bar", "bar"],
    "grouped-bar": ["bar", "bar"],
    "stacked-bar": ["bar", "bar"],
    "line": ["scatter", "scatter"],
    "scatter": ["scatter"],
    "timeline": ["bar", "scatter", "scatter"],
}


@pytest.fixture(scope="module")
def charts():
    graph = load_graph(SPECS, ROOT)
    return {entry.id: entry.record for entry in graph.all("charts")}


def compare_golden(name: str, actual: str) -> None:
    """Compare with tests/golden/charts/<name>; UPDATE_GOLDEN=1 (`make golden`) rewrites it instead."""
    path = GOLDEN / name
    if os.environ.get("UPDATE_GOLDEN"):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(actual, encoding="utf-8")
    assert path.exists(), f"no golden file {path}; run `make golden`"
    assert actual == path.read_text("utf-8"), f"{name} differs from its golden file; `make golden` if intended"


def test_every_chart_type_has_a_fixture(charts):
    assert {chart.type for chart in charts.values()} == {"bar", "grouped-bar", "stacked-bar", "line", "scatter",
                                                         "timeline"}
    assert set(charts) == set(TRACE_TYPES)


@pytest.mark.parametrize("name", sorted(TRACE_TYPES))
def test_golden_figure_json(name, charts):
    pretty = json.dumps(figure(charts[name]), indent=1, sort_keys=True, ensure_ascii=False) + "\n"
    compare_golden(f"{name}.json", pretty)


@pytest.mark.parametrize("name", sorted(TRACE_TYPES))
def test_figure_has_the_trace_types_the_basic_bundle_draws(name, charts):
    assert [trace["type"] for trace in figure(charts[name])["data"]] == TRACE_TYPES[name]


def test_figure_json_is_deterministic_and_free_of_random_ids(charts):
    for chart in charts.values():
        text = figure_json(chart)
        assert text == figure_json(chart)
        assert '"uid"' not in text and '"template"' not in text
        assert "<" not in text and ">" not in text and "&" not in text  # safe inside HTML


def test_timeline_spans_run_to_the_end_of_their_last_day(charts):
    spans = figure(charts["timeline"])["data"][0]
    assert spans["base"] == ["2024-12-01"]
    assert spans["x"] == [46 * 24 * 3600 * 1000]  # 1 Dec 2024 to the end of 15 Jan 2025
