"""`python -m generator export --out DIR`: the whole docs tree as plain files, for engines that run no MkDocs plugin.

DIR gets `docs/` (hand-written pages with their embeds expanded, generated pages, data/<kind>.json and .csv, and
every other file of docs/ as it is), the theme's custom_dir, and an `mkdocs.yml` without the `facts` plugin.
`mkdocs build` or Zensical builds DIR/mkdocs.yml into the same site the plugin makes. Like `build`, export writes
into a temporary folder and swaps it in only on success; it refuses to replace a folder it did not write.
"""
from __future__ import annotations

import argparse
import json
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path

from generator.charts.pages import export_config as chart_config
from generator.engines.staging import replace_from_staging
from generator.engines import provenance
from generator.engines.config_file import read_config, referenced_paths, write_config
from generator.engines import editions
from generator.engines.prebuild import generated_files, load_stages
from generator.facts.pipeline import read_data, report
from generator.facts.translations import localized
from generator.pages.i18n import SOURCE_LANGUAGE
from generator.facts.problems import DataError
from generator.pages import embeds, history
from generator.pages.render import Renderer, page_path

MARKER = ".generator-export"
# Record pages are left out of the sidebar on purpose; tell MkDocs so it does not list them as forgotten.
NOT_IN_NAV = "".join(f"/{kind}/*.md\n!/{kind}/index.md\n" for kind in ("companies", "people", "quotes", "events",
                                                                         "models", "charts"))
PLUGIN = "facts"


def register(commands) -> None:
    """Add the `export` subcommand."""
    export = commands.add_parser("export", help="write the whole docs tree and an mkdocs.yml without the facts "
                                 "plugin, for Zensical or any other engine")
    export.add_argument("--out", type=Path, required=True, help="folder to write (replaced as a whole)")
    export.add_argument("--config", type=Path, default=Path("mkdocs.yml"), help="MkDocs config (default: mkdocs.yml)")
    export.set_defaults(run=run_export)


def run_export(args: argparse.Namespace) -> int:
    """Export into a temporary folder, then swap it in; returns 1 on data or embed problems."""
    out = args.out.resolve()
    refusal = _refusal(out, args.config.resolve().parent)
    if refusal:
        print(f"error: {refusal}", file=sys.stderr)
        return 2
    counted: list[Exported | None] = []

    def write_export(staging: Path) -> bool:
        counted.append(export(args.config, staging))
        return counted[0] is not None

    if not replace_from_staging(out, ".export-", write_export):
        print(f"export failed; {args.out} is unchanged", file=sys.stderr)
        return 1
    print(f"exported {counted[0].files} files to {args.out}")
    return 0


def export(config_file: Path, dest: Path, engine_config=None) -> Exported | None:
    """Write the docs tree and config into dest (engine_config, if given, adapts the config to an engine); what
    was written, or None after printing problems."""
    root = config_file.resolve().parent
    config = read_config(config_file)
    docs_dir = root / config.get("docs_dir", "docs")
    language = plugin_options(config).get("language", SOURCE_LANGUAGE)
    result = read_data(root / plugin_options(config).get("data_dir", "data"), root,
                       [language] if language != SOURCE_LANGUAGE else [])
    if result.errors:
        report(result)
        return None
    load_stages()
    site_url = config.get("site_url") or ""
    graph = localized(result.graph, language)
    renderer = Renderer(graph, site_url, language=language)
    # The other editions' hand-written pages (docs/zh/) are theirs alone, as exclude_docs tells MkDocs.
    written, problems = copy_docs(docs_dir, dest / "docs", renderer, root, editions.other_languages(config))
    if problems:
        print("\n".join(problem.as_text() for problem in sorted(problems)))
        return None
    written += _copy_shared_assets(config, root, dest / "docs", language)
    data = plugin_options(config).get("data_dir", "data")
    record_history = history.read_history(root, data)
    made = {**generated_files(graph, site_url, config.get("site_name") or "", language=language),
            **history.changelog_files(record_history, graph, site_url, config.get("site_name") or "",
                                      config.get("repo_url") or "", data, language)}
    meta = page_meta(result.graph, record_history, config, root, data, made)
    for path, content in made.items():
        _write(dest / "docs" / path, with_meta(content, meta.get(path, {})))
        written += 1
    _copy_referenced(config, root, dest)
    exported = chart_config(without_plugin(config))
    exported["extra"] = editions.theme_extra(exported.get("extra") or {}, site_url, language)
    write_config(engine_config(exported, dest) if engine_config else exported, dest / "mkdocs.yml")
    (dest / MARKER).write_text("written by python -m generator export; replaced whole on the next export\n")
    return Exported(written, frozenset(path for path in made if path.endswith(".md")))


def _copy_shared_assets(config: dict, root: Path, docs: Path, language: str) -> int:
    """Another edition's stylesheets and scripts, copied from the English docs folder; how many."""
    shared = plugin_options(config).get("assets_from")
    if not shared:
        return 0
    paths = editions.shared_assets(root / shared, root / config.get("docs_dir", "docs"), language)
    for path in paths:
        target = docs / path.relative_to((root / shared).resolve())
        if not target.exists():
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, target)
    return len(paths)


@dataclass(frozen=True)
class Exported:
    """What an export wrote: how many files, and the docs paths of the generated pages among them."""

    files: int
    generated: frozenset[str]


def page_meta(graph, record_history, config: dict, root: Path, data: str, paths) -> dict[str, dict]:
    """What the MkDocs plugin gives generated pages while it builds, as front matter for engines without it: the
    edit address of the data file (`edit_url`), a record's "Last updated" date, a company's or person's Chinese
    name (for its social card)."""
    entries = {page_path(kind, entry.id): entry for kind in graph.entries for entry in graph.all(kind)}
    files = {path: entry.path for path, entry in entries.items()}
    docs_dir = root / config.get("docs_dir", "docs")
    meta = {}
    for path in (path for path in paths if path.endswith(".md")):
        source = provenance.data_source(path, files, root, data)
        found = {"edit_url": provenance.edit_url(config.get("repo_url") or "", config.get("edit_uri") or "", root,
                                                 docs_dir, source)}
        if path in entries:
            found.update(history.last_updated(record_history, entries[path]))
            found["name_zh"] = getattr(entries[path].record, "name_zh", None)
        meta[path] = {key: value for key, value in found.items() if value}
    return meta


def with_meta(page: str | bytes, meta: dict) -> str | bytes:
    """A generated page with more keys in its front matter (JSON strings are valid YAML scalars)."""
    if not meta or not isinstance(page, str) or not page.startswith("---\n"):
        return page
    end = page.index("\n---", 3)
    lines = "".join(f"\n{key}: {json.dumps(value, ensure_ascii=False)}" for key, value in meta.items())
    return page[:end] + lines + page[end:]


def copy_docs(docs_dir: Path, dest: Path, renderer: Renderer, root: Path,
              left_out: list[str] = ()) -> tuple[int, list]:
    """Copy docs/ file by file but its top-level folders left_out, expanding embeds in Markdown pages; (files
    written, embed problems)."""
    written, problems = 0, []
    for source in sorted(docs_dir.rglob("*")):
        if source.is_dir() or source.relative_to(docs_dir).parts[0] in left_out:
            continue
        relative = source.relative_to(docs_dir).as_posix()
        target = dest / relative
        if source.suffix == ".md":
            front, body, first_line = embeds.split_front_matter(source.read_text(encoding="utf-8"))
            try:
                _write(target, front + embeds.expand(body, renderer, relative, _shown(source, root), first_line))
            except DataError as error:
                problems += error.problems
        else:
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, target)
        written += 1
    return written, problems


def _shown(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()


def _write(path: Path, content: str | bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8", newline="\n")


def _copy_referenced(config: dict, root: Path, dest: Path) -> None:
    """What the config names beside docs/ (theme overrides, hooks, card layouts) travels with the export."""
    # The docs folder's top (docs/ for an edition's docs/zh/) is never copied whole: copy_docs wrote its part.
    docs_top = Path(config.get("docs_dir", "docs")).parts[0]
    for relative in referenced_paths(without_plugin(config), root, exclude=(docs_top,)):
        source, target = root / relative, dest / relative
        if source.is_dir():
            shutil.copytree(source, target, dirs_exist_ok=True)
        else:
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, target)


def _refusal(out: Path, root: Path) -> str | None:
    """Why out must not be replaced: it holds the project, or files that an export did not write."""
    if out == root or out in root.parents:
        return f"--out {out} contains the project itself"
    if out.exists() and any(out.iterdir()) and not (out / MARKER).exists():
        return f"--out {out} exists and was not written by export; choose an empty or new folder"
    return None


def plugin_options(config: dict) -> dict:
    """The facts plugin's options in the config (empty when it is listed without options)."""
    plugins = config.get("plugins") or []
    if isinstance(plugins, dict):
        return plugins.get(PLUGIN) or {}
    for item in plugins:
        if isinstance(item, dict) and PLUGIN in item:
            return item[PLUGIN] or {}
    return {}


def without_plugin(config: dict) -> dict:
    """The config with the facts plugin removed and docs_dir pointing at the exported docs."""
    plugins = config.get("plugins") or []
    if isinstance(plugins, dict):
        kept = {name: options for name, options in plugins.items() if name != PLUGIN}
    else:
        kept = [item for item in plugins if item != PLUGIN and not (isinstance(item, dict) and PLUGIN in item)]
    config = {key: value for key, value in config.items() if key != "site_dir"}
    return {**config, "plugins": kept, "docs_dir": "docs", "not_in_nav": NOT_IN_NAV}
