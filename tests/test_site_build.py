"""Real builds of the scratch project (tests/fixtures) with `python -m generator build`, into tmp_path.

One build is shared by the module; the tests that need a broken or second build make their own.
"""
from __future__ import annotations

import csv
import filecmp
import hashlib
import io
import json
import re
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from generator.engines.config_file import read_config
from generator.facts.model import KINDS
from generator.facts.pipeline import load_graph, read_data
from tests.sites import FIXTURES, build, export, make_project

RECORD_KINDS = ["companies", "people", "quotes", "events", "models"]


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    """The scratch project: tests/fixtures data and docs under the real config and theme."""
    return make_project(tmp_path_factory.mktemp("scratch") / "project")


@pytest.fixture(scope="module")
def site(project) -> Path:
    """The scratch project built once."""
    out = project.parent / "site"
    done = build(project, out)
    assert done.returncode == 0, done.stdout + done.stderr
    return out


@pytest.fixture(scope="module")
def graph():
    """The scratch data, linked, to compare the site against."""
    return load_graph(FIXTURES / "data", FIXTURES)


def html_of(site: Path, url: str) -> str:
    return (site / url / "index.html").read_text(encoding="utf-8")


def article(html: str) -> str:
    """The page's content, without the theme's header, sidebars and footer."""
    return html[html.index('<article class="md-content__inner'):html.index("</article>")]


def tree_digest(folder: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(folder.rglob("*")):
        digest.update(path.relative_to(folder).as_posix().encode())
        if path.is_file():
            digest.update(path.read_bytes())
    return digest.hexdigest()


def test_every_record_index_and_timeline_page_exists(site, graph):
    for kind in RECORD_KINDS:
        assert (site / kind / "index.html").exists()
        for entry in graph.all(kind):
            assert (site / kind / entry.id / "index.html").exists(), (kind, entry.id)
    assert (site / "timeline" / "index.html").exists()


def test_nothing_is_written_into_docs(project, site):
    assert sorted(p.relative_to(project / "docs").as_posix() for p in (project / "docs").rglob("*.md")) == ["index.md"]


def test_back_links_and_citations_appear_in_the_built_pages(site):
    company = article(html_of(site, "companies/alpha-lab"))
    for target in ("../../people/ada-chen/", "../../models/alpha-1/", "../../events/alpha-ipo/",
                   "../../quotes/ada-gap/"):
        assert f'href="{target}"' in company, target
    assert '<ol class="citations"' in company and '<li id="source-1">' in company
    assert '<a href="#source-1">[1]</a>' in company
    assert 'href="https://news.example.org/alpha-profile"' in company
    person = article(html_of(site, "people/ada-chen"))
    assert 'href="../../companies/alpha-lab/"' in person and 'href="../../quotes/ada-early/"' in person


def test_records_are_not_in_the_sidebar(site):
    page = html_of(site, "companies/alpha-lab")
    sidebar = page[page.index('<nav class="md-nav md-nav--primary"'):page.index('<div class="md-content"')]
    assert "alpha-lab/" not in sidebar and "ada-chen/" not in sidebar
    assert 'href="../"' in sidebar  # the companies index is in the sidebar


def test_home_page_embeds_are_expanded(site):
    home = article((site / "index.html").read_text(encoding="utf-8"))
    assert '<a href="companies/alpha-lab/">Alpha Lab</a> raised <span class="fact">about US$558 million</span>' in home
    assert '<figure class="quote-card">' in home and "The gap is real" in home
    assert "<code>[[company:not-a-record]]</code>" in home
    assert 'id="source-1"' in home


def test_each_page_has_description_and_open_graph_tags(site):
    page = html_of(site, "companies/alpha-lab")
    assert '<meta name="description" content="Alpha Lab is a made-up model start-up used by the tests.' in page
    assert '<meta property="og:title" content="Alpha Lab">' in page
    assert '<meta property="og:description" content="Alpha Lab is a made-up' in page
    assert '<meta property="og:url" content="https://example.github.io/ai-race-explainer/companies/alpha-lab/">' \
        in page or '<meta property="og:url" content="' in page
    assert "<title>Alpha Lab - " in page
    quote = html_of(site, "quotes/ada-gap")
    assert '<meta property="og:title" content="Ada Chen: “The gap is real, and we should say so plainly.”">' in quote


def test_edit_button_of_a_record_page_opens_its_data_file(site):
    page = html_of(site, "companies/alpha-lab")
    assert re.search(r'href="https://[^"]+/edit/[^"]+/data/companies/alpha-lab\.yml"', page)
    assert "/edit/" not in article(html_of(site, "timeline"))


def test_json_data_files_have_every_record_with_id_and_page_url(site, graph):
    for kind in KINDS:
        rows = json.loads((site / "data" / f"{kind}.json").read_text(encoding="utf-8"))
        entries = graph.all(kind)
        assert [row["id"] for row in rows] == [entry.id for entry in entries]
        for row, entry in zip(rows, entries):
            expected = entry.record.model_dump(mode="json", by_alias=True)
            assert {key: row[key] for key in expected} == expected
            assert row["path"] == f"{kind}/{entry.id}/"
            assert urlsplit(row["url"]).path.endswith(f"/{kind}/{entry.id}/")
            if kind in RECORD_KINDS:
                assert (site / row["path"] / "index.html").exists()


def test_csv_data_files_parse_and_match_the_records(site, graph):
    for kind in KINDS:
        rows = list(csv.DictReader(io.StringIO((site / "data" / f"{kind}.csv").read_text(encoding="utf-8"))))
        assert [row["id"] for row in rows] == [entry.id for entry in graph.all(kind)]
    companies = {row["id"]: row for row in csv.DictReader(
        io.StringIO((site / "data" / "companies.csv").read_text(encoding="utf-8")))}
    alpha = companies["alpha-lab"]
    assert alpha["name"] == "Alpha Lab" and alpha["name_zh"] == "阿尔法实验室"
    assert alpha["listing.exchange"] == "HKEX Main Board" and alpha["listing.code"] == "0001"
    assert alpha["founded"] == "2019-06" and alpha["founders"] == "ada-chen"
    assert [s["url"] for s in json.loads(alpha["sources"])] == [
        "https://news.example.org/alpha-profile", "https://filings.example.com/alpha-prospectus"]
    assert companies["beta-corp"]["name_zh"] == ""
    models = {row["id"]: row for row in csv.DictReader(
        io.StringIO((site / "data" / "models.csv").read_text(encoding="utf-8")))}
    assert models["alpha-1"]["parameters.total"] == "355.0" and models["alpha-1"]["open_weights"] == "true"


class _Requests(HTMLParser):
    """Every URL a page makes the browser fetch by itself: scripts, stylesheets, icons, images, frames."""

    def __init__(self):
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in ("script", "img", "iframe", "source", "audio", "video", "embed") and attrs.get("src"):
            self.urls.append(attrs["src"])
        if tag == "link" and attrs.get("href") and attrs.get("rel") not in ("canonical", "alternate"):
            self.urls.append(attrs["href"])


def test_pages_fetch_nothing_from_other_hosts(site):
    for page in site.rglob("*.html"):
        parser = _Requests()
        parser.feed(page.read_text(encoding="utf-8"))
        foreign = [url for url in parser.urls if urlsplit(url).scheme or url.startswith("//")]
        assert foreign == [], page
    assert not list(site.rglob("*.woff2")), "web fonts are not needed: theme.font is false"
    assert "fonts.googleapis.com" not in (site / "index.html").read_text(encoding="utf-8")
    assert 'data-md-component="source"' not in (site / "index.html").read_text(encoding="utf-8")


@pytest.mark.parametrize("engine", ["mkdocs", "zensical"])
def test_two_builds_with_source_date_epoch_are_byte_identical(project, tmp_path, engine):
    """For Zensical the second build is a warm one (its cache kept in the work folder): still the same bytes."""
    env = {"SOURCE_DATE_EPOCH": "1767225600"}
    first, second = tmp_path / "one", tmp_path / "two"
    assert build(project, first, env, engine).returncode == 0
    assert build(project, second, env, engine).returncode == 0
    comparison = filecmp.dircmp(first, second)
    assert tree_digest(first) == tree_digest(second), (comparison.diff_files, comparison.left_only)


def _broken_copy(project: Path, dest: Path) -> Path:
    shutil.copytree(project, dest)
    return dest


def _break_data(project: Path) -> None:
    bad = project / "data" / "quotes" / "bo-odds.yml"
    bad.write_text(bad.read_text(encoding="utf-8").replace("person: bo-li", "person: bo-lee"), encoding="utf-8")


def _break_link(project: Path) -> None:
    """A broken link fails a strict build only at its end, after MkDocs has cleaned and written the site folder."""
    index = project / "docs" / "index.md"
    index.write_text(index.read_text(encoding="utf-8") + "\nSee [nothing](no-such-page.md).\n", encoding="utf-8")


@pytest.mark.parametrize("engine", ["mkdocs", "zensical"])
@pytest.mark.parametrize("breakage", [_break_data, _break_link], ids=["data-error", "late-warning"])
def test_a_failed_build_leaves_the_previous_site_untouched(project, tmp_path, breakage, engine):
    out = tmp_path / "site"
    assert build(project, out, engine=engine).returncode == 0
    before = tree_digest(out)
    broken = _broken_copy(project, tmp_path / "broken")
    breakage(broken)
    done = build(broken, out, engine=engine)
    assert done.returncode == 1
    assert "build failed" in done.stderr
    assert tree_digest(out) == before
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".site-")] == []


def test_data_errors_stop_the_build_with_the_lines_check_prints(project, tmp_path):
    broken = _broken_copy(project, tmp_path / "broken")
    bad = broken / "data" / "quotes" / "bo-odds.yml"
    bad.write_text(bad.read_text(encoding="utf-8").replace("person: bo-li", "person: bo-lee"), encoding="utf-8")
    (broken / "data" / "models" / "alpha-2.yml").write_text("name: [unclosed\n", encoding="utf-8")
    lines = [p.as_text() for p in read_data(broken / "data", broken).errors]
    assert len(lines) == 2
    done = build(broken, tmp_path / "site")
    assert done.returncode == 1
    for line in lines:
        assert line in done.stdout + done.stderr
    assert "data/quotes/bo-odds.yml:1:9: error: person 'bo-lee' not found (did you mean 'bo-li'?)" in lines
    assert "Traceback" not in done.stderr


def test_an_unknown_embed_in_a_hand_written_page_stops_the_build_with_file_and_line(project, tmp_path):
    broken = _broken_copy(project, tmp_path / "broken")
    index = broken / "docs" / "index.md"
    index.write_text(index.read_text(encoding="utf-8") + "\nSee [[company:alpha-lap]].\n", encoding="utf-8")
    lines = index.read_text(encoding="utf-8").splitlines()
    done = build(broken, tmp_path / "site")
    assert done.returncode == 1
    assert (f"docs/index.md:{len(lines)}:5: error: [[company:alpha-lap]]: company 'alpha-lap' not found "
            "(did you mean 'alpha-lab'?)") in done.stdout + done.stderr


def test_a_hand_written_page_cannot_hide_a_generated_one(project, tmp_path):
    broken = _broken_copy(project, tmp_path / "broken")
    (broken / "docs" / "companies").mkdir()
    (broken / "docs" / "companies" / "alpha-lab.md").write_text("# Mine\n", encoding="utf-8")
    done = build(broken, tmp_path / "site")
    assert done.returncode == 1
    assert "docs/companies/alpha-lab.md has the same path as a generated file" in done.stdout + done.stderr


def test_build_refuses_to_replace_the_project(project):
    done = subprocess.run([sys.executable, "-m", "generator", "build", "--out", "."], cwd=project,
                          capture_output=True, text=True)
    assert done.returncode == 2 and "would replace the project" in done.stderr
    assert (project / "mkdocs.yml").exists()


def test_export_builds_the_same_pages_with_plain_mkdocs(project, site, tmp_path):
    out = tmp_path / "export"
    done = export(project, out)
    assert done.returncode == 0, done.stdout + done.stderr
    config = read_config(out / "mkdocs.yml")
    assert "facts" not in json.dumps(config.get("plugins"), default=repr)
    assert (out / "docs" / "companies" / "alpha-lab.md").exists()
    assert (out / "docs" / "data" / "companies.json").read_bytes() == (site / "data" / "companies.json").read_bytes()
    assert "[[" not in (out / "docs" / "index.md").read_text(encoding="utf-8").split("`[[")[0]
    plain = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(out / "mkdocs.yml"),
                            "-d", str(tmp_path / "plain")], capture_output=True, text=True)
    assert plain.returncode == 0, plain.stderr
    built = {p.relative_to(site).as_posix() for p in site.rglob("*.html")}
    exported = {p.relative_to(tmp_path / "plain").as_posix() for p in (tmp_path / "plain").rglob("*.html")}
    records = {f"{kind}/{name}" for kind in RECORD_KINDS for name in ["index.html"] + [
        f"{p.stem}/index.html" for p in (FIXTURES / "data" / kind).glob("*.yml")]}
    assert records | {"index.html", "timeline/index.html"} <= exported <= built
    assert "Alpha Lab" in article(html_of(tmp_path / "plain", "companies/alpha-lab"))


def test_export_refuses_a_folder_it_did_not_write(project, tmp_path):
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "notes.txt").write_text("keep me", encoding="utf-8")
    done = export(project, mine)
    assert done.returncode == 2 and "was not written by export" in done.stderr
    assert (mine / "notes.txt").read_text(encoding="utf-8") == "keep me"
    assert export(project, tmp_path / "fresh").returncode == 0
    assert export(project, tmp_path / "fresh").returncode == 0  # a previous export is replaced
