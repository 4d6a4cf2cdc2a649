"""The site serves its data: `data/<kind>.json` (every record, with its id and page URL) and `data/<kind>.csv`.

JSON keeps the records' structure exactly as validated (dates as ISO strings). CSV has one row per record and one
column per field in the model's order (nested objects as `listing.exchange`, lists of plain values joined with
'; ', lists of objects such as sources as JSON text), so a spreadsheet opens it directly. A text cell that starts
with = + - @ gets a leading apostrophe: spreadsheets would otherwise run it as a formula (CSV injection).
"""
from __future__ import annotations

import csv
import io
import json

from pydantic import BaseModel

from generator.facts.link import Graph
from generator.facts.model import KINDS, Record
from generator.pages.render import page_url

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _json_lines(rows: list[dict]) -> str:
    """A JSON array with one record a line: readable in a diff, and written by json's C encoder (indent= makes
    json fall back to pure Python, a quarter of a 1,000-record rebuild)."""
    if not rows:
        return "[]\n"
    return "[\n" + ",\n".join(json.dumps(row, ensure_ascii=False) for row in rows) + "\n]\n"


def data_files(graph: Graph, site_url: str = "", kinds: list[str] | None = None) -> dict[str, str]:
    """{'data/<kind>.json': text, 'data/<kind>.csv': text} for every kind, records in id order."""
    files = {}
    for kind in kinds or sorted(KINDS):
        rows = [record_row(graph, kind, entry, site_url) for entry in graph.all(kind)]
        files[f"data/{kind}.json"] = _json_lines(rows)
        files[f"data/{kind}.csv"] = _csv(KINDS[kind], rows)
    return files


def record_row(graph: Graph, kind: str, entry, site_url: str = "") -> dict:
    """One record as JSON-ready data: id, page path and URL first, then every field by its YAML name."""
    path = page_url(kind, entry.id)
    url = site_url.rstrip("/") + "/" + path if site_url else path
    fields = entry.record.model_dump(mode="json", by_alias=True)
    ordered = {key: fields[key] for key in _field_order(type(entry.record))}
    return {"id": entry.id, "path": path, "url": url, **ordered}


def _field_order(model: type[BaseModel]) -> list[str]:
    """The kind's own fields first, then the shared ones (tags, disputes, sources) that would bury them."""
    shared = list(Record.model_fields)
    names = [name for name in model.model_fields if name not in shared] + shared[::-1]
    return [model.model_fields[name].alias or name for name in names]


def _csv(model: type[BaseModel], rows: list[dict]) -> str:
    columns = ["id", "path", "url", *_columns(model)]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(columns)
    for row in rows:
        flat = _flatten(row)
        writer.writerow([_cell(flat.get(column)) for column in columns])
    return out.getvalue()


def _columns(model: type[BaseModel], prefix: str = "") -> list[str]:
    """Column names in field order, nested single objects spelled out ('listing.exchange')."""
    columns = []
    aliases = {info.alias or name: info for name, info in model.model_fields.items()}
    order = _field_order(model) if issubclass(model, Record) else list(aliases)
    for alias in order:
        info = aliases[alias]
        key = prefix + alias
        nested = _single_model(info.annotation)
        columns.extend(_columns(nested, key + ".") if nested else [key])
    return columns


def _single_model(annotation) -> type[BaseModel] | None:
    """The model class of a field holding one nested object (possibly optional), else None."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    if getattr(annotation, "__origin__", None) in (list, dict):
        return None
    for arg in getattr(annotation, "__args__", ()):
        found = _single_model(arg)
        if found:
            return found
    return None


def _flatten(row: dict, prefix: str = "") -> dict:
    flat = {}
    for key, value in row.items():
        if isinstance(value, dict):
            flat.update(_flatten(value, prefix + key + "."))
        else:
            flat[prefix + key] = value
    return flat


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return json.dumps(value)
    if isinstance(value, list):
        if all(isinstance(item, (str, int, float)) for item in value):
            return _guard("; ".join(str(item) for item in value))
        return json.dumps(value, ensure_ascii=False)
    return _guard(str(value))


def _guard(text: str) -> str:
    """Prefix text a spreadsheet would run as a formula with an apostrophe."""
    return "'" + text if text.startswith(FORMULA_START) else text
