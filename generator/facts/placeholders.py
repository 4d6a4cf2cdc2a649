"""Placeholders that `python -m generator new` writes into a template: `check` points at every one left."""
from __future__ import annotations

MARKER = "TODO"


def is_placeholder(value) -> bool:
    """True for a template value still waiting for the fact ('TODO: ...')."""
    return isinstance(value, str) and value.lstrip().startswith(MARKER)


def placeholders_in(data, loc: tuple = ()) -> list[tuple[tuple, str]]:
    """(loc, what to write there) for every placeholder in a record's raw values, in file order."""
    if isinstance(data, dict):
        return [found for key, value in data.items() for found in placeholders_in(value, loc + (key,))]
    if isinstance(data, list):
        return [found for index, value in enumerate(data) for found in placeholders_in(value, loc + (index,))]
    if is_placeholder(data):
        return [(loc, data.lstrip()[len(MARKER):].lstrip(":").strip() or "the value")]
    return []
