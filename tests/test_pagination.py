"""Long lists go on over several pages (generator/pages/render.py, paged): every record is listed exactly once,
in the list's order across the pages, each page links the next and the one before, and the built site resolves
every one of those links. The real site's lists fit on one page each."""
from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

from generator.facts.pipeline import read_data
from generator.facts.problems import DataError
from generator.pages.render import PAGE_SIZE, RECORD_KINDS, render
from tests.sites import build, make_project

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))
from pages import HOME, write_data  # noqa: E402  (the benchmark's synthetic records: 5 linked kinds)

LINK = re.compile(r'<a href="(?:\.\./)?([a-z0-9-]+)/">')


@pytest.fixture(scope="module")
def long_data(tmp_path_factory) -> Path:
    """Data with 51 records of each kind: two pages per list."""
    data = tmp_path_factory.mktemp("long") / "data"
    write_data(data, 5 * (PAGE_SIZE + 1))
    return data


@pytest.fixture(scope="module")
def pages(long_data) -> dict[str, str]:
    from generator.engines.prebuild import load_stages

    load_stages()
    return render(read_data(long_data, long_data.parent).graph)


@pytest.mark.parametrize("kind", RECORD_KINDS)
def test_each_record_is_listed_once_across_the_pages(pages, kind):
    first, second = pages[f"{kind}/index.md"], pages[f"{kind}/page-2.md"]
    listed = [link for text in (first, second) for link in LINK.findall(text.split("\nPage ", 1)[0])
              if link.startswith(("company-", "person-", "quote-", "event-", "model-"))
              and link.split("-")[0] == {"companies": "company", "people": "person", "quotes": "quote",
                                         "events": "event", "models": "model"}[kind]]
    assert sorted(set(listed)) == sorted(listed) and len(listed) == PAGE_SIZE + 1, (kind, len(listed))
    assert f"{kind}/page-3.md" not in pages
    assert 'Page 1 of 2 · <a href="page-2/">next page</a>' in first
    assert 'Page 2 of 2 · <a href="../">previous page</a>' in second
    assert 'title: "Companies, page 2 of 2"' in pages["companies/page-2.md"]


def test_newest_quotes_come_first_across_the_pages(tmp_path):
    data = tmp_path / "data"
    write_data(data, 5 * (PAGE_SIZE + 1))
    for number, path in enumerate(sorted((data / "quotes").glob("*.yml"), key=lambda p: int(p.stem.split("-")[1]))):
        path.write_text(path.read_text(encoding="utf-8").replace("said_on: 2026-01-10",
                                                                 f"said_on: 2020-{number % 12 + 1:02d}-01"),
                        encoding="utf-8")
    from generator.engines.prebuild import load_stages

    load_stages()
    graph = read_data(data, tmp_path).graph
    pages = render(graph)
    dates = [graph.get("quotes", quote).record.said_on for name in ("quotes/index.md", "quotes/page-2.md")
             for quote in LINK.findall(pages[name]) if quote.startswith("quote-")]
    assert dates == sorted(dates, key=str, reverse=True) and len(dates) == PAGE_SIZE + 1


def test_an_id_that_names_a_list_page_is_refused(tmp_path):
    data = tmp_path / "data"
    write_data(data, 5)
    (data / "companies" / "company-0.yml").rename(data / "companies" / "page-2.yml")
    from generator.engines.prebuild import load_stages

    load_stages()
    result = read_data(data, tmp_path)
    with pytest.raises(DataError, match="page-2.yml:1:1: error: the id 'page-2' is reserved for the list pages"):
        render(result.graph)


def test_a_long_site_builds_with_every_page_link_resolved(long_data, tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "index.md").write_text(HOME, encoding="utf-8")
    project = make_project(tmp_path / "project", data=long_data, docs=docs)
    done = build(project, tmp_path / "site")  # strict: a link to a missing page fails the build
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    second = (tmp_path / "site" / "companies" / "page-2" / "index.html").read_text(encoding="utf-8")
    assert 'href="../">previous page</a>' in second
    assert (tmp_path / "site" / "timeline" / "page-2" / "index.html").is_file()


def test_the_real_site_s_lists_fit_on_one_page():
    from generator.engines.prebuild import load_stages

    load_stages()
    root = Path(__file__).resolve().parent.parent
    assert not [path for path in render(read_data(root / "data", root).graph) if "/page-" in path]
