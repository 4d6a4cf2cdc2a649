"""`python -m generator diff`: a scratch git repository with a few commits, compared with golden Markdown."""
from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from generator.tools.cli import main

GOLDEN = Path(__file__).parent / "golden"

SOURCE_A = """\
  - url: https://example.org/a
    publisher: Example News
    title: An article
    accessed: 2026-11-28
    excerpt: Acme, founded in 2019, builds models.
checked: 2026-11-29
"""
SOURCE_B = """\
  - url: https://example.org/b
    publisher: Other Daily
    title: A second article
    published: 2026-01-02
    accessed: 2026-11-28
    excerpt: Acme was set up in June 2018.
checked: 2026-11-29
"""

BASE = {
    "data/companies/acme.yml": (
        "name: Acme AI\nname_zh: 阿克米\nkind: startup\ncountry: China\nheadquarters: Beijing\nfounded: 2019\n"
        "founders:\n  - jane-doe\nsummary: Acme builds models.\nsources:\n" + SOURCE_A),
    "data/people/jane-doe.yml": (
        "name: Jane Doe\nname_zh: 简\nroles:\n  - company: acme\n    title: Chief executive\n"
        "summary: Runs Acme.\nsources:\n" + SOURCE_A),
    "data/quotes/jane-on-chips.yml": (
        "person: jane-doe\ntext: We need more chips.\nsaid_on: 2026-01-10\ncontext: Asked about compute.\n"
        "language: en\nsources:\n" + SOURCE_A.replace("Acme, founded in 2019, builds models.", "“We need more chips,” Doe said."
                                                          )),
    "docs/index.md": "# Home\n\n[[company:acme]] makes models.\n",
    "docs/about.md": "# About\n",
}

# The pull request: one record changed field by field with a citation swapped, one added (with a warning),
# one removed, and a file that is not data.
HEAD = {
    "data/companies/acme.yml": BASE["data/companies/acme.yml"]
    .replace("Acme builds models.", "Acme builds open-weight models | fast.")
    .replace("founded: 2019", "founded: 2018-06")
    .replace(SOURCE_A, SOURCE_B),
    "data/companies/beta.yml": (
        "name: Beta @labs\nkind: lab\ncountry: China\nheadquarters: Shanghai\n"
        "summary: Beta trains *small* models.\nsources:\n" + SOURCE_B),
    "README.md": "not data\n",
}
REMOVED = ["data/quotes/jane-on-chips.yml"]


def git(repo: Path, *args: str) -> str:
    """Run git in repo with a fixed identity and clock, so commit ids are the same on every run."""
    env = {**os.environ, "GIT_AUTHOR_NAME": "Test", "GIT_AUTHOR_EMAIL": "test@example.org",
           "GIT_COMMITTER_NAME": "Test", "GIT_COMMITTER_EMAIL": "test@example.org",
           "GIT_AUTHOR_DATE": "2026-01-01T00:00:00Z", "GIT_COMMITTER_DATE": "2026-01-01T00:00:00Z",
           "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}
    return subprocess.run(["git", "-C", str(repo), *args], env=env, check=True, capture_output=True,
                          text=True).stdout


def write_files(repo: Path, files: dict[str, str]) -> None:
    """Write {relative path: text} into repo."""
    for name, text in files.items():
        path = repo / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A scratch repository: commit 'base' with BASE, then 'head' with HEAD applied."""
    git(tmp_path, "init", "-q", "-b", "main")
    write_files(tmp_path, BASE)
    git(tmp_path, "add", "-A")
    git(tmp_path, "commit", "-q", "-m", "base facts")
    git(tmp_path, "tag", "base")
    write_files(tmp_path, HEAD)
    for name in REMOVED:
        (tmp_path / name).unlink()
    git(tmp_path, "add", "-A")
    git(tmp_path, "commit", "-q", "-m", "a contribution")
    git(tmp_path, "tag", "head")
    return tmp_path


def run_diff(repo: Path, monkeypatch, capsys, *args: str) -> tuple[int, str]:
    """Run the diff command inside repo; returns the status and what it printed."""
    monkeypatch.chdir(repo)
    status = main(["diff", *args])
    return status, capsys.readouterr().out


def assert_golden(name: str, text: str) -> None:
    """Compare with tests/golden/<name>; UPDATE_GOLDEN=1 (`make golden`) rewrites it instead."""
    path = GOLDEN / name
    if os.environ.get("UPDATE_GOLDEN"):
        path.parent.mkdir(exist_ok=True)
        path.write_text(text, encoding="utf-8")
    assert text == path.read_text(encoding="utf-8")


def test_diff_markdown_golden(repo: Path, monkeypatch, capsys):
    status, out = run_diff(repo, monkeypatch, capsys, "base", "head", "--format", "markdown")
    assert status == 0
    assert_golden("diff.md", out)


def test_diff_text_golden(repo: Path, monkeypatch, capsys):
    status, out = run_diff(repo, monkeypatch, capsys, "base", "head")
    assert status == 0
    assert_golden("diff.txt", out)


def test_diff_reports_field_changes_and_citations(repo: Path, monkeypatch, capsys):
    _, out = run_diff(repo, monkeypatch, capsys, "base", "head", "--format", "markdown")
    assert "| `founded` | 2019 | 2018-06 |" in out
    assert "| `summary` | Acme builds models. | Acme builds open-weight models \\| fast. |" in out
    assert "Citations dropped:\n\n- [An article](https://example.org/a) — Example News" in out
    assert "data/companies/beta.yml:1:7` warning: no name\\_zh" in out
    assert "Beta @\u200blabs" in out, "no @-mention reaches GitHub from data"
    assert "`companies/acme/`" in out and "`people/jane-doe/`" in out and "(home page)" in out


def test_diff_with_the_working_tree(repo: Path, monkeypatch, capsys):
    (repo / "data/people/jane-doe.yml").write_text(
        (repo / "data/people/jane-doe.yml").read_text(encoding="utf-8").replace("Runs Acme.", "Founded Acme."),
        encoding="utf-8")
    status, out = run_diff(repo, monkeypatch, capsys, "head")
    assert status == 0
    assert out.startswith("fact diff head (")
    assert "changed  people/jane-doe" in out and "summary: 'Runs Acme.' -> 'Founded Acme.'" in out


def test_diff_reads_git_objects_not_the_working_tree(repo: Path, monkeypatch, capsys):
    (repo / "data/companies/acme.yml").write_text("broken: [", encoding="utf-8")
    status, out = run_diff(repo, monkeypatch, capsys, "base", "head", "--format", "markdown")
    assert status == 0 and "New problems" in out and "YAML syntax" not in out
    assert git(repo, "status", "--porcelain") == " M data/companies/acme.yml\n", "diff changed the working tree"


def test_no_changes(repo: Path, monkeypatch, capsys):
    _, out = run_diff(repo, monkeypatch, capsys, "head", "head", "--format", "markdown")
    assert "No fact changes." in out


def test_unknown_revision_is_a_usage_error(repo: Path, monkeypatch, capsys):
    monkeypatch.chdir(repo)
    assert main(["diff", "no-such-branch", "head"]) == 2
    assert "'no-such-branch' is not a commit" in capsys.readouterr().err


def test_outside_a_repository_is_a_usage_error(tmp_path: Path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path.parent))
    assert main(["diff", "main"]) == 2
    assert "not inside a git repository" in capsys.readouterr().err


CHART = ("title: Money raised\ntype: bar\ncsv: true\nencoding:\n  x: company\n  y: raised\n"
         "alt: Bars of money raised.\nsummary: What each company raised.\nsources:\n" + SOURCE_A)


def test_a_changed_csv_shows_as_changed_rows(tmp_path: Path, monkeypatch, capsys):
    write_files(tmp_path, {"data/charts/raised.yml": CHART, "data/charts/raised.csv": "company,raised\nA,1\nB,2\n"})
    git(tmp_path, "init", "-q", "-b", "main")
    git(tmp_path, "add", "-A")
    git(tmp_path, "commit", "-q", "-m", "chart")
    write_files(tmp_path, {"data/charts/raised.csv": "company,raised\nA,1\nB,3\nC,4\n"})
    status, out = run_diff(tmp_path, monkeypatch, capsys, "HEAD", "--format", "markdown")
    assert status == 0
    assert "#### chart `raised`: Money raised" in out
    assert "| `rows[1].raised` | 2 | 3 |" in out
    assert "| `rows[2]` | — | company: C; raised: 4 |" in out


@pytest.mark.browser  # draws in Chromium
def test_a_changed_chart_gets_before_and_after_pictures_and_an_unchanged_one_none(tmp_path: Path, monkeypatch,
                                                                                  capsys):
    from generator.charts import pictures

    if not pictures.browser_path():
        pytest.skip("no Chromium")
    other = CHART.replace("title: Money raised", "title: Other chart")
    write_files(tmp_path, {"data/charts/raised.yml": CHART, "data/charts/raised.csv": "company,raised\nA,1\nB,2\n",
                           "data/charts/other.yml": other, "data/charts/other.csv": "company,raised\nA,5\n"})
    git(tmp_path, "init", "-q", "-b", "main")
    git(tmp_path, "add", "-A")
    git(tmp_path, "commit", "-q", "-m", "charts")
    write_files(tmp_path, {"data/charts/raised.csv": "company,raised\nA,1\nB,3\nC,4\n"})
    monkeypatch.setenv("CHART_SVG_CACHE", str(tmp_path / "cache"))
    out_dir = tmp_path / "chart-diff"
    status, out = run_diff(tmp_path, monkeypatch, capsys, "HEAD", "--format", "markdown", "--pictures", str(out_dir))
    assert status == 0
    assert sorted(path.name for path in out_dir.iterdir()) == ["index.html", "raised.after.svg", "raised.before.svg"]
    before, after = ((out_dir / f"raised.{side}.svg").read_text(encoding="utf-8") for side in ("before", "after"))
    assert before != after and "Money raised" in after
    assert after.count('class="point"') == 3 and before.count('class="point"') == 2  # the added row is drawn
    assert "### Charts before and after (1)" in out and "`raised`" in out and "<svg" not in out
    assert 'src="raised.before.svg"' in (out_dir / "index.html").read_text(encoding="utf-8")


EDITIONS_CONFIG = ("site_name: x\ntheme:\n  name: material\nextra:\n  alternate:\n"
                   "    - {name: English, link: ./, lang: en}\n    - {name: 中文, link: zh/, lang: zh}\n")


def test_a_rewritten_english_field_lists_the_translation_it_leaves_outdated(tmp_path: Path, monkeypatch, capsys):
    """The summary's translation was made from the old English: the diff names it beside the change, and the
    translations missing at both revisions are not new problems (both revisions read the config's editions)."""
    from generator.facts.translations import english_hash
    stamped = (f"zh:\n  made_from: {{summary: '{english_hash('Acme builds models.')}'}}\n"
               "  summary: 阿克米开发模型。\nsources:\n")
    acme = BASE["data/companies/acme.yml"].replace("sources:\n", stamped, 1)
    write_files(tmp_path, {"mkdocs.yml": EDITIONS_CONFIG, "data/companies/acme.yml": acme})
    git(tmp_path, "init", "-q", "-b", "main")
    git(tmp_path, "add", "-A")
    git(tmp_path, "commit", "-q", "-m", "translated")
    write_files(tmp_path, {"data/companies/acme.yml": acme.replace("Acme builds models.", "Acme builds open models.")})
    status, markdown = run_diff(tmp_path, monkeypatch, capsys, "HEAD", "--format", "markdown")
    _, text = run_diff(tmp_path, monkeypatch, capsys, "HEAD")
    assert status == 0
    assert ("Translations this change leaves outdated: `summary` (zh). Update each, then run "
            "`python -m generator translations stamp --update data/companies/acme.yml`.") in markdown
    assert "    outdated translation (zh): summary\n" in text
    new_problems = [line for line in text.splitlines() if line.startswith("new ")]
    assert len(new_problems) == 1 and "the English 'summary' changed after zh.summary" in new_problems[0]
