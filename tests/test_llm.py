import httpx2
import openai
import pytest

from pydantic import BaseModel
from summarizer.cache import ResponseCache
from summarizer.errors import AnswerError, ProviderError
from summarizer.llm import StructuredLLM, _wait
from summarizer.providers.fake import FakeProvider, completion
from summarizer.schemas import Usage

MESSAGES = [{"role": "user", "content": "How many died?"}]

class Toll(BaseModel):  # any answer shape will do: these tests are about the transport
    quote: str | None
    killed: int | None


GOOD = {"quote": "two died", "killed": 2}
PROMPTS = {"casualties": "1"}


class FlakyFake(FakeProvider):
    """A fake whose transport errors are retryable, like an HTTP provider's."""

    transient_errors = (openai.APIConnectionError, openai.RateLimitError)


def connection_error():
    return openai.APIConnectionError(request=httpx2.Request("POST", "http://127.0.0.1:9/v1"))


def ask(llm, usage=None):
    usage = usage if usage is not None else Usage()
    return llm.ask(Toll, MESSAGES, PROMPTS, usage), usage


def test_transient_errors_are_retried_and_every_attempt_counted():
    fake = FlakyFake().enqueue(Toll, connection_error(), connection_error(), GOOD)
    sleeps = []
    answer, usage = ask(StructuredLLM(fake, sleep=sleeps.append))
    assert answer.killed == 2
    assert usage.calls == 3 and len(sleeps) == 2
    assert usage.completion_tokens > 0


def test_retries_are_bounded_then_a_provider_error():
    fake = FlakyFake().enqueue(Toll, *[connection_error() for _ in range(10)])
    with pytest.raises(ProviderError, match="gave up after retries"):
        ask(StructuredLLM(fake, max_attempts=3, sleep=lambda s: None))
    assert len(fake.requests) == 3


def test_invalid_answer_is_reasked_with_the_error_and_tokens_of_both_counted():
    fake = FakeProvider().enqueue(Toll, '{"killed": "many"}', GOOD)
    answer, usage = ask(StructuredLLM(fake))
    assert answer.killed == 2
    assert usage.calls == 2
    assert usage.prompt_tokens == sum(sum(len(m["content"]) for m in r["messages"]) // 4 for r in fake.requests)
    assert len(fake.requests[1]["messages"]) > len(fake.requests[0]["messages"])  # the re-ask says what was wrong


def test_answer_that_never_validates_is_an_answer_error():
    fake = FakeProvider().enqueue(Toll, "not json", "still not", "nope")
    with pytest.raises(AnswerError, match="no valid answer after 3 attempts"):
        ask(StructuredLLM(fake, max_reasks=2))


def test_cut_off_output_is_an_answer_error():
    fake = FakeProvider().enqueue(Toll, completion('{"quote": "two', finish_reason="length"))
    with pytest.raises(AnswerError, match="cut off"):
        ask(StructuredLLM(fake))


def test_non_transient_sdk_errors_are_not_retried():
    fake = FlakyFake().enqueue(Toll, ValueError("bad request shape"))
    with pytest.raises(ProviderError, match="bad request shape"):
        ask(StructuredLLM(fake, sleep=lambda s: None))
    assert len(fake.requests) == 1


def _wait_for(retry_after: str) -> float:
    response = httpx2.Response(429, headers={"retry-after": retry_after},
                               request=httpx2.Request("POST", "http://127.0.0.1/v1"))
    error = openai.RateLimitError("slow down", response=response, body=None)

    class State:
        attempt_number = 1
        outcome = type("O", (), {"exception": lambda self: error})()
        start_time = 0.0
        idle_for = 0.0

    return _wait(State())


def test_retry_after_header_sets_the_wait():
    assert _wait_for("7") == 7.0


@pytest.mark.parametrize("value", ["-1", "nan", "inf", "-inf", "Wed, 21 Oct 2031 07:28:00 GMT"])
def test_a_retry_after_that_is_no_wait_never_fails_the_call(value):
    # a hostile or broken server's header: no wait (negative) or the usual backoff, never a crash
    assert 0.0 <= _wait_for(value) <= 20.0


def test_cache_answers_without_calling_and_keys_on_prompt_version(tmp_path):
    cache = ResponseCache(tmp_path / "c.sqlite")
    fake = FakeProvider().enqueue(Toll, GOOD)
    first, _ = ask(StructuredLLM(fake, cache))
    second, usage = ask(StructuredLLM(fake, cache))
    assert first.model_dump() == second.model_dump() and len(fake.requests) == 1
    assert usage.cache_hits == 1 and usage.calls == 0
    StructuredLLM(fake, cache).ask(Toll, MESSAGES, {"casualties": "2"}, Usage())
    assert len(fake.requests) == 2


MODEL_LIBRARIES = ("instructor", "openai", "llama_cpp", "deepeval", "tenacity", "httpx2", "httpcore2")


@pytest.mark.parametrize("over_http", [False, True])
def test_a_cached_rerun_imports_none_of_the_model_libraries(article_file, tmp_path, over_http):
    """They take most of a second to import; a rerun answered from the cache needs none of them."""
    import os
    import subprocess
    import sys

    from fake_server import FakeServer

    loaded = tmp_path / "loaded.txt"
    runs = []
    with FakeServer() as server:
        model = ["-m", "m", "--base-url", server.url] if over_http else ["-m", "fake"]
        script = ("import atexit, sys\n"
                  f"atexit.register(lambda: open({str(loaded)!r}, 'w').write(' '.join(m for m in {MODEL_LIBRARIES!r} "
                  "if m in sys.modules)))\n"
                  "from summarizer.cli import main\n"
                  f"sys.argv = ['summarizer', 'brief', *{model!r}, {str(article_file)!r}, '-o', {str(tmp_path / 'b.json')!r}]\n"
                  "main()\n")
        env = {**os.environ, "SUMMARIZER_CACHE_DIR": str(tmp_path / "cache")}
        for _ in range(2):
            done = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True)
            assert done.returncode == 0, done.stderr
            runs.append(loaded.read_text().split())
    assert "instructor" in runs[0] and "openai" in runs[0]  # the first run asked the model
    assert runs[1] == []


def test_prompt_tokens_the_provider_reused_are_counted_apart():
    """A provider that keeps the shared prefix (the embedded model's context, a server's prompt
    cache) says how much of the prompt it did not read again; the usage keeps it."""
    import json

    from openai.types.completion_usage import PromptTokensDetails

    reusing = completion(json.dumps(GOOD), prompt_tokens=900)
    reusing.usage.prompt_tokens_details = PromptTokensDetails(cached_tokens=850)
    fake = FakeProvider().enqueue(Toll, completion(json.dumps(GOOD), prompt_tokens=900), reusing)
    llm, usage = StructuredLLM(fake), Usage()
    ask(llm, usage)
    assert (usage.prompt_tokens, usage.reused_prompt_tokens) == (900, 0)  # a first call reads it all
    ask(llm, usage)
    assert (usage.prompt_tokens, usage.reused_prompt_tokens) == (1800, 850)
