"""Resolve the actors of all articles into one list: which names are one actor (entities.py), which
are no actors at all (places, bylines, descriptions), where each is mentioned, and each person's rank."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from functools import cache

from rapidfuzz import fuzz, process

from summarizer import lexicon
from summarizer.entities import (
    Entity,
    Mention,
    Resolver,
    is_name,
    parse_name,
    rank_patterns,
    strip_title,
)
from summarizer.ingest import is_page_furniture
from summarizer.places import written_as_place
from summarizer.schemas import (
    Actor,
    ActorKind,
    ArticleExtraction,
    BriefingActor,
    Conflict,
    ConflictValue,
    Evidence,
    MatchStatus,
    RankClaim,
)

# rapidfuzz ratio: an alias this near a name that an article lists as another actor beside the actor's own
# name is that other actor ("Orm Bruderhood" of "Orm Brotherhood": 83), whatever one article's model says.
KEPT_APART = 75


def resolve_actors(extractions: list[ArticleExtraction]) -> Resolver:
    mentions: list[Mention] = []
    apart = _listed_apart(extractions)
    for x in extractions:
        aid = x.article.id
        for actor in x.actors:
            aliases = tuple(a for a in actor.aliases if not _kept_apart(actor.name, a, apart))
            mentions.append(Mention(actor.name, aid, actor.kind.value == "person", aliases))
        # a speaker written with a title ("Col. Mira Hale said") is a person: "Hale said" is then hers
        mentions += [Mention(r.actor, aid, True if strip_title(r.actor) != r.actor else None) for r in x.reactions]
        mentions += [Mention(t.value, aid) for t in x.event.targets if is_name(t.value)]
        for claim in (x.event.perpetrator, x.event.target_group):
            if claim is not None and is_name(claim.value):
                mentions.append(Mention(claim.value, aid))
    return Resolver(mentions)


def _listed_apart(extractions: list[ArticleExtraction]) -> dict[str, list[str]]:
    """Each actor's name (by key) -> the names of the other actors an article lists beside it."""
    apart: dict[str, set[str]] = defaultdict(set)
    for x in extractions:
        keys = {parse_name(a.name).key for a in x.actors}
        for key in keys:
            apart[key] |= keys - {key}
    return {key: sorted(others) for key, others in apart.items()}


def _kept_apart(name: str, alias: str, apart: dict[str, list[str]]) -> bool:
    """Whether an article lists the alias (or a near spelling of it) as another actor beside the name:
    an alias never joins two actors the articles keep apart (a group and its ally, a state and its agency)."""
    others = apart.get(parse_name(name).key)
    return bool(others) and process.extractOne(parse_name(alias).key, others, scorer=fuzz.ratio,
                                               score_cutoff=KEPT_APART) is not None


def build_actors(resolver: Resolver, extractions: list[ArticleExtraction]
                 ) -> tuple[list[BriefingActor], list[Conflict], dict[Entity, str]]:
    """One actor per resolved entity (named ones only), with the articles naming it and, for
    people, the rank each article writes before the name. Also returns entity -> actor id."""
    texts = {x.article.id: x.article.text for x in extractions}
    extracted: dict[Entity, list[tuple[str, Actor]]] = defaultdict(list)  # what the model said of each
    for x in extractions:
        for a in x.actors:
            if (entity := resolver.find(a.name)) is not None:
                extracted[entity].append((x.article.id, a))
    built: list[tuple[Entity, BriefingActor]] = []
    places = {c.value.casefold() for x in extractions for c in (x.event.location.city, x.event.location.site)
              if c is not None}
    listed = {item.casefold() for t in texts.values() for items in _name_lists(t)  # listed with a struck place
              if places & {i.casefold() for i in items} for item in items}
    for entity in resolver.entities:
        if not any(is_name(n.surface) for n in entity.names) or _is_place(entity, places, listed, extracted[entity], texts) \
                or _only_in_page_furniture(entity, texts) or _is_description(entity, extracted[entity], texts):
            continue
        mentions = _find_mentions(entity, texts)
        kinds = Counter(a.kind for _, a in extracted[entity])
        roles: dict[str, list[str]] = defaultdict(list)
        for article_id, a in extracted[entity]:
            if a.title and article_id not in roles[a.title]:
                roles[a.title].append(article_id)
        affiliations = list(dict.fromkeys(a.affiliation for _, a in extracted[entity] if a.affiliation))
        ranks = _find_ranks(entity, texts) if entity.person else []
        built.append((entity, BriefingActor(
            id="", name=entity.name, aliases=entity.aliases, kind=kinds.most_common(1)[0][0] if kinds else None,
            articles=list(dict.fromkeys(m.article_id for m in mentions)
                          | dict.fromkeys(m.article_id for m in entity.mentions)),
            ranks=ranks, roles=dict(roles), affiliations=affiliations, mentions=mentions,
        )))
    order = {x.article.id: i for i, x in enumerate(extractions)}
    built.sort(key=lambda pair: (-len(pair[1].articles), min((order.get(a, 99) for a in pair[1].articles),
                                                             default=99), pair[1].name))
    actors, conflicts, ids = [], [], {}
    for i, (entity, actor) in enumerate(built, 1):
        actor.id = ids[entity] = f"a{i}"
        actor.articles.sort(key=lambda a: order.get(a, 99))
        actor.rank, conflict = _merge_ranks(actor)
        if conflict:
            conflicts.append(conflict)
        actors.append(actor)
    return actors, conflicts, ids


def _is_place(entity: Entity, places: set[str], listed: set[str], said: list[tuple[str, Actor]],
              texts: dict[str, str]) -> bool:
    """Every name of the entity is a place: where a strike hit, a name holding a place word, (for
    what the model did not call a state, government, person or group) a name written after "in", or
    (unless the model called it a person) a name `listed` with a place the strike hit."""
    other = all(a.kind is ActorKind.OTHER for _, a in said)
    person = any(a.kind is ActorKind.PERSON for _, a in said)
    return all(n.surface.casefold() in places or lexicon.says("place_words", n.surface)
               or (other and any(written_as_place(t, n.surface) for t in texts.values()))
               or (not person and n.surface.casefold() in listed)
               for n in dict.fromkeys(entity.names))  # each distinct name once: a long article repeats them


_NAME = r"[A-Z][\w'\u2019-]*(?: [A-Z][\w'\u2019-]*){0,2}"


@cache
def _name_list() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """A list of names ("Orm, Karsk, Vell Bay and Tarn"), and what separates its names."""
    joined = lexicon.alternation("conjunctions")
    return (re.compile(rf"{_NAME}(?:, {_NAME})+,? (?:{joined}) {_NAME}|{_NAME}(?:, {_NAME}){{2,}}"),
            re.compile(rf",? (?:{joined}) |, "))


def _name_lists(text: str) -> list[list[str]]:
    """The lists of names the text writes ("Orm, Karsk, Vell Bay and Tarn"): a name listed with a place
    the strike hit ("missiles hit Port Vell, Orm and Karsk") is a place too."""
    names, separator = _name_list()
    return [separator.split(m.group()) for m in names.finditer(text)]


def _is_description(entity: Entity, said: list[tuple[str, Actor]], texts: dict[str, str]) -> bool:
    """A description, not a name ("Residents", "Local journalist"): a short name whose every word
    the articles also write in lower case, for what the model called a person or other, or for a
    speaker only a statement names ("Villagers said") unless it names an institution ("Interior Ministry")."""
    words = {w for n in entity.names for w in re.findall(r"[^\W\d_]+", n.surface)}
    if any(a.kind not in (ActorKind.PERSON, ActorKind.OTHER) for _, a in said):
        return False
    if not said and any(lexicon.says("institutions", w) for w in words):
        return False
    if not words or any(len(n.surface.split()) > 2 for n in entity.names) or any(w.isupper() for w in words):
        return False  # an acronym ("US") is a name, whatever "told us" says
    return all(any(re.search(rf"(?<![\w-]){re.escape(w.lower())}(?![\w-])", t) for t in texts.values())
               for w in words)


def _only_in_page_furniture(entity: Entity, texts: dict[str, str]) -> bool:
    """Named only in bylines and page headers: an author, not an actor."""
    surfaces = {n.surface for n in entity.names}
    patterns = [p for p in map(_name_pattern, surfaces) if p is not None]
    spots = [(text, m.start()) for text in texts.values() for p in patterns for m in p.finditer(text)]
    return bool(spots) and all(is_page_furniture(text, start) for text, start in spots)


def _name_pattern(surface: str) -> re.Pattern[str] | None:
    words = re.findall(r"[\w']+", surface)
    if not words:
        return None
    body = r"[\s\-]+".join(re.escape(w) for w in words)
    acronym = surface.replace(".", "").isupper()
    return re.compile(rf"(?<![\w-]){body}(?![\w-])", 0 if acronym else re.IGNORECASE)


def _surnames(entity: Entity) -> set[str]:
    """A person's surname alone ('Hale') also counts as a mention."""
    if not entity.person:
        return set()
    return {n.surface.split()[-1] for n in entity.names if len(n.surface.split()) >= 2
            and len(n.surface.split()[-1]) >= 4 and not n.is_acronym}


def _find_mentions(entity: Entity, texts: dict[str, str]) -> list[Evidence]:
    surfaces = {n.surface for n in entity.names} | _surnames(entity)
    patterns = [p for p in map(_name_pattern, sorted(surfaces, key=len, reverse=True)) if p is not None]
    found = []
    for article_id, text in texts.items():
        hits = [m for p in patterns if (m := p.search(text))]
        if hits:
            first = min(hits, key=lambda m: m.start())
            found.append(Evidence(article_id=article_id, quote=first.group(), start=first.start(),
                                  end=first.end(), match=MatchStatus.EXACT))
    return found


# A bare family rank ("Gen. Hale" on second reference) agrees with any rank of its family.
_RANK_FAMILY = {"General": {"Lieutenant General", "Major General", "Brigadier General"},
                "Colonel": {"Lieutenant Colonel"}, "Admiral": {"Vice Admiral", "Rear Admiral"}}


def _find_ranks(entity: Entity, texts: dict[str, str]) -> list[RankClaim]:
    surnames = _surnames(entity) | {n.surface for n in entity.names if len(n.surface.split()) == 1
                                    and not n.is_acronym}
    if not surnames:
        return []
    names = "|".join(re.escape(s) for s in sorted(surnames, key=len, reverse=True))
    ranks = rank_patterns()
    alternatives = "|".join(f"(?P<r{i}>{pattern})" for i, pattern in enumerate(ranks.values()))
    pattern = re.compile(rf"\b(?:{alternatives})\s+(?:[A-Z][\w.'-]*\s+){{0,3}}?(?:{names})\b")
    canonical = list(ranks)
    claims = []
    for article_id, text in texts.items():
        for m in pattern.finditer(text):
            group = next(g for g, v in m.groupdict().items() if v is not None)
            claims.append(RankClaim(
                value=canonical[int(group[1:])], as_written=m.group(group),
                evidence=Evidence(article_id=article_id, quote=m.group(), start=m.start(), end=m.end(),
                                  match=MatchStatus.EXACT)))
    return claims


def _rank_agrees(a: str, b: str) -> bool:
    return a == b or b in _RANK_FAMILY.get(a, ()) or a in _RANK_FAMILY.get(b, ())


def _merge_ranks(actor: BriefingActor) -> tuple[str | None, Conflict | None]:
    if not actor.ranks:
        return None, None
    specific = [r for r in actor.ranks if r.value not in _RANK_FAMILY] or actor.ranks
    distinct = list(dict.fromkeys(r.value for r in specific))
    if all(_rank_agrees(a, b) for a in distinct for b in distinct):
        return distinct[0], None
    values = [ConflictValue(value=v, articles=list(dict.fromkeys(r.evidence.article_id for r in specific
                                                                 if r.value == v)),
                            quotes=[r.evidence for r in specific if r.value == v]) for v in distinct]
    return None, Conflict(field=f"actor {actor.id} ({actor.name}) rank", values=values,
                          resolution="articles give different ranks; no rank is shown as fact")
