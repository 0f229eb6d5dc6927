"""Ask a provider for one validated answer: cache, retries, re-asks and token accounting.

Two retry loops with separate jobs, so nothing retries twice: tenacity retries transport
failures (rate limits, timeouts, dropped connections, 5xx) around each raw call; instructor
re-asks when the answer does not validate. The openai client's own retries are off.

instructor, openai and tenacity are imported on the first call that is not in the cache: a cached
rerun never loads them (they take most of a second to import).
"""

from __future__ import annotations

import json
import logging
import math
import threading
import time
from collections.abc import Callable
from functools import cache, cached_property
from typing import TYPE_CHECKING, Any, TypeVar

from pydantic import BaseModel, ValidationError

from summarizer.cache import ResponseCache, cache_key
from summarizer.errors import AnswerError, ProviderError, SummarizerError
from summarizer.providers.base import Provider
from summarizer.schemas import Usage
from summarizer.secrets import redact
from summarizer.settings import Settings

if TYPE_CHECKING:
    from openai.types.chat import ChatCompletion
    from tenacity import RetryCallState, Retrying

log = logging.getLogger(__name__)

A = TypeVar("A", bound=BaseModel)

MAX_ATTEMPTS = 5
MAX_RETRY_SECONDS = 120.0
MAX_RETRY_AFTER = 60.0


def _wait(state: RetryCallState) -> float:
    """Honour a server's Retry-After header when it sends one; else exponential backoff."""
    from tenacity import wait_exponential_jitter

    exc = state.outcome.exception() if state.outcome else None
    response = getattr(exc, "response", None)
    header = response.headers.get("retry-after") if response is not None else None
    if header:
        try:
            seconds = float(header)
        except ValueError:
            seconds = math.nan  # an HTTP date or garbage: back off as with no header
        if math.isfinite(seconds):  # "-1" waits not at all, "nan" or "inf" is ignored
            return min(max(seconds, 0.0), MAX_RETRY_AFTER)
    return wait_exponential_jitter(initial=1, max=20)(state)


class StructuredLLM:
    """Answers for one provider. Safe to share between threads (articles asked concurrently)."""

    def __init__(self, provider: Provider, cache: ResponseCache | None = None, max_reasks: int = 2,
                 max_attempts: int = MAX_ATTEMPTS, max_retry_seconds: float = MAX_RETRY_SECONDS,
                 sleep: Callable[[float], None] = time.sleep, cache_only: bool = False,
                 check_instructions: bool = False):
        self.provider = provider
        self.check_instructions = check_instructions  # trusted to say which sentence instructs it (extraction.py)
        self.cache = cache
        self.cache_only = cache_only  # replay a run: a question not in the cache fails, the model is never asked
        self.max_reasks = max_reasks
        self.max_attempts = max_attempts
        self.max_retry_seconds = max_retry_seconds
        self.sleep = sleep
        self._call = threading.local()  # what the call in progress on this thread cost (`usage`)

    def ask(self, answer_model: type[A], messages: list[dict[str, str]], prompts: dict[str, str],
            usage: Usage, max_tokens: int = 512) -> A:
        """One answer; adds what it cost (calls, tokens, time, cache hits) to `usage`."""
        key = cache_key(self.provider.id, prompts, _schema(answer_model), messages)
        if self.cache is not None:
            hit = self.cache.get(key)
            try:
                cached = answer_model.model_validate_json(hit) if hit is not None else None
            except ValidationError:  # a damaged row, or stricter checks since it was stored: ask again
                log.info("a cached %s no longer validates; asking the model again", answer_model.__name__)
                cached = None
            if cached is not None:
                usage.cache_hits += 1
                return cached
        if self.cache_only:
            raise AnswerError("not in the cache (SUMMARIZER_CACHE_ONLY is set)")

        self._call.usage = call = Usage()
        started = time.perf_counter()
        try:
            answer = self._ask_model(answer_model, messages, max_tokens)
        finally:
            call.seconds = round(time.perf_counter() - started, 3)
            usage.add(call)
        if self.cache is not None:
            self.cache.put(key, self.provider.id, prompts, answer.model_dump_json(), call)
        return answer

    def _ask_model(self, answer_model: type[A], messages: list[dict[str, str]], max_tokens: int) -> A:
        from instructor.core.exceptions import IncompleteOutputException, InstructorRetryException

        try:
            return self._create(response_model=answer_model, messages=messages,
                                max_retries=self.max_reasks, temperature=0, max_tokens=max_tokens)
        except IncompleteOutputException as exc:
            raise AnswerError(f"answer cut off at {max_tokens} tokens") from exc
        except InstructorRetryException as exc:
            cause = exc.__cause__
            if isinstance(cause, SummarizerError):
                raise cause from None
            if isinstance(cause, self.provider.transient_errors):
                raise ProviderError(f"{self.provider.id}: {_describe(cause)} (gave up after retries)") from exc
            if isinstance(cause, IncompleteOutputException):
                raise AnswerError(f"answer cut off at {max_tokens} tokens") from exc
            if isinstance(cause, json.JSONDecodeError):  # the HTTP body itself, not the answer in it
                raise ProviderError(f"{self.provider.id}: the server's response is not JSON ({cause})") from exc
            if exc.failed_attempts:  # instructor records only answers that failed to parse
                why = "the model answered in text, not with the tool call it was asked for" \
                    if self.provider.mode == "TOOLS" and _text_only(exc.last_completion) else _describe(cause)
                raise AnswerError(f"no valid answer after {exc.n_attempts} attempts: {why}") from exc
            raise ProviderError(f"{self.provider.id}: {_describe(cause or exc)}") from exc
        except SummarizerError:
            raise
        except Exception as exc:  # an SDK error that is not transient: bad request, auth, ...
            raise ProviderError(f"{self.provider.id}: {_describe(exc)}") from exc

    @cached_property
    def _create(self) -> Callable[..., Any]:
        """instructor's create (validation, re-asks) around `_chat`."""
        import instructor

        return instructor.patch(create=self._chat, mode=instructor.Mode[self.provider.mode])

    def _retrying(self) -> Retrying:
        """The transport retry loop for one raw call (a fresh one each time: threads never share it)."""
        from tenacity import Retrying, retry_if_exception_type, stop_after_attempt, stop_after_delay

        provider = self.provider
        return Retrying(
            retry=retry_if_exception_type(provider.transient_errors),
            stop=stop_after_attempt(self.max_attempts) | stop_after_delay(self.max_retry_seconds),
            wait=_wait,
            sleep=self.sleep,
            reraise=True,
            before_sleep=lambda s: log.warning("%s: %s; retrying (attempt %d)", provider.id,
                                               type(s.outcome.exception()).__name__, s.attempt_number + 1),
        )

    def _chat(self, **request: Any) -> ChatCompletion:
        """The raw call instructor makes, once per attempt: retried, and every attempt counted."""
        call: Usage = self._call.usage
        for attempt in self._retrying():
            with attempt:
                call.calls += 1
                response = self.provider.chat(**request)
        problem = _not_a_completion(response)
        if problem:
            raise ProviderError(f"{self.provider.id}: the server's response is not a chat completion ({problem}); "
                                "check that the base URL is the server's OpenAI-compatible /v1 endpoint")
        _mask_keys(response)
        if response.usage is not None:
            call.prompt_tokens += response.usage.prompt_tokens or 0
            call.reused_prompt_tokens += getattr(response.usage.prompt_tokens_details, "cached_tokens", None) or 0
            call.completion_tokens += response.usage.completion_tokens or 0
        return response


@cache
def _schema(answer_model: type[BaseModel]) -> dict:
    """An answer's JSON schema, made once: pydantic builds it anew on every call, in milliseconds."""
    return answer_model.model_json_schema()


def _not_a_completion(response: object) -> str | None:
    """What a 200 answer is instead of a chat completion with a message, or None when it is one."""
    from openai.types.chat import ChatCompletion

    if isinstance(response, ChatCompletion):
        if not response.choices:
            return "no choices in it"
        return None if getattr(response.choices[0], "message", None) is not None else "no message in its choice"
    if isinstance(response, str | bytes):  # the SDK hands back a body that is not JSON as text
        text = (response.decode(errors="replace") if isinstance(response, bytes) else response).lstrip()
        if text[:1] == "<":
            return "an HTML page"
        if text.startswith(("data:", "event:")):
            return "a stream of events; streaming is not used here"
        return f"text: {text[:60]!r}" if text else "an empty body"
    return f"JSON of another shape: {type(response).__name__}"


def _mask_keys(response: ChatCompletion) -> None:
    """Mask a configured key that the server echoes back in its answer, before anything reads the
    answer: so no quote, value, rejected claim or cache row can hold it."""
    for choice in response.choices:
        message = choice.message
        if message is None:
            continue
        if message.content:
            message.content = redact(message.content)
        for call in message.tool_calls or []:
            if getattr(call, "function", None) is not None and call.function.arguments:
                call.function.arguments = redact(call.function.arguments)


def _text_only(completion: object) -> bool:
    from openai.types.chat import ChatCompletion

    message = completion.choices[0].message if isinstance(completion, ChatCompletion) and completion.choices else None
    return message is not None and not message.tool_calls and not message.function_call


def _describe(exc: BaseException) -> str:
    text = redact(" ".join(str(exc).split()))
    return f"{type(exc).__name__}: {text[:200]}" if text else type(exc).__name__


def connect(settings: Settings, cache: bool = True) -> StructuredLLM:
    """The model `settings` name, with the response cache in its cache dir (unless `cache` is off)."""
    from summarizer.providers import get_provider

    return StructuredLLM(get_provider(settings.model, settings=settings), ResponseCache(settings.responses) if cache else None,
                         cache_only=settings.cache_only, check_instructions=settings.check_instructions)
