"""The fact model: one pydantic class per kind of record, each field described for contributors and editors."""
from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    WithJsonSchema,
    create_model,
    model_validator,
)
from pydantic_core import PydanticCustomError

SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
PARTIAL_DATE_RE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
ISO_DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
URL_RE = re.compile(r"^https://[A-Za-z0-9.-]+\.[A-Za-z]{2,}(?::\d+)?(?:[/?#][^\s<>\"'`\\]*)?$")


def _text(value):
    """Text fields take text only: a bare number or true/false is almost always a slip."""
    if isinstance(value, bool):
        raise PydanticCustomError("text_type", "expected text, got true/false; put the value in quotes")
    if isinstance(value, (int, float)):
        raise PydanticCustomError("text_type", "expected text, got the number {number}; put it in quotes",
                                  {"number": value})
    if not isinstance(value, str):
        raise PydanticCustomError("text_type", "expected text here, not a list or mapping")
    value = value.strip()
    if not value:
        raise PydanticCustomError("text_empty", "text is empty; write a value or remove the field")
    return value


def text_matching(pattern: re.Pattern, code: str, message: str):
    """A validator for text that must match pattern; message may name the text as {value}."""
    def check(value):
        value = _text(value)
        if not pattern.match(value):
            raise PydanticCustomError(code, message, {"value": value})
        return value
    return check


_slug = text_matching(SLUG_RE, "slug", "'{value}' is not a valid id: lowercase letters, digits and single "
                      "hyphens, such as 'deepseek-r1'")


def _https_url(value):
    value = _text(value)
    if not value.startswith("https://"):
        raise PydanticCustomError("url_scheme", "URL '{value}' must start with https://", {"value": value})
    if not URL_RE.match(value):
        raise PydanticCustomError("url", "'{value}' is not a valid web address", {"value": value})
    return value


def _iso_date(value):
    """Dates are written YYYY-MM-DD; a number or other text is refused rather than guessed at."""
    if isinstance(value, dt.date):
        return value
    if not isinstance(value, str) or not ISO_DATE_RE.match(value):
        raise PydanticCustomError("date_format", "expected a date written YYYY-MM-DD, got '{value}'",
                                  {"value": value})
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise PydanticCustomError("date_value", "'{value}' is not a real calendar date", {"value": value}) from None


class PartialDate(str):
    """A date known to the year, month or day: '2022', '2022-10' or '2022-10-07'."""

    @property
    def precision(self) -> str:
        """'year', 'month' or 'day'."""
        return ("year", "month", "day")[self.count("-")]

    @property
    def sort_key(self) -> tuple[int, int, int]:
        """(year, month, day), unknown parts as 0, so coarser dates sort first within their span."""
        parts = [int(p) for p in self.split("-")]
        return tuple(parts + [0] * (3 - len(parts)))  # type: ignore[return-value]

    @property
    def earliest(self) -> dt.date:
        """The first day the date can mean."""
        year, month, day = self.sort_key
        return dt.date(year, month or 1, day or 1)


def _partial_date(value):
    if isinstance(value, bool):
        raise PydanticCustomError("date_format", "expected a date (YYYY, YYYY-MM or YYYY-MM-DD)")
    if isinstance(value, int):
        value = str(value)
    if isinstance(value, dt.date):
        value = value.isoformat()
    match = PARTIAL_DATE_RE.match(value) if isinstance(value, str) else None
    if not match:
        raise PydanticCustomError("date_format", "expected a date written YYYY, YYYY-MM or YYYY-MM-DD, got "
                                  "'{value}'", {"value": value})
    try:
        PartialDate(value).earliest
        if match.group(3):
            dt.date.fromisoformat(value)
    except ValueError:
        raise PydanticCustomError("date_value", "'{value}' is not a real calendar date", {"value": value}) from None
    return PartialDate(value)


def _unique(values: list) -> list:
    seen = set()
    for value in values:
        if value in seen:
            raise PydanticCustomError("duplicate", "'{value}' is listed twice", {"value": value})
        seen.add(value)
    return values


FIGURE_REF_RE = re.compile(r"^(?:[a-z0-9]+(?:-[a-z0-9]+)*/)?[a-z0-9]+(?:-[a-z0-9]+)*$")
_figure_ref = text_matching(FIGURE_REF_RE, "figure_ref", "'{value}' is not a figure reference: a figure id such as "
                            "'raised-hkd', or '<event id>/<figure id>' such as 'zhipu-ipo/raised-hkd'")

Text = Annotated[str, BeforeValidator(_text)]
Id = Annotated[str, BeforeValidator(_slug)]
IdList = Annotated[list[Id], AfterValidator(_unique)]
Url = Annotated[str, BeforeValidator(_https_url)]
Date = Annotated[dt.date, BeforeValidator(_iso_date)]
When = Annotated[str, BeforeValidator(_partial_date), AfterValidator(PartialDate), WithJsonSchema(
    {"anyOf": [{"type": "string", "pattern": PARTIAL_DATE_RE.pattern}, {"type": "integer"}]})]


class Strict(BaseModel):
    """Unknown keys are errors; values are never coerced between types behind the contributor's back."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=False, allow_inf_nan=False)


HASH_RE = re.compile(r"^[0-9a-f]{8}$")
_hash = text_matching(HASH_RE, "hash", "'{value}' is not a hash of the English text: run `python -m generator "
                      "translations stamp` to record it")
# The editions besides English; each translatable object may carry a block named after the language.
TRANSLATION_LANGUAGES = ("zh",)


def translation(owner: str, *fields: str) -> type[Strict]:
    """The `zh:` block of a model: its translatable fields, each optional text, and the hashes of the English
    each translation was made from, which `check` compares with the English now to find stale translations."""
    texts = {name: (Text | None, Field(None, description=f"The {name} in Chinese.")) for name in fields}
    made_from = (dict[Annotated[str, BeforeValidator(_text)], Annotated[str, BeforeValidator(_hash)]],
                 Field(default_factory=dict, description="For each translated field, the hash of the English text "
                       "it was translated from (written by `python -m generator translations stamp`)."))
    block = create_model(f"{owner}Zh", __base__=Strict, __doc__=f"Chinese translations of a {owner.lower()}'s "
                         "text.", made_from=made_from, **texts)
    block.translated_fields = fields
    return block


def zh_field(block: type[Strict]):
    """The optional `zh:` field holding a block made by translation()."""
    return Field(None, description="Chinese translations of this object's text, for the Chinese edition: "
                 + ", ".join(block.translated_fields) + ", with made_from.")


SourceZh = translation("Source", "note")


class Source(Strict):
    """Where a claim comes from: shown as a numbered citation."""

    url: Url = Field(description="Address of the source, https only.")
    publisher: Text = Field(description="Who published it: an outlet, company, agency or author.")
    title: Text = Field(description="Title of the article, page, filing or dataset, as published.")
    published: Date | None = Field(None, description="Date of publication (YYYY-MM-DD); leave out if undated.")
    accessed: Date = Field(description="Date you last read the source (YYYY-MM-DD).")
    archive_url: Url | None = Field(None, description="A copy in a web archive, used when the URL goes dead.")
    note: Text | None = Field(None, description="What the reader should know, e.g. 'repost of a Reuters report'.")
    excerpt: Text | None = Field(None, description="The source's own sentence(s) that state the claim, copied "
                                 "verbatim in the source's language; required where the source backs a figure, "
                                 "a quote or a date.")
    excerpt_en: Text | None = Field(None, description="An English rendering of the excerpt, when the source is not "
                                    "in English.")
    zh: SourceZh | None = zh_field(SourceZh)


Sources = Annotated[list[Source], Field(min_length=1)]


DisputeZh = translation("Dispute", "summary")


class Dispute(Strict):
    """A point where sources disagree: the page shows both sides instead of picking one silently."""

    field: Text = Field(description="Name of the field the disagreement is about, e.g. 'founded'.")
    summary: Text = Field(description="What each side says, in one or two sentences.")
    sources: Sources = Field(description="The sources on each side.")
    zh: DisputeZh | None = zh_field(DisputeZh)


class Record(Strict):
    """Fields every record shares."""

    checked: Date = Field(description="Date someone last verified the record against its sources (YYYY-MM-DD).")
    sources: Sources = Field(description="Sources for the record's claims; at least one.")
    disputes: list[Dispute] = Field(default_factory=list, description="Where sources disagree on a field.")
    tags: IdList = Field(default_factory=list, description="Topic tags as ids, e.g. 'open-weights'.")

    @model_validator(mode="after")
    def _disputes_name_fields(self):
        names = set(type(self).model_fields)
        for dispute in self.disputes:
            if dispute.field not in names:
                raise PydanticCustomError("dispute_field", "dispute names field '{field}', which this kind of "
                                          "record does not have", {"field": dispute.field})
        return self


ListingZh = translation("Listing", "exchange")


class Listing(Strict):
    """A stock-exchange listing."""

    exchange: Text = Field(description="Exchange, e.g. 'HKEX Main Board'.")
    code: Text = Field(description="Stock code as quoted, in quotes, e.g. '2513'.")
    listed_on: Date = Field(description="First trading day (YYYY-MM-DD).")
    zh: ListingZh | None = zh_field(ListingZh)


CompanyKind = Literal["lab", "big-tech", "startup", "adopter", "chipmaker", "investor", "university", "government"]


CompanyZh = translation("Company", "country", "headquarters", "summary")


class Company(Record):
    """A company, lab or institution in the story."""

    name: Text = Field(description="Name in English as most sources write it.")
    name_zh: Text | None = Field(None, description="Name in Chinese characters, e.g. 智谱.")
    aliases: list[Text] = Field(default_factory=list, description="Other names readers may search for.")
    legal_name: Text | None = Field(None, description="Registered legal name.")
    kind: CompanyKind = Field(description="What sort of organisation it is.")
    country: Text = Field(description="Country of headquarters, e.g. 'China'.")
    headquarters: Text = Field(description="City of headquarters.")
    founded: When | None = Field(None, description="Founding date: YYYY, YYYY-MM or YYYY-MM-DD.")
    website: Url | None = Field(None, description="Official website, https only.")
    parent: Id | None = Field(None, description="Id of the parent company, if any.")
    founders: IdList = Field(default_factory=list, description="Ids of the founders (people records).")
    listing: Listing | None = Field(None, description="Stock-exchange listing, if public.")
    summary: Text = Field(description="Two to four plain sentences: who they are and why they matter here.")
    zh: CompanyZh | None = zh_field(CompanyZh)


RoleZh = translation("Role", "title", "organisation")


class Role(Strict):
    """A position a person held."""

    company: Id | None = Field(None, description="Id of the company record, when there is one.")
    organisation: Text | None = Field(None, description="Name of the organisation when it has no record.")
    title: Text = Field(description="Job title, e.g. 'Technical lead, Qwen'.")
    start: When | None = Field(None, alias="from", description="When the role began (YYYY, YYYY-MM or YYYY-MM-DD).")
    end: When | None = Field(None, alias="to", description="When it ended; leave out if current.")
    zh: RoleZh | None = zh_field(RoleZh)

    @model_validator(mode="after")
    def _names_an_organisation(self):
        if not self.company and not self.organisation:
            raise PydanticCustomError("role_org", "a role needs 'company' (an id) or 'organisation' (a name)")
        return self


PersonZh = translation("Person", "summary")


class Person(Record):
    """A person in the story."""

    name: Text = Field(description="Name as English-language sources write it, family name last or as usual.")
    name_zh: Text | None = Field(None, description="Name in Chinese characters, e.g. 林俊旸.")
    aliases: list[Text] = Field(default_factory=list, description="Other names, e.g. 'Justin Lin'.")
    roles: list[Role] = Field(default_factory=list, description="Positions held, oldest first.")
    summary: Text = Field(description="Two to four plain sentences on who they are.")
    zh: PersonZh | None = zh_field(PersonZh)


class Rendering(Strict):
    """Another published translation of a quote, verbatim as its source prints it."""

    text: Text = Field(description="The words as this source renders them.")
    by: Text = Field(description="Whose translation it is, e.g. 'Recode China AI'.")
    sources: Sources = Field(description="Where this rendering is printed; an excerpt must contain the text.")


QuoteZh = translation("Quote", "text", "context")


class Quote(Record):
    """Words a person said, verbatim as the source reports them."""

    person: Id = Field(description="Id of the speaker (a people record).")
    text: Text = Field(description="The words exactly as the source prints them; no paraphrase.")
    said_on: Date = Field(description="Date the words were said (YYYY-MM-DD).")
    event: Id | None = Field(None, description="Id of the event where it was said, if any.")
    context: Text = Field(description="One or two sentences: what was asked or discussed.")
    language: Text = Field(description="Language spoken, as a code: 'en', 'zh'.")
    translation: Text | None = Field(None, description="Who translated it, when the text is a translation.")
    original: Text | None = Field(None, description="The words in the original language, if published.")
    renderings: list[Rendering] = Field(default_factory=list, description="Other published translations of the "
                                        "same words, each with its source; a dispute on 'text' says how they differ.")
    zh: QuoteZh | None = zh_field(QuoteZh)


EventKind = Literal["summit", "ipo", "acquisition", "release", "policy", "funding", "milestone", "speech",
                    "market", "listing", "report"]


DERIVATIONS = ("sum", "difference", "ratio", "product", "percent-change")


class Derivation(Strict):
    """How a figure is computed from other figures, so check can recompute it instead of looking for it in a source."""

    formula: Literal[DERIVATIONS] = Field(description="sum (a+b+...), difference (a-b), ratio (a/b), product "
                                          "(a*b*...) or percent-change ((a-b)/b*100, a the later value).")
    of: Annotated[list[Annotated[str, BeforeValidator(_figure_ref)]], Field(min_length=1)] = Field(
        description="The figures it is computed from, in order: a figure id of this record ('raised-hkd') or "
        "'<event id>/<figure id>' for another event's figure.")


FigureZh = translation("Figure", "label")


class Figure(Strict):
    """A number an event is known for; narrative pages cite it by id rather than retyping it."""

    id: Id = Field(description="Id of the figure within the record, e.g. 'raised-usd'.")
    label: Text = Field(description="What the number measures, e.g. 'Money raised'.")
    value: float = Field(description="The number, without units or thousands separators.")
    unit: Text = Field(description="Unit or scale: 'million', 'billion', 'percent', 'times', 'shares', ...")
    currency: Annotated[str, BeforeValidator(_text)] | None = Field(
        None, pattern=r"^[A-Z]{3}$", description="ISO 4217 currency code, e.g. 'USD', 'HKD'.")
    approximate: bool = Field(False, description="True when sources give a rounded or estimated value.")
    sources: list[Source] = Field(default_factory=list, description="Sources for this figure, if not the record's.")
    derived: Derivation | None = Field(None, description="Set when the figure is computed from other figures (a "
                                       "ratio, a sum, a conversion): check recomputes it.")
    zh: FigureZh | None = zh_field(FigureZh)

    @model_validator(mode="before")
    @classmethod
    def _value_is_a_number(cls, data):
        value = data.get("value") if isinstance(data, dict) else None
        if isinstance(value, (bool, str)):
            raise PydanticCustomError("number", "figure value must be a number, such as 558 or 13.17")
        return data


EventZh = translation("Event", "title", "location", "summary")


class Event(Record):
    """Something that happened: a summit, a listing, a release, a rule."""

    title: Text = Field(description="Short title, e.g. 'Zhipu lists in Hong Kong'.")
    date: When | None = Field(None, description="Date (YYYY, YYYY-MM or YYYY-MM-DD); or give start and end.")
    start: When | None = Field(None, description="First day of an event that spans days.")
    end: When | None = Field(None, description="Last day of an event that spans days.")
    kind: EventKind = Field(description="What sort of event it is.")
    location: Text | None = Field(None, description="Where it happened, e.g. 'Zhongguancun, Beijing'.")
    companies: IdList = Field(default_factory=list, description="Ids of the companies involved.")
    people: IdList = Field(default_factory=list, description="Ids of the people involved.")
    models: IdList = Field(default_factory=list, description="Ids of the AI models involved.")
    summary: Text = Field(description="What happened and why it matters, in a few plain sentences.")
    figures: list[Figure] = Field(default_factory=list, description="Numbers the event is known for.")
    outcome: Id | None = Field(None, description="Id of the later event that settled this one (a decision, a "
                               "result); its page is shown here as what happened next.")
    zh: EventZh | None = zh_field(EventZh)

    @model_validator(mode="after")
    def _has_one_dating(self):
        if self.date and (self.start or self.end):
            raise PydanticCustomError("event_date", "give either 'date' or 'start' and 'end', not both")
        if not self.date and not (self.start and self.end):
            raise PydanticCustomError("event_date", "an event needs 'date', or both 'start' and 'end'")
        if self.start and self.end and self.end.sort_key < self.start.sort_key:
            raise PydanticCustomError("event_date", "'end' is before 'start'")
        ids = [figure.id for figure in self.figures]
        _unique(ids)
        return self

    @property
    def when(self) -> PartialDate:
        """The date the event sorts by: its date, or its first day."""
        return self.date or self.start  # type: ignore[return-value]


class Parameters(Strict):
    """Size of a model in billions of parameters."""

    total: float = Field(gt=0, description="Total parameters, in billions.")
    active: float | None = Field(None, gt=0, description="Parameters active per token (mixture of experts).")


ModelZh = translation("Model", "summary")


class Model(Record):
    """An AI model release."""

    name: Text = Field(description="Model name as released, e.g. 'DeepSeek-R1'.")
    company: Id = Field(description="Id of the company that released it.")
    family: Text | None = Field(None, description="Model family, e.g. 'Qwen', 'GLM'.")
    released: When = Field(description="Release date (YYYY, YYYY-MM or YYYY-MM-DD).")
    open_weights: bool = Field(description="true if anyone can download the weights.")
    parameters: Parameters | None = Field(None, description="Size in billions of parameters, if published.")
    license: Text | None = Field(None, description="Licence of the weights, e.g. 'MIT', 'Apache-2.0'.")
    summary: Text | None = Field(None, description="What is notable about it, in a sentence or two.")
    zh: ModelZh | None = zh_field(ModelZh)


KINDS: dict[str, type[Record]] = {
    "companies": Company,
    "people": Person,
    "quotes": Quote,
    "events": Event,
    "models": Model,
}

