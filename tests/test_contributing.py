"""A newcomer follows CONTRIBUTING.md in a scratch git repository: adds a company and a quote, commits, builds.

One real build serves every test here: the new records show up linked, each page's "Edit this page" opens a file
or folder that exists, "Report a correction" opens the issue form with the page filled in, record pages say when
they last changed, and the changelog page and its Atom feed list the commit.
"""
from __future__ import annotations

import datetime as dt
import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from generator.engines.export import read_config, write_config
from tests.sites import ROOT, build, make_project

REPO_URL = "https://github.com/example/ai-race-explainer"
SITE_URL = "https://example.github.io/ai-race-explainer/"
ATOM = "{http://www.w3.org/2005/Atom}"
CONTRIBUTION_DATE = "2026-02-01T12:00:00+00:00"

# What the newcomer types in place of the template's placeholders, field by field.
COMPANY = {
    "name": "StepFun", "name_zh": "阶跃星辰", "kind": "startup", "country": "China", "headquarters": "Shanghai",
    "founded": "2023-04", "summary": "StepFun is a Shanghai start-up that builds the Step series of models.",
    "url": "https://news.example.org/stepfun", "publisher": "Example News", "title": "StepFun profile",
    "accessed": "2026-01-30", "checked": "2026-01-30",
    "excerpt": "StepFun, founded in April 2023 in Shanghai, builds the Step models.",
}
QUOTE = {
    "person": "ada-chen", "text": "Compute is the bottleneck, not talent.", "said_on": "2026-01-20",
    "context": "Asked what holds Chinese labs back.", "language": "en",
    "url": "https://news.example.org/ada-compute", "publisher": "Example News", "title": "Ada Chen on compute",
    "accessed": "2026-01-30", "checked": "2026-01-30",
    "excerpt": "“Compute is the bottleneck, not talent,” Chen said on 20 January.",
}


def git(repo: Path, *args: str, when: str) -> None:
    """git with a fixed identity and clock."""
    env = {**os.environ, "GIT_AUTHOR_NAME": "Newcomer", "GIT_AUTHOR_EMAIL": "new@example.org",
           "GIT_COMMITTER_NAME": "Newcomer", "GIT_COMMITTER_EMAIL": "new@example.org", "GIT_AUTHOR_DATE": when,
           "GIT_COMMITTER_DATE": when, "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}
    subprocess.run(["git", "-C", str(repo), *args], env=env, check=True, capture_output=True)


def generator(project: Path, *args: str) -> subprocess.CompletedProcess:
    """`python -m generator ...` in the project, as the guide says to run it."""
    return subprocess.run([sys.executable, "-m", "generator", *args], cwd=project, capture_output=True, text=True)


def fill(path: Path, values: dict[str, str], uncomment: dict[str, list[str]] | None = None) -> None:
    """Replace `key: "TODO: ..."` lines with the values, and switch on optional fields as the guide says."""
    lines = []
    for line in path.read_text(encoding="utf-8").splitlines():
        match = re.match(r'^(\s*(?:- )?)(\w+): "TODO:', line)
        if match and match.group(2) in values:
            line = f"{match.group(1)}{match.group(2)}: {values[match.group(2)]!r}"
        lines.append(line)
    for key, items in (uncomment or {}).items():
        lines.append(f"{key}:")
        lines += [f"  - {item}" for item in items]
    text = "\n".join(lines) + "\n"
    assert '"TODO' not in "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("#"))
    path.write_text(text, encoding="utf-8")


@pytest.fixture(scope="session")
def contribution(tmp_path_factory) -> Path:
    """The scratch project after the newcomer's commit: a git repository with the fixture facts plus two records."""
    project = make_project(tmp_path_factory.mktemp("newcomer") / "project")
    _absolute_hooks(project / "mkdocs.yml")
    git(project, "init", "-q", "-b", "main", when=CONTRIBUTION_DATE)
    git(project, "add", "-A", when=CONTRIBUTION_DATE)
    git(project, "commit", "-q", "-m", "Initial facts", when="2026-01-01T09:00:00+00:00")

    assert generator(project, "new", "company", "stepfun").returncode == 0
    fill(project / "data/companies/stepfun.yml", COMPANY, uncomment={"founders": ["ada-chen"]})
    assert generator(project, "new", "quote", "ada-compute").returncode == 0
    fill(project / "data/quotes/ada-compute.yml", QUOTE)
    checked = generator(project, "check")
    assert checked.returncode == 0 and ": 0 errors," in checked.stdout, checked.stdout

    git(project, "add", "data", when=CONTRIBUTION_DATE)
    git(project, "commit", "-q", "-m", "Add StepFun & a quote by Ada Chen", when=CONTRIBUTION_DATE)
    return project


@pytest.fixture(scope="session")
def site(contribution: Path) -> Path:
    """The scratch project built with `python -m generator build` (social cards off: they are not under test)."""
    out = contribution.parent / "site"
    done = build(contribution, out, env={"SOCIAL_CARDS": "false"})
    assert done.returncode == 0, done.stdout + done.stderr
    return out


def _absolute_hooks(config_file: Path) -> None:
    """Hook modules named relative to the real project (mkdocs.yml `hooks:`) are found from the scratch one too."""
    config = read_config(config_file)
    config["hooks"] = [str(ROOT / hook) for hook in config.get("hooks", [])]
    write_config(config, config_file)


class Links(HTMLParser):
    """Every <a> of a page with its attributes, and <time> elements."""

    def __init__(self):
        super().__init__()
        self.anchors: list[dict] = []
        self.times: list[dict] = []
        self._in_anchor: dict | None = None

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            self._in_anchor = {**dict(attrs), "text": ""}
            self.anchors.append(self._in_anchor)
        if tag == "time":
            self.times.append(dict(attrs))

    def handle_endtag(self, tag):
        if tag == "a":
            self._in_anchor = None

    def handle_data(self, data):
        if self._in_anchor is not None:
            self._in_anchor["text"] += data


def links(page: Path) -> Links:
    """The parsed links of a built page."""
    parser = Links()
    parser.feed(page.read_text(encoding="utf-8"))
    return parser


def pages(site: Path) -> list[Path]:
    """Every HTML page of the built site except the 404 page."""
    return sorted(p for p in site.rglob("index.html"))


def href_targets(page: Path, site: Path) -> set[str]:
    """The site-relative folders the page links to ('people/ada-chen/')."""
    found = set()
    for anchor in links(page).anchors:
        href = anchor.get("href", "")
        if href and not urlsplit(href).scheme and not href.startswith("#"):
            target = (page.parent / href.split("#")[0]).resolve()
            found.add(target.relative_to(site.resolve()).as_posix() + "/")
    return found


def test_new_records_show_up_linked(site: Path):
    company, quote, person = (site / "companies/stepfun/index.html", site / "quotes/ada-compute/index.html",
                              site / "people/ada-chen/index.html")
    assert company.is_file() and quote.is_file()
    assert "StepFun" in company.read_text(encoding="utf-8")
    assert "people/ada-chen/" in href_targets(company, site), "the company links its founder"
    assert "people/ada-chen/" in href_targets(quote, site), "the quote links its speaker"
    assert {"companies/stepfun/", "quotes/ada-compute/"} <= href_targets(person, site), "and back again"
    assert "companies/stepfun/" in href_targets(site / "companies/index.html", site)


def edit_links(site: Path) -> dict[str, str]:
    """Page -> the href of its "Edit this page" button."""
    found = {}
    for page in pages(site):
        for anchor in links(page).anchors:
            if anchor.get("rel") == "edit":
                found[page.relative_to(site).as_posix()] = anchor["href"]
    return found


def assert_edit_links_exist(site: Path, repository: Path) -> int:
    """Every edit link opens a file (edit/main/...) or folder (tree/main/...) that exists in the repository."""
    found = edit_links(site)
    for page, href in found.items():
        match = re.fullmatch(re.escape(REPO_URL) + r"/(edit|tree)/main/(.+)", href)
        assert match, f"{page}: {href}"
        target = repository / match.group(2)
        assert (target.is_file() if match.group(1) == "edit" else target.is_dir()), f"{page}: {href}"
    return len(found)


def test_every_edit_link_opens_a_file_that_exists(site: Path, contribution: Path):
    assert assert_edit_links_exist(site, contribution) == len(pages(site)), "every page has an edit link"
    found = edit_links(site)
    assert found["companies/stepfun/index.html"] == f"{REPO_URL}/edit/main/data/companies/stepfun.yml"
    assert found["companies/index.html"] == f"{REPO_URL}/tree/main/data/companies/"
    assert found["index.html"] == f"{REPO_URL}/edit/main/docs/index.md"


def test_every_edit_link_of_the_real_site_opens_a_file_in_this_repository(real_site: Path):
    assert assert_edit_links_exist(real_site, ROOT) > 50


def test_report_a_correction_opens_the_form_with_the_page_filled_in(site: Path):
    for page in pages(site):
        reports = [a for a in links(page).anchors if a["text"].strip() == "Report a correction"]
        assert len(reports) == 1, page
        parts = urlsplit(reports[0]["href"])
        assert f"{parts.scheme}://{parts.netloc}{parts.path}" == f"{REPO_URL}/issues/new"
        query = parse_qs(parts.query)
        assert query["template"] == ["fact-correction.yml"]
        assert query["page"] == [SITE_URL + page.relative_to(site).parent.as_posix().removeprefix(".") + "/"
                                 if page.parent != site else SITE_URL]
        assert query["title"][0].startswith("Correction: ")
    company = links(site / "companies/stepfun/index.html").anchors
    report = next(a for a in company if a["text"].strip() == "Report a correction")
    assert parse_qs(urlsplit(report["href"]).query)["title"] == ["Correction: StepFun"]


def test_record_pages_say_when_their_facts_last_changed(site: Path):
    page = site / "companies/stepfun/index.html"
    assert {"datetime": "2026-02-01T12:00:00+00:00"} in links(page).times
    assert re.search(r"Last updated\s*<time[^>]*>1 February 2026</time>", page.read_text(encoding="utf-8"))
    untouched = site / "companies/alpha-lab/index.html"
    assert {"datetime": "2026-01-01T09:00:00+00:00"} in links(untouched).times


def test_changelog_lists_the_contribution(site: Path):
    page = site / "changelog/index.html"
    html = page.read_text(encoding="utf-8")
    assert "Add StepFun &amp; a quote by Ada Chen" in html
    assert {"companies/stepfun/", "quotes/ada-compute/"} <= href_targets(page, site)


def test_changelog_feed_is_valid_atom_and_lists_the_contribution(site: Path):
    feed = ET.parse(site / "changelog.xml").getroot()
    assert feed.tag == f"{ATOM}feed"
    for name in ("id", "title", "updated"):
        assert (feed.findtext(f"{ATOM}{name}") or "").strip(), f"feed has no {name}"
    assert feed.findtext(f"{ATOM}author/{ATOM}name")
    entries = feed.findall(f"{ATOM}entry")
    assert entries
    for entry in entries:
        for name in ("id", "title", "updated"):
            assert (entry.findtext(f"{ATOM}{name}") or "").strip(), f"entry has no {name}"
        dt.datetime.fromisoformat(entry.findtext(f"{ATOM}updated"))
    newest = entries[0]
    assert newest.findtext(f"{ATOM}title") == "Add StepFun & a quote by Ada Chen"
    assert newest.findtext(f"{ATOM}updated") == "2026-02-01T12:00:00+00:00"
    assert f"{SITE_URL}companies/stepfun/" in newest.findtext(f"{ATOM}content")
    head = (site / "index.html").read_text(encoding="utf-8")
    assert re.search(r'<link rel="alternate" type="application/atom\+xml"[^>]*href="changelog.xml"', head)
