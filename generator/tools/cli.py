"""The command line: `python -m generator check|schema|...`, for contributors and CI."""
from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

from generator.facts.model import KINDS
from generator.engines.editions import project_languages
from generator.facts.pipeline import read_data, report
from generator.facts.staleness import STALE_DAYS, stale_entries, stale_notice, stale_report
from generator.machine import SetupError

EXIT_OK, EXIT_DATA, EXIT_USAGE = 0, 1, 2


def main(argv: list[str] | None = None) -> int:
    """Run one subcommand; returns the process exit status (0 clean, 1 data problems, 2 usage)."""
    parser = _parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exit_:
        return EXIT_OK if exit_.code == 0 else EXIT_USAGE
    try:
        return args.run(args)
    except SetupError as error:
        print(f"error: {error}", file=sys.stderr)
        return EXIT_USAGE


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m generator", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    check = commands.add_parser("check", help="validate and link every data file; no site is built")
    _data_options(check)
    check.add_argument("--stale", type=int, nargs="?", const=STALE_DAYS, default=None, metavar="DAYS",
                       help=f"also list records last checked more than DAYS ago (default {STALE_DAYS}); "
                       "never changes the exit status")
    check.add_argument("--stale-report", type=Path, default=None, metavar="FILE",
                       help="with --stale: also write the list as Markdown to FILE and counts to FILE.json "
                       "(the body of the weekly 'Stale facts' issue)")
    check.set_defaults(run=run_check)
    schema = commands.add_parser("schema", help="write a JSON Schema per kind, for editors")
    schema.add_argument("--out", type=Path, default=Path("schemas"), help="folder to write into (default: schemas)")
    schema.set_defaults(run=run_schema)
    for register in EXTRA_COMMANDS:
        register(commands)
    return parser


def _data_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--data", type=Path, default=Path("data"), help="data folder (default: data)")
    parser.add_argument("--strict", action="store_true", help="warnings fail too")
    parser.add_argument("--format", choices=["text", "github"], default=None,
                        help="problem format (default: github under GitHub Actions, else text)")


def run_check(args: argparse.Namespace) -> int:
    """Validate and link the data, print every problem and a summary line."""
    if not args.data.is_dir():
        print(f"error: data folder '{args.data}' not found", file=sys.stderr)
        return EXIT_USAGE
    root = args.data.resolve().parent if args.data.is_absolute() else Path.cwd()
    result = read_data(args.data, root, project_languages(root))
    stale = stale_entries(result.graph, args.stale) if args.stale is not None else None
    report(result, _format(args), None if stale is None else [stale_notice(entry) for entry in stale])
    if stale is not None and args.stale_report:
        write_stale_report(args.stale_report, stale, args.stale)
    failing = result.problems if args.strict else result.errors
    return EXIT_DATA if failing else EXIT_OK


def _format(args: argparse.Namespace) -> str:
    if args.format:
        return args.format
    return "github" if os.environ.get("GITHUB_ACTIONS") == "true" else "text"


def write_stale_report(path: Path, stale: list, days: int) -> None:
    """The Markdown list of stale records, and {"counts": {"stale": N}} beside it as JSON."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(stale_report(stale, days), encoding="utf-8")
    path.with_suffix(".json").write_text(json.dumps({"counts": {"stale": len(stale)}, "days": days}) + "\n",
                                         encoding="utf-8")


def run_schema(args: argparse.Namespace) -> int:
    """Write `<kind>.schema.json` for each kind, for editor autocompletion."""
    args.out.mkdir(parents=True, exist_ok=True)
    for kind, model in KINDS.items():
        schema = model.model_json_schema(by_alias=True)
        schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
        schema["title"] = f"{kind} record"
        path = args.out / f"{kind}.schema.json"
        path.write_text(json.dumps(schema, indent=2, ensure_ascii=False, sort_keys=True) + "\n", encoding="utf-8")
        print(f"wrote {path}")
    return EXIT_OK


# The other commands (build, export, new, diff) register their subcommands here: each a function taking the
# subparsers. Imported after main is defined, so those modules may import from this one.
from generator.engines import build, export, serve  # noqa: E402
from generator.tools import diff, scaffold, translations  # noqa: E402

EXTRA_COMMANDS: list = [build.register, diff.register, scaffold.register, export.register, serve.register,
                         translations.register]
