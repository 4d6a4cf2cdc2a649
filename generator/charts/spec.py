"""The chart spec: `data/charts/<id>.yml`, validated like every other kind of record."""
from __future__ import annotations

import dataclasses
import re
from typing import Annotated, Iterator, Literal

from pydantic import BeforeValidator, Field, PrivateAttr, WithJsonSchema, model_validator
from pydantic_core import PydanticCustomError

from generator.facts import model
from generator.facts.model import IdList, Record, Strict, Text

# Named colours, each at least 3:1 against both the light and the dark page background (see figures.PALETTE).
COLOUR_NAMES = ("blue", "vermillion", "green", "pink", "gold", "violet")
CHART_TYPES = ("bar", "grouped-bar", "stacked-bar", "line", "scatter", "timeline")
COLUMN_RE = re.compile(r"^[a-z][a-z0-9_]*$")
CSV_NAME_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*\.csv$")
# Number formats both d3-format (in the browser) and Python's format() read the same way.
FORMAT_RE = re.compile(r"^\+?,?(?:\.\d)?[f%]$")


_column = model.text_matching(COLUMN_RE, "column", "'{value}' is not a column name: lowercase letters, digits "
                               "and underscores, starting with a letter, such as 'raised_usd_m'")


def _columns(value):
    """One column or a list of them; always a list afterwards."""
    return [value] if isinstance(value, str) else value


_csv_name = model.text_matching(CSV_NAME_RE, "csv_name", "'{value}' is not a CSV file beside the spec; write a "
                                 "file name such as 'hk-ai-ipos-2026.csv'")
_number_format = model.text_matching(FORMAT_RE, "number_format", "'{value}' is not a number format this site reads; "
                                     "use e.g. ',.0f' (thousands, no decimals), '.1f', '+.0f' or '.1%'")


def _chart_data(value):
    """Rows inline (a list of mappings; their cells are checked with the data) or the name of a CSV file."""
    if value is None or isinstance(value, str):
        return value if value is None else _csv_name(value)
    if isinstance(value, list) and all(isinstance(row, dict) for row in value):
        return value
    raise PydanticCustomError("chart_data", "expected a list of rows such as '- {company: Zhipu, raised: 558}', "
                              "or the name of a CSV file beside the spec")


Column = Annotated[str, BeforeValidator(_column)]
Columns = Annotated[list[Column], BeforeValidator(_columns), Field(min_length=1)]
DATA_SCHEMA = {"anyOf": [
    {"type": "array", "items": {"type": "object", "additionalProperties": {
        "type": ["string", "number", "boolean", "null"]}}},
    {"type": "string", "pattern": CSV_NAME_RE.pattern},
    {"type": "null"}]}


class Encoding(Strict):
    """Which column goes where: x, y, and optionally series, colour, end (timeline) and label."""

    x: Column = Field(description="Column along the x axis: categories, numbers or dates (a timeline's start).")
    y: Columns = Field(description="Column (or list of columns) along the y axis; a timeline's row labels.")
    series: Column | None = Field(None, description="Column whose values split rows into series (legend entries).")
    colour: Column | None = Field(None, description="Column whose values colour bars or points.")
    color: Column | None = Field(None, alias="color", description="American spelling of 'colour'.")
    end: Column | None = Field(None, description="Timeline only: column with the date a span ends.")
    label: Column | None = Field(None, description="Column with a text label for each point, shown on hover.")

    @model_validator(mode="after")
    def _one_colour(self):
        if self.colour and self.color:
            raise PydanticCustomError("colour", "give 'colour' or 'color', not both")
        return self

    @property
    def hue(self) -> str | None:
        """The colour column, whichever spelling was used."""
        return self.colour or self.color

    def fields(self) -> Iterator[tuple[tuple, str]]:
        """(loc inside the spec, column name) for every column the encoding uses."""
        for name in ("x", "series", "colour", "color", "end", "label"):
            value = getattr(self, name)
            if value:
                yield ("encoding", name), value
        for index, value in enumerate(self.y):
            yield ("encoding", "y", index) if len(self.y) > 1 else ("encoding", "y"), value


ColumnInfoZh = model.translation("ColumnInfo", "label", "unit", "prefix", "suffix")


class ColumnInfo(Strict):
    """How a column reads: its label, unit and number format."""

    label: Text | None = Field(None, description="Human name of the column, e.g. 'Money raised'.")
    unit: Text | None = Field(None, description="Unit shown in axis titles and table headers, e.g. 'US$ million'.")
    format: Annotated[str, BeforeValidator(_number_format)] | None = Field(
        None, description="Number format, d3 style: ',.0f', '.1f', '+.0f', '.1%'.")
    prefix: Text | None = Field(None, description="Written before each value, e.g. 'US$'.")
    suffix: Text | None = Field(None, description="Written after each value, e.g. '%' or 'bn'.")
    zh: ColumnInfoZh | None = model.zh_field(ColumnInfoZh)


AnnotationZh = model.translation("Annotation", "text")


class Annotation(Strict):
    """A note pinned to a point of the chart."""

    x: str | int | float = Field(description="Where along x: a category, number or date (YYYY-MM-DD).")
    y: str | int | float = Field(description="Where along y: a number, or a timeline's row label.")
    text: Text = Field(description="The note, a few words.")
    zh: AnnotationZh | None = model.zh_field(AnnotationZh)


ALT_LENGTH = 160


class ChartZh(model.translation("Chart", "title", "subtitle", "alt", "summary")):
    """Chinese translations of a chart's text, and of the words in its data (categories, legend entries)."""

    values: dict[Text, Text] = Field(default_factory=dict, description="Chinese for each text value of the data "
                                     "that the chart shows as a category, legend entry or label, e.g. "
                                     "'Zhipu: 智谱'.")


class Chart(Record):
    """A chart: a spec with its data inline or in a CSV file beside it."""

    title: Text = Field(description="What the chart shows, as a headline.")
    subtitle: Text | None = Field(None, description="One line under the title: scope, period, unit.")
    type: Literal[CHART_TYPES] = Field(description="Chart type: " + ", ".join(CHART_TYPES) + ".")
    data: Annotated[object, BeforeValidator(_chart_data), WithJsonSchema(DATA_SCHEMA)] = Field(
        None, description="Rows inline (a list of mappings), or the name of a CSV file in data/charts/.")
    csv: bool = Field(False, description="true: the data is in data/charts/<id>.csv beside this spec.")
    encoding: Encoding = Field(description="Which columns go on x, y, series and colour.")
    columns: dict[Column, ColumnInfo] = Field(default_factory=dict,
                                              description="Label, unit and number format of each column.")
    colours: dict[Text, Literal[COLOUR_NAMES]] = Field(
        default_factory=dict, description="Fixed colours for values of the colour or series column, e.g. "
        "'China: vermillion', so a country keeps its colour across charts: " + ", ".join(COLOUR_NAMES) + ".")
    panels: bool = Field(False, description="Bar and line charts: give each y column its own panel and axis.")
    horizontal: bool = Field(False, description="Bar charts: draw bars horizontally (long category names).")
    annotations: list[Annotation] = Field(default_factory=list, description="Notes pinned to points.")
    alt: Annotated[Text, Field(max_length=ALT_LENGTH)] = Field(
        description=f"The picture in one short sentence (at most {ALT_LENGTH} characters) for readers who cannot see "
        "it: the kind of chart and what it shows at a glance. Used as the alt text of every picture of the chart; "
        "say something the summary does not repeat word for word.")
    summary: Text = Field(description="What the chart shows, in a paragraph: read by screen readers and search.")
    companies: IdList = Field(default_factory=list, description="Ids of the companies the chart concerns.")
    events: IdList = Field(default_factory=list, description="Ids of the events the chart concerns.")
    models: IdList = Field(default_factory=list, description="Ids of the AI models the chart concerns.")
    zh: ChartZh | None = model.zh_field(ChartZh)

    @model_validator(mode="after")
    def _alt_is_not_the_summary(self):
        if " ".join(self.alt.split()) == " ".join(self.summary.split()):
            raise PydanticCustomError("alt", "alt repeats the summary: describe the picture in one short sentence")
        return self

    # The table read from the inline rows or the CSV file; set by generator.charts.data after validation.
    _table: object = PrivateAttr(default=None)

    @property
    def table(self):
        """The chart's data as a Table (generator.charts.data.Table)."""
        return self._table

    def in_language(self, language: str) -> "Chart":
        """The chart with its data's words in the language (its zh.values), fixed colours following them; called
        by generator.facts.translations.localized on the copy whose other fields it translated already."""
        block = getattr(self, language, None)
        if block is None or not block.values or self._table is None:
            return self
        words = block.values
        rows = [{column: words.get(value, value) if isinstance(value, str) else value
                 for column, value in row.items()} for row in self._table.rows]
        copy = self.model_copy(update={"colours": {words.get(value, value): colour
                                                   for value, colour in self.colours.items()}})
        copy._table = dataclasses.replace(self._table, rows=rows)
        return copy

    def info(self, column: str) -> ColumnInfo:
        """Label, unit and format of a column (empty when the spec says nothing about it)."""
        return self.columns.get(column) or ColumnInfo()

    def references(self) -> Iterator[tuple[tuple, str, str]]:
        """(loc, kind, id) of every record the chart concerns, for linking and back-references."""
        for field, kind in (("companies", "companies"), ("events", "events"), ("models", "models")):
            for index, target in enumerate(getattr(self, field)):
                yield (field, index), kind, target


def _register() -> None:
    model.KINDS["charts"] = Chart


_register()
