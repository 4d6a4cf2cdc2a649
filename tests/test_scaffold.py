"""`python -m generator new`: a template per kind whose placeholders `check` walks through, then passes once filled."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from pydantic import Field

from generator.facts.link import SINGULAR
from generator.facts.model import KINDS, Record, Text
from generator.facts.pipeline import read_data
from generator.tools.cli import main
from tests.records import SOURCE

# Records the templates may refer to: a person for a quote, a company for a model.
EXISTING = {
    "people/jane-doe.yml": "name: Jane Doe\nname_zh: 简\nsummary: Runs Acme.\n" + SOURCE,
    "companies/acme.yml": ("name: Acme AI\nname_zh: 阿克米\nkind: lab\ncountry: China\nheadquarters: Beijing\n"
                           "summary: Acme builds models.\n" + SOURCE),
}
# What a contributor would write in place of each placeholder, by field name; anything else gets plain text.
FILL = {"alt": '"A picture of the chart."',
    "url": "https://example.org/source", "accessed": "2026-11-28", "checked": "2026-11-28", "said_on": "2026-01-10",
    "date": "2025-06", "founded": "2019", "released": "2025-01-20", "listed_on": "2026-01-08",
    "kind": None,  # the first of the choices the placeholder lists
    "type": "bar", "open_weights": "true", "person": "jane-doe", "company": "acme", "language": "en",
    "name_zh": "测试", "data": "[{year: 2024, value: 1}, {year: 2025, value: 2}]", "x": "year", "y": "value",
}
PLACEHOLDER_LINE = re.compile(r'^(\s*(?:- )?)(?:([\w]+): )?"TODO: ([^"]*)"$')


def fill(template: str) -> str:
    """Replace every placeholder the way the template's instructions say."""
    lines = []
    for line in template.splitlines():
        match = PLACEHOLDER_LINE.match(line)
        if match:
            prefix, key, hint = match.groups()
            value = FILL.get(key or "", '"Filled in."')
            if value is None:
                value = re.search(r"one of: ([\w-]+)", hint).group(1)
            if key is None and prefix.strip() == "-":  # a list item: take the parent's field name
                value = FILL.get(_parent_key(lines), '"Filled in."')
            line = f"{prefix}{key}: {value}" if key else f"{prefix}{value}"
        lines.append(line)
    return "\n".join(lines) + "\n"


def _parent_key(lines: list[str]) -> str:
    return re.match(r"^\s*(\w+):", lines[-1]).group(1)


@pytest.fixture
def project(tmp_path: Path, monkeypatch) -> Path:
    """A scratch project with a few records to refer to, as the working directory."""
    for name, text in EXISTING.items():
        path = tmp_path / "data" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def check(capsys) -> tuple[int, list[str]]:
    """Run check; returns its status and the problem lines."""
    status = main(["check"])
    return status, capsys.readouterr().out.splitlines()[:-1]


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_new_then_fill_passes_check(project: Path, capsys, kind: str):
    assert main(["new", SINGULAR.get(kind, kind), "fresh-one"]) == 0
    path = project / "data" / kind / "fresh-one.yml"
    assert f"wrote data/{kind}/fresh-one.yml" in capsys.readouterr().out

    status, problems = check(capsys)
    assert status == 1
    assert problems, "an unfilled template must not pass"
    # Only placeholder messages, each naming the field and saying what to write: no schema noise on top.
    for problem in problems:
        assert re.match(rf"data/{kind}/fresh-one\.yml:\d+:\d+: error: placeholder left in field '[\w.\[\]]+': \S",
                        problem), problem

    path.write_text(fill(path.read_text(encoding="utf-8")), encoding="utf-8")
    status, problems = check(capsys)
    assert [p for p in problems if "error" in p] == [] and status == 0, path.read_text(encoding="utf-8")


def test_plural_kind_works_too(project: Path, capsys):
    assert main(["new", "companies", "beta"]) == 0
    assert (project / "data/companies/beta.yml").is_file()


def test_existing_id_is_refused(project: Path, capsys):
    before = (project / "data/companies/acme.yml").read_text(encoding="utf-8")
    assert main(["new", "company", "acme"]) == 2
    assert "data/companies/acme.yml exists already: the id 'acme' is taken" in capsys.readouterr().err
    assert (project / "data/companies/acme.yml").read_text(encoding="utf-8") == before


@pytest.mark.parametrize("args, message", [
    (["compny", "x"], "'compny' is not a kind of record; use one of: company, person, quote, event, model"),
    (["company", "Big_Co"], "'Big_Co' is not a valid id"),
    (["company", "x--y"], "'x--y' is not a valid id"),
])
def test_bad_kind_or_id_is_a_usage_error(project: Path, capsys, args, message):
    assert main(["new", *args]) == 2
    err = capsys.readouterr().err
    assert message in err
    assert not list((project / "data").glob("*/x.yml"))


def test_unknown_kind_suggests_the_closest(project: Path, capsys):
    main(["new", "compny", "x"])
    assert "(did you mean 'company'?)" in capsys.readouterr().err


class Gadget(Record):
    """A kind the scaffold has never heard of."""

    name: Text = Field(description="What the gadget is called.")
    maker: Text | None = Field(None, description="Who makes it.")


def test_a_new_kind_gets_a_template_without_changes(project: Path, capsys, monkeypatch):
    monkeypatch.setitem(KINDS, "gadgets", Gadget)
    assert main(["new", "gadgets", "widget"]) == 0
    path = project / "data/gadgets/widget.yml"
    text = path.read_text(encoding="utf-8")
    assert 'name: "TODO: What the gadget is called."' in text
    assert '# maker: "TODO: Who makes it."' in text
    path.write_text(fill(text), encoding="utf-8")
    capsys.readouterr()
    assert check(capsys) == (0, [])


def test_placeholder_is_located_and_stops_the_record(project: Path, capsys):
    (project / "data/companies/acme.yml").write_text(
        EXISTING["companies/acme.yml"].replace("Beijing", '"TODO: City of headquarters."'), encoding="utf-8")
    status, problems = check(capsys)
    assert status == 1
    assert "data/companies/acme.yml:5:15: error: placeholder left in field 'headquarters': City of headquarters." \
        in problems


def test_a_record_with_placeholders_stays_out_of_the_graph(project: Path):
    (project / "data/companies/acme.yml").write_text(
        EXISTING["companies/acme.yml"].replace("Beijing", '"TODO: City of headquarters."'), encoding="utf-8")
    result = read_data(project / "data", project)
    assert "acme" not in result.graph.entries["companies"], "a half-filled template must not reach the site"
