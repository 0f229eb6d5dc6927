"""Articles asked at once against an OpenAI-compatible server (tests/fake_server.py): a bounded
number in flight, output in the order given, every answer cached, progress whole per article."""

from __future__ import annotations

from collections import Counter

from fake_server import FakeServer, Reply

from summarizer import pipeline
from summarizer.facts import QUESTIONS
from summarizer.llm import StructuredLLM, connect
from summarizer.pipeline import STOP_AFTER, article_workers, extract_sources
from summarizer.providers import get_provider
from summarizer.providers.local import LocalProvider
from summarizer.settings import Settings


class Recorder(pipeline.Progress):
    def __init__(self) -> None:
        self.events: list[tuple[str, str]] = []

    def article_started(self, source, questions):
        self.events.append(("started", source))

    def question_done(self, source, question):
        self.events.append(("question", source))

    def article_done(self, source, result, error):
        self.events.append(("failed" if error else "done", source))


def articles(folder, count: int) -> list[str]:
    paths = []
    for i in range(count):
        path = folder / f"a{i:02d}.txt"
        path.write_text(f"Mar. 12, 2031\nA drone struck depot number {i} outside Port Vell on Tuesday.\n")
        paths.append(str(path))
    return paths


def test_articles_are_asked_at_once_up_to_the_limit_and_come_out_in_the_order_given(tmp_path, monkeypatch):
    monkeypatch.setenv("SUMMARIZER_CACHE_DIR", str(tmp_path / "cache"))
    paths = articles(tmp_path, 6)
    with FakeServer(latency=0.02) as server:
        # the first article answers slowest, so others started with it finish before it
        server.rule = lambda request: Reply(delay=0.1) if "depot number 0 " in str(request) else None
        progress = Recorder()
        run = extract_sources(paths, connect(Settings.load(model="m", base_url=server.url)), progress, concurrency=3)
        assert 1 < server.most_in_flight <= 3
        assert [a.article.source for a in run.articles] == paths and not run.failures
        assert len(server.requests) == len(paths) * len(QUESTIONS)
        done = [source for event, source in progress.events if event == "done"]
        assert done[0] != paths[0] and sorted(done) == paths  # finished in another order, reported once each
        assert Counter(source for event, source in progress.events if event == "question") == \
            {path: len(QUESTIONS) for path in paths}

        again = extract_sources(paths, connect(Settings.load(model="m", base_url=server.url)), concurrency=3)
    assert len(server.requests) == len(paths) * len(QUESTIONS)  # every answer was cached as it came
    assert again.usage.cache_hits == len(paths) * len(QUESTIONS)
    assert [a.model_dump(exclude={"usage"}) for a in again.articles] == \
        [a.model_dump(exclude={"usage"}) for a in run.articles]


def test_a_server_refusing_every_article_stops_a_concurrent_run(tmp_path):
    paths = articles(tmp_path, 10)
    with FakeServer() as server:
        server.rule = lambda request: Reply(401, {"error": {"message": "bad key"}})
        run = extract_sources(paths, StructuredLLM(get_provider("m", base_url=server.url)), concurrency=3)
    assert [f.source for f in run.failures] == paths and not run.articles
    not_tried = [f for f in run.failures if f.error.startswith("not tried")]
    assert len(server.requests) == len(paths) - len(not_tried)  # an article fails at its first question
    assert len(not_tried) >= len(paths) - (STOP_AFTER + 3 - 1)  # at most 2 more started while 3 failed
    assert run.failures[-len(not_tried):] == not_tried


def test_the_embedded_model_takes_one_article_at_a_time_servers_several():
    assert article_workers(LocalProvider(), 4) == 1
    assert article_workers(get_provider("m", base_url="http://127.0.0.1:9/v1"), None) > 1
    assert article_workers(get_provider("m", base_url="http://127.0.0.1:9/v1"), 2) == 2
