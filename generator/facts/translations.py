"""Translations beside the English: every translatable object may carry a `zh:` block with its fields in Chinese
and, in `made_from`, a short hash of the English each was made from.

`check` warns where a translation is missing and where the English changed after it was translated (its hash no
longer matches); `check --strict` fails on both. `localized(graph, "zh")` is the graph the Chinese edition renders:
each translated field replaced by its translation, each untranslated one marked Untranslated so pages show it as
English (lang="en") instead of passing it off as Chinese.
"""
from __future__ import annotations

import hashlib
import typing
from dataclasses import replace
from typing import Iterator

from pydantic import BaseModel

from generator.facts.link import Graph
from generator.facts.problems import Problem
from generator.facts.validate import Entry

# Fields a translation sits beside but never replaces: a quote's words stay verbatim, its translation is shown apart.
VERBATIM = {("Quote", "text")}
STAMP_COMMAND = "python -m generator translations stamp"


class Untranslated(str):
    """English text shown on a page of another edition because its translation is missing."""


def english_hash(text: str) -> str:
    """The short hash of an English text that a translation records as made_from (whitespace-insensitive)."""
    return hashlib.sha256(" ".join(text.split()).encode("utf-8")).hexdigest()[:8]


def block_class(model: type[BaseModel], language: str = "zh") -> type[BaseModel] | None:
    """The translation block model of a model's `zh` field, or None when it has none."""
    field = model.model_fields.get(language)
    if field is None:
        return None
    return next(arg for arg in typing.get_args(field.annotation) if arg is not type(None))


def translatable_objects(obj: object, loc: tuple = ()) -> Iterator[tuple[tuple, BaseModel]]:
    """(location in the file, object) for every object inside obj that takes a translation block."""
    if isinstance(obj, BaseModel):
        if block_class(type(obj)) is not None:
            yield loc, obj
        for name, field in type(obj).model_fields.items():
            if name not in ("zh",):
                yield from translatable_objects(getattr(obj, name), loc + (field.alias or name,))
    elif isinstance(obj, (list, tuple)):
        for index, item in enumerate(obj):
            yield from translatable_objects(item, loc + (index,))
    elif isinstance(obj, dict):
        for key, item in obj.items():
            yield from translatable_objects(item, loc + (key,))


def wanted(obj: BaseModel, name: str) -> bool:
    """True when the field has English text that the Chinese edition needs translated."""
    english = getattr(obj, name)
    if not isinstance(english, str):
        return False
    if type(obj).__name__ == "Quote" and name == "text":
        # Words spoken in Chinese are shown in the original when it is published; otherwise translated.
        return not (obj.original or _chinese(english))
    return not _chinese(english)


def _chinese(text: str) -> bool:
    """Written in Chinese: a Chinese character stands for a word, so three Latin letters weigh as much as one
    (智谱AI and DeepSeek发布V4 are Chinese; an English note naming 澎湃新聞 is not)."""
    characters = sum("\u3400" <= char <= "\u9fff" for char in text)
    letters = sum(char.isascii() and char.isalpha() for char in text)
    return characters > 0 and characters * 3 >= letters


def translation_problems(entry: Entry, language: str = "zh") -> list[Problem]:
    """Located warnings for every missing, unstamped or stale translation in a record."""
    found = []
    for loc, obj in translatable_objects(entry.record):
        block = getattr(obj, language)
        for name in block_class(type(obj)).translated_fields:
            if wanted(obj, name):
                found.extend(_field_problems(entry, loc, obj, block, name, language))
    return found


def _field_problems(entry: Entry, loc: tuple, obj, block, name: str, language: str) -> list[Problem]:
    translated = getattr(block, name) if block is not None else None
    if translated is None:
        return [entry.locate(loc + (name,), f"no Chinese translation of '{name}': add it as {language}.{name} "
                             f"beside it, then run `{STAMP_COMMAND} {entry.path}`", "warning")]
    made_from = block.made_from.get(name)
    if made_from is None:
        return [entry.locate(loc + (language, name), f"{language}.{name} does not record the English it was "
                             f"made from: run `{STAMP_COMMAND} {entry.path}`", "warning")]
    if made_from != english_hash(getattr(obj, name)):
        return [entry.locate(loc + (language, name), f"the English '{name}' changed after {language}.{name} was "
                             f"translated from it: update the translation, then run `{STAMP_COMMAND} --update "
                             f"{entry.path}`", "warning")]
    return []


def outdated(entry: Entry, language: str = "zh") -> list[str]:
    """Dotted names of the fields whose translation no longer matches their English, e.g. 'sources[2].note'."""
    names = []
    for loc, obj in translatable_objects(entry.record):
        block = getattr(obj, language)
        for name in block_class(type(obj)).translated_fields:
            recorded = block.made_from.get(name) if block is not None and getattr(block, name) else None
            if recorded and wanted(obj, name) and recorded != english_hash(getattr(obj, name)):
                names.append(dotted(loc + (name,)))
    return names


def dotted(loc: tuple) -> str:
    """('sources', 2, 'note') -> 'sources[2].note'."""
    text = ""
    for part in loc:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


def localized_record(obj, language: str = "zh"):
    """A copy of a record (or any value inside one) with every translated field in the language."""
    if isinstance(obj, BaseModel):
        copy = obj.model_copy(update=_localized_fields(obj, language))
        # A record with words outside its fields (a chart's data table) puts them in the language itself.
        return copy.in_language(language) if hasattr(copy, "in_language") else copy
    if isinstance(obj, list):
        return [localized_record(item, language) for item in obj]
    if isinstance(obj, dict):
        return {key: localized_record(item, language) for key, item in obj.items()}
    return obj


def _localized_fields(obj: BaseModel, language: str) -> dict:
    update = {name: localized_record(getattr(obj, name), language) for name, value in obj
              if isinstance(value, (BaseModel, list, dict)) and name != language}
    block_model = block_class(type(obj), language)
    if block_model is None:
        return update
    block = getattr(obj, language)
    for name in block_model.translated_fields:
        english = getattr(obj, name)
        if english is None or (type(obj).__name__, name) in VERBATIM:
            continue
        translated = getattr(block, name) if block is not None else None
        update[name] = translated if translated is not None else \
            (english if _chinese(english) else Untranslated(english))
    return update


def localized(graph: Graph, language: str = "zh") -> Graph:
    """The graph with every record in the language, references and back-references unchanged."""
    if graph.language == language:
        return graph
    entries = {kind: {id: replace(entry, record=localized_record(entry.record, language))
                      for id, entry in by_id.items()} for kind, by_id in graph.entries.items()}
    return Graph(entries=entries, backrefs=graph.backrefs, language=language)
