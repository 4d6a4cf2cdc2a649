"""The weekly check of every record's source URLs (the only check that goes online), with the archive as fallback.

`python -m audit.external_links --out site-audit/external-links.md` writes the Markdown body of the one issue that
lists dead sources, with the record file and line of each, and prints how many there are. It exits 0 whatever it
finds: a dead source on someone else's site must never block anyone's pull request.
"""
from __future__ import annotations

import argparse
import json
import sys
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass
from pathlib import Path

from pydantic import BaseModel

from generator.facts.model import Source
from generator.facts.pipeline import read_data

USER_AGENT = ("Mozilla/5.0 (compatible; ai-race-explainer-source-check/1.0; "
              "+https://github.com/example/ai-race-explainer)")
# Answers that say "this page is gone"; others (403 to robots, 429, 5xx, timeouts) say only "not now".
DEAD_STATUSES = {404, 410, 451}
TITLE = "Dead source links"


@dataclass(frozen=True)
class SourceRef:
    """One citation of a URL: where in the data it is, and its archive copy if any."""

    url: str
    archive_url: str | None
    file: str
    line: int


@dataclass(frozen=True)
class Check:
    """What fetching one URL gave: 'alive', 'dead' or 'unsure', with the status or error."""

    state: str
    detail: str


def source_refs(data_dir: Path, root: Path | None = None) -> list[SourceRef]:
    """Every source citation in every record under data_dir, with its file and line."""
    result = read_data(data_dir, root)
    refs = []
    for kind in sorted(result.graph.entries):
        for entry in result.graph.all(kind):
            for loc, source in _sources_in(entry.record, ()):
                line, _ = entry.raw.mark(loc + ("url",))
                refs.append(SourceRef(source.url, source.archive_url, entry.path, line))
    return refs


def _sources_in(value, loc: tuple):
    """(location, Source) for every Source inside a record, at any depth; locations use the file's keys."""
    if isinstance(value, Source):
        yield loc, value
    elif isinstance(value, BaseModel):
        for name, info in type(value).model_fields.items():
            yield from _sources_in(getattr(value, name), loc + (info.alias or name,))
    elif isinstance(value, (list, tuple)):
        for index, item in enumerate(value):
            yield from _sources_in(item, loc + (index,))
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _sources_in(item, loc + (key,))


def check_url(url: str, timeout: float = 20.0) -> Check:
    """Fetch url (HEAD, then GET where HEAD is refused) and say whether it is alive, dead or unsure."""
    outcome = _fetch(url, "HEAD", timeout)
    if outcome.state != "alive":
        outcome = _fetch(url, "GET", timeout)  # many servers refuse or mishandle HEAD
    return outcome


def _fetch(url: str, method: str, timeout: float) -> Check:
    request = urllib.request.Request(url, method=method, headers={"User-Agent": USER_AGENT, "Accept": "*/*"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return Check("alive", str(response.status))
    except urllib.error.HTTPError as error:
        return Check("dead" if error.code in DEAD_STATUSES else "unsure", f"HTTP {error.code}")
    except urllib.error.URLError as error:
        # A name that no longer resolves or a refused connection: the site is gone.
        reason = str(error.reason)
        gone = any(word in reason for word in ("Name or service not known", "nodename nor servname",
                                               "No address associated", "Connection refused"))
        return Check("dead" if gone else "unsure", reason)
    except (TimeoutError, OSError, ValueError) as error:
        return Check("unsure", f"{type(error).__name__}: {error}")


def check_sources(refs: list[SourceRef], workers: int = 8, timeout: float = 20.0) -> dict[str, Check]:
    """Check each distinct URL (sources and the archive copies of dead ones) once; url -> Check."""
    urls = sorted({ref.url for ref in refs})
    with ThreadPoolExecutor(max_workers=workers) as pool:
        checks = dict(zip(urls, pool.map(lambda url: check_url(url, timeout), urls)))
        archives = sorted({ref.archive_url for ref in refs
                           if ref.archive_url and checks[ref.url].state != "alive" and ref.archive_url not in checks})
        checks.update(zip(archives, pool.map(lambda url: check_url(url, timeout), archives)))
    return checks


def classify(refs: list[SourceRef], checks: dict[str, Check]) -> dict[str, list[dict]]:
    """Sort citations into dead (no live copy), archived (dead or unsure, but the archive answers) and unsure."""
    groups: dict[str, list[dict]] = {"dead": [], "archived": [], "unsure": []}
    for ref in refs:
        check = checks[ref.url]
        if check.state == "alive":
            continue
        row = {**asdict(ref), "detail": check.detail}
        archive = checks.get(ref.archive_url) if ref.archive_url else None
        if archive and archive.state == "alive":
            groups["archived"].append(row)
        else:
            groups[check.state].append(row)
    return groups


def issue_body(groups: dict[str, list[dict]], checked: int) -> str:
    """The Markdown body of the dead-sources issue."""
    lines = [f"The weekly source check fetched {checked} distinct source URLs.", ""]
    lines += _table("Dead, with no archive copy: fix the URL or add `archive_url`", groups["dead"])
    lines += _table("Dead or unreachable, but the archive copy answers (readers still get the source)",
                    groups["archived"])
    lines += _table("Not answering now (blocked, rate-limited, server error or timeout): check by hand if "
                    "this persists", groups["unsure"])
    if not any(groups.values()):
        lines.append("Every source answered.")
    lines += ["", "_Written by `.github/workflows/link-check.yml` (`python -m audit.external_links`); "
              "updated each week, closed when no source is dead._"]
    return "\n".join(lines) + "\n"


def _table(title: str, rows: list[dict]) -> list[str]:
    if not rows:
        return []
    lines = [f"## {title} ({len(rows)})", "", "| record | URL | answer |", "|---|---|---|"]
    lines += [f"| `{row['file']}` line {row['line']} | <{row['url']}> | {row['detail']} |" for row in rows]
    return lines + [""]


def main(argv: list[str] | None = None) -> int:
    """Check every source URL, write the issue body and a JSON summary, print the count of dead sources."""
    parser = argparse.ArgumentParser(prog="python -m audit.external_links", description=__doc__)
    parser.add_argument("--data", type=Path, default=Path("data"), help="data folder (default: data)")
    parser.add_argument("--out", type=Path, default=Path("site-audit/external-links.md"), help="issue body file")
    parser.add_argument("--timeout", type=float, default=20.0, help="seconds per request (default: 20)")
    args = parser.parse_args(argv)
    refs = source_refs(args.data, args.data.resolve().parent)
    checks = check_sources(refs, timeout=args.timeout)
    groups = classify(refs, checks)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(issue_body(groups, len({ref.url for ref in refs})), encoding="utf-8")
    summary = {key: len(rows) for key, rows in groups.items()} | {"urls": len(checks), "citations": len(refs)}
    report = {"counts": summary, "groups": groups}
    args.out.with_suffix(".json").write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(summary))
    return 0


if __name__ == "__main__":
    sys.exit(main())
