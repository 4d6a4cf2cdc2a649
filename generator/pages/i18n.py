"""The site's own words in each edition: a gettext catalog per language (generator/locale/<lang>/LC_MESSAGES/
messages.po), read with Babel and compiled in memory, so a contributor edits only the .po file.

English is the source language: its words are the message ids, so the English edition needs no catalog.
`python -m generator translations extract` lists every message of the templates and the Python stages into
messages.pot and merges it into each catalog; a test fails while any message has no translation.
"""
from __future__ import annotations

import contextlib
import contextvars
import functools
import gettext as gettext_module
import io
from pathlib import Path
from typing import Iterator

from babel import Locale
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import Translations

LOCALE_DIR = Path(__file__).resolve().parent.parent / "locale"
SOURCE_LANGUAGE = "en"
# The Babel locale each edition formats dates and numbers in.
LOCALES = {"en": "en_GB", "zh": "zh_Hans_CN"}


def N_(message: str) -> str:
    """Marks a message for the catalog where it is defined; it is translated where it is shown."""
    return message


def NP_(context: str, message: str) -> str:
    """Marks a message that needs a context to translate (the same English meaning two things)."""
    return message


def catalog_path(language: str) -> Path:
    """Where the language's catalog lives."""
    return LOCALE_DIR / language / "LC_MESSAGES" / "messages.po"


def catalog_languages() -> list[str]:
    """Every language with a catalog."""
    return sorted(path.parent.parent.name for path in LOCALE_DIR.glob("*/LC_MESSAGES/messages.po"))


@functools.lru_cache(maxsize=None)
def translations(language: str) -> gettext_module.NullTranslations:
    """The language's compiled catalog (none for English, whose words are the message ids)."""
    if language == SOURCE_LANGUAGE:
        return gettext_module.NullTranslations()
    with catalog_path(language).open("rb") as po:
        catalog = read_po(po, locale=language)
    compiled = io.BytesIO()
    write_mo(compiled, catalog)
    compiled.seek(0)
    return Translations(compiled)


def pgettext(language: str, context: str, message: str) -> str:
    """The message in the language, as meant in the context."""
    return translations(language).pgettext(context, message) if message else message


def gettext(language: str, message: str) -> str:
    """The message in the language (the English message itself when the catalog lacks it)."""
    # gettext("") is the catalog's header, never a message.
    return translations(language).gettext(message) if message else message


@functools.lru_cache(maxsize=None)
def locale(language: str) -> Locale:
    """The Babel locale of an edition."""
    return Locale.parse(LOCALES.get(language, language))


# The language of the edition being built, for code deep in a stage (the charts' labels and number formats) that
# a page's renderer does not reach; set for the length of a build with speaking().
_CURRENT: contextvars.ContextVar[str] = contextvars.ContextVar("language", default=SOURCE_LANGUAGE)


def current() -> str:
    """The language of the edition being built ('en' outside any build)."""
    return _CURRENT.get()


@contextlib.contextmanager
def speaking(language: str) -> Iterator[None]:
    """Build in the language until the block ends."""
    token = _CURRENT.set(language)
    try:
        yield
    finally:
        _CURRENT.reset(token)


def words(message: str) -> str:
    """One of the site's messages in the language of the edition being built."""
    return gettext(current(), message)
