"""`python -m generator build --engine zensical`: the same site built by Zensical, Material's successor.

Zensical reads mkdocs.yml but runs no MkDocs plugin or hook, so the generator runs first as a pre-build step:
1. `export` writes the whole docs tree and an adapted config into a scratch folder, and only the files whose bytes
   changed are copied into the work folder (build/zensical/), so Zensical's cache, keyed by content, stays warm.
2. The card font goes into Zensical's cache from the system (engines/fonts.py), so nothing is downloaded; without
   it the cards are left out with one notice, as under MkDocs.
3. `zensical build --strict` builds the work folder; its site is copied beside the output folder, finished the way
   the MkDocs plugin finishes pages (generated pages' content through the nh3 allowlist, then the charts'
   build-time pictures), and swapped in only if every step succeeded.
"""
from __future__ import annotations

import filecmp
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from generator import machine
from generator.charts.pages import with_pictures
from generator.engines import fonts
from generator.engines.export import export
from generator.pages import sanitize
from generator.pages.render import links_from_source, url_of

WORK = Path("build") / "zensical"
SOCIAL = "social"
# Zensical's cache of fonts for social cards, beside its config, as Material's plugin lays its own out.
FONT_CACHE = Path(".cache") / "plugin" / "social" / "fonts"
# What Zensical itself writes in the work folder, which the sync must leave alone.
ENGINE_OWNED = {".cache", "site"}
# Our copies of Material's partials that Zensical's theme does not need: its own already has what ours add (an
# accessible name), and its search is a different interface that Material's markup would break.
MATERIAL_ONLY = ("overrides/partials/search.html", "overrides/partials/progress.html")
ARTICLE = re.compile(r'(<article class="md-content__inner md-typeset">)(.*?)(</article>)', re.S)
# What the theme writes at the top of the article, before the page's content: the skip link's target and the
# action buttons (edit), each an <a> or <button> whose icon is an inline SVG.
THEME_HEAD = re.compile(r'\s*(?:<a id="__skip"[^>]*></a>\s*)?'
                        r'(?:<(a|button)\b[^>]*\bclass="md-content__button[^"]*"[^>]*>.*?</\1>\s*)*', re.S)
CONTENT_END = '<aside class="md-source-file'


def build(config: Path, out: Path, work: Path | None = None) -> bool:
    """Export, build with Zensical and finish the site into out; False (out untouched by the caller) on failure."""
    work = (work or config.resolve().parent / WORK).resolve()
    generated = sync_export(config, work)
    if generated is None:
        return False
    if subprocess.run(zensical_command(work)).returncode != 0:
        return False
    finish_site(work / "site", out, generated)
    return True


def zensical_command(work: Path) -> list[str]:
    """The strict Zensical build of the work folder's config."""
    return [sys.executable, "-m", "zensical", "build", "--strict", "--config-file", str(work / "mkdocs.yml")]


def sync_export(config: Path, work: Path) -> frozenset[str] | None:
    """Export into a scratch folder, then bring work up to date with it, file by file; the generated pages'
    URLs, or None after printing the export's problems."""
    work.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=".export-", dir=work.parent) as tmp:
        with links_from_source():  # Zensical reads generated pages' links from their file's folder (render.py)
            exported = export(config, Path(tmp), lambda exported_config, _dest: adapt_config(exported_config, work))
        if exported is None:
            return None
        for name in MATERIAL_ONLY:
            (Path(tmp) / name).unlink(missing_ok=True)
        sync_tree(Path(tmp), work)
    return frozenset(url_of(path) for path in exported.generated)


def sync_tree(source: Path, target: Path) -> int:
    """Make target hold source's files: copy those whose bytes differ, delete those source lacks (but what the
    engine owns); returns how many files were written."""
    written = 0
    for path in sorted(source.rglob("*")):
        dest = target / path.relative_to(source)
        if path.is_dir():
            dest.mkdir(parents=True, exist_ok=True)
        elif not (dest.is_file() and filecmp.cmp(path, dest, shallow=False)):
            dest.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, dest)
            written += 1
    _remove_extra(source, target)
    return written


def _remove_extra(source: Path, target: Path) -> None:
    for path in sorted(target.rglob("*"), reverse=True):
        relative = path.relative_to(target)
        if relative.parts[0] in ENGINE_OWNED or (source / relative).exists():
            continue
        path.rmdir() if path.is_dir() else path.unlink()


def adapt_config(config: dict, work: Path) -> dict:
    """The exported config as Zensical needs it: Material's classic look, no MkDocs hooks, and social cards only
    with the system's font installed into Zensical's cache (one notice and no cards without it)."""
    config = {key: value for key, value in config.items() if key != "hooks"}
    config["theme"] = {**(config.get("theme") or {}), "variant": "classic"}
    plugins = [_with_local_font(item, work) if _name(item) == SOCIAL else item for item in config.get("plugins", [])]
    enabled = any(_name(item) == SOCIAL and (item[SOCIAL] or {}).get("enabled", True) is not False
                  for item in plugins if isinstance(item, dict))
    return {**config, "plugins": plugins, "extra": {**(config.get("extra") or {}), "social_cards": enabled}}


def _name(item) -> str:
    return item if isinstance(item, str) else next(iter(item))


def _with_local_font(item, work: Path) -> dict:
    options = dict((item[SOCIAL] if isinstance(item, dict) else None) or {})
    if os.environ.get("SOCIAL_CARDS", "true").lower() == "false":
        return {SOCIAL: {**options, "enabled": False}}
    if not fonts.available():
        machine.notice(machine.CJK_FONT)
        return {SOCIAL: {**options, "enabled": False}}
    family = (options.get("cards_layout_options") or {}).get("font_family", fonts.FAMILY)
    # Zensical reads one face per file: the collection goes in under a .ttf name, its region's face first.
    fonts.install_family(work / FONT_CACHE / family, family, "ttf")
    return {SOCIAL: {**options, "enabled": True}}


def finish_site(built: Path, out: Path, generated: frozenset[str]) -> None:
    """Copy Zensical's site to out, then finish each page as the MkDocs plugin does while it builds."""
    shutil.copytree(built, out, dirs_exist_ok=True)
    for page in out.rglob("*.html"):
        url = url_of_file(page.relative_to(out).as_posix())
        markup = page.read_text(encoding="utf-8")
        finished = with_pictures(sanitised(markup) if url in generated else markup, url)
        if finished != markup:
            page.write_text(finished, encoding="utf-8")


def url_of_file(relative: str) -> str:
    """The page URL of a built file: 'companies/zhipu/index.html' -> 'companies/zhipu/'."""
    return relative[: -len("index.html")] if relative.endswith("index.html") else relative


def sanitised(markup: str) -> str:
    """The page with its content (everything in the article after the theme's skip target and action buttons,
    up to the page footer) through the nh3 allowlist; those theme parts are left as the engine wrote them."""
    def clean(match: re.Match) -> str:
        inner = match.group(2)
        start = THEME_HEAD.match(inner).end()
        end = inner.find(CONTENT_END, start)
        end = end if end >= 0 else len(inner)
        return match.group(1) + inner[:start] + sanitize.clean(inner[start:end]) + inner[end:] + match.group(3)
    return ARTICLE.sub(clean, markup, count=1)
