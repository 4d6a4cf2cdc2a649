"""Before the set-up they need, documented commands say in one line what to run first, never a traceback; without
an optional part of the machine (Chromium, the CJK font, Cairo), the site is still built, with one notice each."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.sites import FIXTURES, QUICK, make_project

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def clone_without_npm(tmp_path) -> Path:
    """A project with its own copy of the generator and a chart, but no node_modules (no `npm ci` yet)."""
    project = make_project(tmp_path / "p")
    shutil.copytree(ROOT / "generator", project / "generator", ignore=shutil.ignore_patterns("__pycache__"))
    (project / "data" / "charts").mkdir(exist_ok=True)
    shutil.copy(FIXTURES / "chart_specs" / "charts" / "bar.yml", project / "data" / "charts" / "bar.yml")
    return project


def run(project: Path, *args: str, python: str = sys.executable, env: dict | None = None):
    """`python -m generator ...` with the project's own copy of the package first on the path."""
    return subprocess.run([python, "-m", "generator", *args], cwd=project, capture_output=True, text=True,
                          env={**os.environ, **QUICK, **(env or {})})


@pytest.mark.parametrize("command", [["build", "--out", "out"], ["export", "--out", "out"]])
def test_build_and_export_before_npm_ci_say_what_to_run(clone_without_npm, command):
    done = run(clone_without_npm, *command)
    said = done.stdout + done.stderr
    assert done.returncode != 0
    assert "plotly-basic.min.js not found: run `make setup` (or `npm ci`) first" in said
    assert "Traceback" not in said


def test_the_generator_before_pip_says_what_to_run(clone_without_npm, tmp_path):
    bare = tmp_path / "bare-python"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(bare)], check=True)
    done = run(clone_without_npm, "check", python=str(bare / "bin" / "python"))
    assert done.returncode == 1
    assert done.stderr.startswith("error: the Python package '") and "run `make setup` first" in done.stderr
    assert "Traceback" not in done.stderr


def test_without_the_cjk_font_the_site_is_built_without_cards_and_one_notice(tmp_path):
    """The font looked for only where it is not (CJK_FONT_DIR and FACTS_FONT_DIRS name an empty folder)."""
    project = make_project(tmp_path / "p")
    hidden = {"CJK_FONT_DIR": str(tmp_path / "no-fonts"), "SOCIAL_CARDS": "true",
              "FACTS_FONT_DIRS": str(tmp_path / "no-fonts")}
    done = run(project, "build", "--out", str(tmp_path / "site"), env=hidden)
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stderr.count("notice: the font Noto Sans CJK") == 1
    assert "apt-get install fonts-noto-cjk" in done.stderr
    assert (tmp_path / "site" / "index.html").is_file()
    assert not list((tmp_path / "site").rglob("assets/images/social/**/*.png"))
