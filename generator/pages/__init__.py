"""Stage 4, pages: the linked graph as Markdown pages through Jinja templates (render, templates/), embeds of
records in any page, escaping for Markdown and the nh3 sanitiser, the questions pages ask (views), human formats
(formatting), the data files and the changelog (datafiles, history), and the registry of extra files (files).

May import: generator.facts (and generator.machine). No site engine.
"""
