"""`make bench`: run every benchmark in bench/ (check.py, pages.py, ...) one after the other; exit 1 if any missed.

Usage: python bench/run.py [--quick]   (--quick: the pages benchmark at 100 and 1,000 records only, one run each)
"""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
QUICK = {"pages.py": ["--sizes", "100", "1000", "--repeat", "1"]}


def main() -> int:
    """Run each benchmark script with the same Python; the worst exit status wins."""
    quick = "--quick" in sys.argv[1:]
    status = 0
    for script in sorted(HERE.glob("*.py")):
        if script.name == Path(__file__).name:
            continue
        print(f"== {script.name}", flush=True)
        extra = QUICK.get(script.name, []) if quick else []
        status = max(status, subprocess.run([sys.executable, str(script), *extra]).returncode)
    return status


if __name__ == "__main__":
    sys.exit(main())
