"""Located problems in data files: the one shape every stage reports its errors and warnings in."""
from __future__ import annotations

import difflib
from dataclasses import dataclass
from typing import Iterable


@dataclass(frozen=True, order=True)
class Problem:
    """One error or warning at a file, line and column (1-based)."""

    path: str
    line: int
    col: int
    message: str
    severity: str = "error"

    @property
    def is_error(self) -> bool:
        """True for errors, False for warnings."""
        return self.severity == "error"

    def as_text(self) -> str:
        """The compiler-style line contributors and editors understand."""
        return f"{self.path}:{self.line}:{self.col}: {self.severity}: {self.message}"

    def as_github(self) -> str:
        """A GitHub Actions workflow command, shown as an annotation on the pull request's diff."""
        kind = {"error": "error", "stale": "notice"}.get(self.severity, "warning")
        message = self.message.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
        return f"::{kind} file={self.path},line={self.line},col={self.col}::{message}"


class DataError(Exception):
    """Raised when data files have errors; carries every problem found, not just the first."""

    def __init__(self, problems: Iterable[Problem]):
        self.problems = sorted(problems)
        super().__init__("\n".join(p.as_text() for p in self.problems))


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """A ' (did you mean 'x'?)' suffix for the closest choice, or '' when nothing is close."""
    close = difflib.get_close_matches(str(word), sorted(set(choices)), n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else ""
