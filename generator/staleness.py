"""Facts that know their age: which records were last checked against their sources too long ago."""
from __future__ import annotations

import datetime as dt

from generator.link import Graph
from generator.problems import Problem

STALE_DAYS = 90


def stale_records(graph: Graph, days: int = STALE_DAYS, today: dt.date | None = None) -> list[Problem]:
    """A 'stale' notice at the `checked` line of every record checked more than days before today, oldest first."""
    today = today or dt.date.today()
    found = []
    for by_id in graph.entries.values():
        for entry in by_id.values():
            age = (today - entry.record.checked).days
            if age > days:
                found.append((entry.record.checked, entry.locate(("checked",), _message(entry, age), "stale")))
    return [problem for _, problem in sorted(found)]


def _message(entry, age: int) -> str:
    return (f"last checked {entry.record.checked.isoformat()}, {age} days ago: re-read its sources, fix what "
            "changed and set 'checked' to today")


def last_checked(graph: Graph) -> dt.date | None:
    """The most recent `checked` date of any record: when the facts as a whole were last verified."""
    dates = [entry.record.checked for by_id in graph.entries.values() for entry in by_id.values()]
    return max(dates, default=None)
