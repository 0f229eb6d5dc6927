"""The in-process decoder (summarizer/providers/decoding.py) on the real embedded model: answers
that follow the schema, the context's prefix kept between questions on one text, the token limit
reported as a cut-off. Small prompts: seconds, not minutes."""

from __future__ import annotations

import json

import pytest
from pydantic import BaseModel

from summarizer.providers.local import LocalProvider
from tests.test_local_model import _require_model

pytestmark = pytest.mark.local_model

TEXT = ("<article>\n[1] Officials in the made-up town of Vell Harbour said on Friday that a drone hit a fuel depot. "
        "[2] Nobody was hurt, the harbour master, Oren Tash, said.\n</article>")


class Place(BaseModel):
    sentence: int | None
    town: str | None
    weekday: str | None


class Speakers(BaseModel):
    speakers: list[str]


@pytest.fixture(scope="module")
def provider():
    _require_model()
    return LocalProvider()


def ask(provider, question: str, answer: type[BaseModel], max_tokens: int = 120):
    messages = [{"role": "system", "content": "Answer from the article only, in JSON."},
                {"role": "user", "content": f"{TEXT}\n\n{question}"}]
    schema = {"type": "json_schema", "json_schema": {"schema": answer.model_json_schema()}}
    return provider.chat(messages=messages, max_tokens=max_tokens, response_format=schema)


def test_the_answer_follows_the_schema_and_the_article(provider):
    reply = ask(provider, "Where and on which weekday did the drone hit?", Place)
    place = Place.model_validate_json(reply.choices[0].message.content)
    assert reply.choices[0].finish_reason == "stop"
    assert place.town == "Vell Harbour" and place.weekday == "Friday"


def test_a_second_question_on_the_same_text_reuses_its_tokens(provider):
    ask(provider, "Where did the drone hit?", Place)
    reply = ask(provider, "Who spoke?", Speakers)
    cached = reply.usage.prompt_tokens_details.cached_tokens
    assert cached > 0.8 * reply.usage.prompt_tokens  # only the question's own turn is new
    assert any("Oren Tash" in s for s in Speakers.model_validate_json(reply.choices[0].message.content).speakers)


def test_an_answer_cut_off_by_the_token_limit_says_so(provider):
    reply = ask(provider, "Who spoke?", Speakers, max_tokens=3)
    assert reply.choices[0].finish_reason == "length"
    assert reply.usage.completion_tokens <= 3
    with pytest.raises(json.JSONDecodeError):
        json.loads(reply.choices[0].message.content)
