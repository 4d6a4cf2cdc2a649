"""`python -m generator build`: a strict MkDocs build into a temporary folder, swapped in only on success.

MkDocs runs with --strict and without -q (-q hides the warnings --strict turns into a failure), so every warning
is shown and fails the build. The site is built beside the output folder and replaces it in one rename; a failed
build leaves the previous site untouched. With SOURCE_DATE_EPOCH set, two builds of the same input are identical.
"""
from __future__ import annotations

import argparse
import importlib.util
import subprocess
import sys
from pathlib import Path

from generator.engines import editions, sitemap
from generator.engines.config_file import read_config
from generator.engines.staging import replace_from_staging

# Each engine and the Python packages it runs on.
ENGINES = {"mkdocs": ("mkdocs", "material"), "zensical": ("zensical",)}


def register(commands) -> None:
    """Add the `build` subcommand."""
    build = commands.add_parser("build", help="build the site strictly; a failed build keeps the old site")
    build.add_argument("--out", type=Path, default=Path("site"), help="output folder (default: site)")
    build.add_argument("--config", type=Path, default=Path("mkdocs.yml"), help="MkDocs config (default: mkdocs.yml)")
    build.add_argument("--engine", choices=ENGINES, default="mkdocs",
                       help="mkdocs (default) or zensical, which builds the exported tree in its work folder")
    build.add_argument("--work", type=Path, default=None,
                       help="Zensical's work folder, kept between builds for its cache (default: build/zensical)")
    build.set_defaults(run=run_build)


def run_build(args: argparse.Namespace) -> int:
    """Build into a sibling temp folder, then replace the output folder in one rename."""
    out = args.out.resolve()
    project = args.config.resolve().parent
    if out == project or out in project.parents:
        print(f"error: --out {args.out} would replace the project itself", file=sys.stderr)
        return 2
    missing = [name for name in ENGINES[args.engine] if importlib.util.find_spec(name) is None]
    if missing:
        print(f"error: {missing[0]} is not installed: run `make setup` first", file=sys.stderr)
        return 2
    if not replace_from_staging(out, ".site-", lambda staging: build_into(args.engine, args.config, staging, args.work)):
        print(f"build failed; {args.out} is unchanged", file=sys.stderr)
        return 1
    print(f"built {args.out}")
    return 0


def build_into(engine: str, config: Path, staging: Path, work: Path | None = None) -> bool:
    """Build every edition of the site into the empty folder staging with the chosen engine (English at its
    root, each other edition in its language's folder), then link their sitemaps; True on success."""
    settings = read_config(config)
    if not build_edition(engine, config, staging, work):
        return False
    for language in editions.other_languages(settings):
        with editions.edition_config_file(config, language) as derived:
            if not build_edition(engine, derived, staging / language, work and work / language):
                return False
    if editions.other_languages(settings):
        sitemap.link_editions(staging, {language: "" if index == 0 else language for index, language
                                        in enumerate(editions.languages(settings))}, editions.languages(settings)[0])
    return True


def build_edition(engine: str, config: Path, site: Path, work: Path | None = None) -> bool:
    """Build one edition's config into the folder site with the chosen engine; True on success."""
    if engine == "zensical":
        from generator.engines import zensical  # the export stages load only for this engine
        return zensical.build(config, site, work)
    return subprocess.run(mkdocs_command(config, site)).returncode == 0


def mkdocs_command(config: Path, site_dir: Path) -> list[str]:
    """The strict MkDocs build command line (without -q, which would hide what --strict fails on)."""
    return [sys.executable, "-m", "mkdocs", "build", "--strict", "--config-file", str(config),
            "--site-dir", str(site_dir)]
