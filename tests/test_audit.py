"""The audit: it fails on scratch sites with one planted fault each, and passes on a clean scratch site and the real one.

Scratch sites are real MkDocs builds that inherit the project's mkdocs.yml (theme, palette, overrides, CSS), so a
clean one passing shows the theme fixes work and a faulty one failing shows the check bites. Lighthouse is slow
(about 12 s a run), so it runs here once, on the clean scratch site's home page; `make audit` scores the real site.
"""
from __future__ import annotations

import random
import shutil
import struct
import subprocess
import sys
import zlib
from pathlib import Path

import pytest
import yaml

from audit import ROOT
from audit.budgets import below_target, budget_for, load_budgets, over_budget
from audit.pages import page_types
from audit.report import write_report
from audit.run import CHECKS, _median_scores, run_audit

INDEX = """\
# Scratch site

A page to audit. It links to [the about page](about.md) and to [its second section](about.md#second-section).

![A small indigo square](square.png){ width="32" height="32" }
"""
ABOUT = """\
# About

## First section

Some text, with a [link back home](index.md).

## Second section

| Kind | Count |
|------|-------|
| companies | 3 |
"""
SCRATCH_TYPES = {"home", "page about/", "404"}


def _png(width: int, height: int, pixel) -> bytes:
    """A valid RGB PNG whose pixels come from pixel(x, y) -> 3 bytes."""
    rows = b"".join(b"\0" + b"".join(pixel(x, y) for x in range(width)) for y in range(height))
    chunk = lambda kind, data: (struct.pack(">I", len(data)) + kind + data  # noqa: E731
                                + struct.pack(">I", zlib.crc32(kind + data)))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b"")


def _scratch_config(project: Path) -> dict:
    """A config inheriting the real one: same theme and CSS, but only our pages and no data plugin."""
    from mkdocs.utils.yaml import yaml_load

    with open(ROOT / "mkdocs.yml", "rb") as real_file:
        real = yaml_load(real_file)
    theme = {"custom_dir": str(ROOT / real["theme"]["custom_dir"])} if real["theme"].get("custom_dir") else {}
    for key in ("extra_css", "extra_javascript"):
        for asset in real.get(key, []):
            if (ROOT / "docs" / asset).is_file():
                (project / "docs" / asset).parent.mkdir(parents=True, exist_ok=True)
                shutil.copy(ROOT / "docs" / asset, project / "docs" / asset)
    # The facts plugin runs on an empty data folder: the theme overrides may use what it adds (feeds, CSS).
    (project / "data").mkdir()
    return {"INHERIT": str(ROOT / "mkdocs.yml"), "site_name": "Scratch site", "docs_dir": "docs",
            "plugins": ["search", {"facts": {"data_dir": "data"}}], "hooks": [], "theme": theme,
            "nav": [{"Home": "index.md"}, {"About": "about.md"}],
            # One edition: the scratch site has no zh/ for the language switch to link to.
            "extra": {"alternate": []},
            **{key: [a for a in real.get(key, []) if (project / "docs" / a).is_file()]
               for key in ("extra_css", "extra_javascript")}}


def build_scratch(tmp: Path, index: str = INDEX, about: str = ABOUT, files: dict[str, bytes] | None = None) -> Path:
    """Write and build a two-page site with the project's theme; returns its site folder."""
    docs = tmp / "docs"
    docs.mkdir(parents=True)
    (docs / "index.md").write_text(index, encoding="utf-8")
    (docs / "about.md").write_text(about, encoding="utf-8")
    # Twice the size it is shown at, so it stays sharp on phones (Lighthouse: image-size-responsive).
    (docs / "square.png").write_bytes(_png(64, 64, lambda x, y: b"\x3f\x51\xb5"))
    for name, data in (files or {}).items():
        (docs / name).write_bytes(data)
    config = tmp / "mkdocs.yml"
    config.write_text(yaml.safe_dump(_scratch_config(tmp), sort_keys=False), encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(config),
                           "-d", str(tmp / "site")], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    return tmp / "site"


def audit_scratch(site: Path, lighthouse: bool = False, checks: tuple[str, ...] = CHECKS):
    """The audit of a scratch site; the browser loads only our pages, not the plugin's empty index pages. A planted
    fault's test runs the checks that could see it (the clean site passes them all)."""
    return run_audit(site, lighthouse=lighthouse, types=SCRATCH_TYPES, checks=checks)


def failures_of(report, check: str) -> list[str]:
    """The report's failures from one check (links, html, axe, weight, ...)."""
    return [line for line in report.failures if line.startswith(check)]


@pytest.fixture(scope="session")
def clean_scratch(tmp_path_factory) -> Path:
    """A clean scratch site, built once."""
    return build_scratch(tmp_path_factory.mktemp("clean"))


@pytest.mark.browser
def test_clean_scratch_site_passes_the_full_audit_with_lighthouse(clean_scratch, tmp_path):
    report = audit_scratch(clean_scratch, lighthouse=True)
    write_report(report, tmp_path)
    assert report.failures == []
    assert {p["type"] for p in report.pages} == SCRATCH_TYPES
    assert [(run["type"], run["form_factor"]) for run in report.lighthouse] == [("home", "desktop"),
                                                                               ("home", "mobile")]
    assert report.links["checked"] > 5
    assert report.markup["files"] > 3  # ours and the plugin's (empty) index pages: all validated
    # The theme's own markup errors are listed, each with its reason, not hidden.
    assert report.markup["theme_errors"] and all(e["reason"] for e in report.markup["theme_errors"])
    assert "Theme errors, by reason" in (tmp_path / "report.md").read_text(encoding="utf-8")


@pytest.mark.browser
def test_broken_links_fail(tmp_path):
    """A link to a missing page, one that leaves the site, and one to a missing anchor: each reported."""
    links = ['<a href="missing-page/">a page that is not there</a>',
             '<a href="../../missing-page/">a page outside the site</a>',
             "[a section that is not there](about.md#no-such-section)"]
    site = build_scratch(tmp_path, index=INDEX + "".join(f"\nSee {link}.\n" for link in links))
    report = audit_scratch(site, checks=("links",))
    broken = failures_of(report, "links:")
    assert report.failures == broken
    assert len(broken) == 3, broken
    assert sum("missing-page" in line and "not found" in line for line in broken) == 2
    assert sum("no-such-section" in line and "Cannot find fragment" in line for line in broken) == 1


@pytest.mark.browser
def test_image_without_alt_text_and_text_unreadable_in_the_dark_fail(tmp_path):
    """axe runs in each palette for real: dark text that is fine on white fails on the dark palette alone."""
    dark_text = '\n<p style="color: #222">Dark grey text, unreadable on a dark background.</p>\n'
    site = build_scratch(tmp_path, about=ABOUT + '\n<img src="../square.png">\n' + dark_text)
    report = audit_scratch(site)
    assert any("image-alt" in line and "page about/" in line for line in failures_of(report, "axe (light)"))
    assert any("image-alt" in line for line in failures_of(report, "axe (dark)"))
    assert [line for line in failures_of(report, "axe") if "color-contrast" in line] == [
        line for line in failures_of(report, "axe (dark)") if "color-contrast" in line] != []
    assert any("alt" in line for line in failures_of(report, "html:"))
    assert {line.split(":")[0] for line in report.failures} == {"axe (light)", "axe (dark)", "html"}


@pytest.mark.browser
def test_over_budget_page_fails(tmp_path):
    noise = random.Random(7)
    heavy = _png(300, 300, lambda x, y: noise.randbytes(3))  # incompressible: about 270 kB even gzipped
    site = build_scratch(tmp_path, about=ABOUT + "\n![Random noise](noise.png)\n", files={"noise.png": heavy})
    report = audit_scratch(site, checks=("links", "browser"))
    assert report.failures == failures_of(report, "weight:")
    assert any(line.startswith("weight: page about/: image") for line in report.failures)
    about = next(page for page in report.pages if page["type"] == "page about/")
    assert about["bytes"]["image"] > 250_000


def test_theme_overrides_change_only_what_they_say():
    """Each of our one-change copies of a theme partial is still the theme's file plus that change: no drift."""
    theme = Path(__import__("material").__file__).parent / "templates"
    overrides = [path for path in sorted((ROOT / "overrides").rglob("*.html"))
                 if path.read_text(encoding="utf-8").startswith("{#- Override of Material for MkDocs")]
    assert len(overrides) >= 3
    for override in overrides:
        ours = override.read_text(encoding="utf-8").split("-#}\n", 1)[1]
        original = (theme / override.relative_to(ROOT / "overrides")).read_text(encoding="utf-8").split("-#}\n", 1)[1]
        differing = [(a, b) for a, b in zip(ours.splitlines(), original.splitlines()) if a != b]
        assert len(ours.splitlines()) == len(original.splitlines()), override
        assert len(differing) == 1, f"{override.name}: {differing}"


@pytest.mark.browser
@pytest.mark.parametrize("edition", ["en", "zh"])
def test_real_site_passes_the_audit(edition, real_site, tmp_path):
    """The whole audit but Lighthouse, in two tests the workers run side by side: links and HTML of every page with
    the English page types in the browser, and the Chinese page types in the browser."""
    types = {page.type for page in page_types(real_site) if page.type.startswith("zh/") == (edition == "zh")}
    checks = CHECKS if edition == "en" else ("browser",)
    report = run_audit(real_site, lighthouse=False, data=ROOT / "data", types=types, checks=checks)
    write_report(report, tmp_path)
    assert report.failures == [], (tmp_path / "report.md").read_text(encoding="utf-8")
    # Every kind of record in the data has its index and a record page in the site, in each edition.
    assert report.missing_types == []
    loaded = {page["type"] for page in report.pages}
    assert loaded == types and len(types) >= 17, loaded
    if edition == "zh":
        assert {"zh/home", "zh/company", "zh/chart", "zh/timeline", "zh/page glossary/"} <= loaded
    else:
        assert report.links["checked"] > 10_000 and report.markup["files"] > 250


def test_budgets_file_has_defaults_and_type_overrides():
    budgets = load_budgets()
    assert budget_for("chart", budgets)["js"] > budget_for("company", budgets)["js"]
    assert budget_for("company", budgets) == budgets["weight"]["default"]
    # Another edition's pages keep their English twin's limits; hand-written pages are not taken for editions.
    assert budget_for("zh/chart", budgets) == budget_for("chart", budgets)
    assert budget_for("zh/home", budgets) == budget_for("home", budgets) != budget_for("page home/", budgets)
    assert over_budget({"js": 70_000, "css": 1}, {"js": 60_000, "total": 65_000}) == [
        "js 70,000 B > budget 60,000 B", "total 70,001 B > budget 65,000 B"]


def test_lighthouse_miss_is_judged_on_the_median_of_its_runs():
    runs = [{"performance": 88, "seo": 100}, {"performance": 93, "seo": 100}, {"performance": 91, "seo": None}]
    assert _median_scores(runs) == {"performance": 91, "seo": 100}
    assert below_target(_median_scores(runs), {"performance": 90, "seo": 100}) == []
    assert below_target({"performance": 89, "seo": None}, {"performance": 90, "seo": 100}) == [
        "performance 89 < 90", "seo None < 100"]


@pytest.mark.browser
def test_a_first_visit_that_grows_at_scale_fails(clean_scratch, tmp_path):
    """audit/scale.py loads the same page types from a larger build: growth past 5% fails, the same site passes."""
    from audit.browser import audit_pages
    from audit.pages import base_path
    from audit.run import Report
    from audit.scale import compare_at_scale
    from audit.serve import serve

    noise = random.Random(11)
    heavy = build_scratch(tmp_path / "heavy", index=INDEX + "\n![Random noise](noise.png)\n",
                          files={"noise.png": _png(120, 120, lambda x, y: noise.randbytes(3))})
    pages = [page for page in page_types(clean_scratch) if page.type in {"home", "page about/"}]
    with serve(clean_scratch, base_path(clean_scratch)) as base:
        measured = audit_pages(base, pages, axe=False)
    for scale_site, failing in [(clean_scratch, []), (heavy, ["home"])]:
        report = Report(str(clean_scratch), pages=[{"type": r.type, "total": sum(r.bytes.values())} for r in measured])
        compare_at_scale(report, clean_scratch, scale_site, 5000)
        assert [line.split(":")[1].strip() for line in report.failures] == failing, report.failures
        assert set(report.scale["totals"]) == {"home", "page about/"}
