"""The live preview (`python -m generator serve`): an edit rebuilds only what it changes, and the result is the
site a full build makes; a data error shows in the terminal and over the page, and the last good site stays up."""
from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from generator.engines.config_file import read_config
from tests.browser import goto_when_up
from tests.sites import QUICK, make_project

ADDRESS = "127.0.0.1:8000"
RENAMED = ("name: Alpha Lab\n", "name: Alpha Lab Renamed\n")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def site_files(site: Path) -> dict[str, bytes]:
    """Every output file by path; the search index with its entries in one order (a rebuild appends)."""
    files = {path.relative_to(site).as_posix(): path.read_bytes() for path in site.rglob("*") if path.is_file()}
    index = json.loads(files.pop("search/search_index.json"))
    index["docs"] = sorted(index["docs"], key=lambda entry: json.dumps(entry, sort_keys=True))
    files["search/search_index.json"] = json.dumps(index, sort_keys=True).encode()
    return files


@pytest.fixture
def preview_env(monkeypatch):
    from generator.engines.serve import PREVIEW_ENV

    for key, value in {**QUICK, **PREVIEW_ENV}.items():
        monkeypatch.setenv(key, value)


def preview(project: Path, site: Path):
    from generator.engines.serve import Preview

    return Preview((project / "mkdocs.yml").resolve(), site, ADDRESS)


FULL_BUILD = """import sys; from pathlib import Path; from generator.engines.serve import Preview
preview = Preview(Path(sys.argv[1]).resolve(), Path(sys.argv[2]), sys.argv[3]); preview.build()
sys.exit(preview.error is not None)"""


def full_build(project: Path, site: Path) -> Path:
    """The preview's first, full build of the same project, in a process of its own (MkDocs keeps plugins
    between builds of one process)."""
    done = subprocess.run([sys.executable, "-c", FULL_BUILD, str(project / "mkdocs.yml"), str(site), ADDRESS],
                          capture_output=True, text=True, env=os.environ)
    assert done.returncode == 0, done.stderr[-3000:]
    return site


def test_an_incremental_rebuild_makes_the_site_a_full_build_makes(tmp_path, preview_env):
    project = make_project(tmp_path / "project")
    live = preview(project, tmp_path / "live")
    live.build()
    facts = live.config.plugins["facts"]
    total = facts.previous.last_rendered
    edit(project / "data" / "companies" / "alpha-lab.yml", *RENAMED)
    (project / "data" / "models" / "alpha-2.yml").unlink()  # a page that goes away
    live.build()
    assert live.error is None
    rendered, reused = facts.previous.last_rendered, facts.page_cache.reused
    assert site_files(tmp_path / "live") == site_files(full_build(project, tmp_path / "fresh"))
    # The edit reached its page, the index, the pages linking to it, the home page's embed and the search index.
    for page in ["companies/alpha-lab/index.html", "companies/index.html", "people/ada-chen/index.html",
                 "models/alpha-1/index.html", "index.html", "search/search_index.json", "data/companies.json"]:
        assert "Alpha Lab Renamed" in (tmp_path / "live" / page).read_text(encoding="utf-8"), page
    assert not (tmp_path / "live" / "models" / "alpha-2").exists()
    # ... by rendering a part of the site again, not all of it.
    assert 0 < rendered < total, (rendered, total)
    assert reused > 0


def test_a_page_reading_a_record_through_two_links_is_rendered_again(tmp_path, preview_env):
    """A company page shows its people's quotes: editing one, or adding one, changes the company page."""
    project = make_project(tmp_path / "project")
    live = preview(project, tmp_path / "live")
    live.build()
    total = live.config.plugins["facts"].previous.last_rendered
    quote = project / "data" / "quotes" / "ada-gap.yml"
    early = project / "data" / "quotes" / "ada-early.yml"
    edits = [  # the text and the source's words, which must agree; then a quote no page linked before
        lambda: quote.write_text(quote.read_text(encoding="utf-8").replace("say so plainly", "say so again"),
                                 encoding="utf-8"),
        lambda: (early.parent / "ada-later.yml").write_text(early.read_text(encoding="utf-8"), encoding="utf-8")]
    company = tmp_path / "live" / "companies" / "alpha-lab" / "index.html"
    for number, (change, shown) in enumerate(zip(edits, ["say so again", "quotes/ada-later/"])):
        change()
        live.build()
        rendered = live.config.plugins["facts"].previous.last_rendered
        assert site_files(tmp_path / "live") == site_files(full_build(project, tmp_path / f"fresh-{number}"))
        assert shown in company.read_text(encoding="utf-8")
        assert 0 < rendered < total / 2, (rendered, total)


def test_a_data_error_keeps_the_last_good_site_and_says_where(tmp_path, preview_env):
    project = make_project(tmp_path / "project")
    live = preview(project, tmp_path / "live")
    live.build()
    page = tmp_path / "live" / "companies" / "alpha-lab" / "index.html"
    before = page.read_bytes()
    edit(project / "data" / "companies" / "alpha-lab.yml", "founded: 2019-06\n", "founded: 2019-06\nfounded_by: x\n")
    live.build()
    assert live.error is not None and "data/companies/alpha-lab.yml:10:1: error: unknown field" in live.error, live.error
    assert page.read_bytes() == before
    edit(project / "data" / "companies" / "alpha-lab.yml", "founded_by: x\n", "")
    edit(project / "data" / "companies" / "alpha-lab.yml", *RENAMED)
    live.build()
    assert live.error is None
    assert "Alpha Lab Renamed" in page.read_text(encoding="utf-8")


def test_the_error_overlay_shows_contributor_text_as_text():
    from generator.engines.serve import _with_overlay

    page = _with_overlay(b"<html><body><p>old</p></body></html>", 'a.yml:1:1: unknown field "</script><b>x</b>"')
    script = page.split(b"<script>", 1)[1]
    assert b"</script><b>" not in script and b"<b>x</b>" not in script
    assert page.endswith(b"</script></body></html>")


@pytest.mark.browser
def test_serve_shows_an_edit_and_an_error_in_the_browser(tmp_path, browser):
    project = make_project(tmp_path / "project")
    port = free_port()
    path = read_config(project / "mkdocs.yml")["site_url"].split("://", 1)[1].split("/", 1)[1]
    url = f"http://127.0.0.1:{port}/{path}companies/alpha-lab/"
    log = (tmp_path / "serve.log").open("w")
    server = subprocess.Popen([sys.executable, "-m", "generator", "serve"], cwd=project, stdout=log,
                              stderr=subprocess.STDOUT,
                              env={**os.environ, **QUICK, "SERVE_ADDR": f"127.0.0.1:{port}"})
    context = browser.new_context()
    try:
        page = context.new_page()
        goto_when_up(page, url, timeout=90)
        record = project / "data" / "companies" / "alpha-lab.yml"
        edit(record, *RENAMED)
        page.wait_for_selector("h1:has-text('Alpha Lab Renamed')", timeout=20_000)
        edit(record, "founded: 2019-06\n", "founded: 2019-06\n'<img src=x onerror=alert(1)>': 1\n")
        alert = page.wait_for_selector("#facts-build-error", timeout=20_000)
        assert "data/companies/alpha-lab.yml:10:1: error: unknown field" in alert.inner_text()
        assert "<img src=x onerror=alert(1)>" in alert.inner_text()
        assert page.locator("#facts-build-error img").count() == 0
        assert page.locator("h1").inner_text().startswith("Alpha Lab Renamed"), "the last good page stays"
        edit(record, "'<img src=x onerror=alert(1)>': 1\n", "")
        page.wait_for_selector("#facts-build-error", state="detached", timeout=20_000)
    finally:
        context.close()
        server.terminate()
        server.wait(timeout=30)
        log.close()
    output = (tmp_path / "serve.log").read_text(encoding="utf-8")
    assert "data/companies/alpha-lab.yml:10:1: error: unknown field" in output
    assert "Traceback" not in output
    assert not list((project / "docs").rglob("alpha-lab*")), "nothing is written into docs/"

