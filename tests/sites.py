"""Scratch projects for real builds: the project's own mkdocs.yml and theme over data and docs a test chooses.

    project = make_project(tmp_path)                        # tests/fixtures/data and tests/fixtures/docs
    project = make_project(tmp_path, data=my_data_folder)   # or any data folder
    done = build(project, tmp_path / "site")                # the real `python -m generator build`, in a subprocess
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from generator.engines.config_file import read_config, referenced_paths, write_config

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"
GENERATED_NAV = {"companies/index.md", "people/index.md", "quotes/index.md", "events/index.md", "models/index.md",
                 "charts/index.md", "timeline.md"}


def make_project(dest: Path, data: Path = FIXTURES / "data", docs: Path = FIXTURES / "docs",
                 editions: bool = False) -> Path:
    """A project folder at dest (data/, docs/, mkdocs.yml) built like the real one; returns dest. Without
    editions it is the English edition alone (quicker to build, and its fixtures need no translations)."""
    shutil.copytree(data, dest / "data")
    shutil.copytree(docs, dest / "docs")
    _copy_assets(ROOT / "docs", dest / "docs")
    config = read_config(ROOT / "mkdocs.yml")
    config["docs_dir"] = "docs"
    # Hooks are the real project's modules, named by absolute path: a 'generator/' folder of links in the scratch
    # project would shadow the installed package's subpackages when commands run there.
    config["hooks"] = [str(ROOT / hook) for hook in config.get("hooks", [])]
    # The theme overrides and card layouts the config names are linked in, so relative paths still resolve.
    for relative in referenced_paths(config, ROOT, exclude=("docs", "data", "generator")):
        link = dest / relative
        link.parent.mkdir(parents=True, exist_ok=True)
        if not link.exists():
            link.symlink_to(ROOT / relative)
    config["nav"] = [item for item in config.get("nav", []) if _nav_target_exists(item, dest / "docs")]
    if not editions:
        config.get("extra", {}).pop("alternate", None)
    write_config(config, dest / "mkdocs.yml")
    return dest


def _copy_assets(source: Path, dest: Path) -> None:
    """Stylesheets and scripts the config names come along; the real site's Markdown pages do not."""
    for path in source.rglob("*"):
        target = dest / path.relative_to(source)
        if path.is_file() and path.suffix != ".md" and not target.exists():
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, target)


def _nav_target_exists(item, docs: Path) -> bool:
    target = next(iter(item.values())) if isinstance(item, dict) else item
    return not isinstance(target, str) or target in GENERATED_NAV or (docs / target).exists()


# Social cards take seconds per page to draw; scratch builds test pages, not cards (SOCIAL_CARDS=true to include).
# Chart pictures are drawn once into the project's cache and shared by every scratch build.
QUICK = {"SOCIAL_CARDS": "false", "NO_MKDOCS_2_WARNING": "1", "CHART_SVG_CACHE": str(ROOT / ".cache" / "chart-svg")}


def build(project: Path, out: Path, env: dict | None = None, engine: str = "mkdocs") -> subprocess.CompletedProcess:
    """`python -m generator build --out out [--engine E]` in the project, as a contributor runs it; output
    captured."""
    return subprocess.run([sys.executable, "-m", "generator", "build", "--out", str(out), "--engine", engine],
                          cwd=project,
                          capture_output=True, text=True, env={**os.environ, **QUICK, **(env or {})})


def export(project: Path, out: Path) -> subprocess.CompletedProcess:
    """`python -m generator export --out out` in the project."""
    return subprocess.run([sys.executable, "-m", "generator", "export", "--out", str(out)], cwd=project,
                          capture_output=True, text=True, env={**os.environ, **QUICK})
