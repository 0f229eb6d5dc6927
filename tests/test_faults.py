"""Provider faults over real HTTP, against a fake OpenAI-compatible server on 127.0.0.1: each is
retried within a bounded budget or ends with a clear error, and one failing article never stops
the others."""

from __future__ import annotations

import json
import socket

import pytest
from fake_server import FakeServer, Reply

from summarizer import pipeline
from pydantic import BaseModel
from summarizer.errors import AnswerError, ProviderError
from summarizer.llm import StructuredLLM
from summarizer.providers import get_provider
from summarizer.schemas import Usage

MESSAGES = [{"role": "user", "content": "How many died?"}]

class Toll(BaseModel):  # any answer shape will do: these tests are about the transport
    quote: str | None
    killed: int | None


GOOD = {"quote": "two died", "killed": 2}


@pytest.fixture
def server():
    with FakeServer() as s:
        yield s


def llm_for(url: str, sleeps: list[float] | None = None, attempts: int = 3) -> StructuredLLM:
    """A client of the fake server, set up the way the CLI sets one up (settings from the environment)."""
    sleeps = sleeps if sleeps is not None else []
    provider = get_provider("test-model", base_url=url)
    return StructuredLLM(provider, max_attempts=attempts, max_retry_seconds=30, sleep=sleeps.append)


def ask(llm: StructuredLLM) -> tuple[Toll, Usage]:
    usage = Usage()
    return llm.ask(Toll, MESSAGES, {"casualties": "1"}, usage), usage


def test_429_waits_as_long_as_retry_after_says_then_succeeds(server):
    server.replies.extend([Reply(429, {"error": {"message": "slow down"}}, {"Retry-After": "7"}),
                           Reply(arguments=GOOD)])
    sleeps: list[float] = []
    answer, usage = ask(llm_for(server.url, sleeps))
    assert answer.killed == 2 and sleeps == [7.0] and usage.calls == 2


@pytest.mark.parametrize("status", [500, 502, 503])
def test_server_errors_are_retried(server, status):
    server.replies.extend([Reply(status, {"error": {"message": "overloaded"}}), Reply(arguments=GOOD)])
    answer, usage = ask(llm_for(server.url))
    assert answer.killed == 2 and usage.calls == 2


def test_a_server_that_keeps_failing_gives_up_after_the_budget(server):
    server.replies.extend([Reply(503, {"error": {"message": "down"}})] * 10)
    with pytest.raises(ProviderError, match="gave up after retries"):
        ask(llm_for(server.url, attempts=3))
    assert len(server.requests) == 3


def test_timeouts_are_retried_then_a_clear_error(server, monkeypatch):
    monkeypatch.setenv("SUMMARIZER_TIMEOUT", "0.1")
    server.replies.extend([Reply(delay=0.4), Reply(arguments=GOOD)])
    answer, _ = ask(llm_for(server.url))
    assert answer.killed == 2
    server.replies.extend([Reply(delay=0.4)] * 3)
    with pytest.raises(ProviderError, match="(?i)timeout|timed out"):
        ask(llm_for(server.url, attempts=2))


def test_connection_refused_is_a_clear_provider_error():
    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    with pytest.raises(ProviderError, match="(?i)connection"):
        ask(llm_for(f"http://127.0.0.1:{port}/v1", attempts=2))


def test_malformed_json_is_a_clear_error_not_a_crash(server):
    server.replies.extend([Reply(body="{not json")] * 5)
    with pytest.raises(ProviderError, match="response is not JSON"):
        ask(llm_for(server.url))
    assert len(server.requests) == 3  # tried again within the budget (1 + 2 re-asks), then given up


def test_output_cut_off_by_the_token_limit_is_an_answer_error(server):
    server.replies.append(Reply(arguments='{"quote": "two di', finish_reason="length"))
    with pytest.raises(AnswerError, match="cut off"):
        ask(llm_for(server.url))


def test_json_that_breaks_the_schema_is_reasked_then_an_answer_error(server):
    bad = {**GOOD, "killed": "a great many"}
    server.replies.extend([Reply(arguments=bad), Reply(arguments=GOOD)])
    answer, usage = ask(llm_for(server.url))
    assert answer.killed == 2 and usage.calls == 2
    # the re-ask tells the model what was wrong
    assert "killed" in str(server.requests[-1]["messages"][-1]["content"])
    server.replies.extend([Reply(arguments=bad)] * 5)
    with pytest.raises(AnswerError, match="no valid answer"):
        ask(llm_for(server.url))


def test_one_article_failing_at_the_server_does_not_stop_the_others(server, tmp_path):
    for name, text in {"a": "Rockets hit Port Vell on Monday.", "b": "FAILME. A drone hit Oss.",
                       "c": "Shelling hit Karim on Friday."}.items():
        (tmp_path / f"{name}.txt").write_text(text)
    server.rule = lambda request: Reply(500, {"error": {"message": "boom"}}) if "FAILME" in str(request) else None
    briefing = pipeline.brief_sources([str(tmp_path / f"{n}.txt") for n in "abc"], llm_for(server.url, attempts=2),
                                      summary=False)
    assert [a.source.rsplit("/", 1)[-1] for a in briefing.articles] == ["a.txt", "c.txt"]
    assert len(briefing.run.failures) == 1 and "b.txt" in briefing.run.failures[0].source
    assert "gave up after retries" in briefing.run.failures[0].error


def test_an_article_whose_every_question_failed_is_a_failed_article(fake, article_file, tmp_path):
    from typer.testing import CliRunner

    from summarizer.cli import app
    from summarizer.facts import QUESTIONS

    other = tmp_path / "other.txt"
    other.write_text(article_file.read_text().replace("Port Vell", "Karim Bay"))
    for question in QUESTIONS:  # the first article gets nothing but broken answers (3 attempts each)
        fake.enqueue(question.answer, *["<html>not an answer</html>"] * 3)
    result = CliRunner().invoke(app, ["brief", "-m", "fake", str(article_file), str(other), "--no-summary"])
    assert result.exit_code == 1
    briefing = json.loads(result.stdout)
    assert [f["source"] for f in briefing["run"]["failures"]] == [str(article_file)]
    assert "every question failed" in briefing["run"]["failures"][0]["error"]
    assert [a["source"] for a in briefing["articles"]] == [str(other)]


def test_a_provider_that_fails_every_article_alike_stops_the_run(fake, tmp_path):
    from summarizer import answers as A
    from summarizer.pipeline import STOP_AFTER, extract_sources
    from summarizer.llm import StructuredLLM

    paths = []
    for i in range(STOP_AFTER + 2):
        path = tmp_path / f"a{i}.txt"
        path.write_text(f"Mar. 12, 2031\nA drone struck depot number {i} outside Port Vell on Tuesday.\n")
        paths.append(str(path))
    fake.enqueue(A.WhenAnswer, *[RuntimeError("401 Unauthorized: bad key")] * (STOP_AFTER + 2))
    run = extract_sources(paths, StructuredLLM(fake))
    assert len(fake.requests) == STOP_AFTER  # the last two articles were never sent
    assert [f.source for f in run.failures] == paths and not run.articles
    assert all("not tried" in f.error and "run again to resume" in f.error for f in run.failures[STOP_AFTER:])


def test_a_stopped_run_lists_the_articles_not_tried_on_the_command_line(fake, tmp_path):
    from typer.testing import CliRunner

    from summarizer import answers as A
    from summarizer.cli import app
    from summarizer.pipeline import STOP_AFTER

    for i in range(STOP_AFTER + 2):
        (tmp_path / f"a{i}.txt").write_text(f"A drone struck depot number {i} outside Port Vell on Tuesday.\n")
    fake.enqueue(A.WhenAnswer, *[RuntimeError("401 Unauthorized: bad key")] * (STOP_AFTER + 2))
    result = CliRunner().invoke(app, ["extract", "-m", "fake", str(tmp_path)])
    assert result.exit_code == 1 and "Traceback" not in result.output
    failures = json.loads(result.stdout)["failures"]
    assert [f["error"].startswith("not tried") for f in failures] == [False] * STOP_AFTER + [True] * 2
    assert "not tried" in " ".join(result.stderr.split())


@pytest.mark.parametrize("where", ["headers", "body"])
def test_a_server_that_drips_its_answer_times_out_at_the_deadline(server, monkeypatch, where):
    import time

    monkeypatch.setenv("SUMMARIZER_TIMEOUT", "0.5")  # a whole call, not the gap between two bytes
    # a byte every 20 ms: a few seconds a call if only the gap between two bytes were bounded
    server.replies.extend([Reply(drip=0.02, drip_headers=where == "headers")] * 3)
    started = time.monotonic()
    with pytest.raises(ProviderError, match="(?i)timed out"):
        ask(llm_for(server.url, attempts=2))
    assert time.monotonic() - started < 3  # two attempts of about 0.5 s each
    assert len(server.requests) == 2


def test_a_redirect_loop_is_named_and_not_retried(server):
    server.rule = lambda request: Reply(307, body="", headers={"Location": "/v1/chat/completions"})
    with pytest.raises(ProviderError, match="redirect loop at http://127.0.0.1:\\d+/v1/chat/completions"):
        ask(llm_for(server.url, attempts=3))
    assert len(server.requests) <= 21  # one call's redirects, not one per retry


COMPLETION = {"id": "x", "object": "chat.completion", "created": 1, "model": "m"}


@pytest.mark.parametrize("reply, what", [
    (Reply(body=COMPLETION), "no choices"),
    (Reply(body={**COMPLETION, "choices": []}), "no choices"),
    (Reply(body="<html><body><h1>Welcome</h1></body></html>", headers={"Content-Type": "text/html"}), "an HTML page"),
    (Reply(body='data: {"choices": [{"delta": {"content": "Two"}}]}\n\ndata: [DONE]\n\n',
           headers={"Content-Type": "text/event-stream"}), "a stream of events"),
    (Reply(body=[{"answer": 2}]), "JSON of another shape"),
])
def test_a_200_that_is_not_a_chat_completion_is_said_so(server, reply, what):
    server.rule = lambda request: reply
    with pytest.raises(ProviderError, match=f"not a chat completion \\({what}"):
        ask(llm_for(server.url))
    assert len(server.requests) == 1  # asking again would get the same page


def test_an_answer_in_text_instead_of_a_tool_call_is_reasked_then_said_so(server):
    text_only = {**COMPLETION, "choices": [{"index": 0, "finish_reason": "stop",
                                            "message": {"role": "assistant", "content": "Two people died."}}]}
    server.rule = lambda request: Reply(body=text_only)
    with pytest.raises(AnswerError, match="answered in text, not with the tool call"):
        ask(llm_for(server.url))


def test_a_server_answering_html_fails_the_articles_and_the_run_says_so(server, tmp_path):
    from typer.testing import CliRunner

    from summarizer.cli import app

    from summarizer.pipeline import STOP_AFTER

    names = [f"a{i}.txt" for i in range(STOP_AFTER + 1)]
    for name in names:
        (tmp_path / name).write_text(f"A drone hit depot {name} in Port Vell on Monday, officials said.")
    server.rule = lambda request: Reply(body="<!doctype html><title>Sign in</title>", headers={"Content-Type": "text/html"})
    out = tmp_path / "briefing.json"
    # one article at a time, so the count of calls is exact (test_pipeline.py stops a concurrent run)
    result = CliRunner().invoke(app, ["brief", "-m", "m", "--base-url", server.url, "--concurrency", "1",
                                      *(str(tmp_path / n) for n in names), "-o", str(out)])
    assert result.exit_code == 1, result.output
    briefing = json.loads(out.read_text())
    assert not briefing["articles"] and len(briefing["run"]["failures"]) == len(names)
    assert all("not a chat completion (an HTML page)" in f["error"] for f in briefing["run"]["failures"])
    assert "not tried" in briefing["run"]["failures"][-1]["error"]  # the run stopped asking
    assert len(server.requests) == STOP_AFTER  # one call per failed article, none re-asked
    said = " ".join(result.output.split())
    assert f"0 article(s) merged, {len(names)} failed" in said and "not a chat completion" in said
    assert "Traceback" not in result.output and "AttributeError" not in result.output


def test_the_deadline_holds_through_a_proxy_from_the_environment(server, monkeypatch):
    monkeypatch.setenv("SUMMARIZER_TIMEOUT", "0.5")
    monkeypatch.setenv("HTTP_PROXY", server.url.removesuffix("/v1"))  # the fake server is the proxy too
    monkeypatch.delenv("NO_PROXY", raising=False)
    monkeypatch.delenv("no_proxy", raising=False)
    server.replies.extend([Reply(arguments=GOOD), Reply(drip=0.02)])
    answer, _ = ask(llm_for("http://model-host.invalid/v1", attempts=1))  # reached only through the proxy
    assert answer.killed == 2
    with pytest.raises(ProviderError, match="(?i)timed out"):
        ask(llm_for("http://model-host.invalid/v1", attempts=1))
