"""The weekly source check, offline: a local server stands in for the world's websites."""
from __future__ import annotations

import http.server
import json
import textwrap
import threading
from pathlib import Path

import pytest

from audit import external_links
from audit.external_links import SourceRef, check_sources, classify, issue_body, source_refs

PAGES = {"/article": 200, "/moved": 301, "/gone": 404, "/removed": 410, "/archive/gone": 200, "/forbidden": 403,
         "/no-head": 200}


class _World(http.server.BaseHTTPRequestHandler):
    """200, 404, 410, 403 and a redirect, by path; /no-head refuses HEAD like some real servers."""

    def do_HEAD(self):
        if self.path == "/no-head":
            self.send_response(405)
            self.end_headers()
            return
        self._answer()

    def do_GET(self):
        self._answer()

    def _answer(self):
        status = PAGES.get(self.path, 404)
        self.send_response(status)
        if status == 301:
            self.send_header("Location", "/article")
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, format, *args):  # noqa: A002 - the base class's name
        pass


@pytest.fixture(scope="module")
def world():
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _World)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()
    thread.join()


def _ref(url: str, archive: str | None = None, line: int = 3) -> SourceRef:
    return SourceRef(url, archive, "data/companies/zhipu.yml", line)


def test_live_redirected_and_head_refusing_sources_are_alive(world):
    refs = [_ref(world + path) for path in ("/article", "/moved", "/no-head")]
    checks = check_sources(refs, timeout=5)
    assert {url: check.state for url, check in checks.items()} == {ref.url: "alive" for ref in refs}
    assert classify(refs, checks) == {"dead": [], "archived": [], "unsure": []}


def test_dead_source_is_listed_with_its_record_file_and_line(world):
    refs = [_ref(world + "/gone", line=12), _ref(world + "/removed", line=20)]
    groups = classify(refs, check_sources(refs, timeout=5))
    assert [(row["file"], row["line"], row["detail"]) for row in groups["dead"]] == [
        ("data/companies/zhipu.yml", 12, "HTTP 404"), ("data/companies/zhipu.yml", 20, "HTTP 410")]
    body = issue_body(groups, checked=2)
    assert "`data/companies/zhipu.yml` line 12" in body and world + "/gone" in body


def test_dead_source_falls_back_to_its_archive_copy(world):
    saved = _ref(world + "/gone", archive=world + "/archive/gone")
    lost = _ref(world + "/removed", archive=world + "/archive/removed")  # the archive copy is gone too
    groups = classify([saved, lost], check_sources([saved, lost], timeout=5))
    assert [row["url"] for row in groups["archived"]] == [saved.url]
    assert [row["url"] for row in groups["dead"]] == [lost.url]


def test_blocked_or_unreachable_source_is_unsure_not_dead(world):
    refs = [_ref(world + "/forbidden"), _ref("http://127.0.0.1:9/")]  # port 9 (discard) refuses connections
    groups = classify(refs, check_sources(refs, timeout=5))
    assert [row["url"] for row in groups["unsure"]] == [world + "/forbidden"]
    assert [row["url"] for row in groups["dead"]] == ["http://127.0.0.1:9/"]


def test_every_source_of_every_record_is_found_with_its_line(tmp_path):
    data = tmp_path / "data"
    (data / "companies").mkdir(parents=True)
    (data / "companies" / "acme.yml").write_text(textwrap.dedent("""\
        name: Acme
        kind: startup
        country: China
        headquarters: Beijing
        summary: A company.
        sources:
          - url: https://example.com/one
            publisher: Example
            title: One
            accessed: 2026-01-01
            excerpt: Acme is a company.
        checked: 2026-01-01
        disputes:
          - field: founded
            summary: Sources disagree.
            sources:
              - url: https://example.com/two
                archive_url: https://archive.example.org/two
                publisher: Example
                title: Two
                accessed: 2026-01-01
        """), encoding="utf-8")
    refs = source_refs(data, tmp_path)
    assert refs == [SourceRef("https://example.com/one", None, "data/companies/acme.yml", 7),
                    SourceRef("https://example.com/two", "https://archive.example.org/two",
                              "data/companies/acme.yml", 17)]


def test_real_data_has_sources_to_check():
    refs = source_refs(Path(__file__).resolve().parent.parent / "data")
    assert len(refs) > 20 and all(ref.url.startswith("https://") and ref.line > 0 for ref in refs)


def test_command_writes_the_issue_body_and_counts(tmp_path, monkeypatch, world):
    refs = [_ref(world + "/article"), _ref(world + "/gone")]
    monkeypatch.setattr(external_links, "source_refs", lambda data, root=None: refs)
    out = tmp_path / "external-links.md"
    assert external_links.main(["--data", str(tmp_path), "--out", str(out), "--timeout", "5"]) == 0
    counts = json.loads(out.with_suffix(".json").read_text(encoding="utf-8"))["counts"]
    assert counts == {"dead": 1, "archived": 0, "unsure": 0, "urls": 2, "citations": 2}
    assert "Dead, with no archive copy" in out.read_text(encoding="utf-8")
