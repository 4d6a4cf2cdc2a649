"""Chart specs: every rejection is one exact located line, in the YAML spec or in the CSV file beside it."""
from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from generator.facts.pipeline import load_graph
from generator.tools.cli import main
from tests.records import SOURCE

COMPANY = ("name: Zhipu AI\nname_zh: 智谱\nkind: startup\ncountry: China\nheadquarters: Beijing\n"
           "summary: A lab.\n" + SOURCE)
SPEC = """\
title: Money raised
type: bar
csv: true
encoding:
  x: company
  y: raised_usd_m
summary: What the chart shows.
companies:
  - zhipu
""" + SOURCE + "alt: Two bars of money raised.\n"
CSV = "company,raised_usd_m\nZhipu,558\nMiniMax,619\n"
INLINE = SPEC.replace("csv: true\n", "data:\n  - {company: Zhipu, raised_usd_m: 558}\n"
                      "  - {company: MiniMax, raised_usd_m: 619}\n")
TIMELINE = SPEC.replace("type: bar", "type: timeline").replace(
    "  x: company\n  y: raised_usd_m\n", "  x: start\n  end: end\n  y: step\n")
TIMELINE_CSV = "step,start,end\nFirst controls,2022-10,\nFinal rules,2024-12,2025-01-15\n"

CASES = {
    "csv-column-missing": (
        {"c.yml": SPEC.replace("y: raised_usd_m", "y: raised_usd"), "c.csv": CSV},
        "data/charts/c.yml:6:6: error: encoding.y: column 'raised_usd' is not in data/charts/c.csv "
        "(did you mean 'raised_usd_m'?)"),
    "csv-column-missing-no-hint": (
        {"c.yml": SPEC.replace("x: company", "x: firm"), "c.csv": CSV},
        "data/charts/c.yml:5:6: error: encoding.x: column 'firm' is not in data/charts/c.csv "
        "(columns: company, raised_usd_m)"),
    "csv-row-too-long": (
        {"c.yml": SPEC, "c.csv": "company,raised_usd_m\nZhipu,558,13\nMiniMax,619\n"},
        "data/charts/c.csv:2:11: error: row has 3 values but the header names 2 columns"),
    "csv-row-too-short": (
        {"c.yml": SPEC, "c.csv": "company,raised_usd_m\nZhipu,558\nMiniMax\n"},
        "data/charts/c.csv:3:8: error: row has 1 value but the header names 2 columns"),
    "csv-not-a-number": (
        {"c.yml": SPEC, "c.csv": 'company,raised_usd_m\nZhipu,558\n"MiniMax, Inc",6l9\n'},
        "data/charts/c.csv:3:16: error: column 'raised_usd_m': '6l9' is not a number"),
    "csv-number-with-separator": (
        {"c.yml": SPEC, "c.csv": 'company,raised_usd_m\nZhipu,"1,558"\nMiniMax,619\n'},
        "data/charts/c.csv:2:7: error: column 'raised_usd_m': '1,558' is not a number; write the bare number "
        "without separators, signs or units, such as 1234.5"),
    "csv-missing-file": (
        {"c.yml": SPEC},
        "data/charts/c.yml:3:6: error: data file data/charts/c.csv not found; add it beside the spec or fix "
        "the name"),
    "csv-named-file-missing": (
        {"c.yml": SPEC.replace("csv: true", "data: money.csv"), "c.csv": CSV},
        "data/charts/c.yml:3:7: error: data file data/charts/money.csv not found; add it beside the spec or "
        "fix the name"),
    "csv-empty": (
        {"c.yml": SPEC, "c.csv": ""},
        "data/charts/c.csv:1:1: error: the CSV file is empty; the first line names the columns"),
    "csv-header-only": (
        {"c.yml": SPEC, "c.csv": "company,raised_usd_m\n"},
        "data/charts/c.csv:1:1: error: the CSV file has a header but no rows"),
    "csv-bad-header": (
        {"c.yml": SPEC, "c.csv": "company,Raised USD\nZhipu,558\n"},
        "data/charts/c.csv:1:9: error: header 'Raised USD' is not a column name: lowercase letters, digits "
        "and underscores, starting with a letter"),
    "csv-duplicate-bar": (
        {"c.yml": SPEC, "c.csv": "company,raised_usd_m\nZhipu,558\nZhipu,619\n"},
        "data/charts/c.csv:3:1: error: 'Zhipu' appears twice (rows 1 and 2); each bar or row is drawn once"),
    "csv-empty-category": (
        {"c.yml": SPEC, "c.csv": "company,raised_usd_m\n,558\n"},
        "data/charts/c.csv:2:1: error: column 'company': value is empty"),
    "csv-not-utf8": (
        {"c.yml": SPEC, "c.csv": b"company,raised_usd_m\nZ\xe9,558\n"},
        "data/charts/c.csv:2:2: error: byte 0xe9 is not UTF-8; save the file as UTF-8"),
    "inline-not-a-number": (
        {"c.yml": INLINE.replace("raised_usd_m: 619}", "raised_usd_m: lots}")},
        "data/charts/c.yml:5:38: error: column 'raised_usd_m': 'lots' is not a number"),
    "inline-data-not-rows": (
        {"c.yml": SPEC.replace("csv: true", "data: 5")},
        "data/charts/c.yml:3:7: error: data: expected a list of rows such as '- {company: Zhipu, raised: 558}', or "
        "the name of a CSV file beside the spec"),
    "inline-cell-is-a-list": (
        {"c.yml": INLINE.replace("raised_usd_m: 619}", "raised_usd_m: [619]}")},
        "data/charts/c.yml:5:38: error: column 'raised_usd_m': expected one value, not a list or mapping"),
    "inline-rows-differ": (
        {"c.yml": INLINE.replace("{company: MiniMax, raised_usd_m: 619}", "{company: MiniMax}")},
        "data/charts/c.yml:5:5: error: row has columns company; the first row has company, raised_usd_m"),
    "inline-column-missing": (
        {"c.yml": INLINE.replace("y: raised_usd_m", "y: raised")},
        "data/charts/c.yml:8:6: error: encoding.y: column 'raised' is not in the data (did you mean "
        "'raised_usd_m'?)"),
    "unknown-type": (
        {"c.yml": SPEC.replace("type: bar", "type: bars"), "c.csv": CSV},
        "data/charts/c.yml:2:7: error: type: 'bars' is not one of: bar, grouped-bar, stacked-bar, line, "
        "scatter, timeline (did you mean 'bar'?)"),
    "unknown-company": (
        {"c.yml": SPEC.replace("  - zhipu", "  - zhipuu"), "c.csv": CSV},
        "data/charts/c.yml:9:5: error: company 'zhipuu' not found (did you mean 'zhipu'?)"),
    "unknown-event": (
        {"c.yml": SPEC + "events:\n  - zhipu-ipo\n", "c.csv": CSV},
        "data/charts/c.yml:19:5: error: event 'zhipu-ipo' not found (add data/events/zhipu-ipo.yml, or fix the "
        "id)"),
    "unknown-columns-entry": (
        {"c.yml": SPEC + "columns:\n  raised:\n    unit: US$ million\n", "c.csv": CSV},
        "data/charts/c.yml:19:3: error: columns.raised: no such column in data/charts/c.csv (did you mean "
        "'raised_usd_m'?)"),
    "bad-number-format": (
        {"c.yml": SPEC + "columns:\n  raised_usd_m:\n    format: '%.2f'\n", "c.csv": CSV},
        "data/charts/c.yml:20:13: error: columns.raised_usd_m.format: '%.2f' is not a number format this site "
        "reads; use e.g. ',.0f' (thousands, no decimals), '.1f', '+.0f' or '.1%'"),
    "data-and-csv": (
        {"c.yml": SPEC.replace("csv: true", "csv: true\ndata: c.csv"), "c.csv": CSV},
        "data/charts/c.yml:3:6: error: give 'data' or 'csv: true', not both"),
    "no-data": (
        {"c.yml": SPEC.replace("csv: true\n", "")},
        "data/charts/c.yml:1:1: error: a chart needs 'data' (rows, or a CSV file name) or 'csv: true' "
        "for data/charts/<id>.csv"),
    "annotation-off-the-data": (
        {"c.yml": SPEC + "annotations:\n  - {x: Zhipuu, y: 558, text: A note}\n", "c.csv": CSV},
        "data/charts/c.yml:19:9: error: annotations[0].x: 'Zhipuu' is not a value of column 'company' (did you "
        "mean 'Zhipu'?)"),
    "timeline-bad-date": (
        {"c.yml": TIMELINE, "c.csv": TIMELINE_CSV.replace("2024-12,", "2024-13,")},
        "data/charts/c.csv:3:13: error: column 'start': '2024-13' is not a real calendar date"),
    "timeline-end-not-a-date": (
        {"c.yml": TIMELINE, "c.csv": TIMELINE_CSV.replace("2025-01-15", "January")},
        "data/charts/c.csv:3:21: error: column 'end': expected a date written YYYY, YYYY-MM or YYYY-MM-DD, got "
        "'January'"),
    "end-outside-timeline": (
        {"c.yml": SPEC.replace("  y: raised_usd_m\n", "  y: raised_usd_m\n  end: raised_usd_m\n"), "c.csv": CSV},
        "data/charts/c.yml:7:8: error: encoding 'end' is for timelines only"),
    "colours-value-not-in-data": (
        {"c.yml": SPEC.replace("  y: raised_usd_m\n", "  y: raised_usd_m\n  colour: company\n")
         + "colours:\n  Zhipuu: blue\n", "c.csv": CSV},
        "data/charts/c.yml:20:3: error: colours: 'Zhipuu' is not a value of column 'company' (did you mean "
        "'Zhipu'?)"),
    "colours-unknown-name": (
        {"c.yml": SPEC.replace("  y: raised_usd_m\n", "  y: raised_usd_m\n  colour: company\n")
         + "colours:\n  Zhipu: purple\n", "c.csv": CSV},
        "data/charts/c.yml:20:10: error: colours.Zhipu: 'purple' is not one of: blue, vermillion, green, pink, "
        "gold, violet"),
}


def write(root: Path, files: dict[str, str | bytes]) -> None:
    """A scratch data folder with one company and the given files in data/charts/."""
    (root / "data" / "charts").mkdir(parents=True)
    (root / "data" / "companies").mkdir()
    (root / "data" / "companies" / "zhipu.yml").write_text(COMPANY, encoding="utf-8")
    for name, content in files.items():
        path = root / "data" / "charts" / name
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(textwrap.dedent(content), encoding="utf-8")


@pytest.mark.parametrize("case", sorted(CASES))
def test_chart_spec_rejection_is_one_located_line(case, tmp_path, monkeypatch, capsys):
    files, expected = CASES[case]
    write(tmp_path, files)
    monkeypatch.chdir(tmp_path)
    status = main(["check"])
    lines = capsys.readouterr().out.splitlines()[:-1]
    assert (status, lines) == (1, [expected])


@pytest.mark.parametrize("spec", [SPEC, INLINE], ids=["csv", "inline"])
def test_sound_chart_gets_a_typed_table(spec, tmp_path):
    write(tmp_path, {"c.yml": spec, "c.csv": CSV})
    graph = load_graph(tmp_path / "data", tmp_path)
    table = graph.get("charts", "c").record.table
    assert table.values("company") == ["Zhipu", "MiniMax"]
    assert table.values("raised_usd_m") == [558, 619]
    assert graph.referrers("companies", "zhipu", "charts")[0].id == "c"


def test_timeline_reads_partial_dates_and_empty_ends(tmp_path):
    write(tmp_path, {"c.yml": TIMELINE, "c.csv": TIMELINE_CSV})
    table = load_graph(tmp_path / "data", tmp_path).get("charts", "c").record.table
    assert table.values("start") == ["2022-10", "2024-12"]
    assert table.values("end") == [None, "2025-01-15"]
    assert table.kinds == {"start": "date", "end": "date", "step": "text"}
