"""The Chinese edition: the same records and pages under /zh/, its words from the catalog, its dates and money
in Chinese conventions, translations checked for staleness, twins and hreflang both ways, search and charts in
Chinese. The tests of the built edition (twins, hreflang, search, charts) wait on branch zh-edition-wip until the
edition is switched on in mkdocs.yml."""
from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from generator.engines.config_file import write_config
from generator.facts.model import Figure, Parameters
from generator.pages import catalogs, formatting, i18n
from generator.tools.cli import main

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize("value, expected", [
    ("2026-01-08", "2026年1月8日"), ("2022-10", "2022年10月"), ("2019", "2019年"),
])
def test_dates_read_the_chinese_way(value, expected):
    assert formatting.date_text(value, "zh") == expected


@pytest.mark.parametrize("fields, expected", [
    ({"value": 558, "unit": "million", "currency": "USD"}, "5.58亿美元"),
    ({"value": 4.348, "unit": "billion", "currency": "HKD", "approximate": True}, "约43.48亿港元"),
    ({"value": 13.2, "unit": "percent"}, "13.2%"),
    ({"value": 1159.46, "unit": "times"}, "1,159.46倍"),
    ({"value": 57.9, "unit": "billion", "currency": "HKD"}, "579亿港元"),
    ({"value": 3, "unit": "trillion", "currency": "USD"}, "3万亿美元"),
])
def test_figures_read_the_chinese_way(fields, expected):
    figure = Figure(id="f", label="x", **fields)
    assert formatting.figure_text(figure, "zh") == expected


def test_parameters_and_plain_numbers_in_chinese():
    assert formatting.parameters_text(Parameters(total=671, active=37), "zh") == "总参数6710亿，激活370亿"
    assert formatting.number(37419500, "zh") == "37,419,500"


def test_every_message_of_the_site_is_in_the_catalog_and_translated():
    """Extraction finds every message (a message hidden where Babel cannot see it, inside an f-string, is caught
    by the plain scan of the sources), and the Chinese catalog translates each, its placeholders intact."""
    template = catalogs.extract_messages()
    extracted = {message.id for message in template if message.id}
    marked = re.compile(r'''\b(?:words|N_|_)\(\s*"((?:[^"\\]|\\.)*)"|\bgettext\([^,()]+,\s*"((?:[^"\\]|\\.)*)"''')
    in_sources = {(match.group(1) or match.group(2)).replace("\\'", "'")
                  for path in [*(ROOT / "generator").rglob("*.py"), *(ROOT / "generator").rglob("*.j2")]
                  if path.name != "catalogs.py" for match in marked.finditer(path.read_text(encoding="utf-8"))}
    assert in_sources - extracted == set()
    with i18n.catalog_path("zh").open("rb") as po:
        catalog = read_po(po, locale="zh")
    translated = {message.id: message.string for message in catalog if message.id}
    assert extracted - set(translated) == set(), "run `python -m generator translations extract`"
    placeholders = re.compile(r"%\(\w+\)s")
    wrong = [msgid for msgid, string in translated.items()
             if not string or sorted(placeholders.findall(msgid)) != sorted(placeholders.findall(string))]
    assert wrong == []


def _project_with_editions(tmp_path: Path) -> Path:
    shutil.copytree(ROOT / "data", tmp_path / "data")
    config = {"site_name": "x", "theme": {"name": "material", "language": "en"},
              "extra": {"alternate": [{"name": "English", "link": "./", "lang": "en"},
                                      {"name": "中文", "link": "zh/", "lang": "zh"}]}}
    write_config(config, tmp_path / "mkdocs.yml")
    return tmp_path


def test_a_changed_english_summary_flags_its_old_translation_located_and_strict_fails(tmp_path, monkeypatch, capsys):
    project = _project_with_editions(tmp_path)
    monkeypatch.chdir(project)
    main(["check"])
    before = capsys.readouterr().out.splitlines()[:-1]
    record = project / "data" / "companies" / "zhipu.yml"
    text = record.read_text(encoding="utf-8")
    record.write_text(text.replace("makes the GLM series", "builds the GLM series"), encoding="utf-8")
    status = main(["check", "--strict"])
    after = capsys.readouterr().out.splitlines()[:-1]
    rows = text.splitlines()
    block = rows.index("zh:")
    line = next(number for number, row in enumerate(rows[block:], block + 1) if row.startswith("  summary:"))
    new = sorted(set(after) - set(before))
    assert status == 1
    assert new == [f"data/companies/zhipu.yml:{line}:12: warning: the English 'summary' changed after zh.summary "
                   "was translated from it: update the translation, then run `python -m generator translations "
                   "stamp --update data/companies/zhipu.yml`"]


def test_a_missing_translation_is_located_and_a_site_without_editions_wants_none(tmp_path, monkeypatch, capsys):
    project = _project_with_editions(tmp_path)
    record = project / "data" / "models" / "glm-5.yml"
    text = record.read_text(encoding="utf-8")
    record.write_text(_without_zh_block(text), encoding="utf-8")
    monkeypatch.chdir(project)
    main(["check"])
    out = capsys.readouterr().out
    assert re.search(r"data/models/glm-5\.yml:\d+:\d+: warning: no Chinese translation of 'summary'", out)
    (project / "mkdocs.yml").unlink()
    main(["check"])
    assert "no Chinese translation" not in capsys.readouterr().out


def _without_zh_block(text: str) -> str:
    """The record's YAML with its top-level zh: block cut out."""
    lines = text.splitlines(keepends=True)
    start = next(index for index, line in enumerate(lines) if line.startswith("zh:"))
    end = next((index for index in range(start + 1, len(lines)) if lines[index][:1] not in (" ", "\n")), len(lines))
    return "".join(lines[:start] + lines[end:])
