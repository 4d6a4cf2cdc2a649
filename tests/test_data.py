"""The real data in data/: every file validates and links, and every kind has records."""
from __future__ import annotations

from pathlib import Path

from generator.facts.model import KINDS
from generator.facts.pipeline import load_graph, read_data

ROOT = Path(__file__).resolve().parent.parent


def test_every_real_record_validates_and_links():
    result = read_data(ROOT / "data", ROOT)
    assert [p.as_text() for p in result.errors] == []
    counts = result.graph.count()
    assert all(counts.get(kind, 0) > 0 for kind in KINDS), counts
    assert result.files == sum(counts.values())


def test_article_people_and_quotes_are_present():
    graph = read_data(ROOT / "data", ROOT).graph
    for person in ("lin-junyang", "tang-jie", "xi-jinping", "yang-zhilin", "liang-wenfeng", "yan-junjie",
                   "xiao-hong", "brian-chesky"):
        assert graph.get("people", person)
    lin = graph.get("quotes", "lin-below-20").record
    assert lin.person == "lin-junyang" and lin.text.startswith("Below 20 percent")


def test_every_point_of_every_real_chart_names_its_source():
    """Each row of each chart says which of its sources states it; check finds the row's numbers in that source's
    excerpt (tested in test_excerpts), so every point on the site traces to a source's own words."""
    graph = load_graph(ROOT / "data", ROOT)
    charts = graph.all("charts")
    assert len(charts) >= 10
    for entry in charts:
        table = entry.record.table
        assert "source" in table.columns, f"{entry.id}: add a 'source' column"
        assert all(row.get("source") not in (None, "") for row in table.rows), entry.id
