"""Stage 2b, chart data: read each chart's rows (inline or CSV beside the spec) into a typed, checked Table."""
from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from pydantic_core import PydanticCustomError

from generator.charts.spec import COLUMN_RE, Chart
from generator.facts.load import Ambiguous
from generator.facts.model import PartialDate, _partial_date
from generator.facts.pipeline import register_attacher
from generator.facts.problems import Problem, did_you_mean
from generator.facts.validate import Entry

MAX_BYTES = 1024 * 1024
NUMBER_RE = re.compile(r"^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$")
DATE_LIKE_RE = re.compile(r"^\d{4}-\d{2}(?:-\d{2})?$")
CATEGORIES_FOR = ("bar", "grouped-bar", "stacked-bar")


@dataclass
class Table:
    """A chart's data: column names, typed rows, and where each value stands in its file."""

    columns: list[str]
    rows: list[dict]
    path: str
    # (row index, column) -> (line, col) of the value; (-1, column) is the header cell
    marks: dict[tuple[int, str], tuple[int, int]] = field(default_factory=dict)
    # column -> 'number', 'date' or 'text', as the chart type reads it
    kinds: dict[str, str] = field(default_factory=dict)

    def values(self, column: str) -> list:
        """Every value of a column, in row order."""
        return [row.get(column) for row in self.rows]

    def locate(self, row: int, column: str, message: str) -> Problem:
        """A problem pointing at one value (or header cell, row -1) in the data's file."""
        line, col = self.marks.get((row, column), (1, 1))
        return Problem(self.path, line, col, message)


@register_attacher
def attach_chart_data(entries: list[Entry], data_dir: Path) -> list[Problem]:
    """Read and check the data of every chart entry; a chart whose data is sound gets its table attached."""
    problems: list[Problem] = []
    for entry in entries:
        if entry.kind == "charts":
            found = check_spec(entry)
            if found:
                problems += found
                continue
            table, found = read_table(entry, data_dir)
            if table is not None:
                found += check_table(entry, table)
            if table is not None and not any(p.is_error for p in found):
                entry.record._table = table
            problems += found
    return problems


def check_spec(entry: Entry) -> list[Problem]:
    """Fields that must agree with each other: data or csv, encodings that fit the chart type."""
    chart: Chart = entry.record
    enc = chart.encoding
    rules = [
        (chart.csv and chart.data is not None, ("csv",), "give 'data' or 'csv: true', not both"),
        (not chart.csv and chart.data is None, (), "a chart needs 'data' (rows, or a CSV file name) or 'csv: true' "
         "for data/charts/<id>.csv"),
        (chart.type == "timeline" and len(enc.y) != 1, ("encoding", "y"), "a timeline takes one y column: the "
         "row labels"),
        (chart.type != "timeline" and enc.end, ("encoding", "end"), "encoding 'end' is for timelines only"),
        (enc.series and len(enc.y) > 1, ("encoding", "series"), "give several y columns or a series column, "
         "not both"),
        (chart.panels and chart.type not in ("bar", "line"), ("panels",), "'panels' is for bar and line charts"),
        (chart.horizontal and chart.type not in CATEGORIES_FOR, ("horizontal",), "'horizontal' is for bar "
         "charts"),
    ]
    return [entry.locate(loc, message) for broken, loc, message in rules if broken]


def read_table(entry: Entry, data_dir: Path) -> tuple[Table | None, list[Problem]]:
    """The chart's rows as raw text or YAML values, from inline `data` or its CSV file."""
    chart: Chart = entry.record
    if isinstance(chart.data, list):
        return _inline_table(entry)
    name = chart.data if isinstance(chart.data, str) else f"{entry.id}.csv"
    shown = str(PurePosixPath(entry.path).with_name(name))
    path = data_dir / "charts" / name
    if not path.is_file():
        loc = ("data",) if isinstance(chart.data, str) else ("csv",)
        return None, [entry.locate(loc, f"data file {shown} not found; add it beside the spec or fix the name")]
    return read_csv(path, shown)


def _inline_table(entry: Entry) -> tuple[Table | None, list[Problem]]:
    rows = entry.record.data
    if not rows:
        return None, [entry.locate(("data",), "data: needs at least one row")]
    columns = list(rows[0])
    table = Table(columns, [], entry.path)
    problems = []
    for index, row in enumerate(rows):
        if set(row) != set(columns):
            problems.append(entry.locate(("data", index), f"row has columns {', '.join(row)}; the first row has "
                                         f"{', '.join(columns)}"))
        problems += _inline_cells(entry, index, row)
        table.rows.append(dict(row))
        for column in row:
            table.marks[(index, column)] = entry.raw.mark(("data", index, column))
    return (None if problems else table), problems


def _inline_cells(entry: Entry, index: int, row: dict) -> list[Problem]:
    """Column names are plain names and each cell holds one plain value."""
    problems = []
    for column, value in row.items():
        loc = ("data", index, column)
        if not COLUMN_RE.match(str(column)):
            line, col = entry.raw.mark(loc, prefer_key=True)
            problems.append(Problem(entry.path, line, col, f"'{column}' is not a column name: lowercase letters, "
                                    "digits and underscores, starting with a letter"))
        elif isinstance(value, Ambiguous):
            problems.append(entry.locate(loc, value.hint))
        elif isinstance(value, (list, dict)):
            problems.append(entry.locate(loc, f"column '{column}': expected one value, not a list or mapping"))
    return problems


def read_csv(path: Path, shown: str) -> tuple[Table | None, list[Problem]]:
    """Read a CSV file: a header of column names, then rows of the same length; every problem located."""
    text, problem = _read_text(path, shown)
    if problem:
        return None, [problem]
    records = _records(text)
    if not records or not records[0][1]:
        return None, [Problem(shown, 1, 1, "the CSV file is empty; the first line names the columns")]
    header_line, header, header_starts = records[0]
    table = Table(header, [], shown)
    problems = _check_header(table, header, header_line, header_starts)
    if problems:
        return None, problems  # with the columns unclear, nothing further can be checked sensibly
    for line, values, starts in records[1:]:
        problems += _add_row(table, line, values, starts)
    if not table.rows:
        problems.append(Problem(shown, header_line, 1, "the CSV file has a header but no rows"))
    return table, problems


def _read_text(path: Path, shown: str) -> tuple[str, Problem | None]:
    raw = path.read_bytes()
    if len(raw) > MAX_BYTES:
        return "", Problem(shown, 1, 1, f"file is {len(raw):,} bytes, over the 1 MiB limit for chart data")
    try:
        return raw.decode("utf-8-sig"), None
    except UnicodeDecodeError as error:
        line = raw.count(b"\n", 0, error.start) + 1
        col = error.start - (raw.rfind(b"\n", 0, error.start) + 1) + 1
        return "", Problem(shown, line, col, f"byte 0x{raw[error.start]:02x} is not UTF-8; save the file as UTF-8")


def _records(text: str) -> list[tuple[int, list[str], list[tuple[int, int]]]]:
    """(first line, values, (line, col) of each value) per CSV record; blank lines are skipped."""
    lines = text.splitlines(keepends=True)
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    records, consumed = [], 0
    for values in reader:
        first = consumed + 1
        consumed = reader.line_num
        if values:
            raw = "".join(lines[first - 1:consumed])
            records.append((first, values, _value_starts(raw, first)))
    return records


def _value_starts(raw: str, first_line: int) -> list[tuple[int, int]]:
    """Line and column where each comma-separated value of one record begins, minding quotes."""
    starts, quoted, line, col = [(first_line, 1)], False, first_line, 1
    for char in raw:
        col += 1
        if char == '"':
            quoted = not quoted  # a doubled quote toggles twice, so it changes nothing
        elif char == "," and not quoted:
            starts.append((line, col))
        elif char == "\n":
            line, col = line + 1, 1
    return starts


def _check_header(table: Table, header: list[str], line: int, starts: list) -> list[Problem]:
    problems, seen = [], set()
    for name, start in zip(header, starts):
        table.marks[(-1, name)] = start
        if not COLUMN_RE.match(name):
            problems.append(Problem(table.path, *start, f"header '{name}' is not a column name: lowercase "
                                    "letters, digits and underscores, starting with a letter"))
        elif name in seen:
            problems.append(Problem(table.path, *start, f"column '{name}' appears twice in the header"))
        seen.add(name)
    return problems


def _add_row(table: Table, line: int, values: list[str], starts: list) -> list[Problem]:
    width = len(table.columns)
    if len(values) != width:
        where = starts[width] if len(values) > width else _end_of(values, starts)
        count = f"{len(values)} value" + ("" if len(values) == 1 else "s")
        return [Problem(table.path, *where, f"row has {count} but the header names {width} columns")]
    index = len(table.rows)
    table.rows.append({name: value.strip() for name, value in zip(table.columns, values)})
    for name, start in zip(table.columns, starts):
        table.marks[(index, name)] = start
    return []


def _end_of(values: list[str], starts: list) -> tuple[int, int]:
    line, col = starts[-1]
    return line, col + len(values[-1]) if values else col


def check_table(entry: Entry, table: Table) -> list[Problem]:
    """Encodings name existing columns, values have the type their role needs, annotations land on the data."""
    chart: Chart = entry.record
    problems = _check_columns(entry, table)
    if problems:
        return problems
    roles = _roles(chart, table)
    for _, column in chart.encoding.fields():
        if column not in table.kinds:  # a column may serve twice, e.g. as x and as colour
            table.kinds[column] = roles.get(column, "text")
            problems += _convert(table, column, table.kinds[column], required=not _may_be_empty(chart, column))
    for column in table.columns:
        if column not in table.kinds:
            _type_loosely(table, column)
    if not problems:
        problems += _check_unique_points(entry, table)
        problems += _check_annotations(entry, table)
        problems += _check_colours(entry, table)
    return problems


def _check_columns(entry: Entry, table: Table) -> list[Problem]:
    chart: Chart = entry.record
    where = table.path if table.path != entry.path else "the data"
    problems = []
    for loc, column in chart.encoding.fields():
        if column not in table.columns:
            hint = did_you_mean(column, table.columns) or f" (columns: {', '.join(table.columns)})"
            problems.append(entry.locate(loc, f"{_dotted(loc)}: column '{column}' is not in {where}{hint}"))
    for column in chart.columns:
        if column not in table.columns:
            line, col = entry.raw.mark(("columns", column), prefer_key=True)
            problems.append(Problem(entry.path, line, col, f"columns.{column}: no such column in {where}"
                                    + did_you_mean(column, table.columns)))
    return problems


def _dotted(loc: tuple) -> str:
    return ".".join(str(part) for part in loc if not isinstance(part, int)) + (
        f"[{loc[-1]}]" if isinstance(loc[-1], int) else "")


def _roles(chart: Chart, table: Table) -> dict[str, str]:
    """What each encoded column must hold for this chart type: 'number', 'date' or 'text'."""
    enc = chart.encoding
    if chart.type == "timeline":
        roles = {enc.x: "date", enc.y[0]: "text"}
        return roles | ({enc.end: "date"} if enc.end else {})
    roles = {column: "number" for column in enc.y}
    if chart.type == "scatter":
        roles[enc.x] = "date" if _looks_like_dates(table.values(enc.x)) else "number"
    elif chart.type == "line":
        roles[enc.x] = "date" if _looks_like_dates(table.values(enc.x)) else (
            "number" if all(_is_number(v) for v in table.values(enc.x)) else "text")
    else:
        roles[enc.x] = "text"
    return roles


def _type_loosely(table: Table, column: str) -> None:
    """A column no encoding uses is only shown in the table: numbers or dates when every value is one, else text."""
    values = [v for v in table.values(column) if v not in (None, "")]
    kind = "date" if _looks_like_dates(values) else ("number" if values and all(_is_number(v) for v in values)
                                                     else "text")
    table.kinds[column] = kind
    _convert(table, column, kind, required=False)


def _may_be_empty(chart: Chart, column: str) -> bool:
    """Gaps are allowed in measured values and a timeline's end; never in x or labels."""
    return (column in chart.encoding.y and chart.type != "timeline") or column == chart.encoding.end


def _looks_like_dates(values: list) -> bool:
    return bool(values) and all(isinstance(v, str) and DATE_LIKE_RE.match(v) for v in values)


def _is_number(value) -> bool:
    return (isinstance(value, (int, float)) and not isinstance(value, bool)) or (
        isinstance(value, str) and bool(NUMBER_RE.match(value)))


def _convert(table: Table, column: str, kind: str, required: bool) -> list[Problem]:
    """Turn a column's values into numbers, dates or text in place; one problem per bad value."""
    problems = []
    for index, row in enumerate(table.rows):
        value = row.get(column)
        if value is None or value == "":
            row[column] = None
            if required:
                problems.append(table.locate(index, column, f"column '{column}': value is empty"))
            continue
        try:
            row[column] = CONVERTERS[kind](value)
        except ValueError as error:
            problems.append(table.locate(index, column, f"column '{column}': {error}"))
    return problems


def _to_number(value) -> int | float:
    if isinstance(value, bool) or not _is_number(value):
        raise ValueError(f"'{value}' is not a number" + _number_hint(value))
    if isinstance(value, (int, float)):
        return value
    number = float(value)
    return int(number) if number.is_integer() and re.match(r"^[+-]?\d+$", value) else number


def _number_hint(value) -> str:
    """A hint when the text is a number dressed up with separators, currency signs or units."""
    bare = re.sub(r"[,\s$€£¥%]|[A-Za-z]+$", "", str(value)) if isinstance(value, str) else ""
    return "; write the bare number without separators, signs or units, such as 1234.5" if (
        bare and NUMBER_RE.match(bare)) else ""


def _to_date(value) -> PartialDate:
    try:
        return PartialDate(_partial_date(value))
    except PydanticCustomError as error:
        raise ValueError(error.message()) from None


def _to_text(value) -> str:
    if isinstance(value, bool):
        raise ValueError(f"'{str(value).lower()}' reads as true/false; put it in quotes for text")
    return str(value)


CONVERTERS = {"number": _to_number, "date": _to_date, "text": _to_text}


def _check_unique_points(entry: Entry, table: Table) -> list[Problem]:
    """Two rows at the same category (within a series) would be drawn on top of each other."""
    chart: Chart = entry.record
    if chart.type not in CATEGORIES_FOR + ("timeline",):
        return []
    key_columns = [chart.encoding.y[0]] if chart.type == "timeline" else [chart.encoding.x]
    key_columns += [chart.encoding.series] if chart.encoding.series else []
    seen: dict[tuple, int] = {}
    for index, row in enumerate(table.rows):
        key = tuple(row[c] for c in key_columns)
        if key in seen:
            shown = " / ".join(str(k) for k in key)
            return [table.locate(index, key_columns[0], f"'{shown}' appears twice (rows {seen[key] + 1} and "
                                 f"{index + 1}); each bar or row is drawn once")]
        seen[key] = index
    return []


def _check_annotations(entry: Entry, table: Table) -> list[Problem]:
    chart: Chart = entry.record
    problems = []
    x_column = chart.encoding.x
    for index, note in enumerate(chart.annotations):
        if table.kinds.get(x_column) == "text":
            choices = [str(v) for v in table.values(x_column)]
            if str(note.x) not in choices:
                problems.append(entry.locate(("annotations", index, "x"), f"annotations[{index}].x: '{note.x}' is "
                                             f"not a value of column '{x_column}'" + did_you_mean(note.x, choices)))
        elif table.kinds.get(x_column) == "date":
            try:
                _to_date(note.x)
            except ValueError as error:
                problems.append(entry.locate(("annotations", index, "x"), f"annotations[{index}].x: {error}"))
        if chart.type == "timeline" and str(note.y) not in (rows := table.values(chart.encoding.y[0])):
            problems.append(entry.locate(("annotations", index, "y"), f"annotations[{index}].y: '{note.y}' is not "
                                         f"a row of the timeline" + did_you_mean(str(note.y), rows)))
    return problems


def _check_colours(entry: Entry, table: Table) -> list[Problem]:
    """Each value given a fixed colour must be a value of the colour (or series) column."""
    chart: Chart = entry.record
    column = chart.encoding.hue or chart.encoding.series
    problems = []
    for value in chart.colours:
        line, col = entry.raw.mark(("colours", value), prefer_key=True)
        if column is None:
            return [Problem(entry.path, line, col, "colours: the chart has no colour or series column to colour")]
        choices = [str(v) for v in table.values(column)]
        if value not in choices:
            problems.append(Problem(entry.path, line, col, f"colours: '{value}' is not a value of column "
                                    f"'{column}'" + did_you_mean(value, choices)))
    return problems
