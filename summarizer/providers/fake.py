"""A provider for tests: queued answers per question, a record of every request, no model."""

from __future__ import annotations

import copy
import json
import time
from collections import defaultdict, deque
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel

from summarizer.providers.base import Provider

if TYPE_CHECKING:
    from openai.types.chat import ChatCompletion


class FakeProvider(Provider):
    """Answers each question from its queue (keyed by answer class name), else with nulls.

    A queued item may be a dict or model (sent as JSON), a str (sent as is, to test broken
    output), a ChatCompletion (sent as is) or an exception (raised).
    """

    name = "fake"
    usage_pattern = "fake"
    needs = "nothing: canned answers, for tests"
    mode = "JSON_SCHEMA"
    default_model = "fake"

    def __init__(self, model: str = "fake"):
        super().__init__(model)
        self.queues: dict[str, deque[Any]] = defaultdict(deque)
        self.requests: list[dict[str, Any]] = []

    def enqueue(self, answer: type[BaseModel] | str, *responses: Any) -> FakeProvider:
        key = answer if isinstance(answer, str) else answer.__name__
        self.queues[key].extend(responses)
        return self

    def chat(self, **request: Any) -> ChatCompletion:
        from openai.types.chat import ChatCompletion

        self.requests.append(copy.deepcopy(request))
        schema = request["response_format"]["json_schema"]
        queue = self.queues.get(schema["name"])
        item = queue.popleft() if queue else _empty_answer(schema["schema"])
        if isinstance(item, BaseException):
            raise item
        if isinstance(item, ChatCompletion):
            return item
        if isinstance(item, BaseModel):
            item = item.model_dump(mode="json")
        content = item if isinstance(item, str) else json.dumps(item)
        prompt_chars = sum(len(str(m.get("content", ""))) for m in request.get("messages", []))
        return completion(content, prompt_tokens=prompt_chars // 4, model=self.model)

    def questions_asked(self) -> list[str]:
        return [r["response_format"]["json_schema"]["name"] for r in self.requests]


def completion(content: str, *, prompt_tokens: int = 10, finish_reason: str = "stop",
               model: str = "fake") -> ChatCompletion:
    from openai.types.chat import ChatCompletion
    from openai.types.chat.chat_completion import Choice
    from openai.types.chat.chat_completion_message import ChatCompletionMessage
    from openai.types.completion_usage import CompletionUsage

    return ChatCompletion(
        id=f"fake-{time.monotonic_ns()}", object="chat.completion", created=int(time.time()), model=model,
        choices=[Choice(index=0, finish_reason=finish_reason,
                        message=ChatCompletionMessage(role="assistant", content=content))],
        usage=CompletionUsage(prompt_tokens=prompt_tokens, completion_tokens=max(1, len(content) // 4),
                              total_tokens=prompt_tokens + max(1, len(content) // 4)),
    )


def _empty_answer(schema: dict) -> dict:
    """An answer saying "not in the article": null for every field, [] for lists."""
    return {name: [] if prop.get("type") == "array" else None
            for name, prop in schema.get("properties", {}).items()}
