"""The site's editions: English at the site root and, for each other language `extra.alternate` lists in
mkdocs.yml, the same site under /<language>/ from the same records (`/zh/companies/zhipu/`).

mkdocs.yml is the English edition's config. Another edition's is derived from it here, never written by hand:
its site_url gains `<language>/`, the theme speaks the language, its name, description and nav come from the
language's catalog, its hand-written pages are docs/<language>/ (the English build leaves that folder out), and the
facts plugin renders the records in the language.
"""
from __future__ import annotations

import contextlib
import copy
import os
from pathlib import Path
from typing import Iterator

from generator.engines.config_file import read_config, write_config
from urllib.parse import urljoin

from generator.pages.i18n import N_, SOURCE_LANGUAGE, gettext

PLUGIN = "facts"
# The words of the theme overrides (overrides/), given to the templates as extra.words in the edition's language.
THEME_WORDS = {"fact_changes": N_("fact changes"), "last_updated": N_("Last updated"),
               "report_correction": N_("Report a correction"), "correction_title": N_("Correction:"),
               "loading_page": N_("Loading page")}
# og:locale of each edition.
OG_LOCALES = {"en": "en_GB", "zh": "zh_CN"}


def languages(config: dict) -> list[str]:
    """Every edition's language, the config's own first: ['en', 'zh']."""
    own = (config.get("theme") or {}).get("language", SOURCE_LANGUAGE)
    listed = [alt.get("lang") for alt in (config.get("extra") or {}).get("alternate") or [] if alt.get("lang")]
    return [own] + [language for language in listed if language != own]


def other_languages(config: dict) -> list[str]:
    """The editions built besides the config's own, each into its own folder of the site."""
    return languages(config)[1:]


def project_languages(root: Path, config_name: str = "mkdocs.yml") -> list[str]:
    """The other editions a project's config publishes (none without a config): the languages `check` wants
    translations into."""
    path = root / config_name
    return other_languages(read_config(path)) if path.is_file() else []


def edition_config(config: dict, language: str) -> dict:
    """The config of the edition in language, derived from the English edition's config."""
    derived = copy.deepcopy(config)
    docs = config.get("docs_dir", "docs")
    derived.update(
        site_url=(config.get("site_url") or "").rstrip("/") + f"/{language}/" if config.get("site_url") else None,
        site_name=_config_words(config, "site_name", language),
        site_description=_config_words(config, "site_description", language),
        docs_dir=f"{docs}/{language}",
        nav=translated_nav(config.get("nav") or [], language),
        plugins=_with_plugin_options(config.get("plugins") or [], language=language, assets_from=docs),
    )
    if config.get("edit_uri"):
        derived["edit_uri"] = config["edit_uri"].rstrip("/") + f"/{language}/"
    derived.pop("exclude_docs", None)
    derived["theme"] = {**config.get("theme", {}), "language": language}
    derived["extra"] = {**(config.get("extra") or {}), "alternate": _alternates_from(config, language)}
    return {key: value for key, value in derived.items() if value is not None}


def shared_assets(shared: Path, edition_docs: Path, language: str) -> list[Path]:
    """The files another edition takes from the English docs folder: its stylesheets and scripts, not its pages
    nor any edition's folder (an edition's docs folder holds only its pages)."""
    edition_docs = edition_docs.resolve()
    return [path for path in sorted(shared.resolve().rglob("*"))
            if path.is_file() and path.suffix != ".md" and edition_docs not in path.parents
            and path.relative_to(shared.resolve()).parts[0] != language]


def theme_extra(extra: dict, site_url: str, language: str) -> dict:
    """extra as the theme overrides read it: each alternate with its edition's absolute root (`url`) and
    og:locale, and the overrides' words in the language."""
    alternates = [{**alt, "url": urljoin(site_url, alt["link"]) if site_url else alt["link"],
                   "locale": OG_LOCALES.get(alt.get("lang"), alt.get("lang"))} for alt in extra.get("alternate") or []]
    words = {key: gettext(language, message) for key, message in THEME_WORDS.items()}
    return {**extra, "alternate": alternates, "words": words}


def _config_words(config: dict, key: str, language: str) -> str | None:
    """A config value a reader sees (site name, description), in the language; None when the config has none."""
    value = config.get(key)
    return gettext(language, value) if value else None


def translated_nav(nav: list, language: str) -> list:
    """The nav with each title in the language; the pages it points at keep their paths."""
    items = []
    for item in nav:
        if isinstance(item, dict):
            items.append({gettext(language, title): translated_nav(target, language) if isinstance(target, list)
                          else target for title, target in item.items()})
        else:
            items.append(item)
    return items


def _with_plugin_options(plugins: list | dict, **options) -> list:
    """The plugin list with the facts plugin's options extended (it is listed bare or with options)."""
    if isinstance(plugins, dict):
        plugins = [{name: value} if value else name for name, value in plugins.items()]
    result = []
    for item in plugins:
        if item == PLUGIN:
            item = {PLUGIN: dict(options)}
        elif isinstance(item, dict) and PLUGIN in item:
            item = {PLUGIN: {**(item[PLUGIN] or {}), **options}}
        result.append(item)
    return result


def _alternates_from(config: dict, language: str) -> list[dict]:
    """extra.alternate as seen from the edition in language: each link relative to that edition's root."""
    alternates = []
    for alt in config["extra"]["alternate"]:
        own = alt.get("lang") == language
        link = "./" if own else ("../" if alt.get("lang") == SOURCE_LANGUAGE else f"../{alt.get('lang')}/")
        alternates.append({**alt, "link": link})
    return alternates


@contextlib.contextmanager
def edition_config_file(config_file: Path, language: str) -> Iterator[Path]:
    """A derived config written beside mkdocs.yml (its relative paths stay right), removed afterwards."""
    derived = edition_config(read_config(config_file), language)
    path = config_file.resolve().parent / f".mkdocs.{language}.{os.getpid()}.yml"
    write_config(derived, path, f"Derived from {config_file.name} for the '{language}' edition by "
                 "generator/engines/editions.py; removed after the build.")
    try:
        yield path
    finally:
        path.unlink(missing_ok=True)


def config_messages(config_file: Path) -> list[str]:
    """The config's words an edition shows: site name, description and every nav title."""
    if not config_file.is_file():
        return []
    config = read_config(config_file)
    return [config.get("site_name") or "", config.get("site_description") or "", *_nav_titles(config.get("nav") or [])]


def _nav_titles(nav: list) -> list[str]:
    titles = []
    for item in nav:
        if isinstance(item, dict):
            for title, target in item.items():
                titles.append(title)
                if isinstance(target, list):
                    titles += _nav_titles(target)
    return titles
