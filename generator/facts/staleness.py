"""Facts that know their age: which records were last checked against their sources too long ago."""
from __future__ import annotations

import datetime as dt

from generator.facts.link import Graph
from generator.facts.problems import Problem

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


def stale_report(problems: list[Problem], days: int) -> str:
    """The body of the weekly "Stale facts" issue: each record past its date, with file and line, oldest first."""
    lines = [f"# Stale facts", "", f"{len(problems)} records were last checked against their sources more than "
             f"{days} days ago. Re-read each one's sources, fix what changed and set `checked:` to the day you did "
             "(`python -m generator check --stale` lists them too).", ""]
    if problems:
        lines += ["| record | last checked |", "|---|---|"]
        lines += [f"| `{p.path}:{p.line}` | {p.message.split(',')[0].removeprefix('last checked ')} |"
                  for p in problems]
    return "\n".join(lines) + "\n"


def last_checked(graph: Graph) -> dt.date | None:
    """The most recent `checked` date of any record: when the facts as a whole were last verified."""
    dates = [entry.record.checked for by_id in graph.entries.values() for entry in by_id.values()]
    return max(dates, default=None)
