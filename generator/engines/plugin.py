"""The MkDocs adapter: the generator's pages and data files become virtual files of the build; nothing lands in docs/.

- on_files: load, validate and link data/ (data errors stop the build with the same located lines as `check`),
  check the embeds of every hand-written page (all problems at once), then add every generated file
  (pages, data/<kind>.json and .csv) with File.generated; record pages get a Page that renders them without the
  Markdown parser when they are only headings and HTML blocks (html_pages.py).
- on_page_markdown: expand `[[kind:id]]` embeds in every page; a generated record page's edit button opens its YAML.
- on_page_content: generated pages' HTML goes through the nh3 allowlist (generator/sanitize.py), a second wall
  behind the Markdown escaping.
- on_nav/on_env: the theme renders the navigation, footer and asset tags once per folder of record pages
  (folder_parts.py).
- on_serve: `mkdocs serve` watches data/ too, so a YAML edit rebuilds and reloads the page.
- Under `generator serve` (a dirty build, see generator/engines/incremental.py) only the pages whose text changed
  are rendered again, and the search index keeps the others' entries.
"""
from __future__ import annotations

import logging
import os
from pathlib import Path

import markdown

from mkdocs.config import config_options
from mkdocs.config.base import Config
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files, InclusionLevel

from generator.charts.pages import STYLESHEET, with_chart_script
from generator.engines import editions, provenance
from generator.engines.folder_parts import FolderParts
from generator.engines.html_blocks import HtmlBlocks
from generator.engines.html_pages import HeadingsAndBlocks, HtmlPage

from generator.engines.incremental import GeneratedFile, Previous
from generator.engines.prebuild import generated_files, load_stages, paused_gc
from generator.facts.pipeline import read_data
from generator.facts.translations import localized
from generator.facts.problems import DataError
from generator.machine import SetupError
from generator.pages import embeds, history, sanitize
from generator.pages.render import Renderer, page_path
from generator.pages.reuse import PageCache

log = logging.getLogger("mkdocs.plugins.facts")


class FactsConfig(Config):
    """Options of the `facts` plugin in mkdocs.yml."""

    data_dir = config_options.Type(str, default="data")
    # Set in the configs generator/engines/editions.py derives for the editions besides English.
    language = config_options.Type(str, default="en")
    assets_from = config_options.Optional(config_options.Type(str))


class FactsPlugin(BasePlugin[FactsConfig]):
    """Adds the pages and data files generated from data/ to the build, expands embeds, sanitises generated HTML."""

    # Set by on_startup under an incremental serve: what the last good build made.
    previous: Previous | None = None
    page_cache: PageCache | None = None
    # The message of the last build's error, for the preview to show in the browser.
    last_error: str | None = None

    def on_startup(self, command, dirty):
        """A dirty serve keeps this plugin between builds (MkDocs does, for a plugin with on_startup) and with it
        the last good build, so each rebuild renders only what changed."""
        self.previous = Previous() if command == "serve" and dirty else None
        self.page_cache = PageCache() if self.previous is not None else None

    def start_afresh(self) -> None:
        """Under an incremental serve, the next build renders everything (the config or the theme changed)."""
        if self.previous is not None:
            self.previous.forget()
            self.page_cache = PageCache()

    def on_config(self, config):
        """Remember where the project, the data and the site live; the data itself is read in on_files."""
        load_stages()
        config.extra.update(editions.theme_extra(dict(config.extra), config.site_url or "", self.config.language))
        config.extra_css.append(STYLESHEET)  # charts' layout; the file is generated in on_files
        self.root = Path(config.config_file_path).parent.resolve()  # -f mkdocs.yml gives a relative path
        self.data_dir = (self.root / self.config.data_dir).resolve()
        self.docs_dir = Path(config.docs_dir)
        self.generated: set[str] = set()
        self.data_file_of: dict[str, str] = {}
        self.entry_of: dict = {}
        self.history = history.History()
        self.html_blocks = HtmlBlocks()
        config.markdown_extensions.append(self.html_blocks)
        return config

    def on_files(self, files: Files, config) -> Files:
        """Read the data and add every generated file; any data or embed problem aborts with all of them."""
        language = self.config.language
        self._add_shared_assets(files, config)
        with paused_gc():
            # Public: hooks and other plugins use this build's linked graph (in the edition's language) instead of
            # reading data/ again.
            self.graph = graph = localized(self._read_graph(), language)
            self.renderer = Renderer(graph, config.site_url or "", language=language)
            self._check_hand_written_embeds(files)
            try:
                made = generated_files(graph, config.site_url or "", config.site_name or "", self.page_cache,
                                       language)
            except DataError as error:
                raise PluginError("data errors:\n" + str(error)) from None
            except SetupError as error:
                raise PluginError(str(error)) from None
        made.update(self._history_files(graph, config, made))
        headings = self._headings(config)
        for path, content in made.items():
            if files.get_file_from_path(path) is not None:
                raise PluginError(f"{self._shown(self.docs_dir / path)} has the same path as a generated file; "
                                  "rename or remove it")
            file = self._generated_file(config, path, content)
            if file.inclusion is InclusionLevel.NOT_IN_NAV and file.is_documentation_page():
                HtmlPage(file, config, headings)  # MkDocs keeps a page a plugin made (file.page)
            files.append(file)
        if self.previous is not None:
            self.previous.remove_gone()
        self.files = files
        self.generated = {path for path in made if path.endswith(".md")}
        self.data_file_of = {page_path(kind, entry.id): entry.path
                             for kind in graph.entries for entry in graph.all(kind)}
        # List pages, the timeline and the changelog edit the folder of the records they show.
        self.data_file_of.update({
            path: provenance.data_source(path, self.data_file_of, self.root, self.config.data_dir)
            for path in self.generated if path not in self.data_file_of})
        self.entry_of = {page_path(kind, entry.id): entry for kind in graph.entries for entry in graph.all(kind)}
        return files

    def _generated_file(self, config, path: str, content: str) -> File:
        # Record pages stay out of the sidebar (and out of MkDocs' "not in nav" report): index pages list them.
        inclusion = InclusionLevel.NOT_IN_NAV if path.count("/") == 1 and not path.endswith("/index.md") \
            else InclusionLevel.UNDEFINED
        file = GeneratedFile.generated(config, path, content=content, inclusion=inclusion)
        if self.previous is not None:
            self.previous.mark_generated(file, content)
        return file

    def _headings(self, config) -> HeadingsAndBlocks:
        """Record pages' headings, converted by Python-Markdown with the site's extensions (all plugins' on_config
        have run by now), but without the stash, which headings never need."""
        extensions = [extension for extension in config.markdown_extensions if extension is not self.html_blocks]
        return HeadingsAndBlocks(markdown.Markdown(extensions=extensions, extension_configs=config.mdx_configs))

    def _add_shared_assets(self, files: Files, config) -> None:
        """Another edition's stylesheets and scripts are the English docs folder's (editions.shared_assets)."""
        if not self.config.assets_from:
            return
        shared = (self.root / self.config.assets_from).resolve()
        for path in editions.shared_assets(shared, self.docs_dir, self.config.language):
            relative = path.relative_to(shared).as_posix()
            if files.get_file_from_path(relative) is None:
                files.append(File(relative, str(shared), config.site_dir, config.use_directory_urls))

    def _history_files(self, graph, config, made: dict) -> dict:
        """The changelog page and feed from git history (read once per build); also dates "Last updated"."""
        self.history = history.read_history(self.root, self.config.data_dir)
        extra = history.changelog_files(self.history, graph, config.site_url or "", config.site_name,
                                        config.repo_url or "", self.config.data_dir, self.config.language)
        clash = sorted(set(extra) & set(made))
        if clash:
            raise PluginError(f"{clash[0]} is written by two stages; the changelog owns it")
        return extra

    def _read_graph(self):
        if not self.data_dir.is_dir():
            raise PluginError(f"facts: data folder '{self.config.data_dir}' not found")
        # An edition's build logs its own language's missing translations; `check` reports every edition's.
        own = [self.config.language] if self.config.assets_from else []
        result = read_data(self.data_dir, self.root, own)
        if result.errors:
            raise PluginError("data errors:\n" + "\n".join(p.as_text() for p in result.problems))
        for problem in result.warnings:
            # `check --strict` fails on these; a site build shows them without failing.
            log.info(problem.as_text())
        return result.graph

    def _check_hand_written_embeds(self, files: Files) -> None:
        problems = []
        for file in files.documentation_pages():
            _, body, first_line = embeds.split_front_matter(file.content_string)
            try:
                expanded = embeds.expand(body, self.renderer, file.src_uri, self._shown(file.abs_src_path), first_line)
            except DataError as error:
                problems += error.problems
                continue
            if self.previous is not None:
                self.previous.mark_hand_written(file, expanded)
        if problems:
            raise PluginError("embed errors:\n" + "\n".join(p.as_text() for p in sorted(problems)))

    def _shown(self, path) -> str:
        """A path as `check` prints it: relative to the project root."""
        return Path(os.path.relpath(path, self.root)).as_posix() if path else "?"

    def on_nav(self, nav, config, files):
        """This build's cache of theme parts: the navigation lists these pages, so their parts are rendered anew."""
        self.folder_parts = FolderParts({page.url for page in nav.pages})
        return nav

    def on_env(self, env, config, files):
        """overrides/main.html renders the parts a folder's record pages share through `folder_once`
        (generator/engines/folder_parts.py)."""
        env.globals["folder_once"] = self.folder_parts.once
        return env

    @event_priority(50)
    def on_page_markdown(self, markdown: str, page, config, files) -> str:
        """Expand embeds; point a generated record page's edit button at its YAML file."""
        source = page.file.content_string
        first_line = embeds.body_first_line(source, markdown)
        shown = page.file.src_uri + " (generated)" if page.file.src_uri in self.generated \
            else self._shown(page.file.abs_src_path)
        try:
            markdown = embeds.expand(markdown, self.renderer, page.file.src_uri, shown, first_line)
        except DataError as error:
            raise PluginError("embed errors:\n" + str(error)) from None
        # Generated pages' HTML blocks skip the parser (html_blocks.py); hand-written pages are parsed whole.
        self.html_blocks.start_page(active=page.file.src_uri in self.generated)
        if page.file.src_uri in self.generated:
            page.edit_url = self._edit_url(config, page.file.src_uri)
        if page.file.src_uri in self.entry_of:
            page.meta.update(history.last_updated(self.history, self.entry_of[page.file.src_uri]))
        return markdown

    def _edit_url(self, config, src_uri: str) -> str | None:
        return provenance.edit_url(config.repo_url or "", config.edit_uri or "", self.root, self.docs_dir,
                                   self.data_file_of.get(src_uri, ""))

    @event_priority(100)
    def on_page_content(self, html: str, page, config, files) -> str:
        """Generated pages' HTML through the allowlist, before any other plugin reads it."""
        # The anchors inside stashed blocks, which MkDocs' own scan no longer sees, for its anchor checks.
        page.present_anchor_ids = (page.present_anchor_ids or set()) | self.html_blocks.anchor_ids
        if page.file.src_uri in self.generated:
            return sanitize.clean(html)
        return html

    def on_page_context(self, context, page, config, nav):
        """Under an incremental serve, note that this page was rendered again."""
        if self.previous is not None:
            self.previous.page_rendered(page.url)
        return context

    @event_priority(10)  # before the search plugin writes its index
    def on_post_build(self, config) -> None:
        """Under an incremental serve, the search index covers every page, not only those rendered now."""
        if self.previous is None:
            return
        search = config.plugins.get("material/search")
        entries = []
        if search is not None and search.config.enabled:
            urls = {file.page.url for file in self.files.documentation_pages() if file.page is not None}
            search.search_index.entries = entries = self.previous.merged_entries(search.search_index.entries, urls)
            search.search_index_prev = None  # its own merge assumes one page per rebuild
        self.previous.commit(entries)

    def on_build_error(self, error) -> None:
        """A failed build is forgotten: the next one is compared with the last good build."""
        self.last_error = str(error)
        if self.previous is not None:
            self.previous.reset()

    def on_post_page(self, output: str, page, config) -> str:
        """A page with a chart gets the script that draws it, inside its content (see generator/charts/pages.py)."""
        return with_chart_script(output, page.url)

    def on_serve(self, server, config, builder):
        """Rebuild when a data file changes, as for docs/."""
        server.watch(str(self.data_dir))
        return server
