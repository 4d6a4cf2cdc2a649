"""The facts' history from git: when each data file last changed, and a changelog page with an Atom feed.

One `git log` over data/ reads the whole history in a single process, so the cost grows with the history, not with
files times commits. Outside a git repository (a tarball, an export) there is no history: pages show no date and the
changelog says so. A shallow clone's oldest commit claims to add every file it holds; its changes are ignored.
"""
from __future__ import annotations

import datetime as dt
import re
import subprocess
from html import escape
import uuid
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path

from generator.facts.link import Graph, SINGULAR
from generator.pages import formatting, views
from generator.pages.i18n import N_, gettext
from generator.pages.render import Renderer, page_path, url_of

CHANGELOG_PAGE = "changelog.md"
FEED = "changelog.xml"
ATOM = "http://www.w3.org/2005/Atom"
MAX_ENTRIES = 100
STATUS_WORDS = {"A": N_("Added"), "M": N_("Changed"), "D": N_("Removed"), "T": N_("Changed")}
RECHECK_WORDS = {"only": N_("Re-checked against its sources"), "also": N_("Changed and re-checked")}
# The kinds of record a change names, for the catalog: the changelog page shows them in its edition's language.
NOUNS = [N_("company"), N_("person"), N_("quote"), N_("event"), N_("model"), N_("chart")]


@dataclass(frozen=True)
class FileChange:
    """One data file touched by a commit: 'A'dded, 'M'odified or 'D'eleted."""

    status: str
    path: str
    # 'only' when the commit changed nothing in the file but its `checked` date (and sources' `accessed`),
    # 'also' when it set a new `checked` date alongside other edits, '' otherwise.
    rechecked: str = ""


@dataclass
class Commit:
    """A commit that changed data files."""

    sha: str
    date: dt.datetime
    subject: str
    changes: list[FileChange] = field(default_factory=list)


@dataclass
class History:
    """Data commits newest first, and the date each data file last changed."""

    commits: list[Commit] = field(default_factory=list)
    available: bool = False

    def __post_init__(self):
        self.last_changed: dict[str, dt.datetime] = {}
        for commit in self.commits:  # newest first: the first sighting of a path is its last change
            for change in commit.changes:
                self.last_changed.setdefault(change.path, commit.date)

    def updated(self, *paths: str) -> dt.datetime | None:
        """When the newest of these files last changed; None when git does not know them."""
        dates = [self.last_changed[path] for path in paths if path in self.last_changed]
        return max(dates) if dates else None


def read_history(root: Path, data: str = "data") -> History:
    """Every commit that touched root/data, in one `git log`; an empty History when root is not in a git work tree."""
    try:
        out = _git(root, "-c", "core.quotePath=false", "log", "--no-renames", "--name-status",
                   "--format=%x1e%H%x1f%cI%x1f%s", "--", data)
        prefix = _git(root, "rev-parse", "--show-prefix").strip()
        shallow = _shallow_commits(root)
    except (OSError, subprocess.CalledProcessError):
        return History()
    commits = [commit for commit in _parse_log(out, prefix) if commit.sha not in shallow and commit.changes]
    _mark_rechecks(commits, _recheck_patches(root, data), prefix)
    return History(commits, available=True)


RECHECK_LINE = re.compile(r"^[+-](?:checked|\s+accessed):")


def _recheck_patches(root: Path, data: str) -> str:
    """Patches (no context) of only the commits that added or removed a `checked:` line: one more git pass."""
    return _git(root, "-c", "core.quotePath=false", "log", "--no-renames", "-U0", "-G^checked:",
                "--format=%x1e%H", "--", data)


def _mark_rechecks(commits: list[Commit], patches: str, prefix: str) -> None:
    """Mark each file change whose patch sets a new `checked` date: a re-check alone, or with other edits."""
    by_sha = {commit.sha: commit for commit in commits}
    for record in patches.split("\x1e")[1:]:
        sha, _, body = record.partition("\n")
        commit = by_sha.get(sha.strip())
        for path, lines in _patch_files(body) if commit else ():
            kind = "only" if all(RECHECK_LINE.match(line) for line in lines) else "also"
            if any(line.startswith("+checked:") for line in lines):
                _set_recheck(commit, path.removeprefix(prefix), kind)


def _patch_files(body: str) -> list[tuple[str, list[str]]]:
    """(path, changed lines) per file of a unified diff."""
    files: list[tuple[str, list[str]]] = []
    for line in body.splitlines():
        if line.startswith("+++ "):
            files.append((line[4:].removeprefix("b/"), []))
        elif files and line[:1] in "+-" and not line.startswith("--- "):
            files[-1][1].append(line)
    return files


def _set_recheck(commit: Commit, path: str, kind: str) -> None:
    for index, change in enumerate(commit.changes):
        if change.path == path and change.status == "M":
            commit.changes[index] = FileChange(change.status, change.path, kind)


def _git(root: Path, *args: str) -> str:
    return subprocess.run(["git", "-C", str(root), *args], capture_output=True, text=True, check=True,
                          encoding="utf-8").stdout


def _shallow_commits(root: Path) -> set[str]:
    """The boundary commits of a shallow clone: git shows them adding every file, which is not history."""
    path = Path(_git(root, "rev-parse", "--git-path", "shallow").strip())
    path = path if path.is_absolute() else root / path
    return set(path.read_text().split()) if path.is_file() else set()


def _parse_log(out: str, prefix: str) -> list[Commit]:
    """Commits from `git log --name-status` output; paths made relative to root (git prints them from the top)."""
    commits = []
    for record in out.split("\x1e")[1:]:
        header, _, body = record.partition("\n")
        sha, date, subject = header.split("\x1f", 2)
        commit = Commit(sha, dt.datetime.fromisoformat(date), subject)
        for line in filter(None, body.splitlines()):
            status, _, path = line.partition("\t")
            if path.startswith(prefix):
                commit.changes.append(FileChange(status[:1], path[len(prefix):]))
        commits.append(commit)
    return commits


def record_files(entry) -> list[str]:
    """The files a record comes from: its YAML, and a data table beside it (a chart's CSV) when it has one."""
    table = getattr(entry.record, "table", None)
    extra = getattr(table, "path", None)
    return [entry.path] + ([extra] if extra and extra != entry.path else [])


def last_updated(history: History, entry) -> dict:
    """Page metadata for a record's "Last updated": the date as readers write it and as ISO 8601; {} if unknown."""
    when = history.updated(*record_files(entry))
    if when is None:
        return {}
    return {"last_updated": formatting.date_text(when.date()), "last_updated_iso": when.isoformat()}


# ---------------------------------------------------------------------------------------------------------------
# The changelog: a page and its Atom feed


@dataclass
class Change:
    """One record a commit touched, ready to show: what happened, its label, and its page if it still has one."""

    word: str
    noun: str
    label: str
    page: str | None


def record_changes(commit: Commit, graph: Graph, owners: dict[str, tuple[str, str]] | None = None,
                   data: str = "data") -> list[Change]:
    """The records a commit added, changed or removed; a change to a record's other file (a chart's CSV) counts
    as a change to the record. owners maps such files to their record (see file_owners)."""
    owners = file_owners(graph) if owners is None else owners
    seen, changes = set(), []
    for change in commit.changes:
        key = owners.get(change.path) or _key_from_path(change.path, data)
        if key is None or key in seen:
            continue
        seen.add(key)
        entry = graph.entries.get(key[0], {}).get(key[1])
        is_spec = change.path.endswith(".yml")
        word = STATUS_WORDS.get(change.status, "Changed") if is_spec else "Changed"
        word = RECHECK_WORDS.get(change.rechecked, word) if is_spec else word
        label = views.name_of(entry) if entry else key[1]
        changes.append(Change(word, SINGULAR.get(key[0], key[0]), label, page_path(*key) if entry else None))
    return changes


def file_owners(graph: Graph) -> dict[str, tuple[str, str]]:
    """Every file a current record reads, mapped to that record's (kind, id)."""
    return {path: (kind, entry.id) for kind in graph.entries for entry in graph.all(kind)
            for path in record_files(entry)}


def _key_from_path(path: str, data: str) -> tuple[str, str] | None:
    """(kind, id) of a record file no current record reads (a removed one): data/<kind>/<id>.yml."""
    prefix = data.rstrip("/") + "/"
    parts = path[len(prefix):].split("/") if path.startswith(prefix) else []
    if len(parts) == 2 and parts[1].endswith(".yml"):
        return parts[0], parts[1].removesuffix(".yml")
    return None




def changelog_files(history: History, graph: Graph, site_url: str, site_name: str, repo_url: str = "",
                    data: str = "data", language: str = "en") -> dict[str, str]:
    """changelog.md and changelog.xml (Atom): the latest fact changes, newest first; the page in the edition's
    language (the feed, read by machines and feed readers, stays in English)."""
    owners = file_owners(graph)
    entries = [(commit, record_changes(commit, graph, owners, data)) for commit in history.commits[:MAX_ENTRIES]]
    entries = [(commit, changes) for commit, changes in entries if changes]
    renderer = Renderer(graph, site_url, language=language)
    page = renderer.template("changelog.md.j2", CHANGELOG_PAGE, title=gettext(language, "Changelog"), entries=entries,
                             available=history.available, repo_url=repo_url.rstrip("/"), feed=FEED, anchor=anchor,
                             date_text=lambda when: formatting.date_text(when.date(), language))
    return {CHANGELOG_PAGE: page, FEED: atom_feed(entries, site_url, site_name, repo_url)}


def site_files(root: Path, graph: Graph, config: dict, data: str = "data") -> dict[str, str]:
    """The changelog page and feed for a project at root, from its mkdocs.yml settings (site_url, site_name,
    repo_url): what `export` writes, the same files the plugin adds to a build."""
    return changelog_files(read_history(root, data), graph, config.get("site_url") or "",
                           config.get("site_name") or "", config.get("repo_url") or "", data)


def anchor(commit: Commit) -> str:
    """The id of a commit's entry on the changelog page."""
    return f"change-{commit.sha[:12]}"


def atom_feed(entries: list[tuple[Commit, list[Change]]], site_url: str, site_name: str, repo_url: str = "") -> str:
    """An Atom 1.0 feed (RFC 4287) of the changes; links are absolute when the site URL is known."""
    base = site_url.rstrip("/") + "/" if site_url else ""
    feed = ET.Element("feed", xmlns=ATOM)
    _sub(feed, "title", f"{site_name}: fact changes")
    _sub(feed, "id", _feed_id(base, site_name))
    newest = entries[0][0].date if entries else dt.datetime(1970, 1, 1, tzinfo=dt.timezone.utc)
    _sub(feed, "updated", newest.isoformat())
    _sub(feed, "link", href=base + FEED, rel="self", type="application/atom+xml")
    _sub(feed, "link", href=base + "changelog/", rel="alternate", type="text/html")
    author = _sub(feed, "author")
    _sub(author, "name", site_name)
    for commit, changes in entries:
        _feed_entry(feed, commit, changes, base, repo_url)
    ET.indent(feed)
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(feed, encoding="unicode") + "\n"


def _feed_entry(feed: ET.Element, commit: Commit, changes: list[Change], base: str, repo_url: str) -> None:
    entry = _sub(feed, "entry")
    _sub(entry, "title", commit.subject)
    _sub(entry, "id", f"{repo_url.rstrip('/')}/commit/{commit.sha}" if repo_url else f"urn:uuid:{_uuid(commit.sha)}")
    _sub(entry, "updated", commit.date.isoformat())
    _sub(entry, "link", href=f"{base}changelog/#{anchor(commit)}", rel="alternate", type="text/html")
    _sub(entry, "summary", _summary(changes))
    items = "".join(f"<li>{c.word}: {_html_link(c, base)} ({c.noun})</li>" for c in changes)
    _sub(entry, "content", f"<ul>{items}</ul>", type="html")


def _summary(changes: list[Change], most: int = 5) -> str:
    """'Added company StepFun; changed person Tang Jie.', naming at most a few records."""
    named = "; ".join(f"{c.word.lower()} {c.noun} {c.label}" for c in changes[:most])
    more = f"; and {len(changes) - most} more" if len(changes) > most else ""
    return named[:1].upper() + named[1:] + more + "."


def _html_link(change: Change, base: str) -> str:
    label = escape(change.label)
    if change.page is None:
        return label
    return f'<a href="{escape(base + url_of(change.page))}">{label}</a>'


def _sub(parent: ET.Element, tag: str, text: str | None = None, **attributes: str) -> ET.Element:
    element = ET.SubElement(parent, tag, attributes)
    if text is not None:
        element.text = text
    return element


def _feed_id(base: str, site_name: str) -> str:
    return base + FEED if base.startswith(("http://", "https://")) else f"urn:uuid:{_uuid(site_name)}"


def _uuid(text: str) -> uuid.UUID:
    return uuid.uuid5(uuid.NAMESPACE_URL, text)
