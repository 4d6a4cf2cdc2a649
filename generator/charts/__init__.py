"""The charts: the spec (a kind of record), its rows (data, registered with the pipeline), Plotly figures,
build-time pictures drawn in Chromium, the chart pages and embeds, and the page script and style (assets/).

May import: generator.facts, generator.pages (and generator.machine). Registers its kind, pages and files.
"""
