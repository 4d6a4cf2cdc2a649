"""Sharing: each page's social card (Material's social plugin with a CJK font from the system), its meta tags
with title and description from the record, and its canonical URL. Uses the session's real build."""
from __future__ import annotations

import html
import re
import threading
from pathlib import Path

import pytest
import yaml

from generator.facts.pipeline import load_graph

ROOT = Path(__file__).resolve().parent.parent
CARD_FONT = ROOT / ".cache" / "plugin" / "social" / "fonts" / "Noto Sans CJK SC"


@pytest.fixture(scope="module")
def graph():
    """The real data, loaded, validated and linked."""
    return load_graph(ROOT / "data", ROOT)


def page_html(site: Path, url: str) -> str:
    """The HTML of a built page by its URL path: 'companies/zhipu/' -> site/companies/zhipu/index.html."""
    return (site / url / "index.html").read_text("utf-8")


def test_pages_declare_a_canonical_url(real_site):
    markup = page_html(real_site, "companies/zhipu/")
    site_url = yaml.safe_load((ROOT / "mkdocs.yml").read_text("utf-8").split("\ntheme:")[0])["site_url"]
    assert f'<link rel="canonical" href="{site_url}companies/zhipu/">' in markup


def meta(markup: str, prop: str) -> str:
    """The content of a <meta property=...> or <meta name=...> tag; AssertionError when missing."""
    match = re.search(rf'<meta (?:property|name)="{re.escape(prop)}" content="([^"]*)"', markup)
    assert match, f"no {prop} meta tag"
    return html.unescape(match.group(1))


def test_a_company_page_links_its_social_card_with_title_and_description_from_the_record(real_site, graph):
    zhipu = graph.get("companies", "zhipu").record
    markup = page_html(real_site, "companies/zhipu/")
    image = meta(markup, "og:image")
    assert image.endswith("assets/images/social/companies/zhipu.png")
    assert (real_site / "assets/images/social/companies/zhipu.png").is_file()
    assert meta(markup, "og:title").startswith(zhipu.name)
    assert zhipu.summary.startswith(meta(markup, "og:description").rstrip("…"))
    assert meta(markup, "twitter:card") == "summary_large_image"


def card_layer(name: str) -> dict:
    """The layer of social/explainer.yml whose text is the given page variable, e.g. 'name_zh'."""
    layout = yaml.safe_load((ROOT / "social" / "explainer.yml").read_text("utf-8"))
    for layer in layout["layers"]:
        if name in str(layer.get("typography", {}).get("content", "")):
            return layer
    raise AssertionError(f"no layer prints {name}")


def draw_like_the_card(text: str, layer: dict, background: tuple):
    """The layer drawn by Material's own typography code with the card's font, over the card's background."""
    from material.plugins.social.layout import Layer
    from material.plugins.social.plugin import SocialPlugin
    from PIL import Image

    plugin = SocialPlugin()
    assert plugin.load_config({"cache_dir": str(CARD_FONT.parent.parent)}) == ([], [])
    plugin.lock = threading.Lock()
    spec = {**layer, "typography": {**layer["typography"], "content": text, "color": "#ffffff"}}
    spec["typography"]["font"] = {**spec["typography"]["font"], "family": CARD_FONT.name}
    config = Layer()
    config.load_dict(spec)
    assert config.validate() == ([], [])
    size = (layer["size"]["width"], layer["size"]["height"])
    drawn = plugin._render_typography(config, Image.new("RGBA", size))
    return Image.alpha_composite(Image.new("RGBA", size, background), drawn).convert("RGB")


def test_the_company_card_is_not_blank_and_shows_the_chinese_name(real_site, graph):
    """What is asserted: the card has real content (many colours, text pixels in the title band), and the strip
    where the layout prints the Chinese name equals 智谱 drawn by Material's own code in the card's CJK font, which
    has real glyphs for it (they differ from the font's 'missing glyph' box), and differs from other text."""
    from PIL import Image, ImageChops, ImageStat

    assert graph.get("companies", "zhipu").record.name_zh == "智谱"
    card = Image.open(real_site / "assets/images/social/companies/zhipu.png").convert("RGBA")
    assert card.size == (1200, 630)
    assert len(card.getcolors(maxcolors=1 << 20)) > 50, "the card is (nearly) one colour"
    assert max(ImageStat.Stat(card.convert("L")).stddev) > 10

    layer = card_layer("name_zh")
    x, y = layer["offset"]["x"], layer["offset"]["y"]
    # Compared as RGB: the difference of two opaque RGBA images is transparent, and getbbox() looks at alpha.
    strip = card.crop((x, y, x + layer["size"]["width"], y + layer["size"]["height"])).convert("RGB")
    background = card.getpixel((x + layer["size"]["width"] - 1, y + layer["size"]["height"] - 1))
    expected = draw_like_the_card("智谱", layer, background)
    assert ImageChops.difference(strip, expected).getbbox() is None, "the name strip is not 智谱 in the card font"
    assert ImageChops.difference(strip, draw_like_the_card("智能", layer, background)).getbbox() is not None
    missing = draw_like_the_card("\u0378\u0378", layer, background)  # unassigned: the missing-glyph box
    assert ImageChops.difference(expected, missing).getbbox() is not None, "the font has no glyphs for 智谱"


def test_a_page_without_a_chinese_name_leaves_the_name_strip_empty(real_site):
    from PIL import Image

    card = Image.open(real_site / "assets/images/social/glossary.png").convert("RGBA")
    layer = card_layer("name_zh")
    x, y = layer["offset"]["x"], layer["offset"]["y"]
    strip = card.crop((x, y, x + layer["size"]["width"], y + layer["size"]["height"]))
    assert len(strip.getcolors()) == 1




def test_a_chinese_page_has_its_own_card_with_the_chinese_title(real_site):
    """The Chinese edition draws its own cards: the glossary's shows 术语表 in the title band, drawn in the card
    font by Material's own code, where the English card shows Glossary."""
    from PIL import Image, ImageChops

    markup = page_html(real_site, "zh/glossary/")
    assert meta(markup, "og:image").endswith("zh/assets/images/social/glossary.png")
    assert meta(markup, "og:title").startswith("术语表")
    card = Image.open(real_site / "zh/assets/images/social/glossary.png").convert("RGBA")
    layer = card_layer("page.title")
    x, y, width, height = layer["offset"]["x"], layer["offset"]["y"], layer["size"]["width"], layer["size"]["height"]
    strip = card.crop((x, y, x + width, y + height)).convert("RGB")
    background = card.getpixel((x + width - 1, y))  # the title sits bottom left: the top right is background
    assert ImageChops.difference(strip, draw_like_the_card("术语表", layer, background)).getbbox() is None
    assert ImageChops.difference(strip, draw_like_the_card("Glossary", layer, background)).getbbox() is not None
