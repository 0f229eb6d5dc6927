"""Targets and the target group: who or what the strike aimed at, never a place or the strike itself;
a target named by one article when others agree on theirs is unconfirmed; the group a target belongs to."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Hashable

import pycountry

from summarizer import answers, lexicon
from summarizer.claims import ClaimBuilder, by_rule
from summarizer.entities import Entity, Resolver, is_name, parse_name, refines
from summarizer.entities import names as entity_names
from summarizer.facts.reactions import on_the_side_of
from summarizer.ledger import MergeContext, attacker_names, fact_status, independent_sources, source_articles
from summarizer.ground import sentence_of
from summarizer.places import country_code, places_written, written_as_place
from summarizer.schemas import (
    Actor,
    ActorKind,
    ActorRef,
    ArticleExtraction,
    BriefingActor,
    BriefingEvent,
    CivilianHarm,
    Claim,
    Fact,
    FactStatus,
)

GROUP_RULE = "no article names the target group, but a target is itself an armed side: that side"


def from_answer(a: answers.TargetsAnswer, b: ClaimBuilder, out: ArticleExtraction) -> None:
    """People, groups and objects aimed at; never a place (the location's job) or the strike itself."""
    where = [c.value for c in (out.event.location.city, out.event.location.country) if c is not None]
    seen: set[str] = set()
    for name in a.targets:
        claim = b.claim("event.targets", name, a.quote, verbatim=True)
        if claim is None or claim.value.lower() in seen:
            continue
        if not_a_target(claim.value, where, b.text):
            b.reject("event.targets", claim.value, a.quote, "a place or the strike itself, not a target")
            continue
        if people_counted(claim.value):
            b.reject("event.targets", claim.value, a.quote, "a number of people hurt, not what the strike aimed at")
            continue
        seen.add(claim.value.lower())
        out.event.targets.append(claim)
    group = b.claim("event.target_group", a.target_group, a.quote, verbatim=True)
    if group is not None and not_a_target(group.value, where, b.text, group=True):
        group = b.reject("event.target_group", group.value, a.quote, "a place or the strike itself, not a group")
    out.event.target_group = group


def not_a_target(name: str, where: list[str], text: str = "", group: bool = False) -> bool:
    """A place (the strike's city or country, one of their parts, a district, a name the article
    writes after "in"), the strike itself or its weapon ("guided missiles")."""
    head = (re.findall(r"[\w'-]+", name) or [""])[-1]  # "guided missiles" is a weapon, "rocket launchers" not
    return (lexicon.says("place_words", name) or lexicon.says("strike_words", head) or lexicon.shown("weapons", head)
            or any(name.strip().lower() == w.strip().lower() or refines(name, w, "place_parts") for w in where)
            or (not group and written_as_place(text, name)))


def people_counted(name: str) -> bool:
    """A number, or people counted as victims ("dozens", "all women and children", "three civilians"):
    who was hurt, which the casualty figures say, not what the strike aimed at."""
    words = re.findall(r"[^\W\d_][\w'-]*|\d+", name)
    counted = [w for w in words if w.isdigit() or any(lexicon.says(k, w) for k in _COUNTED)]
    return bool(counted) and all(w in counted or any(lexicon.says(k, w) for k in _FILLERS) for w in words)


_COUNTED = ("numbers", "vague_numbers", "civilians", "part_of_victims")
_FILLERS = ("determiners", "conjunctions", "leading_articles")


def _is_state(name: str, actors: list[Actor]) -> bool:
    """A country (ISO 3166, via pycountry) or what the actors answer calls a state or government: a
    person's nationality or employer, not the group a target belongs to."""
    try:
        pycountry.countries.lookup(name.strip())
        return True
    except LookupError:
        key = parse_name(name).key
        return any(parse_name(a.name).key == key and a.kind in (ActorKind.STATE, ActorKind.GOVERNMENT) for a in actors)


def target_group_from_affiliation(b: ClaimBuilder, out: ArticleExtraction) -> None:
    """When the model named no target group: the group the actors answer says a target belongs to
    ("Tavi Oss", affiliation "Blue Coast Front"), where the article writes it, else the group the
    article names with the target and a role ("Blue Coast Front commander Tavi Oss"); never a
    country or government (a person's affiliation is often a nationality)."""
    if out.event.target_group is not None:
        return
    where = [c.value for c in (out.event.location.city, out.event.location.country) if c is not None]
    for target in out.event.targets:
        key = parse_name(target.value).key
        for actor in out.actors:
            names = {parse_name(n).key for n in (actor.name, *actor.aliases)}
            if key in names and actor.affiliation and not _is_state(actor.affiliation, out.actors) \
                    and not not_a_target(actor.affiliation, where, group=True):
                found = b.claim("event.target_group", actor.affiliation, None, verbatim=True)
                if found is not None:
                    out.event.target_group = by_rule(found, "the affiliation the actors answer gives a target")
                    return
    for group in _groups_named_with_a_role(b.text, [t.value for t in out.event.targets]):
        if not _is_state(group, out.actors) and not not_a_target(group, where, group=True):
            found = b.claim("event.target_group", group, None, verbatim=True)
            if found is not None:
                out.event.target_group = by_rule(found, "the group the article writes before a target's role and name")
                return


_NAME_WORD = r"(?:[a-z]{1,3}-)?[A-Z][\w'-]*"  # "Redland", "al-Orm"


def _groups_named_with_a_role(text: str, targets: list[str]) -> list[str]:
    """Groups written right before a role and a target's name ("Blue Coast Front commander Tavi
    Oss", "the Front's chief, Tavi Oss" is not one), most often first."""
    roles = lexicon.alternation("group_roles")
    found: list[str] = []
    for target in targets:
        for m in re.finditer(re.escape(target), text):
            g = re.search(rf"({_NAME_WORD}(?:\s+{_NAME_WORD}){{0,4}})\s+(?:{roles})\s+$", text[max(0, m.start() - 90):m.start()])
            if g:
                found.append(g.group(1))
    return [name for name, _ in Counter(found).most_common()]


def merge_targets(name: str, claims: list[list[Claim]], ctx: MergeContext) -> list[ActorRef]:
    """The confirmed targets; the unconfirmed ones go to the event's ledger. The attacker (or its
    forces) named as a target is the model reading the strike backwards: never a target."""
    attacker = attacker_names(ctx.merged.get("perpetrator"))
    country = ctx.merged["country"].value if "country" in ctx.merged else None
    texts = {x.article.id: x.article.text for x in ctx.extractions}
    named = [t for ts in claims for t in ts if not _the_attacker(t.value, attacker)
             and not _in_another_country(t, texts.get(t.evidence.article_id, ""), country)]
    confirmed, ctx.ledgers["unconfirmed_targets"] = _merge_targets(named, ctx.entity_key, ctx.resolver, ctx.actor_ids)
    return confirmed


def _the_attacker(name: str, attacker: list[str]) -> bool:
    """The name is the attacker's, or its forces' in any language the lexicon knows ("las Fuerzas Armadas
    de Orm", "Orm's army"): without the words of an institution, articles and prepositions, what is left
    names the attacker."""
    if on_the_side_of(attacker, [name]):
        return True
    core = _core(name)
    return bool(core) and any((side := _core(a)) and entity_names(core, side) for a in attacker)


def _in_another_country(target: Claim, text: str, country: str | None) -> bool:
    """The target's sentence puts it in other countries only ("drones on three bases in Orm" in a story
    of a strike in Redland): another attack's target."""
    code = country_code(country) if country else None
    if code is None or not text:
        return False
    sentence = sentence_of(text, target.evidence).quote
    written = {country_code(p) for p in places_written(sentence)} - {None}
    return bool(written) and code not in written


def _core(name: str) -> str:
    bare = lexicon.pattern("institutions").sub(" ", lexicon.fold(name))
    return " ".join(w for w in re.findall(r"[^\W\d_][\w-]*", bare)
                    if not any(lexicon.says(k, w) for k in ("leading_articles", "prepositions", "name_particles")))


def _merge_targets(claims: list[Claim], key: Callable[[str], Hashable], resolver: Resolver,
                   actor_ids: dict[Entity, str]) -> tuple[list[ActorRef], list[ActorRef]]:
    """The targets, one per actor or name, and apart from them the unconfirmed ones: when some
    target is named by two articles or more, one that a single article names is listed as
    unconfirmed, not shown as fact (a background figure, another place hit, a weapon). A name that
    only shortens another ("Orm" of "Orm Children's Hospital") is that target."""
    groups: dict[Hashable, list[Claim]] = {}
    for claim in claims:
        groups.setdefault(key(claim.value), []).append(claim)
    names = {k: resolver.find(g[0].value).name if resolver.find(g[0].value) else g[0].value for k, g in groups.items()}
    for k in list(groups):
        longer = [j for j in groups if j != k and _shortens(names[k], names[j])]
        if len(longer) == 1:
            groups[longer[0]].extend(groups.pop(k))
    for k in [k for k in groups if not is_name(names[k])]:
        head = _head_noun(names[k])
        named = [j for j in groups if j != k and is_name(names[j]) and head
                 and any(head in _nouns(c.evidence.quote) for c in groups[j])]
        if len(named) == 1:  # "a base near the border" of "a base known as Post 7": the same target
            groups[named[0]].extend(groups.pop(k))
    refs = []
    for group in groups.values():
        entity = resolver.find(group[0].value)
        sources = source_articles(group)
        refs.append(ActorRef(
            actor_id=actor_ids.get(entity) if entity else None, name=entity.name if entity else group[0].value,
            status=fact_status(sources),
            sources=sources, claims=group))
    refs.sort(key=lambda r: -independent_sources(r.sources))
    confirmed = [r for r in refs if independent_sources(r.sources) >= 2]
    if not confirmed:
        return refs, []
    return confirmed, [r for r in refs if r not in confirmed]


def _nouns(text: str) -> list[str]:
    """The text's words, folded, a plural's "s" dropped ("bases" is "base")."""
    return [w.removesuffix("s") for w in re.findall(r"[^\W\d_][\w'-]*", lexicon.fold(text))]


def _head_noun(description: str) -> str | None:
    """The noun a description names its thing by: its last word before a preposition ("small
    logistics base in Orm" -> "base")."""
    words = _nouns(description)
    cut = next((i for i, w in enumerate(words) if lexicon.says("prepositions", w)), len(words))
    return words[cut - 1] if cut else None


def _shortens(short: str, name: str) -> bool:
    """`short` is the leading words of the proper name `name`: "Orm" of "Orm Children's Hospital"."""
    a, b = short.casefold().split(), name.casefold().split()
    return short[:1].isupper() and 0 < len(a) < len(b) and b[:len(a)] == a


_GROUPS = {ActorKind.MILITIA, ActorKind.ARMED_GROUP}
_ARMED = {*_GROUPS, ActorKind.MILITARY}
CIVILIANS_RULE = ("no article names the target group, no target is an armed side, and the articles say civilians "
                  "were harmed: civilians (as ACLED codes such a strike)")


def target_group_from_targets(event: BriefingEvent, actors: list[BriefingActor]) -> None:
    """When no article names the target group by an actor's name (none, or a description such as
    "a coastal militia" that no article lists among its actors), and a target is itself an armed side (an
    armed group or militia; else an army, also among one article's targets: "three Redland army members"),
    that side is the target group; with none, civilians harmed make the civilians the target group."""
    group = event.target_group
    kinds = {a.id: a.kind for a in actors}
    if group.value is not None and (kinds.get(event.target_group_actor) is not None
                                    or group.status is FactStatus.CONTESTED):
        return
    target = next((t for t in event.targets if t.actor_id and kinds.get(t.actor_id) in _GROUPS), None) or \
        next((t for t in [*event.targets, *event.unconfirmed_targets] if t.actor_id and kinds.get(t.actor_id) in _ARMED), None)
    if target is None:
        _civilians_as_the_target_group(event)
        return
    event.target_group = Fact[str](
        value=target.name, status=fact_status(target.sources),
        rule=GROUP_RULE, sources=target.sources, claims=[*target.claims, *group.claims])
    event.target_group_actor = target.actor_id


def _civilians_as_the_target_group(event: BriefingEvent) -> None:
    """No target group named, no target an armed side (the caller's first choice), and civilians harmed by
    what the articles say: the strike's target group is the civilians, resting on those sentences."""
    harm = event.civilian_harm
    if event.target_group.value is not None or event.target_group.status is FactStatus.CONTESTED \
            or harm.value is not CivilianHarm.HARMED:
        return
    said = [c for c in harm.claims if c.value is CivilianHarm.HARMED]
    event.target_group = Fact[str](value="civilians", status=harm.status, rule=CIVILIANS_RULE, sources=harm.sources,
                                   claims=[Claim[str](value="civilians", evidence=c.evidence) for c in said])
