"""Stage 2, validate: turn raw mappings into typed records, mapping every schema error back to its line."""
from __future__ import annotations

import re

from dataclasses import dataclass

from pydantic import BaseModel, ValidationError

from generator.facts.load import Ambiguous, RawRecord
from generator.facts.model import Company, KINDS, Person, Record, Source
from generator.facts.placeholders import placeholders_in
from generator.facts.problems import Problem, did_you_mean


@dataclass
class Entry:
    """A validated record with its kind, id, file and the marks to locate its values."""

    kind: str
    id: str
    record: Record
    raw: RawRecord

    @property
    def path(self) -> str:
        """The file the record came from, relative to the project root."""
        return self.raw.path

    def locate(self, loc: tuple, message: str, severity: str = "error") -> Problem:
        """A problem pointing at the value at loc inside this record's file."""
        line, col = self.raw.mark(loc)
        return Problem(self.path, line, col, message, severity)


def validate(raws: list[RawRecord]) -> tuple[list[Entry], list[Problem]]:
    """Validate every raw record against its kind's model; collect all problems, never stop at the first."""
    entries, problems = [], []
    for raw in raws:
        placeholders = _placeholders(raw)
        problems.extend(placeholders)
        try:
            record = KINDS[raw.kind].model_validate(raw.data)
        except ValidationError as error:
            # A placeholder's own message says what to write; the schema error at the same spot would only repeat it.
            marked = {(p.line, p.col) for p in placeholders}
            problems.extend(p for p in _located(error, raw) if (p.line, p.col) not in marked)
            continue
        if placeholders:  # a template still being filled in is not a record yet, even where its values validate
            continue
        entry = Entry(raw.kind, raw.id, record, raw)
        entries.append(entry)
        problems.extend(warnings_for(entry))
    return entries, problems


def _placeholders(raw: RawRecord) -> list[Problem]:
    """One located error per 'TODO: ...' left from `python -m generator new`, saying what belongs there."""
    return [Problem(raw.path, *raw.mark(loc), f"placeholder left in field '{_dotted(loc)}': {what}")
            for loc, what in placeholders_in(raw.data)]


def _located(error: ValidationError, raw: RawRecord) -> list[Problem]:
    seen, problems = set(), []
    for detail in error.errors(include_url=False):
        loc = _data_loc(detail["loc"])
        message = _message(detail, raw, loc)
        line, col = raw.mark(loc, prefer_key=detail["type"] == "extra_forbidden")
        problem = Problem(raw.path, line, col, message)
        if (line, col, message) not in seen:
            seen.add((line, col, message))
            problems.append(problem)
    return problems


# 'function-after[...]', 'tagged-union[...]': a name before the bracket, so keys such as '[' or '[]' stay.
VALIDATOR_STEP = re.compile(r"[a-z][a-z-]*\[.*\]", re.S)


def _data_loc(loc: tuple) -> tuple:
    """Pydantic adds validator names ('function-after[...]') to loc; keep only keys and indexes from the data."""
    return tuple(part for part in loc if isinstance(part, int) or not VALIDATOR_STEP.fullmatch(str(part)))


def _message(detail: dict, raw: RawRecord, loc: tuple) -> str:
    value = detail.get("input")
    if isinstance(value, Ambiguous):
        return value.hint
    kind = detail["type"]
    field = _dotted(loc)
    if kind == "missing":
        return f"missing required field '{loc[-1]}'" + MISSING_HINTS.get(str(loc[-1]), "")
    if kind == "extra_forbidden":
        return f"unknown field '{loc[-1]}'" + did_you_mean(loc[-1], _allowed_fields(raw, loc[:-1]))
    if kind == "literal_error":
        expected = detail["ctx"]["expected"].replace("'", "")
        choices = [c.strip() for c in expected.replace(" or ", ", ").split(",")]
        return f"{field}: '{value}' is not one of: {', '.join(choices)}" + did_you_mean(value, choices)
    if kind in ("float_type", "float_parsing", "int_type", "int_parsing"):
        return f"{field}: expected a number, got '{value}'"
    if kind in ("bool_type", "bool_parsing"):
        return f"{field}: expected true or false, got '{value}'"
    if kind in ("list_type", "model_type", "dict_type", "model_attributes_type"):
        what = "a list" if kind == "list_type" else "a mapping of fields"
        return f"{field}: expected {what}, got {_shape(value)}"
    if kind == "too_short":
        return f"{field}: needs at least one entry"
    return f"{field}: {detail['msg']}"


MISSING_HINTS = {"checked": ": add 'checked: YYYY-MM-DD', the day you last verified the record against its sources"}


def _dotted(loc: tuple) -> str:
    """('sources', 0, 'url') as 'sources[0].url', the way a contributor reads the file."""
    text = ""
    for part in loc:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text or "record"


def _shape(value) -> str:
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return f"'{value}'"


def _allowed_fields(raw: RawRecord, parent: tuple) -> list[str]:
    model = _model_at(KINDS[raw.kind], parent)
    if model is None:
        return []
    return [info.alias or name for name, info in model.model_fields.items()]


def _model_at(model: type[BaseModel], loc: tuple) -> type[BaseModel] | None:
    """Follow loc through nested models and lists to the model that holds the last key."""
    for part in loc:
        if isinstance(part, int):
            continue
        field = model.model_fields.get(part) or next(
            (f for f in model.model_fields.values() if f.alias == part), None)
        if field is None:
            return None
        model = _inner_model(field.annotation)
        if model is None:
            return None
    return model


def _inner_model(annotation) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()):
        found = _inner_model(arg)
        if found:
            return found
    return None


def warnings_for(entry: Entry) -> list[Problem]:
    """Gaps that do not break the site but a good record fills: they fail the build only under --strict."""
    found = []
    record = entry.record
    if isinstance(record, (Company, Person)) and not record.name_zh:
        found.append(entry.locate(("name",), "no name_zh: add the name in Chinese characters if it has one",
                                  "warning"))
    for index, source in enumerate(record.sources):
        found.extend(_source_warnings(entry, ("sources", index), source))
    return found


def _source_warnings(entry: Entry, loc: tuple, source: Source) -> list[Problem]:
    if source.published and source.published > source.accessed:
        return [entry.locate(loc + ("published",), "published after the date it was accessed", "warning")]
    return []
