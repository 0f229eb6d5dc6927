"""Reactions: each statement the model picked, said by the speaker its sentence names, with the stance
its own words show; merged per actor, most reported stance first."""

from __future__ import annotations

from collections import Counter
from collections.abc import Hashable
from typing import Any

from summarizer import answers, lexicon
from summarizer.claims import ClaimBuilder, by_rule
from summarizer.entities import Entity, Resolver, is_name, parse_name, refines
from summarizer.facts.speakers import Subject, is_the_press, sentence_subject, speaker, subject_names
from summarizer.ingest import visible
from summarizer.ledger import independent_sources
from summarizer.schemas import (
    CAMEO_CODES,
    Actor,
    BriefingActor,
    ArticleExtraction,
    BriefingReaction,
    Evidence,
    Reaction,
    Stance,
    Statement,
)


def from_answer(a: answers.ReactionsAnswer, b: ClaimBuilder, out: ArticleExtraction) -> None:
    """Each statement the model picked, said by the speaker its sentence names; the model's speaker
    only where the sentence does not name one ("he said") and the article names it nearby."""
    for item in a.reactions:
        if not 1 <= item.n <= len(b.statements):
            b.reject("reactions", item.model_dump(mode="json"), None, "no sentence has that number")
            continue
        said = b.keep_if_in_article("reactions.actor", item.speaker)
        evidence = b.statements[item.n - 1]
        rules: list[str] = []
        actor = _statement_speaker(b, evidence, said, out.actors)
        if actor is None and said is not None:  # small models miscount: the next or previous sentence names it
            evidence, actor = next(((s, said) for s in _neighbours(b, item.n) if subject_names(sentence_subject(s.quote), said)),
                                   (evidence, None))
            rules += ["the next or previous statement names the speaker"] if actor else []
        if actor is None:
            b.reject("reactions.actor", item.speaker, evidence.quote, "the sentence does not name that speaker")
            continue
        if said is not None and actor != said:
            rules.append("the speaker the statement names")
        stance = checked_stance(item.stance, evidence.quote)
        if stance is not item.stance:  # the words are not in the sentence: the model may have miscounted
            evidence, stance = next(((s, item.stance) for s in _neighbours(b, item.n)
                                     if item.stance.value in lexicon.shown("stances", s.quote)
                                     and _statement_speaker(b, s, actor, out.actors) == actor), (evidence, stance))
            rules.append("the stance the statement's own words show" if stance is not item.stance
                         else "the next or previous statement shows the model's stance")
        if any(r.actor == actor and r.evidence.start == evidence.start for r in out.reactions):
            continue
        if is_the_press(actor, out.actors):  # measured: keeping the outlet as an actor (a remark) costs actors F1
            b.reject("reactions.actor", actor, evidence.quote, "the press reports the strike; it does not react to it")
            continue
        out.reactions.append(Reaction(actor=actor, stance=stance, cameo=CAMEO_CODES[stance], evidence=evidence,
                                      rule="; ".join(rules) or None,
                                      corrected_from=item.model_dump(mode="json") if rules else None))
    # Whoever else a statement names as its speaker takes part too: a remark (neutral, so no reaction
    # in the briefing) keeps them among the actors; the model lists at most a dozen statements.
    picked = {r.evidence.start for r in out.reactions}
    for sentence in b.statements:
        # with no speaker from the model, only a name the sentence itself gives
        actor = _statement_speaker(b, sentence, None, out.actors) if sentence.start not in picked else None
        if actor is not None and not is_the_press(actor, out.actors):
            out.reactions.append(Reaction(actor=actor, stance=Stance.NEUTRAL, cameo=CAMEO_CODES[Stance.NEUTRAL],
                                          evidence=sentence, rule="a statement naming its speaker the model did not pick"))


def _neighbours(b: ClaimBuilder, n: int) -> list[Evidence]:
    """The statements numbered just after and just before n (a small model's count is often off by one)."""
    return [b.statements[i] for i in (n, n - 2) if 0 <= i < len(b.statements)]


def _statement_speaker(b: ClaimBuilder, sentence: Evidence, said: str | None, actors: list[Actor]) -> str | None:
    subject = sentence_subject(sentence.quote)
    if subject is not None and subject.name:
        return b.keep_if_in_article("reactions.actor", subject.words)  # with its title: it says a person
    if said is None or not is_name(said):
        return None
    if subject is None:
        return speaker(b.text, sentence, said, [n for x in actors for n in (x.name, *x.aliases)])
    if subject.pronoun:  # the model's name when the article names it in the last few sentences
        at = next((i for i, s in enumerate(b.body) if s.start == sentence.start), 0)
        nearby = Subject(" ".join(s.quote for s in b.body[max(0, at - 3):at + 1]), False)
        return said if subject_names(nearby, said) else None
    return said if subject_names(subject, said) else None  # "the military said": the name it describes


def statements(b: ClaimBuilder) -> dict[str, Any]:
    return {"statements": [" ".join(visible(s.quote).split()) for s in b.statements]}


def checked_stance(stance: Stance, quote: str) -> Stance:
    """The model's label when the quote's words agree with it or show no stance; otherwise the
    strongest stance the words show (the lexicon's order). Small models often mislabel a stance;
    the quote's own words are checked instead. "Support", "deny", "call for restraint" and "threaten"
    need their words, else neutral (a small model gives plain reports these labels); "condemn",
    "accuse" and "justify" keep the model's label."""
    shown = [Stance(s) for s in lexicon.shown("stances", quote)]
    if stance in shown:
        return stance
    if shown:
        return shown[0]
    return Stance.NEUTRAL if stance in _NEED_THEIR_WORDS else stance


_NEED_THEIR_WORDS = (Stance.SUPPORT, Stance.DENY, Stance.CALL_FOR_RESTRAINT, Stance.THREATEN)


ATTACKER_RULE = "the attacker's side accusing or condemning (the target) justifies the strike"


def merge_reactions(extractions: list[ArticleExtraction], resolver: Resolver, actor_ids: dict[Entity, str],
                    attacker: list[str] = (), actors: list[BriefingActor] = ()) -> list[BriefingReaction]:
    """Per actor, most reported stance first. `attacker`: the names of the strike's perpetrator; a
    statement of its side (the perpetrator, a part of it, one affiliated with it) that accuses or
    condemns justifies the strike: it blames the target, not the strike."""
    grouped: dict[Hashable, list[Statement]] = {}
    names: dict[Hashable, tuple[str | None, str]] = {}
    affiliations = {a.id: a.affiliations for a in actors}
    for x in extractions:
        for r in x.reactions:
            entity = resolver.find(r.actor)
            if entity is not None and entity not in actor_ids:
                continue  # a place, a byline or a description ("Residents"), not an actor
            key = entity if entity is not None else parse_name(r.actor).key
            names[key] = (actor_ids.get(entity), entity.name) if entity else (None, r.actor)
            statements = grouped.setdefault(key, [])
            said = Statement(stance=r.stance, cameo=r.cameo, said_as=r.actor, evidence=r.evidence, rule=r.rule,
                              corrected_from=r.corrected_from)
            known = [r.actor, *(n.surface for n in entity.names)] if entity is not None else [r.actor]
            if r.stance in (Stance.ACCUSE, Stance.CONDEMN) and on_the_side_of(
                    attacker, known + affiliations.get(actor_ids.get(entity) if entity else None, [])):
                said = by_rule(said, ATTACKER_RULE, r.stance.value, stance=Stance.JUSTIFY,
                               cameo=CAMEO_CODES[Stance.JUSTIFY])
            same = next((i for i, s in enumerate(statements) if s.evidence.quote == r.evidence.quote), None)
            if same is None:
                statements.append(said)
            elif statements[same].stance is Stance.NEUTRAL and r.stance is not Stance.NEUTRAL:
                statements[same] = said  # a copied article's same words, where the model saw a stance
    merged = []
    for key, statements in grouped.items():
        if all(s.stance is Stance.NEUTRAL for s in statements):
            continue  # remarks that take no stance are not reactions
        # most reported first; a neutral remark never outweighs a stance taken
        counts = Counter(s.stance for s in statements).most_common()
        stances = [s for s, _ in sorted(counts, key=lambda sc: (sc[0] is Stance.NEUTRAL, -sc[1]))]
        actor_id, name = names[key]
        merged.append(BriefingReaction(
            actor_id=actor_id, actor=name, stance=stances[0], cameo=CAMEO_CODES[stances[0]], stances=stances,
            sources=list(dict.fromkeys(s.evidence.article_id for s in statements)), statements=statements))
    return sorted(merged, key=lambda r: -independent_sources(r.sources))


def on_the_side_of(attacker: list[str], names: list[str]) -> bool:
    """One of the speaker's names or affiliations is the attacker or a part of it ("Redland's army" of
    "Redland")."""
    return any(parse_name(n).key == parse_name(side).key or refines(n, side, "institutions")
               for side in attacker for n in names)
