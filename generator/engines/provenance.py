"""Where each generated page comes from in the repository, so "Edit this page" opens that file, never a page that
exists only in the build."""
from __future__ import annotations

import posixpath
from pathlib import Path

# Generated pages built from every record of one kind, besides the `<kind>/index.md` list pages.
PAGES_OF_KIND = {"timeline.md": "events"}


def data_source(page: str, record_files: dict[str, str], root: Path, data: str = "data") -> str:
    """The repository path a generated page comes from: a record page's YAML file, the folder of the records a list
    page shows ('data/companies/', ending in '/'), or the data folder itself for pages built from all of it (and for
    a list page of a kind that has no folder yet)."""
    if page in record_files:
        return record_files[page]
    folder, name = posixpath.split(page)
    kind = folder if name == "index.md" and "/" not in folder else PAGES_OF_KIND.get(page)
    if kind and (root / data / kind).is_dir():
        return f"{data}/{kind}/"
    return f"{data}/"
