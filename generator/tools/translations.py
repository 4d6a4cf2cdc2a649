"""`python -m generator translations stamp`: record, in each `zh:` block, the hash of the English each translation
was made from, so `check` can tell when the English changes afterwards.

`stamp` fills in the hashes that are missing (a translation just written); `stamp --update` also replaces the
stale ones (a translation just brought up to date). Only the `made_from:` line of a block is written; the rest
of the file is left exactly as it was.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from generator.engines import editions
from generator.facts.load import load_data
from generator.facts.model import KINDS
from generator.facts.translations import block_class, english_hash, translatable_objects, wanted
from generator.facts.validate import validate
from generator.pages import catalogs, i18n


def register(commands) -> None:
    """Add the `translations` subcommand."""
    parser = commands.add_parser("translations", help="record which English each translation was made from")
    actions = parser.add_subparsers(dest="action", required=True)
    stamp = actions.add_parser("stamp", help="write the missing made_from hashes of translated fields")
    stamp.add_argument("files", nargs="*", type=Path, help="record files (default: every file in --data)")
    stamp.add_argument("--data", type=Path, default=Path("data"), help="data folder (default: data)")
    stamp.add_argument("--update", action="store_true",
                       help="also replace stale hashes: the translations have been brought up to date")
    stamp.set_defaults(run=run_stamp)
    extract = actions.add_parser("extract", help="list the site's own words (templates, stages, mkdocs.yml) in "
                                                 "messages.pot and merge them into each language's catalog")
    extract.set_defaults(run=run_extract)


def run_stamp(args: argparse.Namespace) -> int:
    """Stamp every translated field without a hash (and, with --update, every stale one); print what changed."""
    wanted_paths = {path.resolve() for path in args.files}
    raws, problems, _ = load_data(args.data, set(KINDS), args.data.resolve().parent)
    entries, invalid = validate(raws)
    errors = [problem for problem in problems + invalid if problem.is_error]
    if errors:
        for problem in sorted(errors):
            print(problem.as_text(), file=sys.stderr)
        print("fix the errors above first; nothing was stamped", file=sys.stderr)
        return 1
    root = args.data.resolve().parent
    stamped = 0
    for entry in entries:
        path = root / entry.path
        if wanted_paths and path.resolve() not in wanted_paths:
            continue
        edits = stamp_edits(entry, args.update)
        if edits:
            path.write_text(apply_edits(path.read_text(encoding="utf-8"), edits), encoding="utf-8")
            stamped += len(edits)
            print(f"stamped {entry.path}: {len(edits)} block(s)")
    print(f"{stamped} translation block(s) stamped")
    return 0


def run_extract(args: argparse.Namespace) -> int:
    """Write messages.pot from the sources and bring every catalog up to date with it; print what is untranslated."""
    template = catalogs.extract_messages(editions.config_messages(Path("mkdocs.yml")))
    catalogs.write_catalog(template, i18n.LOCALE_DIR / "messages.pot")
    missing = 0
    for language in i18n.catalog_languages():
        catalog = catalogs.merged(template, language)
        catalogs.write_catalog(catalog, i18n.catalog_path(language))
        untranslated = catalogs.untranslated(catalog)
        missing += len(untranslated)
        print(f"{i18n.catalog_path(language).relative_to(Path.cwd()) if i18n.catalog_path(language).is_relative_to(Path.cwd()) else i18n.catalog_path(language)}: "
              f"{len(catalog) - len(untranslated)} of {len(catalog)} messages translated")
    print(f"{len(template)} messages in messages.pot")
    return 0


def stamp_edits(entry, update: bool) -> list[tuple[int, int, str]]:
    """(first line, lines to replace, new line) for each block whose made_from must change, 1-based lines."""
    edits = []
    for loc, obj in translatable_objects(entry.record):
        block = obj.zh
        if block is None:
            continue
        hashes = _new_hashes(obj, block, update)
        if hashes != block.made_from:
            edits.append(_made_from_edit(entry.raw, loc, hashes))
    return edits


def _new_hashes(obj, block, update: bool) -> dict[str, str]:
    hashes = dict(block.made_from)
    for name in block_class(type(obj)).translated_fields:
        if getattr(block, name) is None or not wanted(obj, name):
            continue
        if name not in hashes or update:
            hashes[name] = english_hash(getattr(obj, name))
    return hashes


def _made_from_edit(raw, loc: tuple, hashes: dict[str, str]) -> tuple[int, int, str]:
    block_keys = [key for key in raw.key_marks if key[:-1] == loc + ("zh",)]
    first_line, column = min(raw.key_marks[key] for key in block_keys)
    line = " " * (column - 1) + "made_from: {" + ", ".join(f"{k}: '{v}'" for k, v in sorted(hashes.items())) + "}"
    if loc + ("zh", "made_from") in raw.key_marks:
        start = raw.key_marks[loc + ("zh", "made_from")][0]
        return start, _value_lines(raw, loc + ("zh", "made_from")), line
    return first_line, 0, line


def _value_lines(raw, loc: tuple) -> int:
    """How many lines the made_from entry spans: one, or more when written as a block mapping."""
    inner = [raw.key_marks[key][0] for key in raw.key_marks if key[:-1] == loc]
    return max(inner, default=raw.key_marks[loc][0]) - raw.key_marks[loc][0] + 1


def apply_edits(text: str, edits: list[tuple[int, int, str]]) -> str:
    """The file with each edit applied, the last first so earlier line numbers stay right."""
    lines = text.splitlines(keepends=True)
    for start, count, new in sorted(edits, reverse=True):
        lines[start - 1:start - 1 + count] = [new + "\n"]
    return "".join(lines)
