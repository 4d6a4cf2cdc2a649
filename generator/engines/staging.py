"""Build beside the output folder and swap the result in with renames: a failed build leaves the old one in place.
Shared by `build` (every engine) and `export`."""
from __future__ import annotations

import shutil
import tempfile
from pathlib import Path


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
