"""Stage 4c, static pictures: every chart drawn once at build time as SVG, so a page shows its charts without
plotly.js; the page script swaps in the interactive chart only when the reader reaches for it.

Kaleido drives a Chromium (BROWSER_PATH, CHROME_PATH or Debian's /usr/bin/chromium) with the same plotly.js
bundle the site serves; one browser draws all the pictures of a build. Each chart gets four files beside its CSV:
light and dark (shown by the stylesheet according to Material's palette), wide and narrow (for phones).
Pictures are cached under .cache/chart-svg/ (or $CHART_SVG_CACHE) by a hash of what they are drawn from, so
repeated builds and `mkdocs serve` do not start Chromium. Without a Chromium the build prints one notice and
the charts are drawn by plotly.js on load, as before.
"""
from __future__ import annotations

import asyncio
import concurrent.futures
import copy
import hashlib
import html
import json
import os
import re
import shutil
import textwrap
from pathlib import Path

from generator import machine
from generator.charts.figures import figure
from generator.pages.i18n import words

# Material's text and divider colours (--md-default-fg-color and its --lightest), light and slate (hue 225deg).
SCHEMES = {
    "light": {"ink": "rgba(0,0,0,0.87)", "grid": "rgba(0,0,0,0.07)", "background": "#ffffff"},
    "dark": {"ink": "rgba(226,228,233,0.82)", "grid": "rgba(226,228,233,0.12)", "background": "#1e2029"},
}
# Downloads: 1200 px wide, with room above the plot for the title and subtitle and below it for the source line.
DOWNLOAD_WIDTH = 1200
DOWNLOAD_FORMATS = ("png", "svg")
FRAME_TOP, FRAME_BOTTOM, LINE_HEIGHT = 64, 28, 16
SOURCE_LINE_CHARACTERS = 160  # at 12 px, what fits in 1,200 px beside the plot's left margin
# Wide fits Material's content column; narrow a 360 px phone (content about 330 px wide).
WIDTHS = {"wide": 720, "narrow": 340}
# Bump when the drawing or the clean-up changes, so cached pictures are drawn again.
VERSION = "2"
BROWSERS = ("/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome")


def svg_path(chart_id: str, scheme: str, width: str) -> str:
    """Where a picture is served, from the site root: 'data/charts/<id>.light.svg', '<id>.dark.narrow.svg'."""
    suffix = "" if width == "wide" else f".{width}"
    return f"data/charts/{chart_id}.{scheme}{suffix}.svg"


def browser_path() -> str | None:
    """The Chromium Kaleido will use, or None when the machine has none."""
    for name in ("BROWSER_PATH", "CHROME_PATH"):
        value = os.environ.get(name)
        if value:  # set explicitly: that browser or none
            found = value if Path(value).is_file() else shutil.which(value)
            return found if found and _runnable(found) else None
    return next((path for path in BROWSERS if _runnable(path)), None)


def _runnable(path: str) -> bool:
    """An executable, non-empty file: a browser hidden or removed from under its name does not count."""
    file = Path(path)
    return file.is_file() and os.access(file, os.X_OK) and file.stat().st_size > 0


def available() -> bool:
    """Whether this build draws static pictures; the first time it cannot, one notice on stderr."""
    if os.environ.get("CHART_PICTURES", "true").lower() == "false":  # the live preview draws in the browser
        return False
    if browser_path():
        return True
    machine.notice(machine.CHROMIUM)
    return False


def themed(fig: dict, scheme: str) -> dict:
    """The figure in a palette's colours on a transparent background (the page shows through)."""
    c = SCHEMES[scheme]
    fig = copy.deepcopy(fig)
    layout = fig["layout"]
    layout["paper_bgcolor"] = layout["plot_bgcolor"] = "rgba(0,0,0,0)"
    layout["font"] = {**layout.get("font", {}), "color": c["ink"]}
    for key, axis in layout.items():
        if re.fullmatch(r"[xy]axis\d*", key):
            axis.update(gridcolor=c["grid"], zerolinecolor=c["grid"], linecolor=c["grid"])
    for note in layout.get("annotations", []):
        note["arrowcolor"] = c["ink"]
    for index, trace in enumerate(fig["data"]):
        trace.setdefault("uid", f"t{index}")  # Plotly names each trace's group by it, random when absent
    return fig


def normalised(svg: str, chart_id: str, variant: str) -> str:
    """The SVG with Plotly's random uid replaced by one derived from the chart, so builds are reproducible."""
    found = re.search(r'id="defs-([0-9a-f]+)"', svg)
    if not found:
        return svg
    stable = "c" + hashlib.sha1(f"{chart_id}/{variant}".encode()).hexdigest()[:8]
    return re.sub(rf"(defs-|clip|legend){found.group(1)}", rf"\g<1>{stable}", svg)


def cache_dir() -> Path:
    """Where drawn pictures are kept between builds."""
    return Path(os.environ.get("CHART_SVG_CACHE") or Path.cwd() / ".cache" / "chart-svg")


def chart_svgs(graph, plotly_js: Path, site_name: str = "") -> dict[str, bytes]:
    """Every chart's pictures by site path (four for the page, four downloads), from the cache or drawn now in
    one browser; {} without Chromium."""
    if not graph.all("charts") or not available():
        return {}
    stamp = _stamp(plotly_js)
    jobs = {}
    for entry in graph.all("charts"):
        fig = figure(entry.record)
        for scheme in SCHEMES:
            for width, pixels in WIDTHS.items():
                size = {"width": pixels, "height": fig["layout"].get("height", 360)}
                jobs[svg_path(entry.id, scheme, width)] = _job(stamp, entry.id, f"{scheme}.{width}",
                                                               themed(fig, scheme), size, "svg")
            framed_fig = framed(fig, entry.record, scheme, site_name)
            size = {"width": DOWNLOAD_WIDTH, "height": framed_fig["layout"]["height"]}
            for fmt in DOWNLOAD_FORMATS:
                jobs[download_path(entry.id, scheme, fmt)] = _job(stamp, entry.id, f"{scheme}.download", framed_fig,
                                                                  size, fmt)
    return _from_cache(jobs, plotly_js)


def review_svgs(charts: dict[str, object], plotly_js: Path) -> dict[str, bytes]:
    """A light, wide SVG of each chart spec by name ('<id>.before', '<id>.after'), for reviewers of a change;
    {} without Chromium. Drawn in one browser, cached like the site's pictures."""
    if not charts or not available():
        return {}
    stamp = _stamp(plotly_js)
    jobs = {}
    for name, chart in charts.items():
        drawn = framed(figure(chart), chart, "light")
        size = {"width": DOWNLOAD_WIDTH, "height": drawn["layout"]["height"]}
        jobs[name] = _job(stamp, name, "review", drawn, size, "svg")
    return _from_cache(jobs, plotly_js)


def _job(stamp: str, chart_id: str, variant: str, fig: dict, size: dict, fmt: str) -> tuple:
    """(cache key, chart id, variant, figure, size, format): one picture to draw."""
    key = hashlib.sha256(json.dumps([stamp, chart_id, variant, size, fmt, fig], sort_keys=True).encode()).hexdigest()
    return key, chart_id, variant, fig, size, fmt


def _from_cache(jobs: dict, plotly_js: Path) -> dict[str, bytes]:
    """Each job's bytes from the cache, drawing the missing ones first."""
    folder = cache_dir()
    missing = {path: job for path, job in jobs.items() if not _cached(folder, job).is_file()}
    if missing:
        drawn = _run_outside_any_loop(lambda: asyncio.run(_draw(missing, plotly_js)))
        folder.mkdir(parents=True, exist_ok=True)
        for path, data in drawn.items():
            key, chart_id, variant, _, _, fmt = missing[path]
            if fmt == "svg":
                data = normalised(data.decode("utf-8"), chart_id, variant).encode("utf-8")
            target = _cached(folder, missing[path])
            partial = target.with_suffix(".tmp")
            partial.write_bytes(data)
            partial.replace(target)  # a build stopped half-way leaves no truncated picture behind
    return {path: _cached(folder, job).read_bytes() for path, job in sorted(jobs.items())}


def _run_outside_any_loop(work):
    """work() here, or in a worker thread when this thread already runs an event loop (a caller using
    Playwright's or another library's loop), where asyncio.run would refuse."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return work()
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(work).result()


def _cached(folder: Path, job: tuple) -> Path:
    return folder / f"{job[0]}.{job[5]}"


def download_path(chart_id: str, scheme: str, fmt: str) -> str:
    """Where a download is served: 'data/charts/<id>-light.png', '<id>-dark.svg'."""
    return f"data/charts/{chart_id}-{scheme}.{fmt}"


def framed(fig: dict, chart, scheme: str, site_name: str = "") -> dict:
    """The figure to take away: opaque background in the palette, the title and subtitle above the plot and the
    source line below it, in the picture itself (as data publishers' downloads have them)."""
    fig = themed(fig, scheme)
    layout = fig["layout"]
    layout["paper_bgcolor"] = layout["plot_bgcolor"] = SCHEMES[scheme]["background"]
    heading = f"<b>{_plotly_text(chart.title)}</b>"
    if chart.subtitle:
        heading += f"<br><span style=\"font-size:14px\">{_plotly_text(chart.subtitle)}</span>"
    layout["title"] = {"text": heading, "x": 0, "xref": "container", "xanchor": "left", "y": 1,
                       "yref": "container", "yanchor": "top", "pad": {"t": 16, "l": 16},
                       "font": {"size": 20, "color": SCHEMES[scheme]["ink"]}}
    lines = source_lines(chart, site_name)
    bottom = FRAME_BOTTOM + LINE_HEIGHT * len(lines)
    margin = {**layout.get("margin", {})}
    margin["t"], margin["b"] = margin.get("t", 32) + FRAME_TOP, margin.get("b", 8) + bottom
    layout["margin"] = margin
    layout["height"] = layout.get("height", 360) + FRAME_TOP + bottom
    layout.setdefault("annotations", []).append(
        {"text": "<br>".join(_plotly_text(line) for line in lines), "showarrow": False, "xref": "paper",
         "yref": "paper", "x": 0, "xanchor": "left", "y": 0, "yanchor": "top", "yshift": -FRAME_BOTTOM,
         "align": "left", "font": {"size": 12, "color": SCHEMES[scheme]["ink"]}})
    return fig


def source_lines(chart, site_name: str = "") -> list[str]:
    """'Source: Stanford HAI, Epoch AI · example.org/site', the publishers the chart cites once each, wrapped to
    the picture's width."""
    publishers = list(dict.fromkeys(source.publisher for source in chart.sources))
    line = (words("Source: %(publishers)s") % {"publishers": words(", ").join(publishers)} if publishers else "") \
        + (f" · {site_name}" if site_name else "")
    return textwrap.wrap(line, SOURCE_LINE_CHARACTERS) or [""]


def _plotly_text(text: str) -> str:
    """Text as Plotly shows it literally: its pseudo-HTML escaped, on one line."""
    return html.escape(" ".join(str(text).split()), quote=False)


def _stamp(plotly_js: Path) -> str:
    import kaleido

    bundle = hashlib.sha256(plotly_js.read_bytes()).hexdigest()[:16]
    return f"{VERSION}/{getattr(kaleido, '__version__', '?')}/{bundle}"


async def _draw(jobs: dict, plotly_js: Path) -> dict[str, bytes]:
    """Picture bytes by path, all drawn by one Chromium with the site's own plotly.js and no MathJax (no network)."""
    import kaleido

    out = {}
    async with kaleido.Kaleido(n=1, plotlyjs=str(plotly_js), mathjax=False, path=browser_path()) as k:
        for path, (_, _, _, fig, size, fmt) in jobs.items():
            data = await k.calc_fig(fig, opts={"format": fmt, "scale": 1, **size})
            out[path] = data if isinstance(data, bytes) else data.encode("utf-8")
    return out
