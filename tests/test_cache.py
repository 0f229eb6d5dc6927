"""Cache trouble never fails a run: a damaged, read-only, locked or misplaced cache file is one warning
naming the file and what to do, and the run goes on with what can be read (or without the cache)."""

from __future__ import annotations

import json
import logging
import sqlite3

import pytest
from typer.testing import CliRunner

from summarizer import cache as cache_module
from summarizer.cache import ResponseCache
from summarizer.cli import app
from summarizer.schemas import Usage

runner = CliRunner()


def brief(articles, tmp_path, *extra: str):
    out = tmp_path / "briefing.json"
    paths = [str(a) for a in (articles if isinstance(articles, list) else [articles])]
    result = runner.invoke(app, ["brief", "-m", "fake", "--no-summary", *paths, "-o", str(out), *extra])
    return result, (json.loads(out.read_text()) if out.exists() else None)


def said(result) -> str:
    return " ".join(result.output.split())


def names(result, path) -> bool:
    """Whether the output names `path` (the terminal may wrap a long path anywhere)."""
    return str(path) in "".join(result.output.split())


def second(article_file):
    """Another article, whose answers are not in the cache yet."""
    path = article_file.with_name("second.txt")
    path.write_text(article_file.read_text().replace("Port Vell", "Karim Bay"))
    return path


@pytest.fixture
def cache_file(tmp_path):
    return tmp_path / "cache" / "responses.sqlite"


@pytest.mark.parametrize("spoil", ["garbage", "folder"])
def test_a_cache_that_cannot_be_opened_is_a_warning_and_the_run_goes_on_without_it(fake, article_file, tmp_path,
                                                                                   cache_file, spoil):
    cache_file.parent.mkdir(parents=True)
    if spoil == "garbage":
        cache_file.write_bytes(b"this is not a database, it is a shopping list\n" * 200)
    else:
        cache_file.mkdir()
    result, briefing = brief(article_file, tmp_path)
    assert result.exit_code == 0, result.output
    assert briefing["articles"] and briefing["run"]["usage"]["calls"] == len(fake.requests) > 0
    text = said(result)
    assert names(result, cache_file) and "--no-cache" in text and "delete it" in text
    assert text.count("response cache") == 1  # one warning, not one per answer
    assert "Traceback" not in result.output and "OperationalError" not in result.output
    assert brief(article_file, tmp_path, "--no-cache")[0].exit_code == 0  # what the warning suggests works


def _filled_cache(path, rows: int = 300) -> list[str]:
    store = ResponseCache(path)
    keys = [f"{i:064x}" for i in range(rows)]
    for key in keys:
        store.put(key, "fake/fake", {"p": "1"}, json.dumps({"answer": key, "pad": "x" * 1500}), Usage())
    store._db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    store.close()
    return keys


def test_a_damaged_page_loses_only_the_answers_on_it(cache_file, caplog):
    keys = _filled_cache(cache_file)
    with cache_file.open("r+b") as handle:  # damage three pages in the middle of the file
        handle.seek(60 * 4096)
        handle.write(b"\xff" * 3 * 4096)
    store = ResponseCache(cache_file)
    with caplog.at_level(logging.WARNING):
        found = [store.get(key) for key in keys]
    readable = [f for f in found if f is not None]
    assert 0 < len(readable) < len(keys)  # the damaged part is lost, the rest is still there
    assert all(json.loads(f)["answer"] in keys for f in readable)
    warnings = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert len(warnings) == 1 and str(cache_file) in warnings[0] and "damaged" in warnings[0]


def test_a_read_only_cache_still_answers_and_says_new_answers_are_not_kept(fake, article_file, tmp_path,
                                                                          cache_file, monkeypatch):
    first, _ = brief(article_file, tmp_path)
    assert first.exit_code == 0
    asked = len(fake.requests)
    connect = sqlite3.connect  # as a file or folder without write permission opens (the tests may run as root)
    monkeypatch.setattr(cache_module.sqlite3, "connect",
                        lambda path, **kw: connect(f"file:{path}?mode=ro", uri=True, **kw))
    result, briefing = brief([article_file, second(article_file)], tmp_path)
    assert result.exit_code == 0, result.output
    assert briefing["run"]["usage"]["cache_hits"] == asked and len(fake.requests) == 2 * asked  # read what was there, asked the rest
    text = said(result)
    assert names(result, cache_file) and "cannot be written (read-only)" in text and "--no-cache" in text
    assert text.count("response cache") == 1


def test_a_cache_locked_by_another_writer_does_not_stop_the_run(fake, article_file, tmp_path, cache_file, monkeypatch):
    assert brief(article_file, tmp_path)[0].exit_code == 0  # a cache in WAL mode, as the tool leaves it
    monkeypatch.setattr(cache_module, "BUSY_SECONDS", 0.1)
    other = sqlite3.connect(cache_file, isolation_level=None)
    other.execute("BEGIN EXCLUSIVE")  # another run in the middle of a long write
    try:
        result, briefing = brief([article_file, second(article_file)], tmp_path)
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert result.exit_code == 0, result.output
    assert briefing["run"]["usage"]["cache_hits"] == briefing["run"]["usage"]["calls"] > 0  # one read, one asked
    assert "cannot be written (locked by another process" in said(result)


def test_a_cached_answer_that_no_longer_validates_is_asked_again(fake, article_file, tmp_path, cache_file):
    assert brief(article_file, tmp_path)[0].exit_code == 0
    asked = len(fake.requests)
    with sqlite3.connect(cache_file) as db:  # one stored answer is now something else
        db.execute("UPDATE responses SET answer = '{\"half an answer' WHERE rowid = 1")
    result, briefing = brief(article_file, tmp_path)
    assert result.exit_code == 0, result.output
    assert len(fake.requests) == asked + 1 and briefing["run"]["usage"]["cache_hits"] == asked - 1
    result, briefing = brief(article_file, tmp_path)  # and the fresh answer replaced it
    assert len(fake.requests) == asked + 1 and briefing["run"]["usage"]["cache_hits"] == asked


def test_a_replay_from_the_cache_never_asks_the_model(fake, tmp_path, monkeypatch, article_file):
    import summarizer

    first = summarizer.extract([str(article_file)], model="fake")
    asked = len(fake.requests)
    monkeypatch.setenv("SUMMARIZER_CACHE_ONLY", "1")
    again = summarizer.extract([str(article_file)], model="fake")
    assert again.articles[0].usage.cache_hits == first.articles[0].usage.calls and not again.articles[0].errors
    other = tmp_path / "other.txt"
    other.write_text(article_file.read_text().replace("Port Vell", "Karim Bay"))
    fresh = summarizer.extract([str(other)], model="fake")
    assert not fresh.articles and "not in the cache" in str(fresh.failures)  # no question answered
    assert len(fake.requests) == asked
