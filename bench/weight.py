"""Benchmark a first visit at scale: the real site against the same site with 5,000 records, in the same run.

Builds the real site and a copy of it whose data/ is topped up with synthetic records (bench/pages.py's) to
--records, then runs the audit on the real site with the large one as its scale site: the page-weight table in
<out>/report.md gains a column of first-visit bytes at that size, and the audit fails a page type (other than the
list pages) whose first visit grows by more than 5%. Also reports what opening search then downloads at each size.

Usage: python bench/weight.py [--records 5000] [--out site-audit-scale] [--lighthouse]
Exit status: the audit's (0 when every page type is within 5%).
"""
from __future__ import annotations

import argparse
import gzip
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
from pages import write_data  # noqa: E402
from tests.sites import QUICK, make_project  # noqa: E402

ENV = {**os.environ, **QUICK}


def build(project: Path, out: Path) -> None:
    done = subprocess.run([sys.executable, "-m", "generator", "build", "--out", str(out)], cwd=project, env=ENV,
                          capture_output=True, text=True)
    if done.returncode != 0:
        raise RuntimeError(done.stdout[-3000:] + done.stderr[-3000:])


def scale_project(root: Path, records: int) -> Path:
    """The real docs and data, plus synthetic records up to the given total."""
    with tempfile.TemporaryDirectory() as scratch:
        data = Path(scratch) / "data"
        shutil.copytree(ROOT / "data", data)
        real = sum(1 for _ in data.rglob("*.yml"))
        write_data(data, max(records - real, 0))
        return make_project(root, data=data, docs=ROOT / "docs")


def search_download(site: Path) -> int:
    """Bytes (gzip) a reader downloads on opening search: the index."""
    return len(gzip.compress((site / "search" / "search_index.json").read_bytes(), mtime=0))


def main() -> int:
    """Build both sites, audit the real one against the large one, print the table."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--records", type=int, default=5000)
    parser.add_argument("--out", type=Path, default=ROOT / "site-audit-scale")
    parser.add_argument("--lighthouse", action="store_true", help="also score the real site with Lighthouse")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-weight-") as tmp:
        real, large = Path(tmp) / "real-site", Path(tmp) / "large-site"
        build(make_project(Path(tmp) / "real", data=ROOT / "data", docs=ROOT / "docs"), real)
        build(scale_project(Path(tmp) / "large", args.records), large)
        print(f"opening search downloads {search_download(real) / 1024:.1f} KiB (real site), "
              f"{search_download(large) / 1024:.1f} KiB ({args.records:,} records)", flush=True)
        command = [sys.executable, "-m", "audit", "--site", str(real), "--out", str(args.out), "--scale-site",
                   str(large), "--scale-records", str(args.records), "--data", str(ROOT / "data")]
        done = subprocess.run(command + ([] if args.lighthouse else ["--no-lighthouse"]), cwd=ROOT)
    table = (args.out / "report.md").read_text(encoding="utf-8").split("## Page weight", 1)[1].split("\n## ", 1)[0]
    print("## Page weight" + table)
    return done.returncode


if __name__ == "__main__":
    sys.exit(main())
