"""Extract one article: narrow questions to the model (facts.QUESTIONS), each answer grounded into
claims by its fact's module, then the checks that need every answer (facts.CHECKS).

Every call on an article starts with the same system prompt and article text, so an engine
with prefix caching (llama.cpp, vLLM) reads the article once. A question that fails is listed
in `errors`; the other questions still count.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from pydantic import BaseModel

from summarizer import answers
from summarizer.claims import ClaimBuilder
from summarizer.errors import AnswerError
from summarizer.facts import FACTS, QUESTIONS, Facts
from summarizer.ingest import model_view
from summarizer.llm import StructuredLLM
from summarizer.planted import candidate_spans
from summarizer.prompts import load_prompt
from summarizer.schemas import Article, ArticleExtraction, Usage

SHARED_PROMPTS = ("system", "article")


# Asked only about an article that has candidate sentences (planted.py): which of them instruct the model.
PLANTED_CHECK = "planted"


def prompt_versions() -> dict[str, str]:
    """Every prompt an extraction uses, id -> version."""
    loaded = [load_prompt(name) for name in (*SHARED_PROMPTS, *(q.prompt for q in QUESTIONS), PLANTED_CHECK)]
    return {p.id: p.version for p in loaded}


def extract_article(article: Article, llm: StructuredLLM, on_question: Callable[[str], None] | None = None,
                    facts: Facts = FACTS) -> ArticleExtraction:
    """All questions on one article. ProviderError and InputError end the article; a question the
    model cannot answer validly is listed in `errors` and the rest go on."""
    system, article_prompt = (load_prompt(name) for name in SHARED_PROMPTS)
    out = ArticleExtraction(article=article, usage=Usage(), event=facts.strike_event())

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
            return llm.ask(answer, messages, versions, out.usage, max_tokens=max_tokens)
        except AnswerError as exc:
            out.errors.append(f"{name}: {exc}")
            return None

    hidden = _instructions_found_by_the_model(article, out, ask)
    builder = ClaimBuilder(out.article, hidden)
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


def _instructions_found_by_the_model(article: Article, out: ArticleExtraction,
                                     ask: Callable[..., BaseModel | None]) -> list[tuple[int, int]]:
    """The candidate sentences (planted.py: they name a machine reader or speak to someone with an
    order, but the word lists are not sure) that the model says instruct it instead of reporting:
    never evidence, and the questions do not show them. No call when there is no candidate."""
    candidates = candidate_spans(article.text)
    if not candidates:
        return []
    asked = len(out.errors)
    answer = ask(PLANTED_CHECK, answers.PlantedAnswer, 128, [],
                 candidates=[" ".join(article.text[a:b].split()) for a, b in candidates])
    if answer is None:  # a note, not a failed question: the candidates are kept (the lists come first)
        failed = "; ".join(out.errors[asked:])
        del out.errors[asked:]
        note = f"the check for planted instructions failed ({failed}): {len(candidates)} candidate sentence(s) kept"
        out.article = out.article.model_copy(update={"notes": [*out.article.notes, note]})
        return []
    hidden = [candidates[n - 1] for n in dict.fromkeys(answer.instructions) if 1 <= n <= len(candidates)]
    if hidden:
        note = (f"{len(hidden)} sentence(s) the model judged to be instructions to it, not reporting: "
                "not shown to the model, never evidence")
        out.article = out.article.model_copy(update={"notes": [*out.article.notes, note]})
    return hidden


