"""Lighthouse (npm, pinned) category scores of a page, desktop and mobile, in Chromium."""
from __future__ import annotations

import json
import os
import subprocess
import tempfile
from pathlib import Path

from audit import ROOT
from audit.browser import CHROMIUM_FLAGS, chromium_path

LIGHTHOUSE = ROOT / "node_modules" / ".bin" / "lighthouse"
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")


def run_lighthouse(url: str, form_factor: str) -> dict:
    """Scores (0-100) per category for url, plus the audits that cost points, for 'desktop' or 'mobile'."""
    with tempfile.TemporaryDirectory(prefix="audit-lighthouse-") as tmp:
        report = Path(tmp) / "report.json"
        command = [str(LIGHTHOUSE), url, "--output=json", f"--output-path={report}", "--quiet",
                   f"--chrome-flags={' '.join(CHROMIUM_FLAGS)}", f"--only-categories={','.join(CATEGORIES)}"]
        if form_factor == "desktop":
            command.append("--preset=desktop")
        done = subprocess.run(command, capture_output=True, text=True, timeout=600,
                              env={**os.environ, "CHROME_PATH": _chrome()})
        if done.returncode != 0 or not report.is_file():
            raise RuntimeError(f"lighthouse failed on {url} ({form_factor}): {done.stderr.strip()[-2000:]}")
        return _scores(json.loads(report.read_text(encoding="utf-8")))


def _chrome() -> str:
    """The same Chromium the browser checks use; on CI without Debian's, Playwright's own."""
    path = chromium_path()
    if path:
        return path
    from playwright.sync_api import sync_playwright
    with sync_playwright() as playwright:
        return playwright.chromium.executable_path


def _scores(report: dict) -> dict:
    categories = report["categories"]
    scores = {key: round(100 * categories[key]["score"]) if categories[key]["score"] is not None else None
              for key in CATEGORIES}
    return {"scores": scores, "lost": _lost_points(report)}


def _lost_points(report: dict) -> list[str]:
    """The weighted audits that did not pass: what to fix to raise a score."""
    lost = []
    for key, category in report["categories"].items():
        for ref in category["auditRefs"]:
            audit = report["audits"][ref["id"]]
            if ref.get("weight") and audit.get("score") is not None and audit["score"] < 1:
                shown = f" ({audit['displayValue']})" if audit.get("displayValue") else ""
                lost.append(f"{key}: {ref['id']} {audit['score']:.2f}{shown}")
    return lost
