"""The explainer's generator: YAML fact files to a site, one subpackage per stage, each importing only those below it.

    facts    load, model, validate, link, excerpts, problems, pipeline    imports nothing above it
    pages    render, templates, embeds, escaping, sanitising, views, data files, history    may import facts
    charts   spec, data, figures, build-time pictures, chart pages, assets    may import facts and pages
    engines  the MkDocs plugin and hook, the pre-build step, build, export    may import every stage
    tools    the command line, new, diff    may import everything
    machine  what the build needs from this machine (a leaf: imports nothing of the package)

Importing the package registers the charts as a kind of record (and their rows' reader), so every stage and tool
sees the same kinds whichever module it imports first.
"""
try:
    from generator.charts import data as _chart_data  # noqa: F401  (registers the kind and the rows' reader)
except ModuleNotFoundError as error:  # a third-party package is missing: `python -m generator` says what to run
    if (error.name or "").startswith("generator"):
        raise
