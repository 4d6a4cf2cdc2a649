"""Internal links and anchors of the whole served site, checked offline by LinkChecker."""
from __future__ import annotations

import csv
import io
import os
import re
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

# AnchorCheck makes LinkChecker warn on `page/#missing`; anchors are not checked without it.
CONFIG = """\
[filtering]
checkextern=0
internlinks={intern}

[output]
warnings=1

[checking]
# Only honoured for servers that answer with a LinkChecker header, as audit/serve.py does for it.
maxrequestspersecond=1000

[AnchorCheck]
"""


@dataclass
class LinkResult:
    """What LinkChecker found: how many URLs it checked and each broken link or anchor."""

    checked: int = 0
    broken: list[dict] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """True when no link or anchor is broken."""
        return not self.broken


def check_links(base: str, pages: list[str]) -> LinkResult:
    """Check every link and anchor reachable from the given pages of the site served at base."""
    with tempfile.TemporaryDirectory(prefix="audit-links-") as tmp:
        config = Path(tmp) / "linkcheckerrc"
        # Everything on the server's host is ours, also outside the site's prefix (a `../` too many).
        host = re.escape(base.split("/", 3)[2])
        config.write_text(CONFIG.format(intern=f"^https?://{host}/"), encoding="utf-8")
        # As root LinkChecker drops to `nobody`, which must still be able to read its config.
        os.chmod(tmp, 0o755)
        os.chmod(config, 0o644)
        output = _run_linkchecker(config, [base + page for page in pages])
    return _parse(output)


# As root, LinkChecker switches to `nobody` before it loads its plugins; in a checkout under a private folder
# (mktemp -d is 0700, as a fresh clone in CI may be) `nobody` cannot read them, and AnchorCheck then silently
# does not run. It only reads our own site on loopback, so it keeps the caller's user.
RUN_LINKCHECKER = ("import sys, linkcheck.command.linkchecker as cli; cli.drop_privileges = lambda: None; "
                   "sys.exit(cli.linkchecker())")


def _run_linkchecker(config: Path, urls: list[str]) -> str:
    command = [sys.executable, "-c", RUN_LINKCHECKER, "--config", str(config), "--no-status",
               "--no-robots", "--threads", "4", "--verbose",
               # A page reached with a #fragment is fetched for its anchors, but its links are followed only
               # once, from the fragment-less URL: LinkChecker caches by full URL, so this halves the work.
               "--no-follow-url", "#", "--output", "csv/utf-8", "--stdin"]
    done = subprocess.run(command, input="\n".join(urls), capture_output=True, text=True, timeout=1800,
                          env={**os.environ, "HOME": tempfile.gettempdir()})
    # Exit 1 means broken links were found (reported from the CSV); anything else is the tool failing.
    if done.returncode not in (0, 1):
        raise RuntimeError(f"linkchecker failed ({done.returncode}): {done.stderr.strip()[-2000:]}")
    return done.stdout


def _parse(output: str) -> LinkResult:
    # LinkChecker's own comment lines start with "# "; a row may start with "#" (a same-page anchor link).
    rows = [line for line in output.splitlines() if line and not line.startswith("# ")]
    result = LinkResult()
    for row in csv.DictReader(io.StringIO("\n".join(rows)), delimiter=";"):
        if row.get("extern") == "1":
            continue  # external sources are the weekly job's business, not the build's
        result.checked += 1
        anchor_missing = "Anchor `" in row.get("warningstring", "")
        if row.get("valid") != "True" or anchor_missing:
            result.broken.append({"url": row["urlname"], "page": row.get("parentname", ""),
                                  "line": row.get("line", ""), "result": row.get("result", ""),
                                  "warning": row.get("warningstring", "")})
    return result
