"""Every figure and quote in its source's own words: numbers read as people write them, and `check` errors that
name the figure, its value and what the excerpts do state."""
from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.facts.model import Figure
from generator.facts.numbers import figure_quantity, read_numbers
from generator.pages.formatting import CURRENCY_SIGNS, figure_text
from tests.test_check import PERSON, run_check

# (written, value in base units, kind, currency)
READINGS = [
    ("US$558 million", 558e6, "amount", "USD"),
    ("558m", 558e6, "amount", None),
    ("0.56bn", 0.56e9, "amount", None),
    ("HK$4.35 billion", 4.35e9, "amount", "HKD"),
    ("HK$4,348.1 million", 4348.1e6, "amount", "HKD"),
    ("US$619mil", 619e6, "amount", "USD"),
    ("4.35 billion Hong Kong dollars", 4.35e9, "amount", "HKD"),
    ("$285.9B", 285.9e9, "amount", "$"),
    ("RMB 160 billion", 160e9, "amount", "CNY"),
    ("13.17%", 13.17, "percent", None),
    ("13 per cent", 13, "percent", None),
    ("1.7 percentage points", 1.7, "percent", None),
    ("1,837 times", 1837, "times", None),
    ("1,837x", 1837, "times", None),
    ("15.28倍", 15.28, "times", None),
    ("43.5亿", 4.35e9, "amount", None),
    ("5.58亿美元", 5.58e8, "amount", "USD"),
    ("2万", 2e4, "amount", None),
    ("3741.95万股", 3741.95e4, "amount", None),
    ("41.734亿港元", 41.734e8, "amount", "HKD"),
    ("1.2万亿", 1.2e12, "amount", None),
    ("３７４１９５００", 37419500, "amount", None),
    ("37,419,500 H shares", 37419500, "amount", None),
]


@pytest.mark.parametrize("written, value, kind, currency", READINGS, ids=[r[0] for r in READINGS])
def test_numbers_are_read_as_people_write_them(written, value, kind, currency):
    found = read_numbers(written)
    assert len(found) == 1, found
    assert found[0].value == pytest.approx(value, rel=1e-12)
    assert (found[0].kind, found[0].currency) == (kind, currency)


def test_numbers_listed_together_share_the_unit_after_the_last():
    found = read_numbers("gaps were 17.5, 13.5, 24.3, and 31.6 percentage points; 0.3 and 8.1 percentage points")
    assert [(q.value, q.kind) for q in found] == [(17.5, "percent"), (13.5, "percent"), (24.3, "percent"),
                                                 (31.6, "percent"), (0.3, "percent"), (8.1, "percent")]
    assert [q.value for q in read_numbers("US$1.2, 3.4 and 5 billion")] == [1.2e9, 3.4e9, 5e9]
    assert [q.kind for q in read_numbers("in 2024, 15 models and 40%")] == ["amount", "amount", "percent"]


@pytest.mark.parametrize("words", ["558 metres", "H20 chips in 2026", "GPT-4"])
def test_a_letter_after_a_number_is_a_scale_only_when_the_word_ends(words):
    assert all(q.value < 1e4 for q in read_numbers(words))


# (figure value, unit, currency, approximate, excerpt, matches)
MATCHES = [
    (558, "million", "USD", True, "raised US$558 million", True),
    (558, "million", "USD", True, "about US$0.56 billion", True),
    (558, "million", "USD", False, "about US$0.56 billion", False),
    (558, "million", "USD", True, "HK$558 million", False),
    (4348.1, "million", "HKD", False, "HK$4.3481 billion", True),
    (4348.1, "million", "HKD", False, "HK$4.35 billion", False),
    (13.17, "percent", None, False, "closed 13.17 per cent higher", True),
    (13.17, "percent", None, False, "13.17 times", False),
    (1159.46, "times", None, False, "超额认购1159.46倍", True),
    (15.8, "percent", None, False, "15.8 million downloads", False),
    (-17, "percent", None, False, "shares fell 17%", True),
]


@pytest.mark.parametrize("value, unit, currency, approximate, excerpt, matches", MATCHES)
def test_a_figure_matches_a_stated_number_in_its_unit_and_currency(value, unit, currency, approximate, excerpt,
                                                                 matches):
    wanted = figure_quantity(value, unit, currency)
    assert any(wanted.matches(q, approximate) for q in read_numbers(excerpt)) is matches


UNITS = st.sampled_from(["million", "billion", "percent", "times", "shares", "thousand", "per share"])


@settings(max_examples=300, deadline=None)
@given(value=st.decimals(min_value=0, max_value=10**9, places=2, allow_nan=False, allow_infinity=False),
       unit=UNITS, currency=st.sampled_from([None, *CURRENCY_SIGNS]), approximate=st.booleans())
def test_a_figure_printed_by_the_site_reads_back_to_the_same_value(value, unit, currency, approximate):
    figure = Figure(id="f", label="F", value=float(value), unit=unit, currency=currency, approximate=approximate)
    printed = figure_text(figure)
    wanted = figure_quantity(figure.value, unit, currency)
    assert any(wanted.matches(q) for q in read_numbers(printed)), printed


EVENT = """\
title: Alpha lists
date: 2026-01-08
kind: ipo
summary: Alpha listed.
figures:
  - id: raised
    label: Money raised
    value: 558
    unit: million
    currency: USD
  - id: price
    label: Offer price
    value: 116.2
    unit: per share
    currency: HKD
  - id: close
    label: First-day close
    value: 131.5
    unit: per share
    currency: HKD
  - id: change
    label: First-day change
    value: 13.17
    unit: percent
    derived:
      formula: percent-change
      of: [close, price]
sources:
  - url: https://example.org/ipo
    publisher: Example Wire
    title: Alpha raises US$558 million
    accessed: 2026-11-28
    excerpt: Alpha raised US$558 million at HK$116.20 a share and closed at HK$131.50 on its first day.
checked: 2026-11-29
"""


def test_the_planted_event_passes(tmp_path, monkeypatch, capsys):
    assert run_check(tmp_path, monkeypatch, capsys, {"events/e.yml": EVENT}) == (0, [])


def test_a_figure_no_excerpt_states_is_located_and_named(tmp_path, monkeypatch, capsys):
    status, lines = run_check(tmp_path, monkeypatch, capsys, {"events/e.yml": EVENT.replace("value: 558", "value: 588")})
    assert status == 1
    assert lines == ["data/events/e.yml:8:12: error: figure 'raised' (588 million USD) is stated in no excerpt of "
                     "the record's sources; they state: US$558 million, HK$116.20, HK$131.50. Quote the sentence "
                     "that states it, mark it 'approximate: true' if the source rounds it, or give 'derived' if it "
                     "is computed"]


def test_a_figure_source_without_an_excerpt_is_an_error(tmp_path, monkeypatch, capsys):
    own = ("    currency: USD\n    sources:\n      - url: https://example.org/b\n        publisher: B\n"
           "        title: T\n        accessed: 2026-11-28\n  - id: price")
    event = EVENT.replace("    currency: USD\n  - id: price", own, 1)
    status, lines = run_check(tmp_path, monkeypatch, capsys, {"events/e.yml": event})
    assert (status, lines) == (1, ["data/events/e.yml:12:9: error: source of figure 'raised' has no excerpt: copy "
                                   "the sentence that states the figure into 'excerpt', verbatim"])


def test_a_derived_figure_is_recomputed(tmp_path, monkeypatch, capsys):
    status, lines = run_check(tmp_path, monkeypatch, capsys,
                              {"events/e.yml": EVENT.replace("value: 13.17", "value: 13.71")})
    assert (status, lines) == (1, ["data/events/e.yml:23:12: error: derived figure 'change' is 13.71, but "
                                   "percent-change of close, price computes to 13.167"])


def test_a_derived_figure_names_figures_that_exist(tmp_path, monkeypatch, capsys):
    status, lines = run_check(tmp_path, monkeypatch, capsys,
                              {"events/e.yml": EVENT.replace("of: [close, price]", "of: [close, prise]")})
    assert (status, lines) == (1, ["data/events/e.yml:27:19: error: figure 'prise' not found: name a figure id of "
                                   "this record or '<event id>/<figure id>'"])


QUOTE = """\
person: p
text: Below 20 percent. And I think 20 percent is already very optimistic.
said_on: 2026-01-10
context: Asked about the odds.
language: zh
sources:
  - url: https://example.org/q
    publisher: Example News
    title: T
    accessed: 2026-11-28
    excerpt: '"Below 20 percent," said Lin. "And I think 20 percent is already very optimistic."'
checked: 2026-11-29
"""


def test_a_quote_must_be_printed_in_its_source(tmp_path, monkeypatch, capsys):
    files = {"people/p.yml": PERSON, "quotes/q.yml": QUOTE}
    assert run_check(tmp_path, monkeypatch, capsys, files)[1] == [], "quote marks and 'said Lin' between sentences"
    files["quotes/q.yml"] = QUOTE.replace("Below 20", "Below 30", 1)
    status, lines = run_check(tmp_path, monkeypatch, capsys, files)
    assert (status, lines) == (1, ["data/quotes/q.yml:2:7: error: quote text is in no excerpt of its sources: the "
                                   "words must be printed there verbatim (add the passage that prints them)"])


def test_a_record_without_an_excerpt_or_a_checked_date_is_an_error(tmp_path, monkeypatch, capsys):
    bare = PERSON.replace("    excerpt: The article states the record's claims.\n", "").replace(
        "checked: 2026-11-29\n", "")
    status, lines = run_check(tmp_path, monkeypatch, capsys, {"people/p.yml": bare})
    assert (status, lines) == (1, ["data/people/p.yml:1:1: error: missing required field 'checked': add 'checked: "
                                   "YYYY-MM-DD', the day you last verified the record against its sources"])
    status, lines = run_check(tmp_path, monkeypatch, capsys, {"people/p.yml": bare + "checked: 2026-11-29\n"})
    assert (status, lines) == (1, ["data/people/p.yml:5:3: error: no source carries an excerpt: copy the "
                                   "sentence(s) of a source that state this record's claims (dates, names, "
                                   "numbers) into its 'excerpt', verbatim"])


def test_stale_lists_a_back_dated_record_and_never_fails(tmp_path, monkeypatch, capsys):
    old = PERSON.replace("checked: 2026-11-29", "checked: 2020-01-31")
    files = {"people/old.yml": old, "people/new.yml": PERSON.replace("checked: 2026-11-29",
                                                                   f"checked: {dt.date.today().isoformat()}")}
    status, lines = run_check(tmp_path, monkeypatch, capsys, files, "--stale", "--strict")
    age = (dt.date.today() - dt.date(2020, 1, 31)).days
    assert status == 0
    assert lines == [f"data/people/old.yml:10:10: stale: last checked 2020-01-31, {age} days ago: re-read its "
                     "sources, fix what changed and set 'checked' to today"]



def test_stale_report_is_the_weekly_issue_body(tmp_path, monkeypatch, capsys):
    old = PERSON.replace("checked: 2026-11-29", "checked: 2020-01-31")
    report = tmp_path / "out" / "stale.md"
    run_check(tmp_path, monkeypatch, capsys, {"people/old.yml": old}, "--stale", "30", "--stale-report", str(report))
    body = report.read_text("utf-8")
    assert "1 records were last checked against their sources more than 30 days ago" in body
    assert "| `data/people/old.yml:10` | 2020-01-31 |" in body
    assert '"stale": 1' in report.with_suffix(".json").read_text("utf-8")


def test_a_figure_derived_from_another_event_cites_that_event_s_source(tmp_path, monkeypatch, capsys):
    from generator.facts.excerpts import backing_sources
    from generator.facts.pipeline import load_graph

    later = EVENT.replace("title: Alpha lists", "title: Alpha a year on").replace(
        "https://example.org/ipo", "https://example.org/later").replace(
        "of: [close, price]", "of: [e/close, e/price]")
    assert run_check(tmp_path, monkeypatch, capsys, {"events/e.yml": EVENT, "events/later.yml": later})[0] == 0
    graph = load_graph(tmp_path / "data", tmp_path)
    entry = graph.get("events", "later")
    change = next(figure for figure in entry.record.figures if figure.id == "change")
    assert {source.url for source in backing_sources(change, entry, graph)} == {"https://example.org/ipo"}
