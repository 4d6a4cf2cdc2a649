"""Run every check on a built site and collect the figures and failures into one report."""
from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, field
from pathlib import Path

from audit.browser import audit_pages
from audit.budgets import BUDGETS, below_target, budget_for, load_budgets, over_budget
from audit.lighthouse import run_lighthouse
from audit.links import check_links
from audit.markup import check_markup, load_theme_errors
from audit.pages import all_html, base_path, base_type, edition_folders, expected_types, page_types
from audit.serve import serve

FORM_FACTORS = ("desktop", "mobile")
# The checks a run may do: links and anchors, HTML validity, and the browser's (axe, weight, requests, console).
CHECKS = ("links", "html", "browser")
RERUNS_ON_MISS = 2


@dataclass
class Report:
    """Everything the audit measured, and each reason it fails."""

    site: str
    page_types: list[dict] = field(default_factory=list)
    missing_types: list[str] = field(default_factory=list)
    links: dict = field(default_factory=dict)
    markup: dict = field(default_factory=dict)
    pages: list[dict] = field(default_factory=list)
    lighthouse: list[dict] = field(default_factory=list)
    # The same page types at scale (audit/scale.py): {"records": n, "totals": {type: bytes}}, when measured.
    scale: dict = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """True when no check failed."""
        return not self.failures

    def as_dict(self) -> dict:
        """The report as plain data, for JSON."""
        return {**asdict(self), "ok": self.ok}


def run_audit(site: Path, budgets_path: Path = BUDGETS, lighthouse: bool = True,
              data: Path | None = None, theme_errors: list[dict] | None = None,
              types: set[str] | None = None, engine: str = "mkdocs", checks: tuple[str, ...] = CHECKS) -> Report:
    """Serve site on 127.0.0.1 and run links, HTML, axe, page weight and (optionally) Lighthouse checks.

    Links and HTML are checked on every page; `types` limits the browser checks to some page types, `checks` the
    run to some of CHECKS (a suite runs the browser's share of a large site in parts, side by side).
    """
    site = site.resolve()
    budgets = load_budgets(budgets_path, engine)
    pages = page_types(site)
    report = Report(str(site), page_types=[asdict(p) for p in pages])
    _note_missing_types(report, pages, data, edition_folders(site))
    if types is not None:
        report.notes += [f"page type '{p.type}' not loaded in the browser (not asked for)"
                         for p in pages if p.type not in types]
        pages = [p for p in pages if p.type in types]
    report.notes += [f"{check} not checked (not asked for)" for check in CHECKS if check not in checks]
    prefix = base_path(site)
    with serve(site, prefix) as base:
        stages = {"links": lambda: _links(report, site, prefix), "html": lambda: _markup(report, site, pages, theme_errors),
                  "browser": lambda: _browser(report, base, pages, budgets)}
        _at_once(report, [stages[check] for check in checks])
        if lighthouse:
            _lighthouse(report, base, pages, budgets)
        else:
            report.notes.append("Lighthouse skipped (--no-lighthouse)")
    return report


# The order failures are listed in, by the check that found them; the checks run at once.
STAGE_ORDER = ("links:", "html:")


def _at_once(report: Report, stages: list) -> None:
    """Run independent checks at the same time (lychee and the Nu checker are processes of their own, the
    browser checks drive Chromium: most of each one's time is spent waiting on the others' work), then list the
    failures in the order the checks were given."""
    with ThreadPoolExecutor(max_workers=len(stages)) as pool:
        for future in [pool.submit(stage) for stage in stages]:
            future.result()
    report.failures.sort(key=lambda line: next((n for n, prefix in enumerate(STAGE_ORDER)
                                                if line.startswith(prefix)), len(STAGE_ORDER)))


def _note_missing_types(report: Report, pages: list, data: Path | None, editions: list[str]) -> None:
    found = {page.type for page in pages}
    if data is not None:
        english = expected_types(data)
        # Every edition has every type but the 404 page, which the host serves from the site root for all.
        expected = english + [f"{edition}/{t}" for edition in editions for t in english if t != "404"]
        report.missing_types = [t for t in expected if t not in found]
    for missing in report.missing_types:
        report.notes.append(f"page type '{missing}' has records in the data but no page in the site")


def _links(report: Report, site: Path, prefix: str) -> None:
    # Every page is read, so pages nothing links to are checked too.
    result = check_links(site, prefix, all_html(site))
    report.links = {"checked": result.checked, "broken": result.broken}
    for broken in result.broken:
        report.failures.append(f"links: {broken['url']} on {broken['page']} line {broken['line']}: "
                               f"{broken['result']}")


def _markup(report: Report, site: Path, pages: list, theme_errors: list[dict] | None) -> None:
    result = check_markup(site, load_theme_errors() if theme_errors is None else theme_errors)
    by_file = {page.file: page.type for page in pages}
    report.markup = {"files": result.files, "errors": result.errors, "theme_errors": result.theme_errors,
                     "warnings": result.warnings,
                     "per_type": {t: _count_for(result, f) for f, t in by_file.items()}}
    for error in result.errors:
        report.failures.append(f"html: {error['file']}:{error['line']}: {error['message']}")


def _count_for(result, file: str) -> dict:
    return {"errors": sum(e["file"] == file for e in result.errors),
            "theme_errors": sum(e["file"] == file for e in result.theme_errors)}


def _browser(report: Report, base: str, pages: list, budgets: dict) -> None:
    for result in audit_pages(base, pages):
        budget = budget_for(result.type, budgets)
        entry = {**asdict(result), "budget": budget, "total": sum(result.bytes.values()),
                 "over_budget": over_budget(result.bytes, budget)}
        report.pages.append(entry)
        report.failures += _page_failures(result, entry["over_budget"])


def _page_failures(result, over: list[str]) -> list[str]:
    name = result.type
    expected = 404 if name == "404" else 200
    failures = [f"weight: {name}: {line}" for line in over]
    failures += [f"axe ({palette}): {name}: {v['impact']} {v['id']} on {v['nodes']} element(s): "
                 f"{', '.join(v['targets'][:3])}" for palette, v in result.axe_failures()]
    failures += [f"requests: {name}: request to another host: {url}" for url in result.foreign_requests]
    failures += [f"requests: {name}: failed: {url}" for url in result.failed_requests]
    failures += [f"console: {name}: {message}" for message in result.console_errors]
    if result.status != expected:
        failures.append(f"status: {name}: HTTP {result.status}, expected {expected}")
    return failures


def _lighthouse(report: Report, base: str, pages: list, budgets: dict) -> None:
    settings = budgets.get("lighthouse", {})
    wanted = settings.get("pages", [])
    # The types named are scored in every edition: "company" scores zh/company too.
    scored = [page for page in pages if base_type(page.type) in wanted]
    for page_type in sorted(set(wanted) - {base_type(page.type) for page in scored}):
        report.notes.append(f"Lighthouse: no '{page_type}' page in the site yet; not scored")
    for page in scored:
        for form_factor in FORM_FACTORS:
            _score(report, page, base, form_factor, settings.get(form_factor, {}))


def _score(report: Report, page, base: str, form_factor: str, targets: dict) -> None:
    runs = [run_lighthouse(page.url(base), form_factor)]
    if below_target(runs[0]["scores"], targets):
        # Timing scores move with the machine's load: a miss is confirmed by the median of three runs.
        runs += [run_lighthouse(page.url(base), form_factor) for _ in range(RERUNS_ON_MISS)]
    scores = _median_scores([run["scores"] for run in runs])
    below = below_target(scores, targets)
    # What cost points, from the run with the median performance score (not a pile-up of every run's).
    lost = sorted(runs, key=lambda run: run["scores"].get("performance") or 0)[len(runs) // 2]["lost"]
    report.lighthouse.append({"type": page.type, "form_factor": form_factor, "scores": scores, "lost": lost,
                              "runs": [run["scores"] for run in runs], "targets": targets, "below_target": below})
    report.failures += [f"lighthouse ({form_factor}): {page.type}: {line}" for line in below]


def _median_scores(runs: list[dict]) -> dict:
    """Per category, the median of the runs' scores (a missing score counts as 0)."""
    return {category: sorted(run.get(category) or 0 for run in runs)[len(runs) // 2] for category in runs[0]}
