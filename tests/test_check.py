"""`python -m generator check`: every rejection of the loader, validator and linker is one exact located line."""
from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from generator.tools.cli import main
from tests.records import SOURCE


PERSON = "name: Lin Junyang\nname_zh: 林俊旸\nsummary: Leads the Qwen models.\n" + SOURCE
COMPANY = ("name: Alibaba\nname_zh: 阿里巴巴\nkind: big-tech\ncountry: China\nheadquarters: Hangzhou\n"
           "summary: A technology group.\n" + SOURCE)


def write(root: Path, files: dict[str, str | bytes]) -> None:
    """Write a scratch data folder from {relative path: text or bytes}."""
    for name, content in files.items():
        path = root / "data" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(textwrap.dedent(content), encoding="utf-8")


def run_check(tmp_path: Path, monkeypatch, capsys, files: dict, *args: str) -> tuple[int, list[str]]:
    """Run check in a scratch project; returns the exit status and the printed lines but the summary."""
    write(tmp_path, files)
    monkeypatch.chdir(tmp_path)
    status = main(["check", *args])
    lines = capsys.readouterr().out.splitlines()
    assert lines and lines[-1].startswith("checked "), lines
    return status, lines[:-1]


LOAD_REJECTIONS = {
    "duplicate-key": (
        "name: A\nsummary: x\nname: B\n",
        "data/people/p.yml:3:1: error: duplicate key 'name' (first on line 1); keep one"),
    "anchor": (
        "name: &n A\n",
        "data/people/p.yml:1:7: error: anchor '&n'; anchors and aliases are not allowed, write the value out"),
    "alias": (
        "name: A\nroles:\n  - &r {company: x, title: y}\n  - *r\n",
        "data/people/p.yml:3:5: error: anchor '&r'; anchors and aliases are not allowed, write the value out"),
    "unquoted-no": (
        PERSON.replace("name_zh: 林俊旸", "name_zh: no"),
        "data/people/p.yml:2:10: error: unquoted 'no' reads as a boolean in YAML; write \"no\" in quotes for "
        "text, or true/false"),
    "unquoted-on": (
        PERSON.replace("Example News", "on"),
        "data/people/p.yml:6:16: error: unquoted 'on' reads as a boolean in YAML; write \"on\" in quotes for "
        "text, or true/false"),
    "base-60": (
        PERSON.replace("name_zh: 林俊旸", "name_zh: 1:20"),
        "data/people/p.yml:2:10: error: unquoted '1:20' reads as a base-60 number in YAML; put it in quotes"),
    "octal": (
        PERSON.replace("name_zh: 林俊旸", "name_zh: 0100"),
        "data/people/p.yml:2:10: error: unquoted '0100' reads as an octal number in YAML; put it in quotes, "
        "or drop the leading zero"),
    "tag": (
        "name: !!binary aGk=\n",
        "data/people/p.yml:1:7: error: YAML tag 'tag:yaml.org,2002:binary' is not allowed; write plain values"),
    "two-documents": (
        PERSON + "---\nname: B\n",
        "data/people/p.yml:11:1: error: more than one YAML document ('---'); a fact file holds one record"),
    "top-level-list": (
        "- name: A\n",
        "data/people/p.yml:1:1: error: the file must be a mapping of fields ('name: ...'), not a list"),
    "top-level-scalar": (
        "just text\n",
        "data/people/p.yml:1:1: error: the file must be a mapping of fields ('name: ...'), not a single value"),
    "not-utf8": (
        b"name: caf\xe9\n",
        "data/people/p.yml:1:10: error: byte 0xe9 is not UTF-8; save the file as UTF-8"),
    "too-big": (
        "name: A\nsummary: '" + "x" * (1024 * 1024) + "'\n",
        "data/people/p.yml:1:1: error: file is 1,048,596 bytes, over the 1 MiB limit; a fact file holds one record"),
    "too-deep": (
        "name: " + "[" * 21 + "]" * 21 + "\n",
        "data/people/p.yml:1:26: error: nesting deeper than 20 levels; fact files are shallow"),
    "tab": (
        "name: A\n\tsummary: x\n",
        "data/people/p.yml:2:1: error: tab character; indent and separate with spaces"),
    "syntax": (
        "name: [A\nsummary: x\n",
        "data/people/p.yml:2:8: error: YAML syntax error: did not find expected ',' or ']'"),
    "empty": (
        "",
        "data/people/p.yml:1:1: error: the file is empty; a fact file holds one record as a mapping of fields"),
}


@pytest.mark.parametrize("case", sorted(LOAD_REJECTIONS))
def test_loader_rejects_with_one_located_line(case, tmp_path, monkeypatch, capsys):
    content, expected = LOAD_REJECTIONS[case]
    status, lines = run_check(tmp_path, monkeypatch, capsys, {"people/p.yml": content})
    assert status == 1
    assert lines == [expected]


def test_a_bom_is_fine(tmp_path, monkeypatch, capsys):
    status, lines = run_check(tmp_path, monkeypatch, capsys, {"people/p.yml": "\ufeff" + PERSON})
    assert (status, lines) == (0, [])


SCHEMA_REJECTIONS = {
    "unknown-key": (
        PERSON.replace("name_zh:", "nam_zh:"),
        ["data/people/p.yml:2:1: error: unknown field 'nam_zh' (did you mean 'name_zh'?)"]),
    "missing-field": (
        PERSON.replace("summary: Leads the Qwen models.\n", ""),
        ["data/people/p.yml:1:1: error: missing required field 'summary'"]),
    "http-url": (
        PERSON.replace("https://example.org/a", "http://example.org/a"),
        ["data/people/p.yml:5:10: error: sources[0].url: URL 'http://example.org/a' must start with https://"]),
    "javascript-url": (
        PERSON.replace("https://example.org/a", "javascript:alert(1)"),
        ["data/people/p.yml:5:10: error: sources[0].url: URL 'javascript:alert(1)' must start with https://"]),
    "bad-date": (
        PERSON.replace("2026-11-28", "2026-13-01"),
        ["data/people/p.yml:8:15: error: sources[0].accessed: '2026-13-01' is not a real calendar date"]),
    "date-as-number": (
        PERSON.replace("2026-11-28", "20261128"),
        ["data/people/p.yml:8:15: error: sources[0].accessed: expected a date written YYYY-MM-DD, got "
         "'20261128'"]),
    "number-for-text": (
        PERSON.replace("name: Lin Junyang", "name: 2025"),
        ["data/people/p.yml:1:7: error: name: expected text, got the number 2025; put it in quotes"]),
    "no-sources": (
        PERSON.split("sources:")[0] + "sources: []\nchecked: 2026-11-29\n",
        ["data/people/p.yml:4:10: error: sources: needs at least one entry"]),
}


@pytest.mark.parametrize("case", sorted(SCHEMA_REJECTIONS))
def test_schema_rejects_with_located_lines(case, tmp_path, monkeypatch, capsys):
    content, expected = SCHEMA_REJECTIONS[case]
    status, lines = run_check(tmp_path, monkeypatch, capsys, {"people/p.yml": content})
    assert status == 1
    assert lines == expected


def test_unknown_kind_folder_suggests_the_right_one(tmp_path, monkeypatch, capsys):
    status, lines = run_check(tmp_path, monkeypatch, capsys, {"peple/p.yml": PERSON})
    assert status == 1
    assert lines[0].startswith("data/peple/p.yml:1:1: error: 'peple' is not a kind of record; put the file in "
                               "one of: ")
    assert lines[0].endswith("(did you mean 'people'?)")


def test_bad_file_name_is_refused(tmp_path, monkeypatch, capsys):
    status, lines = run_check(tmp_path, monkeypatch, capsys, {"people/Lin_Junyang.yml": PERSON})
    assert (status, lines) == (1, [
        "data/people/Lin_Junyang.yml:1:1: error: file name 'Lin_Junyang' is not a valid id: use lowercase "
        "letters, digits and single hyphens, such as 'deepseek-r1'"])


QUOTE = """\
person: justin-lyn
text: "Below 20 percent."
said_on: 2026-01-10
event: agi-next
context: Asked about the odds.
language: zh
""" + SOURCE.replace("The article states the record's claims.", "“Below 20 percent,” Lin said.")


def test_broken_reference_suggests_the_near_miss(tmp_path, monkeypatch, capsys):
    files = {"people/justin-lin.yml": PERSON, "quotes/lin-below-20.yml": QUOTE}
    status, lines = run_check(tmp_path, monkeypatch, capsys, files)
    assert status == 1
    assert lines == [
        "data/quotes/lin-below-20.yml:1:9: error: person 'justin-lyn' not found (did you mean 'justin-lin'?)",
        "data/quotes/lin-below-20.yml:4:8: error: event 'agi-next' not found (add data/events/agi-next.yml, "
        "or fix the id)",
    ]


def test_nested_reference_is_located_at_its_line(tmp_path, monkeypatch, capsys):
    person = PERSON + "roles:\n  - company: alibabba\n    title: Lead\n    from: 2023\n"
    files = {"people/lin.yml": person, "companies/alibaba.yml": COMPANY}
    status, lines = run_check(tmp_path, monkeypatch, capsys, files)
    assert (status, lines) == (1, [
        "data/people/lin.yml:12:14: error: company 'alibabba' not found (did you mean 'alibaba'?)"])


def test_warnings_pass_unless_strict(tmp_path, monkeypatch, capsys):
    files = {"people/p.yml": PERSON.replace("name_zh: 林俊旸\n", "")}
    status, lines = run_check(tmp_path, monkeypatch, capsys, files)
    expected = ["data/people/p.yml:1:7: warning: no name_zh: add the name in Chinese characters if it has one"]
    assert (status, lines) == (0, expected)
    assert main(["check", "--strict"]) == 1


def test_github_format_annotates_the_diff(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    files = {"people/p.yml": PERSON.replace("name_zh:", "nam_zh:")}
    status, lines = run_check(tmp_path, monkeypatch, capsys, files)
    assert (status, lines) == (1, [
        "::error file=data/people/p.yml,line=2,col=1::unknown field 'nam_zh' (did you mean 'name_zh'?)"])


def test_every_problem_is_reported_at_once(tmp_path, monkeypatch, capsys):
    files = {"people/a.yml": "name: [\n", "people/b.yml": "\tx", "people/c.yml": PERSON.replace("name:", "nme:")}
    status, lines = run_check(tmp_path, monkeypatch, capsys, files)
    assert status == 1
    assert [line.split(":")[0] for line in lines] == ["data/people/a.yml", "data/people/b.yml",
                                                      "data/people/c.yml", "data/people/c.yml"]


def test_summary_line_counts_files_kinds_and_problems(tmp_path, monkeypatch, capsys):
    write(tmp_path, {"people/a.yml": PERSON, "companies/alibaba.yml": COMPANY})
    monkeypatch.chdir(tmp_path)
    assert main(["check"]) == 0
    summary = capsys.readouterr().out.splitlines()[-1]
    assert summary.startswith("checked 2 files (0 charts, 1 companies, ")
    assert "1 people" in summary and ": 0 errors, 0 warnings in " in summary


def test_usage_errors_exit_2(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    assert main(["check", "--data", "nowhere"]) == 2
    assert main(["frobnicate"]) == 2
    capsys.readouterr()
