"""HTML validity of every page, by the Nu Html Checker (vnu-jar from npm) on the machine's Java."""
from __future__ import annotations

import json
import re
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from audit import HERE, ROOT

VNU_JAR = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
THEME_ERRORS = HERE / "theme-errors.yml"


@dataclass
class MarkupResult:
    """Errors in our markup (they fail), errors known to come from the theme (listed with a reason), warnings."""

    files: int = 0
    errors: list[dict] = field(default_factory=list)
    theme_errors: list[dict] = field(default_factory=list)
    warnings: int = 0

    @property
    def ok(self) -> bool:
        """True when the only errors are the theme's own, each listed with its reason."""
        return not self.errors


def load_theme_errors(path: Path = THEME_ERRORS) -> list[dict]:
    """The allowlist: each entry has `message` and `extract` regexes and the `reason` it is not ours to fix."""
    entries = yaml.safe_load(path.read_text(encoding="utf-8")) or []
    for entry in entries:
        missing = {"message", "extract", "reason"} - set(entry)
        if missing:
            raise ValueError(f"{path}: entry {entry!r} lacks {', '.join(sorted(missing))}")
    return entries


def check_markup(site: Path, allow: list[dict] | None = None) -> MarkupResult:
    """Validate every HTML file under site; sort errors into ours and the theme's."""
    allow = load_theme_errors() if allow is None else allow
    files = sorted(site.rglob("*.html"))
    result = MarkupResult(files=len(files))
    for message in _run_vnu(site) if files else []:
        if message.get("type") != "error":
            result.warnings += 1
            continue
        error = _summary(message, site)
        reason = _theme_reason(message, allow)
        if reason:
            result.theme_errors.append({**error, "reason": reason})
        else:
            result.errors.append(error)
    return result


def _run_vnu(site: Path) -> list[dict]:
    java = shutil.which("java") or "java"
    # One JVM for all files; vnu prints its JSON report on stderr and exits 1 when it found errors.
    command = [java, "-Xss4m", "-jar", str(VNU_JAR), "--format", "json", "--exit-zero-always", "--skip-non-html",
               str(site.resolve())]
    done = subprocess.run(command, capture_output=True, text=True, timeout=1800)
    try:
        return json.loads(done.stderr or done.stdout)["messages"]
    except (json.JSONDecodeError, KeyError):
        raise RuntimeError(f"vnu failed ({done.returncode}): {(done.stderr or done.stdout)[-2000:]}") from None


def _summary(message: dict, site: Path) -> dict:
    url = message.get("url", "")
    path = url.removeprefix("file:")
    try:
        path = Path(path).relative_to(site.resolve()).as_posix()
    except ValueError:
        pass
    return {"file": path, "line": message.get("lastLine"), "message": message.get("message", ""),
            "extract": (message.get("extract") or "").strip()}


def _theme_reason(message: dict, allow: list[dict]) -> str | None:
    for entry in allow:
        if re.search(entry["message"], message.get("message", "")) and re.search(
                entry["extract"], message.get("extract") or ""):
            return entry["reason"]
    return None
