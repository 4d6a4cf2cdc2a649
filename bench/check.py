"""Benchmark `check` on synthetic records against a bare yaml.CSafeLoader parse of the same files, same run.

Usage: python bench/check.py [--records 5000] [--repeat 3]
Targets: check (with every figure and quote found in its source's excerpt) within 2.5x of the bare parse at 5,000
records, and linear in the number of records. Exits 1 when the ratio is missed.
"""
from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from generator.facts.pipeline import read_data  # noqa: E402

SOURCE = """sources:
  - url: https://example.org/{kind}/{n}
    publisher: Example News
    title: Report number {n}
    published: 2025-06-01
    accessed: 2026-11-28
    excerpt: {excerpt}
checked: 2026-11-29
"""
# What each kind's source says: the figure and the quote must be in it, as check requires.
EXCERPTS = {
    "events": "Event {n} raised US${n}.5 million, the report said on 1 June 2025.",
    "quotes": "'\"We are measuring how fast the checker reads quote number {n},\" the person said on 10 January.'",
}
TARGET = 2.5
TEMPLATES = {
    "companies": "name: Company {n}\nname_zh: 公司{n}\nkind: startup\ncountry: China\nheadquarters: Beijing\n"
                 "founded: 2019\nfounders: [person-{n}]\ntags: [open-weights, ipo]\n"
                 "summary: A synthetic company used to measure the loader. It has a few sentences of text.\n",
    "people": "name: Person {n}\nname_zh: 人{n}\nroles:\n  - company: company-{n}\n    title: Chief scientist\n"
              "    from: 2020-01\nsummary: A synthetic person with a short biography for the benchmark.\n",
    "quotes": "person: person-{n}\ntext: \"We are measuring how fast the checker reads quote number {n}.\"\n"
              "said_on: 2026-01-10\nevent: event-{n}\ncontext: Said at a synthetic event.\nlanguage: en\n",
    "events": "title: Event {n}\ndate: 2026-01-{day:02d}\nkind: summit\ncompanies: [company-{n}]\n"
              "people: [person-{n}]\nsummary: Something happened, for the benchmark.\nfigures:\n"
              "  - id: raised\n    label: Money raised\n    value: {n}.5\n    unit: million\n    currency: USD\n",
    "models": "name: Model {n}\ncompany: company-{n}\nreleased: 2025-07\nopen_weights: true\n"
              "parameters:\n  total: 355\n  active: 32\nlicense: MIT\n",
}


def write_records(root: Path, count: int) -> list[Path]:
    """Write `count` records spread evenly over the kinds; returns the file paths."""
    paths, kinds = [], list(TEMPLATES)
    for i in range(count):
        kind, n = kinds[i % len(kinds)], i // len(kinds)
        path = root / "data" / kind / f"{kind[:-1]}-{n}.yml".replace("companie-", "company-").replace(
            "peopl-", "person-")
        path.parent.mkdir(parents=True, exist_ok=True)
        excerpt = EXCERPTS.get(kind, "Record {n} is described in this report.").format(n=n)
        path.write_text(TEMPLATES[kind].format(n=n, day=n % 28 + 1) + SOURCE.format(kind=kind, n=n, excerpt=excerpt),
                        "utf-8")
        paths.append(path)
    return paths


def bare_parse(paths: list[Path]) -> None:
    """What any YAML site generator must do at least: read and parse every file."""
    for path in paths:
        yaml.load(path.read_text("utf-8"), Loader=yaml.CSafeLoader)


def best_of(repeat: int, action) -> float:
    """Fastest of `repeat` runs, in seconds: the least disturbed by other work on the machine."""
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        action()
        times.append(time.perf_counter() - started)
    return min(times)


def measure(count: int, repeat: int) -> tuple[float, float, int]:
    """(bare parse seconds, check seconds, errors) for `count` synthetic records."""
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        paths = write_records(root, count)
        bare = best_of(repeat, lambda: bare_parse(paths))
        result = read_data(root / "data", root)
        check = best_of(repeat, lambda: read_data(root / "data", root))
        return bare, check, len(result.errors)


def main() -> int:
    """Print a table of sizes, times and ratios."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, nargs="+", default=[1000, 5000])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    print(f"{'records':>8} {'bare parse s':>13} {'check s':>9} {'ratio':>6} {'errors':>6}")
    missed = False
    for count in args.records:
        bare, check, errors = measure(count, args.repeat)
        print(f"{count:>8} {bare:>13.3f} {check:>9.3f} {check / bare:>6.2f} {errors:>6}")
        missed |= errors > 0 or check / bare > TARGET
    print(f"target: check within {TARGET}x of the bare parse, no errors: {'missed' if missed else 'met'}")
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
