"""`python -m audit`: audit a built site, write site-audit/report.{md,json}, exit 1 on any failure."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from audit.budgets import BUDGETS
from audit.report import write_report
from audit.run import run_audit


def main(argv: list[str] | None = None) -> int:
    """Run the audit; print failures and where the report is; 0 when everything passed."""
    args = _parser().parse_args(argv)
    if not (args.site / "index.html").is_file():
        print(f"error: no built site in {args.site} (run `python -m generator build`)", file=sys.stderr)
        return 2
    types = set(args.types.split(",")) if args.types else None
    report = run_audit(args.site, args.budgets, lighthouse=not args.no_lighthouse,
                       data=args.data if args.data.is_dir() else None, types=types, engine=args.engine)
    if args.scale_site:
        from audit.scale import compare_at_scale
        compare_at_scale(report, args.site, args.scale_site, args.scale_records)
    json_path, md_path = write_report(report, args.out)
    for line in report.notes:
        print(f"note: {line}")
    for line in report.failures:
        print(f"FAIL {line}")
    print(f"audit {'passed' if report.ok else 'failed'}: {len(report.pages)} page types, "
          f"{len(report.failures)} problems; report in {md_path} and {json_path}")
    return 0 if report.ok else 1


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m audit", description=__doc__)
    parser.add_argument("--site", type=Path, default=Path("site"), help="built site (default: site)")
    parser.add_argument("--out", type=Path, default=Path("site-audit"), help="report folder (default: site-audit)")
    parser.add_argument("--budgets", type=Path, default=BUDGETS, help="budgets and targets file")
    parser.add_argument("--data", type=Path, default=Path("data"),
                        help="data folder, to name page types the site lacks (default: data)")
    parser.add_argument("--types", help="comma-separated page types to load in the browser (default: all), "
                        "e.g. 'home,company'; links and HTML are still checked everywhere")
    parser.add_argument("--engine", choices=("mkdocs", "zensical"), default="mkdocs",
                        help="the engine that built the site, for its budgets (audit/budgets.yml: engines)")
    parser.add_argument("--no-lighthouse", action="store_true", help="skip Lighthouse (the slow part)")
    parser.add_argument("--scale-site", type=Path, default=None,
                        help="a much larger build of the same site (bench/weight.py makes one): its first visits "
                             "are added to the page-weight table and may grow by at most 5%%")
    parser.add_argument("--scale-records", type=int, default=5000, help="how many records the scale site has")
    return parser


if __name__ == "__main__":
    sys.exit(main())
