"""Stage 4a, figures: turn a validated chart spec and its table into a deterministic Plotly figure (JSON)."""
from __future__ import annotations

import datetime as dt
import json
import textwrap

import plotly.graph_objects as go

from generator.charts.spec import COLOUR_NAMES, Chart, ColumnInfo
from generator.facts.model import PartialDate
from generator.pages.formatting import date_text
from generator.pages.i18n import N_, current, words

# Okabe-Ito hues, darkened or lightened so each stands at least 3:1 against both the light and the dark
# (slate) page background: graphical objects need that contrast (WCAG 1.4.11).
PALETTE = ["#2E86C1", "#D55E00", "#009E73", "#CC79A7", "#B8860B", "#7B61FF"]
NAMED = dict(zip(COLOUR_NAMES, PALETTE))
# The page script replaces these with the current palette's colours before drawing.
LIGHT = {"paper": "#ffffff", "ink": "#333333", "grid": "#e0e0e0"}
FONT = "-apple-system, BlinkMacSystemFont, 'Segoe UI', Helvetica, Arial, sans-serif"
BAR_TYPES = ("bar", "grouped-bar", "stacked-bar")
DAY_MS = 24 * 3600 * 1000
TIMELINE_LABEL_WIDTH = 22
# Columns a chart's data often leaves unlabelled, titled in the edition's language.
COLUMN_NAMES = {"source": N_("Source")}


def figure(chart: Chart) -> dict:
    """The Plotly figure for a chart, as plain JSON-ready data (no template, no random ids)."""
    key = _drawn_from(chart)
    if key not in _FIGURES:
        if len(_FIGURES) >= FIGURE_CACHE_SIZE:
            _FIGURES.pop(next(iter(_FIGURES)))
        _FIGURES[key] = json.dumps(_plotly_figure(chart))
    return json.loads(_FIGURES[key])  # a fresh copy: callers theme and trim it


# Figures already made in this process, by what they are drawn from: a page and its embed page share one, and a
# live-preview rebuild remakes only the charts whose record or data changed (plotly.py's checks take most of it).
_FIGURES: dict[str, str] = {}
FIGURE_CACHE_SIZE = 512


def _drawn_from(chart: Chart) -> str:
    table = chart.table
    rows = json.dumps([table.columns, table.rows], default=str, sort_keys=True) if table is not None else ""
    return chart.model_dump_json() + rows


def _plotly_figure(chart: Chart) -> dict:
    traces, layout = BUILDERS[chart.type](chart)
    layout = _base_layout(chart) | layout
    layout["annotations"] = layout.get("annotations", []) + _annotations(chart)
    fig = go.Figure(data=traces, layout=layout)  # plotly.py checks every property name and value
    data = fig.to_plotly_json()
    data["layout"].pop("template", None)  # plotly.py's default theme: 7 KB the page script does not need
    return data


def figure_json(chart: Chart) -> str:
    """The figure as compact JSON with sorted keys, safe to place inside an HTML <script> element."""
    text = json.dumps(figure(chart), sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    # '<', '>' and '&' escaped so no '</script>' or comment can end the element early.
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def format_value(value, info: ColumnInfo) -> str:
    """A value as the reader sees it in tables, labels and hover text: prefix, number format, suffix."""
    if value is None:
        return ""
    if isinstance(value, PartialDate):
        return date_text(value, current())
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        number = format(value, info.format) if info.format else f"{value:,}"
        return f"{info.prefix or ''}{number}{info.suffix or ''}"
    return str(value)


def column_title(chart: Chart, column: str) -> str:
    """A column's label with its unit, e.g. 'Money raised (US$ million)'."""
    info = chart.info(column)
    label = info.label or words(COLUMN_NAMES.get(column, column.replace("_", " ").capitalize()))
    return f"{label} ({info.unit})" if info.unit else label


def _base_layout(chart: Chart) -> dict:
    return {
        "font": {"family": FONT, "size": 13, "color": LIGHT["ink"]},
        "paper_bgcolor": LIGHT["paper"],
        "plot_bgcolor": LIGHT["paper"],
        "colorway": PALETTE,
        "margin": {"l": 8, "r": 16, "t": 32, "b": 8},
        "dragmode": False,  # no zoom or pan: a finger scrolling the page must not move the chart
        "hovermode": "closest",
        "showlegend": False,
        "legend": {"orientation": "h", "x": 0, "xanchor": "left", "y": 1.02, "yanchor": "bottom"},
        "separators": ".,",
    }


def _axis(title: str = "", **extra) -> dict:
    return {"title": {"text": title}, "automargin": True, "fixedrange": True, "gridcolor": LIGHT["grid"],
            "zerolinecolor": LIGHT["grid"], "linecolor": LIGHT["grid"]} | extra


def _hues(chart: Chart, column: str | None = None) -> dict:
    """Colour of each value of the colour column: as the spec names it, else the next unused palette colour."""
    column = column or chart.encoding.hue
    values = list(dict.fromkeys(chart.table.values(column))) if column else []
    fixed = {value: NAMED[chart.colours[value]] for value in values if value in chart.colours}
    spare = [colour for colour in PALETTE if colour not in fixed.values()] or PALETTE
    free = [value for value in values if value not in fixed]
    return {value: fixed.get(value) or spare[free.index(value) % len(spare)] for value in values}


def _colours(chart: Chart, rows: list[dict]) -> list[str] | str:
    hues = _hues(chart)
    if not hues:
        return PALETTE[0]
    return [hues[row[chart.encoding.hue]] for row in rows]


def _groups(chart: Chart) -> list[tuple[str | None, list[dict]]]:
    """(series name, rows) per series; one unnamed group when the chart has no series column."""
    column = chart.encoding.series
    rows = chart.table.rows
    if not column:
        return [(None, rows)]
    names = list(dict.fromkeys(row[column] for row in rows))
    return [(name, [row for row in rows if row[column] == name]) for name in names]


def _hover(chart: Chart, x: str, y: str, value_axis: str = "y") -> str:
    info = chart.info(y)
    number = f"%{{{value_axis}:{info.format}}}" if info.format else f"%{{{value_axis}}}"
    place = "%{y}" if value_axis == "x" else "%{x}"
    # A unit without prefix or suffix is spelled after the number: '40 models'.
    unit = f" {info.unit}" if info.unit and not (info.prefix or info.suffix) else ""
    return f"{place}<br>{info.prefix or ''}{number}{info.suffix or ''}{unit}<extra></extra>"


def _bar_trace(chart: Chart, rows: list[dict], y: str, name: str | None, labels: bool, axes: str = "") -> dict:
    cats = [row[chart.encoding.x] for row in rows]
    values = [row[y] for row in rows]
    value_axis = "x" if chart.horizontal else "y"
    trace = {"type": "bar", "name": name or column_title(chart, y), "orientation": "h" if chart.horizontal
             else "v", "x": values if chart.horizontal else cats, "y": cats if chart.horizontal else values,
             "hovertemplate": _hover(chart, chart.encoding.x, y, value_axis)}
    trace["marker"] = {"color": _colours(chart, rows) if name is None else None}
    if labels:
        trace |= {"text": [format_value(v, chart.info(y)) for v in values], "textposition": "outside",
                  "cliponaxis": False}
    if axes:
        trace |= {"xaxis": "x" + axes, "yaxis": "y" + axes}
    return _drop_none(trace)


def _drop_none(trace: dict) -> dict:
    marker = {k: v for k, v in trace.get("marker", {}).items() if v is not None}
    trace = {k: v for k, v in trace.items() if k != "marker"}
    return trace | ({"marker": marker} if marker else {})


def _bars(chart: Chart) -> tuple[list, dict]:
    if chart.panels:
        return _panels(chart, _bar_trace)
    traces = []
    single = chart.type == "bar" or (len(chart.encoding.y) == 1 and not chart.encoding.series)
    for name, rows in _groups(chart):
        for y in chart.encoding.y:
            label = name if name is not None else (None if single else column_title(chart, y))
            traces.append(_bar_trace(chart, rows, y, label, labels=single))
    _colour_series(chart, traces)
    layout = {"barmode": {"stacked-bar": "stack"}.get(chart.type, "group"), "showlegend": len(traces) > 1,
              "height": 360}
    return traces, layout | _value_axes(chart, chart.encoding.y[0])


def _colour_series(chart: Chart, traces: list[dict]) -> None:
    """Series keep the colours the spec gives them (and the palette's order otherwise)."""
    if not chart.encoding.series:
        return
    hues = _hues(chart, chart.encoding.series)
    for trace in traces:
        trace.setdefault("marker", {})["color"] = hues[trace["name"]]
        if trace["type"] == "scatter" and "lines" in trace.get("mode", ""):
            trace["line"] = {"color": hues[trace["name"]]}


def _value_axes(chart: Chart, y: str) -> dict:
    info = chart.info(y)
    value = _axis(column_title(chart, y), tickformat=info.format or "", tickprefix=info.prefix or "",
                  ticksuffix=info.suffix or "", rangemode="tozero")
    category = _axis("", type="category" if chart.type in BAR_TYPES else "-")
    if chart.horizontal:
        return {"xaxis": value, "yaxis": category | {"autorange": "reversed"}}
    return {"xaxis": category, "yaxis": value}


def _panels(chart: Chart, make_trace) -> tuple[list, dict]:
    """One panel per y column, stacked top to bottom so each gets the full width of a phone."""
    columns = chart.encoding.y
    gap, height = 0.16, 210
    share = (1 - gap * (len(columns) - 1)) / len(columns)
    traces, layout = [], {"height": height * len(columns) + 40, "annotations": []}
    for index, y in enumerate(columns):
        suffix = "" if index == 0 else str(index + 1)
        top = 1 - index * (share + gap)
        traces.append(make_trace(chart, chart.table.rows, y, None, True, suffix))
        axes = _value_axes(chart, y)
        axes["xaxis"] |= {"anchor": "y" + suffix, "domain": [0, 1]} if not chart.horizontal else {}
        axes["yaxis"] |= {"anchor": "x" + suffix}
        key = "yaxis" if not chart.horizontal else "xaxis"
        axes[key]["title"] = {"text": ""}  # the panel title names the measure and its unit
        axes["yaxis"]["domain"] = [round(top - share, 4), round(top, 4)]
        layout["xaxis" + suffix], layout["yaxis" + suffix] = axes["xaxis"], axes["yaxis"]
        layout["annotations"].append(_panel_title(column_title(chart, y), top))
    return traces, layout


def _panel_title(text: str, top: float) -> dict:
    wrapped = "<br>".join(textwrap.wrap(text, 44))
    return {"text": f"<b>{wrapped}</b>", "x": 0, "xref": "paper", "xanchor": "left", "y": round(top, 4),
            "yref": "paper", "yanchor": "bottom", "yshift": 6, "showarrow": False, "align": "left"}


def _line_trace(chart: Chart, rows: list[dict], y: str, name: str | None, labels: bool, axes: str = "") -> dict:
    mode = "markers" if chart.type == "scatter" else "lines+markers"
    trace = {"type": "scatter", "mode": mode, "name": name or column_title(chart, y),
             "x": [_plot_x(row[chart.encoding.x]) for row in rows], "y": [row[y] for row in rows],
             "hovertemplate": _hover(chart, chart.encoding.x, y), "marker": {"size": 9}}
    if chart.encoding.label:
        trace["text"] = [row[chart.encoding.label] for row in rows]
        trace["hovertemplate"] = "<b>%{text}</b><br>" + trace["hovertemplate"]
    if chart.encoding.hue and name is None:
        trace["marker"]["color"] = _colours(chart, rows)
    if axes:
        trace |= {"xaxis": "x" + axes, "yaxis": "y" + axes}
    return trace


def _plot_x(value):
    return value.earliest.isoformat() if isinstance(value, PartialDate) else value


def _lines(chart: Chart) -> tuple[list, dict]:
    if chart.panels:
        return _panels(chart, _line_trace)
    traces = []
    for name, rows in _groups(chart):
        for y in chart.encoding.y:
            label = name if name is not None else column_title(chart, y)
            traces.append(_line_trace(chart, rows, y, label, False))
    _colour_series(chart, traces)
    x_kind = chart.table.kinds.get(chart.encoding.x)
    axes = _value_axes(chart, chart.encoding.y[0])
    axes["xaxis"] = _axis(column_title(chart, chart.encoding.x),
                          type={"date": "date", "number": "linear"}.get(x_kind, "category"))
    if chart.type == "scatter":
        axes["yaxis"].pop("rangemode")
    return traces, {"showlegend": len(traces) > 1, "height": 380} | axes


def _timeline(chart: Chart) -> tuple[list, dict]:
    """Spans as horizontal bars from their start date (a date `base`), single dates as diamonds."""
    enc = chart.encoding
    hues = _hues(chart) or {None: PALETTE[0]}
    traces = []
    for hue, colour in hues.items():
        rows = [row for row in chart.table.rows if hue is None or row[enc.hue] == hue]
        spans = [row for row in rows if enc.end and row[enc.end]]
        points = [row for row in rows if not (enc.end and row[enc.end])]
        name = str(hue) if hue is not None else column_title(chart, enc.y[0])
        if spans:
            traces.append(_span_trace(chart, spans, name, colour, show=True))
        if points:
            traces.append(_point_trace(chart, points, name, colour, show=not spans))
    labels = [_row_label(label) for label in chart.table.values(enc.y[0])]
    lines = sum(label.count("<br>") + 1 for label in labels)
    layout = {"height": 90 + 20 * lines + 14 * len(labels), "showlegend": bool(enc.hue), "bargap": 0.5,
              "xaxis": _axis("", type="date"), "yaxis": _axis("", type="category", autorange="reversed",
                                                               categoryorder="array", categoryarray=labels)}
    return traces, layout


def _row_label(label: str) -> str:
    """A timeline row's label, wrapped so the labels leave room for the dates on a 360 px phone."""
    return "<br>".join(textwrap.wrap(label, TIMELINE_LABEL_WIDTH)) or label


def _when(chart: Chart, row: dict) -> str:
    start, end = row[chart.encoding.x], row.get(chart.encoding.end) if chart.encoding.end else None
    if not end:
        return date_text(start, current())
    return words("%(start)s to %(end)s") % {"start": date_text(start, current()), "end": date_text(end, current())}


def _span_trace(chart: Chart, rows: list[dict], name: str, colour: str, show: bool) -> dict:
    enc = chart.encoding
    starts = [row[enc.x].earliest for row in rows]
    ends = [_day_after(row[enc.end]) for row in rows]
    return {"type": "bar", "orientation": "h", "name": name, "legendgroup": name, "showlegend": show,
            "base": [s.isoformat() for s in starts], "x": [(e - s).days * DAY_MS for s, e in zip(starts, ends)],
            "y": [_row_label(row[enc.y[0]]) for row in rows], "customdata": [_when(chart, row) for row in rows],
            "marker": {"color": colour}, "hovertemplate": "<b>%{y}</b><br>%{customdata}<extra></extra>"}


def _point_trace(chart: Chart, rows: list[dict], name: str, colour: str, show: bool) -> dict:
    enc = chart.encoding
    return {"type": "scatter", "mode": "markers", "name": name, "legendgroup": name, "showlegend": show,
            "x": [row[enc.x].earliest.isoformat() for row in rows], "y": [_row_label(row[enc.y[0]]) for row in rows],
            "customdata": [_when(chart, row) for row in rows],
            "marker": {"color": colour, "size": 13, "symbol": "diamond", "line": {"width": 1, "color": colour}},
            "hovertemplate": "<b>%{y}</b><br>%{customdata}<extra></extra>"}


def _day_after(value: PartialDate) -> dt.date:
    """The first day after the whole period a date names: a span ending '2025-01' runs to 1 Feb 2025."""
    year, month, day = value.sort_key
    if day:
        return value.earliest + dt.timedelta(days=1)
    if month:
        return dt.date(year + month // 12, month % 12 + 1, 1)
    return dt.date(year + 1, 1, 1)


def _annotations(chart: Chart) -> list[dict]:
    notes = []
    for note in chart.annotations:
        x, y = (note.y, note.x) if chart.horizontal else (note.x, note.y)
        y = _row_label(y) if chart.type == "timeline" else y
        notes.append({"x": x, "y": y, "text": note.text, "showarrow": True, "arrowhead": 0, "arrowwidth": 1,
                      "ax": 0 if not chart.horizontal else 40, "ay": -36 if not chart.horizontal else 0,
                      "xref": "x", "yref": "y", "font": {"size": 12}})
    return notes


BUILDERS = {"bar": _bars, "grouped-bar": _bars, "stacked-bar": _bars, "line": _lines, "scatter": _lines,
            "timeline": _timeline}
