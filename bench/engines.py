"""Build time of the real site with each engine, cold and warm, measured in the same run.

Usage: python bench/engines.py [--repeat N]

Cold: empty caches (Zensical's work folder and cache, the chart pictures' cache kept, as on any machine after the
first build). Warm: the same build again with nothing changed, and after one record's summary was edited. MkDocs
is the baseline: every ratio is Zensical's time over MkDocs' for the same kind of build.
"""
from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EDITED = ROOT / "data" / "companies" / "zhipu.yml"


def timed_build(engine: str, out: Path, work: Path) -> float:
    """Seconds for one `python -m generator build --engine ENGINE`; exits on a failed build."""
    command = [sys.executable, "-m", "generator", "build", "--engine", engine, "--out", str(out), "--work", str(work)]
    start = time.perf_counter()
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True)
    if done.returncode != 0:
        sys.exit(f"{engine} build failed:\n{done.stdout[-2000:]}{done.stderr[-2000:]}")
    return time.perf_counter() - start


def measure(engine: str, scratch: Path, repeat: int) -> dict[str, float]:
    """Median seconds of a cold, a warm and an after-one-edit build."""
    results: dict[str, list[float]] = {"cold": [], "warm": [], "one edit": []}
    original = EDITED.read_text(encoding="utf-8")
    for run in range(repeat):
        work = scratch / f"{engine}-work-{run}"
        results["cold"].append(timed_build(engine, scratch / "site", work))
        results["warm"].append(timed_build(engine, scratch / "site", work))
        try:
            EDITED.write_text(original.replace("summary: ", "summary: Edited. ", 1), encoding="utf-8")
            results["one edit"].append(timed_build(engine, scratch / "site", work))
        finally:
            EDITED.write_text(original, encoding="utf-8")
        shutil.rmtree(work, ignore_errors=True)
    return {kind: statistics.median(times) for kind, times in results.items()}


def main() -> int:
    """Print a table of both engines' times and Zensical's ratio to MkDocs."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        times = {engine: measure(engine, Path(tmp), args.repeat) for engine in ("mkdocs", "zensical")}
    print(f"real site, median of {args.repeat}   mkdocs     zensical   ratio")
    for kind in ("cold", "warm", "one edit"):
        mkdocs, zensical = times["mkdocs"][kind], times["zensical"][kind]
        print(f"{kind:<28} {mkdocs:7.2f} s  {zensical:7.2f} s  {zensical / mkdocs:5.2f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
