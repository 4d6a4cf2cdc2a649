"""Questions pages ask of the graph (who works where, what was said when), answered once in plain Python."""
from __future__ import annotations

from dataclasses import dataclass

from generator.facts.link import Graph
from generator.facts.validate import Entry
from generator.pages.formatting import date_sort_key, truncate
from generator.pages.i18n import N_, gettext


def name_of(entry: Entry, language: str = "en") -> str:
    """The words a link to the record shows: a name (in Chinese characters on Chinese pages, when it has them),
    a title, or the quote itself (its translation on pages of another language)."""
    record = entry.record
    if entry.kind == "quotes":
        return f"“{truncate(quote_text(record, language), 60)}”"
    if language == "zh" and getattr(record, "name_zh", None):
        return record.name_zh
    return getattr(record, "name", None) or getattr(record, "title", None) or entry.id


def quote_text(quote, language: str = "en") -> str:
    """A quote's words as a page in the language shows them first: the original when it is in that language,
    else the site's translation, else the words as reported."""
    if language == "en":
        return quote.text
    if quote.original and quote.language == language:
        return quote.original
    block = getattr(quote, language, None)
    return block.text if block is not None and block.text else quote.text


def quote_is_translation(quote, language: str = "en") -> bool:
    """True when a page in the language shows the site's translation of a quote rather than words as spoken or
    reported."""
    if language == "en" or (quote.original and quote.language == language):
        return False
    block = getattr(quote, language, None)
    return block is not None and bool(block.text)


def by_date(entries: list[Entry], date_of) -> list[Entry]:
    """Entries oldest first, ties broken by id so output never depends on file order."""
    return sorted(entries, key=lambda entry: (date_sort_key(date_of(entry.record)), entry.id))


def event_date(event) -> object:
    """The date an event sorts by."""
    return event.date or event.start


def quote_date(quote) -> object:
    """The date a quote sorts by."""
    return quote.said_on


def model_date(model) -> object:
    """The date a model sorts by."""
    return model.released


@dataclass
class KeyPerson:
    """A person tied to a company, with what they do or did there."""

    person: Entry
    titles: list[str]


FOUNDER = N_("Founder")


def key_people(graph: Graph, company_id: str, language: str = "en") -> list[KeyPerson]:
    """Founders first, then everyone with a role at the company, each once, with their titles there."""
    company = graph.get("companies", company_id).record
    found: dict[str, KeyPerson] = {}
    for person_id in company.founders:
        found[person_id] = KeyPerson(graph.get("people", person_id), [gettext(language, FOUNDER)])
    for person in graph.referrers("companies", company_id, "people"):
        titles = [role.title for role in person.record.roles if role.company == company_id]
        entry = found.setdefault(person.id, KeyPerson(person, []))
        entry.titles.extend(title for title in titles if title not in entry.titles)
    return list(found.values())


def quotes_by(graph: Graph, person_ids: list[str]) -> list[Entry]:
    """Every quote by any of these people, oldest first."""
    quotes = [quote for pid in person_ids for quote in graph.referrers("people", pid, "quotes")]
    return by_date(list({quote.id: quote for quote in quotes}.values()), quote_date)


def events_of(graph: Graph, kind: str, id: str) -> list[Entry]:
    """Events that name the record, oldest first."""
    return by_date(graph.referrers(kind, id, "events"), event_date)


def outcomes_of(graph: Graph, event: Entry) -> list[Entry]:
    """The chain of later events that settled this one: its outcome, that one's outcome, and so on, in order."""
    chain, seen = [], {event.id}
    while event.record.outcome and event.record.outcome not in seen:
        event = graph.get("events", event.record.outcome)
        seen.add(event.id)
        chain.append(event)
    return chain


def models_of(graph: Graph, company_id: str) -> list[Entry]:
    """Models a company released, oldest first."""
    return by_date(graph.referrers("companies", company_id, "models"), model_date)


def role_at(person, when) -> object | None:
    """The role a person held on a date: the latest-starting role that spans it, else None."""
    key = date_sort_key(when)
    held = [role for role in person.roles if _spans(role, key)]
    return max(held, key=lambda role: date_sort_key(role.start) if role.start else (0, 0, 0), default=None)


def _spans(role, key: tuple[int, int, int]) -> bool:
    # Partial dates compare by their known parts: a role 'from: 2024' spans any day of 2024.
    if role.start and _before(key, date_sort_key(role.start)):
        return False
    return not (role.end and _before(date_sort_key(role.end), key))


def _before(a: tuple[int, int, int], b: tuple[int, int, int]) -> bool:
    """a is certainly earlier than b, comparing only the parts both know."""
    for x, y in zip(a, b):
        if not x or not y:
            return False
        if x != y:
            return x < y
    return False


def roles_in_order(person) -> list:
    """Roles oldest first; roles without a start keep their written order, before dated ones."""
    return sorted(person.roles, key=lambda role: date_sort_key(role.start) if role.start else (0, 0, 0))


def latest_role(person) -> object | None:
    """The current role (no end), else the last one written."""
    current = [role for role in roles_in_order(person) if not role.end]
    return (current or person.roles or [None])[-1]
