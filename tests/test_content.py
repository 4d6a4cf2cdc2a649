"""The hand-written pages against the records: every figure comes from a record, every date agrees with the
records its paragraph links, every linked record and glossary term exists, and the charts agree with the records."""
from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from generator.pages import formatting

from generator.facts.link import SINGULAR
from generator.facts.pipeline import load_graph
from generator.pages.formatting import MONTHS

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
# The explainer and the pages written beside it; record pages are generated and checked elsewhere.
NARRATIVE = ["index.md", "how-we-know.md", "glossary.md"]
PLURAL = {singular: plural for plural, singular in SINGULAR.items()}

EMBED_RE = re.compile(r"\[\[(\w+):([^\]\s]+)\]\]")
MONTH = "|".join(MONTHS)
DATE_RE = re.compile(rf"\b(?:(\d{{1,2}}) )?({MONTH}) (\d{{4}})\b")
ISO_RE = re.compile(r"\b(\d{4})-(\d{2})(?:-(\d{2}))?\b")
# A number standing on its own: not part of a name such as H20, GLM-5 or Qwen3.
NUMBER_RE = re.compile(r"(?<![\w.\-/])\d+(?:[.,]\d+)*(?![\w\-])")
YEAR_RE = re.compile(r"^(19|20)\d\d$")
# Amounts and shares written in words or symbols are figures too, and must come from records.
UNIT_RE = re.compile(r"%|\bper ?cent\b|\bpercent\b|\b[mb]illion\b|\bbn\b|\btrillion\b|[$¥€£]", re.IGNORECASE)


@pytest.fixture(scope="module")
def graph():
    """The real data, loaded, validated and linked."""
    return load_graph(ROOT / "data", ROOT)


def paragraphs(name: str) -> list[tuple[int, str]]:
    """(first line number, text) of each blank-line separated block of a page, front matter left out."""
    lines = (DOCS / name).read_text("utf-8").splitlines()
    start = lines.index("---", 1) + 1 if lines and lines[0] == "---" else 0
    blocks, current, first = [], [], start + 1
    for number, line in enumerate(lines[start:], start + 1):
        if line.strip():
            if not current:
                first = number
            current.append(line)
        elif current:
            blocks.append((first, "\n".join(current)))
            current = []
    if current:
        blocks.append((first, "\n".join(current)))
    return blocks


def prose(text: str) -> str:
    """The words a reader sees, without embeds, link targets, attribute lists, HTML tags or comments."""
    text = EMBED_RE.sub(" ", text)
    text = re.sub(r"<!--.*?-->", " ", text, flags=re.S)
    text = re.sub(r"\]\([^)]*\)", "]", text)
    text = re.sub(r"\{[^}]*\}", " ", text)
    return re.sub(r"<[^>]+>", " ", text)


def embeds(text: str) -> list[tuple[str, str]]:
    """(kind, id) of every embed in a text."""
    return EMBED_RE.findall(text)


def linked_entries(graph, text: str) -> list:
    """The records a text links through embeds; a figure embed links its record."""
    found = []
    for kind, ref in embeds(text):
        if kind == "fact":
            found.append(graph.get("events", ref.split("/")[0]))
        elif kind in PLURAL:
            found.append(graph.get(PLURAL[kind], ref))
    return found


def test_the_narrative_pages_exist_and_are_in_the_nav():
    nav = (ROOT / "mkdocs.yml").read_text("utf-8")
    for name in NARRATIVE:
        assert (DOCS / name).exists(), name
        assert f": {name}" in nav, f"{name} is not in the nav of mkdocs.yml"


@pytest.mark.parametrize("name", NARRATIVE)
def test_every_figure_in_the_narrative_comes_from_a_record(name):
    """Numbers and amounts are never typed into the prose: they come from `[[fact:...]]` embeds, so they cannot
    drift from the records. Years are allowed, and so is the day in a written date, which the next test checks."""
    typed = []
    for line_no, block in paragraphs(name):
        text = prose(block)
        dates = DATE_RE.sub(lambda m: " " + m.group(3) + " ", text)  # the day in "10 January 2026" is a date
        for match in NUMBER_RE.finditer(dates):
            if not YEAR_RE.match(match.group()):
                typed.append(f"docs/{name}:{line_no}: '{match.group()}' typed in the text")
        for match in UNIT_RE.finditer(text):
            typed.append(f"docs/{name}:{line_no}: amount '{match.group()}' typed in the text")
    assert typed == [], "figures must come from [[fact:record/figure]] embeds:\n" + "\n".join(typed)


def record_dates(entry) -> set[tuple[int, ...]]:
    """Every date a record gives, at the precision it gives it: its date fields and dates written in its text."""
    found: set[tuple[int, ...]] = set()

    def walk(value):
        if isinstance(value, dt.date):
            found.add((value.year, value.month, value.day))
        elif isinstance(value, str):
            for iso in ISO_RE.finditer(value):
                found.add(tuple(int(part) for part in iso.groups() if part))
            for match in DATE_RE.finditer(value):
                found.add(written_date(match))
        elif isinstance(value, dict):
            for item in value.values():
                walk(item)
        elif isinstance(value, (list, tuple)):
            for item in value:
                walk(item)

    walk(entry.record.model_dump())
    return found


def written_date(match: re.Match) -> tuple[int, ...]:
    """(year, month) or (year, month, day) of a date written '10 January 2026' or 'January 2026'."""
    day, month, year = match.groups()
    parts = (int(year), MONTHS.index(month) + 1)
    return parts + (int(day),) if day else parts


def known_dates(graph, block: str) -> set[tuple[int, ...]]:
    """The dates the records linked from a block give, also cut to month precision: 'December 2025' may speak
    of an event on 8 December 2025, but '8 December 2025' may not speak of one known only as December 2025."""
    dates = set().union(*(record_dates(entry) for entry in linked_entries(graph, block)))
    return dates | {date[:2] for date in dates}


@pytest.mark.parametrize("name", NARRATIVE)
def test_every_date_in_the_narrative_agrees_with_a_record_the_paragraph_links(name, graph):
    """A date in the prose must be one that a record linked from the same paragraph gives, at the same precision."""
    wrong = []
    for line_no, block in paragraphs(name):
        if UPDATED_RE.search(block):
            continue  # the date the page itself was brought up to date: tested on its own below
        known = known_dates(graph, block)
        for match in DATE_RE.finditer(prose(block)):
            if written_date(match) not in known:
                wrong.append(f"docs/{name}:{line_no}: '{match.group()}' is not a date of any record this "
                             "paragraph links")
    assert wrong == [], "\n".join(wrong)


UPDATED_RE = re.compile(r'<time class="updated" datetime="(\d{4}-\d{2}-\d{2})">([^<]+)</time>')


def test_the_home_page_says_when_it_was_brought_up_to_date():
    found = UPDATED_RE.findall((DOCS / "index.md").read_text("utf-8"))
    assert len(found) == 1, "docs/index.md needs one <time class=\"updated\" datetime=\"YYYY-MM-DD\">"
    when = dt.date.fromisoformat(found[0][0])
    assert found[0][1] == formatting.date_text(when) and when <= dt.date.today()


def test_the_date_check_catches_a_wrong_date(graph):
    block = "On 11 January 2026 the [[event:agi-next-2026]] opened."
    known = known_dates(graph, block)
    assert written_date(DATE_RE.search(block)) not in known
    assert written_date(DATE_RE.search("On 10 January 2026")) in known
    assert written_date(DATE_RE.search("In January 2026")) in known
    assert written_date(DATE_RE.search("In February 2026")) not in known
    assert known_dates(graph, "In April 2025 something happened.") == set()


@pytest.mark.parametrize("name", NARRATIVE)
def test_every_embed_in_the_narrative_names_an_existing_record_or_figure(name, graph):
    missing = []
    for line_no, block in paragraphs(name):
        for kind, ref in embeds(block):
            if kind == "contents":
                continue  # the page's own list of sections, not a record
            if kind == "fact":
                record_id, _, figure_id = ref.partition("/")
                entry = graph.entries.get("events", {}).get(record_id)
                if entry is None or figure_id not in {f.id for f in entry.record.figures}:
                    missing.append(f"docs/{name}:{line_no}: [[fact:{ref}]]")
            elif kind not in PLURAL or ref not in graph.entries.get(PLURAL[kind], {}):
                missing.append(f"docs/{name}:{line_no}: [[{kind}:{ref}]]")
    assert missing == [], "embeds of records that do not exist:\n" + "\n".join(missing)


def test_the_explainer_links_the_story_s_records(graph):
    """The explainer covers the story: the summit, the two voices, the momentum and the obstacles."""
    text = (DOCS / "index.md").read_text("utf-8")
    linked = set(embeds(text))
    expected = {("event", "agi-next-2026"), ("quote", "lin-below-20"), ("quote", "tang-gap-widening"),
                ("person", "li-guangmi"), ("model", "deepseek-r1"), ("event", "qwen-passes-llama"),
                ("event", "airbnb-picks-qwen"), ("event", "zhipu-ipo"), ("event", "minimax-ipo"),
                ("event", "meta-acquires-manus"), ("event", "h200-sales-allowed-2025-12"),
                ("event", "ai-index-2025"), ("chart", "us-chip-controls-timeline"), ("chart", "ai-investment-2024"),
                ("chart", "hk-ai-ipos-2026"), ("chart", "open-model-downloads"),
                # December 2026: every thread to its latest outcome, and the evidence on the question itself
                ("event", "lin-junyang-leaves-qwen"), ("event", "ai-index-2026"),
                ("event", "caisi-deepseek-v4-evaluation"), ("event", "manus-deal-blocked"),
                ("event", "meta-unwinds-manus"), ("event", "nvidia-outlook-excludes-china-2026-05"),
                ("chart", "us-china-model-gap"), ("chart", "months-behind-estimates"), ("chart", "ai-compute-share"),
                ("chart", "private-ai-investment"), ("chart", "open-model-token-share")}
    assert expected - linked == set()


def test_every_company_and_person_the_explainer_names_is_linked(graph):
    """A name in the prose without a link to its record leaves the reader no way to check it."""
    text = (DOCS / "index.md").read_text("utf-8")
    linked = {(PLURAL.get(kind), ref) for kind, ref in embeds(text)}
    plain = prose(text)
    unlinked = [entry.record.name for kind in ("companies", "people") for entry in graph.all(kind)
                if re.search(rf"\b{re.escape(entry.record.name)}\b", plain) and (kind, entry.id) not in linked]
    assert unlinked == []


def glossary_anchors() -> set[str]:
    """The ids of the glossary's entries."""
    return set(re.findall(r"\{ #([a-z0-9-]+) \}", (DOCS / "glossary.md").read_text("utf-8")))


def test_every_glossary_term_is_linked_from_the_explainer():
    text = (DOCS / "index.md").read_text("utf-8")
    linked = set(re.findall(r"\]\(glossary\.md#([a-z0-9-]+)\)", text))
    assert glossary_anchors(), "the glossary has no entries"
    assert linked - glossary_anchors() == set(), "links to glossary entries that do not exist"
    assert glossary_anchors() - linked == set(), "glossary entries the explainer never links"


def test_each_glossary_term_is_linked_only_at_its_first_use():
    text = (DOCS / "index.md").read_text("utf-8")
    anchors = re.findall(r"\]\(glossary\.md#([a-z0-9-]+)\)", text)
    assert len(anchors) == len(set(anchors)), "a glossary term is linked more than once"


def test_how_we_know_links_every_record_that_carries_a_dispute_of_the_story(graph):
    text = (DOCS / "how-we-know.md").read_text("utf-8")
    for kind, ref in [("event", "qwen-passes-llama"), ("event", "meta-acquires-manus"), ("company", "minimax")]:
        assert f"[[{kind}:{ref}]]" in text
        assert graph.get(PLURAL[kind], ref).record.disputes, f"{ref} should carry the dispute"


def test_quotes_in_the_narrative_are_verbatim_records_not_typed_text():
    """Quote cards come from records; the prose never retypes a speaker's words."""
    for name in NARRATIVE:
        for line_no, block in paragraphs(name):
            assert not re.search(r"^> ", block, re.M), f"docs/{name}:{line_no}: a blockquote typed in the page"


# ---------- Charts against records ----------

# Every number in the charts the explainer shows, and the record figure it must agree with:
# (chart, row label, column, event/figure, what one unit of the column is worth).
CHART_FIGURES = [
    ("ai-investment-2024", "United States", "investment_usd_bn", "ai-index-2025/us-private-investment-usd", 1e9),
    ("ai-investment-2024", "China", "investment_usd_bn", "ai-index-2025/china-private-investment-usd", 1e9),
    ("ai-investment-2024", "United Kingdom", "investment_usd_bn", "ai-index-2025/uk-private-investment-usd", 1e9),
    ("notable-models-2024", "United States", "models", "ai-index-2025/us-notable-models", 1),
    ("notable-models-2024", "China", "models", "ai-index-2025/china-notable-models", 1),
    ("notable-models-2024", "Europe", "models", "ai-index-2025/europe-notable-models", 1),
    ("hk-ai-ipos-2026", "Zhipu", "raised_hkd_bn", "zhipu-ipo/raised-hkd", 1e9),
    ("hk-ai-ipos-2026", "MiniMax", "raised_hkd_bn", "minimax-ipo/raised-hkd", 1e9),
    ("hk-ai-ipos-2026", "Zhipu", "raised_usd_m", "zhipu-ipo/raised-usd", 1e6),
    ("hk-ai-ipos-2026", "MiniMax", "raised_usd_m", "minimax-ipo/raised-usd", 1e6),
    ("hk-ai-ipos-2026", "Zhipu", "first_day_close_pct", "zhipu-ipo/first-day-close-change", 1),
    ("hk-ai-ipos-2026", "MiniMax", "first_day_close_pct", "minimax-ipo/first-day-close-change", 1),
    ("open-model-downloads", "China", "share_pct", "open-model-downloads-study-2025/china-share", 1),
    ("open-model-downloads", "United States", "share_pct", "open-model-downloads-study-2025/us-share", 1),
    ("open-model-downloads", "China", "atom_downloads_bn", "atom-report-2026/china-downloads", 1e9),
    ("open-model-downloads", "United States", "atom_downloads_bn", "atom-report-2026/us-downloads", 1e9),
]
SCALE = {"thousand": 1e3, "million": 1e6, "billion": 1e9}


def chart_rows(graph, chart_id: str) -> list[dict]:
    """A chart's rows as the generator read them (inline or from its CSV)."""
    return graph.get("charts", chart_id).record._table.rows


def figure_of(graph, ref: str):
    """The Figure an 'event/figure' reference names."""
    event_id, figure_id = ref.split("/")
    return {f.id: f for f in graph.get("events", event_id).record.figures}[figure_id]


def decimals(value) -> int:
    """Decimal places a number is written with: 4.35 -> 2, 558 -> 0."""
    text = repr(float(value)).rstrip("0").rstrip(".")
    return len(text.split(".")[1]) if "." in text else 0


@pytest.mark.parametrize("chart_id, label, column, ref, unit", CHART_FIGURES)
def test_chart_values_agree_with_the_record_figures(graph, chart_id, label, column, ref, unit):
    """A chart value equals its record's figure, rounded to the decimals the chart gives."""
    x = graph.get("charts", chart_id).record.encoding.x
    [row] = [row for row in chart_rows(graph, chart_id) if row[x] == label]
    figure = figure_of(graph, ref)
    in_chart_units = figure.value * SCALE.get(figure.unit, 1) / unit
    assert round(in_chart_units, decimals(row[column])) == pytest.approx(row[column]), \
        f"{chart_id} {label} {column} = {row[column]}, but {ref} = {figure.value} {figure.unit}"


def test_every_number_in_the_explainer_s_bar_charts_is_checked_against_a_record(graph):
    shown = {ref for kind, ref in embeds((DOCS / "index.md").read_text("utf-8")) if kind == "chart"}
    checked = {(chart, label, column) for chart, label, column, _, _ in CHART_FIGURES}
    unchecked = []
    for chart_id in shown:
        chart = graph.get("charts", chart_id).record
        if chart.type == "timeline":
            continue  # dates, checked against the events and models below
        if "source" in chart._table.columns:
            continue  # each row names its source, and check finds every value in that source's excerpt
        for row in chart._table.rows:
            for column in chart.encoding.y:
                if (chart_id, row[chart.encoding.x], column) not in checked:
                    unchecked.append(f"{chart_id}: {row[chart.encoding.x]} / {column}")
    assert unchecked == [], "chart values with no record to check them against:\n" + "\n".join(unchecked)


def test_timeline_rows_are_dated_as_the_events_the_chart_lists(graph):
    """Each row of an event timeline has the date (and end) of one of the events the chart names, and each of
    those events has a row: the chart and the event pages cannot disagree on when something happened."""
    checked = 0
    for entry in graph.all("charts"):
        chart = entry.record
        if chart.type != "timeline" or "model" in chart._table.columns:
            continue
        events = [graph.get("events", ref).record for ref in chart.events]
        spans = {(str(e.date or e.start), str(e.end) if e.end else None) for e in events}
        rows = {(str(row[chart.encoding.x]), str(row[chart.encoding.end]) if chart.encoding.end
                 and row.get(chart.encoding.end) else None) for row in chart._table.rows}
        assert rows == spans, f"{entry.id}: rows {sorted(rows - spans)} have no event; events {sorted(spans - rows)} no row"
        checked += len(rows)
    assert checked > 0


def test_model_release_dates_in_charts_agree_with_the_model_records(graph):
    models = graph.all("models")
    checked = 0
    for entry in graph.all("charts"):
        chart = entry.record
        if chart.type != "timeline" or "model" not in chart._table.columns:
            continue
        for row in chart._table.rows:
            # 'Llama 4' stands for both Llama 4 models, released together.
            matches = [m for m in models if m.record.name == row["model"] or m.record.name.startswith(row["model"] + " ")]
            assert matches, f"{entry.id}: no model record for {row['model']}"
            for match in matches:
                assert str(row[chart.encoding.x]) == str(match.record.released), f"{entry.id}: {row['model']}"
            checked += 1
    assert checked > 0


def test_every_kind_of_event_has_a_label():
    """Event pages print the kind by its label: a kind added to the model needs one (e.g. 'report')."""
    from typing import get_args

    from generator.pages.formatting import EVENT_KINDS
    from generator.facts.model import EventKind

    assert set(get_args(EventKind)) <= set(EVENT_KINDS)


def test_every_paragraph_of_the_explainer_s_sections_links_its_records():
    """After the front (headline, figures, voices, chart), each paragraph and list item says where it comes from."""
    sections = (DOCS / "index.md").read_text("utf-8").split("[[contents:below]]", 1)[1]
    unlinked = []
    for block in sections.split("\n\n"):
        for item in re.split(r"\n(?=- )", block.strip()):
            if item and not item.startswith("#") and not EMBED_RE.search(item) and "](" not in item:
                unlinked.append(item[:70])
    assert unlinked == [], "paragraphs with no link to a record:\n" + "\n".join(unlinked)


def watch_items() -> list[tuple[int, str]]:
    """(line, text) of each item of the front page's "What to watch" list."""
    lines = (DOCS / "index.md").read_text("utf-8").splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("## What to watch"))
    end = next((i for i in range(start + 1, len(lines)) if lines[i].startswith("## ")), len(lines))
    return [(i + 1, lines[i]) for i in range(start, end) if lines[i].startswith("- ")]


def test_what_to_watch_names_only_open_threads(graph):
    """An item to watch links the latest event of its thread, and none that a later event already settled
    (`outcome:`); it says what is still to happen, so it must not link a record dated in the past alone."""
    items = watch_items()
    assert len(items) >= 4
    settled = []
    for line_no, item in items:
        events = [entry for entry in linked_entries(graph, item) if entry.kind == "events"]
        assert events, f"docs/index.md:{line_no}: a watch item links the event it follows up"
        settled += [f"docs/index.md:{line_no}: {e.id} was settled by {e.record.outcome}" for e in events
                    if e.record.outcome]
    assert settled == [], "\n".join(settled)


def test_the_watch_check_catches_a_settled_thread(graph):
    settled = next(entry for entry in graph.all("events") if entry.record.outcome)
    item = f"- **Old news.** What comes of [[event:{settled.id}]]."
    assert any(entry.record.outcome for entry in linked_entries(graph, item))


def test_front_page_key_figures_are_record_figures():
    front = (DOCS / "index.md").read_text("utf-8").split("[[contents:below]]")[0]
    values = re.findall(r'<p class="key-figure__value" markdown>(.*?)</p>', front)
    assert len(values) == 3 and all(re.fullmatch(r"\[\[fact:[a-z0-9-]+/[a-z0-9-]+\]\]", v) for v in values), values


def test_how_we_know_points_corrections_at_the_project_s_issue_form():
    text = (DOCS / "how-we-know.md").read_text("utf-8")
    repo = re.search(r"^repo_url: (\S+)$", (ROOT / "mkdocs.yml").read_text("utf-8"), re.M).group(1).rstrip("/")
    [form] = re.findall(r"\]\((https://[^)]+/issues/new\?template=([\w.-]+))\)", text)
    assert form[0].startswith(repo + "/issues/new"), f"{form[0]} is not an issue form of {repo}"
    assert (ROOT / ".github" / "ISSUE_TEMPLATE" / form[1]).is_file()
