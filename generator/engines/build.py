"""`python -m generator build`: a strict MkDocs build into a temporary folder, swapped in only on success.

MkDocs runs with --strict and without -q (-q hides the warnings --strict turns into a failure), so every warning
is shown and fails the build. The site is built beside the output folder and replaces it in one rename; a failed
build leaves the previous site untouched. With SOURCE_DATE_EPOCH set, two builds of the same input are identical.
"""
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
    project = args.config.resolve().parent
    if out == project or out in project.parents:
        print(f"error: --out {args.out} would replace the project itself", file=sys.stderr)
        return 2
    if not replace_from_staging(out, ".site-", lambda staging: subprocess.run(
            mkdocs_command(args.config, staging)).returncode == 0):
        print(f"build failed; {args.out} is unchanged", file=sys.stderr)
        return 1
    print(f"built {args.out}")
    return 0


def replace_from_staging(out: Path, prefix: str, produce) -> bool:
    """Let produce(folder) fill a sibling temp folder; swap it in for out only if it returns True."""
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=prefix, dir=out.parent))
    try:
        if not produce(staging):
            return False
        swap_in(staging, out)
        return True
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def mkdocs_command(config: Path, site_dir: Path) -> list[str]:
    """The strict MkDocs build command line (without -q, which would hide what --strict fails on)."""
    return [sys.executable, "-m", "mkdocs", "build", "--strict", "--config-file", str(config),
            "--site-dir", str(site_dir)]


def swap_in(staging: Path, out: Path) -> None:
    """Replace out by staging with renames; the old folder goes only once the new one is in place."""
    # mkdtemp makes the folder private; a site is served and link-checked by other users (e.g. 'nobody').
    staging.chmod(0o755)
    old = out.with_name(out.name + ".old")
    shutil.rmtree(old, ignore_errors=True)
    if out.exists():
        out.rename(old)
    staging.rename(out)
    shutil.rmtree(old, ignore_errors=True)
