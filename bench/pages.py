"""Benchmark the pages stage: synthetic sites of 100, 1,000 and 5,000 records, measured in the same run.

For each size: the generator stage alone (load, validate, link, render every page and data file, in process), the
full build (`mkdocs build` with the facts plugin) and a plain `mkdocs build` of the same site exported as Markdown
(`python -m generator export`), which is what MkDocs costs without the generator. Times are CPU seconds (of the
process and the builds it runs), so other work on a shared machine does not count; builds alternate and the fastest
of --repeat runs counts. Social cards are off in both builds.

Usage: python bench/pages.py [--sizes 100 1000 5000] [--repeat 2]
Targets (issue 13): the full build of 5,000 records at most 0.8x the plain build; it grows at most 5.2x from 1,000
to 5,000 records; its peak memory stays under 1 GB. Reported too: the generator stage's share of the plain build
(issue 3 held it under 10%). Exit status 1 when a target is missed.

Where the full build saves (December 2026, 0.75x): record pages skip Markdown (generator/engines/html_pages.py joins
their HTML blocks with headings converted once each), and the theme renders the navigation, footer and asset tags
once per folder of record pages (folder_parts.py). What both builds still share: the theme's other templates and
Material's search index, each about a quarter of the full build.
"""
from __future__ import annotations

import argparse
import gc
import os
import resource
import shutil
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


def mkdocs_build(config: Path, site: Path) -> int:
    """Build; returns the build process's peak resident memory in bytes."""
    with tempfile.TemporaryFile() as output:
        process = subprocess.Popen([sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-f", str(config),
                                    "-d", str(site)], env=ENV, stdout=output, stderr=subprocess.STDOUT)
        _, status, usage = os.wait4(process.pid, 0)  # this child's own resource use, peak memory included
        process.returncode = os.waitstatus_to_exitcode(status)
        if process.returncode != 0:
            output.seek(0)
            raise RuntimeError(f"mkdocs build -f {config} failed:\n{output.read().decode(errors='replace')}")
    return usage.ru_maxrss * 1024  # kilobytes on Linux


@dataclass
class Row:
    """The measures for one size, in seconds."""

    records: int
    pages: int
    generator: float
    plain: float
    full: float
    memory: int  # peak bytes of the full build


def generator_stages(projects: dict[int, Path], runs: int) -> dict[int, float]:
    """The fastest generator stage per size, the sizes taken in turn each round, so a busy moment on the machine
    slows one round of every size rather than every run of one size."""
    best = {count: float("inf") for count in projects}
    for _ in range(runs):
        for count, project in projects.items():
            best[count] = min(best[count], timed(lambda: generator_stage(project)))
    return best


def builds(count: int, project: Path, repeat: int, root: Path) -> tuple[float, float, int, int]:
    """(plain seconds, full seconds, pages, peak bytes of a full build) for one size: the fastest of repeat
    alternating builds of each."""
    done = subprocess.run([sys.executable, "-m", "generator", "export", "--out", str(root / f"export-{count}")],
                          cwd=project, env=ENV, capture_output=True, text=True)
    if done.returncode != 0:
        raise RuntimeError(done.stdout + done.stderr)
    plain, full, memory = [], [], [0]
    for run in range(repeat):  # alternate, so a busy moment on the machine hits both
        plain.append(timed(lambda: mkdocs_build(root / f"export-{count}" / "mkdocs.yml", root / f"plain-{run}")))
        full.append(timed(lambda: memory.append(mkdocs_build(project / "mkdocs.yml", root / f"full-{run}"))))
    pages = sum(1 for _ in (root / "full-0").rglob("index.html"))
    for folder in [root / f"plain-{run}" for run in range(repeat)] + [root / f"full-{run}" for run in range(repeat)]:
        shutil.rmtree(folder, ignore_errors=True)
    return min(plain), min(full), pages, max(memory)


def report(rows: list[Row]) -> list[str]:
    """Print the table and return the targets missed."""
    print(f"{'records':>8} {'pages':>6} {'generator':>10} {'plain':>8} {'full':>8} {'gen/plain':>10} {'full/plain':>11} "
          f"{'peak MB':>8}")
    missed = []
    for row in rows:
        share, ratio = row.generator / row.plain, row.full / row.plain
        print(f"{row.records:>8,} {row.pages:>6,} {row.generator:>9.2f}s {row.plain:>7.2f}s {row.full:>7.2f}s "
              f"{share:>9.1%} {ratio:>10.2f}x {row.memory / 2**20:>8.0f}")
        if row.memory >= MEMORY_LIMIT:
            missed.append(f"{row.records} records: full build peaks at {row.memory / 2**20:.0f} MB (target under 1 GB)")
    sizes = {row.records: row for row in rows}
    if 5000 in sizes and sizes[5000].full / sizes[5000].plain > RATIO_TARGET:
        missed.append(f"5000 records: full build {sizes[5000].full / sizes[5000].plain:.2f}x the plain build "
                      f"(target {RATIO_TARGET}x)")
    if 1000 in sizes and 5000 in sizes:
        growth = sizes[5000].full / sizes[1000].full
        print(f"full build, 1,000 -> 5,000 records: {growth:.2f}x (target at most {GROWTH_TARGET}x); generator stage "
              f"{sizes[5000].generator / sizes[1000].generator:.2f}x")
        if growth > GROWTH_TARGET:
            missed.append(f"the full build grows {growth:.2f}x from 1,000 to 5,000 records (target {GROWTH_TARGET}x)")
    return missed


RATIO_TARGET, GROWTH_TARGET, MEMORY_LIMIT = 0.8, 5.2, 2**30


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
            plain, full, pages, memory = builds(count, project, args.repeat, Path(tmp))
            rows.append(Row(count, pages, stages[count], plain, full, memory))
            print(f"built {count:,} records: plain {plain:.2f}s, full {full:.2f}s", flush=True)
    missed = report(rows)
    for line in missed:
        print(f"missed: {line}")
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
