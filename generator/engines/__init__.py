"""Adapters to site engines: the MkDocs plugin and hook (plugin, social), the Zensical build (zensical), the
engine-neutral pre-build step (prebuild), the export of the whole docs tree that engines without our plugin build
(export), the strict atomic build and its staging folder (build, staging), the card font from the system (fonts),
where generated pages come from (provenance) and mkdocs.yml reading (config_file).

May import: every stage (facts, pages, charts) and generator.machine; nothing imports an engine but the tools.
"""
