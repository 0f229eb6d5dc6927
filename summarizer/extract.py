"""Extract one article: narrow questions to the model, answers grounded into claims.

Every call on an article starts with the same system prompt and article text, so an engine
with prefix caching (llama.cpp, vLLM) reads the article once. A question that fails is listed
in `errors`; the other questions still count.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel

from summarizer import answers
from summarizer.dates import date_expression, resolve_date
from summarizer.errors import AnswerError
from summarizer.ground import ground_quote, mentions
from summarizer.ingest import evidence_text, model_view
from summarizer.llm import StructuredLLM
from summarizer.prompts import load_prompt
from summarizer.schemas import (
    CAMEO_CODES, Actor, Article, ArticleExtraction, CivilianHarm, Claim, DateClaim, Evidence, MatchStatus, Reaction,
    RejectedClaim, Stance, Usage,
)


@dataclass(frozen=True)
class Question:
    prompt: str  # prompt file name
    answer: type[BaseModel]
    max_tokens: int
    apply: Callable[[Any, ClaimBuilder, ArticleExtraction], None]


# What small models write for "not stated" when a string is allowed.
_PLACEHOLDERS = {"", "null", "none", "n/a", "na", "unknown", "not stated", "not specified", "not mentioned"}


class ClaimBuilder:
    """Turns (value, quote) pairs into grounded claims, and keeps what fails for audit."""

    def __init__(self, article: Article):
        self.article = article
        self.text = evidence_text(article)  # planted instructions blanked: never evidence
        self.rejected: list[RejectedClaim] = []

    def evidence(self, quote: str | None) -> Evidence:
        return ground_quote(self.article.id, self.text, quote)

    def claim(self, field: str, value: Any, quote: str | None, *, verbatim: bool = False) -> Claim | None:
        """A grounded claim, or None (and a rejection) when the article does not support it.

        `verbatim` values (names, places, dates as written) must themselves occur in the
        article; when the quote does not contain them, the value's own occurrence is the evidence.
        """
        if value is None or (isinstance(value, str) and value.strip().lower() in _PLACEHOLDERS):
            return None
        if type(value) is str:
            value = tidy(value)
        evidence = self.evidence(quote)
        quote_supports = evidence.grounded and (not verbatim or mentions(evidence.quote, value))
        if not quote_supports and type(value) is str:
            evidence = self.evidence(value)
            if evidence.match not in (MatchStatus.EXACT, MatchStatus.NORMALIZED):
                reason = "value does not occur in the article" if verbatim or not quote else \
                    "neither the quote nor the value occurs in the article"
                return self.reject(field, value, quote, reason)
        elif not quote_supports:
            return self.reject(field, value, quote, "quote does not occur in the article")
        return Claim[type(value)](value=value, evidence=evidence)

    def keep_if_in_article(self, field: str, value: str | None) -> str | None:
        if not value or value.strip().lower() in _PLACEHOLDERS:
            return None
        if mentions(self.text, value):
            return tidy(value)
        self.reject(field, value, None, "value does not occur in the article")
        return None

    def reject(self, field: str, value: Any, quote: str | None, reason: str) -> None:
        self.rejected.append(RejectedClaim(field=field, value=value, quote=quote, reason=reason))
        return None


def tidy(value: str) -> str:
    """Collapse whitespace and spaced initials ("U. S." -> "U.S."), as small models write them."""
    return _SPACED_INITIALS.sub(r"\1.", " ".join(value.split()))


_SPACED_INITIALS = re.compile(r"\b([A-Z])\. (?=[A-Z]\.)")


def _when(a: answers.WhenAnswer, b: ClaimBuilder, out: ArticleExtraction) -> None:
    written = _as_written(b, a.date_as_written, a.date_quote, date_expression)
    said = b.claim("event.date", written, a.date_quote, verbatim=True)
    if said is not None:
        value, basis = resolve_date(said.value, b.article.published)
        out.event.date = DateClaim(value=value, as_written=said.value, basis=basis, evidence=said.evidence)
    written = _as_written(b, a.time_as_written, a.time_quote, lambda q: q if len(q) <= SHORT_QUOTE else None)
    out.event.local_time = b.claim("event.local_time", written, a.time_quote, verbatim=True)


SHORT_QUOTE = 60


def _as_written(b: ClaimBuilder, value: str | None, quote: str | None,
                find_in_quote: Callable[[str], str | None]) -> str | None:
    """Small models often reword what they were told to copy ("4 January" for "Jan. 4"); when
    the value is not in the article, take the expression from the model's grounded quote."""
    if not value or mentions(b.text, value):
        return value
    evidence = b.evidence(quote)
    found = find_in_quote(evidence.quote) if evidence.grounded else None
    return found or value  # with neither, claim() rejects it and keeps the model's words for audit


def _where(a: answers.WhereAnswer, b: ClaimBuilder, out: ArticleExtraction) -> None:
    loc = out.event.location
    loc.country = b.claim("event.location.country", a.country, a.quote, verbatim=True)
    loc.city = b.claim("event.location.city", a.city_or_town, a.quote, verbatim=True)
    loc.site = b.claim("event.location.site", a.place_within_city, a.quote, verbatim=True)


def _attacker(a: answers.AttackerAnswer, b: ClaimBuilder, out: ArticleExtraction) -> None:
    out.event.perpetrator = b.claim("event.perpetrator", a.perpetrator, a.perpetrator_quote)
    out.event.weapon = b.claim("event.weapon", a.weapon, a.weapon_quote)


def _targets(a: answers.TargetsAnswer, b: ClaimBuilder, out: ArticleExtraction) -> None:
    seen: set[str] = set()
    for name in a.targets:
        claim = b.claim("event.targets", name, a.quote, verbatim=True)
        if claim is not None and claim.value.lower() not in seen:
            seen.add(claim.value.lower())
            out.event.targets.append(claim)
    out.event.target_group = b.claim("event.target_group", a.target_group, a.quote, verbatim=True)


def _casualties(a: answers.CasualtiesAnswer, b: ClaimBuilder, out: ArticleExtraction) -> None:
    # Small models count the "another member" sentence and forget the named leader; the list of
    # people killed, each of them in the article, is a floor under the stated number.
    listed = {tidy(p).lower() for p in a.killed_people if b.keep_if_in_article("event.killed_people", p)}
    killed = a.killed
    if listed and (killed is None or killed < len(listed)):
        killed = len(listed)
    for field, value, quote, words in (("killed", killed, a.killed_quote, _KILLED_WORDS),
                                       ("injured", a.injured, a.injured_quote, _INJURED_WORDS)):
        if value is not None and value < 0:
            b.reject(f"event.{field}", value, quote, "negative count")
        elif value is not None and quote and not words.search(quote):
            b.reject(f"event.{field}", value, quote, f"the quote does not speak of people {field}")
        else:
            setattr(out.event, field, b.claim(f"event.{field}", value, quote))


_KILLED_WORDS = re.compile(r"\b(kill|dead|death|died|die|slain|lives|bodies|fatal|perish)", re.IGNORECASE)
_INJURED_WORDS = re.compile(r"\b(injur|wound|hurt|casualt|hospital)", re.IGNORECASE)


_NO_CIVILIANS = re.compile(r"\bno (civilians?|non-combatants?|bystanders?)\b", re.IGNORECASE)


def _claims(a: answers.ClaimsAnswer, b: ClaimBuilder, out: ArticleExtraction) -> None:
    harm, quote = a.civilian_harm, a.civilian_harm_quote
    if harm is CivilianHarm.HARMED and quote and _NO_CIVILIANS.search(quote):
        b.reject("event.civilian_harm", harm, quote, "the quote says no civilians were harmed")
    elif harm is not None and (quote or harm is not CivilianHarm.UNCLEAR):
        out.event.civilian_harm = b.claim("event.civilian_harm", harm, quote)
    out.event.justification = b.claim("event.justification", a.justification, a.justification_quote)


def _actors(a: answers.ActorsAnswer, b: ClaimBuilder, out: ArticleExtraction) -> None:
    seen: set[str] = set()
    for item in a.actors:
        named = b.claim("actors.name", item.name, None, verbatim=True)
        if named is None or named.value.lower() in seen:
            continue
        seen.add(named.value.lower())
        aliases = [alias for alias in (b.keep_if_in_article("actors.aliases", x) for x in item.also_known_as)
                   if alias and alias.lower() != named.value.lower()]
        out.actors.append(Actor(
            name=named.value, aliases=list(dict.fromkeys(aliases)), kind=item.kind,
            title=b.keep_if_in_article("actors.title", item.title),
            affiliation=b.keep_if_in_article("actors.affiliation", item.affiliation),
            evidence=named.evidence,
        ))


def _reactions(a: answers.ReactionsAnswer, b: ClaimBuilder, out: ArticleExtraction) -> None:
    for item in a.reactions:
        evidence = b.evidence(item.quote)
        if not evidence.grounded:
            b.reject("reactions", item.model_dump(mode="json"), item.quote, "quote does not occur in the article")
            continue
        actor = b.keep_if_in_article("reactions.actor", item.actor)
        if actor is None:
            continue
        stance = checked_stance(item.stance, evidence.quote)
        out.reactions.append(Reaction(actor=actor, stance=stance, cameo=CAMEO_CODES[stance], evidence=evidence))


# Words that say which way a statement leans (CAMEO's verbs and the words reporters use for them).
# Small models often mislabel a stance; the quote's own words are checked instead.
_STANCE_WORDS: dict[Stance, re.Pattern[str]] = {
    Stance.THREATEN: re.compile(r"\b(vow|revenge|avenge|retaliat|ready to respond|will respond|threaten(s|ed)? to)",
                                re.IGNORECASE),
    Stance.CONDEMN: re.compile(r"\b(condemn|criticiz|criticis|denounc|deplor|aggression|violat|criminal|crime"
                               r"|unprovoked|outrage|cowardly|(?<!de-)(?<!de)escalation)", re.IGNORECASE),
    Stance.JUSTIFY: re.compile(r"\b(self[-\u2010-\u2015 ]?defen[cs]e|proportionate|right to (defend|respond|protect)"
                               r"|protect (our|its|their) (forces|personnel|troops|people))", re.IGNORECASE),
    Stance.CALL_FOR_RESTRAINT: re.compile(r"\b(restraint|de-?escalat|calm down|dialogue)", re.IGNORECASE),
    Stance.DENY: re.compile(r"\b(deny|denied|denies|not responsible|no involvement)", re.IGNORECASE),
    Stance.SUPPORT: re.compile(r"\b(welcome|prais|applaud|support(s|ed)? the (strike|operation|attack)"
                               r"|back(s|ed)? the (strike|operation))", re.IGNORECASE),
}


def checked_stance(stance: Stance, quote: str) -> Stance:
    """The model's label when the quote's words agree with it or show no stance; otherwise the
    strongest stance the words show (in the order of _STANCE_WORDS). "Support" needs words of
    support; without them it is neutral."""
    shown = [s for s, words in _STANCE_WORDS.items() if words.search(quote)]
    if stance in shown:
        return stance
    if shown:
        return shown[0]
    return Stance.NEUTRAL if stance is Stance.SUPPORT else stance


QUESTIONS: tuple[Question, ...] = (
    Question("when", answers.WhenAnswer, 256, _when),
    Question("where", answers.WhereAnswer, 256, _where),
    Question("attacker", answers.AttackerAnswer, 320, _attacker),
    Question("targets", answers.TargetsAnswer, 320, _targets),
    Question("casualties", answers.CasualtiesAnswer, 480, _casualties),
    Question("claims", answers.ClaimsAnswer, 400, _claims),
    Question("actors", answers.ActorsAnswer, 1400, _actors),
    Question("reactions", answers.ReactionsAnswer, 1200, _reactions),
)
SHARED_PROMPTS = ("system", "article")


def prompt_versions() -> dict[str, str]:
    """Every prompt an extraction uses, id -> version."""
    loaded = [load_prompt(name) for name in (*SHARED_PROMPTS, *(q.prompt for q in QUESTIONS))]
    return {p.id: p.version for p in loaded}


def extract_article(article: Article, llm: StructuredLLM,
                    on_question: Callable[[str], None] | None = None) -> ArticleExtraction:
    """All questions on one article. ProviderError and InputError end the article; a question
    the model cannot answer validly is listed in `errors` and the rest go on."""
    system, article_prompt = (load_prompt(name) for name in SHARED_PROMPTS)
    prefix = article_prompt.render(text=model_view(article))
    out = ArticleExtraction(article=article, usage=Usage())
    builder = ClaimBuilder(article)
    for question in QUESTIONS:
        prompt = load_prompt(question.prompt)
        messages = [
            {"role": "system", "content": system.render()},
            {"role": "user", "content": f"{prefix}\n\n{prompt.render()}"},
        ]
        versions = {p.id: p.version for p in (system, article_prompt, prompt)}
        try:
            answer = llm.ask(question.answer, messages, versions, out.usage, max_tokens=question.max_tokens)
        except AnswerError as exc:
            out.errors.append(f"{question.prompt}: {exc}")
        else:
            question.apply(answer, builder, out)
        if on_question is not None:
            on_question(question.prompt)
    out.rejected = builder.rejected
    return out
