"""The review page (HTML) and the ACLED-style CSV, from a made-up briefing; the page's behaviour in a
real browser is in test_browser.py."""

from __future__ import annotations

import base64
import csv
import hashlib
import io
import re
from datetime import date

from bs4 import BeautifulSoup
from typer.testing import CliRunner

import summarizer
from summarizer import answers as A
from summarizer.cli import app
from summarizer.facts import EVENT_FIELDS
from summarizer.schemas import DateBasis
from tests.briefings import IMAGE, SCRIPT, TEXTS, made_up_briefing, made_up_extractions
from tests.conftest import STRIKE_ARTICLE, casualties

runner = CliRunner()


def page(briefing=None, texts=None) -> BeautifulSoup:
    if briefing is None:
        briefing, texts = made_up_briefing()
    return BeautifulSoup(summarizer.review_page(briefing, texts=texts), "html.parser")


def article(soup: BeautifulSoup, n: int):
    return soup.find(id=f"article{n}")


def highlighted(box, key: str) -> list[str]:
    """The text of each highlight of `key` in an article, pieces of one quote joined."""
    quotes, current, last = [], [], None
    for mark in box.select("mark"):
        if key in mark["data-keys"].split():
            current.append(mark.get_text())
            last = mark
        elif current and mark.find_previous("mark") is last:
            quotes.append("".join(current))
            current = []
    return quotes + (["".join(current)] if current else [])


def test_the_page_is_one_file_that_loads_nothing_and_runs_only_its_own_script():
    soup = page()
    assert not soup.find_all(["link", "img", "iframe", "object", "embed"])
    assert not [t for t in soup.find_all(src=True)] and not soup.find_all(href=re.compile(r"^(?!#)"))
    (script,), (style,) = soup.find_all("script"), soup.find_all("style")
    policy = soup.find("meta", attrs={"http-equiv": "Content-Security-Policy"})["content"]
    assert "default-src 'none'" in policy
    for code in (script.string, style.string):
        digest = base64.b64encode(hashlib.sha256(code.encode()).digest()).decode()
        assert f"'sha256-{digest}'" in policy


def test_markup_in_an_article_or_a_value_is_shown_as_text():
    briefing, texts = made_up_briefing()
    html = summarizer.review_page(briefing, texts=texts)
    soup = BeautifulSoup(html, "html.parser")
    assert len(soup.find_all("script")) == 1 and not soup.find_all("img")
    assert SCRIPT in article(soup, 3).get_text() and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    site = soup.find("button", attrs={"data-show": "site"})
    assert site.get_text() == IMAGE


def test_each_quote_is_highlighted_in_its_article_with_the_field_and_value_it_supports():
    soup = page()
    one, two, three = (article(soup, n) for n in (1, 2, 3))
    assert highlighted(one, "killed") == ["killing commander Oren Tal and two guards, three dead in all"]
    assert highlighted(two, "killed") == ["Five people were killed"]
    assert highlighted(three, "killed") == []
    tags = {t.get_text(): t["class"] for box in (one, two) for t in box.select(".tag") if t["data-keys"] == "killed"}
    assert tags == {"Killed: 3": ["tag", "agrees"], "Killed: 5": ["tag", "differs"]}
    assert highlighted(three, "justification") == ["it acted in self-defense"]
    assert all(highlighted(article(soup, n), "date") == ["Apr. 1, 2033"] for n in (1, 2, 3))


def test_a_source_giving_the_value_shown_is_never_marked_as_differing():
    """A page's own date that equals the strike's date is not a source of the date (a page says when it
    was written), but it gives the same value: highlighted as agreeing, reported in the matrix."""
    xs = made_up_extractions()
    xs[2].event.date = xs[2].event.date.model_copy(update={"basis": DateBasis.PAGE})
    briefing, texts = made_up_briefing(xs)
    assert xs[2].article.id not in briefing.event.date.sources
    soup = page(briefing, texts)
    tags = {t["class"][1] for t in article(soup, 3).select(".tag") if t["data-keys"] == "date"}
    assert tags == {"agrees"}
    rows = soup.select("table.matrix tbody tr")
    column = [f.name for f in EVENT_FIELDS].index("date")
    assert rows[2].find_all("td")[column]["title"] == "Date: reported"
    # a page's own date that differs is when the page was written: context, no rival (no conflict says so)
    xs[2].event.date = xs[2].event.date.model_copy(update={"value": date(2033, 4, 9)})
    briefing, texts = made_up_briefing(xs)
    assert not [c for c in briefing.conflicts if c.field == "event.date"]
    tags = {t["class"][1] for t in article(page(briefing, texts), 3).select(".tag") if t["data-keys"] == "date"}
    assert tags == {"context"}


def test_the_event_table_conflicts_actors_reactions_and_run_record():
    soup = page()
    killed = soup.find("button", attrs={"data-show": "killed"}).find_parent("tr")
    assert killed.find(class_="status").get_text() == "contested" and "1 / 2" in killed.get_text()
    conflict = soup.select_one("#conflicts .conflict")
    assert conflict.find("button")["data-show"] == "killed"
    assert [td.get_text() for td in conflict.select("td.cv")] == ["3", "5"]
    assert "Five people were killed" in conflict.get_text()
    actors = soup.select_one("#actors").get_text()
    assert "Oren Tal" in actors and "person" in actors and "armed group" in actors
    reactions = soup.select_one("#reactions").get_text()
    assert "condemn" in reactions and "vowed revenge" in reactions
    run = " ".join(soup.select_one("#run").get_text().split())
    assert "fake/fake" in run and "when v2" in run and "24 model calls" in run and "2700 prompt + 360" in run
    summary = soup.select_one("#summary li")
    assert [b["data-show"] for b in summary.find_all("button")] == ["date", "city", "perpetrator", "weapon"]


def test_the_coverage_matrix_says_who_reports_who_disagrees_and_who_is_silent():
    soup = page()
    rows = soup.select("table.matrix tbody tr")
    killed = [f.name for f in EVENT_FIELDS].index("killed")
    cells = [row.find_all("td")[killed]["title"] for row in rows]
    assert cells == ["Killed: reported", "Killed: disagrees", "Killed: not reported"]


def test_view_reads_the_texts_from_the_sources_and_says_which_are_gone(tmp_path, monkeypatch):
    briefing, _ = made_up_briefing()
    folder = tmp_path / "event"
    folder.mkdir()
    for name, text in TEXTS.items():
        (folder / name).write_text(text, encoding="utf-8")
    briefing.save(folder / "briefing.json")
    monkeypatch.chdir(tmp_path)  # the sources are relative to the briefing's folder, not here
    out = tmp_path / "page.html"
    result = runner.invoke(app, ["view", "event/briefing.json", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert "3 of 3 article texts at hand" in result.stderr
    assert highlighted(article(BeautifulSoup(out.read_text(), "html.parser"), 2), "killed") == ["Five people were killed"]

    (folder / "coast_courier.txt").unlink()
    (folder / "night_wire.txt").write_text("Another text entirely.\n")
    result = runner.invoke(app, ["view", "event/briefing.json", "-o", str(out)])
    assert result.exit_code == 0 and "1 of 3 article texts at hand" in result.stderr
    soup = BeautifulSoup(out.read_text(), "html.parser")
    assert "no such file" in article(soup, 2).select_one(".missing").get_text()
    assert "has changed" in article(soup, 3).select_one(".missing").get_text()
    assert "Five people were killed" in article(soup, 2).get_text()  # the briefing's own copy of the quote
    assert article(soup, 1).select_one(".missing") is None

    moved = tmp_path / "moved"
    moved.mkdir()
    (moved / "b.txt").write_text(TEXTS["coast_courier.txt"], encoding="utf-8")
    result = runner.invoke(app, ["view", "event/briefing.json", "moved/", "-o", str(out)])
    assert "2 of 3 article texts at hand" in result.stderr
    assert article(BeautifulSoup(out.read_text(), "html.parser"), 2).select_one(".missing") is None


def test_brief_writes_the_page_with_texts_read_once_from_stdin(fake):
    fake.enqueue(A.CasualtiesAnswer, casualties("killing Commander Jorek Malv\u2019s deputy, Tavi Oss, and three guards",
                                                4, ["Tavi Oss"]))
    result = runner.invoke(app, ["brief", "-", "-m", "fake", "--no-summary", "--format", "html"], input=STRIKE_ARTICLE)
    assert result.exit_code == 0, result.output
    soup = BeautifulSoup(result.stdout, "html.parser")
    (quote,) = highlighted(article(soup, 1), "killed")  # the text came from the run: stdin is not read twice
    assert "killing Commander Jorek Malv\u2019s deputy, Tavi Oss, and three guards" in quote
    assert soup.select_one(".missing") is None


def test_the_csv_row_codes_the_event_as_acled_does():
    briefing, _ = made_up_briefing()
    (row,) = csv.DictReader(io.StringIO(summarizer.acled_csv(briefing)))
    assert {k: row[k] for k in ("event_date", "time_precision", "sub_event_type", "actor1", "location",
                                "fatalities")} == {"event_date": "2033-04-01", "time_precision": "1",
                                                   "sub_event_type": "Air/drone strike", "actor1": "Verdania",
                                                   "location": "Sol Harbor", "fatalities": "3"}
    assert row["actor2"] == "Oren Tal"
    assert "Sources disagree on killed: 3 (1 article) / 5 (1 article)" in row["notes"]
    assert row["source"] == "Drone strike kills commander in Sol Harbor; Strike in Sol Harbor; night_wire.txt"


def test_a_date_only_the_pages_give_is_a_week_and_no_cell_is_a_formula():
    xs = made_up_extractions()
    for x in xs:
        x.event.date = x.event.date.model_copy(update={"basis": DateBasis.PAGE})
    xs[0].event.perpetrator = xs[0].event.perpetrator.model_copy(update={"value": "=HYPERLINK(\"x\")"})
    xs[1].event.perpetrator = xs[0].event.perpetrator
    xs[2].event.perpetrator = None
    briefing, _ = made_up_briefing(xs)
    (row,) = csv.DictReader(io.StringIO(summarizer.acled_csv(briefing)))
    assert row["event_date"] == "2033-04-01" and row["time_precision"] == "2"
    assert row["actor1"] == "'=HYPERLINK(\"x\")"


def test_brief_and_view_write_csv(fake, article_file, tmp_path):
    fake.enqueue(A.CasualtiesAnswer, casualties("killing Commander Jorek Malv\u2019s deputy, Tavi Oss, and three guards",
                                                4, ["Tavi Oss"]))
    result = runner.invoke(app, ["brief", str(article_file), "-m", "fake", "--no-summary", "-f", "csv"])
    assert result.exit_code == 0, result.output
    header = result.stdout.splitlines()[0]
    (cells,) = csv.DictReader(io.StringIO(result.stdout))
    assert header.startswith("event_id_cnty,event_date,year,time_precision,disorder_type,event_type")
    assert cells["fatalities"] == "4"
    saved = tmp_path / "b.json"
    assert runner.invoke(app, ["brief", str(article_file), "-m", "fake", "--no-summary", "-o", str(saved)]).exit_code == 0
    (viewed,) = csv.DictReader(io.StringIO(runner.invoke(app, ["view", str(saved), "-f", "csv"]).stdout))
    viewed.pop("timestamp"), cells.pop("timestamp")  # when each run was made: the two briefs are seconds apart
    assert viewed == cells


def test_view_of_what_is_not_a_briefing_is_one_line_and_exit_2(tmp_path):
    missing = runner.invoke(app, ["view", str(tmp_path / "nowhere.json")])
    (tmp_path / "report.json").write_text('{"overall": 0.5}')
    wrong = runner.invoke(app, ["view", str(tmp_path / "report.json")])
    for result, words in ((missing, "cannot read"), (wrong, "not a briefing")):
        assert result.exit_code == 2 and words in result.stderr and len(result.stderr.strip().splitlines()) == 1


def test_a_briefing_that_does_not_match_its_article_highlights_nothing_false(tmp_path):
    # a tampered briefing (a quote moved off its offsets) never lights up text the quote is not
    briefing, texts = made_up_briefing()
    claim = briefing.event.killed.claims[0]
    claim.evidence.start += 7
    claim.evidence.end += 7
    soup = page(briefing, texts)
    box = next(b for b in (article(soup, n) for n in (1, 2, 3)) if "killing commander" in b.get_text())
    assert highlighted(box, "killed") == []
    assert "does not match the article" in box.get_text()
    # and a briefing from another version of the tool says so when viewed
    old = tmp_path / "old.json"
    briefing.run.schema_version = "1.0"
    briefing.save(old)
    result = runner.invoke(app, ["view", str(old), "-f", "md", "-o", str(tmp_path / "old.md")])
    assert result.exit_code == 0 and "written by another version" in result.output


def test_a_briefing_in_a_notebook_shows_its_review_page_in_a_frame_of_its_own():
    import html

    briefing, _ = made_up_briefing()
    shown = briefing._repr_html_()
    assert shown.startswith("<iframe srcdoc=\"") and "<script" not in shown.split('srcdoc="', 1)[1].split('"', 1)[0]
    page = html.unescape(shown.split('srcdoc="', 1)[1].split('"', 1)[0])
    assert page.lstrip().lower().startswith("<!doctype html") and "Sol Harbor" in page


def test_the_timeline_lists_each_toll_s_figures_in_the_order_they_were_reported():
    xs = made_up_extractions()
    later, earlier = xs[0], xs[1]  # the three-dead article published after the five-dead one
    later.article = later.article.model_copy(update={"published": date(2033, 4, 3)})
    earlier.article = earlier.article.model_copy(update={"published": date(2033, 4, 1)})
    briefing, texts = made_up_briefing(xs)
    rows = page(briefing, texts).select("#timeline table.timeline tbody tr")
    cells = [[td.get_text(" ", strip=True) for td in row.find_all("td")[:3]] for row in rows]
    assert [c[0] for c in cells] == ["2033-04-01", "2033-04-03"] and [c[2] for c in cells] == ["5", "3"]
    assert cells[0][1] == "[2]" and cells[1][1] == "[1]"
