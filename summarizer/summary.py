"""The narrative summary: a few sentences written by the model from the merged facts only.

The model sees only the merged facts. Each sentence it writes is then checked by code: every
number and capitalised name in it must occur in the facts, and the facts it states are found by
their values (a date, a count, a name). A sentence that fails, states no fact, or runs on is
dropped, not shown; each kept sentence records the facts it rests on.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from datetime import date
from functools import cache

from pydantic import BaseModel, ConfigDict, Field

from summarizer import lexicon
from summarizer.claims import tidy
from summarizer.sentences import split as sentences_of
from summarizer.llm import StructuredLLM
from summarizer.facts import EVENT_FIELDS
from summarizer.prompts import load_prompt
from summarizer.facts.speakers import sentence_subject
from summarizer.schemas import Briefing, Stance, SummarySentence, Usage

log = logging.getLogger(__name__)

_NUMBER = re.compile(r"\d+")
_CAPITALISED = re.compile(r"\b[A-Z][\w'-]*")



@dataclass(frozen=True)
class _English:
    """The English words the checks need (the summary is written in English), from the lexicon."""
    months: list[str]  # "January" ... "December"
    calendar: set[str]  # month and weekday names: capitalised, yet no name
    number_words: dict[int, str]  # 0-12
    spelled: re.Pattern[str]  # a count written in words, two to twelve ("one" is too often no count)
    grave: re.Pattern[str]
    function_words: set[str]


@cache
def _english() -> _English:
    en = lexicon.language("en")
    months = [max((k for k, v in en["months"].items() if v == m), key=len).capitalize() for m in range(1, 13)]
    numbers: dict[int, str] = {}
    for word, value in en["numbers"].items():
        if " " not in word and 0 <= int(value) <= 12:
            numbers.setdefault(int(value), word)
    grave = [re.escape(w.rstrip("*")) + (r"\w*" if w.endswith("*") else "") for w in en["summary"]["grave_words"]]
    return _English(
        months=months, calendar={*months, *(k.capitalize() for k in en["weekdays"])}, number_words=numbers,
        spelled=re.compile(rf"\b({'|'.join(w for v, w in numbers.items() if v >= 2)})\b", re.IGNORECASE),
        grave=re.compile(rf"\b({'|'.join(grave)})\b", re.IGNORECASE),
        function_words=set(en["summary"]["function_words"]))


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
        label = name.replace("_", " ")
        if name == "justification":  # a claim, never a fact: who gave it, where its sentence names them
            speakers = [s.words for c in fact.claims if c.value == fact.value
                        and (s := sentence_subject(c.evidence.quote)) is not None and s.name]
            label = f"justification given by {speakers[0]}" if speakers else "justification given for the strike"
        facts[name] = (f"{label}: {value}{contested}", _surfaces(value))
    for i, target in enumerate(event.targets, 1):
        facts[f"target{i}"] = (f"target: {target.name}", [target.name, *target.name.split()[-1:]])
    for reaction in briefing.reactions:
        if len(reaction.sources) >= 2:  # a stance one article reports is too thin for a summary
            facts[f"reaction:{reaction.actor_id or reaction.actor}"] = (
                f"{reaction.actor} {_STANCE_WORDS[reaction.stance]}", [reaction.actor])
    return facts


# What each stance says someone did, as a summary sentence may say it ("Orm condemned the strike").
_STANCE_WORDS = {Stance.CONDEMN: "condemned the strike", Stance.JUSTIFY: "defended the strike",
                 Stance.SUPPORT: "supported the strike", Stance.THREATEN: "threatened to respond",
                 Stance.ACCUSE: "accused another side", Stance.DENY: "denied a claim about the strike",
                 Stance.CALL_FOR_RESTRAINT: "called for restraint", Stance.NEUTRAL: "commented on the strike"}


def _surfaces(value: object) -> list[str]:
    if isinstance(value, date):
        month = _english().months[value.month - 1]
        return [value.isoformat(), f"{month} {value.day}", f"{value.day} {month}"]
    if isinstance(value, int):
        words = _english().number_words
        return [str(value)] + ([words[value]] if value in words else [])
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
    en = _english()
    value_of = {w: v for v, w in en.number_words.items()}
    kept: list[SummarySentence] = []
    own = _own_words(facts)
    for text in (s for chunk in sentences for s in sentences_of(tidy(chunk))):
        lowered = text.lower()
        stated = [fid for fid, (_, values) in facts.items() if any(_says(lowered, v) for v in values)
                  or not values and len(own[fid] & set(_WORD.findall(lowered))) >= min(2, len(own[fid])) > 0]
        said = {int(n) for n in _NUMBER.findall(text)} | {value_of[w.lower()] for w in en.spelled.findall(text)}
        unsupported = (said - numbers) | {w for w in en.grave.findall(text) if w.lower().rstrip("s") not in grave_support}
        unknown = {w for w in _CAPITALISED.findall(text) if w not in en.calendar and w.lower() not in en.function_words
                   and w.lower() not in support.lower()}
        if not stated or unsupported or unknown or len(text.split()) > MAX_WORDS \
                or any(k.text == text for k in kept) or _claim_as_fact(stated, text, facts):
            log.info("summary sentence dropped (states %s; unsupported %s): %s", stated, unsupported | unknown, text)
            continue
        kept.append(SummarySentence(text=text, facts=stated))
    return kept


_WORD = re.compile(r"[^\W\d_][\w'-]{4,}")  # a word of five letters or more


def _own_words(facts: dict[str, tuple[str, list[str]]]) -> dict[str, set[str]]:
    """The words of each fact's wording that no other fact uses: a sentence that has two of them restates
    a long wording no value can show ("... no civilians were harmed" of a stated justification)."""
    words = {fid: {w for w in _WORD.findall(wording.lower()) if w not in _english().function_words
                   and not lexicon.says("strike_words", w)} for fid, (wording, _) in facts.items()}
    return {fid: mine - set().union(*(w for other, w in words.items() if other != fid)) for fid, mine in words.items()}


def _claim_as_fact(stated: list[str], text: str, facts: dict[str, tuple[str, list[str]]]) -> bool:
    """Whether the sentence states what someone said (a stated justification, a reaction) without
    saying who said it: "The strike was carried out in self-defense" is the attacker's claim, and "The
    reaction of Orm, who supported the strike, was to justify it" restates a label, not a statement. A
    reaction is said as its speaker's by a verb of speaking, or as the facts word it ("Orm defended")."""
    attributed = any(fid == "justification" or fid.startswith("reaction:") for fid in stated)
    relabelled = any(fid.startswith("reaction:") for fid in stated) and "reaction" in text.lower()  # the listing's word
    first, _, rest = text.partition(" ")  # a name's word is no verb ("United States" is not "states")
    verbs = f"{first} {_CAPITALISED.sub(' ', rest)}"
    theirs = any(" ".join(facts[fid][0].split()[:len(facts[fid][1][0].split()) + 1]).lower() in text.lower()
                 for fid in stated if fid.startswith("reaction:"))  # "Orm defended ..."
    return attributed and (relabelled or not (lexicon.says("speech_verbs", verbs) or theirs))


def _says(lowered_sentence: str, value: str) -> bool:
    return bool(value) and re.search(rf"(?<!\w){re.escape(value.lower())}(?!\w)", lowered_sentence) is not None
