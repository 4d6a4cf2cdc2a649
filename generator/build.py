"""`python -m generator build`: a strict MkDocs build into a temporary folder, swapped in only on success."""
from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path


def register(commands) -> None:
    """Add the `build` subcommand."""
    build = commands.add_parser("build", help="build the site strictly; a failed build keeps the old site")
    build.add_argument("--out", type=Path, default=Path("site"), help="output folder (default: site)")
    build.add_argument("--config", type=Path, default=Path("mkdocs.yml"), help="MkDocs config (default: mkdocs.yml)")
    build.set_defaults(run=run_build)


def run_build(args: argparse.Namespace) -> int:
    """Build into a sibling temp folder, then replace the output folder in one rename."""
    out = args.out.resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".site-", dir=out.parent))
    # --strict without -q: -q hides the warnings that --strict turns into a failure.
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "--config-file", str(args.config),
               "--site-dir", str(staging)]
    if subprocess.run(command).returncode != 0:
        shutil.rmtree(staging, ignore_errors=True)
        print(f"build failed; {args.out} is unchanged", file=sys.stderr)
        return 1
    _swap_in(staging, out)
    print(f"built {args.out}")
    return 0


def _swap_in(staging: Path, out: Path) -> None:
    old = out.with_name(out.name + ".old")
    shutil.rmtree(old, ignore_errors=True)
    if out.exists():
        out.rename(old)
    staging.rename(out)
    shutil.rmtree(old, ignore_errors=True)
