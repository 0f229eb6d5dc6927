"""The narrative summary: a few sentences written by the model from the merged facts only.

The model sees only the merged facts. Each sentence it writes is then checked by code: every
number and capitalised name in it must occur in the facts, and the facts it states are found by
their values (a date, a count, a name). A sentence that fails, states no fact, or runs on is
dropped, not shown; each kept sentence records the facts it rests on.
"""

from __future__ import annotations

import logging
import re
from datetime import date

from pydantic import BaseModel, ConfigDict, Field

from summarizer.claims import tidy
from summarizer.llm import StructuredLLM
from summarizer.facts import EVENT_FIELDS
from summarizer.prompts import load_prompt
from summarizer.schemas import Briefing, SummarySentence, Usage

log = logging.getLogger(__name__)

_NUMBER = re.compile(r"\d+")
_CAPITALISED = re.compile(r"\b[A-Z][\w'-]*")
_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December")
_CALENDAR = {*_MONTHS, "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"}
_NUMBER_WORDS = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven",
                 "twelve")
_SPELLED = re.compile(rf"\b({'|'.join(_NUMBER_WORDS[2:])})\b", re.IGNORECASE)  # "one" is too often no count
# Words that make a grave claim (who was hurt, where); a sentence may use one only when the facts do.
_GRAVE = re.compile(r"\b(civilians?|children|child|women|hospitals?|schools?|wounded|injur\w*|massacre)\b",
                    re.IGNORECASE)
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z])")
# Words that may open a sentence without being a name.
_FUNCTION_WORDS = {"a", "an", "the", "on", "in", "at", "it", "its", "this", "that", "these", "those", "they", "he",
                   "she", "his", "her", "their", "there", "sources", "according", "after", "before", "during",
                   "while", "both", "all", "no", "one", "two", "three", "four", "five", "by", "as", "but", "and",
                   "however", "also", "officials", "reports", "some", "other", "others", "when", "where", "who"}
MAX_WORDS = 45


class SummaryAnswer(BaseModel):
    model_config = ConfigDict(extra="forbid")
    sentences: list[str] = Field(max_length=6, description="Short sentences, each stating facts from the list.")


def briefing_facts(briefing: Briefing) -> dict[str, tuple[str, list[str]]]:
    """fact id -> (the fact in words, the values that show a sentence states it)."""
    facts: dict[str, tuple[str, list[str]]] = {}
    event = briefing.event
    rivals = {c.field.removeprefix("event."): [v.value for v in c.values] for c in briefing.conflicts}
    for name in (f.name for f in EVENT_FIELDS if not f.many):  # targets are listed by name below
        fact = getattr(event, name)
        if fact.value is None:
            continue
        value = getattr(fact.value, "value", fact.value)
        others = [str(v) for v in rivals.get(name, []) if v != fact.value]
        contested = f" (contested: other sources say {' or '.join(others)})" if others else ""
        facts[name] = (f"{name.replace('_', ' ')}: {value}{contested}", _surfaces(value))
    for i, target in enumerate(event.targets, 1):
        facts[f"target{i}"] = (f"target: {target.name}", [target.name, *target.name.split()[-1:]])
    for reaction in briefing.reactions:
        if len(reaction.sources) >= 2:  # a stance one article reports is too thin for a summary
            facts[f"reaction:{reaction.actor_id or reaction.actor}"] = (
                f"reaction of {reaction.actor}: {reaction.stance.value.replace('_', ' ')}", [reaction.actor])
    return facts


def _surfaces(value: object) -> list[str]:
    if isinstance(value, date):
        return [value.isoformat(), f"{_MONTHS[value.month - 1]} {value.day}", f"{value.day} {_MONTHS[value.month - 1]}"]
    if isinstance(value, int):
        return [str(value)] + ([_NUMBER_WORDS[value]] if value < len(_NUMBER_WORDS) else [])
    text = str(value).replace("_", " ")
    return [text] if len(text.split()) <= 6 else []  # a long wording is not looked for verbatim


def write_summary(briefing: Briefing, llm: StructuredLLM, usage: Usage) -> list[SummarySentence]:
    facts = briefing_facts(briefing)
    if not facts:
        return []
    prompt = load_prompt("summary")
    listed = {fid: words for fid, (words, _) in facts.items()}
    answer = llm.ask(SummaryAnswer, [{"role": "user", "content": prompt.render(facts=listed)}],
                     {prompt.id: prompt.version}, usage, max_tokens=500)
    return traceable(answer.sentences, facts)


def traceable(sentences: list[str], facts: dict[str, tuple[str, list[str]]]) -> list[SummarySentence]:
    support = " ".join(words for words, _ in facts.values())
    # a justification's wording ("no civilians were harmed") is no support for a grave word
    grave_support = " ".join(words for fid, (words, _) in facts.items() if fid != "justification").lower()
    numbers = {int(n) for n in _NUMBER.findall(support)}
    kept: list[SummarySentence] = []
    for text in (s for chunk in sentences for s in _SENTENCE_END.split(tidy(chunk))):
        lowered = text.lower()
        stated = [fid for fid, (_, values) in facts.items() if any(_says(lowered, v) for v in values)]
        said = {int(n) for n in _NUMBER.findall(text)} | {_NUMBER_WORDS.index(w.lower()) for w in _SPELLED.findall(text)}
        unsupported = (said - numbers) | {w for w in _GRAVE.findall(text) if w.lower().rstrip("s") not in grave_support}
        unknown = {w for w in _CAPITALISED.findall(text) if w not in _CALENDAR and w.lower() not in _FUNCTION_WORDS
                   and w.lower() not in support.lower()}
        if not stated or unsupported or unknown or len(text.split()) > MAX_WORDS \
                or any(k.text == text for k in kept):
            log.info("summary sentence dropped (states %s; unsupported %s): %s", stated, unsupported | unknown, text)
            continue
        kept.append(SummarySentence(text=text, facts=stated))
    return kept


def _says(lowered_sentence: str, value: str) -> bool:
    return bool(value) and re.search(rf"(?<!\w){re.escape(value.lower())}(?!\w)", lowered_sentence) is not None
