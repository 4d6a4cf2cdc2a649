"""Write the audit report as JSON (all figures) and Markdown (for people), into site-audit/."""
from __future__ import annotations

import json
from pathlib import Path

from audit.budgets import KINDS
from audit.run import Report


def write_report(report: Report, out: Path) -> tuple[Path, Path]:
    """Write report.json and report.md into out; returns their paths."""
    out.mkdir(parents=True, exist_ok=True)
    json_path, md_path = out / "report.json", out / "report.md"
    json_path.write_text(json.dumps(report.as_dict(), indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    md_path.write_text(markdown(report), encoding="utf-8")
    return json_path, md_path


def markdown(report: Report) -> str:
    """The report as Markdown: verdict, failures, then one table per check."""
    verdict = "passed" if report.ok else f"FAILED ({len(report.failures)} problems)"
    parts = [f"# Site audit: {verdict}", "", f"Site: `{report.site}`", ""]
    parts += _section("Failures", [f"- {line}" for line in report.failures])
    parts += _section("Notes", [f"- {line}" for line in report.notes])
    parts += _weight_table(report) + _axe_table(report) + _markup_section(report)
    parts += _links_section(report) + _lighthouse_table(report)
    return "\n".join(parts) + "\n"


def _section(title: str, lines: list[str]) -> list[str]:
    return [f"## {title}", "", *lines, ""] if lines else []


def _kb(size: int) -> str:
    return f"{size / 1024:.1f}"


def _weight_table(report: Report) -> list[str]:
    scale = report.scale.get("totals", {})
    extra = f" total at {report.scale['records']:,} records | change |" if scale else ""
    head = "| page type | page | " + " | ".join(KINDS) + " | total | budget (total) | requests |" + extra
    rows = [head, "|" + "---|" * (len(KINDS) + 5 + (2 if scale else 0))]
    for page in report.pages:
        sizes = " | ".join(_kb(page["bytes"].get(kind, 0)) for kind in KINDS)
        flag = " **over**" if page["over_budget"] else ""
        rows.append(f"| {page['type']} | `{_path(page['url'])}` | {sizes} | {_kb(page['total'])}{flag} | "
                    f"{_kb(page['budget'].get('total', 0))} | {page['requests']} |" + _scale_cells(page, scale))
    return _section("Page weight (KiB, gzip: a first visit in Chromium, scrolled to the end)", rows)


def _scale_cells(page: dict, scale: dict) -> str:
    if not scale:
        return ""
    after = scale.get(page["type"])
    if after is None:
        return " – | – |"
    change = (after - page["total"]) / page["total"] if page["total"] else 0.0
    return f" {_kb(after)} | {change:+.1%} |"


def _path(url: str) -> str:
    return "/" + url.split("/", 3)[-1]


def _axe_table(report: Report) -> list[str]:
    rows = ["| page type | light: serious+critical | light: other | dark: serious+critical | dark: other |",
            "|---|---|---|---|---|"]
    for page in report.pages:
        cells = []
        for palette in ("light", "dark"):
            violations = page["axe"].get(palette, [])
            serious = [v["id"] for v in violations if v["impact"] in ("serious", "critical")]
            other = [f"{v['id']} ({v['impact']})" for v in violations if v["impact"] not in ("serious", "critical")]
            cells += [", ".join(serious) or "0", ", ".join(other) or "0"]
        rows.append(f"| {page['type']} | " + " | ".join(cells) + " |")
    return _section("Accessibility (axe-core violations)", rows)


def _markup_section(report: Report) -> list[str]:
    markup = report.markup
    lines = [f"{markup.get('files', 0)} HTML files checked: {len(markup.get('errors', []))} errors in our markup, "
             f"{len(markup.get('theme_errors', []))} from the theme (listed below), "
             f"{markup.get('warnings', 0)} warnings and infos.", "",
             "| page type | errors (ours) | errors (theme) |", "|---|---|---|"]
    lines += [f"| {t} | {c['errors']} | {c['theme_errors']} |" for t, c in markup.get("per_type", {}).items()]
    lines += ["", "Theme errors, by reason:", ""]
    reasons: dict[str, set] = {}
    for error in markup.get("theme_errors", []):
        reasons.setdefault(error["reason"], set()).add(error["message"])
    for reason, messages in reasons.items():
        count = sum(e["reason"] == reason for e in markup["theme_errors"])
        lines.append(f"- {count} x {'; '.join(sorted(messages))}: {reason}")
    return _section("HTML validity (Nu Html Checker)", lines)


def _links_section(report: Report) -> list[str]:
    links = report.links
    return _section("Links and anchors (lychee, internal, offline)",
                    [f"{links.get('checked', 0)} internal links checked, {len(links.get('broken', []))} broken."])


def _lighthouse_table(report: Report) -> list[str]:
    if not report.lighthouse:
        return []
    rows = ["| page type | form factor | performance | accessibility | best practices | SEO |", "|---|---|---|---|---|---|"]
    for run in report.lighthouse:
        scores, targets = run["scores"], run["targets"]
        cells = [f"{scores.get(c)} (≥{targets.get(c, '-')})"
                 for c in ("performance", "accessibility", "best-practices", "seo")]
        runs = f" (median of {len(run['runs'])} runs)" if len(run.get("runs", [])) > 1 else ""
        rows.append(f"| {run['type']} | {run['form_factor']}{runs} | " + " | ".join(cells) + " |")
    lost = [f"- {run['type']} {run['form_factor']}: {item}" for run in report.lighthouse for item in run["lost"]]
    return _section("Lighthouse", rows + (["", "Points lost:", "", *lost] if lost else []))
