"""Benchmark the pages stage: synthetic sites of 100, 1,000 and 5,000 records, measured in the same run.

For each size: the generator stage alone (load, validate, link, render every page and data file, in process), the
full build (`mkdocs build` with the facts plugin) and a plain `mkdocs build` of the same site exported as Markdown
(`python -m generator export`), which is what MkDocs costs without the generator. Times are CPU seconds (of the
process and the builds it runs), so other work on a shared machine does not count; builds alternate and the fastest
of --repeat runs counts. Social cards are off in both builds.

Usage: python bench/pages.py [--sizes 100 1000 5000] [--repeat 2]
Targets (issue 3): generator stage at most 10% of the plain build; full build at most 1.15x the plain build at
every size; generator stage linear (1,000 to 5,000 records at most 5.5x). Exit status 1 when a target is missed.
"""
from __future__ import annotations

import argparse
import gc
import os
import resource
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from generator.engines.prebuild import generated_files, load_stages, paused_gc  # noqa: E402
from generator.facts.pipeline import read_data  # noqa: E402
from tests.sites import make_project  # noqa: E402

# The generator stage takes seconds, not minutes: measure it more often than the builds, against machine noise.
GENERATOR_RUNS = 5
ENV = {**os.environ, "SOCIAL_CARDS": "false", "NO_MKDOCS_2_WARNING": "1"}
SOURCE = """  - url: https://example.org/{kind}/{n}
    publisher: Example News
    title: Report number {n} on {kind}
    published: 2025-06-01
    accessed: 2026-11-28
    excerpt: {excerpt}
checked: 2026-11-29
"""
# Each source states its record's figure or quote, as check requires.
EXCERPTS = {
    "events": "Event {n} raised US${n}.5 million, the report said.",
    "quotes": "'\"We are measuring how fast the site builds, said number {n}.\"'",
}
# One group of records per n: a company, its founder, a model, an event and a quote, all linked to each other.
TEMPLATES = {
    "companies": "name: Company {n}\nname_zh: 公司{n}\nkind: startup\ncountry: China\nheadquarters: Beijing\n"
                 "founded: 2019\nfounders: [person-{n}]\nwebsite: https://company-{n}.example.com/\n"
                 "summary: >-\n  A synthetic company number {n}, with a few sentences of text so the page has a\n"
                 "  realistic length. It releases models and takes part in events.\n",
    "people": "name: Person {n}\nname_zh: 人{n}\nroles:\n  - company: company-{n}\n    title: Chief scientist\n"
              "    from: 2020-01\nsummary: A synthetic person with a short biography, number {n}.\n",
    "models": "name: Model {n}\ncompany: company-{n}\nreleased: 2025-07\nopen_weights: true\n"
              "parameters:\n  total: 355\n  active: 32\nlicense: MIT\nsummary: Synthetic model {n}.\n",
    "events": "title: Event {n}\ndate: 2026-01-{day:02d}\nkind: summit\ncompanies: [company-{n}]\n"
              "people: [person-{n}]\nmodels: [model-{n}]\nsummary: Something happened at event {n}.\nfigures:\n"
              "  - id: raised\n    label: Money raised\n    value: {n}.5\n    unit: million\n    currency: USD\n",
    "quotes": "person: person-{n}\ntext: \"We are measuring how fast the site builds, said number {n}.\"\n"
              "said_on: 2026-01-10\nevent: event-{n}\ncontext: Said at a synthetic event.\nlanguage: en\n",
}
IDS = {"companies": "company", "people": "person", "models": "model", "events": "event", "quotes": "quote"}
HOME = "# Synthetic site\n\n[[company:company-0]] raised [[fact:event-0/raised]].\n\n[[quote:quote-0]]\n"


def write_data(data: Path, count: int) -> None:
    """count records, spread evenly over the kinds, each group of five linked together."""
    kinds = list(TEMPLATES)
    for i in range(count):
        kind, n = kinds[i % len(kinds)], i // len(kinds)
        path = data / kind / f"{IDS[kind]}-{n}.yml"
        path.parent.mkdir(parents=True, exist_ok=True)
        excerpt = EXCERPTS.get(kind, "Record {n} is described in this report.").format(n=n)
        text = TEMPLATES[kind].format(n=n, day=n % 28 + 1) + "sources:\n" + SOURCE.format(kind=kind, n=n,
                                                                                           excerpt=excerpt)
        path.write_text(text, encoding="utf-8")


def synthetic_project(root: Path, count: int) -> Path:
    """A project with the real config and theme, synthetic data and a home page with embeds."""
    with tempfile.TemporaryDirectory() as scratch:
        write_data(Path(scratch) / "data", max(count, 5))
        docs = Path(scratch) / "docs"
        docs.mkdir()
        (docs / "index.md").write_text(HOME, encoding="utf-8")
        return make_project(root, data=Path(scratch) / "data", docs=docs)


def cpu_seconds() -> float:
    """CPU time of this process and its finished children. On a machine shared with other work, wall time
    counts the moments another process held the CPU; CPU time counts only the work measured."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def timed(action) -> float:
    """CPU seconds the action took, itself and the processes it ran."""
    gc.collect()  # every run starts from the same heap, not with the last run's garbage
    started = cpu_seconds()
    action()
    return cpu_seconds() - started


def generator_stage(project: Path) -> None:
    """What the plugin does before MkDocs renders anything: read the data and make every generated file."""
    with paused_gc():  # as the plugin does
        result = read_data(project / "data", project)
        assert not result.errors, result.errors[:3]
        generated_files(result.graph, "https://example.org/site/")


def mkdocs_build(config: Path, site: Path) -> None:
    done = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-f", str(config),
                           "-d", str(site)], env=ENV, capture_output=True, text=True)
    if done.returncode != 0:
        raise RuntimeError(f"mkdocs build -f {config} failed:\n{done.stdout}{done.stderr}")


@dataclass
class Row:
    """The measures for one size, in seconds."""

    records: int
    pages: int
    generator: float
    plain: float
    full: float


def generator_stages(projects: dict[int, Path], runs: int) -> dict[int, float]:
    """The fastest generator stage per size, the sizes taken in turn each round, so a busy moment on the machine
    slows one round of every size rather than every run of one size."""
    best = {count: float("inf") for count in projects}
    for _ in range(runs):
        for count, project in projects.items():
            best[count] = min(best[count], timed(lambda: generator_stage(project)))
    return best


def builds(count: int, project: Path, repeat: int, root: Path) -> tuple[float, float, int]:
    """(plain seconds, full seconds, pages) for one size: the fastest of repeat alternating builds of each."""
    done = subprocess.run([sys.executable, "-m", "generator", "export", "--out", str(root / f"export-{count}")],
                          cwd=project, env=ENV, capture_output=True, text=True)
    if done.returncode != 0:
        raise RuntimeError(done.stdout + done.stderr)
    plain, full = [], []
    for run in range(repeat):  # alternate, so a busy moment on the machine hits both
        plain.append(timed(lambda: mkdocs_build(root / f"export-{count}" / "mkdocs.yml", root / f"plain-{run}")))
        full.append(timed(lambda: mkdocs_build(project / "mkdocs.yml", root / f"full-{run}")))
    pages = sum(1 for _ in (root / "full-0").rglob("index.html"))
    return min(plain), min(full), pages


def report(rows: list[Row]) -> list[str]:
    """Print the table and return the targets missed."""
    print(f"{'records':>8} {'pages':>6} {'generator':>10} {'plain':>8} {'full':>8} {'gen/plain':>10} {'full/plain':>11}")
    missed = []
    for row in rows:
        share, ratio = row.generator / row.plain, row.full / row.plain
        print(f"{row.records:>8,} {row.pages:>6,} {row.generator:>9.2f}s {row.plain:>7.2f}s {row.full:>7.2f}s "
              f"{share:>9.1%} {ratio:>10.2f}x")
        if share > 0.10:
            missed.append(f"{row.records} records: generator stage {share:.1%} of the plain build (target 10%)")
        if ratio > 1.15:
            missed.append(f"{row.records} records: full build {ratio:.2f}x the plain build (target 1.15x)")
    sizes = {row.records: row for row in rows}
    if 1000 in sizes and 5000 in sizes:
        growth = sizes[5000].generator / sizes[1000].generator
        print(f"generator stage, 1,000 -> 5,000 records: {growth:.2f}x (target at most 5.5x)")
        if growth > 5.5:
            missed.append(f"generator stage grows {growth:.2f}x from 1,000 to 5,000 records (target 5.5x)")
    return missed


def main() -> int:
    """Run the benchmark; exit status 1 if a target is missed."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1000, 5000])
    parser.add_argument("--repeat", type=int, default=2)
    args = parser.parse_args()
    load_stages()
    rows = []
    with tempfile.TemporaryDirectory(prefix="bench-pages-") as tmp:
        projects = {count: synthetic_project(Path(tmp) / f"project-{count}", count) for count in args.sizes}
        stages = generator_stages(projects, max(args.repeat, GENERATOR_RUNS))
        print("generator stage: " + ", ".join(f"{count:,} records {seconds:.2f}s" for count, seconds in stages.items()),
              flush=True)
        for count, project in projects.items():
            plain, full, pages = builds(count, project, args.repeat, Path(tmp))
            rows.append(Row(count, pages, stages[count], plain, full))
            print(f"built {count:,} records: plain {plain:.2f}s, full {full:.2f}s", flush=True)
    missed = report(rows)
    for line in missed:
        print(f"missed: {line}")
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
