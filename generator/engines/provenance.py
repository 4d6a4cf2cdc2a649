"""Where each generated page comes from in the repository, so "Edit this page" opens that file, never a page that
exists only in the build."""
from __future__ import annotations

import os
import posixpath
from pathlib import Path
from urllib.parse import urljoin

from generator.pages.render import PAGED_NAME

# Generated pages built from every record of one kind, besides the `<kind>/index.md` list pages.
PAGES_OF_KIND = {"timeline.md": "events"}


def data_source(page: str, record_files: dict[str, str], root: Path, data: str = "data") -> str:
    """The repository path a generated page comes from: a record page's YAML file, the folder of the records a list
    page shows ('data/companies/', ending in '/'), or the data folder itself for pages built from all of it (and for
    a list page of a kind that has no folder yet)."""
    if page in record_files:
        return record_files[page]
    folder, name = posixpath.split(page)
    if PAGED_NAME.fullmatch(name.removesuffix(".md")):  # companies/page-2.md is the companies list; timeline/page-2.md the timeline
        page = f"{folder}.md" if f"{folder}.md" in PAGES_OF_KIND else f"{folder}/index.md"
        folder, name = posixpath.split(page)
    kind = folder if name == "index.md" and "/" not in folder else PAGES_OF_KIND.get(page)
    if kind and (root / data / kind).is_dir():
        return f"{data}/{kind}/"
    return f"{data}/"


def edit_url(repo_url: str, edit_uri: str, root: Path, docs_dir: Path, data_file: str) -> str | None:
    """The "Edit this page" address of a generated page's data file (a folder is browsed instead of edited);
    None without a repository. edit_uri points at docs_dir, and the data lives beside it."""
    if not (data_file and repo_url and edit_uri):
        return None
    docs_base = urljoin(repo_url.rstrip("/") + "/", edit_uri)
    base = urljoin(docs_base, Path(os.path.relpath(root, docs_dir)).as_posix() + "/")
    path = data_file.rstrip("/")
    url = base + path if not path.startswith(("/", "../")) else urljoin(base, path)
    return url.replace("/edit/", "/tree/", 1) + "/" if data_file.endswith("/") else url
