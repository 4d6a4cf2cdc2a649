"""Stage 3b, excerpts: every figure and quote is stated in its source's own words, or computed from figures that are.

`check_excerpts(graph)` returns located problems: a record with no excerpt at all, a figure source without one, a
figure whose value no excerpt states (naming the numbers they do state), a derived figure that does not compute,
and a quote (or one of its renderings) found in no excerpt of its sources.
"""
from __future__ import annotations

import re
import unicodedata
from typing import Iterator

from generator.facts.link import Graph
from generator.facts.model import Figure, Quote, Source
from generator.facts.numbers import Quantity, describe, figure_quantity, read_numbers
from generator.facts.problems import Problem
from generator.facts.validate import Entry


def check_excerpts(graph: Graph) -> list[Problem]:
    """Every excerpt rule over every record of the graph."""
    problems: list[Problem] = []
    for by_id in graph.entries.values():
        for entry in by_id.values():
            problems += record_problems(entry, graph)
    return problems


def record_problems(entry: Entry, graph: Graph) -> list[Problem]:
    """The excerpt rules for one record: its own excerpt, its figures, its quote."""
    record = entry.record
    problems = [] if any(source.excerpt for source in record.sources) else [_no_excerpt(entry)]
    for index, figure in enumerate(getattr(record, "figures", None) or []):
        problems += figure_problems(entry, ("figures", index), figure, graph)
    if isinstance(record, Quote):
        problems += quote_problems(entry)
    if entry.kind == "charts":
        problems += chart_problems(entry)
    return problems


def _no_excerpt(entry: Entry) -> Problem:
    return entry.locate(("sources",), "no source carries an excerpt: copy the sentence(s) of a source that state "
                        "this record's claims (dates, names, numbers) into its 'excerpt', verbatim")


# Figures

def figure_problems(entry: Entry, loc: tuple, figure: Figure, graph: Graph) -> list[Problem]:
    """A figure's value is in one of its sources' excerpts, or, when derived, is what its formula computes."""
    if figure.derived:
        return derived_problems(entry, loc, figure, graph)
    own = bool(figure.sources)
    sources = figure.sources or entry.record.sources
    missing = [entry.locate(loc + ("sources", i), f"source of figure '{figure.id}' has no excerpt: copy the "
                            "sentence that states the figure into 'excerpt', verbatim")
               for i, source in enumerate(figure.sources) if not source.excerpt]
    if missing or stated_in(figure, sources):
        return missing
    return [entry.locate(loc + ("value",), _unstated(figure, sources, own))]


def stated_in(figure: Figure, sources: list[Source]) -> bool:
    """True when an excerpt of one of the sources states the figure's value, in its unit and currency."""
    return _states(figure_quantity(figure.value, figure.unit, figure.currency), sources, figure.approximate)


def _states(wanted: Quantity, sources: list[Source], approximate: bool) -> bool:
    return any(wanted.matches(stated, approximate) for stated in _stated(sources))


def _stated(sources: list[Source]) -> Iterator[Quantity]:
    for source in sources:
        for text in (source.excerpt, source.excerpt_en):
            if text:
                yield from read_numbers(text)


def backing_sources(figure: Figure, entry: Entry, graph: Graph) -> list[Source]:
    """The sources a reader should see for a figure: its own, else the record's that state it, else the inputs'."""
    if figure.derived:
        inputs = [_located_figure(entry, ref, graph) for ref in figure.derived.of]
        return [s for found in inputs if found for s in backing_sources(found[1], found[0], graph)] or \
            entry.record.sources[:1]
    if figure.sources:
        return list(figure.sources)
    return [s for s in entry.record.sources if stated_in(figure, [s])] or entry.record.sources[:1]


def _unstated(figure: Figure, sources: list[Source], own: bool) -> str:
    whose = "its own sources" if own else "the record's sources"
    amount = f"{figure.value:g} {figure.unit}" + (f" {figure.currency}" if figure.currency else "")
    return (f"figure '{figure.id}' ({amount}{', approximate' if figure.approximate else ''}) is stated in no "
            f"excerpt of {whose}; they state: {describe(list(_stated(sources)))}. Quote the sentence that states "
            "it, mark it 'approximate: true' if the source rounds it, or give 'derived' if it is computed")


def derived_problems(entry: Entry, loc: tuple, figure: Figure, graph: Graph) -> list[Problem]:
    """A derived figure's inputs exist and its formula gives its value at the precision it is written."""
    inputs, problems = [], []
    for index, ref in enumerate(figure.derived.of):
        found = resolve_figure(entry, ref, graph)
        if found is None:
            problems.append(entry.locate(loc + ("derived", "of", index), f"figure '{ref}' not found: name a "
                                         "figure id of this record or '<event id>/<figure id>'"))
        else:
            inputs.append(found)
    if problems:
        return problems
    computed = compute(figure.derived.formula, inputs, figure.unit)
    if computed is None or not _agrees(figure, computed):
        shown = "cannot be computed (division by zero)" if computed is None else f"computes to {computed:.6g}"
        return [entry.locate(loc + ("value",), f"derived figure '{figure.id}' is {figure.value:g}, but "
                             f"{figure.derived.formula} of {', '.join(figure.derived.of)} {shown}")]
    return []


def resolve_figure(entry: Entry, ref: str, graph: Graph) -> Figure | None:
    """The figure a reference names: 'raised-hkd' in the same record, 'zhipu-ipo/raised-hkd' in an event."""
    found = _located_figure(entry, ref, graph)
    return found[1] if found else None


def _located_figure(entry: Entry, ref: str, graph: Graph) -> tuple[Entry, Figure] | None:
    """The record that holds the figure a reference names, and the figure."""
    record_id, _, figure_id = ref.rpartition("/")
    owner = entry if not record_id else graph.entries.get("events", {}).get(record_id)
    figures = getattr(owner.record, "figures", None) or [] if owner else []
    figure = next((figure for figure in figures if figure.id == figure_id), None)
    return (owner, figure) if figure else None


def compute(formula: str, figures: list[Figure], unit: str) -> float | None:
    """The formula over the figures' values in base units, given back in the derived figure's unit."""
    values = [figure_quantity(f.value, f.unit, f.currency).value for f in figures]
    scale = figure_quantity(1, unit).value
    if formula in ("ratio", "percent-change") and (len(values) != 2 or values[1] == 0):
        return None
    if formula == "ratio":
        return values[0] / values[1] * (100 if figure_quantity(1, unit).kind == "percent" else 1)
    if formula == "percent-change":
        return (values[0] - values[1]) / values[1] * 100
    return _fold(formula, values) / scale


def _fold(formula: str, values: list[float]) -> float:
    total = values[0]
    for value in values[1:]:
        total = total + value if formula == "sum" else total - value if formula == "difference" else total * value
    return total


def _agrees(figure: Figure, computed: float) -> bool:
    """The computed value, rounded to the figure's written precision, is the figure (or near it, if approximate)."""
    wanted = figure_quantity(figure.value, "")
    return wanted.matches(Quantity(computed, 0.0), approximate=True)


# Charts

SOURCE_COLUMN = "source"


def chart_problems(entry: Entry) -> list[Problem]:
    """With a `source` column, each row names the chart's sources that state its numbers, and their excerpts do."""
    chart, table = entry.record, entry.record.table
    if table is None or SOURCE_COLUMN not in table.columns:
        return []
    columns = [c for c in chart.encoding.y if table.kinds.get(c) == "number"]
    problems: list[Problem] = []
    for index, row in enumerate(table.rows):
        sources, problem = _row_sources(chart, table, index, row.get(SOURCE_COLUMN))
        problems += [problem] if problem else [table.locate(index, c, _unstated_cell(chart, c, row[c], sources))
                                               for c in columns if not _cell_stated(chart, c, row[c], sources)]
    return problems


def _row_sources(chart, table, index: int, cell) -> tuple[list[Source], Problem | None]:
    numbers = [part.strip() for part in str(cell if cell is not None else "").replace(",", ";").split(";")]
    if not all(n.isdigit() and 1 <= int(n) <= len(chart.sources) for n in numbers):
        return [], table.locate(index, SOURCE_COLUMN, f"'{cell}' is not a source of this chart: give the number of "
                                f"an entry of its 'sources' (1 to {len(chart.sources)}), several as '1;2'")
    sources = [chart.sources[int(n) - 1] for n in numbers]
    bare = [n for n, s in zip(numbers, sources) if not s.excerpt]
    if bare:
        return [], table.locate(index, SOURCE_COLUMN, f"source {bare[0]} of the chart has no excerpt: copy the "
                                "sentence that states this row's numbers into its 'excerpt'")
    return sources, None


def _column_unit(chart, column: str) -> str:
    info = chart.info(column)
    return " ".join(part for part in (info.unit, info.prefix, info.suffix) if part)


def _cell_stated(chart, column: str, value, sources: list[Source]) -> bool:
    if value is None:
        return True
    # Chart points are rounded for display as often as not: a number either way of the rounding states it.
    return _states(figure_quantity(float(value), _column_unit(chart, column)), sources, approximate=True)


def _unstated_cell(chart, column: str, value, sources: list[Source]) -> str:
    return (f"{column} {value:g} ({_column_unit(chart, column) or 'no unit'}) is stated in no excerpt of this "
            f"row's sources; they state: {describe(list(_stated(sources)))}")


# Quotes

def quote_problems(entry: Entry) -> list[Problem]:
    """The quote's text, its original words and each rendering are found in an excerpt of their sources."""
    quote: Quote = entry.record
    problems = [entry.locate(("sources", i), "source of a quote has no excerpt: copy the passage that prints the "
                             "words into 'excerpt', verbatim") for i, s in enumerate(quote.sources) if not s.excerpt]
    if problems:
        return problems
    for field, words in (("text", quote.text), ("original", quote.original)):
        if words and not printed_in(words, quote.sources):
            problems.append(entry.locate((field,), f"quote {field} is in no excerpt of its sources: the words must "
                                         "be printed there verbatim (add the passage that prints them)"))
    for index, rendering in enumerate(quote.renderings):
        if not printed_in(rendering.text, rendering.sources):
            problems.append(entry.locate(("renderings", index, "text"), f"rendering by {rendering.by} is in no "
                                         "excerpt of its sources: copy the passage that prints it"))
    return problems


def printed_in(words: str, sources: list[Source]) -> bool:
    """True when one of the sources' excerpts (or their English renderings) prints the words: each sentence of
    them, in order (reporters put 'he said' between a speaker's sentences)."""
    sentences = [comparable(part) for part in SENTENCE_END.split(words)]
    sentences = [part for part in sentences if part]
    return any(_in_order(sentences, comparable(text)) for s in sources for text in (s.excerpt, s.excerpt_en) if text)


SENTENCE_END = re.compile(r"(?<=[.!?。！？])\s*")


def _in_order(sentences: list[str], text: str) -> bool:
    at = 0
    for sentence in sentences:
        found = text.find(sentence, at)
        if found < 0:
            return False
        at = found + len(sentence)
    return True


_PUNCTUATION = re.compile(r"[^\w\s']+")


def comparable(text: str) -> str:
    """Text reduced to its words: width, case, quote marks, dashes and spacing don't decide whether words match."""
    flat = unicodedata.normalize("NFKC", text).casefold().replace("’", "'").replace("‘", "'")
    # Chinese is written without spaces, so spacing is dropped altogether rather than compared.
    return "".join(_PUNCTUATION.sub(" ", flat).split())
