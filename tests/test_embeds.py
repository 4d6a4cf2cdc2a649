"""`[[kind:id]]` embeds: what each kind becomes, where they are left alone, and located errors for bad ids."""
from __future__ import annotations

import textwrap

import pytest

from generator.facts.pipeline import load_graph
from generator.facts.problems import DataError
from generator.pages import embeds
from generator.pages.escaping import Markdown
from generator.pages.render import Renderer
from tests.sites import FIXTURES


@pytest.fixture(scope="module")
def renderer() -> Renderer:
    """A renderer over the scratch data."""
    return Renderer(load_graph(FIXTURES / "data", FIXTURES))


def expand(renderer, markdown: str, path: str = "index.md") -> str:
    return embeds.expand(textwrap.dedent(markdown), renderer, path, "docs/" + path)


def problems(renderer, markdown: str, first_line: int = 1) -> list[str]:
    return [p.as_text() for p in embeds.check(textwrap.dedent(markdown), renderer, "index.md", "docs/index.md",
                                              first_line)]


def test_inline_record_embeds_become_links_relative_to_the_page(renderer):
    out = expand(renderer, "See [[company:alpha-lab]] and [[person:ada-chen]].", "notes/deep.md")
    assert out == 'See <a href="../../companies/alpha-lab/">Alpha Lab</a> and <a href="../../people/ada-chen/">Ada Chen</a>.'


def test_inline_quote_embed_links_with_the_quote(renderer):
    assert expand(renderer, "[[quote:ada-gap]] she said.").startswith(
        '<a href="quotes/ada-gap/">“The gap is real, and we should say so plainly.”</a> she said.')


def test_block_quote_embed_is_a_card_and_the_page_gets_its_sources(renderer):
    out = expand(renderer, "Intro.\n\n[[quote:ada-gap]]\n\nEnd.\n")
    assert '<figure class="quote-card">\n<blockquote>\n<p>The gap is real, and we should say so plainly.' in out
    assert '<a href="people/ada-chen/">Ada Chen</a>, Chief executive, <a href="companies/alpha-lab/">Alpha Lab</a>' in out
    assert out.index("End.") < out.index("## Sources")
    assert '<li id="source-1"><span class="source-ref">Example News, “<a href="https://' in out


def test_fact_embed_is_the_formatted_value_with_its_own_source(renderer):
    out = expand(renderer, "It raised [[fact:alpha-ipo/raised-usd]]; shares rose [[fact:alpha-ipo/first-day-change]].")
    assert out.startswith('It raised <span class="fact">about US$558 million</span><sup class="cite">'
                          '<a href="#source-1">&#91;1&#93;</a></sup>; shares rose <span class="fact">13.17%</span>'
                          '<sup class="cite"><a href="#source-2">&#91;2&#93;</a></sup>.')
    assert "https://news.example.org/alpha-ipo-usd" in out  # the figure's own source
    assert "https://filings.example.com/alpha-allotment" in out  # the event's, for a figure without its own


def test_block_embed_inside_an_admonition_keeps_its_indentation(renderer):
    out = expand(renderer, '!!! note "Said on stage"\n    [[quote:bo-odds]]\n')
    body = out.split("\n## Sources")[0].splitlines()[1:]
    assert body and all(line.startswith("    ") or not line for line in body)


def test_embeds_in_code_and_escaped_ones_are_left_alone(renderer):
    source = "Write `[[company:nope]]`.\n\n```\n[[company:nope]]\n```\n\n\\[[company:nope]]\n"
    assert expand(renderer, source) == source
    assert problems(renderer, source) == []


def test_a_page_without_embeds_is_returned_as_it_is(renderer):
    text = "# Title\n\nNo embeds [here](x.md).\n"
    assert expand(renderer, text) is not None and expand(renderer, text) == text


def test_unknown_ids_and_kinds_are_located_with_suggestions(renderer):
    found = problems(renderer, """\
        # Page

        [[company:alpha-lap]] and [[compnay:alpha-lab]].

        [[quote:ada-gapp]]
        [[fact:alpha-ipo/raised]] [[fact:alpha-ipo]]
        """, first_line=5)
    assert found == [
        "docs/index.md:7:1: error: [[company:alpha-lap]]: company 'alpha-lap' not found (did you mean 'alpha-lab'?)",
        "docs/index.md:7:27: error: [[compnay:alpha-lab]]: unknown embed kind 'compnay' (did you mean 'company'?); "
        "known kinds: " + ", ".join(sorted(embeds.REGISTRY)),
        "docs/index.md:9:1: error: [[quote:ada-gapp]]: quote 'ada-gapp' not found (did you mean 'ada-gap'?)",
        "docs/index.md:10:1: error: [[fact:alpha-ipo/raised]]: event 'alpha-ipo' has no figure 'raised' "
        "(did you mean 'raised-usd'?)",
        "docs/index.md:10:27: error: [[fact:alpha-ipo]]: event 'alpha-ipo' has no figure ''; write "
        "[[fact:<event>/<figure>]]",
    ]


def test_expand_raises_with_every_problem(renderer):
    with pytest.raises(DataError) as error:
        expand(renderer, "[[company:x]] [[person:y]]")
    assert len(error.value.problems) == 2


def test_front_matter_lines_count_in_locations():
    source = "---\ntitle: A\ndescription: B\n---\n\n# A\n\n[[company:zzz]]\n"
    front, body, first = embeds.split_front_matter(source)
    assert front.count("\n") == 5 and body.startswith("# A") and first == 6
    assert embeds.body_first_line(source, body) == 6
    assert embeds.split_front_matter("# No front matter\n") == ("", "# No front matter\n", 1)


def test_a_registered_kind_is_called_with_the_ref_and_the_page(renderer):
    calls = []

    def chart(ref: embeds.Ref, page) -> str:
        calls.append((ref, page.path))
        if ref.id != "known":
            raise embeds.EmbedError(f"chart '{ref.id}' not found")
        return Markdown('<div class="chart"></div>') if ref.block else Markdown("a chart")

    embeds.register("testchart", chart)
    try:
        out = expand(renderer, "[[testchart:known]]\n\nInline [[testchart:known]].\n", "a/b.md")
        bad = problems(renderer, "[[testchart:other]]")
    finally:
        del embeds.REGISTRY["testchart"]
    assert out == '<div class="chart"></div>\n\nInline a chart.\n'
    assert calls[:2] == [(embeds.Ref("testchart", "known", True), "a/b.md"),
                         (embeds.Ref("testchart", "known", False), "a/b.md")]
    assert bad == ["docs/index.md:1:1: error: [[testchart:other]]: chart 'other' not found"]


def test_data_text_cannot_smuggle_an_embed(renderer):
    """Text from YAML is escaped before embeds run, so '[[...]]' inside a quote stays text."""
    from generator.pages.escaping import text

    assert embeds.expand(text("[[company:alpha-lab]]"), renderer, "index.md") == "&#91;&#91;company:alpha-lab&#93;&#93;"


def test_contents_embed_lists_the_sections_after_it_as_links_to_their_ids(renderer):
    out = expand(renderer, """\
        ## Before { #before }

        [[contents:below]]

        ## The <gap> & the chips { #gap }

        ### Not listed { #deeper }

        ## Money { #money .wide }
        """)
    nav = next(line for line in out.splitlines() if line.startswith("<nav"))
    assert '<a href="#gap">The &lt;gap&gt; &amp; the chips</a>' in nav and '<a href="#money">Money</a>' in nav
    assert "#before" not in nav and "#deeper" not in nav
    # Raw HTML, so its own heading stays out of the table of contents.
    assert '<h2 class="home-contents__title" id="home-contents-title">' in nav


def test_contents_embed_needs_ids_on_the_headings_it_lists(renderer):
    assert problems(renderer, "[[contents:below]]\n\n## Untagged\n", first_line=5) == [
        "docs/index.md:5:1: error: [[contents:below]]: heading 'Untagged' after it needs an id, as in "
        "'## Untagged { #its-id }'"]
    assert "on a line of its own" in problems(renderer, "Inline [[contents:below]] here.")[0]
