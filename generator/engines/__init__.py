"""Adapters to site engines: the MkDocs plugin and hook (plugin, social), the engine-neutral pre-build step
(prebuild), the strict atomic build, the export of the whole docs tree, and mkdocs.yml reading (config_file).

May import: every stage (facts, pages, charts) and generator.machine; nothing imports an engine but the tools.
"""
