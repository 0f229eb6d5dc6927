"""What the sources claim about the strike: harm to civilians, and the justification someone gives for
it (never the press describing it)."""

from __future__ import annotations

import re

from summarizer import answers, lexicon
from summarizer.claims import ClaimBuilder, by_rule, is_placeholder, says_a_strike, tidy
from summarizer.entities import acronym_of, parse_name
from summarizer.entities import names as entity_names
from summarizer.facts.attacker import struck_side
from summarizer.facts.speakers import sentence_subject
from summarizer.ground import sentence_of
from summarizer.ledger import MergeContext, attacker_names, merge_fact, merge_wording, most_articles
from summarizer.schemas import Actor, ActorKind, ArticleExtraction, CivilianHarm, Claim, Fact, Stance

HARM_RULE = "the value most articles give; 'unclear' never conflicts; harmed against none is a conflict"


def from_answer(a: answers.ClaimsAnswer, b: ClaimBuilder, out: ArticleExtraction) -> None:
    out.event.civilian_harm = _civilian_harm(a.civilian_harm, a.civilian_harm_quote, b)
    # Free text is the article's words: the model's wording when the article has it, else its quote.
    said = b.claim("event.justification", a.justification, a.justification_quote, verbatim=True)
    if said is None and a.justification and not is_placeholder(a.justification):
        quote = b.evidence(a.justification_quote)
        if quote.grounded:
            said = Claim[str](value=tidy(quote.quote), evidence=quote, corrected_from=a.justification,
                              rule="the model's wording is not in the article: its quote")
    if said is not None and not lexicon.says("reasons", sentence_of(b.text, said.evidence).quote):
        said = b.reject("event.justification", said.value, said.evidence.quote, "the sentence gives no reason")
    out.event.justification = said


def _civilian_harm(harm: CivilianHarm | None, quote: str | None, b: ClaimBuilder) -> Claim | None:
    """A civilian-harm label must agree with its quote: a quote saying no civilians were harmed is
    "none" whatever the label; "harmed" or "none" needs a quote that speaks of civilians. A "none"
    whose quote does not say so (or is not in the article) stands on the body's first sentence that
    does ("no civilians were among the victims"), when there is one; a "harmed" whose quote does not name
    civilians, on the body's first sentence that speaks of civilians killed or hurt."""
    if harm is None or (harm is CivilianHarm.UNCLEAR and not quote):
        return None
    if quote and lexicon.says("no_civilians", quote) and b.evidence(quote).grounded:
        said = b.claim("event.civilian_harm", CivilianHarm.NONE, quote)
        if said is not None and harm is not CivilianHarm.NONE:
            said = by_rule(said, "the quote says no civilians were harmed", harm)
        return said
    elif harm is CivilianHarm.NONE:
        said = next((s for s in b.body if lexicon.says("no_civilians", s.quote)), None)
        if said is None:
            return b.reject("event.civilian_harm", harm, quote, "no sentence of the article says no civilians were harmed")
        return Claim[CivilianHarm](value=harm, evidence=said,
                                   rule="the first sentence saying no civilians were harmed (the model's quote does not)")
    elif harm is not CivilianHarm.UNCLEAR and not lexicon.says("civilians", quote):
        said = next((s for s in b.body if harm is CivilianHarm.HARMED and _civilians_hurt(s.quote)), None)
        if said is None:
            return b.reject("event.civilian_harm", harm, quote, "the quote does not speak of civilians")
        return Claim[CivilianHarm](value=harm, evidence=said, rule="the first sentence speaking of civilians "
                                   "killed or hurt (the model's quote does not)")
    return b.claim("event.civilian_harm", harm, quote)


def _civilians_hurt(sentence: str) -> bool:
    """The sentence speaks of civilians and of killing or wounding, and does not say none were harmed."""
    return lexicon.says("civilians", sentence) and (lexicon.says("killed", sentence) or lexicon.says("injured", sentence)) \
        and not lexicon.says("no_civilians", sentence)


def justification_not_the_press(b: ClaimBuilder, out: ArticleExtraction) -> None:
    """A justification is a reason someone gives for the strike. A sentence whose speaker is the press
    ("..., the Tribune reported", "the agency said") describes the strike: no one's justification."""
    said = out.event.justification
    if said is None:
        return
    press = _the_press_speaking(sentence_of(b.text, said.evidence).quote, out.actors)
    if press:
        out.event.justification = b.reject("event.justification", said.value, said.evidence.quote,
                                           f"reported by the press ({press}), not a reason given for the strike")


def _the_press_speaking(sentence: str, actors: list[Actor]) -> str | None:
    """The sentence's speaker when it is the press: an actor of kind media, or a name with a word of the press."""
    subject = sentence_subject(sentence)
    if subject is None or subject.pronoun:
        return None
    who = subject.words.casefold()
    short = parse_name(subject.words)
    matching = [a for a in actors if any(x.casefold() in who or (len(who) >= 3 and who in x.casefold())
                                         or acronym_of(short, parse_name(x)) for x in [a.name, *a.aliases])]
    names = [subject.words, *(n for a in matching for n in [a.name, *a.aliases])]
    if any(a.kind is ActorKind.MEDIA for a in matching) or any(lexicon.says("press", n) for n in names):
        return subject.words
    return None


ATTACKER_GIVES = "the first sentence in which the attacker gives a reason"


def justification_said_by_the_attacker(b: ClaimBuilder, out: ArticleExtraction) -> None:
    """When the model gave no usable justification: the first sentence of the body in which the attacker
    speaks of the strike and gives a reason (its speaker or first words name the attacker, or "the group
    said" when the attacker is an armed group); else the first in which the attacker is named with a verb
    of speaking and a reason; never the press's report nor a condemnation. Else the first statement the
    reactions found justifying the strike, when it gives a reason."""
    if out.event.justification is not None or out.event.perpetrator is None:
        return
    perpetrator = out.event.perpetrator.value
    attacker = [w for w in re.findall(r"[^\W\d_]{3,}", lexicon.fold(perpetrator).lower())
                if not lexicon.says("leading_articles", w)]
    if not attacker:
        return

    def names_the_attacker(sentence: str) -> bool:
        words = re.findall(r"[^\W\d_]+", lexicon.fold(sentence).lower())
        return all(any(w.startswith(a) for w in words) for a in attacker)

    def the_attacker_on_the_strike(sentence: str) -> bool:
        return says_a_strike(sentence) and (_the_group_speaking(sentence, out) or (
            _given_by(sentence, [perpetrator]) and names_the_attacker(sentence)))

    reasons = [s for s in b.body if lexicon.says("speech_verbs", s.quote) and lexicon.says("reasons", s.quote)
               and not _the_press_speaking(s.quote, out.actors) and not _condemns(s.quote)]
    found = next((s for s in reasons if the_attacker_on_the_strike(s.quote)), None) or \
        next((s for s in reasons if names_the_attacker(s.quote)), None)
    if found is not None:
        out.event.justification = Claim[str](value=tidy(found.quote), evidence=found, rule=ATTACKER_GIVES)
        return
    # else a statement that justifies the strike (the stance says the speaker is on the side that struck)
    for reaction in out.reactions:
        if reaction.stance is Stance.JUSTIFY and lexicon.says("reasons", reaction.evidence.quote):
            out.event.justification = Claim[str](value=tidy(reaction.evidence.quote), evidence=reaction.evidence,
                                                 rule="a statement justifying the strike that gives a reason")
            return


def merge_justification(name: str, claims: list[Claim], ctx: MergeContext) -> Fact:
    """The wording most articles share, of those the attacker gives: a sentence whose speaker, or whose
    first words, name the briefing's perpetrator ("Redland's army said ... to stop ...", "Redland struck
    ... in response to ..."); of all wordings when none does. A reason some other side reports for the
    strike is kept listed, not shown."""
    names = attacker_names(ctx.merged.get("perpetrator"))
    struck = struck_side(ctx)  # an article that took the struck side for the attacker found its words, not a reason
    attackers = {x.article.id: ctx.entity_key(x.event.perpetrator.value) for x in ctx.extractions
                 if x.event.perpetrator is not None}
    given = [c for c in claims if names and _given_by(c.evidence.quote, names)]
    claims_kept = [c for c in claims if c in given or not (c.rule == ATTACKER_GIVES
                                                           and attackers.get(c.evidence.article_id) in struck)]
    about = [c for c in given if says_a_strike(c.evidence.quote)]  # not "it does not respond to reports"
    fact = merge_wording(name, about or given or claims_kept or claims, ctx)
    fact.claims = claims
    return fact


def _condemns(sentence: str) -> bool:
    """The sentence condemns (and does not defend): who condemns a strike gives no reason for it."""
    stances = lexicon.shown("stances", sentence)
    return Stance.CONDEMN.value in stances and Stance.JUSTIFY.value not in stances


def _the_group_speaking(sentence: str, out: ArticleExtraction) -> bool:
    """"The group said ...", in an article whose attacker is an armed group or militia: the attacker speaks."""
    subject = sentence_subject(sentence)
    own = [w for w in (subject.words.split() if subject is not None and not subject.pronoun else [])
           if not lexicon.says("leading_articles", w)]
    attacker = parse_name(out.event.perpetrator.value).key if out.event.perpetrator is not None else None
    kinds = {a.kind for a in out.actors if parse_name(a.name).key == attacker}
    return len(own) == 1 and lexicon.says("group_words", own[0]) and bool(kinds & {ActorKind.ARMED_GROUP, ActorKind.MILITIA})


def _given_by(sentence: str, names: list[str]) -> bool:
    """The sentence's speaker, or its first words (its subject), name one of `names`; a speaker named
    only by an institution ("the military said") is the attacker the article is about."""
    subject = sentence_subject(sentence)
    speaker = subject.words if subject is not None and not subject.pronoun else ""
    own = [w for w in speaker.split() if not lexicon.says("leading_articles", w)]
    if own and all(lexicon.says("institutions", w) for w in own):
        return True
    return any(entity_names(w, n) for w in (" ".join(sentence.split()[:4]), speaker) if w for n in names)


def merge_civilian_harm(name: str, claims: list[Claim], ctx: MergeContext) -> Fact:
    return ctx.add(*merge_fact(f"event.{name}", claims, key=lambda v: v, rule=HARM_RULE,
                               choose=lambda g: most_articles({k: v for k, v in g.items() if k != "unclear"} or g),
                               compatible=lambda a, b: "unclear" in (a, b)))
