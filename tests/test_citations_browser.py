"""Citation numbers in Chromium: each opens its source's excerpt on hover, keyboard focus and touch, in both palettes,
and an excerpt full of markup stays text there as in the static Sources list."""
from __future__ import annotations

from pathlib import Path

import pytest

from generator.facts.pipeline import load_graph
from tests.conftest import open_page
from tests.sites import build, make_project

ROOT = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.browser
CITE = 'sup.cite a[href*="#source-"]'
PAYLOAD = '<script>window.pwned=1</script><img src=x onerror="window.pwned=1"> x](javascript:window.pwned=1)'


@pytest.fixture(scope="module")
def event_with_excerpt():
    """A real event whose first cited source has an excerpt: the page a reader checks a figure on."""
    graph = load_graph(ROOT / "data", ROOT)
    for entry in graph.all("events"):
        if entry.record.figures and entry.record.sources[0].excerpt:
            return entry
    pytest.fail("no event with figures and an excerpt")


def popover_text(page) -> str:
    """What the open popover says ('' when none is open)."""
    box = page.locator(".cite-pop")
    return box.inner_text() if box.count() and box.is_visible() else ""


def first_excerpt_words(entry) -> str:
    return " ".join(entry.record.sources[0].excerpt.split()[:4])


@pytest.mark.parametrize("scheme", ["default", "slate"])
def test_hover_opens_the_excerpt_and_moving_away_closes_it(browser, site_url, event_with_excerpt, scheme):
    context, bp = open_page(browser, site_url, color_scheme="dark" if scheme == "slate" else "light")
    bp.goto(f"events/{event_with_excerpt.id}/")
    page = bp.page
    assert page.evaluate("document.body.getAttribute('data-md-color-scheme')") == scheme
    page.locator(CITE).first.hover()
    page.wait_for_selector(".cite-pop:not([hidden])")
    text = popover_text(page)
    assert first_excerpt_words(event_with_excerpt) in " ".join(text.split())
    assert event_with_excerpt.record.sources[0].publisher in text
    colours = page.evaluate("""() => { const s = getComputedStyle(document.querySelector('.cite-pop'));
                                        return [s.color, s.backgroundColor]; }""")
    assert colours[0] != colours[1]
    page.mouse.move(5, 5)
    page.wait_for_selector(".cite-pop", state="detached")
    assert bp.watch.problems == []
    context.close()


def test_keyboard_focus_opens_it_and_escape_closes_it(browser_page, event_with_excerpt):
    browser_page.goto(f"events/{event_with_excerpt.id}/")
    page = browser_page.page
    link = page.locator(CITE).first
    link.focus()
    page.wait_for_selector(".cite-pop:not([hidden])")
    assert link.get_attribute("aria-describedby") == "cite-pop"
    assert first_excerpt_words(event_with_excerpt) in " ".join(popover_text(page).split())
    page.keyboard.press("Escape")
    page.wait_for_selector(".cite-pop", state="detached")
    assert page.evaluate("document.activeElement.matches('sup.cite a')"), "focus stays on the number"
    page.keyboard.press("Tab")
    assert popover_text(page) == "" or page.evaluate("document.activeElement.closest('.cite-pop') === null")


def test_a_tap_opens_it_a_second_tap_follows_the_link(browser, site_url, event_with_excerpt):
    context, bp = open_page(browser, site_url, has_touch=True, is_mobile=True, viewport={"width": 360, "height": 740})
    bp.goto(f"events/{event_with_excerpt.id}/")
    page = bp.page
    link = page.locator(CITE).first
    link.tap()
    page.wait_for_selector(".cite-pop:not([hidden])")
    box = page.locator(".cite-pop").bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 360, "the popover fits a phone screen"
    assert page.evaluate("location.hash") == "", "the first tap only opens the popover"
    link.tap()
    page.wait_for_function("location.hash.startsWith('#source-')")
    context.close()


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory, serve):
    """A scratch site whose event cites a source with markup and a javascript: link in its excerpt."""
    project = make_project(tmp_path_factory.mktemp("hostile-excerpt"))
    event = project / "data" / "events" / "alpha-ipo.yml"
    text = event.read_text("utf-8")
    line = next(line for line in text.splitlines() if line.startswith("    excerpt: Alpha offered"))
    words = line.removeprefix("    excerpt: ")
    event.write_text(text.replace(line, f"    excerpt: {_yaml_quoted(PAYLOAD + ' ' + words)}", 1), "utf-8")
    out = project / "site"
    done = build(project, out)
    assert done.returncode == 0, done.stdout + done.stderr
    return serve(out)


def _yaml_quoted(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def test_markup_in_an_excerpt_stays_text_in_the_list_and_the_popover(browser, hostile_site):
    context, bp = open_page(browser, hostile_site)
    bp.goto("events/alpha-ipo/")
    page = bp.page
    listed = page.locator("#source-1 q.excerpt")
    assert "<script>" in listed.inner_text() and listed.locator("script, img, a").count() == 0
    page.locator(CITE).first.hover()
    page.wait_for_selector(".cite-pop:not([hidden])")
    box = page.locator(".cite-pop")
    assert "onerror" in box.inner_text()
    assert box.locator("q.excerpt script, q.excerpt img, q.excerpt a").count() == 0
    page.wait_for_timeout(200)
    assert page.evaluate("window.pwned === undefined")
    assert [p for p in bp.watch.problems if "/x" not in p] == []
    context.close()
