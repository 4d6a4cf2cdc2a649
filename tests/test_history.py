"""generator/history.py on scratch git repositories: last-changed dates, the changelog, the Atom feed, no-git fallbacks."""
from __future__ import annotations

import datetime as dt
import os
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from generator.facts.pipeline import read_data
from generator.pages import history

ATOM = "{http://www.w3.org/2005/Atom}"
SOURCE = ("sources:\n  - url: https://example.org/a\n    publisher: Example News\n    title: An article\n"
          "    accessed: 2026-11-28\n    excerpt: A lab in Beijing.\nchecked: 2026-01-01\n")
COMPANY = "name: {name}\nname_zh: 甲\nkind: lab\ncountry: China\nheadquarters: Beijing\nsummary: A lab.\n" + SOURCE


def git(repo: Path, *args: str, when: str = "2026-01-01T00:00:00+00:00") -> str:
    """git with a fixed identity and the given clock."""
    env = {**os.environ, "GIT_AUTHOR_NAME": "Test", "GIT_AUTHOR_EMAIL": "t@example.org", "GIT_COMMITTER_NAME": "Test",
           "GIT_COMMITTER_EMAIL": "t@example.org", "GIT_AUTHOR_DATE": when, "GIT_COMMITTER_DATE": when,
           "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}
    return subprocess.run(["git", "-C", str(repo), *args], env=env, check=True, capture_output=True,
                          text=True).stdout


def commit(repo: Path, message: str, when: str, files: dict[str, str | None]) -> None:
    """Write (or, for None, delete) files and commit them all at the given time."""
    for name, text in files.items():
        path = repo / name
        if text is None:
            path.unlink()
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", message, when=when)


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """Three commits: add a lab, change it and add another, remove the other (and touch a non-data file)."""
    git(tmp_path, "init", "-q", "-b", "main")
    commit(tmp_path, "Add Alpha", "2026-01-01T10:00:00+00:00",
           {"data/companies/alpha.yml": COMPANY.format(name="Alpha")})
    commit(tmp_path, "Rename Alpha; add Beta", "2026-02-02T10:00:00+00:00",
           {"data/companies/alpha.yml": COMPANY.format(name="Alpha Labs"),
            "data/companies/beta.yml": COMPANY.format(name="Beta")})
    commit(tmp_path, "Remove Beta & <tidy>", "2026-03-03T10:00:00+00:00",
           {"data/companies/beta.yml": None, "README.md": "not data\n"})
    commit(tmp_path, "Docs only", "2026-04-04T10:00:00+00:00", {"README.md": "still not data\n"})
    return tmp_path


def test_one_pass_reads_every_data_commit_newest_first(repo: Path):
    found = history.read_history(repo)
    assert found.available
    assert [c.subject for c in found.commits] == ["Remove Beta & <tidy>", "Rename Alpha; add Beta", "Add Alpha"]
    assert found.commits[0].changes == [history.FileChange("D", "data/companies/beta.yml")]
    assert found.updated("data/companies/alpha.yml") == dt.datetime(2026, 2, 2, 10, tzinfo=dt.timezone.utc)


def test_last_updated_metadata(repo: Path):
    graph = read_data(repo / "data", repo).graph
    meta = history.last_updated(history.read_history(repo), graph.get("companies", "alpha"))
    assert meta == {"last_updated": "2 February 2026", "last_updated_iso": "2026-02-02T10:00:00+00:00"}


def test_changelog_tells_a_recheck_from_an_edit(repo: Path):
    alpha = COMPANY.format(name="Alpha Labs")
    commit(repo, "Re-check Alpha", "2026-05-05T10:00:00+00:00", {"data/companies/alpha.yml": alpha.replace(
        "checked: 2026-01-01", "checked: 2026-05-05").replace("accessed: 2026-11-28", "accessed: 2026-05-05")})
    commit(repo, "Fix Alpha's city", "2026-06-06T10:00:00+00:00", {"data/companies/alpha.yml": alpha.replace(
        "checked: 2026-01-01", "checked: 2026-06-06").replace("Beijing\nsummary", "Shanghai\nsummary")})
    commit(repo, "Edit without a check", "2026-07-07T10:00:00+00:00", {"data/companies/alpha.yml": alpha.replace(
        "checked: 2026-01-01", "checked: 2026-06-06").replace("A lab.", "A lab in Shanghai.")})
    graph = read_data(repo / "data", repo).graph
    found = history.read_history(repo)
    words = [history.record_changes(c, graph)[0].word for c in found.commits[:3]]
    assert words == ["Changed", "Changed and re-checked", "Re-checked against its sources"]


def test_outside_git_there_is_no_history(tmp_path: Path, monkeypatch):
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path.parent))
    (tmp_path / "data").mkdir()
    found = history.read_history(tmp_path)
    assert not found.available and found.commits == [] and found.updated("data/x.yml") is None


def test_a_shallow_clone_does_not_claim_its_boundary_commit_added_everything(repo: Path, tmp_path_factory):
    clone = tmp_path_factory.mktemp("shallow") / "clone"
    subprocess.run(["git", "clone", "-q", "--depth", "2", f"file://{repo}", str(clone)], check=True)
    found = history.read_history(clone)
    # Depth 2 holds "Docs only" and "Remove Beta"; the latter is the boundary, so nothing is known.
    assert found.available and found.commits == []
    assert found.updated("data/companies/alpha.yml") is None


def test_a_project_inside_a_bigger_repository(tmp_path: Path):
    git(tmp_path, "init", "-q", "-b", "main")
    commit(tmp_path, "Add Alpha", "2026-01-01T10:00:00+00:00",
           {"site/data/companies/alpha.yml": COMPANY.format(name="Alpha"), "data/companies/other.yml": "x: 1\n"})
    found = history.read_history(tmp_path / "site")
    assert [c.changes for c in found.commits] == [[history.FileChange("A", "data/companies/alpha.yml")]]


def test_changelog_and_atom_feed(repo: Path):
    graph = read_data(repo / "data", repo).graph
    files = history.changelog_files(history.read_history(repo), graph, "https://example.org/site/", "Test site",
                                    "https://github.com/example/repo")
    page = files["changelog.md"]
    assert "## 3 March 2026" in page and "## 2 February 2026" in page
    assert "- Removed: beta (company)" in page, "a removed record is named by id, without a link"
    assert '- Changed: <a href="../companies/alpha/">Alpha Labs</a> (company)' in page
    assert "Remove Beta &amp; &lt;tidy&gt;" in page, "commit subjects are escaped like any other text"
    assert "Docs only" not in page

    feed = ET.fromstring(files["changelog.xml"])
    assert feed.tag == f"{ATOM}feed"
    for name in ("id", "title", "updated"):
        assert feed.find(f"{ATOM}{name}").text, name
    assert feed.find(f"{ATOM}author/{ATOM}name").text == "Test site"
    assert feed.find(f"{ATOM}link[@rel='self']").get("href") == "https://example.org/site/changelog.xml"
    entries = feed.findall(f"{ATOM}entry")
    assert [e.find(f"{ATOM}title").text for e in entries] == [
        "Remove Beta & <tidy>", "Rename Alpha; add Beta", "Add Alpha"]
    for entry in entries:
        assert entry.find(f"{ATOM}id").text.startswith("https://github.com/example/repo/commit/")
        dt.datetime.fromisoformat(entry.find(f"{ATOM}updated").text)
        assert entry.find(f"{ATOM}link[@rel='alternate']").get("href").startswith(
            "https://example.org/site/changelog/#change-")
    assert len({e.find(f"{ATOM}id").text for e in entries}) == 3
    assert feed.find(f"{ATOM}updated").text == entries[0].find(f"{ATOM}updated").text
    content = entries[1].find(f"{ATOM}content")
    assert content.get("type") == "html"
    assert '<a href="https://example.org/site/companies/alpha/">Alpha Labs</a>' in content.text


def test_feed_without_site_url_or_repository_still_has_ids(repo: Path):
    graph = read_data(repo / "data", repo).graph
    feed = ET.fromstring(history.changelog_files(history.read_history(repo), graph, "", "Test site")["changelog.xml"])
    ids = [feed.find(f"{ATOM}id").text] + [e.find(f"{ATOM}id").text for e in feed.findall(f"{ATOM}entry")]
    assert all(value.startswith("urn:uuid:") for value in ids) and len(set(ids)) == len(ids)


def test_no_history_page_says_so(tmp_path: Path, monkeypatch):
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path.parent))
    (tmp_path / "data").mkdir()
    graph = read_data(tmp_path / "data", tmp_path).graph
    files = history.changelog_files(history.read_history(tmp_path), graph, "", "Test site")
    assert "The history is not available in this build of the site." in files["changelog.md"]
    assert ET.fromstring(files["changelog.xml"]).findall(f"{ATOM}entry") == []
