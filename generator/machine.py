"""Optional parts of the build: what each needs from the machine, and the one notice a build prints without it.

A missing optional part never fails a build: the site is built without what it adds, and one line on stderr (not
the MkDocs log, where a warning fails the strict build) says what is missing, what the site lacks and how to add it.
"""
from __future__ import annotations

import sys
from dataclasses import dataclass


@dataclass(frozen=True)
class Part:
    """Something the machine may lack: what it is, what the site goes without, and the command that installs it."""

    name: str
    lacks: str
    install: str


CHROMIUM = Part("Chromium (BROWSER_PATH, CHROME_PATH or Debian's /usr/bin/chromium)",
                "charts get no build-time picture and plotly.js draws them when a page loads",
                "apt-get install chromium")
CJK_FONT = Part("the font Noto Sans CJK (Debian's fonts-noto-cjk, or a folder in CJK_FONT_DIR)",
                "pages get no social card, so link previews show no picture",
                "apt-get install fonts-noto-cjk")
CAIRO = Part("the Cairo library (Debian's libcairo2)",
             "pages get no social card, so link previews show no picture",
             "apt-get install libcairo2")

_told: set[Part] = set()


class SetupError(Exception):
    """A required part of the set-up is missing (the pinned npm packages, the Python packages): the message says
    in one line what to run first."""


def notice(part: Part) -> None:
    """Say once per process that a part is missing, what the site lacks without it and how to install it."""
    if part in _told:
        return
    _told.add(part)
    print(f"notice: {part.name} is missing: {part.lacks}; to add it, run `{part.install}` (as root) or "
          "`make setup-system`", file=sys.stderr)
