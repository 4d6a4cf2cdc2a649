"""The CJK font for social cards, from the system (Debian's fonts-noto-cjk), for every engine: Material's social
plugin and Zensical's both draw cards with fonts from `<cache>/fonts/<family>/<Style>.<ext>` and download any
family they lack from Google Fonts, which fails offline and is a request nobody asked for."""
from __future__ import annotations

import os
import struct
from pathlib import Path

# Where Debian's fonts-noto-cjk puts its collections; CJK_FONT_DIR adds a folder to look in first.
FONT_DIRS = ["/usr/share/fonts/opentype/noto", "/usr/share/fonts/noto-cjk", "/usr/local/share/fonts"]
COLLECTION = "NotoSansCJK-{style}.ttc"
FAMILY = "Noto Sans CJK SC"  # the family the card layout names (mkdocs.yml: cards_layout_options)
STYLES = ("Regular", "Bold")
# Each Noto Sans CJK collection holds the same glyphs under five regional defaults: JP, KR, SC, TC, HK.
# Pillow opens a collection's first face, so the copy lists the simplified-Chinese face first.
REGION_FACE = {"JP": 0, "KR": 1, "SC": 2, "TC": 3, "HK": 4}


def available() -> bool:
    """Whether both styles of the card font are on this machine."""
    return all(collection(style) for style in STYLES)


def install_family(target: Path, family: str, extension: str) -> None:
    """Both styles of the font into target (a family's folder), the face of the family's region first."""
    region = REGION_FACE.get(family.rsplit(" ", 1)[-1], 0)
    for style in STYLES:
        install_font(collection(style), target / f"{style}.{extension}", region)


def collection(style: str) -> Path | None:
    """The system's Noto Sans CJK collection for a style (a non-empty file), or None."""
    for folder in font_dirs():
        path = Path(folder) / COLLECTION.format(style=style)
        if path.is_file() and path.stat().st_size > 0:
            return path
    return None


def font_dirs() -> list[str]:
    """Where the font is looked for: CJK_FONT_DIR first, then Debian's folders (FACTS_FONT_DIRS, a list separated
    by ':', replaces those, so a test can stand for a machine without the font)."""
    system = os.environ["FACTS_FONT_DIRS"].split(":") if os.environ.get("FACTS_FONT_DIRS") else FONT_DIRS
    return ([os.environ["CJK_FONT_DIR"]] if os.environ.get("CJK_FONT_DIR") else []) + system


def install_font(source: Path, target: Path, face: int) -> None:
    """Copy a font collection with `face` moved to the front, unless an up-to-date copy is already there."""
    if target.is_file() and target.stat().st_mtime >= source.stat().st_mtime \
            and target.stat().st_size == source.stat().st_size:
        return
    data = bytearray(source.read_bytes())
    reorder_collection(data, face)
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".partial")
    partial.write_bytes(data)
    partial.replace(target)  # atomic, so a parallel or interrupted build never reads half a font


def reorder_collection(data: bytearray, face: int) -> None:
    """Swap the offsets of face 0 and `face` in a TrueType collection's header; the font tables stay put."""
    tag, _version, count = struct.unpack_from(">4sII", data, 0)
    if tag != b"ttcf" or not 0 <= face < count:
        raise ValueError(f"not a font collection with a face {face}")
    offsets = list(struct.unpack_from(f">{count}I", data, 12))
    offsets[0], offsets[face] = offsets[face], offsets[0]
    struct.pack_into(f">{count}I", data, 12, *offsets)
