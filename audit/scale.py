"""The first visit at scale: the same page types loaded from a much larger build of the site (issue 13).

A reader's first visit to a page (HTML, CSS, JS, pictures, data) should cost the same whether the site has 69
records or 5,000: nothing that grows with the records may load before the reader asks for it. The scale site is
the real site plus thousands of synthetic records (bench/weight.py builds it); each page type is loaded at the
same address in both, and a page type whose first visit grows by more than TOLERANCE fails. List pages hold at
most 50 records a page (generator/pages/render.py, paged), so they are gated like the others.
"""
from __future__ import annotations

from pathlib import Path

from audit.browser import audit_pages
from audit.pages import base_path, page_types
from audit.serve import serve

TOLERANCE = 0.05


def compare_at_scale(report, site: Path, scale_site: Path, records: int) -> None:
    """Load the report's page types from scale_site; add {type: total bytes} and fail growth past TOLERANCE."""
    loaded = {page["type"]: page for page in report.pages}
    pages = [page for page in page_types(site) if page.type in loaded and (scale_site / page.file).is_file()]
    with serve(scale_site.resolve(), base_path(scale_site.resolve())) as base:
        results = audit_pages(base, pages, axe=False)
    report.scale = {"records": records, "totals": {result.type: sum(result.bytes.values()) for result in results}}
    for result in results:
        before, after = loaded[result.type]["total"], report.scale["totals"][result.type]
        growth = (after - before) / before if before else 0.0
        if growth > TOLERANCE:
            report.failures.append(f"weight: {result.type}: a first visit is {after / 1024:.1f} KiB at {records:,} "
                                   f"records, {growth:.1%} more than {before / 1024:.1f} KiB here "
                                   f"(at most {TOLERANCE:.0%})")
