"""Benchmark the live preview: how long a saved YAML edit takes to show in the browser, against a full rebuild.

For the real site (a copy of data/ and docs/) and a synthetic 1,000-record site, in the same run: start
`python -m generator serve`, open a company page in headless Chromium, then save an edit to that company's summary
--edits times; each latency runs from the save to the moment the page in the browser shows the new words (the
server rebuilds, the page's live-reload poll sees it and the page reloads). The baseline is a full
`python -m generator build` of the same project, timed in the same run. Wall-clock seconds.

Usage: python bench/serve.py [--sizes 0 1000] [--edits 9]     (size 0 is the real site)
Targets (issue 13): median under 1 s on the real site and under 1.5 s at 1,000 records; exit status 1 if missed.
"""
from __future__ import annotations

import argparse
import os
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
from pages import synthetic_project  # noqa: E402
from tests.browser import goto_when_up  # noqa: E402
from tests.sites import QUICK, make_project  # noqa: E402

TARGETS = {0: 1.0, 1000: 1.5}
ENV = {**os.environ, **QUICK}


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def project_of(size: int, root: Path) -> tuple[Path, Path]:
    """(project folder, the company file to edit) for the real site (size 0) or a synthetic one."""
    if size == 0:
        project = make_project(root / "real", data=ROOT / "data", docs=ROOT / "docs")
        return project, project / "data" / "companies" / "zhipu.yml"
    project = synthetic_project(root / f"synthetic-{size}", size)
    return project, project / "data" / "companies" / "company-0.yml"


def with_marker(text: str, marker: str) -> str:
    """The record with marker as the first word of its summary (a folded or a one-line summary)."""
    folded = re.search(r"^summary: >-?\n(\s+)", text, re.M)
    if folded:
        return text[:folded.end()] + marker + " " + text[folded.end():]
    return re.sub(r"^summary: ", f"summary: {marker} ", text, count=1, flags=re.M)


def full_build(project: Path, out: Path) -> float:
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "generator", "build", "--out", str(out)], cwd=project, env=ENV,
                          capture_output=True, text=True)
    if done.returncode != 0:
        raise RuntimeError(done.stdout + done.stderr)
    return time.perf_counter() - started


def latencies(project: Path, record: Path, edits: int, browser) -> list[float]:
    """Save-to-visible seconds for each edit."""
    port = free_port()
    server = subprocess.Popen([sys.executable, "-m", "generator", "serve", "--addr", f"127.0.0.1:{port}"],
                              cwd=project, env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    page = browser.new_page()
    try:
        prefix = re.search(r"^site_url: \S+?://[^/]+(/\S*)", (project / "mkdocs.yml").read_text(), re.M)
        url = f"http://127.0.0.1:{port}{prefix[1] if prefix else '/'}companies/{record.stem}/"
        goto_when_up(page, url)
        original, seen = record.read_text(encoding="utf-8"), []
        for number in range(edits):
            marker = f"Edited{number}x{os.getpid()}"
            started = time.perf_counter()
            record.write_text(with_marker(original, marker), encoding="utf-8")
            page.wait_for_function("marker => document.body && document.body.innerText.includes(marker)",
                                   arg=marker, timeout=60_000, polling="raf")
            seen.append(time.perf_counter() - started)
            time.sleep(0.3)  # a contributor reads before the next save
        record.write_text(original, encoding="utf-8")
        return seen
    finally:
        page.close()
        server.terminate()
        server.wait(timeout=30)


def percentile(values: list[float], share: float) -> float:
    """The value below which share of the values fall (nearest rank)."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(share * len(ordered) + 0.5) - 1))]


def main() -> int:
    """Run the benchmark; exit status 1 if a target is missed."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[0, 1000])
    parser.add_argument("--edits", type=int, default=9)
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    from tests.browser import launch

    missed = []
    print(f"{'site':>12} {'full build':>11} {'p50':>7} {'p95':>7} {'p50/full':>9}")
    with tempfile.TemporaryDirectory(prefix="bench-serve-") as tmp, sync_playwright() as playwright:
        browser = launch(playwright)
        for size in args.sizes:
            project, record = project_of(size, Path(tmp))
            full = full_build(project, Path(tmp) / f"site-{size}")
            seen = latencies(project, record, args.edits, browser)
            p50, p95 = statistics.median(seen), percentile(seen, 0.95)
            name = "real (69+)" if size == 0 else f"{size:,} rec."
            print(f"{name:>12} {full:>10.2f}s {p50:>6.2f}s {p95:>6.2f}s {p50 / full:>8.1%}", flush=True)
            target = TARGETS.get(size)
            if target is not None and p50 >= target:
                missed.append(f"{name}: median {p50:.2f}s (target under {target}s)")
        browser.close()
    for line in missed:
        print(f"missed: {line}")
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
