"""MkDocs hook for Material's social plugin: a CJK font from the system, and each record's Chinese name on its card.

Material's social plugin draws a card per page with fonts from its cache folder, `<cache_dir>/fonts/<family>/
<Style>.<ext>`, and downloads any family it lacks from Google Fonts, which fails offline and is a request nobody
asked for. Before any card is drawn, this hook fills that folder from Debian's fonts-noto-cjk (Noto Sans CJK, with
Chinese glyphs), so the build never goes online. It also puts a company's or person's `name_zh` into the page's
metadata, where the card layout (social/explainer.yml) prints it under the title.
"""
from __future__ import annotations

import logging
from pathlib import Path

from mkdocs.plugins import event_priority

from generator import machine
from generator.engines import fonts
from generator.facts.pipeline import load_graph
from generator.facts.problems import DataError

NAMED_KINDS = ("companies", "people")


@event_priority(100)  # before the social plugin's own on_config, which fails without Cairo
def on_config(config):
    """Install the card font into the social plugin's cache from the system's Noto Sans CJK collections; without
    the font or Cairo, switch the cards off with one notice (an optional part never fails the build)."""
    quiet_jieba()
    social = config.plugins.get("material/social")
    config.extra["social_cards"] = False
    if social is None or not social.config.enabled:
        return config
    missing = missing_parts()
    if missing:
        for part in missing:
            machine.notice(part)
        social.config.enabled = False
        return config
    config.extra["social_cards"] = True
    family = social.config.cards_layout_options.get("font_family", fonts.FAMILY)
    fonts.install_family(cache_dir(social, config) / "fonts" / family, family, "ttc")
    return config


def missing_parts() -> list[machine.Part]:
    """What the cards need and this machine lacks: the CJK font, Cairo (which cairosvg loads), or both."""
    missing = [] if fonts.available() else [machine.CJK_FONT]
    try:
        import cairosvg  # noqa: F401  (loads the Cairo library, as the social plugin does)
    except (ImportError, OSError):
        missing.append(machine.CAIRO)
    return missing


def cache_dir(social, config) -> Path:
    """The social plugin's cache folder, absolute, as the plugin itself resolves it (beside mkdocs.yml)."""
    folder = Path(social.config.cache_dir)
    return folder if folder.is_absolute() else Path(config.config_file_path).parent / folder


def quiet_jieba() -> None:
    """jieba, which the search plugin uses for Chinese, logs its dictionary loading on every build: only warnings."""
    try:
        import jieba
    except ImportError:
        return
    jieba.setLogLevel(logging.WARNING)


def on_files(files, config):
    """Note the Chinese name of every company and person, by the docs path of their page."""
    global NAMES_ZH
    graph = getattr(config.plugins.get("facts"), "graph", None)  # the facts plugin's on_files ran first
    NAMES_ZH = names_in(graph) if graph else chinese_names(Path(config.config_file_path).parent / data_dir(config))
    return files


def data_dir(config) -> str:
    """The data folder the facts plugin reads."""
    facts = config.plugins.get("facts")
    return getattr(getattr(facts, "config", None), "data_dir", None) or "data"


def chinese_names(folder: Path) -> dict[str, str]:
    """{'companies/zhipu.md': '智谱', ...}; empty when the data has errors, which the facts plugin reports."""
    try:
        graph = load_graph(folder, folder.parent)
    except DataError:
        return {}
    return names_in(graph)


def names_in(graph) -> dict[str, str]:
    """{'companies/zhipu.md': '智谱', ...} from a linked graph."""
    return {f"{kind}/{entry.id}.md": entry.record.name_zh for kind in NAMED_KINDS for entry in graph.all(kind)
            if entry.record.name_zh}


NAMES_ZH: dict[str, str] = {}


def on_page_markdown(markdown, page, config, files):
    """Give a company's or person's page its Chinese name in page.meta, for the card layout to print."""
    if page.file.src_uri in NAMES_ZH:
        page.meta.setdefault("name_zh", NAMES_ZH[page.file.src_uri])
    return markdown
