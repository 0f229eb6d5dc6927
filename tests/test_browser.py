"""The review page in a real browser: headless Chromium (Debian's `chromium` package) driven by
playwright. Skipped when no Chromium is installed; required when SUMMARIZER_REQUIRE_BROWSER=1 (CI)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

import summarizer
from tests.briefings import IMAGE, SCRIPT, made_up_briefing

pytestmark = pytest.mark.browser

ROOT = Path(__file__).parent.parent
SEED_BRIEFING = ROOT / "briefing.json"  # README command 1 writes it (.ci/run does)
BROWSERS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")


def _unavailable(reason: str):
    if os.environ.get("SUMMARIZER_REQUIRE_BROWSER"):
        pytest.fail(f"{reason} (SUMMARIZER_REQUIRE_BROWSER is set)")
    pytest.skip(reason)


@pytest.fixture(scope="module")
def browser():
    executable = os.environ.get("SUMMARIZER_CHROMIUM") or next(filter(None, map(shutil.which, BROWSERS)), None)
    if not executable:
        _unavailable("no Chromium found: apt-get install chromium, or set SUMMARIZER_CHROMIUM")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("playwright is not installed: pip install -e '.[dev]'")
    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=executable)
        yield chromium
        chromium.close()


class Opened:
    """A page opened from a file, with everything it reported: console errors, dialogs, requests."""

    def __init__(self, browser, html: str, folder: Path):
        path = folder / "page.html"
        path.write_text(html, encoding="utf-8")
        self.errors: list[str] = []
        self.dialogs: list[str] = []
        self.requests: list[str] = []
        self.page = browser.new_page(viewport={"width": 1400, "height": 900})
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type in ("error", "warning") else None)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("dialog", lambda d: (self.dialogs.append(d.message), d.dismiss()))
        self.page.on("request", lambda r: self.requests.append(r.url))
        self.page.goto(path.as_uri())
        self.page.wait_for_load_state("load")

    def click_fact(self, key: str) -> None:
        self.page.click(f'#facts [data-show="{key}"]')

    def articles_showing(self) -> list[str]:
        """Ids of the articles with a highlighted quote scrolled into their box's view (a quote longer than
        the box: its start)."""
        return self.page.evaluate("""() => [...document.querySelectorAll('.article[id]')].filter(article => {
            const mark = article.querySelector('mark.active');
            if (!mark) return false;
            const box = (article.querySelector('.text') || article).getBoundingClientRect();
            const at = mark.getBoundingClientRect();
            return at.top >= box.top && (at.bottom <= box.bottom || at.height > box.height);  // a long one: its start
        }).map(article => article.id)""")


@pytest.fixture
def made_up(browser, tmp_path):
    briefing, texts = made_up_briefing()
    opened = Opened(browser, summarizer.review_page(briefing, texts=texts), tmp_path)
    yield briefing, opened
    opened.page.close()


def test_the_page_opens_with_no_console_errors_and_no_requests(made_up):
    _, opened = made_up
    opened.click_fact("killed")
    opened.click_fact("date")
    assert opened.errors == []
    assert [url for url in opened.requests if not url.startswith("file:")] == []


def test_clicking_the_killed_fact_highlights_and_scrolls_to_a_quote_in_each_article_that_reports_it(made_up):
    briefing, opened = made_up
    reporting = [f"article{n}" for n, a in enumerate(briefing.articles, 1) if a.id in briefing.coverage["killed"]]
    assert reporting == ["article1", "article2"]
    assert opened.articles_showing() == []
    opened.click_fact("killed")
    assert opened.articles_showing() == reporting  # article 2's quote is far down its text: scrolled to
    assert opened.page.get_attribute("#article3", "class") == "article miss"
    assert opened.page.inner_text("#selection").startswith("Killed: 3: quoted in [1]; another value in [2]")
    labels = opened.page.eval_on_selector_all(".tag.active", "tags => tags.map(t => t.textContent)")
    assert labels == ["Killed: 3", "Killed: 5"]
    against = opened.page.eval_on_selector_all("article mark.against", "marks => marks.map(m => m.closest('article').id)")
    assert set(against) == {"article2"}  # the article giving another toll is marked apart
    opened.click_fact("killed")  # a second click clears it
    assert opened.page.query_selector_all("mark.active") == []


def test_markup_in_an_article_is_shown_as_text_and_never_runs(made_up):
    _, opened = made_up
    opened.click_fact("site")
    text = opened.page.inner_text("#article3")
    assert SCRIPT in text and IMAGE in text
    assert opened.page.query_selector_all("img") == [] and len(opened.page.query_selector_all("script")) == 1
    assert opened.dialogs == [] and opened.errors == []


def test_a_screenshot_and_a_print_with_every_article_in_full(made_up, tmp_path):
    _, opened = made_up
    shot = tmp_path / "page.png"
    opened.page.screenshot(path=str(shot))
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and shot.stat().st_size > 20_000
    opened.page.emulate_media(media="print")
    assert opened.page.eval_on_selector_all(".text", "boxes => boxes.map(b => getComputedStyle(b).maxHeight)") \
        == ["none", "none", "none"]
    assert opened.page.pdf()[:4] == b"%PDF"


def test_the_seed_briefing_page(browser, tmp_path, monkeypatch):
    """The page of README command 1's briefing of the seeds, when it is there (CI writes it)."""
    if not SEED_BRIEFING.exists():
        _unavailable(f"{SEED_BRIEFING.name} not found: run README command 1 (summarizer brief seeds/ -o briefing.json)")
    briefing = summarizer.Briefing.load(SEED_BRIEFING)
    monkeypatch.chdir(ROOT)
    opened = Opened(browser, summarizer.review_page(briefing), tmp_path)
    assert opened.page.query_selector_all(".missing") == []
    opened.click_fact("killed")
    reporting = [f"article{n}" for n, a in enumerate(briefing.articles, 1) if a.id in briefing.coverage["killed"]]
    assert reporting and opened.articles_showing() == reporting
    assert opened.errors == [] and opened.dialogs == []
    for width, height in ((1440, 900), (390, 844)):  # every article in view; the page never scrolls sideways
        opened.page.set_viewport_size({"width": width, "height": height})
        opened.page.wait_for_timeout(50)
        rights = opened.page.eval_on_selector_all(".article[id]", "els => els.map(e => e.getBoundingClientRect().right)")
        assert len(rights) == len(briefing.articles) and max(rights) <= width
        assert opened.page.evaluate("() => document.documentElement.scrollWidth") <= width
    opened.page.set_viewport_size({"width": 1440, "height": 900})
    opened.click_fact("date")  # a fact low in the table: the five articles beside it, all of each in view
    boxes = opened.page.eval_on_selector_all(".article[id]", "els => els.map(e => e.getBoundingClientRect())"
                                                             ".map(r => [r.top, r.bottom])")
    assert all(top >= 0 and bottom <= 900 for top, bottom in boxes), boxes


def test_on_a_desktop_every_article_is_in_view_side_by_side_or_in_rows(made_up):
    _, opened = made_up
    opened.page.set_viewport_size({"width": 1440, "height": 900})
    opened.page.wait_for_timeout(50)
    boxes = opened.page.eval_on_selector_all(".article[id]", "els => els.map(e => e.getBoundingClientRect().right)")
    assert len(boxes) == 3 and max(boxes) <= 1440
    assert opened.page.evaluate("() => document.documentElement.scrollWidth") <= 1440


def test_on_a_phone_the_page_itself_never_scrolls_sideways(made_up):
    """At 390 px the articles stand one under another; the page, the facts table and the run record fit."""
    _, opened = made_up
    opened.page.set_viewport_size({"width": 390, "height": 844})
    opened.page.wait_for_timeout(50)
    assert opened.page.evaluate("() => document.documentElement.scrollWidth") <= 390
    facts = opened.page.eval_on_selector("table.facts", "t => t.getBoundingClientRect().right")
    assert facts <= 390


def test_triage_filters_contested_facts_one_article_and_words(made_up):
    _, opened = made_up
    page = opened.page
    page.check("#only-contested")
    visible = page.eval_on_selector_all("table.facts tbody tr", "rows => rows.filter(r => r.offsetParent).map(r => r.className)")
    assert visible == ["contested"]  # killed: 3 against 5
    page.select_option("#only-article", "article2")
    shown = page.eval_on_selector_all(".article[id]", "els => els.filter(e => e.offsetParent).map(e => e.id)")
    assert shown == ["article2"]
    page.select_option("#only-article", "")
    page.fill("#search", "ferry clerk")
    shown = page.eval_on_selector_all(".article[id]", "els => els.filter(e => e.offsetParent).map(e => e.id)")
    assert shown == ["article2"] and page.inner_text("#found") == "found in [2]"
    assert opened.errors == []


def test_corrections_made_on_the_page_are_exported_and_apply(made_up, tmp_path):
    briefing, opened = made_up
    page = opened.page
    killed = page.locator('details.correct[data-field="killed"]')
    killed.locator("summary").click()
    killed.locator(".c-value").fill("5")
    page.click("#export-corrections")
    assert page.inner_text("#c-status") == "say why for: killed"  # no correction without a reason
    killed.locator(".c-reason").fill("the health office's count")
    page.fill("#c-by", "Ana")
    with page.expect_download() as download:
        page.click("#export-corrections")
    exported = tmp_path / "corrections.json"
    download.value.save_as(exported)
    fixed = summarizer.apply_corrections(briefing, exported)
    assert fixed.event.killed.value == 5 and fixed.corrections[0].by == "Ana"
    assert opened.errors == []


def test_an_article_counts_as_quoting_a_value_only_where_its_quote_gives_that_value(browser, tmp_path):
    """A page date equal to the date shown agrees; an unresolved weekday is neither quoting nor against it."""
    from datetime import date

    from summarizer.schemas import DateBasis, DateClaim
    from tests.briefings import made_up_extractions

    one, two, three = made_up_extractions()
    two.event.date = two.event.date.model_copy(update={"basis": DateBasis.PAGE})  # the page's own date, the same day
    at = three.article.text.index("heard a blast")
    three.event.date = DateClaim(value=None, as_written="heard a blast", basis=DateBasis.UNRESOLVED,
                                 evidence=one.event.date.evidence.model_copy(update={
                                     "article_id": three.article.id, "quote": "heard a blast", "start": at,
                                     "end": at + len("heard a blast")}))
    briefing, texts = made_up_briefing([one, two, three])
    assert briefing.event.date.value == date(2033, 4, 1)
    opened = Opened(browser, summarizer.review_page(briefing, texts=texts), tmp_path)
    opened.click_fact("date")
    assert opened.page.inner_text("#selection").startswith(
        "Date: 2033-04-01: quoted in [1] [2]; other wording or no value in [3]")
    assert opened.page.query_selector_all('#article2 mark.differs[data-keys~="date"]') == []
    assert opened.errors == []


def test_the_timeline_lists_each_toll_and_each_contested_value_in_the_order_reported(browser, tmp_path):
    from datetime import date

    from tests.briefings import made_up_extractions

    one, two, three = made_up_extractions()
    one.article.published, two.article.published = date(2033, 4, 3), date(2033, 4, 1)  # two reported first
    from summarizer.ground import ground_quote
    from summarizer.schemas import Claim

    two.event.perpetrator = Claim[str](value="Amber Front", evidence=ground_quote(  # another account of who struck
        two.article.id, two.article.text, "The Amber Front vowed revenge."))
    briefing, texts = made_up_briefing([one, two, three])
    assert briefing.event.perpetrator.status.value == "contested"
    opened = Opened(browser, summarizer.review_page(briefing, texts=texts), tmp_path)
    tables = opened.page.eval_on_selector_all("#timeline h3", "hs => hs.map(h => h.textContent.trim())")
    assert tables == ["Killed", "Perpetrator"]
    rows = opened.page.eval_on_selector_all("#timeline table", """ts => ts.map(t => [...t.querySelectorAll('tbody tr')]
        .map(r => [...r.querySelectorAll('td')].slice(0, 4).map(c => c.textContent.trim())))""")
    assert [r[:3] for r in rows[0]] == [["2033-04-01", "[2]", "5"], ["2033-04-03", "[1]", "3"]]  # the order reported, not the pile's
    assert [r[:2] for r in rows[1]] == [["2033-04-01", "[2]"], ["2033-04-03", "[1]"], ["undated", "[3]"]]
    assert [r[2] for r in rows[1]] == ["Amber Front", "Verdania", "Verdania"]
    assert [r[3] for r in rows[1]] == ["Amber Front", "—", "—"]  # who gave it, where its sentence says
    said = opened.page.eval_on_selector_all(".conflict", """cs => cs.filter(c => c.querySelector('h3').textContent
        .includes('perpetrator')).map(c => [...c.querySelectorAll('tbody tr')].map(r => r.children[2].textContent))""")
    assert said in ([["—", "Amber Front"]], [["Amber Front", "—"]])  # the conflict says it too
    assert opened.errors == []
