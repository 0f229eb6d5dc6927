"""Extract one article: narrow questions to the model (facts.QUESTIONS), each answer grounded into
claims by its fact's module, then the checks that need every answer (facts.CHECKS).

Every call on an article starts with the same system prompt and article text, so an engine
with prefix caching (llama.cpp, vLLM) reads the article once. A question that fails is listed
in `errors`; the other questions still count.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from pydantic import BaseModel

from summarizer import answers
from summarizer.claims import ClaimBuilder
from summarizer.errors import AnswerError
from summarizer.facts import FACTS, QUESTIONS, Facts
from summarizer.ingest import model_view, visible
from summarizer.llm import StructuredLLM
from summarizer.planted import candidate_spans, sentences
from summarizer.prompts import load_prompt
from summarizer.schemas import Article, ArticleExtraction, Evidence, Usage

SHARED_PROMPTS = ("system", "article")


# Which one of the sentences the facts rest on, if any, instructs a model instead of reporting: asked after the questions.
INSTRUCTION_CHECK = "instruction"

# Which of some numbered sentences instruct the model (or the reader) instead of reporting: asked, before the
# questions, about the candidate sentences of the word lists (planted.py).
PLANTED_CHECK = "planted"


def prompt_versions() -> dict[str, str]:
    """Every prompt an extraction uses, id -> version."""
    loaded = [load_prompt(name) for name in (*SHARED_PROMPTS, *(q.prompt for q in QUESTIONS), PLANTED_CHECK, INSTRUCTION_CHECK)]
    return {p.id: p.version for p in loaded}


def extract_article(article: Article, llm: StructuredLLM, on_question: Callable[[str], None] | None = None,
                    facts: Facts = FACTS) -> ArticleExtraction:
    """All questions on one article. ProviderError and InputError end the article; a question the
    model cannot answer validly is listed in `errors` and the rest go on.

    With `llm.check_instructions`, every sentence a fact rests on is then put to the model in one more
    question (the article is the shared prefix, the answer one number): a sentence it names as an
    instruction to a model or program is hidden and the article read again without it (READINGS at
    most), so no fact rests on it. Off by default: the embedded model names news sentences too.
    """
    usage, errors = Usage(), []
    ask = asker(article, llm, usage, errors)
    notes: list[str] = []
    hidden = instructions_among(article, candidate_spans(article.text), [], ask, errors, notes)
    judged = set(hidden)
    for reading in range(1, READINGS + 1):
        del errors[:]
        out = _read(article, ask, hidden, facts, on_question if reading == 1 else None)
        if reading == READINGS or not llm.check_instructions:
            break
        unjudged = [s for s in _evidence_sentences(article, out) if s not in judged]
        judged.update(unjudged)
        found = instruction_among(article, unjudged, hidden, ask, errors, notes)
        if not found:
            break
        notes.append("a sentence a fact rested on was judged by the model to be an instruction to it, not "
                     "reporting: the article was read again without it")
        hidden = sorted([*hidden, *found])
    out.article = article.model_copy(update={"notes": [*article.notes, *notes]})
    out.errors, out.usage = list(errors), usage
    return out


def asker(article: Article, llm: StructuredLLM, usage: Usage, errors: list[str]) -> Callable[..., BaseModel | None]:
    """ask(prompt name, answer type, max tokens, hidden spans, **prompt values): one question on the article
    with `hidden` spans blanked, after the system prompt and the article (the prefix every call shares).
    A question the model cannot answer validly is added to `errors` and gives None."""
    system, article_prompt = (load_prompt(name) for name in SHARED_PROMPTS)

    def ask(name: str, answer: type[BaseModel], max_tokens: int, hidden: list[tuple[int, int]],
            **values: Any) -> BaseModel | None:
        prompt = load_prompt(name)
        prefix = article_prompt.render(text=model_view(article, hidden))
        messages = [
            {"role": "system", "content": system.render()},
            {"role": "user", "content": f"{prefix}\n\n{prompt.render(**values)}"},
        ]
        versions = {p.id: p.version for p in (system, article_prompt, prompt)}
        try:
            return llm.ask(answer, messages, versions, usage, max_tokens=max_tokens)
        except AnswerError as exc:
            errors.append(f"{name}: {exc}")
            return None

    return ask


# Readings of one article at most: each reading after the first hides the sentence the model named as an
# instruction among those the last reading's facts rested on (the third reading's are not put to it).
READINGS = 3


def _read(article: Article, ask: Callable[..., BaseModel | None], hidden: list[tuple[int, int]],
          facts: Facts, on_question: Callable[[str], None] | None) -> ArticleExtraction:
    """Every question of `facts` on the article with `hidden` spans blanked, then the checks."""
    out = ArticleExtraction(article=article, event=facts.strike_event())
    builder = ClaimBuilder(article, hidden)
    for question in facts.questions:
        answer = ask(question.prompt, question.answer, question.max_tokens, hidden, **question.values(builder))
        if answer is not None:
            question.apply(answer, builder, out)
        if on_question is not None:
            on_question(question.prompt)
    for check in facts.checks:
        check(builder, out)
    out.rejected = builder.rejected
    return out


def _evidence_sentences(article: Article, out: ArticleExtraction) -> list[tuple[int, int]]:
    """[start, end) of every sentence a fact of `out` rests on (its quote lies in or across it), in order."""
    quoted = [(e.start, e.end) for e in _evidence(out) if e.start is not None and e.end is not None]
    return [(s.start, s.end) for s in sentences(article.text)
            if s.text.strip() and any(a < s.end and s.start < b for a, b in quoted)]


def instruction_among(article: Article, spans: list[tuple[int, int]], hidden: list[tuple[int, int]],
                      ask: Callable[..., BaseModel | None], errors: list[str], notes: list[str]) -> list[tuple[int, int]]:
    """The one sentence at `spans` (those facts rest on), if any, that the model names as an instruction to
    a model or program instead of news."""
    answer = _numbered(INSTRUCTION_CHECK, answers.InstructionAnswer, 16, article, spans, hidden, ask, errors, notes)
    n = answer.number if answer is not None else None
    return [spans[n - 1]] if n and 1 <= n <= len(spans) else []


def _evidence(value: Any) -> Iterator[Evidence]:
    """Every Evidence inside a model, list or dict, however deep."""
    if isinstance(value, Evidence):
        yield value
    elif isinstance(value, BaseModel):
        for name in type(value).model_fields:
            yield from _evidence(getattr(value, name))
    elif isinstance(value, (list, tuple)):
        for item in value:
            yield from _evidence(item)
    elif isinstance(value, dict):
        for item in value.values():
            yield from _evidence(item)


def instructions_among(article: Article, spans: list[tuple[int, int]], hidden: list[tuple[int, int]],
                       ask: Callable[..., BaseModel | None], errors: list[str], notes: list[str]) -> list[tuple[int, int]]:
    """The sentences at `spans` (the word lists' unsure ones) that the model says instruct it (or the
    reader) instead of reporting: never evidence, and the questions do not show them."""
    answer = _numbered(PLANTED_CHECK, answers.PlantedAnswer, 128, article, spans, hidden, ask, errors, notes)
    found = [spans[n - 1] for n in dict.fromkeys(answer.instructions) if 1 <= n <= len(spans)] if answer else []
    if found:
        notes.append(f"{len(found)} sentence(s) the model judged to be instructions to it, not reporting: "
                     "not shown to the model, never evidence")
    return found


def _numbered(check: str, answer: type[BaseModel], max_tokens: int, article: Article, spans: list[tuple[int, int]],
              hidden: list[tuple[int, int]], ask: Callable[..., BaseModel | None], errors: list[str],
              notes: list[str]) -> Any:
    """The model's answer to the planted-instruction `check` about the sentences at `spans`, numbered (what
    the model reads of them: no invisible character). None when there is nothing to ask about (no call) or
    the check fails: a note then, not a failed question, and the sentences stand."""
    if not spans:
        return None
    asked = len(errors)
    got = ask(check, answer, max_tokens, hidden, candidates=[" ".join(visible(article.text[a:b]).split()) for a, b in spans])
    if got is None:
        notes.append(f"the check for planted instructions failed ({'; '.join(errors[asked:])}): "
                     f"{len(spans)} sentence(s) kept")
        del errors[asked:]
    return got
