"""Stage 4b, charts on pages: the chart block (figure, data table, CSV link, summary, sources), a page per chart,
the charts index, the `[[chart:id]]` embed, the CSV downloads and the page script, with no site engine involved.

Importing this module registers all of it: page providers with render, files with pages.files, the embed with
embeds, and the markup the chart block needs with the sanitiser.

The block is plain HTML (a raw HTML block in the Markdown page). Its figure JSON sits in the plot's `data-figure`
attribute rather than a `<script type="application/json">`: the sanitiser drops every script element, and Material's
instant navigation re-creates inline scripts without their type, so JSON there would run as JavaScript.
"""
from __future__ import annotations

import csv
import html
import io
import json
import posixpath
import re
from pathlib import Path

from generator import machine
from generator.charts import embed, pictures
from generator.charts.data import Table
from generator.charts.figures import column_title, figure, figure_json, format_value
from generator.charts.spec import Chart
from generator.facts.excerpts import SOURCE_COLUMN
from generator.facts.link import Graph
from generator.facts.validate import Entry
from generator.pages import embeds, formatting, sanitize
from generator.pages.escaping import Markdown, text
from generator.pages.i18n import N_, current, words
from generator.pages.files import register_files
from generator.pages.render import Page, Renderer, register_pages, relative_path

ASSET_DIR = "assets/charts"
SCRIPT = f"{ASSET_DIR}/charts.js"
STYLESHEET = f"{ASSET_DIR}/charts.css"
PLOTLY_PACKAGE = "plotly.js-basic-dist-min"
PLOTLY_FILE = "plotly-basic.min.js"
HERE = Path(__file__).resolve().parent
CHART_MARK = re.compile(r"<div [^>]*\bdata-figure=")
# A plot box whose chart has build-time pictures (attributes in any order: the home page's are re-serialised).
STATIC_PLOT = re.compile(r'<div\s[^>]*\bdata-static="(?P<height>\d+)"[^>]*>')
PLOT_ID = re.compile(r'\sid="chart-(?P<id>[^"]+)-plot"')
PLOT_LABEL = re.compile(r'\saria-label="(?P<title>[^"]*)"')
# Shown where the chart goes when JavaScript is off (the box keeps the chart's height, so nothing moves).
PLACEHOLDER = N_("The chart is drawn here with JavaScript; the same data is in the table below.")
ABOUT = N_("About this chart")
DOWNLOAD = N_("Download the data (CSV)")
TABLE_LABEL, TABLE_CAPTION = N_("Data: %(title)s"), N_("The data")
CHART_KINDS = {"companies": N_("Companies"), "events": N_("Events"), "models": N_("Models")}


def csv_path(chart_id: str) -> str:
    """Where a chart's data is served, from the site root: 'data/charts/<id>.csv'."""
    return f"data/charts/{chart_id}.csv"


def chart_block(entry: Entry, page_path: str, heading: bool = True) -> Markdown:
    """The chart as HTML: caption, plot (drawn by the page script), summary, data table, CSV link and sources."""
    chart: Chart = entry.record
    base = f"chart-{entry.id}"
    # With a build-time picture (added after sanitising, see with_pictures) the plot takes keyboard focus:
    # focusing it swaps in the interactive chart.
    static = f' tabindex="0" data-static="{_height(chart)}"' if pictures.available() else ""
    inside = "" if static else f'<p class="chart__placeholder">{_text(words(PLACEHOLDER))}</p>'
    # `markdown` lets the links paragraph be Markdown, whose links every engine resolves alike; its other parts are
    # raw HTML blocks, left as they are.
    parts = [f'<figure class="chart" id="{base}" markdown>', _caption(chart, heading),
             f'<div class="chart__plot" id="{base}-plot" role="img" aria-label="{_attr(chart.alt)}" '
             f'aria-describedby="{base}-summary"{static} data-figure="{_attr(figure_json(chart))}">{inside}</div>',
             f'<p class="chart__summary" id="{base}-summary">{_text(chart.summary)}{_marks(base, chart)}</p>',
             data_table(chart, base), _links(entry, page_path), _sources(base, chart), "</figure>"]
    return Markdown("\n".join(part for part in parts if part))


def _height(chart: Chart) -> int:
    return figure(chart)["layout"].get("height", 360)


def _pictures(chart_id: str, title: str, height: int, page_url: str) -> str:
    """The build-time pictures of the chart, light and dark (the stylesheet shows the palette's), narrow on phones."""
    start = page_url.rstrip("/") or "."
    narrow, wide = pictures.WIDTHS["narrow"], pictures.WIDTHS["wide"]
    tags = []
    for scheme in pictures.SCHEMES:
        small, large = (posixpath.relpath(pictures.svg_path(chart_id, scheme, width), start)
                        for width in ("narrow", "wide"))
        tags.append(
            f'<picture class="chart__static chart__static--{scheme}">'
            f'<source media="(max-width: 480px)" srcset="{small}" width="{narrow}" height="{height}">'
            f'<img src="{large}" width="{wide}" height="{height}" alt="{title}" loading="lazy" decoding="async">'
            "</picture>")
    return "".join(tags)


def with_pictures(page_html: str, page_url: str) -> str:
    """Each chart's build-time pictures placed in its plot box. This runs after the sanitiser, whose allowlist
    keeps no <img> (a wall against injected images), and writes only paths and numbers the build made."""
    def place(match: re.Match) -> str:
        tag = match.group(0)
        chart_id, title = PLOT_ID.search(tag), PLOT_LABEL.search(tag)
        if not (chart_id and title):
            return tag
        return tag + _pictures(chart_id["id"], title["title"], int(match["height"]), page_url)
    return STATIC_PLOT.sub(place, page_html)


def _attr(value: str) -> str:
    return html.escape(value, quote=True)


def _text(value: str) -> str:
    return html.escape(" ".join(value.split()), quote=False)


def _caption(chart: Chart, heading: bool) -> str:
    title = f'<span class="chart__title">{_text(chart.title)}</span>' if heading else ""
    subtitle = f'<span class="chart__subtitle">{_text(chart.subtitle)}</span>' if chart.subtitle else ""
    return f'<figcaption class="chart__caption">{title}{subtitle}</figcaption>' if title or subtitle else ""


def _marks(base: str, chart: Chart) -> str:
    return _cite(base, range(1, len(chart.sources) + 1))


def _cite(base: str, numbers) -> str:
    """Citation marks to the chart's numbered sources."""
    links = "".join(f'<a href="#{base}-source-{n}">[{n}]</a>' for n in numbers)
    return f'<sup class="cite">{links}</sup>'


def data_table(chart: Chart, base: str) -> str:
    """The chart's data as an HTML table, readable without JavaScript, numbers right-aligned."""
    table: Table = chart.table
    numeric = {column for column in table.columns if table.kinds.get(column) == "number"}
    head = "".join(f'<th scope="col"{_number_class(c, numeric)}>{_text(column_title(chart, c))}</th>'
                   for c in table.columns)
    rows = "".join("<tr>" + "".join(_cell(chart, row, c, index == 0, numeric, base) for index, c in
                                    enumerate(table.columns)) + "</tr>" for row in table.rows)
    return (f'<div class="chart__data" role="region" aria-label="{_attr(words(TABLE_LABEL) % {"title": chart.title})}" tabindex="0">'
            f'<table><caption>{_text(words(TABLE_CAPTION))}</caption><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table></div>')


def _row_marks(base: str, cell) -> str:
    """A row's `source` cell ('1;3') as citation marks to the chart's numbered sources."""
    numbers = [part.strip() for part in str(cell).split(";") if part.strip().isdigit()]
    return _cite(base, numbers) if numbers else "—"


def _number_class(column: str, numeric: set) -> str:
    return ' class="number"' if column in numeric else ""


def _cell(chart: Chart, row: dict, column: str, first: bool, numeric: set, base: str) -> str:
    if column == SOURCE_COLUMN:
        return f"<td>{_row_marks(base, row.get(column))}</td>"
    shown = _text(format_value(row.get(column), chart.info(column))) or "—"
    tag = "th" if first else "td"
    scope = ' scope="row"' if first else ""
    return f"<{tag}{scope}{_number_class(column, numeric)}>{shown}</{tag}>"


def _links(entry: Entry, page_path: str) -> str:
    """Markdown links relative to the page's source file: MkDocs and Zensical both turn them into URLs (raw HTML
    links are left alone by MkDocs but rewritten by Zensical, so no raw link would be right in both)."""
    folder = posixpath.dirname(page_path)
    links = [f'[{text(words(DOWNLOAD))}]({relative_path(csv_path(entry.id), folder)}){{ download="{entry.id}.csv" }}']
    if page_path != chart_page_path(entry.id):
        links.append(f"[{text(words(ABOUT))}]({relative_path(chart_page_path(entry.id), folder)})")
    return '<p class="chart__links" markdown="span">' + " · ".join(links) + "</p>"


def _sources(base: str, chart: Chart) -> str:
    items = "".join(f'<li id="{base}-source-{n}">{_source(source)}</li>' for n, source in
                    enumerate(chart.sources, 1))
    # One element a line: inside the figure's `markdown` block, an element after a </p> on its line would be
    # wrapped in a paragraph.
    return (f'<p class="chart__sources-title" id="{base}-sources">{_text(words("Sources"))}</p>\n'
            f'<ol class="chart__sources" aria-describedby="{base}-sources" data-search-exclude>{items}</ol>')


def _source(source) -> str:
    published = f", {formatting.date_text(source.published, current())}" if source.published else ""
    note = f" {_text(source.note)}" if source.note else ""
    archive = f' <a href="{_attr(source.archive_url)}">{_text(words("Archived copy"))}</a>.' if source.archive_url else ""
    return (f'<span class="source-ref">{_text(source.publisher)}, “<a href="{_attr(source.url)}">'
            f'{_text(source.title)}</a>”{published}. {_text(_accessed(source))}{note}'
            f"{archive}</span>{_excerpt(source)}")


def _accessed(source) -> str:
    return words("Accessed %(date)s.") % {"date": formatting.date_text(source.accessed, current())}


def _excerpt(source) -> str:
    """The source's own words, as on record pages: the popover shows them, and so does print."""
    chinese = ' lang="zh"' if source.excerpt and formatting.is_chinese(source.excerpt) else ""
    own = f' <q class="excerpt"{chinese}>{_text(source.excerpt)}</q>' if source.excerpt else ""
    english = (f' <span class="excerpt-en">{_text(words("In English:"))} <q lang="en">{_text(source.excerpt_en)}</q>'
               '</span>' if source.excerpt_en else "")
    return own + english


def chart_page_path(chart_id: str) -> str:
    """The docs path of a chart's own page: 'charts/<id>.md'."""
    return f"charts/{chart_id}.md"


def chart_pages(renderer: Renderer) -> dict[str, str]:
    """A page per chart (permalink, embed snippet, the records it concerns) and the charts index."""
    pages = {}
    for entry in renderer.graph.all("charts"):
        path = chart_page_path(entry.id)
        page = renderer.page(path)
        pages[path] = renderer.template("chart.md.j2", page, entry=entry, r=entry.record,
                                        block=chart_block(entry, path, heading=False), kinds=CHART_KINDS,
                                        downloads=_downloads(entry.id), citation=citation(entry, page),
                                        preview=link_preview(entry),
                                        embed_snippet=Markdown(embed.snippet(entry, renderer.site_url)))
    pages["charts/index.md"] = renderer.template("charts_index.md.j2", "charts/index.md",
                                                 entries=renderer.graph.all("charts"), title="Charts")
    return pages


def _downloads(chart_id: str) -> dict[str, dict[str, str]]:
    """{'light': {'png': docs path, 'svg': ...}, 'dark': ...}, or {} when this build draws no pictures."""
    if not pictures.available():
        return {}
    return {scheme: {fmt: pictures.download_path(chart_id, scheme, fmt) for fmt in pictures.DOWNLOAD_FORMATS}
            for scheme in pictures.SCHEMES}


def link_preview(entry: Entry) -> dict[str, str]:
    """Front matter that makes the chart's own picture its page's link preview (overrides/main.html prints it;
    mkdocs.yml keeps the social plugin's generic card off chart pages): {} when this build draws no pictures."""
    if not pictures.available():
        return {}
    framed = pictures.framed(figure(entry.record), entry.record, "light")
    return {"og_image": pictures.download_path(entry.id, "light", "png"), "og_image_alt": entry.record.alt,
            "og_image_width": str(pictures.DOWNLOAD_WIDTH), "og_image_height": str(framed["layout"]["height"])}


def citation(entry: Entry, page: Page) -> str:
    """'<Title>. Chart, <site>, data as of <latest source date>. <permalink>.' (the reader adds the access date)."""
    chart: Chart = entry.record
    dates = [source.published for source in chart.sources if source.published]
    as_of = f", data as of {formatting.date_text(max(dates, key=str))}" if dates else ""
    site = f", {page.renderer.site_name}" if page.renderer.site_name else ""
    return f"{' '.join(chart.title.split())}. Chart{site}{as_of}. {page.permalink}."


def chart_embed(ref: embeds.Ref, page: Page) -> str:
    """`[[chart:id]]`: on a line of its own the whole chart block, inside a sentence a link to the chart's page."""
    entry = embeds.lookup(page.graph, "charts", ref)
    return chart_block(entry, page.path) if ref.block else page.link_entry(entry)


def embed_pages(graph: Graph, site_name: str = "") -> dict[str, str]:
    """Each chart's embed page (generator/charts/embed.py) by docs path."""
    return {embed.embed_path(entry.id): embed.embed_page(entry, _embed_body(entry), site_name)
            for entry in graph.all("charts")}


def _embed_body(entry: Entry) -> str:
    block = chart_block(entry, embed.embed_path(entry.id).replace(".html", ".md"))
    return with_pictures(embed.plain_html(block), embed.embed_url(entry.id))


def chart_files(graph: Graph, site_url: str = "", site_name: str = "") -> dict[str, str | bytes]:
    """Each chart's data (CSV) and pictures (SVG), the page script and style, and plotly.js, all served by the site."""
    files: dict[str, str | bytes] = {csv_path(entry.id): table_csv(entry.record.table)
                                     for entry in graph.all("charts")}
    if files:
        files[SCRIPT] = (HERE / "assets" / "charts" / "charts.js").read_text("utf-8")
        for name in ("embed.js", "embed.css"):
            files[f"{ASSET_DIR}/{name}"] = (HERE / "assets" / "charts" / name).read_text("utf-8")
        files.update(embed_pages(graph, site_name))
        files[f"{ASSET_DIR}/{PLOTLY_FILE}"] = plotly_bundle().read_bytes()
        # The downloads' source line ends with where the chart lives: the site's address without its scheme.
        files.update(pictures.chart_svgs(graph, plotly_bundle(), site_url.split("://")[-1].rstrip("/")))
    files[STYLESHEET] = (HERE / "assets" / "charts" / "charts.css").read_text("utf-8") + reserved_heights(graph)
    return files


def reserved_heights(graph: Graph) -> str:
    """CSS giving each chart's box its figure's height from the first paint, so the page does not shift later."""
    rules = [f"#chart-{entry.id}-plot {{ min-height: {figure(entry.record)['layout']['height']}px; }}"
             for entry in graph.all("charts")]
    return "\n/* Each chart's height, generated from its figure. */\n" + "\n".join(rules) + "\n" if rules else ""


def table_csv(table: Table) -> str:
    """The table as CSV in its columns' order, values as the source file wrote them (dates as YYYY-MM-DD)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(table.columns)
    for row in table.rows:
        writer.writerow(["" if row.get(c) is None else _plain(row.get(c)) for c in table.columns])
    return out.getvalue()


def _plain(value) -> str:
    text = json.dumps(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else str(value)
    # A cell a spreadsheet would run as a formula gets a leading apostrophe (CSV injection); numbers are safe.
    return "'" + text if isinstance(value, str) and text.startswith(("=", "+", "-", "@")) else text


def plotly_bundle() -> Path:
    """The official basic partial bundle of plotly.js (bar, scatter, pie), as pinned in package.json."""
    for root in (HERE.parent.parent, Path.cwd()):
        path = root / "node_modules" / PLOTLY_PACKAGE / PLOTLY_FILE
        if path.is_file():
            return path
    raise machine.SetupError(f"node_modules/{PLOTLY_PACKAGE}/{PLOTLY_FILE} not found: run `make setup` (or `npm "
                              "ci`) first, to install the pinned plotly.js bundle")


def with_chart_script(page_html: str, page_url: str) -> str:
    """A page with a chart gets its pictures and the page script, placed inside the content so instant navigation
    runs it too."""
    if not CHART_MARK.search(page_html):
        return page_html
    page_html = with_pictures(page_html, page_url)
    start = page_url.rstrip("/") or "."
    src = posixpath.relpath(SCRIPT, start) if page_url else SCRIPT
    tag = f'<script src="{src}" defer></script>'
    at = page_html.rfind("</article>")
    return page_html[:at] + tag + page_html[at:] if at >= 0 else page_html.replace("</body>", tag + "</body>")


def export_config(config: dict) -> dict:
    """An exported config (no facts plugin, so no per-page script) loads the chart style and script everywhere;
    the script still fetches plotly.js only on pages with a chart."""
    config = dict(config)
    for key, path in (("extra_css", STYLESHEET), ("extra_javascript", SCRIPT)):
        entries = list(config.get(key) or [])
        config[key] = entries + ([path] if path not in entries else [])
    return config


sanitize.allow(tags={"button"}, attributes={"div": {"data-figure", "data-static", "tabindex"}, "a": {"download"},
                                           "ol": {"aria-describedby"}, "button": {"type", "data-copy"}})
register_pages(chart_pages)
register_files(chart_files)
embeds.register("chart", chart_embed)
