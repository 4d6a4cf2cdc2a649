"""`python -m generator serve`: a live preview that shows a saved edit in about the time it takes to render the
pages that changed.

MkDocs' live-reload server watches docs/, data/ and the theme; each rebuild is an incremental MkDocs build in
this process (generator/engines/incremental.py says what it renders again and why the result matches a full
build). An edit to the config, the theme or a stylesheet makes the next build a full one. A data or embed error
is printed in the terminal, shown over the page in the browser, and the last good site stays up; fixing it
reloads the page.

The preview leaves out what a published build adds at length: social cards, and the charts' build-time pictures
(charts draw in the browser from the same data).
"""
from __future__ import annotations

import argparse
import json
import logging
import os
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit

from generator.machine import SetupError

ADDRESS = "127.0.0.1:8000"
# Inputs other than docs/*.md and data/: a change to any of them makes the next build a full one.
FULL_REBUILD_INPUTS = ("mkdocs.yml", "overrides", "social", "docs")
PREVIEW_ENV = {"SOCIAL_CARDS": "false", "CHART_PICTURES": "false", "NO_MKDOCS_2_WARNING": "1"}
log = logging.getLogger("mkdocs.commands.serve")

OVERLAY = """<script>(function (problem) {
  var box = document.createElement("div"), text = document.createElement("pre"), title = document.createElement("p");
  box.setAttribute("role", "alert"); box.id = "facts-build-error";
  box.style.cssText = "position:fixed;inset:auto 0 0 0;z-index:10000;max-height:60vh;overflow:auto;padding:1rem;" +
    "background:#2b0d0d;color:#fff;font:14px/1.4 monospace;border-top:4px solid #e53935";
  title.textContent = "The preview is showing the last good build. This edit did not build:";
  text.textContent = problem; text.style.whiteSpace = "pre-wrap";
  box.appendChild(title); box.appendChild(text); document.body.appendChild(box);
})(%s);</script>"""


def register(commands) -> None:
    """Add the `serve` subcommand."""
    serve = commands.add_parser("serve", help="live preview: rebuilds what an edit changes and reloads the page")
    serve.add_argument("--addr", default=os.environ.get("SERVE_ADDR") or ADDRESS,
                       help=f"host:port to serve on (default: $SERVE_ADDR or {ADDRESS})")
    serve.add_argument("--config", type=Path, default=Path("mkdocs.yml"), help="MkDocs config (default: mkdocs.yml)")
    serve.set_defaults(run=run_serve)


def run_serve(args: argparse.Namespace) -> int:
    """Build once, then serve and rebuild on every change until interrupted."""
    os.environ.update({key: os.environ.get(key, value) for key, value in PREVIEW_ENV.items()})
    _log_to_terminal()
    host, _, port = args.addr.rpartition(":")
    with tempfile.TemporaryDirectory(prefix="facts-serve-") as site_dir:
        preview = Preview(args.config.resolve(), Path(site_dir), f"{host}:{port}")
        preview.build()
        server = preview.server(host, int(port))
        try:
            server.serve()
        except KeyboardInterrupt:
            log.info("Shutting down...")
        finally:
            server.shutdown()
    return 0


def _log_to_terminal() -> None:
    """MkDocs' messages (and this command's) on stderr, as `mkdocs serve` prints them."""
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(levelname)-7s -  %(message)s"))
    logger = logging.getLogger("mkdocs")
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)


class Preview:
    """The site being previewed: its config, its folder and the outcome of the last build."""

    def __init__(self, config_file: Path, site_dir: Path, address: str):
        self.config_file, self.site_dir, self.address = config_file, site_dir, address
        self.root = config_file.parent
        self.error: str | None = None
        self.theme_env = None
        self.inputs = self._inputs_stamp()
        self.config = self._load()
        self.config.plugins.on_startup(command="serve", dirty=True)
        logging.getLogger("mkdocs.commands.build").addFilter(_NoDirtyWarning())

    def _load(self):
        from mkdocs.config import load_config

        config = load_config(config_file=str(self.config_file), site_dir=str(self.site_dir))
        config.site_url = f"http://{self.address}{self.mount_path(config)}"
        self._keep_theme_templates(config.theme)
        return config

    def _keep_theme_templates(self, theme) -> None:
        """Every build gets the same Jinja environment for the theme, so its templates compile once (a third of
        a rebuild of the real site otherwise); a change to the theme or the config starts a new one."""
        if self.theme_env is None:
            self.theme_env = theme.get_env()
            self.theme_env.list_templates = _listed_once(self.theme_env.list_templates)
        env = self.theme_env
        theme.get_env = lambda: env

    @staticmethod
    def mount_path(config) -> str:
        """The path the site is served under: site_url's, as on the published site."""
        return urlsplit(config.site_url or "/").path or "/"

    def build(self) -> None:
        """One rebuild: incremental after the first, full when the config or the theme changed."""
        from mkdocs.commands.build import build
        from mkdocs.exceptions import Abort

        started = time.perf_counter()
        stamp = self._inputs_stamp()
        changed = stamp != self.inputs
        if changed:
            self.inputs, self.theme_env = stamp, None  # a new theme environment for the new templates
        config = self._load()
        if changed:
            config.plugins["facts"].start_afresh()
        try:
            build(config, serve_url=config.site_url, dirty=True)
        except (Abort, SetupError) as error:
            self.error = config.plugins["facts"].last_error or str(error)
            log.error("the preview keeps the last good build; fix the problem above and save again")
            return
        self.error = None
        log.info(f"rebuilt in {time.perf_counter() - started:.2f} s")

    def _inputs_stamp(self) -> tuple:
        """The newest modification time among the inputs whose change needs a full build."""
        newest = 0.0
        for name in FULL_REBUILD_INPUTS:
            path = self.root / name
            for found in ([path] if path.is_file() else path.rglob("*") if path.is_dir() else []):
                if found.is_file() and found.suffix != ".md":
                    newest = max(newest, found.stat().st_mtime)
        return (newest,)

    def server(self, host: str, port: int):
        """MkDocs' live-reload server over the site, watching the docs, the data and the theme."""
        from mkdocs.livereload import LiveReloadServer

        preview = self

        class Server(LiveReloadServer):
            def _inject_js_into_html(self, content, epoch):
                page = super()._inject_js_into_html(content, epoch)
                return page if preview.error is None else _with_overlay(page, preview.error)

        server = Server(builder=self.build, host=host, port=port, root=str(self.site_dir),
                        mount_path=self.mount_path(self.config))
        for watched in [self.config.docs_dir, self.root / self.config.plugins["facts"].config.data_dir,
                        self.config_file, *(self.root / name for name in FULL_REBUILD_INPUTS[1:])]:
            if Path(watched).exists():
                server.watch(str(watched))
        return server


def _listed_once(list_templates):
    """MkDocs lists and filters the theme's files on every build, thousands with Material's icons; the list and
    the filter (the theme's static templates) stay the same while the theme does."""
    listed: dict = {}

    def once(extensions=None, filter_func=None):
        key = (tuple(extensions or ()), filter_func is not None)
        if key not in listed:
            listed[key] = list_templates(extensions, filter_func)
        return listed[key]
    return once


def _with_overlay(page: bytes, problem: str) -> bytes:
    """The page with the build error shown over it; the text is data in a script, never markup."""
    script = OVERLAY % json.dumps(problem).replace("<", "\\u003c").replace(">", "\\u003e")
    marker = page.rfind(b"</body>")
    end = marker if marker >= 0 else len(page)
    return page[:end] + script.encode("utf-8") + page[end:]


class _NoDirtyWarning(logging.Filter):
    """MkDocs warns that a dirty build may be inaccurate; this one renders everything an edit changes."""

    def filter(self, record: logging.LogRecord) -> bool:
        return "A 'dirty' build is being performed" not in record.getMessage()
