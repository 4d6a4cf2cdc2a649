"""Embeds for other sites: `charts/<id>/embed/` is a page with the chart alone (its picture first, plotly.js when
the reader reaches for it), its title, source line and a link back; the palette follows the host's
`prefers-color-scheme` or `?theme=light|dark`. The page tells its parent its height by postMessage, and the
snippet on the chart page resizes the iframe with it, as data publishers' embeds do; without the script the
iframe keeps a fixed height that fits the chart.

The page is a plain HTML file written by the generator, so every engine serves it as it is.
"""
from __future__ import annotations

import functools
import html
import posixpath
import re
from urllib.parse import urlsplit

import markdown

from generator.charts import pictures
from generator.charts.figures import figure
from generator.charts.spec import Chart
from generator.facts.validate import Entry
from generator.pages import sanitize
from generator.pages.i18n import current, words

MESSAGE = "facts-chart-height"
# The links paragraph's second link, to the chart's own page (in the edition's words).
ABOUT = re.compile(r' · <a href="[^"]*">[^<]*</a>')
# The chart's height plus title, summary, table toggle and source line, for an iframe whose script is stripped.
FIXED_EXTRA = 180
EMBED_ASSETS = "assets/charts"


def embed_path(chart_id: str) -> str:
    """Where a chart's embed page is served, from the site root: 'charts/<id>/embed/index.html'."""
    return f"charts/{chart_id}/embed/index.html"


def embed_url(chart_id: str) -> str:
    """The embed page's URL from the site root: 'charts/<id>/embed/'."""
    return posixpath.dirname(embed_path(chart_id)) + "/"


def embed_page(entry: Entry, body: str, site_name: str = "") -> str:
    """The embed page's HTML around the chart's finished HTML (plain_html of its block, pictures placed)."""
    chart: Chart = entry.record
    up = "../../../"
    title = html.escape(" ".join(chart.title.split()))
    return EMBED_TEMPLATE.format(
        title=title, site=html.escape(site_name), up=up, body=body, back=f"{up}charts/{entry.id}/",
        message=MESSAGE, id=html.escape(entry.id), source=html.escape(" ".join(pictures.source_lines(chart))),
        lang=current(), credit=html.escape(words("%(site)s: the chart, its data and sources") % {"site": site_name}))


@functools.lru_cache(maxsize=256)  # a live-preview rebuild converts only the blocks that changed
def plain_html(block: str) -> str:
    """The chart block as plain HTML (its links paragraph is Markdown), through the same allowlist as pages,
    without the link to the chart's page (the credit line links it)."""
    converted = sanitize.clean(markdown.markdown(block, extensions=["md_in_html", "attr_list"]))
    return ABOUT.sub("", converted)


def fixed_height(entry: Entry) -> int:
    """The iframe's height when no script resizes it."""
    return figure(entry.record)["layout"].get("height", 360) + FIXED_EXTRA


def snippet(entry: Entry, site_url: str) -> str:
    """The code to paste into another site: the iframe, and a small script that sets its height from the page's
    message (only messages from this site's origin, naming this iframe's window, are read)."""
    address = site_url.rstrip("/") + "/" + posixpath.dirname(embed_path(entry.id)) + "/"
    parts = urlsplit(site_url)
    origin = f"{parts.scheme}://{parts.netloc}"
    title = html.escape(" ".join(entry.record.title.split()), quote=True)
    return (f'<iframe src="{address}" title="{title}" width="100%" height="{fixed_height(entry)}" '
            f'style="border:0;width:100%" loading="lazy" data-facts-chart="{entry.id}"></iframe>\n'
            f'<script>window.addEventListener("message",function(e){{if(e.origin!=="{origin}"||!e.data||'
            f'e.data.type!=="{MESSAGE}")return;document.querySelectorAll("iframe[data-facts-chart]").forEach('
            f'function(f){{if(f.contentWindow===e.source)f.style.height=e.data.height+"px";}});}});</script>')


EMBED_TEMPLATE = """<!doctype html>
<html lang="{lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>{title} - {site}</title>
<link rel="canonical" href="{back}">
<link rel="icon" href="data:,">
<link rel="stylesheet" href="{up}assets/charts/charts.css">
<link rel="stylesheet" href="{up}assets/charts/embed.css">
</head>
<body data-md-color-scheme="default" data-chart="{id}" data-message="{message}">
<script src="{up}assets/charts/embed.js"></script>
<main class="md-typeset embed">
{body}
<p class="embed__source">{source}</p>
<p class="embed__credit"><a href="{back}" target="_blank" rel="noopener">{credit}</a></p>
</main>
<script src="{up}assets/charts/charts.js" defer></script>
</body>
</html>
"""
