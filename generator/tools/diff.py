"""`python -m generator diff BASE [HEAD]`: what a change does to the facts, for reviewers and pull-request comments.

Reads the data (and hand-written docs) at two git revisions straight from git objects, without touching the
working tree, runs the same load-validate-link pipeline on both, and reports records added, removed and changed
field by field, citations added and dropped, the pages affected and the problems the change introduces.
"""
from __future__ import annotations

import argparse
import html
import re
import subprocess
import sys
import tempfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from generator.charts import pictures
from generator.facts.link import Graph, SINGULAR, references_of
from generator.engines.editions import project_languages
from generator.facts.pipeline import Result, read_data
from generator.facts.problems import Problem
from generator.facts.translations import STAMP_COMMAND, outdated

EXIT_OK, EXIT_USAGE = 0, 2
WORKTREE = None  # HEAD omitted: compare with the files as they are on disk
CONFIG = "mkdocs.yml"
EMBED_RE = re.compile(r"\[\[([a-z]+):([a-z0-9]+(?:-[a-z0-9]+)*)(?:/[a-z0-9-]+)?\]\]")
# Embed prefixes to kinds: a `fact:` embed names an event and one of its figures.
EMBED_KINDS = {**{singular: kind for kind, singular in SINGULAR.items()}, "fact": "events"}
# Pages that list every record of a kind by date, beside the kind's own index page.
TIMELINE_KINDS = {"events"}


def register(commands) -> None:
    """Add the `diff` subcommand."""
    diff = commands.add_parser("diff", help="what changed in the facts between two git revisions")
    diff.add_argument("base", help="the revision before, e.g. main or a commit")
    diff.add_argument("head", nargs="?", default=WORKTREE,
                      help="the revision after (default: the working tree as it is on disk)")
    diff.add_argument("--format", choices=["markdown", "text"], default="text", help="output format (default: text)")
    diff.add_argument("--data", default="data", help="data folder inside the repository (default: data)")
    diff.add_argument("--docs", default="docs", help="hand-written pages folder (default: docs)")
    diff.add_argument("--pictures", type=Path, default=None,
                      help="write before and after pictures of every changed chart into this folder, with an "
                      "index.html showing them side by side (needs Chromium)")
    diff.set_defaults(run=run_diff)


def run_diff(args: argparse.Namespace) -> int:
    """Read both revisions, compare them, print the report."""
    try:
        root = _git_root()
        before, after = snapshot(root, args.base, args.data, args.docs), snapshot(root, args.head, args.data, args.docs)
        report = compare(before, after)
    except GitError as error:
        print(f"error: {error}", file=sys.stderr)
        return EXIT_USAGE
    if args.pictures:
        report.chart_pictures = chart_pictures(report, before, after, args.pictures)
    print(render_markdown(report) if args.format == "markdown" else render_text(report), end="")
    return EXIT_OK


def chart_pictures(report: "Report", before: "Snapshot", after: "Snapshot", folder: Path) -> list[str]:
    """Draw each added, removed or changed chart as it was and as it is into folder (<id>.before.svg,
    <id>.after.svg) with an index.html showing each pair side by side; the ids drawn (none without Chromium)."""
    from generator.charts.pages import plotly_bundle

    specs = {}
    for change in (c for c in report.changes if c.kind == "charts"):
        for side, snap in (("before", before), ("after", after)):
            entry = _entry(snap, ("charts", change.id))
            if entry is not None:
                specs[f"{change.id}.{side}"] = entry.record
    drawn = pictures.review_svgs(specs, plotly_bundle())
    if not drawn:
        return []
    folder.mkdir(parents=True, exist_ok=True)
    for name, svg in drawn.items():
        (folder / f"{name}.svg").write_bytes(svg)
    ids = sorted({name.rsplit(".", 1)[0] for name in drawn})
    (folder / "index.html").write_text(_pictures_page(ids, drawn), encoding="utf-8")
    return ids


def _pictures_page(ids: list[str], drawn: dict[str, bytes]) -> str:
    rows = []
    for chart_id in ids:
        cells = "".join(f'<td><img src="{html.escape(chart_id)}.{side}.svg" alt="{side}" width="600"></td>'
                        if f"{chart_id}.{side}" in drawn else "<td>(none)</td>" for side in ("before", "after"))
        rows.append(f"<tr><th scope=\"row\">{html.escape(chart_id)}</th>{cells}</tr>")
    return ("<!doctype html><html lang=\"en\"><meta charset=\"utf-8\"><title>Charts before and after</title>"
            "<table><thead><tr><th>chart</th><th>before</th><th>after</th></tr></thead><tbody>"
            + "".join(rows) + "</tbody></table></html>\n")


class GitError(Exception):
    """A revision or repository git cannot read."""


# ---------------------------------------------------------------------------------------------------------------
# Reading a revision


@dataclass
class Snapshot:
    """The data at one revision: the pipeline's result, which record files exist, and embeds in hand-written pages."""

    label: str
    result: Result
    files: dict[tuple[str, str], str]  # (kind, id) -> path shown to contributors
    embeds: dict[str, set[tuple[str, str]]]  # page URL -> (kind, id) embedded there
    languages: list[str] = field(default_factory=list)  # the editions' languages besides English, from the config


def _git(root: Path, *args: str, input: bytes | None = None) -> bytes:
    done = subprocess.run(["git", "-C", str(root), *args], input=input, capture_output=True)
    if done.returncode != 0:
        raise GitError(done.stderr.decode("utf-8", "replace").strip() or f"git {args[0]} failed")
    return done.stdout


def _git_root() -> Path:
    try:
        return Path(_git(Path.cwd(), "rev-parse", "--show-toplevel").decode().strip())
    except (GitError, FileNotFoundError):
        raise GitError("not inside a git repository; `diff` compares two git revisions") from None


def _commit(root: Path, rev: str) -> str:
    try:
        return _git(root, "rev-parse", "--verify", "--quiet", f"{rev}^{{commit}}").decode().strip()
    except GitError:
        raise GitError(f"'{rev}' is not a commit in this repository") from None


def export_tree(root: Path, rev: str, folders: list[str], dest: Path) -> None:
    """Write the files under folders at rev into dest, reading all blobs in one `git cat-file --batch` call."""
    listing = _git(root, "ls-tree", "-r", "-z", rev, "--", *folders).split(b"\0")
    blobs = []
    for line in filter(None, listing):
        meta, path = line.split(b"\t", 1)
        mode, kind, sha = meta.split()
        if kind == b"blob" and mode != b"120000":  # skip symlinks: data is files only
            blobs.append((sha, path.decode("utf-8")))
    if not blobs:
        return
    out = _git(root, "cat-file", "--batch", input=b"".join(sha + b"\n" for sha, _ in blobs))
    offset = 0
    for _, path in blobs:
        header_end = out.index(b"\n", offset)
        size = int(out[offset:header_end].split()[2])
        target = dest / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(out[header_end + 1:header_end + 1 + size])
        offset = header_end + 1 + size + 1


def snapshot(root: Path, rev: str | None, data: str, docs: str) -> Snapshot:
    """Run the pipeline on the data at rev (None: the working tree)."""
    if rev is WORKTREE:
        return _snapshot_of(root, data, docs, "working tree")
    commit = _commit(root, rev)
    with tempfile.TemporaryDirectory(prefix="facts-diff-") as tmp:
        # The config says which editions want translations, so both revisions are checked alike.
        export_tree(root, commit, [data, docs, CONFIG], Path(tmp))
        return _snapshot_of(Path(tmp), data, docs, f"{rev} ({commit[:12]})" if rev != commit else commit[:12])


def _snapshot_of(tree: Path, data: str, docs: str, label: str) -> Snapshot:
    data_dir = tree / data
    languages = project_languages(tree, CONFIG)
    result = read_data(data_dir, tree, languages) if data_dir.is_dir() else Result(Graph())
    files = {(path.parent.name, path.stem): path.relative_to(tree).as_posix()
             for path in sorted(data_dir.glob("*/*.yml"))} if data_dir.is_dir() else {}
    return Snapshot(label, result, files, _embeds(tree / docs), languages)


def _embeds(docs_dir: Path) -> dict[str, set[tuple[str, str]]]:
    found: dict[str, set[tuple[str, str]]] = {}
    for path in sorted(docs_dir.rglob("*.md")) if docs_dir.is_dir() else []:
        refs = {(EMBED_KINDS[prefix], id) for prefix, id in EMBED_RE.findall(path.read_text("utf-8", "replace"))
                if prefix in EMBED_KINDS}
        if refs:
            found[docs_page_url(path.relative_to(docs_dir).as_posix())] = refs
    return found


def docs_page_url(relative: str) -> str:
    """The URL MkDocs gives a hand-written page: 'about.md' -> 'about/', 'index.md' -> '' (the home page)."""
    stem = relative.removesuffix(".md")
    if stem == "index" or stem.endswith("/index"):
        return stem.removesuffix("index")
    return stem + "/"


# ---------------------------------------------------------------------------------------------------------------
# Comparing two snapshots


@dataclass
class Change:
    """One record that was added, removed or changed."""

    kind: str
    id: str
    status: str  # 'added', 'removed' or 'changed'
    label: str
    path: str
    fields: list[tuple[str, object, object]] = field(default_factory=list)  # (field, before, after)
    citations_added: list[dict] = field(default_factory=list)
    citations_dropped: list[dict] = field(default_factory=list)
    note: str = ""
    outdated: list[tuple[str, str]] = field(default_factory=list)  # (language, field) translations left behind

    @property
    def url(self) -> str:
        """The record's page on the site."""
        return record_url(self.kind, self.id)


@dataclass
class Report:
    """Everything `diff` says about a change."""

    base: str
    head: str
    changes: list[Change]
    pages: list[str]
    new_problems: list[Problem]
    fixed_problems: int
    chart_pictures: list[str] = field(default_factory=list)  # ids of charts drawn before and after

    @property
    def removed_pages(self) -> set[str]:
        """Pages of removed records: they disappear from the site."""
        return {change.url for change in self.changes if change.status == "removed"}

    def count(self, status: str) -> int:
        """How many records have that status."""
        return sum(1 for change in self.changes if change.status == status)


def record_url(kind: str, id: str) -> str:
    """The URL of a record's page, relative to the site root: 'companies/zhipu/'."""
    return f"{kind}/{id}/"


def compare_revisions(root: Path, base: str, head: str | None, data: str = "data", docs: str = "docs") -> Report:
    """Compare the facts at two revisions of the repository at root."""
    return compare(snapshot(root, base, data, docs), snapshot(root, head, data, docs))


def compare(before: Snapshot, after: Snapshot) -> Report:
    """The report of what changed from one snapshot to the other."""
    changes = []
    for key in sorted(before.files.keys() | after.files.keys()):
        change = _compare_record(key, before, after)
        if change:
            changes.append(change)
    new, fixed = _problem_changes(before.result.problems, after.result.problems)
    return Report(before.label, after.label, changes, _pages_affected(changes, before, after), new, fixed)


def _compare_record(key: tuple[str, str], before: Snapshot, after: Snapshot) -> Change | None:
    kind, id = key
    old, new = _entry(before, key), _entry(after, key)
    if key not in before.files:
        return _added(kind, id, new, after.files[key])
    if key not in after.files:
        return Change(kind, id, "removed", _label(old, id), before.files[key])
    if old is None or new is None:
        if old is None and new is None:
            return None
        note = "has errors at the head revision; see the problems below" if new is None else \
            "had errors before; now it reads cleanly"
        return Change(kind, id, "changed", _label(new or old, id), after.files[key], note=note)
    fields, added, dropped = diff_records(_dump(old), _dump(new))
    if not (fields or added or dropped):
        return None
    return Change(kind, id, "changed", _label(new, id), after.files[key], fields, added, dropped,
                  outdated=newly_outdated(old, new, after.languages))


def newly_outdated(old, new, languages: list[str]) -> list[tuple[str, str]]:
    """(language, field) of each translation whose English the change rewrote: outdated now and not before."""
    found = []
    for language in languages:
        before = set(outdated(old, language))
        found += [(language, name) for name in outdated(new, language) if name not in before]
    return found


def _entry(snap: Snapshot, key: tuple[str, str]):
    return snap.result.graph.entries.get(key[0], {}).get(key[1])


def _added(kind: str, id: str, entry, path: str) -> Change:
    """An added record lists every field it sets and its citations, so reviewers can check them."""
    if entry is None:
        return Change(kind, id, "added", id, path, note="has errors; see the problems below")
    fields, citations, _ = diff_records({}, _dump(entry))
    fields = [(name, old, new) for name, old, new in fields if _show(new) != "—"]
    return Change(kind, id, "added", _label(entry, id), path, fields, citations)


def _dump(entry) -> dict:
    """The record's fields as JSON values, plus the rows of a data table read from a file beside it (a CSV)."""
    dump = entry.record.model_dump(mode="json", by_alias=True)
    table = getattr(entry.record, "table", None)
    if table is not None and not isinstance(dump.get("data"), list):
        dump["rows"] = [{column: _plain(value) for column, value in row.items()} for row in table.rows]
    return dump


def _plain(value):
    return value if isinstance(value, (str, int, float, bool)) or value is None else str(value)


def _label(entry, id: str) -> str:
    if entry is None:
        return id
    record = entry.record
    for name in ("name", "title"):
        if getattr(record, name, None):
            return getattr(record, name)
    text = getattr(record, "text", None)
    if text:
        return "“" + (text if len(text) <= 60 else text[:57].rstrip() + "…") + "”"
    return id


def diff_records(before: dict, after: dict) -> tuple[list[tuple[str, object, object]], list[dict], list[dict]]:
    """Field-by-field changes (citations apart), then citations added and dropped, matched by URL."""
    old_sources = {s["url"]: s for s in before.get("sources", [])}
    new_sources = {s["url"]: s for s in after.get("sources", [])}
    fields = _diff_values(_without_sources(before), _without_sources(after), "")
    for url in old_sources.keys() & new_sources.keys():
        fields += _diff_values(old_sources[url], new_sources[url], f"sources[{url}]")
    added = [s for url, s in new_sources.items() if url not in old_sources]
    dropped = [s for url, s in old_sources.items() if url not in new_sources]
    return sorted(fields, key=lambda f: _field_order(f[0], before, after)), added, dropped


def _without_sources(record: dict) -> dict:
    return {key: value for key, value in record.items() if key != "sources"}


def _diff_values(old, new, path: str) -> list[tuple[str, object, object]]:
    """Walk two JSON values in step; lists of mappings with ids are matched by id, other lists by position."""
    if old == new:
        return []
    if isinstance(old, dict) and isinstance(new, dict):
        return [change for key in _keys(old, new)
                for change in _diff_values(old.get(key), new.get(key), f"{path}.{key}" if path else key)]
    if _is_table(old) and _is_table(new):
        return _diff_lists(old, new, path)
    return [(path, old, new)]


def _keys(old: dict, new: dict) -> list[str]:
    return list(old) + [key for key in new if key not in old]


def _is_table(value) -> bool:
    return isinstance(value, list) and bool(value) and all(isinstance(item, dict) for item in value)


def _diff_lists(old: list[dict], new: list[dict], path: str) -> list[tuple[str, object, object]]:
    by_id = all("id" in item for item in old + new)
    old_items = {item["id"]: item for item in old} if by_id else dict(enumerate(old))
    new_items = {item["id"]: item for item in new} if by_id else dict(enumerate(new))
    keys = list(old_items) + [key for key in new_items if key not in old_items]
    return [change for key in keys for change in _diff_values(old_items.get(key), new_items.get(key), f"{path}[{key}]")]


# Fields every kind shares come first in the model; show them after the kind's own fields, as the files do.
SHARED_LAST = ("tags", "disputes", "sources")


def _field_order(name: str, before: dict, after: dict) -> int:
    """Fields in the order the model declares them, the shared ones (tags, disputes, citations) last."""
    top = re.split(r"[.\[]", name, maxsplit=1)[0]
    order = [key for key in _keys(before, after) if key not in SHARED_LAST] + list(SHARED_LAST)
    return order.index(top) if top in order else len(order)


def _problem_changes(before: list[Problem], after: list[Problem]) -> tuple[list[Problem], int]:
    """Problems at head that were not there before; lines shift with edits, so match on file and message."""
    old = Counter((p.path, p.severity, p.message) for p in before)
    new_problems = []
    for problem in after:
        key = (problem.path, problem.severity, problem.message)
        if old[key]:
            old[key] -= 1
        else:
            new_problems.append(problem)
    fixed = sum(old.values())
    return new_problems, fixed


def _pages_affected(changes: list[Change], before: Snapshot, after: Snapshot) -> list[str]:
    """The record's own page, its kind's index, pages of records that refer to it, and pages that embed it."""
    pages: set[str] = set()
    for change in changes:
        key = (change.kind, change.id)
        pages.add(change.url)
        pages.add(f"{change.kind}/")
        if change.kind in TIMELINE_KINDS:
            pages.add("timeline/")
        for snap in (before, after):
            pages.update(record_url(*ref) for ref in _neighbours(snap.result.graph, key) if ref in after.files)
            pages.update(url for url, refs in snap.embeds.items() if key in refs and url in after.embeds)
    return sorted(pages, key=lambda url: (url.count("/"), url))


def _neighbours(graph: Graph, key: tuple[str, str]) -> set[tuple[str, str]]:
    """Records whose pages show this one: those it refers to (their back-links) and those referring to it."""
    found = {(from_kind, ref) for from_kind, ids in graph.backrefs.get(key, {}).items() for ref in ids}
    entry = graph.entries.get(key[0], {}).get(key[1])
    if entry is not None:
        found.update((kind, id) for _, kind, id in references_of(entry))
    return found


# ---------------------------------------------------------------------------------------------------------------
# Output


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}" + ("" if count == 1 else "s")


def _headline(report: Report) -> str:
    parts = [f"{report.count(s)} {s}" for s in ("added", "removed", "changed")]
    return ", ".join(parts) + " record" + ("" if len(report.changes) == 1 else "s")


def _show(value) -> str:
    """A field value for display: missing values as an em dash, lists comma-separated."""
    if value is None or value == []:
        return "—"
    if isinstance(value, list):
        return ", ".join(_show(item) for item in value)
    if isinstance(value, dict):
        return "; ".join(f"{key}: {_show(item)}" for key, item in value.items() if item not in (None, []))
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def md_escape(text: str) -> str:
    """Text safe inside a Markdown table cell: no markup, no HTML, no line breaks, no @-mentions."""
    text = " ".join(str(text).split())
    text = re.sub(r"([\\`*_\[\]<>|~])", r"\\\1", text)
    # A zero-width space after @ keeps GitHub from notifying whoever the text happens to name.
    return text.replace("@", "@\u200b")


def md_code(text: str) -> str:
    """Text as an inline code span in a table: backslashes do not escape inside code, so swap what would break it."""
    return "`" + " ".join(str(text).split()).replace("`", "'").replace("|", "\\|") + "`"


def _md_citation(source: dict) -> str:
    title = md_escape(source.get("title", source["url"]))
    url = source["url"].replace(")", "%29").replace(" ", "%20")
    return f"[{title}]({url}) — {md_escape(source.get('publisher', ''))}"


def render_markdown(report: Report) -> str:
    """The report as Markdown for a pull-request comment."""
    lines = [f"## Fact diff: {_headline(report)}", "",
             f"Comparing {md_code(report.base)} with {md_code(report.head)}.", ""]
    if not report.changes and not report.new_problems:
        lines += ["No fact changes.", ""]
    for status in ("added", "removed", "changed"):
        chosen = [c for c in report.changes if c.status == status]
        if chosen:
            lines += [f"### {status.capitalize()} ({len(chosen)})", ""]
            for change in chosen:
                lines += _md_change(change)
    if report.pages:
        shown = ", ".join(_md_page(url, report) for url in report.pages)
        lines += [f"### Pages affected ({len(report.pages)})", "", shown, ""]
    lines += _md_problems(report)
    if report.chart_pictures:
        shown = ", ".join(md_code(chart_id) for chart_id in report.chart_pictures)
        lines += [f"### Charts before and after ({len(report.chart_pictures)})", "",
                  f"{shown}: drawn as they were and as they are, side by side, at `review/chart-diff/` in the "
                  "preview (and in the `preview` artifact's `chart-diff/` folder).", ""]
    return "\n".join(lines).rstrip("\n") + "\n"


def _md_page(url: str, report: Report) -> str:
    if not url:
        return "(home page)"
    return f"`{url}` (removed)" if url in report.removed_pages else f"`{url}`"


def _md_change(change: Change) -> list[str]:
    noun = SINGULAR.get(change.kind, change.kind)
    lines = [f"#### {noun} `{change.id}`: {md_escape(change.label)}", ""]
    where = f"`{change.path}`" + ("" if change.status == "removed" else f" · page `{change.url}`")
    lines += [where, ""]
    if change.note:
        lines += [f"_{md_escape(change.note)}_", ""]
    if change.fields and change.status == "added":
        lines += ["| field | value |", "|---|---|"]
        lines += [f"| {md_code(name)} | {md_escape(_show(new))} |" for name, _, new in change.fields]
        lines.append("")
    elif change.fields:
        lines += ["| field | before | after |", "|---|---|---|"]
        lines += [f"| {md_code(name)} | {md_escape(_show(old))} | {md_escape(_show(new))} |"
                  for name, old, new in change.fields]
        lines.append("")
    if change.outdated:
        shown = ", ".join(f"{md_code(name)} ({language})" for language, name in change.outdated)
        lines += [f"Translations this change leaves outdated: {shown}. Update each, then run "
                  f"`{STAMP_COMMAND} --update {change.path}`.", ""]
    for title, sources in (("Citations added", change.citations_added),
                           ("Citations dropped", change.citations_dropped)):
        if sources:
            lines += [f"{title}:", ""] + [f"- {_md_citation(s)}" for s in sources] + [""]
    return lines


def _md_problems(report: Report) -> list[str]:
    lines = []
    if report.new_problems:
        errors = sum(1 for p in report.new_problems if p.is_error)
        warnings = len(report.new_problems) - errors
        lines += [f"### New problems: {_plural(errors, 'error')}, {_plural(warnings, 'warning')}", ""]
        lines += [f"- `{p.path}:{p.line}:{p.col}` {p.severity}: {md_escape(p.message)}" for p in report.new_problems]
        lines.append("")
    if report.fixed_problems:
        lines += [f"{_plural(report.fixed_problems, 'earlier problem')} fixed.", ""]
    return lines


def render_text(report: Report) -> str:
    """The report as plain text for a terminal."""
    lines = [f"fact diff {report.base} -> {report.head}: {_headline(report)}"]
    for change in sorted(report.changes, key=lambda c: ("added", "removed", "changed").index(c.status)):
        lines.append(f"{change.status:8} {change.kind}/{change.id}  {change.label}  ({change.path})")
        if change.note:
            lines.append(f"    note: {change.note}")
        if change.status == "added":
            lines += [f"    {name}: {_show(new)!r}" for name, _, new in change.fields]
        else:
            lines += [f"    {name}: {_show(old)!r} -> {_show(new)!r}" for name, old, new in change.fields]
        lines += [f"    outdated translation ({language}): {name}" for language, name in change.outdated]
        lines += [f"    + citation {s['url']}" for s in change.citations_added]
        lines += [f"    - citation {s['url']}" for s in change.citations_dropped]
    if report.pages:
        lines.append("pages affected: " + " ".join(
            (url or "(home)") + (" (removed)" if url in report.removed_pages else "") for url in report.pages))
    lines += [f"new {p.as_text()}" for p in report.new_problems]
    if report.fixed_problems:
        lines.append(f"{report.fixed_problems} earlier problems fixed")
    return "\n".join(lines) + "\n"
