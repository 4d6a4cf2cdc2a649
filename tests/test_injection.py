"""Injection: every field of every scratch record, in turn, holds each hostile payload.

Either `check` rejects it with an error located in that file (at the value, its key, or for a rule about the whole
record, the record), or the site is built with it and no page contains it live: no script that runs it, no event
handler attribute, no javascript: link, no injected element. Both walls are tested: the Markdown escaping alone
(render, then Python-Markdown without the sanitiser) and the full build (escaping, then nh3).
"""
from __future__ import annotations

import datetime as dt
import shutil
from html.parser import HTMLParser
from pathlib import Path

import markdown
import pytest
import yaml

from generator.facts.load import load_file
from generator.facts.pipeline import read_data
from generator.pages.render import render
from tests.sites import FIXTURES, build, make_project
from tests.test_markdown_escape import CONFIGS, NAMES

PAYLOADS = {
    "script": "<script>alert(1)</script>",
    "link": "x](javascript:alert(1))",
    "attr-list": '{ onclick="alert(1)" }',
    "new-block": "\n\n<img src=x onerror=alert(1)>",
    "js-url": "javascript:alert(1)",
}
# Rules about a whole record are reported at the record (line 1); all other rejections point at the value, its
# key or the entry holding it.
RECORD_LEVEL_RULES = {("disputes", "field")}
# A source's words must go on stating the record's figures and quotes, so a payload joins an excerpt rather than
# replacing it: check then accepts it and the pages show it, which is what the walls are tested on.
APPENDED = {"excerpt", "excerpt_en"}


def hostile(loc: tuple, old, payload: str):
    """The value a payload makes of the field at loc."""
    return f"{old} {payload}" if loc and loc[-1] in APPENDED else payload


def with_payload(data: dict, loc: tuple, payload: str) -> dict:
    """The record with the payload at loc; a quote's sources then print the hostile words, as a source would."""
    data = replaced(data, loc, hostile(loc, _at(data, loc), payload))
    if loc == ("text",) and "person" in data:
        data = {**data, "sources": [{**source, **{key: f"{source[key]} {payload}" for key in APPENDED
                                                  if key in source}} for source in data["sources"]]}
    return data


def leaves(value, loc=()):
    """(loc, value) for every scalar in a record's mapping, in file order."""
    if isinstance(value, dict):
        for key, item in value.items():
            yield from leaves(item, loc + (key,))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from leaves(item, loc + (index,))
    else:
        yield loc, value


def replaced(data, loc, new):
    """A copy of data with the value at loc replaced."""
    if not loc:
        return new
    copy = dict(data) if isinstance(data, dict) else list(data)
    copy[loc[0]] = replaced(data[loc[0]], loc[1:], new)
    return copy


def dump(data) -> str:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=10_000)


def _plain(value):
    return value.isoformat() if isinstance(value, dt.date) else value


@pytest.fixture(scope="module")
def records() -> dict[Path, dict]:
    """Every scratch fact file's mapping, by path relative to the data folder (dates as text, as written)."""
    found = {}
    for path in sorted((FIXTURES / "data").rglob("*.yml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        found[path.relative_to(FIXTURES / "data")] = replaced_all(data, _plain)
    return found


def replaced_all(data, change):
    if isinstance(data, dict):
        return {key: replaced_all(value, change) for key, value in data.items()}
    if isinstance(data, list):
        return [replaced_all(value, change) for value in data]
    return change(data)


@pytest.fixture(scope="module")
def verdicts(records, tmp_path_factory) -> dict[str, list]:
    """Per payload, the (file, loc) pairs check accepted; every rejection is asserted to be located on the way."""
    root = tmp_path_factory.mktemp("injection-check")
    shutil.copytree(FIXTURES / "data", root / "data")
    accepted: dict[str, list] = {name: [] for name in PAYLOADS}
    for relative, data in records.items():
        target = root / "data" / relative
        for loc, _ in leaves(data):
            for name, payload in PAYLOADS.items():
                target.write_text(dump(with_payload(data, loc, payload)), encoding="utf-8")
                errors = read_data(root / "data", root).errors
                if errors:
                    _assert_located(errors, target, relative, loc, payload)
                else:
                    accepted[name].append((relative, loc))
        target.write_text(dump(data), encoding="utf-8")
    return accepted


def _assert_located(errors, target: Path, relative: Path, loc: tuple, payload: str) -> None:
    shown = f"data/{relative.as_posix()}"
    mine = [error for error in errors if error.path == shown]
    assert mine, f"{shown} {loc} = {payload!r}: rejected, but the errors name other files: {errors}"
    raw = load_file(target, relative.parent.name, shown)
    # The value, its key, or the entry that holds it (a rule across a figure's fields points at the figure).
    places = {raw.mark(loc[:depth], prefer_key=key)[0] for depth in range(1, len(loc) + 1) for key in (False, True)}
    if tuple(part for part in loc if isinstance(part, str))[-2:] in RECORD_LEVEL_RULES:
        places.add(1)
    # A figure's unit and value are read together (is the value stated in the unit?): its siblings count too.
    places |= {raw.mark(loc[:-1] + (key,))[0] for key in _siblings(raw.data, loc)}
    assert any(error.line in places for error in mine), (shown, loc, payload, [e.as_text() for e in mine])


def _siblings(data, loc: tuple) -> list:
    """The keys of the mapping that holds the value at loc."""
    for part in loc[:-1]:
        data = data[part]
    return list(data) if isinstance(data, dict) else []


def _at(data, loc: tuple):
    for part in loc:
        data = data[part]
    return data


def hostile_data(records, accepted, payload: str, dest: Path) -> Path:
    """A data folder with the payload in every field check accepted it in, all at once."""
    for relative, data in records.items():
        for file, loc in accepted:
            if file == relative:
                data = with_payload(data, loc, payload)
        (dest / relative).parent.mkdir(parents=True, exist_ok=True)
        (dest / relative).write_text(dump(data), encoding="utf-8")
    return dest


class LiveFinder(HTMLParser):
    """Everything in a page that would run or inject a payload."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.live: list[str] = []
        self._script = False

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            value = "".join((value or "").split()).lower()
            if name.startswith("on"):
                self.live.append(f"<{tag} {name}=...>")
            if name in ("href", "src", "action", "formaction", "xlink:href", "data") and \
                    value.startswith(("javascript:", "vbscript:", "data:text/html")):
                self.live.append(f"<{tag} {name}={value}>")
        if tag == "img" and dict(attrs).get("src") == "x":
            self.live.append("<img src=x>")
        self._script = tag == "script"

    def handle_endtag(self, tag):
        self._script = False

    def handle_data(self, data):
        if self._script and "alert(1)" in data:
            self.live.append(f"<script>{data[:60]}")


def live_parts(html: str) -> list[str]:
    finder = LiveFinder()
    finder.feed(html)
    return finder.live


def test_check_accepts_payloads_only_in_text_fields(verdicts):
    """The walk covered the fields: text fields take text (and the payload in it), URLs and ids never do."""
    taken = {tuple(part for part in loc if isinstance(part, str)) for found in verdicts.values() for _, loc in found}
    assert ("name",) in taken and ("summary",) in taken and ("text",) in taken and ("sources", "title") in taken
    assert all(loc[-1] not in ("url", "archive_url", "website", "person", "company", "event") for loc in taken)
    assert not any(loc == ("sources", "url") for _, loc in verdicts["js-url"])


@pytest.mark.parametrize("name", PAYLOADS)
def test_escaping_alone_keeps_payloads_dead(name, records, verdicts, tmp_path):
    """The first wall: rendered Markdown, converted without the sanitiser, has nothing live."""
    data = hostile_data(records, verdicts[name], PAYLOADS[name], tmp_path / "data")
    result = read_data(data, tmp_path)
    assert result.errors == []
    converter = markdown.Markdown(extensions=NAMES, extension_configs=CONFIGS)
    shown = 0
    for path, page in render(result.graph).items():
        converter.reset()
        body = page.split("---\n", 2)[2]
        assert live_parts(converter.convert(body)) == [], (name, path)
        shown += "alert(1)" in converter.convert(body)
    assert shown > 10, "the payload should appear, as text, on many pages"


@pytest.mark.parametrize("engine", ["mkdocs", "zensical"])
@pytest.mark.parametrize("name", PAYLOADS)
def test_built_site_has_no_live_payload(name, records, verdicts, tmp_path, engine):
    """Both walls, through the real build with each engine: every HTML page of the site is free of live payloads."""
    project = tmp_path / "project"
    make_project(project)
    shutil.rmtree(project / "data")
    hostile_data(records, verdicts[name], PAYLOADS[name], project / "data")
    done = build(project, tmp_path / "site", engine=engine)
    assert done.returncode == 0, done.stdout + done.stderr
    pages = list((tmp_path / "site").rglob("*.html"))
    assert len(pages) > 15
    for page in pages:
        html = page.read_text(encoding="utf-8")
        assert live_parts(html) == [], (name, page)
    company = (tmp_path / "site" / "companies" / "alpha-lab" / "index.html").read_text(encoding="utf-8")
    assert "alert(1)" in company


HOOK = '''
"""Test hook: a generated page whose Markdown carries raw HTML, as a buggy page provider might write it."""
from generator.pages.render import register_pages


def raw_html_page(renderer):
    return {"unsafe.md": "---\\ntitle: Unsafe\\ndescription: Unsafe\\n---\\n\\n# Unsafe\\n\\n"
            '<script>alert(1)</script>\\n\\n<p onclick="alert(1)">x</p>\\n\\n[y](javascript:alert(1))\\n\\n'
            '<img src=x onerror=alert(1)>\\n\\n<a href="https://example.org/ok" class="kept">kept</a>\\n'}


register_pages(raw_html_page)
'''


def test_the_sanitiser_cleans_generated_pages_that_escaping_missed(tmp_path):
    """The second wall on its own: a page provider that forgets to escape still yields a page with nothing live."""
    project = make_project(tmp_path / "project")
    (project / "unsafe_hook.py").write_text(HOOK, encoding="utf-8")
    config = (project / "mkdocs.yml").read_text(encoding="utf-8")
    if "\nhooks:" in config:
        config = config.replace("\nhooks:\n", "\nhooks:\n- unsafe_hook.py\n")
    else:
        config += "\nhooks:\n- unsafe_hook.py\n"
    (project / "mkdocs.yml").write_text(config, encoding="utf-8")
    done = build(project, tmp_path / "site")
    assert done.returncode == 0, done.stdout + done.stderr
    html = (tmp_path / "site" / "unsafe" / "index.html").read_text(encoding="utf-8")
    assert live_parts(html) == []
    assert '<a href="https://example.org/ok" class="kept">kept</a>' in html
    assert "<h1 id=\"unsafe\">Unsafe" in html
