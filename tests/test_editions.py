"""The Chinese edition: the same records and pages under /zh/, its words from the catalog, its dates and money
in Chinese conventions, translations checked for staleness, twins and hreflang both ways, search and charts in
Chinese. Built sites are the session's real build (tests/conftest.py)."""
from __future__ import annotations

import gzip
import re
import shutil
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from generator.engines.config_file import read_config, referenced_paths, write_config
from generator.facts.model import Figure, Parameters
from generator.pages import catalogs, formatting, i18n
from generator.tools.cli import main
from tests.test_search import search

ROOT = Path(__file__).resolve().parent.parent
HREFLANG = re.compile(r'<link rel="alternate " hreflang="([^"]+)" href="([^"]+)">')


def test_an_edition_link_to_the_site_root_is_not_a_project_path_an_export_copies(tmp_path):
    """The English edition's link ./ names the project root: an export that copied it would copy itself."""
    (tmp_path / "overrides").mkdir()
    config = {"theme": {"custom_dir": "overrides"}, "extra": {"alternate": [{"link": "./"}, {"link": "zh/"}]}}
    assert referenced_paths(config, tmp_path) == ["overrides"]


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


def _pages(site: Path) -> set[str]:
    return {path.relative_to(site).as_posix() for path in site.rglob("*.html")}


def test_every_english_page_has_its_chinese_twin_and_back(real_site):
    english = {path for path in _pages(real_site) if not path.startswith("zh/")}
    chinese = {path[3:] for path in _pages(real_site) if path.startswith("zh/")}
    assert len(english) > 100
    assert english == chinese


def test_hreflang_pairs_agree_both_ways_in_the_head_and_in_the_sitemaps(real_site, public_url):
    for path in ["index.html", "companies/zhipu/index.html", "charts/hk-ai-ipos-2026/index.html",
                 "changelog/index.html"]:
        url = path.removesuffix("index.html")
        expected = [("en", public_url + url), ("x-default", public_url + url), ("zh", public_url + "zh/" + url)]
        for edition in ("", "zh/"):
            html = (real_site / edition / path).read_text(encoding="utf-8")
            assert HREFLANG.findall(html) == expected, edition + path
    for edition in ("", "zh/"):
        sitemap = (real_site / edition / "sitemap.xml").read_text(encoding="utf-8")
        assert f'hreflang="zh" href="{public_url}zh/companies/zhipu/"' in sitemap
        assert f'hreflang="en" href="{public_url}companies/zhipu/"' in sitemap
        assert gzip.decompress((real_site / edition / "sitemap.xml.gz").read_bytes()).decode() == sitemap


def _visible_text(html: str) -> str:
    """The page's article text, without elements marked as English (names, quotes as spoken), code and sources."""
    article = html[html.find("<article"):html.find("</article>")]
    article = re.sub(r"<(script|code|pre|ol class=\"(?:citations|chart__sources)\")[\s\S]*?</\1?[a-z]*>", " ", article)
    article = re.sub(r'<(\w+)[^>]*\blang="en"[^>]*>[\s\S]*?</\1>', " ", article)
    return re.sub(r"<[^>]+>", " ", article)


def test_chinese_pages_show_no_english_interface_words_and_no_untranslated_text(real_site):
    """Every catalog message of three words or more is absent from the Chinese pages, and nothing is marked as
    left untranslated."""
    with i18n.catalog_path("zh").open("rb") as po:
        phrases = [message.id for message in read_po(po, locale="zh")
                   if message.id and len(re.sub(r"%\(\w+\)s", "", message.id).split()) >= 3]
    # The changelog lists commit subjects and the titles of changed pages as git recorded them, in English.
    pages = sorted(path for path in (real_site / "zh").rglob("*.html") if "changelog" not in path.parts)
    assert len(pages) > 100
    found = []
    for page in pages:
        html = page.read_text(encoding="utf-8")
        assert 'class="untranslated"' not in html, page
        text = " ".join(_visible_text(html).split())
        found += [(page.relative_to(real_site).as_posix(), phrase) for phrase in phrases
                  if "%(" not in phrase and phrase in text]
    assert found == []


def test_chinese_pages_carry_the_theme_in_chinese_and_the_chinese_title(real_site):
    html = (real_site / "zh" / "companies" / "zhipu" / "index.html").read_text(encoding="utf-8")
    assert '<html lang="zh"' in html
    assert "<title>智谱 - " in html
    assert 'placeholder="搜索"' in html
    assert '<meta property="og:locale" content="zh_CN">' in html


def switch_language(page, language: str, sitemap: str) -> None:
    """Point at the language menu and follow the link to `language`, once the edition's sitemap that pointing sends
    for (overrides/partials/on-demand.html) has arrived: a click before it would abort that request."""
    page.locator(".md-header__option .md-select").hover()
    # A resource timing entry appears when the response is in, whether pointing or the page's load sent for it.
    page.wait_for_function("url => performance.getEntriesByType('resource').some(e => e.name === url)", arg=sitemap)
    page.locator(f'.md-select__link[hreflang="{language}"]').click()


@pytest.mark.browser
def test_the_language_switch_lands_on_the_same_page_in_the_other_edition(browser_page, site_url):
    browser_page.goto(site_url + "companies/zhipu/")
    switch_language(browser_page.page, "zh", site_url + "sitemap.xml")
    browser_page.page.wait_for_url(site_url + "zh/companies/zhipu/")
    assert browser_page.page.locator("h1").inner_text().startswith("智谱")
    switch_language(browser_page.page, "en", site_url + "zh/sitemap.xml")
    browser_page.page.wait_for_url(site_url + "companies/zhipu/")
    assert browser_page.watch.problems == []


@pytest.mark.browser
@pytest.mark.parametrize("query, url", [("智谱", "zh/companies/zhipu/"), ("月之暗面", "zh/companies/moonshot-ai/"),
                                        ("暗面", "zh/companies/moonshot-ai/")])
def test_chinese_search_finds_records_in_the_chinese_edition(browser_page, site_url, query, url):
    browser_page.goto(site_url + "zh/")
    links = search(browser_page, query)
    assert site_url + url in links[:3], f"{query!r}: {links[:5]}"
    assert all(link.startswith(site_url + "zh/") for link in links)
    assert browser_page.watch.problems == []


@pytest.mark.browser
@pytest.mark.parametrize("scheme", ["default", "slate"])
def test_a_chinese_chart_draws_with_chinese_labels_in_both_palettes(browser, site_url, scheme):
    from tests.conftest import open_page
    context, page = open_page(browser, site_url, color_scheme="dark" if scheme == "slate" else "light")
    try:
        page.goto(site_url + "zh/charts/hk-ai-ipos-2026/")
        page.page.evaluate(f"document.body.setAttribute('data-md-color-scheme', '{scheme}')")
        plot = page.page.locator(".chart__plot").first
        plot.focus()
        page.page.wait_for_selector(".chart__plot .main-svg", timeout=30000)
        ticks = page.page.eval_on_selector_all(".chart__plot .xtick text", "ts => ts.map(t => t.textContent)")
        titles = page.page.eval_on_selector_all(".chart__plot .g-ytitle text, .chart__plot .annotation-text",
                                                "ts => ts.map(t => t.textContent)")
        assert "智谱" in ticks
        assert any("募资额" in title for title in titles), titles
        assert page.page.locator(".chart__data caption").inner_text() == "数据"
        assert page.watch.problems == []
    finally:
        context.close()
