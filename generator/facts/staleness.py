"""Facts that know their age: which records were last checked against their sources too long ago."""
from __future__ import annotations

import datetime as dt

from generator.facts.link import Graph
from generator.facts.problems import Problem
from generator.facts.validate import Entry

STALE_DAYS = 90


def stale_entries(graph: Graph, days: int = STALE_DAYS, today: dt.date | None = None) -> list[Entry]:
    """Every record checked more than days before today, oldest first (ties by file)."""
    today = today or dt.date.today()
    old = [entry for by_id in graph.entries.values() for entry in by_id.values()
           if (today - entry.record.checked).days > days]
    return sorted(old, key=lambda entry: (entry.record.checked, entry.path))


def stale_notice(entry: Entry, today: dt.date | None = None) -> Problem:
    """A 'stale' notice at the record's `checked` line, saying how old the check is and what to do."""
    checked = entry.record.checked
    age = ((today or dt.date.today()) - checked).days
    return entry.locate(("checked",), f"last checked {checked.isoformat()}, {age} days ago: re-read its sources, "
                        "fix what changed and set 'checked' to today", "stale")


def stale_report(entries: list[Entry], days: int) -> str:
    """The body of the weekly "Stale facts" issue: each record past its date, with file and line, oldest first."""
    lines = ["# Stale facts", "", f"{len(entries)} records were last checked against their sources more than "
             f"{days} days ago. Re-read each one's sources, fix what changed and set `checked:` to the day you did "
             "(`python -m generator check --stale` lists them too).", ""]
    if entries:
        lines += ["| record | last checked |", "|---|---|"]
        lines += [f"| `{entry.path}:{entry.raw.mark(('checked',))[0]}` | {entry.record.checked.isoformat()} |"
                  for entry in entries]
    return "\n".join(lines) + "\n"
