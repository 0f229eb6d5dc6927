"""Articles with their page metadata: JSONL and CSV feeds, front matter, HTML meta tags, the API.
The published date is what a weekday resolves against; made-up outlets and places."""

from __future__ import annotations

import json
from datetime import date

import pytest

import summarizer
from summarizer import answers as A
from summarizer.errors import InputError
from summarizer.ingest import read_article, read_feed, read_source

BODY = "A drone struck the fuel depot outside Port Vell on Tuesday, officials said.\n"


def when(quote: str = BODY.strip(), written: str = "Tuesday") -> dict:
    return {"date_quote": quote, "date_as_written": written, "time_quote": None, "time_as_written": None}


def test_a_jsonl_feed_is_one_article_a_row_with_its_metadata(tmp_path):
    feed = tmp_path / "feed.jsonl"
    rows = [{"url": "https://example.org/a", "title": "Depot hit", "outlet": "Harbor Courier",
             "published": "2031-03-12T09:30:00+02:00", "text": BODY},
            {"link": "https://example.org/b", "source_name": "Coast Daily", "date": "Mar 13, 2031",
             "body": BODY.replace("officials", "the port authority")}]
    feed.write_text("".join(json.dumps(r) + "\n" for r in rows))
    a, b = read_feed(str(feed))
    assert (a.outlet, a.title, a.url, a.published) == ("Harbor Courier", "Depot hit", "https://example.org/a",
                                                      date(2031, 3, 12))
    assert (b.outlet, b.url, b.published) == ("Coast Daily", "https://example.org/b", date(2031, 3, 13))
    assert a.source.endswith("feed.jsonl#1") and a.text == BODY


def test_a_weekday_resolves_against_the_feed_s_published_date(fake, tmp_path):
    feed = tmp_path / "feed.csv"
    feed.write_text('text,outlet,published\n"' + BODY.strip() + '",Harbor Courier,2031-03-13\n')
    fake.enqueue(A.WhenAnswer, when())
    b = summarizer.brief([str(feed)], model="fake", summary=False)
    assert b.event.date.value == date(2031, 3, 11)  # the Tuesday before Thursday 13 March 2031
    assert b.articles[0].outlet == "Harbor Courier" and b.articles[0].published == date(2031, 3, 13)


def test_a_feed_row_may_name_a_file_beside_the_feed(tmp_path):
    (tmp_path / "a.txt").write_text(BODY)
    feed = tmp_path / "feed.jsonl"
    feed.write_text(json.dumps({"file": "a.txt", "published": "2031-03-12", "outlet": "Harbor Courier"}) + "\n")
    (article,) = read_feed(str(feed))
    assert article.source == str(tmp_path / "a.txt") and article.published == date(2031, 3, 12)


@pytest.mark.parametrize("content, message", [
    ('{"text": "a"}\nnot json\n', "line 2: not JSON"),
    ('["a list"]\n', "line 1: a JSONL row is an object"),
    ('{"outlet": "x"}\n', "neither `text` nor `file`"),
    ('{"text": "A drone struck.", "published": "the day after"}\n', "is not a date"),
])
def test_a_bad_feed_row_is_named_in_one_line(tmp_path, content, message):
    feed = tmp_path / "feed.jsonl"
    feed.write_text(content)
    bad = [row for row in read_feed(str(feed)) if isinstance(row, str)]
    assert len(bad) == 1
    with pytest.raises(InputError, match=message):
        read_source(bad[0])


def test_one_bad_feed_row_fails_alone(fake, tmp_path):
    feed = tmp_path / "feed.jsonl"
    feed.write_text(json.dumps({"text": BODY, "outlet": "Harbor Courier"}) + "\nnot json\n"
                    + json.dumps({"text": BODY.replace("officials", "the port authority")}) + "\n")
    b = summarizer.brief([str(feed)], model="fake", summary=False)
    assert len(b.articles) == 2 and b.articles[0].outlet == "Harbor Courier"
    assert len(b.run.failures) == 1 and "line 2: not JSON" in b.run.failures[0].error


def test_a_file_that_is_no_feed_at_all_is_named_in_one_line(tmp_path):
    feed = tmp_path / "feed.csv"
    feed.write_text("headline,outlet\nDepot hit,Harbor Courier\n")
    with pytest.raises(InputError, match="needs a header with a `text`"):
        read_feed(str(feed))


def test_front_matter_gives_the_metadata_and_is_not_article_text(tmp_path):
    path = tmp_path / "a.md"
    path.write_text(f"---\noutlet: Harbor Courier\npublished: 2031-03-12\nurl: https://example.org/a\n---\n{BODY}")
    article = read_article(str(path))
    assert (article.outlet, article.published, article.url) == ("Harbor Courier", date(2031, 3, 12),
                                                                "https://example.org/a")
    assert article.text == BODY


def test_an_html_page_s_meta_tags_give_its_metadata(tmp_path):
    page = tmp_path / "page.html"
    page.write_text(
        '<html><head><title>Depot hit | Harbor Courier</title>'
        '<meta property="og:site_name" content="Harbor Courier">'
        '<meta property="article:published_time" content="2031-03-12T06:40:00Z">'
        '<link rel="canonical" href="https://example.org/a"></head>'
        f"<body><article><p>{BODY}</p></article></body></html>")
    article = read_article(str(page))
    assert (article.outlet, article.published, article.url) == ("Harbor Courier", date(2031, 3, 12),
                                                                "https://example.org/a")
    assert "Port Vell on Tuesday" in article.text


def test_a_folder_of_html_pages_is_read(tmp_path):
    (tmp_path / "a.html").write_text(f"<html><body><p>{BODY}</p></body></html>")
    b = summarizer.extract([str(tmp_path)], model="fake")
    assert len(b.articles) == 1


def test_an_article_in_memory_takes_its_metadata():
    article = summarizer.article(BODY, published="2031-03-12", outlet="Harbor Courier", url="https://example.org/a")
    assert (article.published, article.outlet, article.url) == (date(2031, 3, 12), "Harbor Courier",
                                                                "https://example.org/a")
