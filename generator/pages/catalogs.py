"""The site's own words, gathered for translators: every message the templates and stages mark (`_("...")` in a
template, `N_`/`gettext(language, "...")` in Python) and the nav titles, site name and description of mkdocs.yml,
extracted with Babel into messages.pot and merged into each language's messages.po (`translations extract`)."""
from __future__ import annotations

import io
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po, write_po

from generator.pages import i18n
from generator.pages.render import ENVIRONMENT_OPTIONS

PACKAGE = Path(__file__).resolve().parent.parent
PROJECT = "ai-race-explainer"
# Templates through Jinja's own Babel extractor (with the options the site reads them with); Python through
# Babel's, where a message is N_'s only argument or gettext's second (the first is the language).
METHODS = [("pages/templates/**.j2", "jinja2.ext:babel_extract"), ("**.py", "python")]
OPTIONS = {"pages/templates/**.j2": {key: str(value) for key, value in ENVIRONMENT_OPTIONS.items()}}
# Header lines that would change on every run.
DATED = ('"POT-Creation-Date:', '"PO-Revision-Date:')
KEYWORDS = {"_": None, "N_": None, "gettext": (2,), "words": None, "NP_": ((1, "c"), 2), "pgettext": ((2, "c"), 3)}


def extract_messages(config_words: list[str] = ()) -> Catalog:
    """The template catalog: every message of the generator, and the words of the site's config (given by the
    caller: reading mkdocs.yml is the engines' job)."""
    template = Catalog(project=PROJECT, fuzzy=False)
    for filename, line, message, comments, context in extract_from_dir(
            PACKAGE, METHODS, OPTIONS, KEYWORDS, comment_tags=("Translators:",), strip_comment_tags=True):
        if message:
            template.add(message, locations=[(f"generator/{filename}", line)], auto_comments=comments,
                         context=context)
    for message in config_words:
        if message:
            template.add(message, locations=[("mkdocs.yml", 0)])
    return template


def merged(template: Catalog, language: str) -> Catalog:
    """The language's catalog updated to the template: new messages added untranslated, gone ones dropped."""
    path = i18n.catalog_path(language)
    if path.is_file():
        with path.open("rb") as po:
            catalog = read_po(po, locale=language)
    else:
        catalog = Catalog(locale=language, project=PROJECT)
    catalog.update(template, no_fuzzy_matching=True)
    catalog.obsolete.clear()
    return catalog


def untranslated(catalog: Catalog) -> list[str]:
    """The message ids the catalog has no translation for."""
    return [message.id for message in catalog if message.id and not message.string]


def write_catalog(catalog: Catalog, path: Path) -> None:
    """A .po or .pot file, sorted and without dates, so a catalog changes only when its messages do."""
    path.parent.mkdir(parents=True, exist_ok=True)
    written = io.BytesIO()
    write_po(written, catalog, width=120, sort_output=True, include_lineno=False)
    lines = written.getvalue().decode("utf-8").splitlines(keepends=True)
    path.write_text("".join(line for line in lines if not line.startswith(DATED)), encoding="utf-8")
